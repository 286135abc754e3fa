// Form fields that read the same whatever the system's language (ux.md): dates typed
// as 26/11/2026, times as 19:05, amounts as people write them ("1 100,00", "50 €",
// "70,5"), counts within bounds. The window checks every field before it calls the
// Rust side, so no raw parser text ever reaches the user: a bad field is marked and
// named in a French (or English) sentence that says what to write.
import { h } from "./dom";
import { t } from "./i18n";
import { date as frenchDate } from "./format";

/** A field the user must correct: which one, and the sentence that says how. */
export class FieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function input(form: HTMLFormElement, name: string): HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null {
  const element = form.elements.namedItem(name);
  return element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement
    ? element : null;
}

/** The raw text of a field, trimmed. */
export function raw(form: HTMLFormElement, name: string): string {
  return input(form, name)?.value.trim() ?? "";
}

/** The label's words for a field (its `data-label`), for messages. */
function label(form: HTMLFormElement, name: string): string {
  return input(form, name)?.getAttribute("data-label") ?? name;
}

/** A required text (a name, a title): at most `max` characters. */
export function text(form: HTMLFormElement, name: string, { required = true, max = 200 } = {}): string {
  const value = raw(form, name);
  if (required && value === "") throw new FieldError(name, t("field.required", { field: label(form, name) }));
  if ([...value].length > max) throw new FieldError(name, t("field.tooLong", { field: label(form, name), max }));
  return value;
}

/** "26/11/2026", "26/11/26", "26-11-2026" or "2026-11-26" → "2026-11-26"; null when not a date. */
export function parseDate(value: string): string | null {
  const trimmed = value.trim();
  let day: number, month: number, year: number;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  if (m) [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    m = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{2}|\d{4})$/.exec(trimmed);
    if (!m) return null;
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[3].length === 2) year += 2000;
  }
  if (year < 2000 || year > 2099 || month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** A date field's value as "YYYY-MM-DD". */
export function dateValue(form: HTMLFormElement, name: string): string {
  const value = raw(form, name);
  if (value === "") throw new FieldError(name, t("field.required", { field: label(form, name) }));
  const iso = parseDate(value);
  if (!iso) throw new FieldError(name, t("field.date", { field: label(form, name) }));
  return iso;
}

/** "19:05", "19h05", "19h" → "19:05"; null when not a time of day. */
export function parseTime(value: string): string | null {
  const m = /^(\d{1,2})\s*[:hH]\s*(\d{2})?$/.exec(value.trim());
  if (!m) return null;
  const [hours, minutes] = [Number(m[1]), Number(m[2] ?? "0")];
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/** A time field's value as "HH:MM". */
export function timeValue(form: HTMLFormElement, name: string): string {
  const value = raw(form, name);
  if (value === "") throw new FieldError(name, t("field.required", { field: label(form, name) }));
  const time = parseTime(value);
  if (!time) throw new FieldError(name, t("field.time", { field: label(form, name) }));
  return time;
}

/** Amounts accepted: up to one million euros, two decimals. */
const MAX_AMOUNT = 1_000_000;

/**
 * An amount as people type it → "1100.00" (never a float): "1 100,00", "1100", "50 €",
 * "70,5", "1.100,00", "95.50". Null when it is not an amount.
 */
export function parseAmount(value: string, { negative = false } = {}): string | null {
  let s = value.replace(/[\s\u00a0\u202f€]/g, "").replace(/eur(os?)?$/i, "");
  let sign = "";
  if (s.startsWith("-")) {
    if (!negative) return null;
    sign = "-";
    s = s.slice(1);
  }
  // "1.100,00": dots group thousands when a comma marks the cents.
  if (s.includes(",") && s.includes(".")) s = s.replace(/\./g, "");
  s = s.replace(",", ".");
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const whole = m[1].replace(/^0+(?=\d)/, "");
  if (whole.length > 7 || Number(whole) > MAX_AMOUNT || (Number(whole) === MAX_AMOUNT && /[1-9]/.test(m[2] ?? ""))) return null;
  return `${sign}${whole}.${(m[2] ?? "").padEnd(2, "0")}`;
}

/** An amount field's value as a decimal string ("1100.00"). */
export function amountValue(form: HTMLFormElement, name: string, { required = true, negative = false } = {}): string | null {
  const value = raw(form, name);
  if (value === "") {
    if (required) throw new FieldError(name, t("field.required", { field: label(form, name) }));
    return null;
  }
  const amount = parseAmount(value, { negative });
  if (amount === null) throw new FieldError(name, t("field.amount", { field: label(form, name) }));
  return amount;
}

/** A whole number between `min` and `max` (a count of nights, people, seats…). */
export function countValue(form: HTMLFormElement, name: string, { min = 0, max = 10_000, required = true } = {}): number | null {
  const value = raw(form, name).replace(/[\s\u00a0\u202f]/g, "");
  if (value === "") {
    if (required) throw new FieldError(name, t("field.required", { field: label(form, name) }));
    return null;
  }
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new FieldError(name, t("field.count", { field: label(form, name), min, max }));
  }
  return Number(value);
}

/** An e-mail address (optional unless `required`), at most 254 characters. */
export function emailValue(form: HTMLFormElement, name: string, { required = false } = {}): string | null {
  const value = raw(form, name);
  if (value === "") {
    if (required) throw new FieldError(name, t("field.required", { field: label(form, name) }));
    return null;
  }
  if (value.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
    throw new FieldError(name, t("field.email", { field: label(form, name) }));
  }
  return value;
}

/** A phone number (optional unless `required`): digits, spaces, dots, dashes and +. */
export function phoneValue(form: HTMLFormElement, name: string, { required = false } = {}): string | null {
  const value = raw(form, name);
  if (value === "") {
    if (required) throw new FieldError(name, t("field.required", { field: label(form, name) }));
    return null;
  }
  const digits = value.replace(/\D/g, "");
  if (!/^\+?[\d\s.\-()]+$/.test(value) || digits.length < 6 || digits.length > 15) {
    throw new FieldError(name, t("field.phone", { field: label(form, name) }));
  }
  return value;
}

/**
 * Runs `read` over the form; on a FieldError marks the field (aria-invalid, focus) and
 * returns the message instead of the values. Clears earlier marks first.
 */
export function check<T>(form: HTMLFormElement, read: () => T): { ok: true; value: T } | { ok: false; message: string } {
  form.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (!(error instanceof FieldError)) throw error;
    const element = input(form, error.field);
    if (element) {
      element.setAttribute("aria-invalid", "true");
      element.focus();
    }
    return { ok: false, message: error.message };
  }
}

type FieldOptions = { name: string; label: string; value?: string; required?: boolean; placeholder?: string; max?: number; class?: string; inputmode?: string };

/** A labelled text input; `data-label` names it in messages, `required` marks it. */
export function textField(o: FieldOptions): HTMLLabelElement {
  return h("label", { class: [o.class, o.required ? "required" : ""].filter(Boolean).join(" ") || null },
    h("span", { class: "field-name" }, o.label),
    h("input", { name: o.name, "data-label": o.label, value: o.value ?? "", placeholder: o.placeholder ?? null,
      maxlength: o.max ?? 200, inputmode: o.inputmode ?? null, autocomplete: "off", "aria-required": o.required ? "true" : null }));
}

/** A date input typed as jj/mm/aaaa whatever the system language; `value` is ISO. */
export function dateField(o: FieldOptions): HTMLLabelElement {
  return textField({ ...o, value: o.value ? frenchDate(o.value) : "", placeholder: t("field.datePlaceholder"), max: 10, inputmode: "numeric" });
}

/** A time input typed as hh:mm. */
export function timeField(o: FieldOptions): HTMLLabelElement {
  return textField({ ...o, placeholder: o.placeholder ?? "19:30", max: 5, inputmode: "numeric" });
}

/** An amount input typed the French way ("1 100,00"). */
export function amountField(o: FieldOptions): HTMLLabelElement {
  return textField({ ...o, placeholder: o.placeholder ?? "95,00", max: 20, inputmode: "decimal" });
}

/** A count input (digits only). */
export function countField(o: FieldOptions): HTMLLabelElement {
  return textField({ ...o, max: 9, inputmode: "numeric" });
}

/** Sets a date field from an ISO date (shown as jj/mm/aaaa). */
export function setDate(form: HTMLFormElement, name: string, iso: string): void {
  const element = input(form, name);
  if (element) element.value = frenchDate(iso);
}
