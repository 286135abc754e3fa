// End-to-end in the real Tauri window (WebKitGTK) under Xvfb: book a stay by dragging
// over the planning grid, then find it in the SQLite database file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ELEMENT, Session, sleep, startDriver } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const artifacts = join(root, "tests/e2e/artifacts");

test("p8 a stay dragged in the real window is held then booked, and lands in the database", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "guichet-window-"));
  execFileSync(guichet, ["--data-dir", dataDir, "demo"]);
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir });
  let session;
  try {
    session = await Session.create(base, desktop);
    await session.find("table.planning td[data-free=true]", 20_000);
    // Three free nights in a row of the Roulotte, ten days or more from the grid's start.
    const [first, third] = await session.execute(`
      const row = [...document.querySelectorAll("tr[data-unit]")].find(r => r.textContent.includes("Roulotte"));
      const cells = [...row.querySelectorAll("td")];
      for (let i = 12; i + 2 < cells.length; i++) {
        if ([0, 1, 2].every(k => cells[i + k].dataset.free === "true")) return [cells[i], cells[i + 2]];
      }
      return [];`);
    assert.ok(first && third, "three free nights in a row");
    const from = await session.execute("return arguments[0].dataset.date", [first]);
    // Priority mode: three one-night tariffs, the prices the cells show (P2 step 2).
    const nightly = await session.execute(`const cells = [...arguments[0].parentElement.children];
      const i = cells.indexOf(arguments[0]); return cells.slice(i, i + 3).map(c => Number(c.textContent));`, [first]);
    const expected = `${nightly.reduce((a, b) => a + b, 0)}.00`;
    await session.drag(first[ELEMENT], third[ELEMENT]);
    const total = await session.execute(`return new Promise(done => { const wait = () => {
      const p = document.querySelector(".stay-panel .price[data-total]"); p ? done(p.dataset.total) : setTimeout(wait, 100); }; wait(); });`);
    assert.equal(total, expected);
    assert.match(await session.text(".stay-panel .stay-dates"), /3 nuit/);
    await session.type(".stay-panel input[name=name]", "Client Fenêtre");
    await session.type(".stay-panel input[name=email]", "client.fenetre@exemple.fr");
    await session.click(".stay-panel button[data-action=hold]");
    assert.match(await session.text(".hold-countdown"), /Bloqué pour Client Fenêtre — expire dans (59|60):/);
    await session.click(".stay-panel button[data-action=pay]");
    await session.click(".stay-panel button[data-action=confirm]");
    assert.equal(await session.text(".screen-messages .notice.ok"),
      `Réservation confirmée pour Client Fenêtre : ${expected.replace(".", ",")} €.`);
    await session.find("td.bar.booking[title^='Client Fenêtre']");
    await sleep(500);
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, "window-booked.png"), await session.screenshot());

    const rows = execFileSync("sqlite3", ["-json", join(dataDir, "guichet.db"),
      "SELECT b.start, b.nights, b.total, b.status, h.state AS hold FROM bookings b JOIN holds h ON h.id = b.hold_id WHERE b.guest_name = 'Client Fenêtre'"]).toString();
    assert.deepEqual(JSON.parse(rows), [{ start: from, nights: 3, total: expected, status: "confirmed", hold: "booked" }]);
    const ops = execFileSync("sqlite3", [join(dataDir, "guichet.db"),
      "SELECT kind FROM outbox_ops ORDER BY seq DESC LIMIT 3"]).toString().trim().split("\n");
    assert.deepEqual(ops, ["booking_made", "hold_extended", "hold_placed"]);
  } finally {
    await session?.close();
    driver.kill();
  }
});
