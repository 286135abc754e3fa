// Issue 8: the gate's kiosk mode in the real window — full screen, no navigation, F5
// and Escape do not leave it, a crash (kill -9) and a relaunch come back in it; and
// the header's status corner stays on screen at the window's minimum width.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session, killWindow, sleep, withDemoDataDir } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const artifacts = join(root, "tests/e2e/artifacts");

/** Waits until `css`'s text is `text` (the window answers asynchronously). */
const waitText = (session, css, text) => session.execute(`return new Promise((done, fail) => {
  const until = Date.now() + 10000; const wait = () => { const e = document.querySelector(arguments[0]);
  if (e && e.textContent === arguments[1]) done(true); else if (Date.now() > until) fail(new Error(e ? e.textContent : "absent")); else setTimeout(wait, 50); }; wait(); });`, [css, text]);

const visible = (session, css) => session.execute(`const e = document.querySelector(arguments[0]);
  return !!e && e.getBoundingClientRect().height > 0 && getComputedStyle(e).display !== "none";`, [css]);

test("the gate's kiosk mode is full screen, survives kill -9, and the corner fits 900 px", async () => {
  mkdirSync(artifacts, { recursive: true });
  await withDemoDataDir(guichet, "guichet-kiosk-", async ({ driver, base }) => {
    let session = await Session.create(base, desktop);
    try {
      await session.find("table.planning", 20_000);
      // The minimum width (tauri.conf.json): the corner is on screen.
      await session.cmd("POST", "/window/rect", { width: 900, height: 700 });
      await sleep(800);
      const corner = await session.execute(`const r = document.querySelector(".sync-status").getBoundingClientRect();
        return [r.left, r.right, document.documentElement.clientWidth];`);
      assert.ok(corner[0] >= 0 && corner[1] <= corner[2], `corner on screen: ${corner}`);
      writeFileSync(join(artifacts, "header-900-window.png"), await session.screenshot());

      await session.press("\uE03A"); // F10: access control
      await session.click("button[data-action=kiosk]");
      await session.find("body.kiosk");
      await sleep(1000);
      const rect = await session.cmd("GET", "/window/rect");
      const screen = await session.execute("return [screen.width, screen.height]");
      assert.deepEqual([rect.width, rect.height], screen, "full screen");
      assert.equal(await visible(session, "header.top"), false, "no navigation bar");
      await session.press("\uE035"); // F5
      await session.press("\uE00C"); // Escape
      assert.equal(await visible(session, "table.planning"), false, "still the gate");
      writeFileSync(join(artifacts, "kiosk.png"), await session.screenshot());

      assert.ok(await killWindow(driver) > 0);
      await session.close();
      session = await Session.create(base, desktop);
      await session.find("body.kiosk", 20_000);
      await session.find("button[data-action=leave-kiosk]");
      assert.equal(await visible(session, "header.top"), false, "back in kiosk mode after the crash");
      // No operator on this device: leaving asks for no PIN, and says how to protect it.
      await session.click("button[data-action=leave-kiosk]");
      assert.match(await session.text(".who-form p"), /Créez un responsable avec un code PIN/);
      await session.click("button[data-action=confirm-leave]");
      await session.find("body:not(.kiosk)");
      // Back to the gate's own layout; another screen shows the navigation again.
      await session.press("\uE035");
      await session.find("table.planning", 10_000);
      assert.equal(await visible(session, "header.top"), true);
    } finally {
      await session.close();
    }
  });
});

test("operators in the real window: who is there, a gate volunteer's scan names them, only a manager's PIN leaves the kiosk", async () => {
  await withDemoDataDir(guichet, "guichet-operators-", async ({ dataDir, driver, base }) => {
    const run = (...args) => JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, "--json", ...args]).toString());
    const pins = mkdtempSync(join(tmpdir(), "guichet-pins-"));
    writeFileSync(join(pins, "anne"), "1234\n");
    writeFileSync(join(pins, "gaby"), "3456\n");
    run("operators", "add", "Anne", "--role", "manager", "--pin-file", join(pins, "anne"));
    run("operators", "add", "Gaby", "--role", "gate", "--pin-file", join(pins, "gaby"));
    const session = run("sessions")[0].id;
    const [code] = run("tickets", "issue", "--session", session, "--quantity", "1").codes;
    let window = await Session.create(base, desktop);
    try {
      await window.find(".who-overlay form.who-form", 20_000);
      const gaby = await window.execute(`return [...document.querySelectorAll(".who-form select option")].find(o => o.textContent.startsWith("Gaby")).value`);
      await window.execute(`const s = document.querySelector(".who-form select"); s.value = arguments[0];`, [gaby]);
      await window.type(".who-form input[name=pin]", "3456");
      await window.click(".who-form button[data-action=sign-in]");
      await window.find(".who:not([hidden]) .who-switch", 10_000);
      await waitText(window, ".who-switch", "Gaby · Contrôle d'accès");
      // A gate volunteer cannot change the settings: the Rust side says so in French.
      await window.press("\uE037"); // F7
      await window.type("form.unit-form input[name=name]", "Cabane");
      await window.click("form.unit-form button[type=submit]");
      assert.match(await window.text(".notice.error"), /^Gaby \(contrôle d'accès\) ne peut pas modifier les hébergements : seul un responsable le peut/);
      await window.press("\uE03A"); // F10
      await window.find(`.gate select option[value="${session}"]`);
      await window.type(".gate input[name=code]", `${code}\uE007`);
      await window.find(".verdict[data-verdict=admitted]");
      await sleep(300);
      const by = execFileSync("sqlite3", [join(dataDir, "guichet.db"),
        "SELECT made_by FROM outbox_ops WHERE kind = 'ticket_scanned' ORDER BY seq DESC LIMIT 1"]).toString().trim();
      assert.equal(by, "Gaby", "the scan names who made it");
      await window.click("button[data-action=kiosk]");
      await window.find("body.kiosk");
      await window.click("button[data-action=leave-kiosk]");
      await window.type(".who-form input[name=pin]", "3456");
      await window.click("button[data-action=confirm-leave]");
      assert.equal(await window.text(".who-form .notice.error"), "nom ou code PIN incorrect : retapez votre code");
      await window.execute(`document.querySelector(".who-form input[name=pin]").value = ""`);
      await window.type(".who-form input[name=pin]", "1234");
      await window.click("button[data-action=confirm-leave]");
      await window.find("body:not(.kiosk)");
      await window.press("\uE035");
      await window.find("table.planning", 10_000);
      assert.equal(await window.text(".who-switch"), "Gaby · Contrôle d'accès", "leaving does not sign Anne in");
    } finally {
      await window.close();
    }
  });
});
