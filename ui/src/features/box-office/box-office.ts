// Billetterie: sell tickets for a session at the box office and print them (T4);
// each booking shows "Scanné" beside "Quantité" (T3), with its invoice (B3: issued
// once, asked first), cancel (asks once; an invoiced booking gets a credit note) and
// amend (T1: an in-app dialog; the old and new bookings name each other, and the new
// codes are offered for printing since the old PDF is void). F2 sells, Ctrl+P prints
// the last sale. With no session yet it says what to do instead of failing.
import { api, type IssuedView, type SessionView, type TicketBookingView, type TicketProductView } from "../../ipc";
import { h, notice } from "../../dom";
import { check, countField, countValue, text, textField } from "../../fields";
import { invoicePdfDialog, pdfDialog } from "../../print-dialog";
import { confirmDialog, formDialog } from "../../dialog";
import { dateTime, money } from "../../format";
import { plural, t } from "../../i18n";
import { sessionWhen } from "../festival/festival";
import { persistDraft } from "../../drafts";

/** The number printed on tickets: the last 8 hex digits of the booking's id. */
export function reference(booking: string): string {
  return booking.replace(/-/g, "").slice(-8).toUpperCase();
}

/** "Festival — 14/07/2026 à 20:30 — 12 places restantes" */
export function sessionLabel(s: SessionView): string {
  const left = Math.max(0, s.capacity - s.sold);
  return `${s.event} — ${sessionWhen(s)} — ${left === 0 ? t("box.full") : plural(left, "box.seatLeft", "box.seatsLeft")}`;
}

/** "Plein tarif — 25,00 € (Concerts · Jazz en Vallon)" */
function productLabel(p: TicketProductView): string {
  const group = [p.theme, p.organizer].filter(Boolean).join(" · ");
  return `${p.name} — ${money(p.price)}${group ? ` (${group})` : ""}`;
}

/**
 * Asks where the tickets go — a printer (CUPS) or a PDF file the user names — and
 * sends them; resolves with the sentence to show, or null when the person went back.
 */
export async function printDialog(booking: string, count: number): Promise<string | null> {
  return pdfDialog({
    title: plural(count, "print.titleOne", "print.titleMany"), suggested: await api.suggestedTicketFile(booking),
    send: (to) => api.printTickets(booking, to),
    done: (to, path) => to.printer ? plural(count, "print.sentOne", "print.sentMany", { printer: to.printer }) : t("print.saved", { path }),
  });
}

export function boxOfficeScreen(root: HTMLElement, onChange: () => void, goTo: (screen: "festival") => void): () => void {
  const message = h("div", { class: "messages" });
  const say = (kind: "ok" | "error", text: string, ...extra: HTMLElement[]) =>
    message.replaceChildren(h("div", { class: "notice-row" }, notice(kind, text), ...extra));
  const sessionSelect = h("select", { name: "session", "data-label": t("box.session") });
  const productSelect = h("select", { name: "product", "data-label": t("box.product") });
  const bookings = h("table", { class: "ticket-bookings" });
  const seatsLeft = h("small", { class: "seats-left" });
  let sessions: SessionView[] = [];
  let products: TicketProductView[] = [];
  let lastSale: { booking: string; count: number } | null = null;

  const form = h("form", { class: "sale-form", novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void sell(); } },
    h("label", { class: "required" }, h("span", { class: "field-name" }, t("box.session")), sessionSelect, seatsLeft),
    h("label", { class: "required" }, h("span", { class: "field-name" }, t("box.product")), productSelect),
    countField({ name: "quantity", label: t("box.quantity"), value: "1", required: true }),
    textField({ name: "holder", label: t("box.holder"), value: t("box.defaultHolder"), required: true }),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary", "data-action": "sell" }, t("box.sell"))));

  const printButton = (booking: string, count: number, label = t("box.printShortcut")) =>
    h("button", { "data-action": "print", onclick: () => void print(booking, count) }, label);

  const draft = persistDraft(form, "box-office.sale");
  async function sell(): Promise<void> {
    if (!sessionSelect.value || !productSelect.value) return;
    const left = sessions.find((s) => s.id === sessionSelect.value);
    const read = check(form, () => ({
      quantity: countValue(form, "quantity", { min: 1, max: 1000 }) ?? 1, holder: text(form, "holder") }));
    if (!read.ok) return say("error", read.message);
    try {
      const issued = await api.issueTickets(sessionSelect.value, productSelect.value, read.value.quantity, read.value.holder);
      draft.clear();
      lastSale = { booking: issued.booking, count: issued.codes.length };
      say("ok", plural(issued.codes.length, "box.soldOne", "box.soldMany", { total: money(issued.total) }),
        printButton(issued.booking, issued.codes.length));
      await refresh();
      onChange();
    } catch (error) {
      say("error", (error as Error).message);
      if (left) await refresh();
    }
  }

  async function print(booking: string, count: number): Promise<void> {
    try {
      const done = await printDialog(booking, count);
      if (done) say("ok", done);
    } catch (error) { say("error", (error as Error).message); }
  }

  async function cancel(b: TicketBookingView): Promise<void> {
    const tickets = plural(b.quantity, "box.ticketOne", "box.ticketMany");
    const yes = await confirmDialog({ title: t("box.cancelTitle", { holder: b.holder, ref: reference(b.id) }),
      text: t("box.cancelText", { tickets }), confirm: t("box.cancelConfirm"), danger: true });
    if (!yes) return;
    try {
      const cancelled = await api.cancelTickets(b.id);
      say("ok", plural(cancelled.quantity, "box.revokedOne", "box.revokedMany"));
      await refresh();
      onChange();
    } catch (error) { say("error", (error as Error).message); }
  }

  async function amend(b: TicketBookingView): Promise<void> {
    const current = sessions.find((s) => s.id === b.session);
    const sameEvent = sessions.filter((s) => s.event_id === current?.event_id && (s.active || s.id === b.session));
    const issued = await formDialog<{ quantity: number; session: string }, IssuedView>({
      title: t("box.amendTitle", { holder: b.holder, ref: reference(b.id) }), confirm: t("box.amendConfirm"),
      intro: b.scanned > 0 ? t("box.amendIntro", { scanned: b.scanned }) : t("box.amendNoneScanned"),
      fields: [countField({ name: "quantity", label: t("box.quantity"), value: String(b.quantity), required: true }),
        h("label", {}, h("span", { class: "field-name" }, t("box.session")),
          h("select", { name: "session", "data-label": t("box.session") },
            ...sameEvent.map((s) => h("option", { value: s.id, selected: s.id === b.session }, sessionLabel(s)))))],
      read: (f) => ({ quantity: countValue(f, "quantity", { min: Math.max(1, b.scanned), max: 1000 }) ?? b.quantity,
        session: text(f, "session") }),
      submit: (v) => api.amendTickets(b.id, v.quantity, v.session === b.session ? null : v.session),
    });
    if (!issued) return;
    lastSale = { booking: issued.booking, count: issued.codes.length };
    say("ok", t("box.amended", { tickets: plural(issued.codes.length, "box.ticketOne", "box.ticketMany"),
      ref: reference(issued.booking), old: reference(b.id) }),
    printButton(issued.booking, issued.codes.length, t("box.printNew")));
    await refresh();
    onChange();
  }

  /**
   * B3: the booking's invoice, issued once (asked first: its number is final and the
   * booking can then only be cancelled by a credit note), then saved or printed.
   */
  async function invoice(b: TicketBookingView): Promise<void> {
    try {
      const docs = await api.invoices(b.id);
      let live = docs.find((d) => d.kind === "invoice" && !docs.some((c) => c.cites === d.number));
      if (!live) {
        const yes = await confirmDialog({ title: t("box.invoiceTitle", { holder: b.holder, ref: reference(b.id) }),
          text: t("box.invoiceText", { total: money(b.total) }), confirm: t("box.invoiceConfirm") });
        if (!yes) return;
        live = await api.issueInvoice(b.id);
        say("ok", t("box.invoiced", { number: live.number }));
      }
      const done = await invoicePdfDialog(live);
      if (done) say("ok", done);
    } catch (error) { say("error", (error as Error).message); }
  }

  /** T3's processing view: each ticket, controlled (when, where) or not yet. */
  function details(b: TicketBookingView): HTMLElement {
    return h("tr", { class: "details", hidden: true, "data-details": b.id }, h("td", { colspan: 7 },
      h("ul", {}, ...b.tickets.map((ticket) => h("li", { class: ticket.scanned_at ? "controlled" : "" },
        `${t("box.ticket", { n: ticket.number, of: b.quantity })} · ${ticket.code} · `,
        ticket.scanned_at
          ? t("box.controlled", { at: dateTime(ticket.scanned_at), on: ticket.scanned_on ?? "" })
          : t("box.notControlled"))))));
  }

  function row(b: TicketBookingView): HTMLElement[] {
    const cancelled = b.status === "cancelled";
    const toggle = () => {
      const open = bookings.querySelector<HTMLElement>(`tr[data-details="${b.id}"]`);
      if (open) open.hidden = !open.hidden;
    };
    const status = b.replaced_by ? t("box.replacedBy", { ref: reference(b.replaced_by) })
      : cancelled ? t("box.cancelled") : t("box.confirmed");
    return [h("tr", { class: cancelled ? "cancelled" : "", "data-booking": b.id },
      h("td", { class: "ref" }, reference(b.id)),
      h("td", {}, h("button", { class: "link", onclick: toggle, title: t("box.showTickets") }, b.holder),
        b.replaces ? h("small", { class: "link-note" }, t("box.replaces", { ref: reference(b.replaces) })) : null),
      h("td", { class: "num" }, String(b.quantity)), h("td", { class: "num" }, String(b.scanned)),
      h("td", { class: "num" }, money(b.total)), h("td", { class: "status" }, status),
      h("td", { class: "row-actions" }, cancelled ? null : printButton(b.id, b.quantity, t("box.print")),
        cancelled ? null : h("button", { "data-action": "invoice", onclick: () => void invoice(b) }, t("box.invoice")),
        cancelled ? null : h("button", { "data-action": "amend", onclick: () => void amend(b) }, t("box.amend")),
        cancelled ? null : h("button", { "data-action": "cancel", onclick: () => void cancel(b) }, t("box.cancel")))), details(b)];
  }

  async function drawBookings(): Promise<void> {
    if (!sessionSelect.value) { bookings.replaceChildren(); return; }
    const list = await api.ticketBookings(sessionSelect.value);
    bookings.replaceChildren(h("thead", {}, h("tr", {}, h("th", {}, t("box.ref")), h("th", {}, t("box.holder")),
      h("th", { class: "num" }, t("box.quantityCol")), h("th", { class: "num" }, t("box.scanned")), h("th", { class: "num" }, t("box.total")),
      h("th", {}, t("box.state")), h("th", {}, ""))),
      h("tbody", {}, ...(list.length ? list.flatMap(row) : [h("tr", {}, h("td", { colspan: 7, class: "hint" }, t("box.noBooking")))])));
  }

  function fillProducts(): void {
    const session = sessions.find((s) => s.id === sessionSelect.value);
    seatsLeft.textContent = session ? t("box.left", { left: Math.max(0, session.capacity - session.sold), of: session.capacity }) : "";
    const chosen = productSelect.value;
    productSelect.replaceChildren(...products.filter((p) => p.active && p.event === session?.event_id)
      .map((p) => h("option", { value: p.id, selected: p.id === chosen }, productLabel(p))));
  }

  async function refresh(): Promise<void> {
    [sessions, products] = await Promise.all([api.sessions(), api.ticketProducts(null)]);
    const sellable = sessions.filter((s) => s.active);
    const chosen = sessionSelect.value;
    sessionSelect.replaceChildren(...sellable.map((s) => h("option", { value: s.id, selected: s.id === chosen }, sessionLabel(s))));
    fillProducts();
    const missing = sellable.length === 0 ? "box.needSession" : productSelect.options.length === 0 ? "box.needProduct" : null;
    empty.hidden = missing === null;
    layout.hidden = sellable.length === 0;
    form.querySelectorAll("button[type=submit]").forEach((b) => { (b as HTMLButtonElement).disabled = missing !== null; });
    if (missing) emptyText.textContent = t(missing);
    await drawBookings();
  }

  const emptyText = h("p", {});
  const empty = h("div", { class: "empty-state", hidden: true }, emptyText,
    h("button", { class: "primary", "data-action": "go-festival", onclick: () => goTo("festival") }, t("box.goFestival")));
  const layout = h("div", { class: "box-layout" }, form, h("div", { class: "bookings-scroll" }, bookings));
  const keys = (event: KeyboardEvent) => {
    if (document.querySelector(".dialog")) return;
    if (event.key === "F2") { event.preventDefault(); void sell(); }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "p") {
      event.preventDefault();
      if (lastSale) void print(lastSale.booking, lastSale.count);
      else say("error", t("box.nothingToPrint"));
    }
  };
  document.addEventListener("keydown", keys);
  root.replaceChildren(h("h2", {}, t("nav.boxOffice")), h("p", { class: "hint" }, t("box.keys")), message, empty, layout);
  sessionSelect.addEventListener("change", () => { fillProducts(); void drawBookings(); });
  void refresh().catch((error) => say("error", (error as Error).message));
  return () => document.removeEventListener("keydown", keys);
}
