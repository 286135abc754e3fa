// Hébergements: the provider's own order (moved up and down here) beside the sale
// order (rule P7); rename, capacity, deactivate, delete while never booked.
import { api, type UnitView } from "../../ipc";
import { h, notice } from "../../dom";
import { ask, dialogFields } from "../../dialog";
import { check, countField, countValue, text, textField } from "../../fields";
import { t } from "../../i18n";
import { persistDraft } from "../../drafts";
import { openCalendars } from "./calendars";

export function unitsScreen(root: HTMLElement, onChange: () => void): void {
  const message = h("div", { class: "messages" });
  const lists = h("div", { class: "unit-lists" });
  const say = (kind: "ok" | "error", words: string) => message.replaceChildren(notice(kind, words));
  const act = async (work: () => Promise<unknown>, done?: string) => {
    try {
      await work();
      if (done) say("ok", done);
      await draw();
      onChange();
    } catch (error) { say("error", (error as Error).message); }
  };

  async function edit(u: UnitView): Promise<void> {
    const form = dialogFields(
      textField({ name: "name", label: t("units.name"), value: u.name, required: true, max: 200 }),
      countField({ name: "capacity", label: t("units.capacity"), value: String(u.capacity), required: true }));
    let edit: { name: string; capacity: number } | null = null;
    const ok = await ask({
      title: t("units.editTitle", { name: u.name }), text: t("units.editText"), confirm: t("file.save"), body: form,
      check: () => {
        const r = check(form, () => ({ name: text(form, "name"), capacity: countValue(form, "capacity", { min: 1, max: 10000 })! }));
        if (!r.ok) return r.message;
        edit = r.value;
        return null;
      },
    });
    if (ok && edit) {
      const e: { name: string; capacity: number } = edit;
      await act(() => api.editUnit(u.id, { name: e.name === u.name ? null : e.name, capacity: e.capacity === u.capacity ? null : e.capacity, active: null }),
        t("units.edited", { name: e.name }));
    }
  }

  async function remove(u: UnitView): Promise<void> {
    const sure = await ask({ title: t("units.removeTitle"), text: t("units.removeText", { name: u.name }), confirm: t("units.removeGo"), danger: true });
    if (sure) await act(() => api.removeUnit(u.id), t("units.removed", { name: u.name }));
  }

  async function toggleActive(u: UnitView): Promise<void> {
    if (u.active) {
      const sure = await ask({ title: t("units.deactivateTitle"), text: t("units.deactivateText", { name: u.name }), confirm: t("units.deactivate") });
      if (!sure) return;
    }
    await act(() => api.editUnit(u.id, { name: null, capacity: null, active: !u.active }),
      t(u.active ? "units.deactivated" : "units.reactivated", { name: u.name }));
  }

  // Sources of imported calendars per unit (the « Calendriers » button's count).
  let calendarCount = new Map<string, number>();

  function row(u: UnitView, i: number, all: UnitView[]): HTMLElement {
    const calendars = calendarCount.get(u.id) ?? 0;
    return h("li", { "data-unit": u.id, class: u.active ? null : "inactive" },
      h("span", { class: "unit-label" }, u.name, " ", h("small", {}, t("units.people", { n: u.capacity })),
        u.active ? null : h("small", { class: "tag" }, t("units.inactive"))),
      h("span", { class: "unit-actions" },
        h("button", { title: t("units.up"), "aria-label": t("units.up"), disabled: i === 0, "data-action": "up", onclick: () => void act(() => api.reorderUnit(u.id, -1)) }, "▲"),
        h("button", { title: t("units.down"), "aria-label": t("units.down"), disabled: i === all.length - 1, "data-action": "down", onclick: () => void act(() => api.reorderUnit(u.id, 1)) }, "▼"),
        h("button", { "data-action": "edit", onclick: () => void edit(u) }, t("units.edit")),
        h("button", { "data-action": "calendars", onclick: () => openCalendars(u.id) },
          calendars > 0 ? t("units.calendarsN", { n: calendars }) : t("units.calendars")),
        h("button", { "data-action": "toggle", onclick: () => void toggleActive(u) }, t(u.active ? "units.deactivate" : "units.reactivate")),
        u.booked ? null : h("button", { class: "danger", "data-action": "remove", onclick: () => void remove(u) }, t("units.remove"))));
  }

  async function draw(): Promise<void> {
    const [backOffice, sale, sources] = await Promise.all([api.units("back_office"), api.units("sale"), api.calendars(null).catch(() => [])]);
    calendarCount = new Map();
    for (const s of sources) calendarCount.set(s.unit, (calendarCount.get(s.unit) ?? 0) + 1);
    lists.replaceChildren(
      h("section", { id: "back-office-order" }, h("h3", {}, t("units.backOffice")), h("ol", { class: "unit-rows" }, ...backOffice.map(row))),
      h("section", { id: "sale-order" }, h("h3", {}, t("units.sale")), h("p", { class: "hint" }, t("units.saleHint")),
        h("ol", {}, ...sale.filter((u) => u.active).map((u) => h("li", {}, u.name, " ", h("small", {}, t("units.people", { n: u.capacity })))))));
  }

  const form = h("form", { class: "unit-form", novalidate: true, onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = check(form, () => ({ name: text(form, "name"), capacity: countValue(form, "capacity", { min: 1, max: 10000 })! }));
    if (!r.ok) { say("error", r.message); return; }
    await act(async () => {
      await api.addUnit(r.value.name, r.value.capacity);
      form.reset();
      draft.clear();
    }, t("units.added", { name: r.value.name }));
  } },
    h("h3", {}, t("units.add")),
    textField({ name: "name", label: t("units.name"), required: true, max: 200 }),
    countField({ name: "capacity", label: t("units.capacity"), value: "2", required: true }),
    h("button", { type: "submit", class: "primary" }, t("units.add")));

  const draft = persistDraft(form, "units.add");
  root.replaceChildren(h("h2", {}, t("nav.units")), message, h("div", { class: "units-layout" }, lists, form));
  void draw().catch((error) => say("error", (error as Error).message));
}
