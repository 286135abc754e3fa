// Printing 400 tickets in the real Tauri window: the PDF renders off the main thread
// and outside the application's lock, so the window keeps answering (a command sent
// meanwhile comes back at once) and shows a progress bar until the PDF is ready.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session, startDriver } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");

const json = (args) => JSON.parse(execFileSync(guichet, [...args, "--json"]).toString());

test("t4 printing 400 tickets keeps the real window answering and shows its progress", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "guichet-print-"));
  execFileSync(guichet, ["--data-dir", dataDir, "demo"]);
  const session = json(["--data-dir", dataDir, "sessions"])[0].id;
  const { booking } = json(["--data-dir", dataDir, "tickets", "issue", "--session", session, "--quantity", "400"]);
  // The PDF is saved where the user chose.
  const file = join(mkdtempSync(join(tmpdir(), "guichet-billets-")), "billets.pdf");
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir });
  let window;
  try {
    window = await Session.create(base, desktop);
    await window.find("table.planning", 20_000);
    const seen = await window.execute(`return (async () => {
      const invoke = window.__TAURI_INTERNALS__.invoke;
      const began = performance.now();
      let printed = null;
      const printing = invoke("print_tickets", { booking: arguments[0], printer: null, file: arguments[1] })
        .then((path) => { printed = performance.now() - began; return path; });
      let last = performance.now(), worstFrame = 0;
      const frame = () => {
        const now = performance.now();
        worstFrame = Math.max(worstFrame, now - last);
        last = now;
        if (printed === null) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      await new Promise((done) => setTimeout(done, 300));
      const bar = document.querySelector(".progress-bar");
      const barShown = !bar.hidden ? bar.innerText : null;
      const asked = performance.now();
      await invoke("settings");
      const answer = performance.now() - asked;
      const answeredDuringPrint = printed === null;
      const path = await printing;
      await new Promise((done) => setTimeout(done, 100));
      return { path, printed, answer, answeredDuringPrint, worstFrame, barShown, barAfter: bar.hidden };
    })()`, [booking, file]);
    console.log(`# print of 400 tickets: ${Math.round(seen.printed)} ms; settings answered in ${Math.round(seen.answer)} ms ` +
      `meanwhile; longest gap between frames ${Math.round(seen.worstFrame)} ms`);
    assert.equal(seen.path, file);
    assert.ok(existsSync(seen.path), seen.path);
    assert.ok(seen.answeredDuringPrint, `the window answered only after the print (${JSON.stringify(seen)})`);
    assert.ok(seen.answer < 500, `settings took ${seen.answer} ms during the print`);
    assert.match(seen.barShown ?? "", /Mise en page de 400 billet\(s\)/);
    assert.equal(seen.barAfter, true, "the progress bar goes away once the PDF is ready");
  } finally {
    await window?.close();
    driver.kill();
  }
});
