// Issue 8, "nothing typed is lost": text typed in the stay panel and in the tariff
// form of the real window survives `kill -9` of the window (and its WebKit
// processes): relaunched on the same data dir, the forms show it again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ELEMENT, Session, killWindow, sleep, withDemoDataDir } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const artifacts = join(root, "tests/e2e/artifacts");

/** Drags over three free nights of the Roulotte starting `from` (or the first such run from the 12th cell). */
async function dragStay(session, from) {
  const [first, third] = await session.execute(`
    const row = [...document.querySelectorAll("tr[data-unit]")].find(r => r.textContent.includes("Roulotte"));
    const cells = [...row.querySelectorAll("td")];
    for (let i = 12; i + 2 < cells.length; i++) {
      if (arguments[0] && cells[i].dataset.date !== arguments[0]) continue;
      if ([0, 1, 2].every(k => cells[i + k].dataset.free === "true")) return [cells[i], cells[i + 2]];
    }
    return [];`, [from ?? null]);
  assert.ok(first && third, "three free nights in a row");
  const date = await session.execute("return arguments[0].dataset.date", [first]);
  await session.drag(first[ELEMENT], third[ELEMENT]);
  await session.find(".stay-panel form.contact input[name=name]", 20_000);
  return date;
}

async function value(session, css) {
  return session.execute(`const e = document.querySelector(arguments[0]); return e ? e.value : null;`, [css]);
}

test("a draft typed in the stay panel and the tariff form is back after kill -9 and a relaunch", async () => {
  await withDemoDataDir(guichet, "guichet-drafts-", async ({ dataDir, driver, base }) => {
  let session;
  try {
    session = await Session.create(base, desktop);
    await session.find("table.planning td[data-free=true]", 20_000);
    const from = await dragStay(session, null);
    await session.type(".stay-panel input[name=name]", "Client Brouillon");
    await session.type(".stay-panel input[name=phone]", "06 12 34 56 78");
    // Switching screens (F6) keeps the stay panel's draft; type in the tariff form.
    await session.press("\uE036");
    await session.find("form.tariff-form input[name=price]");
    await session.type("form.tariff-form input[name=price]", "1 100,00");
    await sleep(1000);
    // Kill the window and its WebKit processes, as a crash would: no clean exit.
    assert.ok(await killWindow(driver) > 0, "the window's process is found");
    await session.close();

    session = await Session.create(base, desktop);
    await session.find("table.planning td[data-free=true]", 20_000);
    await session.press("\uE036");
    await session.find("form.tariff-form.draft-restored", 10_000);
    assert.equal(await value(session, "form.tariff-form input[name=price]"), "1 100,00");
    await session.press("\uE035");
    await session.find("table.planning td[data-free=true]", 20_000);
    await dragStay(session, from);
    await session.find(".stay-panel form.contact.draft-restored", 10_000);
    assert.equal(await value(session, ".stay-panel input[name=name]"), "Client Brouillon");
    assert.equal(await value(session, ".stay-panel input[name=phone]"), "06 12 34 56 78");
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, "drafts-restored.png"), await session.screenshot());
    // Booking the stay clears its draft; the tariff's is still there.
    await session.click(".stay-panel button[data-action=book]");
    await session.find(".screen-messages .notice.ok", 10_000);
    await sleep(500);
    const keys = execFileSync("sqlite3", [join(dataDir, "guichet.db"), "SELECT key FROM drafts ORDER BY key"]).toString().trim();
    assert.equal(keys, "tariffs");
  } finally {
    await session?.close();
  }
  });
});
