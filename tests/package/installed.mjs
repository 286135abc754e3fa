// Launches the INSTALLED Guichet (/usr/bin/guichet-desktop, from the .deb) through
// WebKitWebDriver on a demo data dir and finds the planning: what a gîte owner sees
// after installing the app. Run by tests/package/install.sh, under Xvfb.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Session, startDriver } from "../e2e/webdriver.mjs";

const [binary, dataDir] = process.argv.slice(2);
const artifacts = join(resolve(import.meta.dirname, "../.."), "tests/e2e/artifacts");
const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir });
let window;
try {
  window = await Session.create(base, binary);
  await window.find("table.planning tr[data-unit]", 30_000);
  const units = await window.execute(
    `return [...document.querySelectorAll("table.planning tr[data-unit]")].map(r => r.querySelector("th")?.textContent ?? "")`);
  assert.ok(units.length >= 2, `units on the planning: ${units}`);
  const title = await window.execute("return document.title");
  const nav = await window.execute(`return document.body.innerText`);
  assert.match(nav, /Planning/);
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(artifacts, "installed-planning.png"), await window.screenshot());
  console.log(`planning trouvé dans l'application installée (${title}) : ${units.length} hébergements — ${units.join(", ")}`);
} finally {
  await window?.close();
  driver.kill();
}
