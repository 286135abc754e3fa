// In-app dialogs (never the browser's confirm or prompt, which speak the system's
// language and freeze the window): a question asked once that says what will happen,
// and a form in a dialog. Esc cancels, Enter confirms.
import { h } from "./dom";
import { t } from "./i18n";

interface Ask {
  title: string;
  text: string;
  confirm: string;
  /** A destructive action: the confirm button is red. */
  danger?: boolean;
  /** Extra content (a form) between the text and the buttons. */
  body?: HTMLElement;
  /** Runs on confirm; a returned message keeps the dialog open and shows it. */
  check?: () => Promise<string | null> | string | null;
}

/** Opens a modal dialog; resolves true when confirmed (after `check` passed), false when cancelled. */
export function ask(o: Ask): Promise<boolean> {
  return new Promise((resolve) => {
    const message = h("p", { class: "dialog-error", role: "alert", hidden: true });
    const confirm = h("button", { class: o.danger ? "danger" : "primary", "data-action": "dialog-confirm", type: "submit" },
      o.confirm, h("kbd", {}, "Entrée"));
    const cancel = h("button", { type: "button", "data-action": "dialog-cancel", onclick: () => done(false) },
      t("dialog.cancel"), h("kbd", {}, "Échap"));
    const form = h("form", { class: "dialog", novalidate: true, role: "dialog", "aria-modal": "true",
        onsubmit: (e: Event) => { e.preventDefault(); void submit(); } },
      h("h3", {}, o.title), h("p", { class: "dialog-text" }, o.text), o.body ?? null, message,
      h("div", { class: "actions" }, confirm, cancel));
    const backdrop = h("div", { class: "dialog-backdrop" }, form);
    const keys = (event: KeyboardEvent) => {
      if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); done(false); }
    };
    async function submit(): Promise<void> {
      confirm.setAttribute("disabled", "");
      try {
        const problem = o.check ? await o.check() : null;
        if (problem) {
          message.textContent = problem;
          message.hidden = false;
          return;
        }
        done(true);
      } finally {
        confirm.removeAttribute("disabled");
      }
    }
    function done(value: boolean): void {
      document.removeEventListener("keydown", keys, true);
      backdrop.remove();
      resolve(value);
    }
    document.addEventListener("keydown", keys, true);
    document.body.append(backdrop);
    (form.querySelector<HTMLElement>("input, select, textarea") ?? confirm).focus();
  });
}
