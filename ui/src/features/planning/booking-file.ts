// The booking file (dossier): the guest and the party, the stay and its price, what
// was paid and what remains due, its history; record a payment, edit, move to other
// dates or another unit (one operation, applied whole), cancel (asked once).
import { api, type BookingFileView, type HistoryView, type InvoiceView, type UnitView } from "../../ipc";
import { invoicePdfDialog } from "../../print-dialog";
import { h, notice } from "../../dom";
import { ask, dialogFields, formDialog } from "../../dialog";
import { amountField, amountValue, check, countField, countValue, dateField, dateValue, emailValue, phoneValue, text, textField } from "../../fields";
import { addDays, date, dateTime, money, today } from "../../format";
import { plural, t } from "../../i18n";
import { pastConfirmed } from "./stay-panel";

/** The name an anonymised guest keeps (the app's). */
const ANONYMOUS = "Client anonymisé";

export const METHODS = ["cash", "card", "cheque", "transfer", "ancv_paper", "ancv_connect"] as const;

interface Hooks { onDone: () => Promise<void>; onClose: () => void }

let closeCurrent: (() => void) | null = null;

/** Closes the open booking file, if any. */
export function closeBookingFile(): void { closeCurrent?.(); }

/** Words a history line. */
function historyLine(line: HistoryView, units: UnitView[]): string {
  const d = line.detail as Record<string, any>;
  const unitName = (id: string) => units.find((u) => u.id === id)?.name ?? "?";
  switch (line.kind) {
    case "made": return t("file.h.made", { from: date(d.start), nights: plural(d.nights, "nights.one", "nights.many"), total: money(d.total) });
    case "moved": return d.from
      ? t("file.h.moved", { from: date(d.from.start), to: date(d.to?.start ?? d.from.start), unit: unitName(d.to?.unit ?? d.from.unit),
        nights: plural(d.to?.nights ?? d.from.nights, "nights.one", "nights.many") })
      : t("file.h.placed");
    case "move_refused": return t("file.h.moveRefused", { from: date(d.back_to?.start ?? "") });
    case "paid": return t(d.amount.startsWith("-") ? "file.h.refunded" : "file.h.paid",
      { amount: money(d.amount.replace("-", "")), method: t(`method.${d.method}` as "method.cash"), on: date(d.paid_on) });
    case "edited": return t("file.h.edited");
    case "cancelled": return t("file.h.cancelled");
    case "invoice": return t("file.h.invoice", { number: d.number, total: money(d.total) });
    case "credit_note": return t("file.h.creditNote", { number: d.number, cites: d.cites ?? "" });
    default: return line.kind;
  }
}

/** The dialog that moves a booking: unit, arrival, nights, price (empty: the tariffs'). */
export async function moveDialog(file: BookingFileView, units: UnitView[], move: (unit: string, from: string, nights: number, price: string | null) => Promise<void>): Promise<boolean> {
  const b = file.booking;
  const quote = h("p", { class: "move-quote" });
  const unitSelect = h("select", { name: "unit", "data-label": t("file.unit") },
    ...units.filter((u) => u.active || u.id === b.unit).map((u) => h("option", { value: u.id, selected: u.id === b.unit },
      `${u.name} (${t("units.people", { n: u.capacity })})`)));
  const form = h("div", { class: "move-form" },
    h("label", {}, h("span", { class: "field-name" }, t("file.unit")), unitSelect),
    dateField({ name: "from", label: t("file.arrival"), value: b.start, required: true }),
    countField({ name: "nights", label: t("file.nights"), value: String(b.nights), required: true }),
    amountField({ name: "price", label: t("file.agreedPrice"), placeholder: t("file.tariffPrice") }),
    quote);
  const holder = dialogFields(form);
  const read = () => check(holder, () => ({
    unit: unitSelect.value,
    from: dateValue(holder, "from"),
    nights: countValue(holder, "nights", { min: 1, max: 1096 })!,
    price: amountValue(holder, "price", { required: false }),
  }));
  const requote = async () => {
    const r = read();
    if (!r.ok) { quote.textContent = ""; return; }
    try {
      const q = await api.quote({ unit: r.value.unit, from: r.value.from, nights: r.value.nights });
      quote.textContent = q.available && q.total ? t("file.moveQuote", { total: money(q.total) })
        : `${t("stay.unavailable")} : ${q.reason ?? ""}`;
    } catch (error) { quote.textContent = (error as Error).message; }
  };
  let pending = 0;
  const later = () => { window.clearTimeout(pending); pending = window.setTimeout(() => void requote(), 250); };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  void requote();
  return ask({
    title: t("file.moveTitle", { guest: b.guest }), text: t("file.moveText"), confirm: t("file.move"), body: holder,
    check: async () => {
      const r = read();
      if (!r.ok) return r.message;
      // Moving into the past is allowed (a correction) but asked about.
      if (!(await pastConfirmed(r.value.from))) return t("stay.pastCancelled");
      try { await move(r.value.unit, r.value.from, r.value.nights, r.value.price); return null; }
      catch (error) { return (error as Error).message; }
    },
  });
}

/** An invoice that no credit note cites yet (the one a cancellation credits). */
function liveInvoice(docs: InvoiceView[]): boolean {
  const cited = new Set(docs.map((d) => d.cites).filter(Boolean));
  return docs.some((d) => d.kind === "invoice" && !cited.has(d.number));
}

/** Opens the file of booking `id` in `panel`. */
export function openBookingFile(panel: HTMLElement, id: string, hooks: Hooks): void {
  closeCurrent?.();
  const message = h("div", { class: "messages" });
  const body = h("div", { class: "panel-body" });
  let units: UnitView[] = [];
  const close = () => {
    document.removeEventListener("keydown", keys);
    panel.hidden = true;
    panel.replaceChildren();
    closeCurrent = null;
    hooks.onClose();
  };
  const fail = (error: unknown) => message.replaceChildren(notice("error", (error as Error).message));
  const keys = (event: KeyboardEvent) => { if (event.key === "Escape" && !document.querySelector(".dialog")) close(); };
  document.addEventListener("keydown", keys);
  closeCurrent = close;
  panel.hidden = false;
  panel.replaceChildren(h("header", {}, h("h3", {}, t("file.title")),
    h("button", { class: "close", onclick: close, title: t("stay.close") }, "×")), message, body);

  async function load(note?: string): Promise<void> {
    try {
      [units, invoices] = await Promise.all([api.units("back_office"), api.invoices(id)]);
      render(await api.bookingFile(id));
      message.replaceChildren(...(note ? [notice("ok", note)] : []));
    } catch (error) { fail(error); }
  }

  let invoices: InvoiceView[] = [];

  /** The documents part (B1, B3): its invoices and credit notes, each saved as a PDF;
   *  « Émettre la facture » while none is live. */
  function documents(file: BookingFileView, docs: InvoiceView[]): HTMLElement {
    const live = liveInvoice(docs);
    const cancelled = file.booking.status === "cancelled";
    return h("section", { class: "documents", "data-part": "documents" },
      h("h4", {}, t("file.documents")),
      docs.length === 0 ? h("p", { class: "hint" }, t("file.noDocument")) : h("table", { class: "list" },
        h("tbody", {}, ...docs.map((d) => h("tr", { "data-invoice": d.number },
          h("td", {}, t(d.kind === "credit_note" ? "invoice.creditNote" : "invoice.invoice")),
          h("td", {}, d.number),
          h("td", {}, date(d.issued_on)),
          h("td", { class: "num" }, money(d.total)),
          h("td", {}, h("button", { "data-action": "invoice-pdf", onclick: () => void savePdf(d) }, t("invoice.savePdf"))))))),
      live || cancelled ? null : h("button", { "data-action": "issue-invoice", onclick: () => void issueInvoice(file) }, t("file.issueInvoice")));
  }

  async function issueInvoice(file: BookingFileView): Promise<void> {
    const sure = await ask({
      title: t("file.issueTitle"), confirm: t("file.issueGo"),
      text: t("file.issueText", { guest: file.booking.guest, total: money(file.booking.total) }),
    });
    if (!sure) return;
    try {
      const issued = await api.issueInvoice(id);
      await load(t("file.issued", { number: issued.number }));
      await hooks.onDone();
    } catch (error) { fail(error); }
  }

  async function savePdf(d: InvoiceView): Promise<void> {
    try {
      const done = await invoicePdfDialog(d);
      if (done) message.replaceChildren(notice("ok", done));
    } catch (error) { fail(error); }
  }

  function render(file: BookingFileView): void {
    const b = file.booking;
    const cancelled = b.status === "cancelled";
    const state = file.rejected_by ? t("file.rejected") : t(cancelled ? "file.cancelled" : "file.confirmed");
    const party = file.adults === null ? t("file.noParty")
      : `${plural(file.adults, "file.adults.one", "file.adults.many")}, ${plural(file.children ?? 0, "file.children.one", "file.children.many")}`;
    const payForm = h("form", { class: "pay-form", novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void pay(payForm); } },
      h("h4", {}, t("file.recordPayment")),
      amountField({ name: "amount", label: t("file.amount"), required: true, value: file.balance !== "0.00" && !cancelled ? file.balance.replace(".", ",") : "" }),
      h("label", {}, h("span", { class: "field-name" }, t("file.method")),
        h("select", { name: "method" }, ...METHODS.map((m) => h("option", { value: m }, t(`method.${m}`))))),
      dateField({ name: "paid_on", label: t("file.paidOn"), value: today(), required: true }),
      h("p", { class: "hint" }, t("file.refundHint")),
      h("button", { type: "submit", class: "primary", "data-action": "pay" }, t("file.pay")));
    body.replaceChildren(
      h("dl", { class: "file" },
        h("dt", {}, t("file.number")), h("dd", { "data-field": "number" }, file.number),
        h("dt", {}, t("file.customer")), h("dd", { "data-field": "guest" },
          [file.customer.title, file.customer.first_name, file.customer.last_name].filter(Boolean).join(" ") || b.guest),
        h("dt", {}, t("file.address")), h("dd", { "data-field": "address", class: "address" }, file.customer.address || "—"),
        h("dt", {}, t("file.contact")), h("dd", {}, [b.email, b.phone].filter(Boolean).join(" · ") || "—"),
        h("dt", {}, t("file.party")), h("dd", { "data-field": "party" }, party, " ", h("small", {}, t("file.capacity", { n: file.capacity }))),
        h("dt", {}, t("file.stay")), h("dd", { "data-field": "stay" }, `${file.unit_name} · ${t("stay.title", { from: date(b.start), to: date(b.end), nights: plural(b.nights, "nights.one", "nights.many") })}`),
        h("dt", {}, t("file.price")), h("dd", {}, money(b.total)),
        h("dt", {}, t("file.state")), h("dd", { "data-field": "state", class: cancelled ? "bad" : "good" }, state),
        h("dt", {}, t("file.paid")), h("dd", { "data-field": "paid" }, money(file.paid)),
        h("dt", {}, t("file.balance")), h("dd", { "data-field": "balance", class: file.balance === "0.00" ? "good" : "due" }, money(file.balance))),
      h("ul", { class: "payments", hidden: file.payments.length === 0 }, ...file.payments.map((p) =>
        h("li", {}, `${date(p.paid_on)} · ${money(p.amount)} · ${t(`method.${p.method}` as "method.cash")}`))),
      h("div", { class: "actions" },
        cancelled && !file.rejected_by ? null : h("button", { "data-action": "move", onclick: () => void move(file) }, file.rejected_by ? t("file.placeAgain") : t("file.move")),
        cancelled ? null : h("button", { "data-action": "edit", onclick: () => void edit(file) }, t("file.edit")),
        h("button", { "data-action": "contract", onclick: () => void contract() }, t("file.contract")),
        cancelled ? null : h("button", { class: "danger", "data-action": "cancel", onclick: () => void cancel(file) }, t("file.cancel")),
        b.guest === ANONYMOUS ? null : h("button", { class: "danger", "data-action": "anonymise", onclick: () => void anonymise(file) }, t("file.anonymise"))),
      documents(file, invoices),
      payForm,
      h("details", { class: "history" }, h("summary", {}, t("file.history")),
        h("ul", {}, ...file.history.map((line) => h("li", {}, `${dateTime(line.at)} — ${historyLine(line, units)}`)))));
  }

  async function pay(form: HTMLFormElement): Promise<void> {
    const r = check(form, () => ({
      amount: amountValue(form, "amount", { negative: true })!,
      method: (form.elements.namedItem("method") as HTMLSelectElement).value,
      paidOn: dateValue(form, "paid_on"),
    }));
    if (!r.ok) { message.replaceChildren(notice("error", r.message)); return; }
    try {
      const file = await api.recordPayment(id, r.value.amount, r.value.method, r.value.paidOn);
      render(file);
      message.replaceChildren(notice("ok", t(r.value.amount.startsWith("-") ? "file.refunded" : "file.paidOk", { amount: money(r.value.amount.replace("-", "")), balance: money(file.balance) })));
      await hooks.onDone();
    } catch (error) { fail(error); }
  }

  async function contract(): Promise<void> {
    try {
      const saved = await formDialog({
        title: t("file.contractTitle"), confirm: t("file.contractSave"),
        fields: [textField({ name: "file", label: t("print.file"), value: await api.suggestedContractFile(id), max: 1000, class: "wide" })],
        read: (form) => text(form, "file", { max: 1000 }),
        submit: (file) => api.saveContract(id, file),
      });
      if (saved) message.replaceChildren(notice("ok", t("file.contractSaved", { path: saved })));
    } catch (error) { fail(error); }
  }

  async function edit(file: BookingFileView): Promise<void> {
    const b = file.booking;
    const c = file.customer;
    const address = h("textarea", { name: "address", "data-label": t("file.addressLabel"), rows: 3, maxlength: 500 }) as HTMLTextAreaElement;
    address.value = c.address;
    const form = dialogFields(
      textField({ name: "title", label: t("file.titleLabel"), value: c.title, max: 40 }),
      textField({ name: "first_name", label: t("file.firstName"), value: c.first_name, max: 200 }),
      textField({ name: "last_name", label: t("file.lastName"), value: c.last_name, max: 200 }),
      h("label", {}, h("span", { class: "field-name" }, t("file.addressLabel")), address),
      textField({ name: "email", label: t("stay.email"), value: b.email ?? "", max: 254 }),
      textField({ name: "phone", label: t("stay.phone"), value: b.phone ?? "", max: 30 }),
      countField({ name: "adults", label: t("file.adultsLabel"), value: String(file.adults ?? 1), required: true }),
      countField({ name: "children", label: t("file.childrenLabel"), value: String(file.children ?? 0), required: true }));
    const ok = await ask({
      title: t("file.editTitle"), text: t("file.capacity", { n: file.capacity }), confirm: t("file.save"), body: form,
      check: async () => {
        const r = check(form, () => ({
          title: text(form, "title", { required: false, max: 40 }),
          first: text(form, "first_name", { required: false }), last: text(form, "last_name", { required: false }),
          address: address.value.trim().slice(0, 500),
          email: emailValue(form, "email"), phone: phoneValue(form, "phone"),
          adults: countValue(form, "adults", { min: 1, max: 10000 })!, children: countValue(form, "children", { min: 0, max: 10000 })!,
        }));
        if (!r.ok) return r.message;
        if (!r.value.first && !r.value.last) return t("file.nameNeeded");
        if (!r.value.email && !r.value.phone) return t("stay.contactNeeded");
        const name = [r.value.first, r.value.last].filter(Boolean).join(" ");
        try {
          await api.editBooking(id, { name, email: r.value.email, phone: r.value.phone }, { adults: r.value.adults, children: r.value.children },
            { title: r.value.title, first_name: r.value.first, last_name: r.value.last, address: r.value.address });
          return null;
        } catch (error) { return (error as Error).message; }
      },
    });
    if (ok) { await load(t("file.edited")); await hooks.onDone(); }
  }

  async function move(file: BookingFileView): Promise<void> {
    const moved = await moveDialog(file, units, async (unit, from, nights, price) => {
      await api.moveBooking(id, unit, from, nights, price);
    });
    if (moved) { await load(t("file.moved")); await hooks.onDone(); }
  }

  /** GDPR: the guest's name, e-mail and phone blanked everywhere, asked once. */
  async function anonymise(file: BookingFileView): Promise<void> {
    const b = file.booking;
    const sure = await ask({ title: t("file.anonymiseTitle"), danger: true, confirm: t("file.anonymiseGo"),
      text: t("file.anonymiseText", { guest: b.guest, contact: [b.email, b.phone].filter(Boolean).join(", ") || "—" }) });
    if (!sure) return;
    try {
      const done = await api.anonymiseGuest({ name: b.guest, email: b.email });
      const kept = done.kept.map((k) => t("file.anonymiseKept", { until: date(k.kept_until) })).join(" ");
      await load(`${t("file.anonymised", { n: plural(done.bookings.length, "file.bookingOne", "file.bookingMany") })} ${kept}`.trim());
      await hooks.onDone();
    } catch (error) { fail(error); }
  }

  async function cancel(file: BookingFileView): Promise<void> {
    const b = file.booking;
    const sure = await ask({
      title: t("file.cancelTitle"), danger: true, confirm: t("file.cancelGo"),
      text: t("file.cancelText", { guest: b.guest, from: date(b.start), to: date(addDays(b.start, b.nights)), paid: money(file.paid) })
        + (liveInvoice(invoices) ? ` ${t("file.cancelCredit")}` : ""),
    });
    if (!sure) return;
    try {
      await api.cancelBooking(id);
      await load(t("file.cancelledOk", { guest: b.guest }));
      await hooks.onDone();
    } catch (error) { fail(error); }
  }

  void load();
}
