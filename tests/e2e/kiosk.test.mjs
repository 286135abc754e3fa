// Issue 8: the gate's kiosk mode in the real window — full screen, no navigation, F5
// and Escape do not leave it, a crash (kill -9) and a relaunch come back in it; and
// the header's status corner stays on screen at the window's minimum width.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Session, killWindow, sleep, withDemoDataDir } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const artifacts = join(root, "tests/e2e/artifacts");

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
      assert.equal(await visible(session, "header.top"), true);
    } finally {
      await session.close();
    }
  });
});
