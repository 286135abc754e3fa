// Issue 8, "Everyone": drafts, operators, the kiosk, Paramètres and the header, in
// Chromium with the stand-in backend.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dragNights, harness } from "./harness.mjs";

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
