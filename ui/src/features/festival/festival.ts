// Festival (F3): setting up what the box office sells, in the order a volunteer needs
// it — organizers, events, sessions (date jj/mm/aaaa, time hh:mm, seats), ticket
// products (name, theme, organizer, price) — each created, edited and deactivated
// (kept with its history, no longer sold). Tickets list in T2's order: by theme, then
// organizer in creation order, then the tickets' own order, which ↑ ↓ change.
import { api, type EventView, type OrganizerView, type SessionView, type TicketProductView } from "../../ipc";
import { h, notice } from "../../dom";
import { amountField, amountValue, countField, countValue, dateField, dateValue, textField, text, timeField, timeValue, check } from "../../fields";
import { confirmDialog, formDialog } from "../../dialog";
import { dateTime, money } from "../../format";
import { plural, t } from "../../i18n";

/** "14/07/2026 à 20:30" in the provider's zone. */
export function sessionWhen(s: SessionView): string {
  return dateTime(s.starts_at).replace(" ", ` ${t("festival.at")} `);
}

/** "2026-07-14T18:30:00Z" → ["2026-07-14", "20:30"] in the provider's zone. */
function localParts(instant: string): [string, string] {
  const [d, time] = dateTime(instant).split(" ");
  const [day, month, year] = d.split("/");
  return [`${year}-${month}-${day}`, time];
}

export function festivalScreen(root: HTMLElement, onChange: () => void, goTo: (screen: "boxOffice") => void): void {
  const message = h("div", { class: "messages" });
  const say = (kind: "ok" | "error", text: string) => message.replaceChildren(notice(kind, text));
  let organizers: OrganizerView[] = [];
  let events: EventView[] = [];
  let sessions: SessionView[] = [];
  let products: TicketProductView[] = [];

  const organizerList = h("ol", { class: "setup-list", "data-list": "organizers" });
  const eventList = h("ul", { class: "setup-list", "data-list": "events" });
  const sessionList = h("ul", { class: "setup-list", "data-list": "sessions" });
  const productList = h("div", { class: "setup-products", "data-list": "products" });
  const themes = h("datalist", { id: "festival-themes" });

  /** Runs a change, then says so and redraws; a refusal is shown as it is (French). */
  async function act(work: () => Promise<unknown>, done: string): Promise<boolean> {
    try { await work(); say("ok", done); await draw(); onChange(); return true; }
    catch (error) { say("error", (error as Error).message); return false; }
  }

  const toggle = (active: boolean, onToggle: () => Promise<unknown>, name: string) =>
    h("button", { "data-action": active ? "deactivate" : "activate", onclick: () => void (async () => {
      if (active && !(await confirmDialog({ title: t("festival.deactivateTitle", { name }), text: t("festival.deactivateText"),
        confirm: t("festival.deactivate"), danger: true }))) return;
      await act(onToggle, t(active ? "festival.deactivated" : "festival.activated", { name }));
    })() }, active ? t("festival.deactivate") : t("festival.activate"));

  const state = (active: boolean) => active ? null : h("span", { class: "off" }, t("festival.off"));

  function rename(title: string, current: string, save: (name: string) => Promise<unknown>): void {
    void formDialog({ title, confirm: t("festival.save"),
      fields: [textField({ name: "name", label: t("festival.name"), value: current, required: true })],
      read: (form) => text(form, "name", { max: 200 }),
      submit: save }).then((saved) => { if (saved !== null) { say("ok", t("festival.saved")); void draw(); onChange(); } });
  }

  /** A one-field form adding a named record (an organizer, an event). */
  const nameForm = (label: string, button: string, action: string, add: (name: string) => Promise<unknown>,
    added: (name: string) => string): HTMLFormElement => {
    const form: HTMLFormElement = h("form", { class: "setup-form", novalidate: true, onsubmit: (e: Event): void => {
      e.preventDefault();
      const read = check(form, () => text(form, "name"));
      if (!read.ok) return say("error", read.message);
      void act(() => add(read.value), added(read.value)).then((ok) => { if (ok) form.reset(); });
    } }, textField({ name: "name", label, required: true }),
    h("button", { type: "submit", class: "primary", "data-action": action }, button));
    return form;
  };
  // 1. Organizers. 2. Events.
  const organizerForm = nameForm(t("festival.organizerName"), t("festival.addOrganizer"), "add-organizer",
    (name) => api.addOrganizer(name), (name) => t("festival.organizerAdded", { name }));
  const eventForm = nameForm(t("festival.eventName"), t("festival.addEvent"), "add-event",
    (name) => api.addEvent(name), (name) => t("festival.eventAdded", { name }));

  // 3. Sessions.
  const eventSelect = (name: string) => h("label", { class: "required" }, h("span", { class: "field-name" }, t("festival.event")),
    h("select", { name, "data-label": t("festival.event") }));
  const sessionForm: HTMLFormElement = h("form", { class: "setup-form", novalidate: true, onsubmit: (e: Event): void => {
    e.preventDefault();
    const read = check(sessionForm, () => ({
      event: text(sessionForm, "event"), date: dateValue(sessionForm, "date"), time: timeValue(sessionForm, "time"),
      capacity: countValue(sessionForm, "capacity", { min: 1, max: 100_000 }) ?? 0 }));
    if (!read.ok) return say("error", read.message);
    const v = read.value;
    void act(() => api.addSession(v.event, v.date, v.time, v.capacity), t("festival.sessionAdded"))
      .then((ok) => { if (ok) { (sessionForm.elements.namedItem("time") as HTMLInputElement).value = ""; } });
  } }, eventSelect("event"),
  h("div", { class: "row" }, dateField({ name: "date", label: t("festival.date"), required: true }),
    timeField({ name: "time", label: t("festival.time"), required: true }),
    countField({ name: "capacity", label: t("festival.capacity"), required: true, placeholder: "200" })),
  h("button", { type: "submit", class: "primary", "data-action": "add-session" }, t("festival.addSession")));

  // 4. Ticket products.
  const organizerSelect = h("label", { class: "required" }, h("span", { class: "field-name" }, t("festival.organizer")),
    h("select", { name: "organizer", "data-label": t("festival.organizer") }));
  const productForm: HTMLFormElement = h("form", { class: "setup-form", novalidate: true, onsubmit: (e: Event): void => {
    e.preventDefault();
    const read = check(productForm, () => ({
      event: text(productForm, "event"), name: text(productForm, "name"), theme: text(productForm, "theme", { required: false }),
      organizer: text(productForm, "organizer"), price: amountValue(productForm, "price") ?? "0.00" }));
    if (!read.ok) return say("error", read.message);
    const v = read.value;
    void act(() => api.addTicketProduct(v.event, v.name, v.theme, v.organizer, v.price), t("festival.productAdded", { name: v.name }))
      .then((ok) => { if (ok) { (productForm.elements.namedItem("name") as HTMLInputElement).value = ""; } });
  } }, eventSelect("event"),
  textField({ name: "name", label: t("festival.productName"), required: true, placeholder: t("festival.productExample") }),
  (() => { const label = textField({ name: "theme", label: t("festival.theme"), placeholder: t("festival.themeExample") });
    label.querySelector("input")?.setAttribute("list", "festival-themes"); return label; })(),
  organizerSelect,
  amountField({ name: "price", label: t("festival.price"), required: true, placeholder: "25,00" }),
  h("button", { type: "submit", class: "primary", "data-action": "add-product" }, t("festival.addProduct")));

  function editSession(s: SessionView): void {
    const [isoDate, clock] = localParts(s.starts_at);
    void formDialog({ title: t("festival.editSession", { event: s.event }), confirm: t("festival.save"),
      intro: t("festival.soldSoFar", { n: s.sold }),
      fields: [dateField({ name: "date", label: t("festival.date"), value: isoDate, required: true }),
        timeField({ name: "time", label: t("festival.time"), value: clock, required: true }),
        countField({ name: "capacity", label: t("festival.capacity"), value: String(s.capacity), required: true })],
      read: (form) => ({ date: dateValue(form, "date"), time: timeValue(form, "time"),
        capacity: countValue(form, "capacity", { min: Math.max(1, s.sold), max: 100_000 }) ?? s.capacity }),
      submit: (v) => api.editSession(s.id, { date: v.date, time: v.time, capacity: v.capacity }),
    }).then((saved) => { if (saved) { say("ok", t("festival.saved")); void draw(); onChange(); } });
  }

  function editProduct(p: TicketProductView): void {
    const organizerField = h("label", {}, h("span", { class: "field-name" }, t("festival.organizer")),
      h("select", { name: "organizer", "data-label": t("festival.organizer") },
        ...organizers.map((o) => h("option", { value: o.id, selected: o.id === p.organizer_id }, o.name))));
    const theme = textField({ name: "theme", label: t("festival.theme"), value: p.theme });
    theme.querySelector("input")?.setAttribute("list", "festival-themes");
    void formDialog({ title: t("festival.editProduct", { name: p.name }), confirm: t("festival.save"),
      intro: t("festival.priceNote"),
      fields: [textField({ name: "name", label: t("festival.productName"), value: p.name, required: true }), theme, organizerField,
        amountField({ name: "price", label: t("festival.price"), value: money(p.price).replace(" €", ""), required: true })],
      read: (form) => ({ name: text(form, "name"), theme: text(form, "theme", { required: false }),
        organizer: text(form, "organizer"), price: amountValue(form, "price") ?? p.price }),
      submit: (v) => api.editTicketProduct(p.id, v),
    }).then((saved) => { if (saved) { say("ok", t("festival.saved")); void draw(); onChange(); } });
  }

  function drawProducts(): void {
    const eventName = new Map(events.map((e) => [e.id, e.name]));
    if (products.length === 0) { productList.replaceChildren(h("p", { class: "hint" }, t("festival.noProduct"))); return; }
    const table = h("table", { class: "setup-table" },
      h("thead", {}, h("tr", {}, h("th", {}, t("festival.order")), h("th", {}, t("festival.theme")), h("th", {}, t("festival.organizer")),
        h("th", {}, t("festival.productName")), h("th", {}, t("festival.event")), h("th", { class: "num" }, t("festival.price")), h("th", {}, ""))),
      h("tbody", {}, ...products.map((p, i) => h("tr", { "data-product": p.id, class: p.active ? "" : "inactive" },
        h("td", { class: "num" }, String(i + 1)), h("td", {}, p.theme || t("festival.noTheme")), h("td", {}, p.organizer),
        h("td", {}, p.name, state(p.active)), h("td", {}, eventName.get(p.event) ?? ""), h("td", { class: "num" }, money(p.price)),
        h("td", { class: "row-actions" },
          h("button", { "data-action": "up", title: t("festival.up"), "aria-label": t("festival.up"),
            onclick: () => void act(() => api.moveTicketProduct(p.id, true), t("festival.moved", { name: p.name })) }, "↑"),
          h("button", { "data-action": "down", title: t("festival.down"), "aria-label": t("festival.down"),
            onclick: () => void act(() => api.moveTicketProduct(p.id, false), t("festival.moved", { name: p.name })) }, "↓"),
          h("button", { "data-action": "edit", onclick: () => editProduct(p) }, t("festival.edit")),
          toggle(p.active, () => api.editTicketProduct(p.id, { active: !p.active }), p.name))))));
    productList.replaceChildren(h("p", { class: "hint" }, t("festival.t2")), table);
  }

  async function draw(): Promise<void> {
    [organizers, events, sessions, products] = await Promise.all([api.organizers(), api.events(), api.sessions(), api.ticketProducts(null)]);
    organizerList.replaceChildren(...organizers.map((o) => h("li", { "data-organizer": o.id, class: o.active ? "" : "inactive" },
      h("span", { class: "name" }, o.name), state(o.active),
      h("span", { class: "row-actions" },
        h("button", { "data-action": "rename", onclick: () => rename(t("festival.renameOrganizer"), o.name, (name) => api.editOrganizer(o.id, { name })) }, t("festival.rename")),
        toggle(o.active, () => api.editOrganizer(o.id, { active: !o.active }), o.name)))));
    if (organizers.length === 0) organizerList.replaceChildren(h("li", { class: "hint" }, t("festival.noOrganizer")));
    eventList.replaceChildren(...events.map((ev) => h("li", { "data-event": ev.id, class: ev.active ? "" : "inactive" },
      h("span", { class: "name" }, ev.name), state(ev.active),
      h("span", { class: "row-actions" },
        h("button", { "data-action": "rename", onclick: () => rename(t("festival.renameEvent"), ev.name, (name) => api.editEvent(ev.id, { name })) }, t("festival.rename")),
        toggle(ev.active, () => api.editEvent(ev.id, { active: !ev.active }), ev.name)))));
    if (events.length === 0) eventList.replaceChildren(h("li", { class: "hint" }, t("festival.noEvent")));
    sessionList.replaceChildren(...sessions.map((s) => h("li", { "data-session": s.id, class: s.active ? "" : "inactive" },
      h("span", { class: "name" }, `${s.event} — ${sessionWhen(s)}`),
      h("span", { class: "muted" }, `${plural(s.capacity, "festival.seat", "festival.seats")} · ${plural(s.sold, "festival.soldOne", "festival.soldMany")}`),
      state(s.active),
      h("span", { class: "row-actions" },
        h("button", { "data-action": "edit", onclick: () => editSession(s) }, t("festival.edit")),
        toggle(s.active, () => api.editSession(s.id, { active: !s.active }), `${s.event} ${sessionWhen(s)}`)))));
    if (sessions.length === 0) sessionList.replaceChildren(h("li", { class: "hint" }, t("festival.noSession")));
    drawProducts();
    themes.replaceChildren(...[...new Set(products.map((p) => p.theme).filter(Boolean))].map((theme) => h("option", { value: theme })));
    // The forms' choices: active events and organizers, the current choice kept.
    for (const form of [sessionForm, productForm]) {
      const select = form.elements.namedItem("event") as HTMLSelectElement;
      const chosen = select.value;
      select.replaceChildren(...events.filter((e) => e.active).map((e) => h("option", { value: e.id, selected: e.id === chosen }, e.name)));
      form.classList.toggle("waiting", select.options.length === 0);
    }
    const organizerChoice = productForm.elements.namedItem("organizer") as HTMLSelectElement;
    const chosen = organizerChoice.value;
    organizerChoice.replaceChildren(...organizers.filter((o) => o.active).map((o) => h("option", { value: o.id, selected: o.id === chosen }, o.name)));
    sessionNeeds.hidden = events.some((e) => e.active);
    productNeeds.hidden = events.some((e) => e.active) && organizers.some((o) => o.active);
    ready.hidden = !(sessions.some((s) => s.active) && products.some((p) => p.active));
  }

  const sessionNeeds = h("p", { class: "notice error needs" }, t("festival.needEvent"));
  const productNeeds = h("p", { class: "notice error needs" }, t("festival.needEventAndOrganizer"));
  const ready = h("div", { class: "notice ok ready", hidden: true }, t("festival.ready"), " ",
    h("button", { class: "primary", "data-action": "go-box-office", onclick: () => goTo("boxOffice") }, t("festival.goSell")));
  const card = (n: number, title: string, ...content: Node[]) =>
    h("section", { class: "setup-card" }, h("h3", {}, h("span", { class: "step" }, String(n)), title), ...content);

  root.replaceChildren(
    h("h2", {}, t("festival.title")), h("p", { class: "hint" }, t("festival.help")), message, ready, themes,
    h("div", { class: "setup-grid" },
      card(1, t("festival.organizers"), organizerList, organizerForm),
      card(2, t("festival.events"), eventList, eventForm),
      card(3, t("festival.sessions"), sessionList, sessionNeeds, sessionForm),
      card(4, t("festival.products"), productNeeds, productForm)),
    h("section", { class: "setup-card wide" }, h("h3", {}, t("festival.productsList")), productList));
  void draw().catch((error) => say("error", (error as Error).message));
}
