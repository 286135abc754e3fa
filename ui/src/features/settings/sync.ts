// Paramètres → Synchronisation: enrol this device (server address and one-time code),
// then see the provider and server, where sync stands, and sync now with progress
// and the result in words (« 3 envoyées, 12 reçues, 1 conflit à régler »).
import { api, onSyncChanged, onSyncProgress, type SyncReport, type SyncStatus } from "../../ipc";
import { field, h, notice } from "../../dom";
import { plural, t, type Key } from "../../i18n";
import { ago, dateTime } from "../../format";
import { pendingText } from "../sync/status";

/** « 3 envoyées, 12 reçues, 1 conflit à régler » */
export function reportText(report: SyncReport): string {
  return t("sync.done", {
    pushed: plural(report.pushed, "sync.pushedOne", "sync.pushed"),
    pulled: plural(report.pulled, "sync.pulledOne", "sync.pulled"),
    conflicts: report.conflicts === 0 ? t("sync.noConflict") : plural(report.conflicts, "sync.conflictOne", "sync.conflictMany"),
  });
}

/**
 * The section and what stops it following the background sync; `onChange` after an
 * enrolment or a sync (the status corner).
 */
export function syncSection(onChange: () => void): [HTMLElement, () => void] {
  const message = h("div", { class: "messages" });
  const body = h("div", {});
  const section = h("section", { class: "settings-form sync-section" }, h("h3", {}, t("sync.title")), message, body);
  const say = (kind: "ok" | "error", text: string) => message.replaceChildren(notice(kind, text));
  const failed = (error: unknown) => say("error", (error as Error).message);

  function enrolForm(): HTMLElement {
    const button = h("button", { type: "submit", class: "primary", "data-action": "enroll" }, t("sync.enroll"));
    const form: HTMLFormElement = h("form", { class: "enroll", onsubmit: async (e: Event) => {
      e.preventDefault();
      button.disabled = true;
      try {
        const enrolled = await api.enroll(field(form, "server"), field(form, "code"));
        say("ok", t("sync.enrolled", { provider: enrolled.provider_name }));
        onChange();
        await draw();
      } catch (error) { failed(error); } finally { button.disabled = false; }
    } },
      h("p", { class: "hint" }, t("sync.help")),
      h("label", {}, t("sync.server"), h("input", { name: "server", required: true, placeholder: "https://sync.exemple.fr", autocomplete: "url" })),
      h("label", {}, t("sync.code"), h("input", { name: "code", required: true, autocomplete: "off", spellcheck: "false" })),
      button);
    return form;
  }

  function enrolled(status: SyncStatus): HTMLElement {
    const { state } = status;
    const enrolment = status.enrolment!;
    const bar = h("progress", { hidden: true });
    const button = h("button", { class: "primary", "data-action": "sync-now" }, t("sync.now"));
    button.onclick = async () => {
      const stop = onSyncProgress((p) => {
        bar.max = Math.max(p.total, 1);
        bar.value = p.done;
      });
      button.disabled = true;
      bar.hidden = false;
      bar.removeAttribute("value");
      message.replaceChildren(notice("ok", t("sync.running")));
      try {
        say("ok", reportText(await api.syncNow()));
      } catch (error) { failed(error); } finally {
        void stop.then((unlisten) => unlisten()).catch(() => undefined);
        onChange();
        await draw().catch(failed);
      }
    };
    const row = (label: Key, value: string, name: string) => [h("dt", {}, t(label)), h("dd", { "data-field": name }, value)];
    return h("div", {},
      h("dl", { class: "sync-facts" },
        ...row("sync.provider", enrolment.provider_name, "provider"),
        ...row("sync.serverShown", enrolment.server, "server"),
        ...row("sync.device", status.device_name, "device"),
        ...row("sync.last", state.last_success_at
          ? `${dateTime(state.last_success_at)} (${ago(state.last_success_at, status.now)})` : t("sync.never"), "last"),
        ...row("sync.waiting", state.pending > 0 ? pendingText(state.pending) : t("status.nothingPending"), "pending"),
        ...(state.open_conflicts > 0 ? row("sync.conflicts", String(state.open_conflicts), "conflicts") : []),
        ...(state.last_error ? row("sync.lastError", state.last_error, "error") : [])),
      h("div", { class: "actions" }, button, bar));
  }

  async function draw(): Promise<void> {
    const status = await api.syncStatus();
    body.replaceChildren(status.enrolment ? enrolled(status) : enrolForm());
  }

  void draw().catch(failed);
  // What the background sync does shows here too, once enrolled (never under the
  // enrolment form being filled in, nor under a sync being run by hand).
  const unlisten = onSyncChanged(() => {
    if (body.querySelector(".sync-facts") && !body.querySelector("button[data-action=sync-now]:disabled")) void draw().catch(failed);
  });
  return [section, () => void unlisten.then((stop) => stop()).catch(() => undefined)];
}
