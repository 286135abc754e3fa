// E-mails (rule T6) in Chromium with the stand-in backend: the queue shows each
// message's state and the reason of a failure, a booking's e-mail says what it waits
// for, « Envoyer maintenant » and « Relancer » send once the server is back; the SMTP
// settings are checked before any call and the password is never shown back; a test
// e-mail is sent from Paramètres; the English window says the reasons in English.
import { test } from "node:test";
import assert from "node:assert/strict";
import { harness } from "./harness.mjs";

const open = harness();

const rowOf = (page, id) => page.locator(`tr[data-mail='${id}']`);

test("t6 the e-mail queue shows each state and why, and sends what waits once the server is back", async () => {
  const page = await open({ mail: true });
  // From Paramètres → E-mails, which counts what waits and what failed.
  await page.keyboard.press("F8");
  const opener = page.locator("[data-action=open-mail]");
  await opener.filter({ hasText: "File d'attente des e-mails : 2 en attente, 1 en échec" }).waitFor();
  await opener.click();
  await rowOf(page, "m-failed").waitFor();
  assert.equal(await page.locator("tr[data-mail]").count(), 3);
  assert.equal(await rowOf(page, "m-sent").locator(".mail-state").innerText(), "Envoyé");
  assert.match(await rowOf(page, "m-sent").innerText(), /27\/11\/2026 17:05/);
  assert.match(await rowOf(page, "m-sent").innerText(), /Pièces jointes : billets-029BC4ED\.pdf/);
  assert.equal(await rowOf(page, "m-failed").locator(".mail-state").innerText(), "Échec");
  assert.match(await rowOf(page, "m-failed").innerText(), /2 tentatives/);
  assert.match(await rowOf(page, "m-failed").locator(".mail-reason").innerText(),
    /injoignable \(pas de réseau, ou serveur arrêté\).*Nouvel essai automatique le 27\/11\/2026 19:08/s);
  assert.equal(await rowOf(page, "m-booking").locator(".mail-state").innerText(), "En attente");
  assert.match(await rowOf(page, "m-booking").innerText(), /Attend que le serveur de synchronisation ait enregistré la réservation\./);
  assert.equal(await rowOf(page, "m-booking").locator("[data-action=retry]").count(), 0, "only a failed e-mail is retried");

  // Still offline: « Relancer » says so, nothing is sent.
  await rowOf(page, "m-failed").locator("[data-action=retry]").click();
  await page.getByRole("alert").filter({ hasText: "injoignable" }).waitFor();
  assert.match(await rowOf(page, "m-failed").innerText(), /3 tentatives/);

  // The server is back: « Envoyer maintenant » sends it; the booking's e-mail still waits.
  await page.evaluate(() => { window.__GUICHET_FAKE__.mail.serverUp = true; });
  await page.locator("[data-action=send-now]").click();
  await page.getByText("1 envoyé, 1 en attente.").waitFor();
  assert.equal(await rowOf(page, "m-failed").locator(".mail-state").innerText(), "Envoyé");
  assert.equal(await rowOf(page, "m-booking").locator(".mail-state").innerText(), "En attente");
  await page.close();
});

test("t6 the smtp settings are checked before saving, the password goes to the keychain and a test e-mail leaves", async () => {
  const page = await open();
  await page.keyboard.press("F8");
  const form = page.locator(".mail-settings form").first();
  await form.locator("input[name=host]").waitFor();
  await form.locator("input[name=host]").fill("smtp.exemple.fr");
  await form.locator("input[name=from]").fill("pas-une-adresse");
  await form.locator("[data-action=save-mail]").click();
  await page.locator(".mail-settings [role=alert]").waitFor();
  assert.match(await page.locator(".mail-settings [role=alert]").innerText(), /Adresse d'expédition/);
  assert.equal(await page.evaluate(() => window.__GUICHET_FAKE__.calls.includes("set_mail_settings")), false);

  await form.locator("input[name=from]").fill("contact@gite-des-pins.fr");
  await form.locator("input[name=username]").fill("gite");
  await form.locator("input[name=password]").fill("Mot-de-passe-Été");
  await form.locator("[data-action=save-mail]").click();
  await page.getByText("Réglages des e-mails enregistrés.").waitFor();
  const fake = await page.evaluate(() => ({ settings: window.__GUICHET_FAKE__.mail.settings, passwords: window.__GUICHET_FAKE__.mail.passwords }));
  assert.equal(fake.settings.port, 587);
  assert.equal(fake.settings.has_password, true);
  assert.deepEqual(fake.passwords, ["Mot-de-passe-Été"]);
  const saved = page.locator(".mail-settings form").first();
  assert.equal(await saved.locator("input[name=password]").inputValue(), "", "the password is never shown back");
  assert.match(await saved.locator("input[name=password]").getAttribute("placeholder"), /gardé dans le trousseau/);
  assert.equal(await saved.locator("input[name=port]").inputValue(), "587");

  // Offline, the test e-mail says why; online, it leaves.
  const test = page.locator(".mail-test");
  await test.locator("input[name=to]").fill("moi@exemple.fr");
  await test.locator("[data-action=test-mail]").click();
  await page.locator(".mail-settings [role=alert]").filter({ hasText: "injoignable" }).waitFor();
  await page.evaluate(() => { window.__GUICHET_FAKE__.mail.serverUp = true; });
  await test.locator("[data-action=test-mail]").click();
  await page.getByText("E-mail d'essai envoyé à moi@exemple.fr.").waitFor();
  await page.close();
});

test("t6 the english window says states and reasons in english", async () => {
  const page = await open({ mail: true, lang: "en" });
  await page.keyboard.press("Shift+F11");
  await rowOf(page, "m-failed").waitFor();
  assert.equal(await rowOf(page, "m-failed").locator(".mail-state").innerText(), "Failed");
  assert.match(await rowOf(page, "m-failed").innerText(), /Outgoing server unreachable: the e-mail will leave by itself/);
  assert.match(await rowOf(page, "m-failed").innerText(), /2 attempts/);
  assert.match(await rowOf(page, "m-booking").innerText(), /Waits until the sync server has recorded the booking\./);
  assert.equal(await page.locator("[data-action=send-now]").innerText(), "Send now");
  await page.close();
});
