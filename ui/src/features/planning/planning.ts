// Planning (ux.md, screen 1): units as rows in the provider's order, a month of days
// as columns, bookings as bars with the guest's name, holds hatched with their
// countdown, each free night's price. Click-drag over free nights to prepare a stay.
import { api, type PlanningView } from "../../ipc";
import { h, notice } from "../../dom";
import { addDays, countdown, euros, monthTitle, today, weekday } from "../../format";
import { lang, t } from "../../i18n";
import { openStayPanel, type Selection } from "./stay-panel";

const DAYS = 31;

interface Drag { unit: string; unitName: string; start: string; end: string; row: HTMLElement }

export function planningScreen(root: HTMLElement, onChange: () => void): () => void {
  let from = addDays(today(), -2);
  let view: PlanningView | null = null;
  let drag: Drag | null = null;
  const grid = h("div", { class: "planning-scroll" });
  const title = h("h2", { class: "month" });
  const message = h("div", { class: "messages" });
  const panel = h("aside", { class: "stay-panel", hidden: true });

  const shift = (days: number) => { from = addDays(from, days); void load(); };
  root.replaceChildren(
    h("div", { class: "toolbar" },
      h("button", { onclick: () => shift(-DAYS) }, t("planning.prev")),
      h("button", { onclick: () => { from = addDays(today(), -2); void load(); } }, t("planning.today")),
      h("button", { onclick: () => shift(DAYS) }, t("planning.next")),
      title,
      h("span", { class: "hint" }, t("planning.hint")),
    ),
    message,
    h("div", { class: "planning-layout" }, grid, panel),
  );

  async function load(): Promise<void> {
    try {
      view = await api.planning(from, DAYS);
      render();
    } catch (error) {
      message.replaceChildren(notice("error", (error as Error).message));
    }
  }

  function render(): void {
    if (!view) return;
    const [first, last] = [monthTitle(view.days[0], lang()), monthTitle(view.days[view.days.length - 1], lang())];
    title.textContent = first === last ? first : `${first.replace(/ \d+$/, first.slice(-4) === last.slice(-4) ? "" : "$&")} – ${last}`;
    if (view.rows.length === 0) {
      grid.replaceChildren(notice("ok", t("planning.empty")));
      return;
    }
    const head = h("tr", {}, h("th", { class: "unit-head" }, t("planning.unit")),
      ...view.days.map((day) => h("th", { class: day === today() ? "day today" : "day", "data-date": day },
        h("small", {}, weekday(day, lang())), h("span", {}, day.slice(8)))));
    const rows = view.rows.map((row) => {
      const tr = h("tr", { "data-unit": row.unit.id },
        h("th", { class: "unit-name" }, row.unit.name, h("small", {}, t("units.people", { n: row.unit.capacity }))));
      for (let i = 0; i < row.cells.length; i++) {
        const cell = row.cells[i];
        const occupant = cell.occupant;
        if (occupant) {
          let span = 1;
          while (i + span < row.cells.length && row.cells[i + span].occupant?.id === occupant.id) span++;
          const left = occupant.expires_at ? countdown(Date.parse(occupant.expires_at) - Date.now()) : "";
          tr.append(h("td", { colspan: span, class: `bar ${occupant.kind}`, "data-occupant": occupant.id,
              "data-expires": occupant.expires_at ?? null, title: occupant.guest },
            occupant.kind === "hold" ? h("span", { class: "countdown" }, left) : null,
            h("span", { class: "guest" }, occupant.guest)));
          i += span - 1;
        } else {
          tr.append(h("td", { class: cell.price ? "free" : "closed", "data-date": cell.date,
            "data-free": cell.price ? "true" : "false" }, cell.price ? euros(cell.price) : ""));
        }
      }
      bindDrag(tr, row.unit.id, row.unit.name);
      return tr;
    });
    grid.replaceChildren(h("table", { class: "planning" }, h("thead", {}, head), h("tbody", {}, ...rows)),
      h("p", { class: "legend" }, h("span", { class: "swatch booking" }), h("span", { class: "swatch hold" }),
        t("planning.legend")));
  }

  function bindDrag(tr: HTMLElement, unit: string, unitName: string): void {
    tr.addEventListener("mousedown", (event) => {
      const cell = (event.target as HTMLElement).closest<HTMLElement>("td[data-free=true]");
      if (!cell) return;
      event.preventDefault();
      drag = { unit, unitName, start: cell.dataset.date!, end: cell.dataset.date!, row: tr };
      paint();
    });
    tr.addEventListener("mouseover", (event) => {
      const cell = (event.target as HTMLElement).closest<HTMLElement>("td[data-date]");
      if (!drag || drag.row !== tr || !cell) return;
      const date = cell.dataset.date!;
      // Extend only over free nights: stop at the first occupied or unpriced one.
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

  const finishDrag = () => {
    if (!drag) return;
    const nights = Math.round((Date.parse(drag.end) - Date.parse(drag.start)) / 86_400_000) + 1;
    const selection: Selection = { unit: drag.unit, unitName: drag.unitName, from: drag.start, nights };
    drag = null;
    openStayPanel(panel, selection, { onDone: async () => { await load(); onChange(); }, onClose: () => paint() });
  };
  document.addEventListener("mouseup", finishDrag);

  // Holds count down live; expired holds are released and the grid refreshed.
  const tick = window.setInterval(() => {
    let expired = false;
    grid.querySelectorAll<HTMLElement>("td.hold").forEach((bar) => {
      const left = Date.parse(bar.dataset.expires ?? "") - Date.now();
      const label = bar.querySelector(".countdown");
      if (label) label.textContent = countdown(left);
      if (left <= 0) expired = true;
    });
    if (expired) void api.expireHolds().then(load).then(onChange);
  }, 1000);

  void load();
  return () => { window.clearInterval(tick); document.removeEventListener("mouseup", finishDrag); };
}
