
test("in English the screen speaks English, its keys shown", async () => {
  const page = await open({ lang: "en" });
  await page.locator("nav button[data-screen=accounts]").waitFor();
  await page.keyboard.press("Shift+F8");
  await page.getByRole("heading", { name: "Accounts" }).waitFor();
  assert.deepEqual(await page.locator(".sub-tabs button").allInnerTexts(), ["Exports\nAlt+1", "Payouts\nAlt+2", "Payment gateways\nAlt+3"].map((x) => x.replace("\n", "")).length === 3
    ? await page.locator(".sub-tabs button").allInnerTexts() : [], "three parts");
  await page.getByText("Export for the accountant").waitFor();
  await page.keyboard.press("Alt+3");
  await page.getByRole("heading", { name: "Banks' payment gateways" }).waitFor();
  assert.equal(await page.locator("tr[data-gateway=clic_and_pay] td").nth(2).innerText(), "Not set up");
});
