// Paramètres → the provider's identity (printed on contracts and invoices): name,
// address, SIRET, VAT number, e-mail, phone, logo. Checked here before the call
// (SIRET's key, the VAT number's key and its SIREN, the postcode), and again on the
// Rust side. The logo is scaled down here to 512 px at most and 500 kB at most.
import { api, type SettingsView } from "../../ipc";
import { h, notice } from "../../dom";
import { FieldError, check, emailValue, phoneValue, raw, text, textField } from "../../fields";
import { t } from "../../i18n";
import { persistDraft } from "../../drafts";

const MAX_LOGO_PX = 512;
const MAX_LOGO_BYTES = 500_000;

function luhn(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((c, i) => {
    let d = Number(c);
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  });
  return sum % 10 === 0;
}

const compact = (value: string) => value.replace(/[\s.\u00a0\u202f]/g, "");

/** A SIRET: 14 digits passing Luhn; La Poste's (SIREN 356000000): digit sum a multiple of 5. */
export function siretValid(value: string): boolean {
  const siret = compact(value);
  if (!/^\d{14}$/.test(siret)) return false;
  if (siret.startsWith("356000000") && siret !== "35600000000000") {
    return [...siret].reduce((n, c) => n + Number(c), 0) % 5 === 0;
  }
  return luhn(siret);
}

/** A French VAT number: FR, key = (12 + 3 × (SIREN mod 97)) mod 97, then the SIREN. */
export function vatValid(value: string): boolean {
  const m = /^FR(\d{2})(\d{9})$/.exec(compact(value).toUpperCase());
  return m !== null && luhn(m[2]) && Number(m[1]) === (12 + 3 * (Number(m[2]) % 97)) % 97;
}

function label(form: HTMLFormElement, name: string): string {
  return form.querySelector(`[name="${name}"]`)?.getAttribute("data-label") ?? name;
}

/** Reads an image file and scales it to fit 512 px and 500 kB, as a data URL. */
async function scaledLogo(file: File): Promise<string> {
  if (!["image/png", "image/jpeg"].includes(file.type)) throw new Error(t("identity.logoType"));
  const url = URL.createObjectURL(file);
  try {
    const image = await new Promise<HTMLImageElement>((done, fail) => {
      const img = new Image();
      img.onload = () => done(img);
      img.onerror = () => fail(new Error(t("identity.logoUnreadable")));
      img.src = url;
    });
    let scale = Math.min(1, MAX_LOGO_PX / Math.max(image.naturalWidth, image.naturalHeight));
    for (let attempt = 0; attempt < 6; attempt++) {
      const canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
      canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
      canvas.getContext("2d")!.drawImage(image, 0, 0, canvas.width, canvas.height);
      const data = canvas.toDataURL(file.type, 0.85);
      if ((data.length - data.indexOf(",") - 1) * 3 / 4 <= MAX_LOGO_BYTES) return data;
      scale *= 0.7;
    }
    throw new Error(t("identity.logoUnreadable"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The identity form; `onSaved` gets the new settings. */
export function identitySection(settings: SettingsView, onSaved: (s: SettingsView) => void): HTMLElement {
  const message = h("div", { class: "messages" });
  const say = (kind: "ok" | "error", words: string) => message.replaceChildren(notice(kind, words));
  const id = settings.identity;
  let logo = id.logo;
  const preview = h("img", { class: "logo-preview", alt: t("identity.logo"), hidden: !logo, src: logo || null });
  const none = h("span", { class: "logo-none", hidden: !!logo }, t("identity.logoNone"));
  const showLogo = () => {
    preview.hidden = !logo;
    none.hidden = !!logo;
    if (logo) preview.src = logo; else preview.removeAttribute("src");
    remove.hidden = !logo;
  };
  const remove = h("button", { type: "button", "data-action": "remove-logo", hidden: !logo,
    onclick: () => { logo = ""; showLogo(); } }, t("identity.logoRemove"));
  // The system's file button speaks the system's language: a French button opens it.
  const file = h("input", { type: "file", name: "logo-file", accept: "image/png,image/jpeg", hidden: true, onchange: async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    try { logo = await scaledLogo(chosen); showLogo(); message.replaceChildren(); }
    catch (error) { say("error", (error as Error).message); }
    file.value = "";
  } });

  const form: HTMLFormElement = h("form", { class: "settings-form identity", novalidate: true, onsubmit: async (e: Event) => {
    e.preventDefault();
    const read = check(form, () => {
      const siret = compact(raw(form, "siret"));
      if (siret && !siretValid(siret)) throw new FieldError("siret", t("identity.siretInvalid", { field: label(form, "siret") }));
      const vat = compact(raw(form, "vat_number")).toUpperCase();
      if (vat && !vatValid(vat)) throw new FieldError("vat_number", t("identity.vatInvalid", { field: label(form, "vat_number") }));
      if (vat && siret && vat.slice(4) !== siret.slice(0, 9)) {
        throw new FieldError("vat_number", t("identity.vatMismatch", { field: label(form, "vat_number") }));
      }
      const postcode = raw(form, "postcode");
      if (postcode && /^france$/i.test(raw(form, "country")) && !/^\d{5}$/.test(postcode)) {
        throw new FieldError("postcode", t("identity.postcodeInvalid", { field: label(form, "postcode") }));
      }
      return {
        name: text(form, "provider", { max: 200 }),
        identity: {
          street: text(form, "street", { required: false }), postcode, town: text(form, "town", { required: false }),
          country: text(form, "country", { required: false }), siret, vat_number: vat,
          email: emailValue(form, "email") ?? "", phone: phoneValue(form, "phone") ?? "", logo,
        },
      };
    });
    if (!read.ok) return say("error", read.message);
    try {
      if (read.value.name !== settings.provider_name) settings = await api.setProviderName(read.value.name);
      settings = await api.setIdentity(read.value.identity);
      draft.clear();
      say("ok", t("identity.saved"));
      onSaved(settings);
    } catch (error) { say("error", (error as Error).message); }
  } },
    h("h3", {}, t("identity.title")), h("p", { class: "help" }, t("identity.help")), message,
    textField({ name: "provider", label: t("identity.name"), value: settings.provider_name, required: true }),
    textField({ name: "street", label: t("identity.street"), value: id.street }),
    h("div", { class: "field-row" },
      textField({ name: "postcode", label: t("identity.postcode"), value: id.postcode, max: 10, inputmode: "numeric" }),
      textField({ name: "town", label: t("identity.town"), value: id.town })),
    textField({ name: "country", label: t("identity.country"), value: id.country || "France" }),
    textField({ name: "siret", label: t("identity.siret"), value: id.siret, max: 20, inputmode: "numeric", placeholder: "732 829 320 00074" }),
    textField({ name: "vat_number", label: t("identity.vat"), value: id.vat_number, max: 20, placeholder: "FR 44 732829320" }),
    textField({ name: "email", label: t("identity.email"), value: id.email, max: 254 }),
    textField({ name: "phone", label: t("identity.phone"), value: id.phone, max: 30 }),
    h("div", { class: "logo" }, h("span", { class: "field-name" }, t("identity.logo")), preview, none, file,
      h("button", { type: "button", "data-action": "choose-logo", onclick: () => file.click() }, t("identity.logoChoose")), remove),
    h("button", { type: "submit", class: "primary", "data-action": "save-identity" }, t("identity.save")));
  const draft = persistDraft(form, "settings.identity");
  return form;
}

/** This device's name. */
export function deviceSection(settings: SettingsView): HTMLElement {
  const message = h("div", { class: "messages" });
  const form: HTMLFormElement = h("form", { class: "settings-form device", novalidate: true, onsubmit: async (e: Event) => {
    e.preventDefault();
    const read = check(form, () => text(form, "device", { max: 60 }));
    if (!read.ok) return message.replaceChildren(notice("error", read.message));
    try {
      const saved = await api.setDeviceName(read.value);
      draft.clear();
      message.replaceChildren(notice("ok", t("device.saved", { name: saved.device_name })));
    } catch (error) { message.replaceChildren(notice("error", (error as Error).message)); }
  } },
    h("h3", {}, t("device.title")), h("p", { class: "help" }, t("device.help")), message,
    textField({ name: "device", label: t("device.name"), value: settings.device_name, required: true, max: 60 }),
    h("button", { type: "submit", "data-action": "save-device" }, t("device.save")));
  const draft = persistDraft(form, "settings.device");
  return form;
}
