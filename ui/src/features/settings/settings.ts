// Paramètres: provider identity, pricing mode (P2 priority / P3 cheapest), the VAT of
// invoices (B3), the gift vouchers' validity (A9), language,
// the scanner, sync, backup.
import { api, type VatRegime } from "../../ipc";
import { field, h, notice } from "../../dom";
import { check, countField, countValue } from "../../fields";
import { lang, setLang, t, type Lang } from "../../i18n";
import { catchKeystrokes } from "../gate/keystrokes";
import { backupSection } from "./backup";
import { syncSection } from "./sync";
import { deviceSection, identitySection } from "./identity";
import { operatorsSection } from "./operators";
import { conditionsSection, templatesSection } from "./paperwork";
import { mailSettingsSection } from "../mail/mail";

export function settingsScreen(root: HTMLElement, onLanguage: () => void, onChange: () => void): () => void {
  const message = h("div", { class: "messages" });
  const qr = h("div", { class: "calibration" });
  const scanner = h("section", { class: "settings-form" }, h("h3", {}, t("settings.scanner")), h("p", {}, t("settings.scannerHelp")), qr);
  void api.calibrationQr().then((svg) => {
    // The SVG comes from our own Rust code (qrcode crate), never from the outside.
    qr.innerHTML = svg;
  });
  const release = catchKeystrokes((strokes) => {
    if (strokes.length < 10) return;
    void api.calibrateScanner(strokes).then(
      (c) => message.replaceChildren(notice("ok", t("settings.scannerDone", { layout: c.layout === "azerty" ? "AZERTY" : "QWERTY", gap: c.timing.max_gap_ms }))),
      (error) => message.replaceChildren(notice("error", (error as Error).message)));
  });
  const [sync, stopSync] = syncSection(onChange);
  void api.settings().then((loaded) => {
    let settings = loaded;
    const radio = (mode: "priority" | "cheapest") => h("label", { class: "radio" },
      h("input", { type: "radio", name: "mode", value: mode, checked: settings.pricing_mode === mode }),
      t(`settings.mode.${mode}`));
    const form = h("form", { class: "settings-form", onsubmit: async (e: Event) => {
      e.preventDefault();
      const read = check(form, () => ({ months: countValue(form, "voucherValidity", { min: 1, max: 60 }),
        retention: countValue(form, "guestRetention", { min: 12, max: 120 }) }));
      if (!read.ok) { message.replaceChildren(notice("error", read.message)); return; }
      try {
        if (read.value.months !== null && read.value.months !== settings.voucher_validity_months) {
          settings = await api.setVoucherValidity(read.value.months);
        }
        if (read.value.retention !== null && read.value.retention !== settings.guest_retention_months) {
          settings = await api.setGuestRetention(read.value.retention);
        }
        const mode = form.querySelector<HTMLInputElement>("input[name=mode]:checked")?.value as "priority" | "cheapest";
        if (mode !== settings.pricing_mode) await api.setPricingMode(mode);
        const vat = form.querySelector<HTMLInputElement>("input[name=vat]:checked")?.value as VatRegime;
        if (vat !== settings.vat_regime) settings = await api.setVatRegime(vat);
        const chosen = field(form, "lang") as Lang;
        if (chosen !== lang()) { setLang(chosen); onLanguage(); return; }
        message.replaceChildren(notice("ok", t("settings.saved")));
      } catch (error) { message.replaceChildren(notice("error", (error as Error).message)); }
    } },
      h("fieldset", {}, h("legend", {}, t("settings.mode")), radio("priority"), radio("cheapest")),
      h("fieldset", { "data-field": "vat" }, h("legend", {}, t("settings.vat")),
        ...(["franchise", "charged"] as const).map((regime) => h("label", { class: "radio" },
          h("input", { type: "radio", name: "vat", value: regime, checked: settings.vat_regime === regime }),
          t(`settings.vat.${regime}`))),
        h("p", { class: "hint" }, t("settings.vatHelp"))),
      countField({ name: "voucherValidity", label: t("settings.voucherValidity"), value: String(settings.voucher_validity_months), required: true }),
      h("p", { class: "hint" }, t("settings.voucherValidityHelp")),
      countField({ name: "guestRetention", label: t("settings.guestRetention"), value: String(settings.guest_retention_months), required: true }),
      h("p", { class: "hint" }, t("settings.guestRetentionHelp")),
      h("label", {}, t("settings.language"), h("select", { name: "lang" },
        h("option", { value: "fr", selected: lang() === "fr" }, "Français"),
        h("option", { value: "en", selected: lang() === "en" }, "English"))),
      h("button", { type: "submit", class: "primary" }, t("settings.save")));
    root.replaceChildren(h("h2", {}, t("nav.settings")), message,
      h("div", { class: "settings-grid" }, identitySection(settings, (saved) => { settings = saved; }),
        h("div", { class: "settings-column" }, form, deviceSection(settings), operatorsSection(() => document.dispatchEvent(new Event("guichet:who")))),
        h("div", { class: "settings-column" }, sync, mailSettingsSection(), scanner)),
      h("div", { class: "settings-grid paperwork" }, conditionsSection(settings, (saved) => { settings = saved; }), templatesSection()),
      backupSection());
  }, (error) => root.replaceChildren(notice("error", (error as Error).message)));
  return () => { release(); stopSync(); };
}
