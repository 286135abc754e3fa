// The till's Produits and Bons cadeaux screens in Chromium, with the stand-in backend
// (fake-backend.mjs): sell and print a voucher, find it by a scan wherever the focus
// is, redeem it once (a smaller cart confirmed first), deactivate, extend; products.
import { test } from "node:test";
import assert from "node:assert/strict";
import { harness } from "./harness.mjs";

const open = harness();

const fake = (page) => page.evaluate(() => window.__GUICHET_FAKE__);
const invoke = (page, cmd, args) => page.evaluate(([c, a]) => window.__TAURI_INTERNALS__.invoke(c, a), [cmd, args]);

test("a10 a12 a voucher is sold for its products and saved as a PDF, found by a scan wherever the focus is, redeemed once; the second time is refused with the reason", async () => {
  const page = await open();
  await page.keyboard.press("F1");
  await page.getByRole("heading", { name: /Bons cadeaux/ }).waitFor();
  await page.getByText("Aucun bon cadeau pour l'instant").waitFor();
  await page.keyboard.press("F2");
  const dialog = page.locator(".dialog");
  await dialog.getByText("Produits que le bon paie (au moins un)").waitFor();
  // Nothing ticked: said in French before any call.
  await dialog.locator("input[name=amount]").fill("50");
  await dialog.locator("[data-action=confirm]").click();
  await dialog.getByText("Cochez au moins un produit que le bon paiera.").waitFor();
  await dialog.getByLabel("Descente en canoë — 25,00 €").check();
  await dialog.locator("input[name=amount]").fill("cinquante");
  await dialog.locator("[data-action=confirm]").click();
  await dialog.getByRole("alert").filter({ hasText: "Montant" }).waitFor();
  await dialog.locator("input[name=amount]").fill("50,00");
  await dialog.locator("select[name=method]").selectOption("card");
  assert.deepEqual(await dialog.locator("select[name=method] option").allInnerTexts(),
    ["Espèces", "Carte bancaire", "Chèque", "Virement", "Chèques-Vacances papier", "Chèque-Vacances Connect"], "never a gift voucher");
  await dialog.locator("[data-action=confirm]").click();
  // Sold, then at once where its PDF goes (no printer here: a file).
  await page.getByRole("dialog", { name: "Imprimer le bon cadeau" }).waitFor();
  const file = page.locator(".dialog input[name=file]");
  assert.match(await file.inputValue(), /^\/home\/caisse\/bon-cadeau-[A-Z]{8}\.pdf$/);
  await page.locator(".dialog [data-action=confirm]").click();
  await page.getByText(/^Bon cadeau enregistré : \/home\/caisse\/bon-cadeau-/).waitFor();
  const state = await fake(page);
  assert.equal(state.vouchers.length, 1);
  const code = state.vouchers[0].code;
  assert.deepEqual(state.vouchers[0].products, ["tp-canoe"]);
  assert.equal(state.vouchers[0].method, "card");
  assert.equal(state.printed.at(-1).voucher, code);
  assert.equal(await page.locator(".voucher-verdict strong").innerText(), "VALIDE");
  assert.equal(await page.locator("tr[data-code]").count(), 1);

  // Closed, the focus on the "Vendre" button: a scanner types the code and Enter.
  await page.keyboard.press("Escape");
  assert.equal(await page.locator(".voucher-file").isHidden(), true);
  await page.locator("[data-action=sell]").focus();
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press("Enter");
  await page.locator(".voucher-verdict strong", { hasText: "VALIDE" }).waitFor();
  assert.equal(await page.locator(".dialog").count(), 0, "the scanner's Enter pressed no button");
  assert.match(await page.locator(".voucher-facts").innerText(), /Montant\s+50,00 €\s+Reste\s+50,00 €\s+Valable jusqu'au\s+27\/11\/2027\s+Produits\s+Descente en canoë\s+Payé par\s+Carte bancaire/);

  // F4: the cart is smaller; the difference is said not to be given back before it is done.
  await page.keyboard.press("F4");
  await page.locator(".dialog input[name=cart]").fill("30");
  await page.keyboard.press("Enter");
  await page.getByRole("dialog", { name: "La différence n'est pas rendue" }).waitFor();
  assert.equal(await page.locator(".dialog .dialog-text").innerText(),
    "Le panier (30,00 €) coûte moins que le bon (50,00 €) : la différence de 20,00 € n'est pas rendue, ni en espèces ni sur un autre bon. Le bon sera ensuite désactivé.");
  assert.equal((await fake(page)).calls.filter((c) => c === "redeem_voucher").length, 0, "asked before it is done");
  await page.keyboard.press("Enter");
  await page.getByText("Bon cadeau encaissé : 30,00 €. 20,00 € restant sur le bon ne sont pas rendus.").waitFor();
  assert.equal(await page.locator(".voucher-verdict strong").innerText(), "UTILISÉ");
  assert.deepEqual(await page.locator(".voucher-ledger tbody tr td:nth-child(2)").allInnerTexts(), ["Vendu", "Encaissé"]);
  assert.match(await page.locator(".voucher-ledger tbody tr").nth(1).innerText(), /30,00 €\s+sur « poste principal » · 20,00\s€ non rendus/);

  // Again: refused with the reason, nothing sent.
  await page.keyboard.press("F4");
  await page.getByRole("alert").filter({ hasText: "Bon cadeau déjà utilisé le" }).waitFor();
  assert.match(await page.locator(".messages .notice.error").innerText(),
    /^Bon cadeau déjà utilisé le \d\d\/\d\d\/2026 \d\d:\d\d sur « poste principal » : il ne paie qu'une fois\. Demandez un autre moyen de paiement\.$/);
  assert.equal((await fake(page)).calls.filter((c) => c === "redeem_voucher").length, 1);
  assert.equal(await page.locator(".dialog").count(), 0);
  // Used: neither printed, extended nor deactivated again; the shortcuts say why.
  assert.deepEqual(await page.locator(".voucher-file .actions button").evaluateAll((bs) => bs.map((b) => b.dataset.action)), ["redeem", "close"]);
  await page.keyboard.press("Control+d");
  await page.getByText("Ce bon cadeau est utilisé : il ne s'imprime plus, ne se prolonge plus et ne se désactive plus.").waitFor();
  await page.close();
});

test("a10 going back from the smaller-cart question redeems nothing; a cart as big as the voucher is paid in full, the rest otherwise", async () => {
  const page = await open();
  const sold = await invoke(page, "sell_voucher", { products: ["tp-velo"], amount: "40.00", method: "cash" });
  await page.keyboard.press("F1");
  await page.locator(`tr[data-code="${sold.code}"]`).click();
  await page.locator("[data-action=redeem]").click();
  await page.locator(".dialog input[name=cart]").fill("12,50");
  await page.locator(".dialog [data-action=dialog-confirm]").click();
  await page.getByRole("dialog", { name: "La différence n'est pas rendue" }).waitFor();
  await page.keyboard.press("Escape");
  await page.getByText("Rien n'a été encaissé : le bon reste valide.").waitFor();
  assert.equal((await fake(page)).calls.filter((c) => c === "redeem_voucher").length, 0);
  await page.locator("[data-action=redeem]").click();
  await page.locator(".dialog input[name=cart]").fill("55");
  await page.keyboard.press("Enter");
  await page.getByText("Bon cadeau encaissé : 40,00 €. Reste à payer autrement : 15,00 €.").waitFor();
  await page.close();
});

test("a7 a9 a voucher is extended with a typed date, then deactivated with a reason after the screen says refunds are made outside Guichet", async () => {
  const page = await open();
  const sold = await invoke(page, "sell_voucher", { products: ["tp-canoe", "tp-velo"], amount: "60.00", method: "cheque" });
  await page.keyboard.press("F1");
  // Typed by hand into the code field, then Enter.
  await page.locator("input[name=code]").fill(sold.code.toLowerCase());
  await page.keyboard.press("Enter");
  await page.locator(".voucher-verdict strong", { hasText: "VALIDE" }).waitFor();
  await page.keyboard.press("Control+e");
  const dialog = page.locator(".dialog");
  await dialog.getByText("Il est valable jusqu'au 27/11/2027.", { exact: false }).waitFor();
  await dialog.locator("input[name=until]").fill("31/02/2028");
  await page.keyboard.press("Enter");
  await dialog.getByRole("alert").filter({ hasText: "Nouvelle date de fin" }).waitFor();
  await dialog.locator("input[name=until]").fill("01/06/2027");
  await page.keyboard.press("Enter");
  await dialog.getByText("la nouvelle date de fin doit suivre l'actuelle (27/11/2027) et aujourd'hui").waitFor();
  await dialog.locator("input[name=until]").fill("31/12/2028");
  await page.keyboard.press("Enter");
  await page.getByText("Validité prolongée jusqu'au 31/12/2028.").waitFor();
  assert.match(await page.locator(".voucher-facts").innerText(), /Valable jusqu'au\s+31\/12\/2028/);

  await page.keyboard.press("Control+d");
  await dialog.getByText("Guichet ne rembourse pas les bons cadeaux : si le client doit être remboursé (60,00 €), faites-le en dehors de Guichet").waitFor();
  await page.keyboard.press("Enter");
  await dialog.getByText("Raison", { exact: false }).first().waitFor();
  assert.match(await dialog.getByRole("alert").innerText(), /Raison/);
  await dialog.locator("input[name=reason]").fill("remboursé par chèque le 02/12");
  await page.keyboard.press("Enter");
  await page.getByText("Bon cadeau désactivé.").waitFor();
  assert.equal(await page.locator(".voucher-verdict strong").innerText(), "DÉSACTIVÉ");
  assert.deepEqual(await page.locator(".voucher-ledger tbody tr td:nth-child(2)").allInnerTexts(), ["Vendu", "Validité prolongée", "Désactivé"]);
  assert.match(await page.locator(".voucher-ledger tbody tr").nth(2).innerText(), /remboursé par chèque le 02\/12/);
  await page.keyboard.press("F4");
  await page.getByRole("alert").filter({ hasText: "Bon cadeau désactivé : il ne peut plus être utilisé. Demandez un autre moyen de paiement." }).waitFor();
  assert.equal(await page.locator("tr[data-code] td:nth-child(4)").innerText(), "désactivé");
  await page.close();
});

test("a voucher's code scanned on another screen opens it in Bons cadeaux; an unknown genuine code offers the printed amount", async () => {
  const page = await open();
  const sold = await invoke(page, "sell_voucher", { products: ["tp-canoe"], amount: "25.00", method: "cash" });
  await page.keyboard.press("F7");
  await page.getByRole("heading", { name: "Hébergements" }).waitFor();
  await page.locator("body").click({ position: { x: 5, y: 300 } });
  await page.keyboard.type(sold.code, { delay: 5 });
  await page.keyboard.press("Enter");
  await page.locator(".voucher-verdict strong", { hasText: "VALIDE" }).waitFor();
  assert.equal(await page.locator("nav button.active").getAttribute("data-screen"), "vouchers");
  await page.locator("input[name=code]").fill(`V${"B".repeat(33)}`);
  await page.keyboard.press("Enter");
  await page.getByText("ce bon cadeau n'est pas connu de ce poste : synchronisez-le, ou vérifiez le code").waitFor();
  await page.locator("[data-action=redeem-printed]").click();
  await page.locator(".dialog input[name=printed]").waitFor();
  await page.keyboard.press("Escape");
  await page.close();
});

test("a13 a16 products are added with their channels, edited and deactivated; a sold product is never deleted and the refusal offers deactivation", async () => {
  const page = await open();
  await page.keyboard.press("Shift+F12");
  await page.getByRole("heading", { name: "Produits" }).waitFor();
  await page.locator("tr[data-product]").nth(1).waitFor();
  await page.keyboard.press("F2");
  const dialog = page.locator(".dialog");
  await dialog.locator("input[name=name]").fill("Atelier poterie");
  await dialog.locator("input[name=price]").fill("quarante");
  await page.keyboard.press("Enter");
  await dialog.getByRole("alert").filter({ hasText: "Prix TTC" }).waitFor();
  await dialog.locator("input[name=price]").fill("40,5");
  await dialog.locator("select[name=vat]").selectOption({ label: "5,5 %" });
  await dialog.getByLabel("Caisse").uncheck();
  await dialog.getByLabel("Mini-site").check();
  await page.keyboard.press("Enter");
  await page.getByText("Produit ajouté : Atelier poterie.").waitFor();
  const row = page.locator("tr[data-product]", { hasText: "Atelier poterie" });
  assert.deepEqual((await row.locator("td").allInnerTexts()).slice(0, 5), ["Atelier poterie", "40,50 €", "5,5 %", "Mini-site", "Proposé"]);
  const added = (await fake(page)).tillProducts.find((p) => p.name === "Atelier poterie");
  assert.deepEqual([added.price, added.vat_rate, added.channels], ["40.50", 550, ["mini_site"]]);

  // Edited from the keyboard: the row focused, Enter.
  await row.focus();
  await page.keyboard.press("Enter");
  await dialog.getByLabel("Mini-site").uncheck();
  await page.keyboard.press("Enter");
  await page.getByText("Produit modifié : Atelier poterie.").waitFor();
  assert.equal(await row.locator("td").nth(3).innerText(), "Bons cadeaux seulement");

  // Sold through a voucher: deleting it is refused, deactivation offered instead.
  await invoke(page, "sell_voucher", { products: ["tp-canoe"], amount: "25.00", method: "cash" });
  await page.keyboard.press("Shift+F12");
  const canoe = page.locator("tr[data-product]", { hasText: "Descente en canoë" });
  await canoe.locator("[data-action=remove]").click();
  await dialog.getByText("Ce produit a déjà été vendu : il ne peut pas être supprimé (traçabilité comptable). Vous pouvez le désactiver : il ne sera plus proposé.").waitFor();
  assert.equal(await dialog.locator("[data-action=dialog-confirm]").innerText(), "DésactiverEntrée");
  await page.keyboard.press("Enter");
  await page.getByText("« Descente en canoë » est désactivé : il n'est plus proposé.").waitFor();
  assert.equal(await canoe.getAttribute("class"), "inactive");
  assert.equal((await fake(page)).calls.includes("remove_product"), false);

  // Never sold: deleted after one question.
  const bike = page.locator("tr[data-product]", { hasText: "Location de vélo" });
  await bike.focus();
  await page.keyboard.press("Delete");
  await dialog.getByText("Il n'a jamais été vendu : il disparaît de la liste, définitivement.").waitFor();
  await page.keyboard.press("Enter");
  await page.getByText("« Location de vélo » est supprimé.").waitFor();
  assert.equal(await bike.count(), 0);
  // Reactivated with Ctrl+D on its row.
  await canoe.focus();
  await page.keyboard.press("Control+d");
  await page.getByText("« Descente en canoë » est de nouveau proposé.").waitFor();
  await page.close();
});

test("a cashier sees the French refusal when managing products or vouchers is a manager's", async () => {
  const page = await open({ operators: [{ id: "o-1", name: "Camille", role: "manager", pin: "1234" }, { id: "o-2", name: "Léo", role: "cashier", pin: "5678" }] });
  const who = page.getByRole("dialog");
  await who.locator("select[name=who]").selectOption("o-2");
  await who.locator("input[name=pin]").fill("5678");
  await who.getByRole("button", { name: "C'est moi" }).click();
  await who.waitFor({ state: "detached" });
  await page.keyboard.press("Shift+F12");
  await page.locator("tr[data-product]").first().waitFor();
  await page.keyboard.press("F2");
  await page.locator(".dialog input[name=name]").fill("Kayak");
  await page.locator(".dialog input[name=price]").fill("20");
  await page.keyboard.press("Enter");
  await page.getByText("Léo ne peut pas faire cela", { exact: false }).waitFor();
  await page.keyboard.press("Escape");
  // Selling is a cashier's: allowed; deactivating is a manager's: the refusal shows.
  await page.keyboard.press("F1");
  await page.keyboard.press("F2");
  await page.locator(".dialog").getByLabel("Descente en canoë — 25,00 €").check();
  await page.locator(".dialog input[name=amount]").fill("30");
  await page.locator(".dialog [data-action=confirm]").click();
  await page.getByRole("dialog", { name: "Imprimer le bon cadeau" }).waitFor();
  await page.keyboard.press("Escape");
  await page.locator(".voucher-verdict strong", { hasText: "VALIDE" }).waitFor();
  await page.keyboard.press("Control+d");
  await page.locator(".dialog input[name=reason]").fill("remboursé");
  await page.keyboard.press("Enter");
  await page.locator(".dialog").getByText("Léo ne peut pas faire cela", { exact: false }).waitFor();
  await page.close();
});

test("the vouchers and products screens speak English", async () => {
  const page = await open({ lang: "en" });
  await page.keyboard.press("F1");
  await page.getByRole("heading", { name: /Gift vouchers/ }).waitFor();
  await page.getByRole("button", { name: /Sell a voucher/ }).waitFor();
  await page.keyboard.press("Shift+F12");
  await page.getByRole("columnheader", { name: "Offered on" }).waitFor();
  assert.equal(await page.locator("tr[data-product]").first().locator("td").nth(3).innerText(), "Till, Widget");
  await page.close();
});
