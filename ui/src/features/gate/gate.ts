// Contrôle d'accès (ux.md, screen 3): the verdict fills the screen in green, orange
// or red with a sound, then goes back to waiting; the session's counters, the last
// scans and the input devices. Works with no network: every verdict comes from the
// local copy and is stored before it shows.
import { api, onHardwareScan, type DeviceStatus, type ScanView, type SessionView } from "../../ipc";
import { h, notice } from "../../dom";
import { dateTime, time } from "../../format";
import { t } from "../../i18n";
import { catchKeystrokes } from "./keystrokes";
import { play } from "./sound";

const RESET_MS = 3000;

function tone(scan: ScanView): "admit" | "already" | "refuse" {
  if (scan.admits) return "admit";
  return scan.verdict === "already_scanned" ? "already" : "refuse";
}

export function gateScreen(root: HTMLElement): () => void {
  const select = h("select", { name: "session", "aria-label": t("gate.session") });
  const counters = h("p", { class: "gate-counters" });
  const verdict = h("section", { class: "verdict waiting", role: "status", "aria-live": "assertive" },
    h("p", { class: "big" }, t("gate.waiting")));
  const recent = h("ol", { class: "recent-scans" });
  const devices = h("ul", { class: "devices" });
  const manual = h("input", { name: "code", autocomplete: "off", placeholder: t("gate.typeCode") });
  const message = h("div", { class: "messages" });
  let reset = 0;
  let sessions: SessionView[] = [];

  const session = () => select.value;

  async function refresh(): Promise<void> {
    sessions = await api.sessions();
    const chosen = session();
    select.replaceChildren(...sessions.map((s) => h("option", { value: s.id, selected: s.id === chosen },
      `${s.event} — ${dateTime(s.starts_at)}`)));
    const current = sessions.find((s) => s.id === session());
    counters.textContent = current ? t("gate.counters", { n: current.admitted, of: current.capacity }) : "";
    if (!current) return;
    const scans = await api.recentScans(current.id);
    recent.replaceChildren(...scans.map((s) => h("li", { class: `v-${s.verdict}` },
      h("time", {}, time(s.at)), ` ${t(`verdict.${s.verdict}` as Parameters<typeof t>[0])} · ${s.text.slice(0, 12)}… · ${s.device}`)));
  }

  function show(scan: ScanView): void {
    const [big, ...reason] = scan.message.split(" — ");
    verdict.className = `verdict ${tone(scan)}`;
    verdict.dataset.verdict = scan.verdict;
    verdict.replaceChildren(h("p", { class: "big" }, big), h("p", { class: "reason" }, reason.join(" — ")));
    play(tone(scan));
    counters.textContent = t("gate.counters", { n: scan.admitted, of: scan.capacity });
    window.clearTimeout(reset);
    reset = window.setTimeout(() => {
      verdict.className = "verdict waiting";
      delete verdict.dataset.verdict;
      verdict.replaceChildren(h("p", { class: "big" }, t("gate.waiting")));
    }, RESET_MS);
    void refresh();
  }

  async function scanManual(): Promise<void> {
    const code = manual.value.trim();
    if (!code || !session()) return;
    manual.value = "";
    try { show(await api.scan(session(), code, "manual")); } catch (error) { message.replaceChildren(notice("error", (error as Error).message)); }
  }

  const release = catchKeystrokes((strokes, undo) => {
    if (!session()) return;
    void api.keyboardScan(session(), strokes).then((scans) => {
      if (scans.length > 0) {
        undo();
        if (document.activeElement === manual) manual.value = "";
        scans.forEach(show);
      } else if (document.activeElement === manual && strokes.at(-1)?.key.kind === "enter") {
        void scanManual();
      }
    }, (error) => message.replaceChildren(notice("error", (error as Error).message)));
  });

  select.addEventListener("change", () => void refresh());
  root.replaceChildren(
    h("div", { class: "gate" },
      h("div", { class: "gate-bar" }, h("label", {}, t("gate.session"), select), counters),
      message, verdict,
      h("div", { class: "gate-side" },
        h("section", {}, h("h3", {}, t("gate.recent")), recent),
        h("section", {}, h("h3", {}, t("gate.devices")), devices),
        h("section", {}, h("h3", {}, t("gate.manual")), manual))));

  let keyboard: HTMLElement = h("li", {});
  void api.scannerCalibration().then((c) => {
    keyboard = h("li", { class: "ok" }, t("gate.keyboard", { layout: c.layout === "azerty" ? "AZERTY" : "QWERTY", gap: c.timing.max_gap_ms }));
    devices.replaceChildren(keyboard);
  });
  const showInputs = (statuses: DeviceStatus[]) => devices.replaceChildren(keyboard,
    ...statuses.map((s) => h("li", { class: s.ready ? "ok" : "", "data-kind": s.kind }, s.device ? `${s.message} — ${s.device}` : s.message)));
  const poll = window.setInterval(() => void api.inputStatuses().then(showInputs, () => undefined), 1000);
  let unlisten: (() => void) | null = null;
  void onHardwareScan(show).then((stop) => { unlisten = stop; }, () => undefined);
  select.addEventListener("change", () => void api.gateSession(session() || null));
  void refresh().then(() => api.gateSession(session() || null))
    .catch((error) => message.replaceChildren(notice("error", (error as Error).message)));
  return () => {
    release();
    window.clearTimeout(reset);
    window.clearInterval(poll);
    unlisten?.();
    void api.gateSession(null).catch(() => undefined);
  };
}
