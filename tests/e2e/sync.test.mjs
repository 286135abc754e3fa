// Sync in the real Tauri window (rule D4), against a real `guichet-sync` server on
// loopback and a second device driven by the real `guichet` command line: the window
// is enrolled from Paramètres, goes offline when the server dies (the corner says what
// waits), both devices book the same nights meanwhile, the server comes back, the
// window syncs, the conflict appears in Conflits and is settled by cancelling the
// booking that holds the nights. Screenshots of each step in tests/e2e/artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { Session, sleep, startDriver } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const syncBin = process.env.GUICHET_SYNC_BIN ?? join(root, "target/debug/guichet-sync");
const artifacts = join(root, "tests/e2e/artifacts");

const { GUICHET_SYNC_KEY: _unused, ...serverEnv } = process.env;
const admin = (dir, args) => JSON.parse(execFileSync(syncBin, [...args, "--data", dir, "--json"], { env: serverEnv }).toString());
const device = (dir, args) => JSON.parse(execFileSync(guichet, ["--data-dir", dir, "--json", ...args]).toString());

/** Starts `guichet-sync serve` on `port` (0: any); resolves to the process and its URL. */
async function serve(dir, port) {
  const server = spawn(syncBin, ["serve", "--listen", `127.0.0.1:${port}`, "--data", dir],
    { env: serverEnv, stdio: ["ignore", "pipe", openSync(join(dir, "serve.log"), "a")] });
  const [line] = await Promise.race([
    (async () => { for await (const l of createInterface({ input: server.stdout })) return [l]; return [""]; })(),
    sleep(20_000).then(() => [""]),
  ]);
  const url = line.replace(/^listening on /, "");
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, `guichet-sync did not start: ${line}`);
  return { server, url };
}

/** Waits until `script` (a function body) returns a truthy value in the window. */
async function until(window, script, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await window.execute(script);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await sleep(200);
  }
}

const corner = (window) => window.execute(`const c = document.querySelector(".sync-status");
  return { state: c.dataset.state, pending: Number(c.dataset.pending), text: c.textContent };`);

async function shot(window, name) {
  await sleep(500);
  writeFileSync(join(artifacts, `sync-${name}.png`), await window.screenshot());
}

test("d4 the real window enrols, shows what waits offline, syncs, and settles an overlapping booking from Conflits", async () => {
  mkdirSync(artifacts, { recursive: true });
  const serverDir = mkdtempSync(join(tmpdir(), "guichet-sync-server-"));
  const windowDir = mkdtempSync(join(tmpdir(), "guichet-sync-window-"));
  const otherDir = mkdtempSync(join(tmpdir(), "guichet-sync-other-"));
  execFileSync(guichet, ["--data-dir", windowDir, "demo"]);
  const { provider } = admin(serverDir, ["provider", "add", "Gîtes du Vallon"]);
  const code = () => admin(serverDir, ["enrollment-code", "--provider", provider]).code;
  let { server, url } = await serve(serverDir, 0);
  const port = new URL(url).port;
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: windowDir });
  let window;
  try {
    window = await Session.create(base, desktop);
    await window.find("table.planning", 20_000);
    assert.equal((await corner(window)).text, "Non inscrit — Paramètres");
    await shot(window, "1-not-enrolled");

    // Paramètres through the corner; plain http to another machine is refused in French.
    await window.click(".sync-status");
    await window.type(".sync-section input[name=server]", "http://192.0.2.10:8080");
    await window.type(".sync-section input[name=code]", "ABCD-EFGH");
    await window.click(".sync-section button[data-action=enroll]");
    assert.match(await window.text(".sync-section .notice.error"), /^adresse en clair refusée « http:\/\/192\.0\.2\.10:8080 » : .*HTTPS/);
    await shot(window, "2-enrol-refused");
    await window.execute(`document.querySelector(".sync-section input[name=server]").value = ""`);
    await window.type(".sync-section input[name=server]", url);
    await window.execute(`document.querySelector(".sync-section input[name=code]").value = ""`);
    await window.type(".sync-section input[name=code]", code());
    await window.click(".sync-section button[data-action=enroll]");
    assert.equal(await window.text(".sync-section .notice.ok"), "Poste inscrit auprès de « Gîtes du Vallon » : la synchronisation démarre.");
    assert.equal(await window.text(".sync-section dd[data-field=provider]"), "Gîtes du Vallon");
    assert.equal(await window.text(".sync-section dd[data-field=server]"), url);
    // The background sync pushes the demo by itself.
    await until(window, `const c = document.querySelector(".sync-status");
      return c.dataset.state === "synced" && c.dataset.pending === "0";`, "the demo pushed");
    assert.match((await corner(window)).text, /^Synchronisé (à l'instant|il y a \d+ min)$/);
    await shot(window, "3-enrolled-synced");

    // The second device, on the command line, pulls everything.
    device(otherDir, ["enroll", "--server", url, "--code", code()]);
    assert.ok(device(otherDir, ["sync"]).pulled > 100);
    const unit = device(otherDir, ["units"])[0];

    // The server dies: the corner says offline; both devices book the same nights.
    server.kill("SIGKILL");
    await until(window, `return document.querySelector(".sync-status").dataset.state === "offline"`, "offline");
    device(otherDir, ["bookings", "create", "--unit", unit.id, "--from", "2027-03-06", "--nights", "7",
      "--name", "Famille Roux", "--phone", "0601020304", "--price", "650"]);
    await window.execute(`return window.__TAURI_INTERNALS__.invoke("book", { unit: arguments[0], from: "2027-03-06", nights: 7,
      name: "Famille Lefèvre", email: null, phone: "0605060708", price: "650.00" })`, [unit.id]);
    await window.press("\uE035"); // F5: the planning, the corner in its place
    const offline = await until(window, `const c = document.querySelector(".sync-status");
      return c.dataset.state === "offline" && c.dataset.pending !== "0" && c.textContent;`, "the booking waiting");
    assert.match(offline, /^Hors ligne · \d+ opérations? en attente$/);
    assert.match(await window.execute(`return document.querySelector(".sync-status").title`), /injoignable/);
    await shot(window, "4-offline-pending");

    // Back: the command-line device syncs, the window syncs now from Paramètres.
    ({ server } = await serve(serverDir, port));
    device(otherDir, ["sync"]);
    await window.press("\uE038"); // F8
    await window.click(".sync-section button[data-action=sync-now]");
    const report = await until(window, `const n = document.querySelector(".sync-section .notice");
      return n && n.textContent.startsWith("Synchronisé :") && n.textContent;`, "the sync's result");
    assert.match(report, /^Synchronisé : \d+ envoyées?, \d+ reçues?, (aucun conflit à régler|\d+ conflits? à régler)\.$/);
    await shot(window, "5-synced-now");
    await until(window, `const c = document.querySelector(".sync-status");
      return c.dataset.state === "synced" && c.dataset.pending === "0";`, "synced again");
    const badge = await until(window, `const b = document.querySelector("nav button[data-screen=conflicts] .badge");
      return b && !b.hidden && b.textContent;`, "the conflicts badge");
    assert.equal(badge, "1");

    // Conflits: what, where, when, whom, state; the booking that holds the nights is cancelled.
    await window.press("\uE03B"); // F11
    const card = "article.conflict[data-kind=booking_overlap]";
    const what = await window.text(`${card} .what`);
    // Server order decides which of the two bookings was first: either way, both are named.
    const [refused, holder] = what.includes("La réservation de Famille Lefèvre") ? ["Famille Lefèvre", "Famille Roux"] : ["Famille Roux", "Famille Lefèvre"];
    assert.match(what, new RegExp(`^La réservation de ${refused} \\(.+, du 06/03/2027 au 13/03/2027, 7 nuits\\) est refusée : ces nuits sont déjà réservées pour ${holder}\\.`));
    const facts = await window.execute(`return [...document.querySelectorAll("${card} dd")].map(d => d.textContent)`);
    assert.equal(facts.length, 4);
    assert.match(facts[1], /^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);
    assert.equal(facts[2], `${refused} (réservation refusée) · ${holder} (a les nuits)`);
    assert.equal(facts[3], "À régler");
    assert.doesNotMatch(facts.join(" "), /[0-9a-f]{8}-[0-9a-f]{4}/, "no raw id");
    await shot(window, "6-conflict");
    await window.click(`${card} button[data-action=cancel-other]`);
    assert.match(await window.text(`${card} .confirm p`), new RegExp(`^La réservation de ${holder} .* sera annulée sur tous les postes`));
    await shot(window, "7-confirm");
    await window.click(`${card} button[data-action=confirm-cancel]`);
    await until(window, `return [...document.querySelectorAll("${card} dd")].some(d => d.textContent.endsWith("réservation annulée"))`, "settled");
    await until(window, `return document.querySelector("nav button[data-screen=conflicts] .badge").hidden`, "the badge gone");
    await shot(window, "8-settled");

    // The settlement reaches the other device.
    await until(window, `const c = document.querySelector(".sync-status");
      return c.dataset.state === "synced" && c.dataset.pending === "0";`, "the settlement pushed");
    device(otherDir, ["sync"]);
    const settled = device(otherDir, ["conflicts"]).find((c) => c.kind === "booking_overlap");
    assert.equal(settled.settled_how, "booking_cancelled");
    const held = device(otherDir, ["bookings"]).find((b) => b.guest === holder);
    assert.equal(held.status, "cancelled");

    // A smaller window: the corner and the inbox still fit.
    await window.cmd("POST", "/window/rect", { width: 960, height: 640 });
    await sleep(500);
    const overflow = await window.execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    await shot(window, "9-small-window");
    assert.equal(overflow, 0, "nothing sticks out sideways at 960 × 640");
  } finally {
    await window?.close();
    driver.kill();
    server.kill("SIGKILL");
  }
});
