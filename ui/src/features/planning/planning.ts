// Planning (ux.md, screen 1): units as rows in the provider's order, days as columns
// over a season (more months load as you scroll), bookings as bars with the guest's
// name, holds hatched with their countdown. A night is free when nothing occupies it;
// whether a stay is priced is the quote's question: arrival days show the price of the
// stays that start there (the week on Saturday), nights the one-night price. Click-drag
// over free nights to quote a stay; click a bar to open its file.
import { api, type HoldView, type PlanningView } from "../../ipc";
import { h, notice } from "../../dom";
import { addDays, countdown, date, euros, money, monthTitle, today, weekday } from "../../format";
import { lang, plural, t } from "../../i18n";
import { openStayPanel, type Selection } from "./stay-panel";
import { closeBookingFile, openBookingFile } from "./booking-file";
import { openNewBooking } from "./new-booking";
import { calendarSource, openCalendars } from "../units/calendars";

/** Days loaded at first, then added as the planning scrolls, up to a season and more. */
const FIRST_DAYS = 92;
const MORE_DAYS = 61;
const MAX_DAYS = 400;

interface Drag { unit: string; unitName: string; start: string; end: string; row: HTMLElement }

/** The first day of the month after the one of `iso`. */
function nextMonth(iso: string, step: number): string {
  const [y, m] = iso.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + step, 1));
  return d.toISOString().slice(0, 10);
}

export function planningScreen(root: HTMLElement, onChange: () => void): () => void {
  let from = addDays(today(), -2);
  let days = FIRST_DAYS;
  let view: PlanningView | null = null;
  let drag: Drag | null = null;
  let loading = false;
  const grid = h("div", { class: "planning-scroll" });
  const title = h("h2", { class: "month" });
  const message = h("div", { class: "messages" });
  const panel = h("aside", { class: "stay-panel", hidden: true });
  const holdsButton = h("button", { "data-action": "holds", onclick: () => void showHolds() }, t("planning.holds"));
  const hint = h("span", { class: "hint" });

  const go = (day: string) => { from = day; days = FIRST_DAYS; void load(true); };
  root.replaceChildren(
    h("div", { class: "toolbar" },
      h("button", { "data-action": "prev-month", onclick: () => go(nextMonth(from, from.endsWith("-01") ? -1 : 0)) }, t("planning.prev")),
      h("button", { "data-action": "today", onclick: () => go(addDays(today(), -2)) }, t("planning.today")),
      h("button", { "data-action": "next-month", onclick: () => go(nextMonth(from, 1)) }, t("planning.next")),
      title,
      h("button", { class: "primary", "data-action": "new-booking", onclick: () => newBooking() }, t("planning.newBooking"), h("kbd", {}, "F2")),
      holdsButton,
      hint,
    ),
    message,
    h("div", { class: "planning-layout" }, grid, panel),
  );

  async function load(reset = false): Promise<void> {
    loading = true;
    try {
      const keep = grid.scrollLeft;
      view = await api.planning(from, days);
      render();
      grid.scrollLeft = reset ? 0 : keep;
      const holds = await api.liveHolds();
      holdsButton.textContent = holds.length ? t("planning.holdsN", { n: holds.length }) : t("planning.holds");
      holdsButton.toggleAttribute("disabled", holds.length === 0);
    } catch (error) {
      message.replaceChildren(notice("error", (error as Error).message));
    } finally { loading = false; }
  }

  /** The month title of what is in view. */
  function updateTitle(): void {
    if (!view) return;
    const width = grid.querySelector<HTMLElement>("th.day")?.offsetWidth ?? 40;
    const nameWidth = grid.querySelector<HTMLElement>("th.unit-head")?.offsetWidth ?? 0;
    const firstIndex = Math.min(view.days.length - 1, Math.max(0, Math.floor(grid.scrollLeft / width)));
    const lastIndex = Math.min(view.days.length - 1, Math.floor((grid.scrollLeft + grid.clientWidth - nameWidth) / width));
    const [first, last] = [monthTitle(view.days[firstIndex], lang()), monthTitle(view.days[lastIndex], lang())];
    title.textContent = first === last ? first : `${first} – ${last}`;
  }

  grid.addEventListener("scroll", () => {
    updateTitle();
    // Months as you go: near the right end, load more days.
    if (!loading && days < MAX_DAYS && grid.scrollLeft + grid.clientWidth > grid.scrollWidth - 300) {
      days = Math.min(MAX_DAYS, days + MORE_DAYS);
      void load();
    }
  });

  function render(): void {
    if (!view) return;
    if (view.rows.length === 0) {
      grid.replaceChildren(notice("ok", t("planning.empty")));
      hint.textContent = "";
      return;
    }
    const anyTariff = view.rows.some((r) => r.cells.some((c) => c.covered));
    hint.textContent = anyTariff ? t("planning.hint") : t("planning.noTariffs");
    const head = h("tr", {}, h("th", { class: "unit-head" }, t("planning.unit")),
      ...view.days.map((day) => h("th", { class: `day${day === today() ? " today" : ""}${day.endsWith("-01") ? " month-start" : ""}`, "data-date": day },
        h("small", {}, weekday(day, lang())), h("span", {}, day.endsWith("-01") ? `${day.slice(8)}/${day.slice(5, 7)}` : day.slice(8)))));
    const rows = view.rows.map((row) => {
      const priced = row.cells.some((c) => c.covered);
      const tr = h("tr", { "data-unit": row.unit.id, class: row.unit.active ? null : "inactive" },
        h("th", { class: "unit-name", title: row.unit.name }, h("span", { class: "name" }, row.unit.name),
          h("small", {}, row.unit.active ? t("units.people", { n: row.unit.capacity }) : t("units.inactive")),
          priced ? null : h("small", { class: "no-tariff" }, t("planning.unitNoTariff"))));
      for (let i = 0; i < row.cells.length; i++) {
        const cell = row.cells[i];
        const occupant = cell.occupant;
        if (occupant) {
          let span = 1;
          while (i + span < row.cells.length && row.cells[i + span].occupant?.id === occupant.id) span++;
          const left = occupant.expires_at ? countdown(Date.parse(occupant.expires_at) - Date.now()) : "";
          tr.append(h("td", { colspan: span, class: `bar ${occupant.kind}${span <= 2 ? " short" : ""}`, "data-occupant": occupant.id,
              "data-kind": occupant.kind, "data-expires": occupant.expires_at ?? null,
              title: occupant.kind === "calendar"
                ? t("planning.calendarTip", { source: calendarSource(occupant.guest), from: date(occupant.start), to: date(occupant.end) })
                : `${occupant.guest} — ${date(occupant.start)} → ${date(occupant.end)}` },
            occupant.kind === "hold" ? h("span", { class: "countdown" }, left) : null,
            h("span", { class: "guest" }, occupant.kind === "calendar" ? t("planning.calendar", { source: calendarSource(occupant.guest) }) : occupant.guest)));
          i += span - 1;
        } else {
          const arrival = cell.arrival && cell.arrival.nights > 1 ? cell.arrival : null;
          const label = arrival ? `${euros(arrival.price)}` : cell.price ? euros(cell.price) : "";
          const tip = arrival ? t("planning.arrival", { nights: plural(arrival.nights, "nights.one", "nights.many"), price: money(arrival.price) })
            : cell.covered ? "" : t("planning.cellNoTariff");
          tr.append(h("td", { class: `free${cell.covered ? "" : " uncovered"}${arrival ? " arrival" : ""}`, "data-date": cell.date,
            "data-free": row.unit.active ? "true" : "false", "data-arrival": arrival ? arrival.nights : null, title: tip || null },
            arrival ? h("span", { class: "arrival-mark" }, `${arrival.nights}n`) : null, label));
        }
      }
      bindDrag(tr, row.unit.id, row.unit.name);
      return tr;
    });
    grid.replaceChildren(h("table", { class: "planning" }, h("thead", {}, head), h("tbody", {}, ...rows)),
      h("p", { class: "legend" }, h("span", { class: "swatch booking" }), h("span", { class: "swatch hold" }),
        t("planning.legend"), " ", h("span", { class: "swatch arrival" }), t("planning.legendArrival"),
        // Imported calendars, when the grid shows some: what the grey bars are, and where they are managed.
        view.rows.some((r) => r.cells.some((c) => c.occupant?.kind === "calendar"))
          ? h("span", { class: "legend-calendar" }, " ", h("span", { class: "swatch calendar" }), t("planning.legendCalendar")) : null));
    updateTitle();
  }

  function bindDrag(tr: HTMLElement, unit: string, unitName: string): void {
    tr.addEventListener("mousedown", (event) => {
      const target = event.target as HTMLElement;
      const bar = target.closest<HTMLElement>("td.bar");
      if (bar) { event.preventDefault(); openOccupant(bar.dataset.occupant!, bar.dataset.kind!, unit); return; }
      const cell = target.closest<HTMLElement>("td[data-free=true]");
      if (!cell) return;
      event.preventDefault();
      drag = { unit, unitName, start: cell.dataset.date!, end: cell.dataset.date!, row: tr };
      paint();
    });
    tr.addEventListener("mouseover", (event) => {
      const cell = (event.target as HTMLElement).closest<HTMLElement>("td[data-date]");
      if (!drag || drag.row !== tr || !cell) return;
      const date = cell.dataset.date!;
      // Extend only over free nights: stop at the first occupied one.
      const cells = [...tr.querySelectorAll<HTMLElement>("td")];
      const startIndex = cells.findIndex((c) => c.dataset.date === drag!.start);
      const target = cells.findIndex((c) => c.dataset.date === date);
      let end = startIndex;
      while (end < target && cells[end + 1]?.dataset.free === "true") end++;
      drag.end = cells[end].dataset.date!;
      paint();
    });
  }

  function paint(): void {
    grid.querySelectorAll(".selected").forEach((c) => c.classList.remove("selected"));
    if (!drag) return;
    for (const cell of drag.row.querySelectorAll<HTMLElement>("td[data-date]")) {
      const date = cell.dataset.date!;
      if (date >= drag.start && date <= drag.end) cell.classList.add("selected");
    }
  }

  const hooks = { onDone: async () => { await load(); onChange(); }, onClose: () => paint() };

  function openOccupant(id: string, kind: string, unit: string): void {
    // An imported calendar's nights are managed where the calendar is: the unit's Calendriers.
    if (kind === "calendar") { openCalendars(unit); return; }
    if (kind === "booking") openBookingFile(panel, id, hooks);
    else void api.liveHolds().then((holds) => {
      const hold = holds.find((x) => x.id === id);
      if (hold) resumeHold(hold);
    });
  }

  function resumeHold(hold: HoldView): void {
    closeBookingFile();
    const unitName = view?.rows.find((r) => r.unit.id === hold.unit)?.unit.name ?? "";
    openStayPanel(panel, { unit: hold.unit, unitName, from: hold.start, nights: hold.nights }, hooks, hold);
  }

  async function showHolds(): Promise<void> {
    const holds = await api.liveHolds();
    closeBookingFile();
    panel.hidden = false;
    panel.replaceChildren(
      h("header", {}, h("h3", {}, t("planning.holdsTitle")),
        h("button", { class: "close", onclick: () => { panel.hidden = true; panel.replaceChildren(); }, title: t("stay.close") }, "×")),
      holds.length === 0 ? h("p", { class: "hint" }, t("planning.noHolds"))
        : h("ul", { class: "holds" }, ...holds.map((hold) => {
          const unitName = view?.rows.find((r) => r.unit.id === hold.unit)?.unit.name ?? "";
          return h("li", {},
            h("strong", {}, hold.guest), ` — ${unitName}, ${date(hold.start)} → ${date(hold.end)} · ${money(hold.total)} · `,
            h("span", { class: "countdown" }, countdown(Date.parse(hold.expires_at) - Date.now())), " ",
            h("button", { "data-action": "resume-hold", onclick: () => resumeHold(hold) }, t("planning.resume")));
        })));
  }

  function newBooking(): void {
    closeBookingFile();
    openNewBooking(panel, (view?.rows ?? []).filter((r) => r.unit.active).map((r) => r.unit), hooks);
  }

  const finishDrag = () => {
    if (!drag) return;
    const nights = Math.round((Date.parse(drag.end) - Date.parse(drag.start)) / 86_400_000) + 1;
    const selection: Selection = { unit: drag.unit, unitName: drag.unitName, from: drag.start, nights };
    drag = null;
    closeBookingFile();
    openStayPanel(panel, selection, hooks);
  };
  document.addEventListener("mouseup", finishDrag);
  const keys = (event: KeyboardEvent) => {
    if (event.key === "F2" && panel.hidden && !document.querySelector(".dialog")) { event.preventDefault(); newBooking(); }
  };
  document.addEventListener("keydown", keys);

  // Holds count down live; expired holds are released and the grid refreshed.
  const tick = window.setInterval(() => {
    let expired = false;
    grid.querySelectorAll<HTMLElement>("td.hold").forEach((bar) => {
      const left = Date.parse(bar.dataset.expires ?? "") - Date.now();
      const label = bar.querySelector(".countdown");
      if (label) label.textContent = countdown(left);
      if (left <= 0) expired = true;
    });
    if (expired) void api.expireHolds().then(() => load()).then(onChange);
  }, 1000);

  void load(true);
  return () => {
    window.clearInterval(tick);
    document.removeEventListener("mouseup", finishDrag);
    document.removeEventListener("keydown", keys);
    closeBookingFile();
  };
}
