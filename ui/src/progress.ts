// The progress bar of long work (printing a PDF batch, loading the demo): the Rust
// side reports `progress` events; the bar shows while a task is under way and the
// window stays usable meanwhile.
import { onProgress, type Progress } from "./ipc";
import { h } from "./dom";
import { t } from "./i18n";

/** A bar at the bottom of the window, shown while long work runs. */
export function progressBar(): HTMLElement {
  const label = h("span", { class: "progress-label" });
  const bar = h("progress", {});
  const box = h("div", { class: "progress-bar", role: "status", "aria-live": "polite", hidden: true }, label, bar);
  const show = (p: Progress) => {
    box.hidden = p.done >= p.total;
    box.dataset.task = p.task;
    label.textContent = t(`progress.${p.task}`, { done: p.done, total: p.total });
    bar.max = Math.max(p.total, 1);
    // No step done yet: an indeterminate bar (moving) rather than an empty one.
    if (p.done > 0) bar.value = p.done;
    else bar.removeAttribute("value");
  };
  void onProgress(show).catch(() => undefined);
  return box;
}
