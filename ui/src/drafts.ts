// Drafts (issue 8, "nothing typed is lost"): what is typed in a form is kept on the
// Rust side, in the device's SQLite database (not localStorage: WebKit may not flush
// it when the window is killed), a short while after each keystroke and at once when
// a field is left or the window hidden; when the same form is built again — after a
// switch of screens or a relaunch — its fields are filled back. The form clears its
// draft once it is submitted successfully or abandoned.
import { api } from "./ipc";

/** How long typing must pause before the draft is written. */
export const DRAFT_DELAY_MS = 300;

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function fields(form: HTMLFormElement): Field[] {
  return [...form.elements].filter((e): e is Field =>
    (e instanceof HTMLInputElement && !["password", "file", "submit", "button", "hidden"].includes(e.type))
    || e instanceof HTMLSelectElement || e instanceof HTMLTextAreaElement).filter((e) => e.name !== "");
}

function values(form: HTMLFormElement): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const f of fields(form)) {
    if (f instanceof HTMLInputElement && (f.type === "checkbox" || f.type === "radio")) {
      if (f.type === "checkbox") out[f.name] = f.checked;
      else if (f.checked) out[f.name] = f.value;
    } else out[f.name] = f.value;
  }
  return out;
}

/** Puts `value` in the field; false when a select has no such option yet. */
function fill(f: Field, value: string | boolean): boolean {
  if (f instanceof HTMLInputElement && f.type === "checkbox") f.checked = value === true;
  else if (f instanceof HTMLInputElement && f.type === "radio") f.checked = f.value === value;
  else if (f instanceof HTMLSelectElement) {
    if (![...f.options].some((o) => o.value === value)) return false;
    f.value = String(value);
  } else f.value = String(value);
  f.dispatchEvent(new Event(f instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  return true;
}

export interface Draft {
  /** Forgets the draft (the form was saved or abandoned); what is typed next is a new draft. */
  clear(): void;
  /** Resolves once the kept values, if any, are back in the form. */
  readonly restored: Promise<boolean>;
}

/**
 * Keeps what is typed in `form` under `key` and fills it back now if a draft exists.
 * A select whose options arrive later (a list loaded from the Rust side) gets its
 * value when the option appears. Fields the user touched before the draft arrived
 * are left as they are.
 */
export function persistDraft(form: HTMLFormElement, key: string): Draft {
  let timer = 0;
  let cleared = false;
  let touched = false;
  let last = "";
  // One call at a time, in order: a clear never overtakes the save before it.
  let queue: Promise<unknown> = Promise.resolve();
  const send = (call: () => Promise<unknown>) => { queue = queue.then(call).catch(() => { last = ""; }); };
  const save = () => {
    window.clearTimeout(timer);
    if (!touched) return;
    const json = JSON.stringify(values(form));
    if (json === last) return;
    last = json;
    send(() => api.draftSave(key, json));
  };
  // Events of a form no longer on screen (a focused field removed with it) are not typing.
  const later = () => {
    if (!form.isConnected) return;
    touched = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, DRAFT_DELAY_MS);
  };
  const now = () => { if (touched && form.isConnected) save(); };
  const onVisibility = () => { if (document.visibilityState === "hidden") now(); };
  form.addEventListener("input", later);
  // A text field's "change" comes when it loses focus (even as it is removed after a
  // submit): only lists and boxes change without typing.
  form.addEventListener("change", (event) => {
    const target = event.target;
    if (target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && ["checkbox", "radio"].includes(target.type))) later();
  });
  form.addEventListener("focusout", now);
  document.addEventListener("visibilitychange", onVisibility);
  window.addEventListener("pagehide", now);
  // The form left the page (another screen): write what waits at once.
  const gone = new MutationObserver(() => { if (!form.isConnected) { save(); stop(); } });
  const stop = () => {
    gone.disconnect();
    document.removeEventListener("visibilitychange", onVisibility);
    window.removeEventListener("pagehide", now);
  };
  queueMicrotask(() => { if (form.isConnected) gone.observe(document.body, { childList: true, subtree: true }); });

  const restored = api.draftLoad(key).then((json) => {
    if (!json || cleared || touched) return false;
    let saved: Record<string, string | boolean>;
    try { saved = JSON.parse(json) as Record<string, string | boolean>; } catch { return false; }
    last = json;
    const waiting: Array<[HTMLSelectElement, string]> = [];
    for (const f of fields(form)) {
      if (!(f.name in saved)) continue;
      if (!fill(f, saved[f.name]) && f instanceof HTMLSelectElement) waiting.push([f, String(saved[f.name])]);
    }
    for (const [select, value] of waiting) {
      const options = new MutationObserver(() => {
        if (touched || cleared) { options.disconnect(); return; }
        if (fill(select, value)) options.disconnect();
      });
      options.observe(select, { childList: true });
    }
    form.classList.add("draft-restored");
    return true;
  }).catch(() => false);

  return {
    restored,
    clear() {
      cleared = true;
      touched = false;
      last = "";
      window.clearTimeout(timer);
      form.classList.remove("draft-restored");
      send(() => api.draftClear(key));
    },
  };
}
