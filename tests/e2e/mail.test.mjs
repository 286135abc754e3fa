// E-mails (rule T6) in the REAL window (WebKitGTK under Xvfb): a ticket booking's
// tickets queued from the command line while the SMTP server is down; the window's
// background sender tries, and the queue (Maj+F11) shows « Échec » with the French
// reason; the server comes up (aiosmtpd on loopback, tests/smtp/server.py), « Envoyer
// maintenant » sends it, the row turns « Envoyé », and the server holds exactly one
// copy, the tickets PDF attached — the background sender never sends it twice.
// Screenshots: tests/e2e/artifacts/mail-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Session, freePort, sleep, withDemoDataDir } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const artifacts = join(root, "tests/e2e/artifacts");
const [SHIFT, F11] = ["\uE008", "\uE03B"];

const json = (dataDir, args) => JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, ...args, "--json"]).toString());

/** aiosmtpd on `port`, writing what it accepts to `out`; resolves once it listens. */
function smtpServer(port, out) {
  const child = spawn("python3", [join(root, "tests/smtp/server.py"), "--port", String(port), "--out", out],
    { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((done, fail) => {
    child.stdout.once("data", (line) => String(line).startsWith("ready") ? done(child) : fail(new Error(String(line))));
    child.once("exit", (code) => fail(new Error(`the SMTP server stopped (${code}): pip install aiosmtpd`)));
  });
}

test("t6 an e-mail queued while the server is down shows why in the window and leaves once when it comes up", async () => {
  await withDemoDataDir(guichet, "guichet-mail-", async ({ dataDir, base }) => {
    const port = await freePort();
    json(dataDir, ["mail", "settings", "--host", "127.0.0.1", "--port", String(port), "--security", "plain",
      "--from", "contact@gite-des-pins.fr", "--from-name", "Gîte des Pins"]);
    const session = json(dataDir, ["sessions"])[0].id;
    const booking = json(dataDir, ["tickets", "list", "--session", session])[0].id;
    const queued = json(dataDir, ["mail", "tickets", booking, "--to", "client@exemple.fr", "--queue-only"]);
    assert.equal(queued.state, "waiting");
    const out = join(dataDir, "recu");
    mkdirSync(out, { recursive: true });
    mkdirSync(artifacts, { recursive: true });
    let server;
    const w = await Session.create(base, desktop);
    try {
      const shot = async (name) => writeFileSync(join(artifacts, `mail-${name}.png`), await w.screenshot());
      await w.cmd("POST", "/window/rect", { x: 0, y: 0, width: 1280, height: 800 });
      await w.find("nav button[data-screen=planning]", 20_000);
      await w.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions: [
        { type: "keyDown", value: SHIFT }, { type: "keyDown", value: F11 }, { type: "keyUp", value: F11 }, { type: "keyUp", value: SHIFT }] }] });
      await w.find(`tr[data-mail='${queued.id}']`, 15_000);
      // The window's own sender tries within seconds and says why it failed.
      await w.until(`return document.querySelector("tr[data-mail='${queued.id}']")?.dataset.state === "failed"`, [], 30_000);
      const failed = await w.text(`tr[data-mail='${queued.id}']`);
      assert.match(failed, /Échec/);
      assert.match(failed, /injoignable \(pas de réseau, ou serveur arrêté\)/);
      assert.match(failed, /billets-[0-9A-F]{8}\.pdf/);
      await shot("1-failed");

      server = await smtpServer(port, out);
      await w.click("[data-action=send-now]");
      await w.until(`return document.querySelector("tr[data-mail='${queued.id}']")?.dataset.state === "sent"`, [], 30_000);
      assert.match(await w.text(`tr[data-mail='${queued.id}'] .mail-state`), /Envoyé/);
      await w.until(`return document.body.innerText.includes("1 envoyé, 0 en attente.")`);
      await shot("2-sent");
      await sleep(7000); // the background sender looks again: nothing more leaves
      const received = readdirSync(out).filter((f) => f.endsWith(".eml"));
      assert.equal(received.length, 1, "sent once");
      const raw = readFileSync(join(out, received[0]), "latin1");
      assert.match(raw, /^Content-Type: application\/pdf/m);
      assert.match(raw, /^Message-ID: /m);
      assert.equal(json(dataDir, ["mail", "queue"])[0].state, "sent");
    } finally {
      await w.close();
      server?.kill();
    }
  });
});
