// Billetterie: sell tickets for a session at the box office and print them (T4);
// each booking shows "Scanné" beside "Quantité" (T3), with cancel and amend (T1).
import { api, type SessionView, type TicketBookingView } from "../../ipc";
import { field, h, notice } from "../../dom";
import { dateTime, money } from "../../format";
import { t } from "../../i18n";
import { persistDraft } from "../../drafts";

export function boxOfficeScreen(root: HTMLElement, onChange: () => void): () => void {
  const message = h("div", { class: "messages" });
  const sessionSelect = h("select", { name: "session" });
  const productSelect = h("select", { name: "product" });
  const bookings = h("table", { class: "ticket-bookings" });
  let sessions: SessionView[] = [];

  const form = h("form", { class: "sale-form", onsubmit: (e: Event) => { e.preventDefault(); void sell(); } },
    h("label", {}, t("box.session"), sessionSelect),
    h("label", {}, t("box.product"), productSelect),
    h("label", {}, t("box.quantity"), h("input", { name: "quantity", type: "number", min: 1, value: 1, required: true })),
    h("label", {}, t("box.holder"), h("input", { name: "holder", value: t("box.defaultHolder"), required: true })),
    h("button", { type: "submit", class: "primary", "data-action": "sell" }, t("box.sell")));

  const draft = persistDraft(form, "box-office.sale");
  async function sell(): Promise<void> {
    try {
      const issued = await api.issueTickets(sessionSelect.value, productSelect.value || null,
        Number(field(form, "quantity")), field(form, "holder"));
      draft.clear();
      message.replaceChildren(notice("ok", t("box.sold", { n: issued.codes.length, total: money(issued.total) })),
        h("button", { "data-action": "print", onclick: () => void print(issued.booking) }, t("box.print")));
      await draw();
      onChange();
    } catch (error) { message.replaceChildren(notice("error", (error as Error).message)); }
  }

  async function print(booking: string): Promise<void> {
    try { message.replaceChildren(notice("ok", t("box.printed", { path: await api.printTickets(booking) }))); }
    catch (error) { message.replaceChildren(notice("error", (error as Error).message)); }
  }

  async function act(action: Promise<unknown>): Promise<void> {
    try { await action; await draw(); onChange(); } catch (error) { message.replaceChildren(notice("error", (error as Error).message)); }
  }

  /** T3's processing view: each ticket, controlled (when, where) or not yet. */
  function details(b: TicketBookingView): HTMLElement {
    return h("tr", { class: "details", hidden: true, "data-details": b.id }, h("td", { colspan: 6 },
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
    return [h("tr", { class: cancelled ? "cancelled" : "", "data-booking": b.id },
      h("td", {}, h("button", { class: "link", onclick: toggle, title: t("box.showTickets") }, b.holder)), h("td", { class: "num" }, String(b.quantity)), h("td", { class: "num" }, String(b.scanned)),
      h("td", { class: "num" }, money(b.total)), h("td", {}, cancelled ? t("box.cancelled") : t("box.confirmed")),
      h("td", {}, cancelled ? null : h("button", { onclick: () => void print(b.id) }, t("box.print")),
        cancelled ? null : h("button", { onclick: () => void act(api.cancelTickets(b.id)) }, t("box.cancel")),
        cancelled ? null : h("button", { onclick: () => {
          const quantity = Number(window.prompt(t("box.amendPrompt"), String(b.quantity)));
          if (quantity > 0) void act(api.amendTickets(b.id, quantity));
        } }, t("box.amend")))), details(b)];
  }

  async function draw(): Promise<void> {
    const list = await api.ticketBookings(sessionSelect.value);
    bookings.replaceChildren(h("thead", {}, h("tr", {}, h("th", {}, t("box.holder")), h("th", {}, t("box.quantityCol")),
      h("th", {}, t("box.scanned")), h("th", {}, t("box.total")), h("th", {}, ""), h("th", {}, ""))),
      h("tbody", {}, ...list.flatMap(row)));
  }

  const keys = (event: KeyboardEvent) => { if (event.key === "F2") { event.preventDefault(); void sell(); } };
  document.addEventListener("keydown", keys);
  root.replaceChildren(h("h2", {}, t("nav.boxOffice")), message, h("div", { class: "box-layout" }, form, bookings));
  sessionSelect.addEventListener("change", () => void draw());
  void Promise.all([api.sessions(), api.ticketProducts(null)]).then(async ([s, products]) => {
    sessions = s;
    sessionSelect.replaceChildren(...sessions.map((x) => h("option", { value: x.id },
      `${x.event} — ${dateTime(x.starts_at)} (${x.sold}/${x.capacity})`)));
    productSelect.replaceChildren(...products.map((p) => h("option", { value: p.id }, `${p.theme} · ${p.organizer} · ${p.name} — ${money(p.price)}`)));
    if (sessions.length > 0) await draw();
  }).catch((error) => message.replaceChildren(notice("error", (error as Error).message)));
  return () => document.removeEventListener("keydown", keys);
}
