// The UI's flows in Chromium (Debian's, through playwright-core), served from the
// built ui/dist with a stand-in for the Rust side (fake-backend.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { dragNights, harness } from "./harness.mjs";

const open = harness();

test("first start with an empty data dir offers the demo data, then shows the planning", async () => {
  const page = await open({ empty: true });
  await page.getByRole("button", { name: "Charger les données de démonstration" }).click();
  await page.getByText("Démonstration chargée : 2 hébergements").waitFor();
  assert.equal(await page.locator("tr[data-unit]").count(), 2);
  await page.locator(".sync-status[data-pending='1']").waitFor();
  assert.equal(await page.locator(".sync-status").textContent(), "Non inscrit — Paramètres");
  assert.match(await page.locator(".sync-status").getAttribute("title"), /inscrivez-le dans Paramètres\. 1 opération en attente\.$/);
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
  await page.locator(".sync-status", { hasText: "Not enrolled — Settings" }).waitFor();
  assert.equal(await page.locator("nav button.active").innerText(), "PlanningF5");
  await page.getByRole("button", { name: "FR" }).click();
  await page.locator(".sync-status", { hasText: "Non inscrit — Paramètres" }).waitFor();
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

test("d4 sync: a device not enrolled says so in the corner, is enrolled from Paramètres (refusals in French), then syncs now with progress", async () => {
  const page = await open();
  await page.evaluate(() => { window.__GUICHET_FAKE__.ops = 3; window.__GUICHET_FAKE__.syncDelay = 400; });
  const corner = page.locator(".sync-status");
  await corner.filter({ hasText: "Non inscrit — Paramètres" }).waitFor();
  await corner.click();
  const section = page.locator(".sync-section");
  await section.locator("input[name=server]").fill("http://sync.exemple.fr");
  await section.locator("input[name=code]").fill("K7P2-9QXA");
  await section.locator("button[data-action=enroll]").click();
  assert.match(await section.locator(".notice.error").innerText(), /^adresse en clair refusée « http:\/\/sync\.exemple\.fr » .* écrivez https:\/\/…$/);
  await section.locator("input[name=server]").fill("https://sync.exemple.fr");
  await section.locator("input[name=code]").fill("DEJA-SERVI");
  await section.locator("button[data-action=enroll]").click();
  await section.locator(".notice.error", { hasText: "ce code d'inscription a déjà servi" }).waitFor();
  await section.locator("input[name=code]").fill("K7P2-9QXA");
  await section.locator("button[data-action=enroll]").click();
  assert.equal(await section.locator(".notice.ok").innerText(), "Poste inscrit auprès de « Festival du Vallon » : la synchronisation démarre.");
  assert.equal(await section.locator("dd[data-field=provider]").innerText(), "Festival du Vallon");
  assert.equal(await section.locator("dd[data-field=server]").innerText(), "https://sync.exemple.fr");
  assert.equal(await section.locator("dd[data-field=last]").innerText(), "jamais");
  assert.equal(await section.locator("dd[data-field=pending]").innerText(), "3 opérations en attente");
  await corner.filter({ hasText: /^3 opérations en attente$/ }).waitFor();

  await section.locator("button[data-action=sync-now]").click();
  // A long pull shows its progress, in the corner and in the section.
  await page.waitForFunction(() => /^Réception 1\s000 \/ 3\s400$/.test(document.querySelector(".sync-status").textContent));
  assert.equal(await corner.locator("progress").isVisible(), true);
  assert.equal(await section.locator("progress").getAttribute("value"), "1000");
  await section.locator(".notice.ok", { hasText: "Synchronisé :" }).waitFor();
  assert.equal(await section.locator(".notice.ok").innerText(), "Synchronisé : 3 envoyées, 12 reçues, 1 conflit à régler.");
  await corner.filter({ hasText: /^Synchronisé à l'instant$/ }).waitFor();
  assert.equal(await corner.locator("progress").isVisible(), false);
  assert.equal(await page.locator("nav button[data-screen=conflicts] .badge").innerText(), "1");
  assert.equal(await section.locator("dd[data-field=last]").innerText(), "27/11/2026 19:07 (à l'instant)");
  await page.close();
});

test("d4 sync: offline, the corner says so with what waits and why; back online it says when it last synced", async () => {
  const page = await open({ conflicts: true });
  const corner = page.locator(".sync-status");
  await corner.filter({ hasText: /^Synchronisé il y a 2 min$/ }).waitFor();
  assert.equal(await corner.getAttribute("title"), "Dernière synchronisation : 27/11/2026 19:05");
  await page.evaluate(() => {
    const fake = window.__GUICHET_FAKE__;
    fake.ops = 3;
    fake.lastError = "serveur de synchronisation injoignable (connexion impossible) : rien n'est perdu";
    fake.emit("sync-changed", null);
  });
  await corner.filter({ hasText: /^Hors ligne · 3 opérations en attente$/ }).waitFor();
  assert.match(await corner.getAttribute("title"), /^serveur de synchronisation injoignable .*\nDernière synchronisation : 27\/11\/2026 19:05$/);
  await page.keyboard.press("F8");
  await page.locator(".sync-section dd[data-field=error]", { hasText: "injoignable" }).waitFor();
  await page.locator(".sync-section button[data-action=sync-now]").click();
  await page.locator(".sync-section .notice.error", { hasText: "injoignable" }).waitFor();
  await page.evaluate(() => {
    const fake = window.__GUICHET_FAKE__;
    Object.assign(fake, { ops: 0, lastError: null, lastSuccess: "2026-11-27T18:05:00Z" });
    fake.emit("sync-changed", null);
  });
  await corner.filter({ hasText: /^Synchronisé il y a 2 min$/ }).waitFor();
  // Reached but refused (a revoked device): not "offline", and the reason on hover.
  await page.evaluate(() => {
    const fake = window.__GUICHET_FAKE__;
    Object.assign(fake, { lastError: "ce poste a été révoqué par le prestataire", lastErrorCode: "rule" });
    fake.emit("sync-changed", null);
  });
  await corner.filter({ hasText: /^Synchronisation refusée — Paramètres · rien en attente$/ }).waitFor();
  assert.equal(await corner.getAttribute("data-state"), "refused");
  assert.match(await corner.getAttribute("title"), /révoqué/);
  await page.close();
});

test("d4 conflits: the inbox says what, where, when, whom and its state; a booking that holds the nights is cancelled after one confirmation", async () => {
  const page = await open({ conflicts: true });
  const badge = page.locator("nav button[data-screen=conflicts] .badge");
  await badge.filter({ hasText: "2" }).waitFor();
  await page.keyboard.press("F11");
  const overlap = page.locator("article.conflict[data-kind=booking_overlap]");
  const scan = page.locator("article.conflict[data-kind=duplicate_scan]");
  await overlap.waitFor();
  assert.equal(await overlap.locator("h3").innerText(), "Réservation refusée : nuits déjà prises");
  assert.equal(await overlap.locator(".what").innerText(),
    "La réservation de Client de B (Gîte, du 06/03/2027 au 13/03/2027, 7 nuit(s)) est refusée : ces nuits sont déjà réservées pour Client de A. Elle est annulée sur ce poste : prévenez le client.");
  assert.deepEqual(await overlap.locator("dd").allInnerTexts(),
    ["poste principal (ce poste)", "27/11/2026 19:05", "Client de B (réservation refusée) · Client de A (a les nuits)", "À régler"]);
  assert.equal(await scan.locator("h3").innerText(), "Billet scanné deux fois");
  assert.equal(await scan.locator(".what").innerText(),
    "Ce billet était déjà entré le 27/11/2026 19:02 au poste « entrée nord » : ce second passage n'est pas compté.");
  assert.deepEqual(await scan.locator("dd").allInnerTexts(),
    ["entrée sud · par Gaby", "27/11/2026 19:04", "billet T7K2M9Q4XW8P3R6N5B2C4D7F9G3H6J8K2L", "À régler"]);
  assert.equal(await scan.locator("button[data-action=cancel-other]").count(), 0, "only a booking can be cancelled");

  await scan.locator("button[data-action=acknowledge]").click();
  await page.getByText("Conflit réglé sur ce poste").waitFor();
  await badge.filter({ hasText: "1" }).waitFor();
  assert.equal(await scan.locator("dd").last().innerText(), "Réglé le 27/11/2026 19:07 : pris en compte");
  assert.equal(await scan.locator("button").count(), 0, "a settled conflict offers nothing more");

  await overlap.locator("button[data-action=cancel-other]").click();
  assert.equal(await overlap.locator(".confirm p").innerText(),
    "La réservation de Client de A (Gîte, du 06/03/2027 au 13/03/2027) sera annulée sur tous les postes et ses nuits libérées. Celle de Client de B reste refusée : refaites-la depuis le Planning pour la garder.");
  await overlap.locator("button[data-action=back]").click();
  assert.equal(await overlap.locator(".confirm").count(), 0, "changing nothing changes nothing");
  assert.equal(await page.evaluate(() => window.__GUICHET_FAKE__.bookings.length), 1);
  await overlap.locator("button[data-action=cancel-other]").click();
  await overlap.locator("button[data-action=confirm-cancel]").click();
  await overlap.locator("dd", { hasText: "réservation annulée" }).waitFor();
  assert.equal(await page.evaluate(() => window.__GUICHET_FAKE__.bookings.length), 0);
  await badge.waitFor({ state: "hidden" });
  await page.close();
});

test("d4 the corner, the badge and the inbox fit a small window", async () => {
  const page = await open({ conflicts: true, viewport: { width: 1024, height: 640 } });
  await page.locator("nav button[data-screen=conflicts] .badge").filter({ hasText: "2" }).waitFor();
  await page.keyboard.press("F11");
  await page.locator("article.conflict").first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, "nothing sticks out sideways");
  const corner = await page.locator(".sync-status").boundingBox();
  assert.ok(corner.x + corner.width <= 1024, `the corner is on screen (${JSON.stringify(corner)})`);
  await page.close();
});
