// Hébergements: the provider's own order beside the sale order (rule P7).
import { api, type UnitView } from "../../ipc";
import { field, h, notice } from "../../dom";
import { t } from "../../i18n";
import { persistDraft } from "../../drafts";

export function unitsScreen(root: HTMLElement, onChange: () => void): void {
  const message = h("div", { class: "messages" });
  const lists = h("div", { class: "unit-lists" });
  const list = (title: string, units: UnitView[], id: string) => h("section", { id },
    h("h3", {}, title), h("ol", {}, ...units.map((u) => h("li", {}, u.name, " ", h("small", {}, t("units.people", { n: u.capacity }))))));

  async function draw(): Promise<void> {
    const [backOffice, sale] = await Promise.all([api.units("back_office"), api.units("sale")]);
    lists.replaceChildren(list(t("units.backOffice"), backOffice, "back-office-order"), list(t("units.sale"), sale, "sale-order"));
  }

  const form = h("form", { class: "unit-form", onsubmit: async (e: Event) => {
    e.preventDefault();
    try {
      const unit = await api.addUnit(field(form, "name"), Number(field(form, "capacity")));
      form.reset();
      draft.clear();
      message.replaceChildren(notice("ok", t("units.added", { name: unit.name })));
      await draw();
      onChange();
    } catch (error) { message.replaceChildren(notice("error", (error as Error).message)); }
  } },
    h("h3", {}, t("units.add")),
    h("label", {}, t("units.name"), h("input", { name: "name", required: true })),
    h("label", {}, t("units.capacity"), h("input", { name: "capacity", type: "number", min: 1, value: 2, required: true })),
    h("button", { type: "submit", class: "primary" }, t("units.add")));

  const draft = persistDraft(form, "units.add");
  root.replaceChildren(h("h2", {}, t("nav.units")), message, h("div", { class: "units-layout" }, lists, form));
  void draw().catch((error) => message.replaceChildren(notice("error", (error as Error).message)));
}
