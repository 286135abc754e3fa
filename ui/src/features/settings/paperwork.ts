// Paramètres → the contracts' conditions (B2, P9): the deposit asked, arrhes or acompte
// (with what cancelling costs), when the balance is due, the conditions of sale and the
// additional information where the tourist tax is stated; and the e-mail templates
// (T6) with a live preview on a chosen booking; an unknown placeholder is shown when
// saving, named by the Rust side, and nothing is saved.
import { api, type BookingView, type SettingsView, type TemplateView } from "../../ipc";
import { h, notice } from "../../dom";
import { check, countField, countValue } from "../../fields";
import { t, type Key } from "../../i18n";
import { date } from "../../format";

const PLACEHOLDERS = ["ContactTitre", "ContactNom", "ContactPrenom", "ContactAdresse", "ContactEMail",
  "PrestataireIdentite", "PrestataireAdresse", "PrestataireEMail", "Numero", "PourcentageAcompte",
  "MontantAcompte", "Solde", "Total"];

function area(name: string, label: string, value: string, rows: number, max: number): [HTMLLabelElement, HTMLTextAreaElement] {
  const box = h("textarea", { name, "data-label": label, rows, maxlength: max }) as HTMLTextAreaElement;
  box.value = value;
  return [h("label", { class: "wide" }, h("span", { class: "field-name" }, label), box), box];
}

/** The contracts' conditions. */
export function conditionsSection(settings: SettingsView, saved: (s: SettingsView) => void): HTMLElement {
  const c = settings.conditions;
  const message = h("div", { class: "messages" });
  const kind = (value: "arrhes" | "acompte") => h("label", { class: "radio" },
    h("input", { type: "radio", name: "deposit_kind", value, checked: c.deposit_kind === value }),
    t(`conditions.${value}` as Key), h("small", { class: "hint" }, " — ", t(`conditions.${value}Help` as Key)));
  const [termsLabel, terms] = area("terms", t("conditions.terms"), c.terms, 5, 20000);
  const [infoLabel, info] = area("extra_info", t("conditions.extraInfo"), c.extra_info, 3, 20000);
  const form = h("form", { class: "settings-form conditions", novalidate: true, onsubmit: async (e: Event) => {
    e.preventDefault();
    const r = check(form, () => ({
      percent: countValue(form, "deposit_percent", { min: 0, max: 100 })!,
      days: countValue(form, "balance_days", { min: 0, max: 365 })!,
    }));
    if (!r.ok) { message.replaceChildren(notice("error", r.message)); return; }
    const chosen = form.querySelector<HTMLInputElement>("input[name=deposit_kind]:checked")?.value ?? "arrhes";
    try {
      const next = await api.setConditions({ deposit_percent: r.value.percent, deposit_kind: chosen, consequence: "",
        balance_days: r.value.days, terms: terms.value, extra_info: info.value });
      saved(next);
      message.replaceChildren(notice("ok", t("conditions.saved")));
    } catch (error) { message.replaceChildren(notice("error", (error as Error).message)); }
  } },
    h("h3", {}, t("conditions.title")), message,
    countField({ name: "deposit_percent", label: t("conditions.percent"), value: String(c.deposit_percent), required: true }),
    h("fieldset", {}, h("legend", {}, t("conditions.kind")), kind("arrhes"), kind("acompte")),
    countField({ name: "balance_days", label: t("conditions.balanceDays"), value: String(c.balance_days), required: true }),
    termsLabel, infoLabel, h("p", { class: "hint" }, t("conditions.extraInfoHelp")),
    h("button", { type: "submit", class: "primary", "data-action": "save-conditions" }, t("conditions.save")));
  return form;
}

/** The e-mail templates, with a live preview on a chosen booking. */
export function templatesSection(): HTMLElement {
  const message = h("div", { class: "messages" });
  // The messages sit under the text being typed (a refusal names the placeholder at fault).
  const section = h("section", { class: "settings-form templates" }, h("h3", {}, t("templates.title")));
  const failed = (error: unknown) => { if (!message.isConnected) section.append(message); message.replaceChildren(notice("error", (error as Error).message)); };
  void Promise.all([api.templates(), api.bookings()]).then(([templates, bookings]) => {
    let all: TemplateView[] = templates;
    const pick = h("select", { name: "notification", "data-label": t("templates.notification") },
      ...all.map((tpl) => h("option", { value: tpl.name }, t(`templates.n.${tpl.name}` as Key))));
    const live = bookings.filter((b: BookingView) => b.status === "confirmed");
    const booking = h("select", { name: "booking", "data-label": t("templates.booking") },
      ...live.map((b) => h("option", { value: b.id }, `${b.guest} · ${date(b.start)}`)));
    const [textLabel, box] = area("text", t("templates.text"), all[0]?.text ?? "", 12, 20000);
    const state = h("p", { class: "hint", "data-field": "template-state" });
    const subject = h("p", { class: "preview-subject", "data-field": "preview-subject" });
    const body = h("pre", { class: "preview-body", "data-field": "preview-body" });
    const current = () => all.find((tpl) => tpl.name === pick.value);
    const show = () => {
      const tpl = current();
      box.value = tpl?.text ?? "";
      state.textContent = tpl?.default ? t("templates.default") : "";
      void preview();
    };
    let asked = 0;
    const preview = async () => {
      if (!booking.value) { subject.textContent = ""; body.textContent = t("templates.noBooking"); return; }
      const mine = ++asked;
      try {
        const r = await api.previewTemplate(box.value, booking.value);
        if (mine !== asked) return;
        subject.textContent = r.subject ? t("templates.subject", { subject: r.subject }) : "";
        body.textContent = r.body;
        message.replaceChildren();
      } catch (error) {
        if (mine !== asked) return;
        // Never the preview of a text that is no longer there.
        subject.textContent = "";
        body.textContent = t("templates.previewWaits");
        failed(error);
      }
    };
    let pending = 0;
    box.addEventListener("input", () => {
      state.textContent = box.value === current()?.text ? (current()?.default ? t("templates.default") : "") : t("templates.unsaved");
      window.clearTimeout(pending);
      pending = window.setTimeout(() => void preview(), 250);
    });
    pick.addEventListener("change", show);
    booking.addEventListener("change", () => void preview());
    const save = async () => {
      try {
        const saved = await api.saveTemplate(pick.value, box.value);
        all = all.map((tpl) => (tpl.name === saved.name ? saved : tpl));
        state.textContent = "";
        message.replaceChildren(notice("ok", t("templates.saved", { name: t(`templates.n.${saved.name}` as Key) })));
      } catch (error) { failed(error); }
    };
    section.append(
      h("p", { class: "hint" }, t("templates.help", { fields: PLACEHOLDERS.map((p) => `{${p}}`).join(" ") })),
      h("label", {}, h("span", { class: "field-name" }, t("templates.notification")), pick),
      textLabel, state, message,
      h("button", { class: "primary", "data-action": "save-template", onclick: () => void save() }, t("templates.save")),
      h("label", { class: "preview-booking" }, h("span", { class: "field-name" }, t("templates.booking")), booking),
      h("div", { class: "preview" }, h("h4", {}, t("templates.preview")), subject, body));
    show();
  }, failed);
  return section;
}
