// The UI's flows in Chromium (Debian's, through playwright-core), served from the
// built ui/dist with a stand-in for the Rust side (fake-backend.mjs).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { installFakeBackend } from "./fake-backend.mjs";

const dist = resolve(import.meta.dirname, "../dist");
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css" };
let server;
let browser;
let origin;

before(async () => {
  server = createServer(async (req, res) => {
    const path = req.url === "/" ? "/index.html" : req.url.split("?")[0];
    try {
      const body = await readFile(join(dist, path));
      res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open({ empty = false, lang = "fr" } = {}) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(({ source, empty, lang, demo }) => {
    localStorage.setItem("guichet.lang", lang);
    const install = new Function(`return (${source})`)();
    install.demoUnits = demo;
    install({ empty });
  }, { source: installFakeBackend.toString(), empty, lang, demo: installFakeBackend.demoUnits });
  await page.goto(origin);
  return page;
}

/** Drags from the `first`-th to the `last`-th free cell of the unit's row. */
async function dragNights(page, unitName, first, last) {
  const row = page.locator("tr[data-unit]", { hasText: unitName });
  const cells = row.locator("td[data-free=true]");
  await cells.nth(first).hover();
  await page.mouse.down();
  await cells.nth(last).hover();
  await page.mouse.up();
}

test("first start with an empty data dir offers the demo data, then shows the planning", async () => {
  const page = await open({ empty: true });
  await page.getByRole("button", { name: "Charger les données de démonstration" }).click();
  await page.getByText("Démonstration chargée : 2 hébergements").waitFor();
  assert.equal(await page.locator("tr[data-unit]").count(), 2);
  assert.match(await page.locator(".sync-status").textContent(), /Hors ligne .* 1 opération\(s\) en attente/);
  await page.close();
});

test("p8 dragging free nights quotes the stay in French, holds it with a countdown, then books it", async () => {
  const page = await open();
  await dragNights(page, "Gîte", 5, 7);
  assert.equal(await page.locator(".stay-panel .price").innerText(), "450,00 €");
  assert.match(await page.locator(".stay-dates").innerText(), /^Du \d\d\/\d\d\/\d{4} au \d\d\/\d\d\/\d{4} · 3 nuit\(s\)$/);
  await page.locator(".stay-panel input[name=name]").fill("Marie Dupont");
  await page.locator(".stay-panel input[name=email]").fill("marie@exemple.fr");
  await page.getByRole("button", { name: "Bloquer 1 h (F2)" }).click();
  assert.match(await page.locator(".hold-countdown").innerText(), /^Bloqué pour Marie Dupont — expire dans (59|60):\d\d$/);
  assert.equal(await page.locator("td.bar.hold").count(), 1, "the hold shows hatched in the grid");
  await page.getByRole("button", { name: "Passer au paiement (F3)" }).click();
  await page.getByRole("button", { name: "Paiement reçu — confirmer (F4)" }).click();
  await page.getByText("Réservation confirmée pour Marie Dupont : 450,00 €.").waitFor();
  assert.equal(await page.locator("td.bar.booking", { hasText: "Marie Dupont" }).getAttribute("colspan"), "3");
  assert.equal(await page.locator(".stay-panel").isHidden(), true);
  const calls = await page.evaluate(() => window.__GUICHET_FAKE__.calls);
  assert.deepEqual(calls.filter((c) => ["hold", "go_to_payment", "book_hold"].includes(c)), ["hold", "go_to_payment", "book_hold"]);
  await page.close();
});

test("a refused action shows the French reason and what to do", async () => {
  const page = await open();
  await dragNights(page, "Roulotte", 2, 3);
  await page.locator(".stay-panel input[name=name]").fill("Sans contact");
  await page.getByRole("button", { name: "Bloquer 1 h (F2)" }).click();
  assert.equal(await page.getByRole("alert").innerText(), "indiquez un e-mail ou un téléphone pour joindre le client");
  assert.equal(await page.locator("td.bar").count(), 0, "nothing was held");
  await page.close();
});

test("keyboard first: F4 books directly, Escape closes the panel", async () => {
  const page = await open();
  await dragNights(page, "Roulotte", 1, 1);
  await page.locator(".stay-panel input[name=name]").fill("Hugo Petit");
  await page.locator(".stay-panel input[name=phone]").fill("06 12 34 56 78");
  await page.keyboard.press("F4");
  await page.getByText("Réservation confirmée pour Hugo Petit : 100,00 €.").waitFor();
  await dragNights(page, "Gîte", 10, 11);
  await page.locator(".stay-panel .price").waitFor();
  await page.keyboard.press("Escape");
  assert.equal(await page.locator(".stay-panel").isHidden(), true);
  await page.keyboard.press("F7");
  await page.locator("#sale-order").waitFor();
  assert.deepEqual(await page.locator("#sale-order li").allInnerTexts(), ["Roulotte 2 pers.", "Gîte 6 pers."]);
  await page.close();
});

test("the window speaks English as a second language", async () => {
  const page = await open({ lang: "en" });
  await page.locator("tr[data-unit]").first().waitFor();
  assert.match(await page.locator(".sync-status").textContent(), /^Offline · nothing waiting$/);
  assert.equal(await page.locator(".sync-status").getAttribute("title"), "sync not set up");
  assert.equal(await page.locator("nav button.active").innerText(), "PlanningF5");
  await page.getByRole("button", { name: "FR" }).click();
  assert.match(await page.locator(".sync-status").textContent(), /^Hors ligne/);
  await page.close();
});

test("t3 the box office sells tickets, shows Quantité beside Scanné, prints and cancels", async () => {
  const page = await open();
  await page.keyboard.press("F9");
  await page.locator("select[name=product] option").nth(1).waitFor({ state: "attached" });
  assert.deepEqual(await page.locator("select[name=product] option").allInnerTexts(),
    ["Concerts · Jazz · Plein tarif — 25,00 €", "Visites · Mairie · Visite — 8,00 €"]);
  await page.locator("input[name=quantity]").fill("3");
  await page.locator("input[name=holder]").fill("Famille Martin");
  await page.keyboard.press("F2");
  await page.getByText("3 billet(s) vendu(s) : 75,00 €.").waitFor();
  const row = page.locator("tr[data-booking]").first();
  assert.deepEqual(await row.locator("td").allInnerTexts().then((cells) => cells.slice(0, 5)),
    ["Famille Martin", "3", "1", "75,00 €", "confirmée"]);
  await row.getByRole("button", { name: "Famille Martin" }).click();
  assert.deepEqual(await page.locator("tr.details li").allInnerTexts(), [
    "Billet 1 / 3 · CODE0 · contrôlé le 14/07/2026 20:40 (entrée nord)",
    "Billet 2 / 3 · CODE1 · non contrôlé",
    "Billet 3 / 3 · CODE2 · non contrôlé",
  ]);
  await page.locator(".messages button[data-action=print]").click();
  await page.getByText("Billets enregistrés et ouverts pour impression : /donnees/billets/billets-t-0.pdf").waitFor();
  await page.locator("input[name=quantity]").fill("4");
  await page.getByRole("button", { name: "Vendre (F2)" }).click();
  assert.equal(await page.getByRole("alert").innerText(),
    "plus assez de places pour cette séance : 2 place(s) restante(s), 4 demandée(s)");
  await row.getByRole("button", { name: "Annuler" }).click();
  await page.locator("tr.cancelled").waitFor();
  await page.close();
});

test("printing many tickets shows a progress bar until the PDF is ready", async () => {
  const page = await open();
  await page.evaluate(() => { window.__GUICHET_FAKE__.printDelay = 800; });
  await page.keyboard.press("F9");
  await page.locator("select[name=product] option").nth(1).waitFor({ state: "attached" });
  await page.locator("input[name=quantity]").fill("3");
  await page.keyboard.press("F2");
  await page.getByText("3 billet(s) vendu(s) : 75,00 €.").waitFor();
  const bar = page.locator(".progress-bar");
  assert.equal(await bar.isVisible(), false);
  await page.locator(".messages button[data-action=print]").click();
  await bar.waitFor({ state: "visible" });
  assert.equal(await bar.locator(".progress-label").innerText(),
    "Mise en page de 3 billet(s)… vous pouvez continuer à travailler");
  assert.equal(await bar.locator("progress").getAttribute("value"), null, "indeterminate while rendering");
  await page.getByText("Billets enregistrés et ouverts pour impression : /donnees/billets/billets-t-0.pdf").waitFor();
  await bar.waitFor({ state: "hidden" });
  await page.close();
});

test("paramètres: a backup is written with a confirmed passphrase and restored over this device's data after a second click", async () => {
  const page = await open();
  await page.keyboard.press("F8");
  const backup = page.locator("form.backup");
  await backup.locator("input[name=file]").waitFor();
  assert.match(await backup.locator("input[name=file]").inputValue(), /guichet-sauvegarde-2026-11-27\.guichet$/);
  await backup.locator("input[name=passphrase]").fill("grenadine");
  await backup.locator("input[name=confirm]").fill("grenadines");
  await backup.locator("button[data-action=backup]").click();
  assert.match(await page.locator(".backup-section .notice.error").innerText(), /diffèrent/);
  await backup.locator("input[name=confirm]").fill("grenadine");
  await backup.locator("button[data-action=backup]").click();
  assert.match(await page.locator(".backup-section .notice.ok").innerText(),
    /^Sauvegarde écrite : \/home\/gite\/guichet-sauvegarde-2026-11-27\.guichet \(3,1 Mo\)\.$/);

  const restore = page.locator("form.restore");
  await restore.locator("input[name=file]").fill("/home/gite/guichet-sauvegarde-2026-11-27.guichet");
  await restore.locator("input[name=passphrase]").fill("mauvais mot");
  await restore.locator("input[name=replace]").check();
  await restore.locator("button[data-action=restore]").click();
  assert.match(await page.locator(".backup-section .notice.error").innerText(), /Cliquez encore/);
  await restore.locator("button[data-action=restore]").click();
  assert.match(await page.locator(".backup-section .notice.error").innerText(), /mot de passe incorrect/);
  await restore.locator("input[name=passphrase]").fill("grenadine");
  await restore.locator("input[name=replace]").check();
  await restore.locator("button[data-action=restore]").click();
  await restore.locator("button[data-action=restore]").click();
  assert.match(await page.locator(".backup-section .notice.ok").innerText(),
    /^Sauvegarde du 27\/11\/2026 10:30 restaurée : ce poste est maintenant un nouveau poste\.$/);
  await page.close();
});
