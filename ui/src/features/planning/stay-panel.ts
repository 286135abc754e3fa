// The stay panel: the quote of the selected nights (or why the tariffs give none),
// the customer's details and party, the 1-hour hold with its countdown (rule P8),
// going to payment, and the booking. A stay in the past is asked about once.
import { api, type HoldView, type Party } from "../../ipc";
import { h, notice } from "../../dom";
import { ask } from "../../dialog";
import { check, countField, countValue, emailValue, phoneValue, text, textField } from "../../fields";
import { addDays, countdown, date, money, today } from "../../format";
import { plural, t } from "../../i18n";
import { persistDraft } from "../../drafts";

export interface Selection { unit: string; unitName: string; from: string; nights: number }

interface Hooks { onDone: () => Promise<void>; onClose: () => void }

let closeCurrent: (() => void) | null = null;

/** A stay starting before today is asked about once; true when it may go on. */
export async function pastConfirmed(from: string): Promise<boolean> {
  if (from >= today()) return true;
  return ask({ title: t("stay.pastTitle"), text: t("stay.past", { from: date(from) }), confirm: t("stay.pastGo") });
}

/**
 * Under the name field, the customers of the file (imported from the old tool, kept on
 * every device) whose name, e-mail or phone holds what is typed; one chosen fills the
 * name, e-mail and phone.
 */
function customerSuggestions(form: HTMLFormElement): void {
  const name = form.querySelector<HTMLInputElement>("input[name=name]");
  if (!name) return;
  const list = h("ul", { class: "customer-suggestions", "aria-label": t("stay.customers"), hidden: true });
  name.closest("label")?.after(list);
  let asked = 0;
  const fill = (field: string, value: string | null) => {
    const input = form.querySelector<HTMLInputElement>(`input[name=${field}]`);
    if (input) input.value = value ?? "";
  };
  name.addEventListener("input", () => {
    const words = name.value.trim();
    const mine = ++asked;
    if (words.length < 2) { list.hidden = true; return; }
    void api.customers(words).then((found) => {
      if (mine !== asked) return;
      list.replaceChildren(...found.slice(0, 5).map((c) => h("li", {}, h("button", {
        type: "button", "data-customer": c.id, title: t("stay.customerPick", { name: c.name }),
        onclick: () => {
          fill("name", c.name); fill("email", c.customer.email); fill("phone", c.customer.phone);
          list.hidden = true;
          form.querySelector<HTMLInputElement>("input[name=adults]")?.focus();
        },
      }, c.name, h("small", {}, [c.customer.email, c.customer.phone].filter(Boolean).join(" · "))))));
      list.hidden = found.length === 0;
    }, () => { list.hidden = true; });
  });
}

/** Opens the panel on `selection`; on `resume`, an existing hold picked up again. */
export function openStayPanel(panel: HTMLElement, selection: Selection, hooks: Hooks, resume?: HoldView): void {
  closeCurrent?.();
  const stay = { unit: selection.unit, from: selection.from, nights: selection.nights };
  const message = h("div", { class: "messages" });
  const body = h("div", { class: "panel-body" });
  let hold: HoldView | null = resume ?? null;
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
        from: date(selection.from), to: date(addDays(selection.from, selection.nights)),
        nights: plural(selection.nights, "nights.one", "nights.many"),
      })),
      h("button", { class: "close", onclick: () => { draft.clear(); close(); }, title: t("stay.close") }, "×")),
    message, body);

  const contactForm = h("form", { class: "contact", novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void doHold(); } },
    h("h4", {}, t("stay.contact")),
    textField({ name: "name", label: t("stay.name"), required: true, max: 200 }),
    textField({ name: "email", label: t("stay.email"), max: 254, inputmode: "email" }),
    textField({ name: "phone", label: t("stay.phone"), max: 30, inputmode: "tel" }),
    h("div", { class: "party" },
      countField({ name: "adults", label: t("file.adultsLabel"), value: "2", required: true }),
      countField({ name: "children", label: t("file.childrenLabel"), value: "0", required: true })),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary", "data-action": "hold" }, t("stay.hold"), h("kbd", {}, "F2")),
      h("button", { type: "button", "data-action": "book", onclick: () => void doBook() }, t("stay.book"), h("kbd", {}, "F4"))));

  const draft = persistDraft(contactForm, `stay:${stay.unit}:${stay.from}:${stay.nights}`);
  customerSuggestions(contactForm);

  /** The contact and party, checked; null (with the message shown) when a field is wrong. */
  function contact(): { name: string; email: string | null; phone: string | null; party: Party } | null {
    const r = check(contactForm, () => ({
      name: text(contactForm, "name"),
      email: emailValue(contactForm, "email"),
      phone: phoneValue(contactForm, "phone"),
      party: { adults: countValue(contactForm, "adults", { min: 1, max: 10000 })!, children: countValue(contactForm, "children", { min: 0, max: 10000 })! },
    }));
    if (!r.ok) { message.replaceChildren(notice("error", r.message)); return null; }
    if (!r.value.email && !r.value.phone) { message.replaceChildren(notice("error", t("stay.contactNeeded"))); return null; }
    return r.value;
  }


  async function doHold(): Promise<void> {
    const who = contact();
    if (!who || !(await pastConfirmed(selection.from))) return;
    try {
      hold = await api.hold(stay, who);
      draft.clear();
      message.replaceChildren();
      showHold();
      await hooks.onDone();
    } catch (error) { fail(error); }
  }

  async function doBook(): Promise<void> {
    const who = contact();
    if (!who || !(await pastConfirmed(selection.from))) return;
    try {
      const booking = await api.book(stay, who, null, who.party);
      await finish(t("stay.booked", { guest: booking.guest, total: money(booking.total) }));
    } catch (error) { fail(error); }
  }

  async function doPay(): Promise<void> {
    if (!hold) return;
    try { hold = await api.goToPayment(hold.id); showHold(); } catch (error) { fail(error); }
  }

  async function doConfirm(): Promise<void> {
    if (!hold) return;
    const r = check(partyForm, () => ({ adults: countValue(partyForm, "adults", { min: 1, max: 10000 })!, children: countValue(partyForm, "children", { min: 0, max: 10000 })! }));
    if (!r.ok) { message.replaceChildren(notice("error", r.message)); return; }
    try {
      const booking = await api.bookHold(hold.id, r.value);
      await finish(t("stay.booked", { guest: booking.guest, total: money(booking.total) }));
    } catch (error) { fail(error); }
  }

  async function doRelease(): Promise<void> {
    if (!hold) return;
    try { await api.releaseHold(hold.id); await finish(t("stay.released")); } catch (error) { fail(error); }
  }

  const partyForm = h("form", { class: "party", novalidate: true },
    countField({ name: "adults", label: t("file.adultsLabel"), value: "2", required: true }),
    countField({ name: "children", label: t("file.childrenLabel"), value: "0", required: true }));

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
    const who = contactForm.querySelector<HTMLInputElement>("input[name=adults]");
    if (who) (partyForm.elements.namedItem("adults") as HTMLInputElement).value = who.value;
    body.replaceChildren(
      h("p", { class: "price" }, money(hold.total)), label, partyForm,
      h("div", { class: "actions" },
        h("button", { class: "primary", "data-action": "pay", onclick: () => void doPay() }, t("stay.pay"), h("kbd", {}, "F3")),
        h("button", { class: "primary", "data-action": "confirm", onclick: () => void doConfirm() }, t("stay.confirm"), h("kbd", {}, "F4")),
        h("button", { "data-action": "release", onclick: () => void doRelease() }, t("stay.release"))));
  }

  function keys(event: KeyboardEvent): void {
    if (document.querySelector(".dialog")) return;
    if (event.key === "Escape") { close(); return; }
    const action = { F2: hold ? null : doHold, F3: hold ? doPay : null, F4: hold ? doConfirm : doBook }[event.key];
    if (action) { event.preventDefault(); void action(); }
  }
  document.addEventListener("keydown", keys);
  closeCurrent = close;

  if (hold) { showHold(); return; }
  void api.quote(stay).then((quote) => {
    const mode = t(quote.mode === "cheapest" ? "stay.mode.cheapest" : "stay.mode.priority");
    const parts = h("ul", { class: "parts" }, ...quote.parts.map((p) =>
      h("li", {}, `${date(p.start)} · ${plural(p.nights, "nights.one", "nights.many")} · ${money(p.price)}`)));
    body.replaceChildren(quote.available && quote.total
      ? h("div", { class: "quote" }, h("p", { class: "label" }, `${t("stay.priced")} (${mode})`),
          h("p", { class: "price", "data-total": quote.total }, money(quote.total)), parts)
      : notice("error", `${t("stay.unavailable")} : ${quote.reason ?? ""}`),
      ...(selection.from < today() ? [notice("error", t("stay.pastNotice"))] : []),
      contactForm);
    if (quote.available) contactForm.querySelector<HTMLInputElement>("input[name=name]")?.focus();
    else contactForm.querySelectorAll("button").forEach((b) => b.setAttribute("disabled", ""));
  }, fail);
}
