// The gate in the real Tauri window, with no network: a ticket sold from the command
// line is typed by a (simulated) keyboard-mode scanner while nothing has the focus;
// the screen turns green, then orange with when and where on the second scan.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session, sleep, startDriver } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const artifacts = join(root, "tests/e2e/artifacts");

const json = (args) => JSON.parse(execFileSync(guichet, [...args, "--json"]).toString());

async function verdictOf(session) {
  return session.execute(`return new Promise(done => { const wait = () => {
    const v = document.querySelector(".verdict[data-verdict]"); v ? done([v.dataset.verdict, v.innerText]) : setTimeout(wait, 50); }; wait(); });`);
}

test("t5 a keyboard scanner's burst at the gate is admitted once, then refused with when and where", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "guichet-gate-"));
  execFileSync(guichet, ["--data-dir", dataDir, "demo"]);
  const session = json(["--data-dir", dataDir, "sessions"])[0].id;
  const [code] = json(["--data-dir", dataDir, "tickets", "issue", "--session", session, "--quantity", "1"]).codes;
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir });
  let window;
  try {
    window = await Session.create(base, desktop);
    await window.find("table.planning", 20_000);
    await window.press("\uE03A"); // F10: access control
    await window.find(`.gate select option[value="${session}"]`);
    await window.execute("document.activeElement.blur()");
    // The hardware inputs report what is missing on this machine, in plain French,
    // the technical reason behind "détails".
    const inputs = await window.execute(`return new Promise(done => { const wait = () => {
      const items = document.querySelectorAll(".devices li[data-kind]:not([data-kind=keyboard])");
      items.length === 3 ? done([...items].map(i => i.textContent)) : setTimeout(wait, 100); }; wait(); });`);
    assert.deepEqual(inputs, ["Douchette USB : non branchée", "Lecteur série : non branché", "Webcam : aucune caméra"]);
    const details = await window.execute("return document.querySelector('.device-details').textContent");
    assert.match(details, /webcam/i);
    await window.scannerBurst(code);
    const [verdict, text] = await verdictOf(window);
    assert.equal(verdict, "admitted");
    assert.match(text, /ENTRÉE VALIDE/);
    assert.equal(await window.execute("return getComputedStyle(document.querySelector('.verdict')).backgroundColor"), "rgb(18, 161, 80)");
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, "gate-admitted.png"), await window.screenshot());
    await sleep(3200); // back to waiting by itself
    assert.equal(await window.execute("return document.querySelector('.verdict').dataset.verdict ?? null"), null);
    await window.scannerBurst(code.toLowerCase());
    const [second, reason] = await verdictOf(window);
    assert.equal(second, "already_scanned");
    // Within 10 s on the same device it is the same person: "DÉJÀ ADMIS ICI — il y a N s".
    assert.match(reason, /DÉJÀ SCANNÉ\s+\d\d:\d\d, poste principal|DÉJÀ ADMIS ICI\s+il y a \d+ s/);
    assert.equal(await window.execute("return getComputedStyle(document.querySelector('.verdict')).backgroundColor"), "rgb(247, 144, 9)");
    writeFileSync(join(artifacts, "gate-already.png"), await window.screenshot());
    // Typed slowly into the manual field, a forged code is refused in red.
    await window.type(".gate input[name=code]", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567\uE007");
    await sleep(300);
    const [third] = await verdictOf(window);
    assert.ok(["unreadable", "forged"].includes(third), third);
    const stored = execFileSync("sqlite3", [join(dataDir, "guichet.db"),
      "SELECT verdict FROM scans ORDER BY at"]).toString().trim().split("\n");
    assert.deepEqual(stored.slice(-3), ["admitted", "already_scanned", third]);
  } finally {
    await window?.close();
    driver.kill();
  }
});
