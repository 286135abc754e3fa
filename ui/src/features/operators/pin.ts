// A PIN field (4 to 8 digits, hidden as typed) and its check, in the style of fields.ts.
import { FieldError, raw, textField } from "../../fields";
import { t } from "../../i18n";

/** A labelled PIN input: digits only, shown as dots, never kept in a draft. */
export function pinField(o: { name: string; label: string; required?: boolean }): HTMLLabelElement {
  const label = textField({ ...o, max: 8, inputmode: "numeric" });
  const input = label.querySelector("input")!;
  input.type = "password";
  input.autocomplete = "off";
  return label;
}

/** The PIN typed in `name`: 4 to 8 digits. */
export function pinValue(form: HTMLFormElement, name: string): string {
  const value = raw(form, name);
  const field = form.querySelector(`[name="${name}"]`)?.getAttribute("data-label") ?? name;
  if (!/^\d{4,8}$/.test(value)) throw new FieldError(name, t("pin.invalid", { field }));
  return value;
}
