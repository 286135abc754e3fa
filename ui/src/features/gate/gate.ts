// Contrôle d'accès (ux.md, screen 3): a kiosk. The verdict fills the screen in green,
// orange or red with a sound, then goes back to waiting; beside it, small, the
// session's counters, the last scans, the readers in plain words (technical details
// behind "détails") and a field to type a code. No navigation bar, no notice from
// another screen, no scrolling at 1280×800. Works with no network: every verdict
// comes from the local copy and is stored before it shows.
import { api, onHardwareScan, onWebcamFrame, type DeviceStatus, type Preview, type ScanView, type SessionView } from "../../ipc";
import { h } from "../../dom";
import { time } from "../../format";
import { lang, t } from "../../i18n";
import { catchKeystrokes } from "./keystrokes";
import { play } from "./sound";
import { sessionWhen } from "../festival/festival";

const RESET_MS = 3000;
/** The session last opened at the gate, kept on this machine. */
export const GATE_SESSION = "guichet.gateSession";

function tone(scan: ScanView): "admit" | "already" | "refuse" {
  if (scan.admits) return "admit";
  return scan.verdict === "already_scanned" ? "already" : "refuse";
}

/**
 * The big words and the reason of a verdict in the window's language: French as the
 * application decided them (its message), English made from the same facts.
 */
export function verdictWords(scan: ScanView): [string, string] {
  if (lang() === "fr") {
    const [big, ...reason] = scan.message.split(" — ");
    return [big, reason.join(" — ")];
  }
  switch (scan.verdict) {
    case "admitted": return [t("verdictBig.admitted"), ""];
    case "unknown_genuine": return [t("verdictBig.admitted"), t("verdictWhy.unknown_genuine")];
    case "already_scanned":
      if (scan.here && scan.seconds_ago !== null) return [t("verdictBig.here"), t("verdictWhy.here", { n: scan.seconds_ago })];
      return [t("verdictBig.already_scanned"), scan.first_scan
        ? t("verdictWhy.already_scanned", { at: time(scan.first_scan.at), on: scan.first_scan.device }) : ""];
    default: return [t(`verdictBig.${scan.verdict}`), t(`verdictWhy.${scan.verdict}`)];
  }
}

/** A reader in plain words: what it is and whether it is ready. */
function plainDevice(s: DeviceStatus): string {
  return t(`device.${s.kind}.${s.ready ? "ready" : "missing"}`);
}

/**
 * Draws the webcam's picture (grey) and a green outline around each code it read, so
 * that the volunteer sees where to hold the ticket.
 */
export function drawPreview(canvas: HTMLCanvasElement, frame: Preview): void {
  canvas.width = frame.width;
  canvas.height = frame.height;
  const context = canvas.getContext("2d");
  if (!context) return;
  const image = context.createImageData(frame.width, frame.height);
  frame.luma.forEach((grey, i) => { image.data.set([grey, grey, grey, 255], i * 4); });
  context.putImageData(image, 0, 0);
  context.strokeStyle = "#12a150";
  context.lineWidth = 3;
  for (const corners of frame.marks) {
    context.beginPath();
    corners.forEach(([x, y], i) => (i === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
    context.closePath();
    context.stroke();
  }
  canvas.hidden = false;
  canvas.dataset.marks = String(frame.marks.length);
  canvas.title = frame.marks.length > 0 ? t("gate.cameraRead") : t("gate.camera");
}

/**
 * Enters or leaves the kiosk layout: the gate alone on the screen, no navigation bar,
 * no notices of other screens. The operators' kiosk lock (manager PIN) wraps these.
 */
export function kioskLayout(on: boolean): void {
  document.body.classList.toggle("gate-full", on);
}

export interface GateOptions {
  /** Leaves the gate (back to the screen before it); the kiosk lock may wrap it. */
  leave: () => void;
  /** Goes to the festival setup (no session yet). */
  setup: () => void;
  /** A verdict to show at once (a scan made while another screen was open). */
  pending?: ScanView | null;
}

export function gateScreen(root: HTMLElement, options: GateOptions): () => void {
  const select = h("select", { name: "session", "aria-label": t("gate.session") });
  const counters = h("p", { class: "gate-counters" });
  const verdict = h("section", { class: "verdict waiting", role: "status", "aria-live": "assertive" },
    h("p", { class: "big" }, t("gate.waiting")));
  const recent = h("ol", { class: "recent-scans" });
  const devices = h("ul", { class: "devices" });
  const details = h("ul", { class: "device-details", hidden: true });
  const detailsToggle = h("button", { class: "link", "data-action": "details", "aria-expanded": "false", onclick: () => {
    details.hidden = !details.hidden;
    detailsToggle.setAttribute("aria-expanded", String(!details.hidden));
    detailsToggle.textContent = details.hidden ? t("gate.details") : t("gate.hideDetails");
  } }, t("gate.details"));
  const manual = h("input", { name: "code", autocomplete: "off", placeholder: t("gate.typeCode"), "aria-label": t("gate.manual") });
  const message = h("p", { class: "gate-message", role: "alert", hidden: true });
  const camera = h("canvas", { class: "webcam", hidden: true, "aria-label": t("gate.camera") });
  let reset = 0;
  let disposed = false;
  let sessions: SessionView[] = [];

  const session = () => select.value;
  const say = (text: string | null) => { message.hidden = !text; message.textContent = text ?? ""; };

  async function refresh(): Promise<void> {
    sessions = await api.sessions();
    const chosen = session() || localStorage.getItem(GATE_SESSION) || "";
    select.replaceChildren(...sessions.map((s) => h("option", { value: s.id, selected: s.id === chosen },
      `${s.event} — ${sessionWhen(s)}`)));
    const current = sessions.find((s) => s.id === session());
    counters.textContent = current ? t("gate.counters", { n: current.admitted, of: current.capacity }) : "";
    empty.hidden = sessions.length > 0;
    gate.hidden = sessions.length === 0;
    // No session yet: the navigation stays, so that the volunteer can go and set one up.
    if (!disposed) kioskLayout(sessions.length > 0);
    if (!current) return;
    localStorage.setItem(GATE_SESSION, current.id);
    const scans = await api.recentScans(current.id);
    recent.replaceChildren(...scans.map((s) => h("li", { class: `v-${s.verdict}` },
      h("time", {}, time(s.at)), ` ${t(`verdict.${s.verdict}` as Parameters<typeof t>[0])} · ${s.text.slice(0, 10)}…`)));
  }

  function show(scan: ScanView): void {
    const [big, reason] = verdictWords(scan);
    say(null);
    verdict.className = `verdict ${tone(scan)}`;
    verdict.dataset.verdict = scan.verdict;
    verdict.replaceChildren(h("p", { class: "big" }, big), h("p", { class: "reason" }, reason));
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
    try { show(await api.scan(session(), code, "manual")); } catch (error) { say((error as Error).message); }
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
    }, (error) => say((error as Error).message));
  });

  const empty = h("div", { class: "empty-state gate-empty", hidden: true }, h("p", {}, t("gate.needSession")),
    h("button", { class: "primary", "data-action": "go-festival", onclick: () => options.setup() }, t("box.goFestival")));
  const gate = h("div", { class: "gate" },
    verdict,
    h("aside", { class: "gate-side" },
      h("div", { class: "gate-top" },
        h("button", { class: "leave", "data-action": "leave-gate", onclick: () => options.leave() }, t("gate.leave"))),
      camera,
      h("label", {}, t("gate.session"), select), counters, message,
      h("section", {}, h("h3", {}, t("gate.manual")), manual),
      h("section", { class: "recent" }, h("h3", {}, t("gate.recent")), recent),
      h("section", {}, h("h3", {}, t("gate.devices")), devices, detailsToggle, details)));
  root.replaceChildren(empty, gate);

  let keyboard = h("li", {});
  let keyboardDetail = h("li", {});
  void api.scannerCalibration().then((c) => {
    keyboard = h("li", { class: "ok", "data-kind": "keyboard" }, t("device.keyboard.ready"));
    keyboardDetail = h("li", {}, t("gate.keyboard", { layout: c.layout === "azerty" ? "AZERTY" : "QWERTY", gap: c.timing.max_gap_ms }));
    devices.replaceChildren(keyboard);
    details.replaceChildren(keyboardDetail);
  }, () => undefined);
  const showInputs = (statuses: DeviceStatus[]) => {
    devices.replaceChildren(keyboard, ...statuses.map((s) => h("li", { class: s.ready ? "ok" : "", "data-kind": s.kind }, plainDevice(s))));
    details.replaceChildren(keyboardDetail, ...statuses.map((s) => h("li", { "data-kind": s.kind },
      s.device ? `${s.message} — ${s.device}` : s.message)));
  };
  const poll = window.setInterval(() => void api.inputStatuses().then(showInputs, () => undefined), 1000);
  let unlisten: (() => void) | null = null;
  let unlistenCamera: (() => void) | null = null;
  void onHardwareScan(show).then((stop) => { unlisten = stop; }, () => undefined);
  void onWebcamFrame((frame) => drawPreview(camera, frame)).then((stop) => { unlistenCamera = stop; }, () => undefined);
  select.addEventListener("change", () => { void refresh(); void api.gateSession(session() || null); });
  void refresh().then(() => api.gateSession(session() || null)).then(() => { if (options.pending) show(options.pending); })
    .catch((error) => say((error as Error).message));
  return () => {
    disposed = true;
    release();
    kioskLayout(false);
    window.clearTimeout(reset);
    window.clearInterval(poll);
    unlisten?.();
    unlistenCamera?.();
    // The hardware readers stay open on this session: a scan made while another
    // screen is open brings the gate back with its verdict (main.ts).
  };
}
