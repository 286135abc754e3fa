// "Nouvelle réservation": for those who would rather type the dates than drag over the
// planning. The unit, the arrival and the nights (or the departure) lead to the stay
// panel, which quotes the stay and takes the guest.
import type { UnitView } from "../../ipc";
import { h, notice } from "../../dom";
import { check, countField, countValue, dateField, dateValue, raw } from "../../fields";
import { addDays, today } from "../../format";
import { t } from "../../i18n";
import { openStayPanel } from "./stay-panel";

interface Hooks { onDone: () => Promise<void>; onClose: () => void }

/** Opens the typed-dates form in `panel`. */
export function openNewBooking(panel: HTMLElement, units: UnitView[], hooks: Hooks): void {
  const message = h("div", { class: "messages" });
  const unitSelect = h("select", { name: "unit", "data-label": t("file.unit") },
    ...units.map((u) => h("option", { value: u.id }, `${u.name} (${t("units.people", { n: u.capacity })})`)));
  const form = h("form", { class: "new-booking", novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); next(); } },
    h("label", { class: "required" }, h("span", { class: "field-name" }, t("file.unit")), unitSelect),
    dateField({ name: "from", label: t("file.arrival"), value: today(), required: true }),
    dateField({ name: "until", label: t("newBooking.departure"), value: addDays(today(), 7) }),
    countField({ name: "nights", label: t("file.nights"), placeholder: t("newBooking.orNights") }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", "data-action": "quote" }, t("newBooking.quote"))));
  panel.hidden = false;
  panel.replaceChildren(h("header", {}, h("h3", {}, t("planning.newBooking")),
    h("button", { class: "close", onclick: () => { panel.hidden = true; panel.replaceChildren(); hooks.onClose(); }, title: t("stay.close") }, "×")),
    units.length === 0 ? notice("error", t("newBooking.noUnit")) : form, message);
  form.querySelector<HTMLInputElement>("input[name=from]")?.focus();

  function next(): void {
    const r = check(form, () => {
      const from = dateValue(form, "from");
      const nights = raw(form, "nights") !== "" ? countValue(form, "nights", { min: 1, max: 1096 })!
        : Math.round((Date.parse(dateValue(form, "until")) - Date.parse(from)) / 86_400_000);
      return { from, nights };
    });
    if (!r.ok) { message.replaceChildren(notice("error", r.message)); return; }
    if (r.value.nights < 1) { message.replaceChildren(notice("error", t("newBooking.departureAfter"))); return; }
    const unit = units.find((u) => u.id === unitSelect.value)!;
    openStayPanel(panel, { unit: unit.id, unitName: unit.name, from: r.value.from, nights: r.value.nights }, hooks);
  }
}
