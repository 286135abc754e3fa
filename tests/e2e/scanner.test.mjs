// Scanners as the system sees them, in the real window under Xvfb (build-notes.md,
// "Hardware without hardware"):
//
// - a keyboard-mode scanner set up for US QWERTY on a machine with the French AZERTY
//   layout: `xdotool` sends the KEY CODES the scanner sends (US key positions and
//   Shift, 4 ms apart), and the X server's French layout turns them into other
//   characters (é for 2, q for a, ? for M…) — with and without Caps Lock; the gate
//   must read the ticket back and admit it, then say it was already scanned;
// - a serial scanner on a pseudo-terminal pair (`socat`): the window opens one end
//   (GUICHET_SERIAL_PORT), the test writes the scanner's frames (code + CR LF) to
//   the other, then unplugs it (kills socat) and plugs it back (a new socat on the
//   same path): the gate says so in French and reads the next ticket.
//
// Needs xdotool, setxkbmap (x11-xkb-utils) and socat (scripts/setup.sh installs them).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session, sleep, startDriver } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const artifacts = join(root, "tests/e2e/artifacts");

const json = (dataDir, args) =>
  JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, ...args, "--json"]).toString());

/** The X key codes (evdev, as Xvfb uses) of a US QWERTY keyboard. */
const US_KEYCODES = {
  1: 10, 2: 11, 3: 12, 4: 13, 5: 14, 6: 15, 7: 16, 8: 17, 9: 18, 0: 19,
  Q: 24, W: 25, E: 26, R: 27, T: 28, Y: 29, U: 30, I: 31, O: 32, P: 33,
  A: 38, S: 39, D: 40, F: 41, G: 42, H: 43, J: 44, K: 45, L: 46,
  Z: 52, X: 53, C: 54, V: 55, B: 56, N: 57, M: 58,
};
const RETURN = 36;

/**
 * What a US-QWERTY-configured scanner sends for `code`: for each character, its key
 * code on a US keyboard, with Shift for capitals; then Return. xdotool reads a
 * number as a raw key code, so the server's layout decides what it types.
 */
function scannerKeys(code) {
  const keys = [...code].map((c) => {
    const keycode = US_KEYCODES[c];
    assert.ok(keycode, `no US key for ${c}`);
    return /[A-Z]/.test(c) ? `shift+${keycode}` : String(keycode);
  });
  return [...keys, String(RETURN)];
}

/**
 * A display of this test's own: the layout, the focus and Caps Lock it changes must
 * not reach the windows of other tests running beside it.
 */
async function privateDisplay() {
  const xvfb = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
    { stdio: ["ignore", "ignore", "ignore", "pipe"] });
  const number = await new Promise((done, fail) => {
    xvfb.stdio[3].once("data", (data) => done(data.toString().trim()));
    xvfb.once("exit", () => fail(new Error("Xvfb did not start")));
  });
  return { display: `:${number}`, stop: () => xvfb.kill() };
}

let display = process.env.DISPLAY;
const onDisplay = (command, args) =>
  execFileSync(command, args, { env: { ...process.env, DISPLAY: display } }).toString().trim();
const xdotool = (...args) => onDisplay("xdotool", args);

/** Gives the window the keyboard focus (no window manager under Xvfb). */
function focusWindow() {
  const ids = xdotool("search", "--onlyvisible", "--name", "^Guichet$").split("\n").filter(Boolean);
  assert.ok(ids.length > 0, "the Guichet window is not on the display");
  xdotool("windowfocus", "--sync", ids[0]);
  xdotool("mousemove", "--window", ids[0], "400", "300");
}

/** The verdict shown, or ["none", …] after 10 s without one. */
async function verdictOf(window) {
  return window.execute(`return new Promise(done => { const until = Date.now() + 10000; const wait = () => {
    const v = document.querySelector(".verdict[data-verdict]");
    if (v) done([v.dataset.verdict, v.innerText]);
    else if (Date.now() > until) done(["none", document.querySelector(".gate")?.innerText ?? ""]);
    else setTimeout(wait, 50); }; wait(); });`);
}

/** Waits until the gate is back to waiting (the verdict clears after 3 s). */
async function waitForWaiting(window) {
  await window.execute(`return new Promise(done => { const until = Date.now() + 10000; const wait = () => {
    document.querySelector(".verdict[data-verdict]") && Date.now() < until ? setTimeout(wait, 100) : done(true); }; wait(); });`);
}

/**
 * The scanner scans `code` (its key codes, 4 ms apart) and the gate's verdict is
 * read. On a loaded machine the window may take a pause in the middle of the burst,
 * which then reads as typing (no verdict) or as two pieces (« CODE ILLISIBLE —
 * rescannez »), as it would at a real gate: the volunteer scans again (3 tries).
 */
async function scanKeys(window, code) {
  for (let attempt = 1; ; attempt++) {
    xdotool("key", "--delay", "4", ...scannerKeys(code));
    const [verdict, text] = await verdictOf(window);
    if (!["unreadable", "none"].includes(verdict) || attempt === 3) return [verdict, text];
    await waitForWaiting(window);
  }
}

/** A demo data dir with `n` tickets sold for its first session. */
function demoWithTickets(n) {
  const dataDir = mkdtempSync(join(tmpdir(), "guichet-scanner-"));
  execFileSync(guichet, ["--data-dir", dataDir, "demo"]);
  const session = json(dataDir, ["sessions"])[0].id;
  const { codes } = json(dataDir, ["tickets", "issue", "--session", session, "--quantity", String(n)]);
  return { dataDir, session, codes };
}

async function openGate(window, session) {
  await window.find("table.planning", 20_000);
  await window.press("\uE03A"); // F10: access control
  await window.find(`.gate select option[value="${session}"]`);
  await window.execute("document.activeElement?.blur()");
}

test("t5 a US-QWERTY keyboard scanner on a French AZERTY machine is read back, with and without Caps Lock", async () => {
  const { dataDir, session, codes } = demoWithTickets(3);
  // The codes carry the characters the French layout changes (digits, A, Q, W, Z, M).
  assert.ok(codes.some((c) => /[2-7]/.test(c)), codes.join(" "));
  const x = await privateDisplay();
  display = x.display;
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir, DISPLAY: display });
  let window;
  try {
    window = await Session.create(base, desktop);
    await openGate(window, session);
    // What the window receives, to prove the layout really changed the characters.
    await window.execute(`window.__keys = []; document.addEventListener("keydown",
      (e) => { if (e.key.length === 1) window.__keys.push(e.key); }, true);`);
    const received = async () => window.execute(`const k = window.__keys.join(""); window.__keys = []; return k;`);
    focusWindow();
    // The machine's layout becomes French AZERTY. (Under Xvfb a layout set before a
    // client starts is not seen by it: set it while the window runs, as a person
    // switching layouts would; GTK follows the change.)
    onDisplay("setxkbmap", ["fr"]);
    await sleep(500);

    // 1. Without Caps Lock: admitted, then "déjà scanné".
    const started = Date.now();
    let [verdict, text] = await scanKeys(window, codes[0]);
    const typedMs = Date.now() - started;
    const typed = await received();
    assert.notEqual(typed, codes[0], "the French layout should have changed what was typed");
    assert.match(typed, /[é"'(\-è_çà&]|[a-z?]/, typed);
    assert.equal(verdict, "admitted", `${text} (typed ${typed})`);
    assert.match(text, /ENTRÉE VALIDE/);
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, "scanner-azerty-admitted.png"), await window.screenshot());
    await waitForWaiting(window);
    [verdict, text] = await scanKeys(window, codes[0]);
    assert.equal(verdict, "already_scanned", text);
    assert.match(text, /DÉJÀ/);
    await waitForWaiting(window);

    // 2. With Caps Lock on: Shift now gives small letters, the digit row may change.
    xdotool("key", "Caps_Lock");
    [verdict, text] = await scanKeys(window, codes[1]);
    const typedCaps = await received();
    assert.notEqual(typedCaps, codes[1]);
    assert.match(typedCaps, /[a-z]/, `Caps Lock + Shift types small letters: ${typedCaps}`);
    assert.equal(verdict, "admitted", `${text} (typed ${typedCaps})`);
    await waitForWaiting(window);
    [verdict, text] = await scanKeys(window, codes[1]);
    assert.equal(verdict, "already_scanned", text);
    xdotool("key", "Caps_Lock");

    const stored = execFileSync("sqlite3", [join(dataDir, "guichet.db"),
      "SELECT verdict || ' ' || source FROM scans WHERE verdict <> 'unreadable' ORDER BY rowid"]).toString().trim().split("\n");
    assert.deepEqual(stored, ["admitted keyboard", "already_scanned keyboard",
      "admitted keyboard", "already_scanned keyboard"]);
    // The keys went 4 ms apart (xdotool's delay), far under the 35 ms burst gap.
    assert.ok(typedMs < 10_000, `typing took ${typedMs} ms`);
  } finally {
    await window?.close();
    driver.kill();
    x.stop();
  }
});

/** A pseudo-terminal pair: `app` for the window, `scanner` for the test. */
function plugSerial(dir) {
  const app = join(dir, "douchette");
  const scanner = join(dir, "douchette-cote-test");
  const socat = spawn("socat", ["-d", "-d", `pty,raw,echo=0,link=${app}`, `pty,raw,echo=0,link=${scanner}`],
    { stdio: ["ignore", "ignore", "pipe"] });
  return { socat, app, scanner };
}

async function until(what, check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The serial reader's line in plain words and its details (behind « détails »). */
const serialStatus = (window) =>
  window.execute(`return [...document.querySelectorAll("li[data-kind=serial]")].map((li) => li.textContent).join(" | ")`);

test("t5 a serial scanner on a pseudo-terminal is read, unplugged and plugged back", async () => {
  const { dataDir, session, codes } = demoWithTickets(3);
  const links = mkdtempSync(join(tmpdir(), "guichet-serial-"));
  mkdirSync(artifacts, { recursive: true });
  let plug = plugSerial(links);
  await until("socat's links", () => existsSync(plug.app) && existsSync(plug.scanner));
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir, GUICHET_SERIAL_PORT: plug.app });
  let window;
  try {
    window = await Session.create(base, desktop);
    await openGate(window, session);
    const ready = await until("the serial scanner to be ready", async () => {
      const status = await serialStatus(window);
      return /prête/.test(status) && status;
    });
    assert.match(ready, /Lecteur série : prêt .*douchette série : prête/);

    // The scanner's frames: the code, then CR LF.
    writeFileSync(plug.scanner, `${codes[0]}\r\n`);
    let [verdict, text] = await verdictOf(window);
    assert.equal(verdict, "admitted", text);
    await waitForWaiting(window);
    writeFileSync(plug.scanner, `${codes[0]}\r\n`);
    [verdict, text] = await verdictOf(window);
    assert.equal(verdict, "already_scanned", text);
    await waitForWaiting(window);

    // Unplugged: the gate says it in French, with what to do.
    plug.socat.kill();
    const gone = await until("the unplugged state", async () => {
      const status = await serialStatus(window);
      return !/prête/.test(status) && status;
    });
    assert.match(gone, /douchette série (débranchée|: aucune douchette série sur)|aucune douchette série sur .*branchez-la/);
    assert.match(gone, /branchez-la/);
    assert.doesNotMatch(gone, /os error|Input\/output|No such file|Broken pipe/i);
    writeFileSync(join(artifacts, "scanner-serial-unplugged.png"), await window.screenshot());

    // Plugged back on the same path: found again by itself, and it reads the next ticket.
    plug = plugSerial(links);
    await until("socat's links again", () => existsSync(plug.app) && existsSync(plug.scanner));
    await until("the serial scanner to be ready again", async () => /prête/.test(await serialStatus(window)));
    writeFileSync(plug.scanner, `${codes[1]}\r\n`);
    [verdict, text] = await verdictOf(window);
    assert.equal(verdict, "admitted", text);
    // Two codes in one chunk, as a fast scanner's buffer may deliver them.
    await waitForWaiting(window);
    writeFileSync(plug.scanner, `${codes[2]}\r\n${codes[1]}\r\n`);
    await sleep(1500);
    const stored = execFileSync("sqlite3", [join(dataDir, "guichet.db"),
      "SELECT verdict || ' ' || source FROM scans ORDER BY rowid"]).toString().trim().split("\n");
    assert.deepEqual(stored.slice(-5), ["admitted serial", "already_scanned serial", "admitted serial",
      "admitted serial", "already_scanned serial"]);
  } finally {
    await window?.close();
    driver.kill();
    plug.socat.kill();
  }
});
