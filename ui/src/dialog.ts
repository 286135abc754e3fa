// In-app dialogs (ux.md: never the browser's confirm/prompt/alert, which speak the
// system's language): a modal box over the screen, Escape or "Retour" closes it, the
// first field (or the main button) has the focus.
import { h } from "./dom";
import { check } from "./fields";
import { t } from "./i18n";

/** Opens a modal holding `body` and `actions`; `close()` removes it. */
function modal(title: string, body: Node[], actions: HTMLElement[], onEscape: () => void): { box: HTMLElement; close: () => void } {
  const box = h("div", { class: "dialog", role: "dialog", "aria-modal": "true", "aria-label": title },
    h("h3", {}, title), ...body, h("div", { class: "actions" }, ...actions));
  const backdrop = h("div", { class: "dialog-backdrop" }, box);
  const keys = (event: KeyboardEvent) => {
    if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); onEscape(); }
  };
  document.addEventListener("keydown", keys, true);
  document.body.append(backdrop);
  return { box, close: () => { document.removeEventListener("keydown", keys, true); backdrop.remove(); } };
}

/** Asks once: resolves true when the person confirms, false on "Retour" or Escape. */
export function confirmDialog(o: { title: string; text: string; confirm: string; danger?: boolean }): Promise<boolean> {
  return new Promise((done) => {
    const finish = (answer: boolean) => { close(); done(answer); };
    const yes = h("button", { class: o.danger ? "danger" : "primary", "data-action": "confirm", onclick: () => finish(true) }, o.confirm);
    const { close } = modal(o.title, [h("p", {}, o.text)],
      [yes, h("button", { "data-action": "back", onclick: () => finish(false) }, t("dialog.back"))], () => finish(false));
    yes.focus();
  });
}

/**
 * A form in a dialog: `fields` are built with fields.ts, `read` checks them (check());
 * resolves with the value read, or null on "Retour"/Escape. A refusal from `submit`
 * (the Rust side) shows in the dialog, which stays open so nothing typed is lost.
 */
export function formDialog<T, R>(o: {
  title: string; intro?: string; fields: HTMLElement[]; confirm: string;
  read: (form: HTMLFormElement) => T; submit: (value: T) => Promise<R>;
  /** The confirm button's words as the fields change (default: `confirm`). */
  confirmFor?: (form: HTMLFormElement) => string;
}): Promise<R | null> {
  return new Promise((done) => {
    const message = h("div", { class: "messages" });
    const form = h("form", { novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void send(); } },
      ...(o.intro ? [h("p", { class: "hint" }, o.intro)] : []), ...o.fields,
      h("button", { type: "submit", hidden: true }));
    const finish = (value: R | null) => { close(); done(value); };
    const send = async () => {
      const read = check(form, () => o.read(form));
      if (!read.ok) { message.replaceChildren(h("div", { class: "notice error", role: "alert" }, read.message)); return; }
      try { finish(await o.submit(read.value)); }
      catch (error) { message.replaceChildren(h("div", { class: "notice error", role: "alert" }, (error as Error).message)); }
    };
    const words = document.createTextNode(o.confirmFor?.(form) ?? o.confirm);
    if (o.confirmFor) form.addEventListener("change", () => { words.textContent = o.confirmFor!(form); });
    const { box, close } = modal(o.title, [form, message], [
      h("button", { class: "primary", "data-action": "confirm", onclick: () => void send() }, words, h("kbd", {}, "Entrée")),
      h("button", { "data-action": "back", onclick: () => finish(null) }, t("dialog.back"), h("kbd", {}, "Échap")),
    ], () => finish(null));
    (box.querySelector("input, select") as HTMLElement | null)?.focus();
  });
}

interface Ask {
  title: string;
  text: string;
  confirm: string;
  /** A destructive action: the confirm button is red. */
  danger?: boolean;
  /** Extra content (a form's fields) between the text and the buttons. */
  body?: HTMLElement;
  /** Runs on confirm; a returned message keeps the dialog open and shows it. */
  check?: () => Promise<string | null> | string | null;
}

/**
 * Asks once, saying what will happen, with optional fields; resolves true when
 * confirmed (after `check` passed: a refusal shows in the dialog, which stays open so
 * nothing typed is lost), false on "Retour" or Escape.
 */
export function ask(o: Ask): Promise<boolean> {
  return new Promise((resolve) => {
    const message = h("p", { class: "dialog-error", role: "alert", hidden: true });
    const confirm = h("button", { class: o.danger ? "danger" : "primary", "data-action": "dialog-confirm", type: "submit" },
      o.confirm, h("kbd", {}, "Entrée"));
    const cancel = h("button", { type: "button", "data-action": "dialog-cancel", onclick: () => done(false) },
      t("dialog.back"), h("kbd", {}, "Échap"));
    const form = h("form", { class: "dialog-form", novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void submit(); } },
      h("p", { class: "dialog-text" }, o.text), o.body ?? null, message, h("div", { class: "actions" }, confirm, cancel));
    const { close } = modal(o.title, [form], [], () => done(false));
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
      close();
      resolve(value);
    }
    (form.querySelector<HTMLElement>("input, select, textarea") ?? confirm).focus();
  });
}

/**
 * The fields of an `ask` dialog, as a form of their own (so `check()` can read them):
 * Enter in a field confirms the dialog instead of submitting (and reloading) the page
 * (its hidden submit button lets Enter submit a form of several fields).
 */
export function dialogFields(...children: HTMLElement[]): HTMLFormElement {
  const form: HTMLFormElement = h("form", { class: "dialog-fields", novalidate: true, onsubmit: (e: Event) => {
    e.preventDefault();
    form.parentElement?.closest("form")?.requestSubmit();
  } }, ...children, h("button", { type: "submit", hidden: true, tabindex: -1 }));
  return form;
}
