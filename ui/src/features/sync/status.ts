// The sync status in the corner of every screen (ux.md): "Hors ligne · 3 opérations
// en attente", "Synchronisé il y a 2 min", "Non inscrit — Paramètres", with a
// progress bar while a long push or pull runs. It reads the local copy only; a click
// opens Paramètres, where sync is set up and run by hand.
import { api, onSyncChanged, onSyncProgress, type SyncProgress, type SyncStatus } from "../../ipc";
import { h, notice } from "../../dom";
import { lang, plural, t } from "../../i18n";
import { ago, dateTime } from "../../format";

/** What the status says: its kind (for its colour) and its words. */
export interface StatusWords { kind: "unenrolled" | "offline" | "refused" | "pending" | "synced" | "connecting"; text: string; title: string }

/** "3 opérations en attente" / "1 opération en attente". */
export function pendingText(pending: number): string {
  return plural(pending, "status.pendingOne", "status.pending");
}

/** The status's words for `status`. */
export function describe(status: SyncStatus): StatusWords {
  const { state } = status;
  const pending = state.pending > 0 ? pendingText(state.pending) : t("status.nothingPending");
  const last = state.last_success_at ? t("status.lastSuccess", { at: dateTime(state.last_success_at) }) : "";
  if (!status.enrolment) {
    return { kind: "unenrolled", text: t("status.unenrolled"), title: `${t("status.unenrolledHelp")} ${pending}.` };
  }
  if (state.last_error && state.last_error_code !== "offline") {
    // Reached, but refused (a revoked device, a version to update): not "offline".
    return { kind: "refused", text: `${t("status.refused")} · ${pending}`, title: [state.last_error, last].filter(Boolean).join("\n") };
  }
  if (state.last_error) {
    return { kind: "offline", text: `${t("status.offline")} · ${pending}`, title: [state.last_error, last].filter(Boolean).join("\n") };
  }
  if (state.pending > 0) return { kind: "pending", text: pending, title: last };
  if (state.last_success_at) {
    return { kind: "synced", text: t("status.synced", { ago: ago(state.last_success_at, status.now) }), title: last };
  }
  return { kind: "connecting", text: t("status.connecting"), title: "" };
}

/**
 * The corner: a button that opens Paramètres. `onStatus` hears every status read
 * (the navigation's conflict badge). Returns the element and a refresh.
 */
export function statusCorner(openSettings: () => void, onStatus: (status: SyncStatus) => void):
  { element: HTMLElement; refresh: () => Promise<void> } {
  const words = h("span", { class: "status-words" });
  const bar = h("progress", { class: "sync-progress", hidden: true });
  const element = h("button", { class: "sync-status", role: "status", "aria-live": "polite", onclick: openSettings },
    h("span", { class: "dot" }), words, bar);
  let latest: StatusWords | undefined;

  async function refresh(): Promise<void> {
    try {
      const status = await api.syncStatus();
      latest = describe(status);
      element.dataset.state = latest.kind;
      element.dataset.pending = String(status.state.pending);
      element.title = latest.title;
      if (bar.hidden) words.textContent = latest.text;
      onStatus(status);
    } catch (error) {
      element.replaceChildren(notice("error", (error as Error).message));
    }
  }

  const progress = (p: SyncProgress) => {
    const running = p.done < p.total;
    bar.hidden = !running;
    if (!running) {
      if (latest) words.textContent = latest.text;
      return;
    }
    bar.max = p.total;
    bar.value = p.done;
    words.textContent = t(p.phase === "push" ? "status.push" : "status.pull",
      { done: p.done.toLocaleString(lang()), total: p.total.toLocaleString(lang()) });
  };
  void onSyncProgress(progress).catch(() => undefined);
  void onSyncChanged(() => { bar.hidden = true; void refresh(); }).catch(() => undefined);
  // "il y a 2 min" moves on even when nothing happens.
  setInterval(() => void refresh(), 30_000);
  return { element, refresh };
}
