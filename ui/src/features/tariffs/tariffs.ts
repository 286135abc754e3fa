// Tarifs (ux.md, screen 2): a unit's tariffs as a month calendar; enter "every night
// from … to … at … €", "weekly from Saturday" or a package, preview, then save.
import { api, type TariffPlan, type TariffView, type UnitView } from "../../ipc";
import { field, h, notice } from "../../dom";
import { amountField, amountValue, check, countField, countValue, dateField, dateValue } from "../../fields";
import { addDays, euros, monthTitle, today } from "../../format";
import { lang, plural, t } from "../../i18n";
import { persistDraft } from "../../drafts";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

export function tariffsScreen(root: HTMLElement, onChange: () => void): void {
  const message = h("div", { class: "messages" });
  const calendar = h("div", { class: "tariff-calendar" });
  const unitSelect = h("select", { name: "unit" });
  let month = today().slice(0, 8) + "01";
  let preview: TariffView[] = [];

  const form = h("form", { class: "tariff-form", novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void save(); } },
    h("label", {}, h("span", { class: "field-name" }, t("tariffs.unit")), unitSelect),
    h("label", {}, h("span", { class: "field-name" }, t("tariffs.kind")), h("select", { name: "kind", onchange: () => toggle() },
      ...(["every_night", "weekly", "package"] as const).map((k) => h("option", { value: k }, t(`tariffs.kind.${k}`))))),
    dateField({ name: "from", label: t("tariffs.from"), value: month, required: true }),
    dateField({ name: "until", label: t("tariffs.until"), value: addDays(month, 31), required: true }),
    h("label", { class: "weekday" }, h("span", { class: "field-name" }, t("tariffs.weekday")), h("select", { name: "weekday" },
      h("option", { value: "" }, t("tariffs.anyday")),
      ...WEEKDAYS.map((d) => h("option", { value: d, selected: d === "Sat" }, t(`weekday.${d}`))))),
    countField({ name: "nights", label: t("tariffs.nights"), value: "2", class: "nights", required: true }),
    amountField({ name: "price", label: t("tariffs.price"), required: true }),
    h("div", { class: "actions" },
      h("button", { type: "button", onclick: () => void showPreview() }, t("tariffs.preview")),
      h("button", { type: "submit", class: "primary" }, t("tariffs.save"))));

  const draft = persistDraft(form, "tariffs");
  function toggle(): void {
    const kind = field(form, "kind");
    form.querySelector<HTMLElement>(".weekday")!.hidden = kind === "every_night";
    form.querySelector<HTMLElement>(".nights")!.hidden = kind !== "package";
  }

  /** The plan the form describes, checked field by field; null (message shown) when wrong. */
  function plan(): TariffPlan | null {
    const kind = field(form, "kind");
    const r = check(form, () => ({
      from: dateValue(form, "from"),
      until: dateValue(form, "until"),
      price: amountValue(form, "price")!,
      nights: kind === "package" ? countValue(form, "nights", { min: 1, max: 1096 })! : 1,
    }));
    if (!r.ok) { fail(r.message); return null; }
    const { from, until, price, nights } = r.value;
    if (until <= from) { fail(t("tariffs.untilAfter")); return null; }
    const weekday = (field(form, "weekday") || null) as (typeof WEEKDAYS)[number] | null;
    switch (kind) {
      case "weekly": return { kind: "weekly", from, until, price, weekday: weekday ?? "Sat" };
      case "package": return { kind: "package", from, until, price, weekday, nights };
      default: return { kind: "every_night", from, until, price };
    }
  }

  /** An error: the message, and no preview left standing for a plan that was refused. */
  function fail(text: string): void {
    message.replaceChildren(notice("error", text));
    if (preview.length) { preview = []; void draw(); }
  }

  async function showPreview(): Promise<void> {
    const p = plan();
    if (!p) return;
    try {
      preview = await api.planTariffs(p);
      message.replaceChildren(notice("ok", plural(preview.length, "tariffs.previewingOne", "tariffs.previewing")));
      if (preview[0]) month = preview[0].start.slice(0, 8) + "01";
      await draw();
    } catch (error) { fail((error as Error).message); }
  }

  async function save(): Promise<void> {
    const p = plan();
    if (!p) return;
    try {
      const written = await api.addTariffs(unitSelect.value, p);
      preview = [];
      draft.clear();
      message.replaceChildren(notice("ok", plural(written, "tariffs.savedOne", "tariffs.saved")));
      await draw();
      onChange();
    } catch (error) { fail((error as Error).message); }
  }

  async function draw(): Promise<void> {
    if (!unitSelect.value) return;
    const saved = await api.tariffs(unitSelect.value);
    const next = addDays(month, 40).slice(0, 8) + "01";
    const days: string[] = [];
    for (let d = month; d < next; d = addDays(d, 1)) days.push(d);
    const byDay = (list: TariffView[], day: string) => list.filter((x) => x.start === day);
    const offset = (new Date(`${month}T00:00:00Z`).getUTCDay() + 6) % 7;
    const cells = [...Array(offset)].map(() => h("div", { class: "day blank" }));
    for (const day of days) {
      const lines = [...byDay(saved, day).map((x) => h("li", {}, `${plural(x.nights, "nights.one", "nights.many")} · ${euros(x.price)} €`)),
        ...byDay(preview, day).map((x) => h("li", { class: "preview" }, `${plural(x.nights, "nights.one", "nights.many")} · ${euros(x.price)} €`))];
      cells.push(h("div", { class: "day", "data-date": day }, h("b", {}, day.slice(8)), h("ul", {}, ...lines)));
    }
    const empty = saved.length === 0 && preview.length === 0;
    calendar.replaceChildren(
      h("div", { class: "toolbar" },
        h("button", { onclick: () => { month = addDays(month, -1).slice(0, 8) + "01"; void draw(); } }, "◀"),
        h("h3", {}, monthTitle(month, lang())),
        h("button", { onclick: () => { month = next; void draw(); } }, "▶")),
      h("div", { class: "weekdays" }, ...WEEKDAYS.map((d) => h("span", {}, t(`weekday.${d}`).slice(0, 3)))),
      h("div", { class: "grid" }, ...cells),
      h("p", { hidden: !empty }, t("tariffs.none")));
  }

  root.replaceChildren(h("h2", {}, t("tariffs.title")), message, h("div", { class: "tariffs-layout" }, form, calendar));
  toggle();
  unitSelect.addEventListener("change", () => void draw());
  void api.units("back_office").then((units: UnitView[]) => {
    unitSelect.replaceChildren(...units.map((u) => h("option", { value: u.id }, u.name)));
    return draw();
  }).catch((error) => message.replaceChildren(notice("error", (error as Error).message)));
}
