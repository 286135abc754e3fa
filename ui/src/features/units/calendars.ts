// Calendriers iCal of a unit (rule B4), reached from Hébergements (« Calendriers » on
// the unit's row) and from the planning (a click on a « Calendrier importé » bar):
// the channels' calendars it imports — each with its nights blocked, its last import
// and its last error in words — added by address or file, read again now, removed
// (its nights become free); the polling interval; and the unit's own calendar, saved
// as a .ics file or given to a channel as the sync server's secret address.
import { api, type CalendarSourceView, type UnitView } from "../../ipc";
import { h, notice } from "../../dom";
import { ask, formDialog } from "../../dialog";
import { check, countField, countValue, FieldError, raw, text, textField } from "../../fields";
import { plural, t } from "../../i18n";
import { dateTime } from "../../format";

/** Where an imported calendar is read from, short: the address's host, or the file's name. */
export function calendarSource(location: string): string {
  try {
    return new URL(location).hostname.replace(/^www\./, "");
  } catch {
    return location.split(/[/\\]/).pop() ?? location;
  }
}

/** Opens the calendars of `unit` (from another screen). */
export function openCalendars(unit: string): void {
  document.dispatchEvent(new CustomEvent("guichet:calendars", { detail: unit }));
}

/**
 * The source typed: an `https://` (or `webcal://`) address, or a file's full path.
 * Checked here so that the person reads what to write, never a parser's words.
 */
export function calendarLocation(form: HTMLFormElement, name: string): string {
  // As long as the Rust side keeps (a channel's address is about 100 characters); the
  // field itself takes more, so that a pasted address is never cut silently.
  const value = text(form, name, { max: 200 });
  const lower = value.toLowerCase();
  if (lower.startsWith("http://")) throw new FieldError(name, t("ical.httpRefused"));
  if (lower.startsWith("https://") || lower.startsWith("webcal://")) {
    let host = "";
    try { host = new URL(value.replace(/^webcal:/i, "https:")).hostname; } catch { /* refused below */ }
    if (!host || /\s/.test(value)) throw new FieldError(name, t("ical.badUrl"));
    return value;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) throw new FieldError(name, t("ical.badScheme"));
  if (!value.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(value)) throw new FieldError(name, t("ical.fullPath", { value }));
  return value;
}

/** The calendars screen of `unit` (the first unit when null); `back` returns to Hébergements. */
export function calendarsScreen(root: HTMLElement, unit: string | null, back: () => void, onChange: () => void): () => void {
  const message = h("div", { class: "messages" });
  const say = (kind: "ok" | "error", words: string) => message.replaceChildren(notice(kind, words));
  const picker = h("select", { name: "unit", "data-label": t("ical.unit"), "data-action": "pick-unit",
    onchange: () => { current = picker.value; void draw(); } });
  const sources = h("section", { class: "calendar-sources" });
  const publish = h("section", { class: "settings-form calendar-publish" });
  const addButton = h("button", { type: "submit", class: "primary", "data-action": "add-calendar" }, t("ical.add"));
  const add: HTMLFormElement = h("form", { class: "settings-form calendar-add", novalidate: true, onsubmit: (e: Event) => {
    e.preventDefault();
    void addSource();
  } },
    h("h3", {}, t("ical.addTitle")),
    h("p", { class: "help" }, t("ical.addHelp")),
    textField({ name: "source", label: t("ical.source"), required: true, max: 1000, class: "wide",
      placeholder: "https://www.airbnb.fr/calendar/ical/….ics" }),
    addButton);
  const interval: HTMLFormElement = h("form", { class: "settings-form calendar-interval", novalidate: true, onsubmit: (e: Event) => {
    e.preventDefault();
    void saveInterval();
  } },
    h("h3", {}, t("ical.intervalTitle")),
    countField({ name: "minutes", label: t("ical.minutes"), required: true }),
    h("p", { class: "help" }, t("ical.intervalHelp")),
    h("button", { type: "submit", "data-action": "save-interval" }, t("settings.save")));
  let current = unit;
  let units: UnitView[] = [];
  let list: CalendarSourceView[] = [];
  let busy = false;
  let publishedFor: string | null = null;

  const unitName = () => units.find((u) => u.id === current)?.name ?? "";

  /** Runs `work` with the screen's import buttons disabled (an address can take a minute). */
  async function importing<T>(work: () => Promise<T>): Promise<T | null> {
    if (busy) return null;
    busy = true;
    root.querySelectorAll<HTMLButtonElement>("[data-busy]").forEach((b) => { b.disabled = true; });
    addButton.disabled = true;
    addButton.textContent = t("ical.importing");
    try {
      return await work();
    } catch (error) {
      say("error", (error as Error).message);
      return null;
    } finally {
      busy = false;
      addButton.disabled = false;
      addButton.textContent = t("ical.add");
      await draw();
      onChange();
    }
  }

  async function addSource(): Promise<void> {
    const read = check(add, () => calendarLocation(add, "source"));
    if (!read.ok) { say("error", read.message); return; }
    if (!current) return;
    const unitId = current;
    message.replaceChildren();
    const done = await importing(() => api.importCalendar(unitId, read.value));
    if (done) {
      add.reset();
      say("ok", t("ical.imported", { source: calendarSource(read.value),
        events: plural(done.events, "ical.eventOne", "ical.eventMany"), nights: plural(done.nights.length, "nights.one", "nights.many") }));
    }
  }

  async function reimport(s: CalendarSourceView): Promise<void> {
    message.replaceChildren();
    const done = await importing(() => api.importCalendar(s.unit, s.location));
    if (done) say("ok", t("ical.reimported", { source: calendarSource(s.location), nights: plural(done.nights.length, "nights.one", "nights.many") }));
  }

  async function reimportAll(): Promise<void> {
    if (!current) return;
    const unitId = current;
    message.replaceChildren();
    const round = await importing(() => api.importCalendarsNow(unitId));
    if (!round) return;
    if (round.failed === 0) say("ok", plural(round.imported, "ical.allOne", "ical.allMany"));
    else say("error", plural(round.failed, "ical.failedOne", "ical.failedMany"));
  }

  async function remove(s: CalendarSourceView): Promise<void> {
    const source = calendarSource(s.location);
    const freed = s.nights === 0 ? t("ical.removeNone") : plural(s.nights, "ical.removeNightOne", "ical.removeNightMany");
    const sure = await ask({ title: t("ical.removeTitle", { source }), text: t("ical.removeText", { source, freed }),
      confirm: t("ical.removeGo"), danger: true });
    if (!sure) return;
    try {
      await api.removeCalendar(s.id);
      say("ok", s.nights === 0 ? t("ical.removedNone", { source }) : t("ical.removed", { source, nights: plural(s.nights, "nights.one", "nights.many") }));
    } catch (error) { say("error", (error as Error).message); }
    await draw();
    onChange();
  }

  async function saveInterval(): Promise<void> {
    const read = check(interval, () => countValue(interval, "minutes", { min: 5, max: 1440 })!);
    if (!read.ok) { say("error", read.message); return; }
    try {
      const minutes = await api.setCalendarPollMinutes(read.value);
      say("ok", t("ical.intervalSaved", { minutes }));
    } catch (error) { say("error", (error as Error).message); }
  }

  function row(s: CalendarSourceView): HTMLElement {
    const fromElsewhere = s.last_attempt === null;
    const state = s.last_error
      ? h("span", { class: "calendar-error", role: "note" }, s.last_error)
      : fromElsewhere ? h("span", { class: "hint" }, t("ical.fromElsewhere"))
        : h("span", { class: "calendar-ok" }, t("ical.upToDate"));
    return h("tr", { "data-source": s.id, "data-state": s.last_error ? "error" : "ok" },
      h("td", {}, h("strong", { class: "calendar-name" }, calendarSource(s.location)),
        h("div", { class: "hint calendar-location" }, s.location)),
      h("td", { class: "num", "data-field": "events" }, s.events === null ? "—" : String(s.events)),
      h("td", { class: "num", "data-field": "nights" }, plural(s.nights, "nights.one", "nights.many")),
      h("td", { "data-field": "success" }, s.last_success ? dateTime(s.last_success) : t("ical.never")),
      h("td", { "data-field": "state" }, state,
        // Said once: the Rust side's words for an address already say the nights stay.
        s.last_error && s.last_success && !s.last_error.includes("restent bloquées") ? h("div", { class: "hint" }, t("ical.keptNights")) : null),
      h("td", { class: "row-actions" },
        h("button", { "data-action": "reimport", "data-busy": "", disabled: busy, onclick: () => void reimport(s) }, t("ical.importNow")),
        h("button", { class: "danger", "data-action": "remove-calendar", onclick: () => void remove(s) }, t("ical.remove"))));
  }

  function drawSources(): void {
    const name = unitName();
    sources.replaceChildren(
      h("div", { class: "toolbar" }, h("h3", {}, t("ical.importedTitle", { name })),
        list.length > 0 ? h("button", { "data-action": "import-all", "data-busy": "", disabled: busy, onclick: () => void reimportAll() },
          t("ical.importAll")) : null),
      list.length === 0
        ? h("p", { class: "empty" }, t("ical.none", { name }))
        : h("table", { class: "calendar-table" },
          h("thead", {}, h("tr", {}, h("th", {}, t("ical.colSource")), h("th", { class: "num" }, t("ical.colEvents")),
            h("th", { class: "num" }, t("ical.colNights")), h("th", {}, t("ical.colSuccess")), h("th", {}, t("ical.colState")), h("th", {}, ""))),
          h("tbody", {}, ...list.map(row))));
  }

  async function showUrl(box: HTMLElement, button: HTMLButtonElement): Promise<void> {
    if (!current) return;
    button.disabled = true;
    try {
      const url = await api.calendarFeedUrl(current);
      const field = h("input", { name: "feed-url", readonly: true, value: url, "aria-label": t("ical.urlLabel"),
        onfocus: () => field.select() });
      const copy = h("button", { type: "button", "data-action": "copy-url", onclick: () => void copyUrl(field) }, t("ical.copy"));
      box.replaceChildren(h("label", { class: "wide" }, h("span", { class: "field-name" }, t("ical.urlLabel")),
        h("span", { class: "url-row" }, field, copy)), h("p", { class: "help" }, t("ical.urlSecret")));
      field.focus();
    } catch (error) {
      say("error", (error as Error).message);
      button.disabled = false;
    }
  }

  async function copyUrl(field: HTMLInputElement): Promise<void> {
    field.focus();
    field.select();
    let copied = false;
    try {
      await navigator.clipboard.writeText(field.value);
      copied = true;
    } catch {
      copied = document.execCommand("copy");
    }
    say(copied ? "ok" : "error", t(copied ? "ical.copied" : "ical.copyFailed"));
  }

  async function exportFile(): Promise<void> {
    if (!current) return;
    const unitId = current;
    const suggested = await api.suggestedCalendarFile(unitId).catch(() => "");
    const path = await formDialog({
      title: t("ical.exportTitle", { name: unitName() }), intro: t("ical.exportIntro"), confirm: t("ical.exportGo"),
      fields: [textField({ name: "file", label: t("ical.file"), value: suggested, max: 1000, class: "wide" })],
      read: (form) => {
        const file = text(form, "file", { max: 1000 });
        if (!file.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(file)) throw new FieldError("file", t("ical.fullPath", { value: file }));
        return file;
      },
      submit: (file) => api.exportCalendar(unitId, file),
    });
    if (path) say("ok", t("ical.exported", { path }));
  }

  async function drawPublish(): Promise<void> {
    const name = unitName();
    const status = await api.syncStatus().catch(() => null);
    const urlBox = h("div", { class: "feed-url" });
    const urlButton: HTMLButtonElement = h("button", { type: "button", "data-action": "show-url",
      onclick: () => void showUrl(urlBox, urlButton) }, t("ical.showUrl"));
    urlBox.append(urlButton);
    publish.replaceChildren(
      h("h3", {}, t("ical.publishTitle", { name })),
      h("p", { class: "help" }, t("ical.publishHelp")),
      h("button", { type: "button", "data-action": "export-calendar", onclick: () => void exportFile() }, t("ical.export")),
      h("h4", {}, t("ical.subscribeTitle")),
      status?.enrolment
        ? urlBox
        : h("p", { class: "no-url", "data-field": "no-url" }, t("ical.noUrl")));
  }

  async function draw(): Promise<void> {
    try {
      units = await api.units("back_office");
      if (!current || !units.some((u) => u.id === current)) current = units[0]?.id ?? null;
      picker.replaceChildren(...units.map((u) => h("option", { value: u.id, selected: u.id === current }, u.name)));
      if (!current) {
        sources.replaceChildren(h("p", { class: "empty" }, t("ical.noUnit")));
        publish.replaceChildren();
        return;
      }
      list = await api.calendars(current);
      drawSources();
      // The address shown stays while sources are imported; another unit, another address.
      if (publishedFor !== current) {
        publishedFor = current;
        await drawPublish();
      }
    } catch (error) { say("error", (error as Error).message); }
  }

  root.replaceChildren(
    h("div", { class: "toolbar" },
      h("button", { type: "button", "data-action": "back", onclick: back }, t("ical.back"), h("kbd", {}, "F7")),
      h("h2", {}, t("ical.title")),
      h("label", { class: "inline" }, h("span", { class: "field-name" }, t("ical.unit")), picker)),
    h("p", { class: "hint" }, t("ical.help")),
    message,
    sources,
    h("div", { class: "calendar-forms" }, add, interval, publish));
  void api.calendarPollMinutes().then((minutes) => {
    const field = interval.elements.namedItem("minutes");
    if (field instanceof HTMLInputElement && raw(interval, "minutes") === "") field.value = String(minutes);
  }, () => undefined);
  void draw();
  return () => undefined;
}
