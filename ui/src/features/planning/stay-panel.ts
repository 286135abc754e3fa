// The stay panel: the quote of the selected nights, the customer's details, the
// 1-hour hold with its countdown (rule P8), going to payment, and the booking.
import { api, type HoldView } from "../../ipc";
import { field, h, notice } from "../../dom";
import { addDays, countdown, date, money } from "../../format";
import { t } from "../../i18n";
import { persistDraft } from "../../drafts";

export interface Selection { unit: string; unitName: string; from: string; nights: number }

interface Hooks { onDone: () => Promise<void>; onClose: () => void }

let closeCurrent: (() => void) | null = null;

export function openStayPanel(panel: HTMLElement, selection: Selection, hooks: Hooks): void {
  closeCurrent?.();
  const stay = { unit: selection.unit, from: selection.from, nights: selection.nights };
  const message = h("div", { class: "messages" });
  const body = h("div", { class: "panel-body" });
  let hold: HoldView | null = null;
  let timer = 0;

  const fail = (error: unknown) => message.replaceChildren(notice("error", (error as Error).message));
  const close = () => {
    window.clearInterval(timer);
    document.removeEventListener("keydown", keys);
    panel.hidden = true;
    panel.replaceChildren();
    closeCurrent = null;
    hooks.onClose();
  };
  const finish = async (text: string) => {
    draft.clear();
    close();
    await hooks.onDone();
    document.querySelector(".screen-messages")?.replaceChildren(notice("ok", text));
  };

  panel.hidden = false;
  panel.replaceChildren(
    h("header", {},
      h("h3", {}, selection.unitName),
      h("p", { class: "stay-dates" }, t("stay.title", {
        from: date(selection.from), to: date(addDays(selection.from, selection.nights)), nights: selection.nights,
      })),
      h("button", { class: "close", onclick: () => { draft.clear(); close(); }, title: t("stay.close") }, "×")),
    message, body);

  const contactForm = h("form", { class: "contact", onsubmit: (e: Event) => { e.preventDefault(); void doHold(); } },
    h("h4", {}, t("stay.contact")),
    h("label", {}, t("stay.name"), h("input", { name: "name", autocomplete: "off", required: true })),
    h("label", {}, t("stay.email"), h("input", { name: "email", type: "email", autocomplete: "off" })),
    h("label", {}, t("stay.phone"), h("input", { name: "phone", type: "tel", autocomplete: "off" })),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary", "data-action": "hold" }, t("stay.hold")),
      h("button", { type: "button", "data-action": "book", onclick: () => void doBook() }, t("stay.book"))));

  const draft = persistDraft(contactForm, `stay:${stay.unit}:${stay.from}:${stay.nights}`);
  const contact = () => ({
    name: field(contactForm, "name"),
    email: field(contactForm, "email") || null,
    phone: field(contactForm, "phone") || null,
  });

  async function doHold(): Promise<void> {
    try {
      hold = await api.hold(stay, contact());
      message.replaceChildren();
      showHold();
      await hooks.onDone();
    } catch (error) { fail(error); }
  }

  async function doBook(): Promise<void> {
    try {
      const booking = await api.book(stay, contact(), null);
      await finish(t("stay.booked", { guest: booking.guest, total: money(booking.total) }));
    } catch (error) { fail(error); }
  }

  async function doPay(): Promise<void> {
    if (!hold) return;
    try { hold = await api.goToPayment(hold.id); showHold(); } catch (error) { fail(error); }
  }

  async function doConfirm(): Promise<void> {
    if (!hold) return;
    try {
      const booking = await api.bookHold(hold.id);
      await finish(t("stay.booked", { guest: booking.guest, total: money(booking.total) }));
    } catch (error) { fail(error); }
  }

  async function doRelease(): Promise<void> {
    if (!hold) return;
    try { await api.releaseHold(hold.id); await finish(t("stay.released")); } catch (error) { fail(error); }
  }

  function showHold(): void {
    if (!hold) return;
    const label = h("p", { class: "hold-countdown" });
    const update = () => {
      const left = Date.parse(hold!.expires_at) - Date.now();
      label.textContent = t("stay.held", { guest: hold!.guest, left: countdown(left) });
      if (left <= 0) void api.expireHolds().then(() => finish(t("stay.expired")));
    };
    window.clearInterval(timer);
    timer = window.setInterval(update, 1000);
    update();
    body.replaceChildren(
      h("p", { class: "price" }, money(hold.total)), label,
      h("div", { class: "actions" },
        h("button", { class: "primary", "data-action": "pay", onclick: () => void doPay() }, t("stay.pay")),
        h("button", { class: "primary", "data-action": "confirm", onclick: () => void doConfirm() }, t("stay.confirm")),
        h("button", { "data-action": "release", onclick: () => void doRelease() }, t("stay.release"))));
  }

  function keys(event: KeyboardEvent): void {
    if (event.key === "Escape") { close(); return; }
    const action = { F2: hold ? null : doHold, F3: hold ? doPay : null, F4: hold ? doConfirm : doBook }[event.key];
    if (action) { event.preventDefault(); void action(); }
  }
  document.addEventListener("keydown", keys);
  closeCurrent = close;

  void api.quote(stay).then((quote) => {
    const mode = t(quote.mode === "cheapest" ? "stay.mode.cheapest" : "stay.mode.priority");
    const parts = h("ul", { class: "parts" }, ...quote.parts.map((p) =>
      h("li", {}, `${date(p.start)} · ${p.nights} nuit(s) · ${money(p.price)}`)));
    body.replaceChildren(quote.available && quote.total
      ? h("div", { class: "quote" }, h("p", { class: "label" }, `${t("stay.priced")} (${mode})`),
          h("p", { class: "price", "data-total": quote.total }, money(quote.total)), parts)
      : notice("error", `${t("stay.unavailable")} : ${quote.reason ?? ""}`),
      contactForm);
    if (quote.available) contactForm.querySelector<HTMLInputElement>("input[name=name]")?.focus();
    else contactForm.querySelectorAll("button").forEach((b) => b.setAttribute("disabled", ""));
  }, fail);
}
