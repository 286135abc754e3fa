// "Qui est là ?": once this device has a manager, the window asks who is at it (a
// name and a PIN) before anything else, and the header shows who it is, to switch
// or lock. What each role may do is checked on the Rust side (operators.rs); the
// window only follows what `who` says.
import { api, type WhoView } from "../../ipc";
import { h, notice } from "../../dom";
import { check } from "../../fields";
import { t } from "../../i18n";
import { pinField, pinValue } from "./pin";

const ROLE_KEYS = { manager: "role.manager", cashier: "role.cashier", gate: "role.gate" } as const;

/** The French (or English) name of a role. */
export function roleName(role: keyof typeof ROLE_KEYS): string {
  return t(ROLE_KEYS[role]);
}

/**
 * The full-window "Qui est là ?" screen: pick a name, type the PIN. `onDone` gets the
 * new `who`. With `cancel`, a button goes back without changing anything.
 */
export async function askWho(onDone: (who: WhoView) => void, cancel?: () => void): Promise<void> {
  const operators = await api.operators();
  const message = h("div", { class: "messages" });
  const select = h("select", { name: "who", "data-label": t("who.name") },
    ...operators.map((o) => h("option", { value: o.id }, `${o.name} — ${roleName(o.role)}`)));
  const form: HTMLFormElement = h("form", { class: "who-form", novalidate: true, onsubmit: async (e: Event) => {
    e.preventDefault();
    const read = check(form, () => ({ who: select.value, pin: pinValue(form, "pin") }));
    if (!read.ok) { message.replaceChildren(notice("error", read.message)); return; }
    try {
      const who = await api.signIn(read.value.who, read.value.pin);
      overlay.remove();
      onDone(who);
    } catch (error) {
      message.replaceChildren(notice("error", (error as Error).message));
      form.querySelector<HTMLInputElement>("input[name=pin]")!.value = "";
    }
  } },
    h("h2", {}, t("who.title")), message,
    h("label", {}, h("span", { class: "field-name" }, t("who.name")), select),
    pinField({ name: "pin", label: t("who.pin"), required: true }),
    h("div", { class: "actions" },
      h("button", { type: "submit", class: "primary", "data-action": "sign-in" }, t("who.signIn")),
      cancel ? h("button", { type: "button", onclick: () => { overlay.remove(); cancel(); } }, t("who.cancel")) : null));
  const overlay = h("div", { class: "who-overlay", role: "dialog", "aria-modal": "true" }, form);
  document.querySelector(".who-overlay")?.remove();
  document.body.append(overlay);
  form.querySelector<HTMLInputElement>("input[name=pin]")!.focus();
}

/** The header's button: who is signed in (click: switch or lock); hidden without operators. */
export function operatorButton(onChange: (who: WhoView) => void): { element: HTMLElement; show: (who: WhoView) => void } {
  const name = h("span", { class: "who-name" });
  const lock = h("button", { class: "who-lock", title: t("who.lockHelp"), "data-action": "lock", onclick: async () => {
    const who = await api.signOut();
    onChange(who);
  } }, t("who.lock"));
  const switchButton = h("button", { class: "who-switch", "data-action": "switch", title: t("who.switchHelp"),
    onclick: () => void askWho(onChange, () => undefined) }, name);
  const element = h("div", { class: "who", hidden: true }, switchButton, lock);
  return {
    element,
    show(who: WhoView) {
      element.hidden = !who.operators;
      name.textContent = who.current ? `${who.current.name} · ${roleName(who.current.role)}` : t("who.title");
      lock.hidden = !who.current;
    },
  };
}
