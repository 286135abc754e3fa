// Guichet's window: a tab bar, the current screen, and the always-visible
// offline/sync status in the corner (ux.md).
import "./styles.css";
import { api, onHardwareScan, type ScanView } from "./ipc";
import { h, notice } from "./dom";
import { lang, setLang, t } from "./i18n";
import { planningScreen } from "./features/planning/planning";
import { tariffsScreen } from "./features/tariffs/tariffs";
import { unitsScreen } from "./features/units/units";
import { calendarsScreen } from "./features/units/calendars";
import { settingsScreen } from "./features/settings/settings";
import { welcomeScreen } from "./features/welcome/welcome";
import { GATE_SESSION, gateScreen } from "./features/gate/gate";
import { catchKeystrokes } from "./features/gate/keystrokes";
import { festivalScreen } from "./features/festival/festival";
import { boxOfficeScreen } from "./features/box-office/box-office";
import { conflictsScreen } from "./features/sync/conflicts";
import { mailScreen } from "./features/mail/mail";
import { tillScreen } from "./features/till/till";
import { scannedVoucher, vouchersScreen } from "./features/till/vouchers";
import { productsScreen } from "./features/till/products";
import { accountsScreen } from "./features/accounts/accounts";
import { statusCorner } from "./features/sync/status";
import { progressBar } from "./progress";
import { askWho, operatorButton } from "./features/operators/who";
import { inKiosk, kioskGate, resumeKiosk } from "./features/gate/kiosk";
import type { WhoView } from "./ipc";

type Screen = "planning" | "tariffs" | "units" | "festival" | "boxOffice" | "till" | "gate" | "vouchers" | "products" | "accounts" | "conflicts" | "mail" | "settings" | "calendars";

const app = document.getElementById("app")!;
const screenMessages = h("div", { class: "screen-messages" });
const main = h("main", {});
let current: Screen = "planning";
// The screen before the gate, where "Quitter le contrôle" goes back to.
let beforeGate: Screen = "boxOffice";
let dispose: (() => void) | void;
// The unit whose iCal calendars show (reached from Hébergements or the planning).
let calendarUnit: string | null = null;
// The navigation's count of conflicts to settle, kept up to date by the status corner.
const conflictsBadge = h("span", { class: "badge", hidden: true });
const corner = statusCorner(() => show("settings"), (status) => {
  const open = status.state.open_conflicts;
  conflictsBadge.hidden = open === 0;
  conflictsBadge.textContent = String(open);
  conflictsBadge.title = t("nav.openConflicts", { n: open });
});
const refreshStatus = corner.refresh;
// Who is at this device (once it has operators): a new person sees their own rights.
const whoButton = operatorButton((who) => { whoButton.show(who); if (who.operators && !who.current) void askWho(signedIn); else render(); });
function signedIn(who: WhoView): void { whoButton.show(who); render(); }

function show(screen: Screen, pending: ScanView | null = null, voucher: string | null = null): void {
  if (screen === "gate" && current !== "gate") beforeGate = current;
  current = screen;
  // A notice belongs to the screen it was said on.
  screenMessages.replaceChildren();
  if (typeof dispose === "function") dispose();
  dispose = undefined;
  // Calendriers belongs to Hébergements: its tab stays lit.
  const tab = screen === "calendars" ? "units" : screen;
  document.querySelectorAll("nav button").forEach((b) => b.classList.toggle("active", b.getAttribute("data-screen") === tab));
  const onChange = () => void refreshStatus();
  switch (screen) {
    case "planning": dispose = planningScreen(main, onChange); break;
    case "tariffs": tariffsScreen(main, onChange); break;
    case "units": unitsScreen(main, onChange); break;
    case "calendars": dispose = calendarsScreen(main, calendarUnit, () => show("units"), onChange); break;
    case "festival": festivalScreen(main, onChange, show); break;
    case "boxOffice": dispose = boxOfficeScreen(main, onChange, show); break;
    case "till": dispose = tillScreen(main, onChange); break;
    case "gate": dispose = kioskGate(main, (inner) => gateScreen(inner, { leave: () => show(beforeGate), setup: () => show("festival"), pending }), () => render()); break;
    case "vouchers": dispose = vouchersScreen(main, onChange, voucher); break;
    case "products": dispose = productsScreen(main, onChange); break;
    case "accounts": dispose = accountsScreen(main); break;
    case "conflicts": dispose = conflictsScreen(main, onChange); break;
    case "mail": dispose = mailScreen(main); break;
    case "settings": dispose = settingsScreen(main, () => render(), onChange); break;
  }
}

function render(): void {
  document.documentElement.lang = lang();
  const tab = (screen: Screen, key: Parameters<typeof t>[0], shortcut: string, badge?: HTMLElement) =>
    h("button", { "data-screen": screen, onclick: () => show(screen), title: shortcut },
      t(key), badge, h("kbd", {}, shortcut));
  app.replaceChildren(
    h("header", { class: "top" },
      h("h1", {}, "Guichet"),
      h("nav", {}, tab("planning", "nav.planning", "F5"), tab("tariffs", "nav.tariffs", "F6"),
        tab("units", "nav.units", "F7"), tab("festival", "nav.festival", "F3"), tab("boxOffice", "nav.boxOffice", "F9"), tab("till", "nav.till", "F12"), tab("gate", "nav.gate", "F10"),
        tab("vouchers", "nav.vouchers", "F1"), tab("products", "nav.products", "Maj+F12"),
        tab("conflicts", "nav.conflicts", "F11", conflictsBadge), tab("settings", "nav.settings", "F8"),
        tab("accounts", "nav.accounts", "Maj+F8")),
      h("div", { class: "corner" },
        whoButton.element,
        h("button", { class: "lang", onclick: () => { setLang(lang() === "fr" ? "en" : "fr"); render(); } },
          lang() === "fr" ? "EN" : "FR"),
        corner.element)),
    screenMessages, main);
  show(current);
  void refreshStatus();
  void api.who().then(whoButton.show, () => undefined);
}

// The e-mail queue has no tab of its own (the header is full at 900 px): Maj+F11, or
// « File d'attente des e-mails » in Paramètres → E-mails.
document.addEventListener("guichet:mail", () => show("mail"));

// A unit's iCal calendars: « Calendriers » in Hébergements, or a « Calendrier importé » bar.
document.addEventListener("guichet:calendars", (event) => {
  calendarUnit = (event as CustomEvent<string>).detail;
  show("calendars");
});

// Operators were added or changed (Paramètres): the header shows who is there now.
document.addEventListener("guichet:who", () => void api.who().then(whoButton.show, () => undefined));

document.addEventListener("keydown", (event) => {
  if (document.querySelector(".dialog")) return;
  // The kiosk is left with a manager's PIN only: no F-key, no Escape.
  if (inKiosk()) {
    if (/^F\d+$/.test(event.key) || event.key === "Escape") event.preventDefault();
    return;
  }
  // Produits is a manager's screen: Maj+F12, beside the cashier's Caisse (F12);
  // Comptabilité too: Maj+F8, beside Paramètres (F8); E-mails: Maj+F11, beside Conflits (F11).
  const key = event.shiftKey && (event.key === "F12" || event.key === "F8" || event.key === "F11") ? `Shift+${event.key}` : event.key;
  const screen = ({ F1: "vouchers", F3: "festival", F5: "planning", F6: "tariffs", F7: "units", F8: "settings", F9: "boxOffice", F10: "gate",
    F11: "conflicts", F12: "till", "Shift+F12": "products", "Shift+F8": "accounts", "Shift+F11": "mail" } as const)[
    key as "F5"];
  if (screen) { event.preventDefault(); show(screen); }
});

async function start(): Promise<void> {
  render();
  try {
    const who = await api.who();
    whoButton.show(who);
    if (who.operators && !who.current) void askWho(signedIn);
    await resumeKiosk(() => show("gate"));
    await api.expireHolds();
    // GDPR housekeeping: guests past the provider's retention period (nothing to say).
    void api.anonymiseExpired().catch(() => undefined);
    if ((await api.units("back_office")).length === 0) {
      // A festival's device (sessions, no units) opens on its box office.
      if ((await api.sessions()).length > 0) {
        if (current === "planning") show("boxOffice");
        return;
      }
      // Not over a screen the person already chose (a key pressed while starting).
      if (current !== "planning") return;
      welcomeScreen(main, (text) => {
        show(text ? "planning" : "units");
        if (text) screenMessages.replaceChildren(notice("ok", text));
        void refreshStatus();
      }, () => show("festival"));
    }
  } catch (error) {
    screenMessages.replaceChildren(notice("error", (error as Error).message));
  }
}

// A scan made while another screen is open is not lost: the hardware readers stay
// open on the gate's last session, and a keyboard-mode scanner's burst is judged
// too; either brings the gate back with the verdict.
void onHardwareScan((scan) => { if (current !== "gate") show("gate", scan); }).catch(() => undefined);
catchKeystrokes((strokes, undo) => {
  const session = localStorage.getItem(GATE_SESSION);
  // At the till a scanned code is a gift voucher, which the till reads itself.
  if (current === "gate" || current === "till" || strokes.at(-1)?.key.kind !== "enter") return;
  const inField = document.activeElement instanceof HTMLInputElement || document.activeElement instanceof HTMLTextAreaElement;
  // A gift voucher's code scanned outside a field opens it in Bons cadeaux (which
  // reads its own scans).
  const voucher = scannedVoucher(strokes);
  if (voucher) {
    if (current === "vouchers" || inField || inKiosk() || document.querySelector(".dialog")) return;
    show("vouchers", null, voucher);
    return true;
  }
  if (!session) return;
  const typed = strokes.flatMap((s) => (s.key.kind === "char" ? [s.key.char] : [])).join("");
  // Only what reads like a ticket code (34 characters, no space): a person typing
  // fast into a form is never judged at the gate.
  if (typed.length < 20 || /\s/.test(typed) || (inField && !/^[A-Za-z0-9]+$/.test(typed))) return;
  void api.keyboardScan(session, strokes).then((scans) => {
    if (scans.length === 0) return;
    undo();
    show("gate", scans[scans.length - 1]);
  }, () => undefined);
}, { keepTab: true });
const lastGate = localStorage.getItem(GATE_SESSION);
if (lastGate) void api.gateSession(lastGate).catch(() => undefined);

setLang(lang());
document.body.append(progressBar());
void start();
