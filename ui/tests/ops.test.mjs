// Issue 8, "Everyone": drafts, operators, the kiosk, Paramètres and the header, in
// Chromium with the stand-in backend.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { dragNights, harness } from "./harness.mjs";

const artifacts = resolve(import.meta.dirname, "artifacts");
mkdirSync(artifacts, { recursive: true });

const open = harness();

test("drafts: the stay panel, the tariff form and the sale form keep what was typed across screens and a reload", async () => {
  const page = await open();
  await dragNights(page, "Gîte", 5, 7);
  await page.locator(".stay-panel input[name=name]").fill("Marie Brouillon");
  await page.keyboard.press("F6");
  await page.locator("form.tariff-form input[name=price]").fill("70,5");
  await page.keyboard.press("F9");
  await page.locator("select[name=product] option").nth(1).waitFor({ state: "attached" });
  await page.locator("form.sale-form input[name=holder]").fill("Famille Brouillon");
  await page.waitForTimeout(500);
  await page.reload();
  await page.keyboard.press("F6");
  await page.locator("form.tariff-form.draft-restored").waitFor();
  assert.equal(await page.locator("form.tariff-form input[name=price]").inputValue(), "70,5");
  await page.keyboard.press("F9");
  await page.locator("form.sale-form.draft-restored").waitFor();
  assert.equal(await page.locator("form.sale-form input[name=holder]").inputValue(), "Famille Brouillon");
  await page.keyboard.press("F5");
  await dragNights(page, "Gîte", 5, 7);
  await page.locator(".stay-panel form.draft-restored").waitFor();
  assert.equal(await page.locator(".stay-panel input[name=name]").inputValue(), "Marie Brouillon");
  // Booked: the stay's draft is gone; closing with × abandons another one.
  await page.locator(".stay-panel input[name=phone]").fill("06 12 34 56 78");
  await page.keyboard.press("F4");
  await page.getByText("Réservation confirmée pour Marie Brouillon").waitFor();
  await dragNights(page, "Roulotte", 2, 3);
  await page.locator(".stay-panel input[name=name]").fill("Abandon");
  await page.waitForTimeout(500);
  await page.locator(".stay-panel button.close").click();
  await page.waitForTimeout(200);
  const keys = await page.evaluate(() => Object.keys(JSON.parse(localStorage.getItem("fake.drafts") ?? "{}")).sort());
  assert.deepEqual(keys, ["box-office.sale", "tariffs"]);
  await page.close();
});

const TEAM = [
  { id: "o-1", name: "Anne", role: "manager", pin: "1234" },
  { id: "o-2", name: "Gaby", role: "gate", pin: "3456" },
];

test("operators: the window asks who is there, shows who in the header, and shows the French refusal of a role", async () => {
  const page = await open({ operators: TEAM });
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("heading", { name: "Qui est là ?" }).waitFor();
  await dialog.locator("select[name=who]").selectOption("o-2");
  await dialog.getByRole("button", { name: "C'est moi" }).click();
  assert.equal(await dialog.getByRole("alert").innerText(), "« Code PIN » : de 4 à 8 chiffres.");
  await dialog.locator("input[name=pin]").fill("9999");
  await dialog.getByRole("button", { name: "C'est moi" }).click();
  await dialog.getByText("nom ou code PIN incorrect : retapez votre code").waitFor();
  await dialog.locator("input[name=pin]").fill("3456");
  await dialog.getByRole("button", { name: "C'est moi" }).click();
  await dialog.waitFor({ state: "detached" });
  assert.equal(await page.locator(".who-switch").innerText(), "Gaby · Contrôle d'accès");
  await page.keyboard.press("F7");
  await page.locator("form.unit-form input[name=name]").fill("Roulotte 2");
  await page.locator("form.unit-form button[type=submit]").click();
  await page.getByText("Gaby ne peut pas faire cela : seul un responsable le peut").waitFor();
  // Lock: the next person says who they are.
  await page.locator(".who-lock").click();
  await page.getByRole("dialog").getByRole("heading", { name: "Qui est là ?" }).waitFor();
  await page.close();
});

test("kiosk: the gate goes kiosk, F-keys and Escape stay, a wrong PIN stays, a manager's PIN leaves; a relaunch comes back in kiosk", async () => {
  const page = await open({ operators: TEAM });
  const dialog = page.getByRole("dialog");
  await dialog.locator("select[name=who]").selectOption("o-2");
  await dialog.locator("input[name=pin]").fill("3456");
  await dialog.getByRole("button", { name: "C'est moi" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.keyboard.press("F10");
  await page.getByRole("button", { name: "Mode borne" }).click();
  await page.locator("body.kiosk").waitFor();
  assert.equal(await page.locator("header.top").isVisible(), false, "no navigation in kiosk mode");
  await page.keyboard.press("F5");
  await page.keyboard.press("Escape");
  assert.equal(await page.locator("table.planning").count(), 0, "still the gate");
  await page.getByRole("button", { name: "Quitter le mode borne" }).click();
  const leave = page.getByRole("dialog");
  assert.deepEqual(await leave.locator("select[name=who] option").allInnerTexts(), ["Anne"], "managers only");
  await leave.locator("input[name=pin]").fill("0000");
  await leave.getByRole("button", { name: "Quitter le mode borne" }).click();
  await leave.getByText("nom ou code PIN incorrect : retapez votre code").waitFor();
  assert.equal(await page.locator("body.kiosk").count(), 1);
  await leave.locator("input[name=pin]").fill("1234");
  await leave.getByRole("button", { name: "Quitter le mode borne" }).click();
  await page.locator("body:not(.kiosk)").waitFor();
  // Back to the gate's own layout: its way out and the kiosk button are there again.
  await page.getByRole("button", { name: "Mode borne" }).waitFor();
  await page.close();

  const relaunched = await open({ kiosk: true });
  await relaunched.locator("body.kiosk").waitFor();
  await relaunched.getByRole("button", { name: "Quitter le mode borne" }).waitFor();
  await relaunched.close();
});

test("paramètres: the identity is checked in French (SIRET, VAT key and SIREN, postcode), saved, and its logo scaled to 512 px", async () => {
  const page = await open();
  await page.keyboard.press("F8");
  const form = page.locator("form.identity");
  await form.locator("input[name=street]").fill("12 chemin des Lilas");
  await form.locator("input[name=postcode]").fill("2420");
  await form.locator("button[data-action=save-identity]").click();
  assert.equal(await form.getByRole("alert").innerText(), "« Code postal » : 5 chiffres, comme 24200.");
  assert.equal(await form.locator("input[name=postcode]").getAttribute("aria-invalid"), "true");
  await form.locator("input[name=postcode]").fill("24200");
  await form.locator("input[name=siret]").fill("732 829 320 00075");
  await form.locator("button[data-action=save-identity]").click();
  assert.match(await form.getByRole("alert").innerText(), /^« SIRET » : 14 chiffres/);
  await form.locator("input[name=siret]").fill("732 829 320 00074");
  await form.locator("input[name=vat_number]").fill("FR 45 732829320");
  await form.locator("button[data-action=save-identity]").click();
  assert.match(await form.getByRole("alert").innerText(), /^« N° de TVA intracommunautaire » : FR, 2 chiffres de clé/);
  await form.locator("input[name=vat_number]").fill("FR 40 303265045");
  await form.locator("button[data-action=save-identity]").click();
  assert.match(await form.getByRole("alert").innerText(), /ne correspond pas au SIRET/);
  await form.locator("input[name=vat_number]").fill("FR 44 732829320");
  // A 2000 × 1000 PNG chosen as logo comes back at most 512 px wide.
  await page.evaluate(async () => {
    const canvas = Object.assign(document.createElement("canvas"), { width: 2000, height: 1000 });
    const g = canvas.getContext("2d");
    g.fillStyle = "#16804a"; g.fillRect(0, 0, 2000, 1000);
    const blob = await new Promise((done) => canvas.toBlob(done, "image/png"));
    const input = document.querySelector("input[name=logo-file]");
    const files = new DataTransfer();
    files.items.add(new File([blob], "logo.png", { type: "image/png" }));
    input.files = files.files;
    input.dispatchEvent(new Event("change"));
  });
  await page.locator("img.logo-preview:not([hidden])").waitFor();
  assert.deepEqual(await page.locator("img.logo-preview").evaluate((img) => new Promise((done) => {
    const check = () => img.naturalWidth ? done([img.naturalWidth, img.naturalHeight]) : setTimeout(check, 20); check(); })), [512, 256]);
  await form.locator("button[data-action=save-identity]").click();
  await form.getByText("Identité du prestataire enregistrée.").waitFor();
  const saved = await page.evaluate(() => window.__GUICHET_FAKE__.identity);
  assert.equal(saved.siret, "73282932000074");
  assert.equal(saved.vat_number, "FR44732829320");
  assert.match(saved.logo, /^data:image\/png;base64,/);
  // This device's name is shown and renamed.
  assert.equal(await page.locator("form.device input[name=device]").inputValue(), "poste principal");
  await page.locator("form.device input[name=device]").fill("entrée nord");
  await page.locator("form.device button[data-action=save-device]").click();
  await page.getByText("Ce poste s'appelle maintenant « entrée nord ».").waitFor();
  await page.close();
});

test("paramètres: operators are added (the first is the manager, signed in), changed, and removed after one confirmation; the last manager stays", async () => {
  const page = await open();
  await page.keyboard.press("F8");
  const section = page.locator(".operators-section");
  await section.getByText("Aucun opérateur : ce poste fonctionne sans code PIN.").waitFor();
  await section.locator("input[name=name]").fill("Anne");
  await section.locator("input[name=pin]").fill("12");
  await section.locator("button[data-action=add-operator]").click();
  assert.equal(await section.getByRole("alert").innerText(), "« Code PIN (4 à 8 chiffres) » : de 4 à 8 chiffres.");
  await section.locator("input[name=pin]").fill("1234");
  await section.locator("button[data-action=add-operator]").click();
  await section.getByText("Anne peut maintenant s'identifier sur ce poste.").waitFor();
  await page.locator(".who-switch", { hasText: "Anne · Responsable" }).waitFor();
  await section.locator("input[name=name]").fill("Gaby");
  await section.locator("select[name=new-role]").selectOption("gate");
  await section.locator("input[name=pin]").fill("3456");
  await section.locator("button[data-action=add-operator]").click();
  await section.locator("li[data-operator=Gaby]").waitFor();
  await section.locator("li[data-operator=Anne] button[data-action=remove]").click();
  await section.locator("li[data-operator=Anne] button[data-action=confirm-remove]").click();
  await section.getByText("Anne est le seul responsable de ce poste et ne peut pas être retiré").waitFor();
  await section.locator("li[data-operator=Gaby] select[name=role]").selectOption("cashier");
  await section.getByText("Gaby a maintenant le rôle Caisse.").waitFor();
  await section.locator("li[data-operator=Gaby] button[data-action=remove]").click();
  assert.match(await section.getByRole("alertdialog").innerText(), /Retirer Gaby \? Cette personne ne pourra plus/);
  await section.locator("button[data-action=confirm-remove]").click();
  await section.getByText("Gaby a été retiré(e) des opérateurs.").waitFor();
  assert.equal(await section.locator("li[data-operator]").count(), 1);
  await page.close();
});

test("header: the status corner and who is there stay visible at 900, 1024 and 1280 px, no tab wraps; a notice goes with its screen", async () => {
  for (const width of [900, 1024, 1280]) {
    const page = await open({ conflicts: true, operators: TEAM, viewport: { width, height: 700 } });
    const dialog = page.getByRole("dialog");
    await dialog.locator("input[name=pin]").fill("1234");
    await dialog.getByRole("button", { name: "C'est moi" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.locator("nav button[data-screen=conflicts] .badge").filter({ hasText: "2" }).waitFor();
    await page.locator(".who-switch", { hasText: "Anne" }).waitFor();
    await page.screenshot({ path: `${artifacts}/header-${width}.png` });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `${width}: nothing sticks out sideways`);
    for (const css of [".sync-status", ".who-switch", ".who-lock", "button.lang"]) {
      const box = await page.locator(css).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width, `${width}: ${css} is on screen (${JSON.stringify(box)})`);
    }
    const tabs = await page.locator("nav button").evaluateAll((buttons) => buttons.map((b) =>
      [b.textContent, b.getBoundingClientRect().height <= 40 && b.scrollWidth <= b.clientWidth + 1]));
    for (const [tab, fits] of tabs) assert.ok(fits, `${width}: "${tab}" fits on one line`);
    const header = await page.locator("header.top").boundingBox();
    assert.ok(header.height <= 100, `${width}: the header takes two rows at most (${header.height} px)`);
    await page.close();
  }
  // A notice said on one screen is gone on the next, whether reached by a tab or a key.
  const page = await open();
  await page.keyboard.press("F7");
  await page.locator("form.unit-form input[name=name]").fill("Cabane");
  await page.locator("form.unit-form button[type=submit]").click();
  await page.getByText("Cabane").first().waitFor();
  await page.keyboard.press("F5");
  await dragNights(page, "Roulotte", 3, 3);
  await page.locator(".stay-panel input[name=name]").fill("Hugo Petit");
  await page.locator(".stay-panel input[name=phone]").fill("06 12 34 56 78");
  await page.keyboard.press("F4");
  await page.locator(".screen-messages .notice.ok").waitFor();
  await page.keyboard.press("F6");
  assert.equal(await page.locator(".screen-messages .notice").count(), 0, "F6: the planning's notice is gone");
  await page.close();
});
