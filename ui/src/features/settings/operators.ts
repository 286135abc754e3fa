// Paramètres → Opérateurs: add (name, role, PIN), change a role or a PIN, remove
// (asked once; the last manager cannot be removed — the Rust side refuses it and
// says what to do). Only a manager may (checked on the Rust side).
import { api, type OperatorView, type Role } from "../../ipc";
import { h, notice } from "../../dom";
import { check, text, textField } from "../../fields";
import { t } from "../../i18n";
import { persistDraft } from "../../drafts";
import { pinField, pinValue } from "../operators/pin";
import { roleName } from "../operators/who";

const ROLES: Role[] = ["manager", "cashier", "gate"];

function roleSelect(name: string, value: Role, onchange?: () => void): HTMLSelectElement {
  return h("select", { name, "data-label": t("operators.role"), onchange: onchange ?? null },
    ...ROLES.map((r) => h("option", { value: r, selected: r === value }, roleName(r))));
}

/** The operators section; `onWho` is called when who is signed in may have changed. */
export function operatorsSection(onWho: () => void): HTMLElement {
  const message = h("div", { class: "messages" });
  const say = (kind: "ok" | "error", words: string) => message.replaceChildren(notice(kind, words));
  const list = h("ul", { class: "operators" });
  const act = async (work: () => Promise<string>) => {
    try { say("ok", await work()); await draw(); onWho(); } catch (error) { say("error", (error as Error).message); }
  };

  function row(o: OperatorView): HTMLElement {
    const actions = h("div", { class: "actions" });
    const changePin = () => {
      const form: HTMLFormElement = h("form", { class: "pin-form", novalidate: true, onsubmit: (e: Event) => {
        e.preventDefault();
        const read = check(form, () => pinValue(form, "pin"));
        if (!read.ok) return say("error", read.message);
        void act(async () => { await api.setOperatorPin(o.id, read.value); return t("operators.pinChanged", { name: o.name }); });
      } }, pinField({ name: "pin", label: t("operators.newPin"), required: true }),
        h("button", { type: "submit", "data-action": "save-pin" }, t("operators.changePin")));
      actions.replaceChildren(form);
      form.querySelector("input")!.focus();
    };
    const askRemove = () => {
      const confirm = h("button", { class: "danger", "data-action": "confirm-remove",
        onclick: () => void act(async () => { await api.removeOperator(o.id); return t("operators.removed", { name: o.name }); }) },
      t("operators.confirmRemove", { name: o.name }));
      actions.replaceChildren(h("div", { class: "confirm", role: "alertdialog" },
        h("p", {}, t("operators.removeWhat", { name: o.name })),
        h("div", { class: "actions" }, confirm, h("button", { onclick: () => void draw() }, t("operators.keep")))));
      confirm.focus();
    };
    const role = roleSelect("role", o.role, () => void act(async () => {
      const changed = await api.setOperatorRole(o.id, role.value as Role);
      return t("operators.roleChanged", { name: changed.name, role: roleName(changed.role) });
    }));
    actions.append(
      h("button", { "data-action": "change-pin", onclick: changePin }, t("operators.changePin")),
      h("button", { "data-action": "remove", onclick: askRemove }, t("operators.remove")));
    return h("li", { "data-operator": o.name }, h("strong", {}, o.name), role, actions);
  }

  async function draw(): Promise<void> {
    const operators = await api.operators();
    list.replaceChildren(...(operators.length === 0 ? [h("li", { class: "none" }, t("operators.none"))] : operators.map(row)));
  }

  const form: HTMLFormElement = h("form", { class: "add-operator", novalidate: true, onsubmit: (e: Event) => {
    e.preventDefault();
    const read = check(form, () => ({ name: text(form, "name", { max: 60 }), role: form.querySelector<HTMLSelectElement>("select[name=new-role]")!.value as Role, pin: pinValue(form, "pin") }));
    if (!read.ok) return say("error", read.message);
    void act(async () => {
      const added = await api.addOperator(read.value.name, read.value.role, read.value.pin);
      form.reset();
      draft.clear();
      return t("operators.added", { name: added.name });
    });
  } },
    textField({ name: "name", label: t("operators.name"), required: true, max: 60 }),
    h("label", {}, h("span", { class: "field-name" }, t("operators.role")), roleSelect("new-role", "manager")),
    pinField({ name: "pin", label: t("operators.pin"), required: true }),
    h("button", { type: "submit", class: "primary", "data-action": "add-operator" }, t("operators.add")));
  const draft = persistDraft(form, "settings.operator");

  void draw().catch((error) => say("error", (error as Error).message));
  return h("section", { class: "settings-form operators-section" },
    h("h3", {}, t("operators.title")), h("p", { class: "help" }, t("operators.help")), message, list, form);
}
