// The gate's kiosk mode (issue 8): a wrapper around the gate screen. "Mode borne"
// puts the window full screen (on the Rust side) and hides the navigation; F-keys and
// Esc do not leave it; only a manager's name and PIN do (checked on the Rust side:
// a gate operator cannot). The state is kept on the device: a relaunch after a crash
// comes back in kiosk mode.
import { api } from "../../ipc";
import { h, notice } from "../../dom";
import { check } from "../../fields";
import { t } from "../../i18n";
import { pinField, pinValue } from "../operators/pin";

/** Whether the window is in kiosk mode now. */
export function inKiosk(): boolean {
  return document.body.classList.contains("kiosk");
}

/** Shows the window as a kiosk (the Rust side has recorded it and gone full screen). */
function showKiosk(on: boolean): void {
  document.body.classList.toggle("kiosk", on);
}

/** Comes back in kiosk mode if the device was left in it (a crash, a relaunch). */
export async function resumeKiosk(openGate: () => void): Promise<void> {
  if (!(await api.kiosk())) return;
  await api.enterKiosk();
  showKiosk(true);
  openGate();
}

/** Builds the gate screen (`build`) inside `root` with the kiosk's button and exit. */
export function kioskGate(root: HTMLElement, build: (inner: HTMLElement) => (() => void) | void, onLeave: () => void): () => void {
  const inner = h("div", { class: "kiosk-inner" });
  const message = h("div", { class: "messages" });
  const bar = h("div", { class: "kiosk-bar" });
  const draw = () => {
    bar.replaceChildren(inKiosk()
      ? h("button", { class: "kiosk-exit", "data-action": "leave-kiosk", onclick: () => askLeave() }, t("kiosk.leave"))
      : h("button", { "data-action": "kiosk", title: t("kiosk.help"), onclick: async () => {
        try { await api.enterKiosk(); showKiosk(true); draw(); }
        catch (error) { message.replaceChildren(notice("error", (error as Error).message)); }
      } }, t("kiosk.enter")));
  };

  async function askLeave(): Promise<void> {
    const who = await api.who();
    const managers = who.operators ? (await api.operators()).filter((o) => o.role === "manager") : [];
    const error = h("div", { class: "messages" });
    const form: HTMLFormElement = h("form", { class: "who-form", novalidate: true, onsubmit: async (e: Event) => {
      e.preventDefault();
      const read = check(form, () => managers.length === 0 ? { who: "", pin: "" }
        : { who: form.querySelector<HTMLSelectElement>("select[name=who]")!.value, pin: pinValue(form, "pin") });
      if (!read.ok) { error.replaceChildren(notice("error", read.message)); return; }
      try {
        await api.leaveKiosk(read.value.who, read.value.pin);
        overlay.remove();
        showKiosk(false);
        draw();
        onLeave();
      } catch (failure) { error.replaceChildren(notice("error", (failure as Error).message)); }
    } },
      h("h2", {}, t("kiosk.leaveTitle")), error,
      managers.length === 0 ? h("p", {}, t("kiosk.noManager")) : h("p", {}, t("kiosk.leaveHelp")),
      managers.length === 0 ? null : h("label", {}, h("span", { class: "field-name" }, t("who.name")),
        h("select", { name: "who" }, ...managers.map((m) => h("option", { value: m.id }, m.name)))),
      managers.length === 0 ? null : pinField({ name: "pin", label: t("who.pin"), required: true }),
      h("div", { class: "actions" },
        h("button", { type: "submit", class: "primary", "data-action": "confirm-leave" }, t("kiosk.leave")),
        h("button", { type: "button", onclick: () => overlay.remove() }, t("who.cancel"))));
    const overlay = h("div", { class: "who-overlay", role: "dialog", "aria-modal": "true" }, form);
    document.body.append(overlay);
    form.querySelector<HTMLInputElement>("input[name=pin]")?.focus();
  }

  draw();
  root.replaceChildren(h("div", { class: "kiosk-gate" }, bar, message, inner));
  return build(inner) ?? (() => undefined);
}
