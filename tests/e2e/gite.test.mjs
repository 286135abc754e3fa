// The gîte owner's whole job in the real window (WebKitGTK under Xvfb), from an empty
// data dir and without the command line: a gîte let Saturday to Saturday is added,
// given its weekly tariffs, booked by dragging a week on the planning; its file is
// opened, paid, moved to the next week and cancelled. The database file is read at the
// end to check what the window did.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ELEMENT, Session, sleep, startDriver } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const artifacts = join(root, "tests/e2e/artifacts");

/** "2026-12-05" → "05/12/2026". */
const french = (iso) => iso.split("-").reverse().join("/");
const plusDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

test("p1 p8 a weekly gîte is set up, booked Saturday to Saturday by dragging, paid, moved and cancelled in the window", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "guichet-gite-"));
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir });
  let session;
  /** Waits until `css` reads `expected` (the screen answers asynchronously). */
  const says = async (css, expected) => {
    try {
      await session.until(`return document.querySelector(arguments[0])?.innerText.trim() === arguments[1]`, [css, expected]);
    } catch {
      assert.equal(await session.text(css), expected);
    }
  };
  const shot = async (name) => {
    await sleep(500);
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, `gite-${name}.png`), await session.screenshot());
  };
  try {
    session = await Session.create(base, desktop);
    // An empty data dir: the welcome screen; the owner adds the gîte in Hébergements.
    await session.click("nav button[data-screen=units]");
    await session.fill("form.unit-form input[name=name]", "Gîte des Lilas");
    await session.fill("form.unit-form input[name=capacity]", "6");
    await session.click("form.unit-form button[type=submit]");
    await session.until("return document.querySelector('ol.unit-rows li')?.textContent.includes('Gîte des Lilas')");

    // Tarifs: 650 € the week from Saturday, for ten weeks from the second Saturday on.
    const today = new Date().toISOString().slice(0, 10);
    let saturday = plusDays(today, 8);
    while (new Date(`${saturday}T00:00:00Z`).getUTCDay() !== 6) saturday = plusDays(saturday, 1);
    await session.click("nav button[data-screen=tariffs]");
    await session.find("form.tariff-form select[name=unit] option");
    await session.execute(`const s = document.querySelector("form.tariff-form select[name=kind]");
      s.value = "weekly"; s.dispatchEvent(new Event("change"));`);
    await session.fill("form.tariff-form input[name=from]", french(saturday));
    await session.fill("form.tariff-form input[name=until]", french(plusDays(saturday, 70)));
    await session.fill("form.tariff-form input[name=price]", "650 €");
    await shot("1-tariffs");
    await session.click("form.tariff-form button[type=submit]");
    await says(".messages .notice.ok", "10 tarifs enregistrés.");

    // Planning: the gîte's nights are free and unpriced one by one; Saturdays show 650.
    await session.click("nav button[data-screen=planning]");
    const arrival = await session.until(`return document.querySelector("tr[data-unit] td[data-date='${saturday}']")`);
    assert.equal(await session.execute("return arguments[0].dataset.arrival", [arrival]), "7");
    assert.match(await session.execute("return arguments[0].textContent", [arrival]), /7n\s*650/);
    await shot("2-planning");
    // A midweek drag says why it cannot be sold.
    const [wed, fri] = await session.execute(`return [document.querySelector("td[data-date='${plusDays(saturday, 4)}']"),
      document.querySelector("td[data-date='${plusDays(saturday, 6)}']")]`);
    await session.drag(wed[ELEMENT], fri[ELEMENT]);
    assert.match(await session.text(".stay-panel .notice.error"), /ce gîte se loue du samedi au samedi : par exemple du samedi/);
    await shot("3-midweek-refused");
    await session.press("\uE00C");
    // Saturday to Saturday: seven nights dragged.
    const last = await session.execute(`return document.querySelector("td[data-date='${plusDays(saturday, 6)}']")`);
    await session.drag(arrival[ELEMENT], last[ELEMENT]);
    const total = await session.until(`return document.querySelector(".stay-panel .price[data-total]")?.dataset.total`);
    assert.equal(total, "650.00");
    assert.equal(await session.text(".stay-panel .stay-dates"), `Du ${french(saturday)} au ${french(plusDays(saturday, 7))} · 7 nuits`);
    await session.fill(".stay-panel input[name=name]", "Famille Martin");
    await session.fill(".stay-panel input[name=phone]", "06 12 34 56 78");
    await session.fill(".stay-panel input[name=children]", "2");
    await shot("4-quote");
    await session.click(".stay-panel button[data-action=book]");
    await says(".screen-messages .notice.ok", "Réservation confirmée pour Famille Martin : 650,00 €.");

    // The bar opens the file: pay a deposit, move it a week later, cancel it.
    await session.click("td.bar.booking[title^='Famille Martin']");
    assert.equal(await session.text("dd[data-field=balance]"), "650,00 €");
    await session.fill("form.pay-form input[name=amount]", "200");
    await session.execute(`document.querySelector("form.pay-form select[name=method]").value = "cheque";`);
    await session.click("form.pay-form button[data-action=pay]");
    await says(".stay-panel .notice.ok", "Paiement de 200,00 € enregistré. Reste dû : 450,00 €.");
    await shot("5-paid");
    await session.click(".stay-panel button[data-action=move]");
    await session.fill(".dialog form input[name=from]", french(plusDays(saturday, 7)));
    await session.until(`return document.querySelector(".move-quote")?.textContent.includes("650,00 €")`);
    await shot("6-move");
    await session.click(".dialog form button[data-action=dialog-confirm]");
    await says(".stay-panel .notice.ok", "Réservation déplacée.");
    assert.match(await session.text("dd[data-field=stay]"), new RegExp(`Du ${french(plusDays(saturday, 7))} au ${french(plusDays(saturday, 14))} · 7 nuits`));
    await says("dd[data-field=balance]", "450,00 €");
    await session.click(".stay-panel button[data-action=cancel]");
    assert.match(await session.text(".dialog-text"), /sera annulée : ses nuits redeviennent libres/);
    await shot("7-cancel-asked");
    await session.click(".dialog form button[data-action=dialog-confirm]");
    await says(".stay-panel .notice.ok", "Réservation de Famille Martin annulée : les nuits sont libres.");
    await session.until("return document.querySelectorAll('td.bar.booking').length === 0");
    await shot("8-cancelled");

    const db = join(dataDir, "guichet.db");
    const rows = JSON.parse(execFileSync("sqlite3", ["-json", db,
      "SELECT start, nights, total, status, adults, children FROM bookings"]).toString());
    assert.deepEqual(rows, [{ start: plusDays(saturday, 7), nights: 7, total: "650.00", status: "cancelled", adults: 2, children: 2 }]);
    const payments = JSON.parse(execFileSync("sqlite3", ["-json", db, "SELECT amount, method FROM payments"]).toString());
    assert.deepEqual(payments, [{ amount: "200.00", method: "cheque" }]);
    const ops = execFileSync("sqlite3", [db, "SELECT kind FROM outbox_ops ORDER BY seq"]).toString().trim().split("\n");
    assert.deepEqual(ops.slice(-4), ["booking_made", "payment_recorded", "booking_moved", "booking_cancelled"]);
  } finally {
    await session?.close();
    driver.kill();
  }
});
