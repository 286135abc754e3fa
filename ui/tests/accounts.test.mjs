// Comptabilité (Maj+F8) in Chromium with the stand-in backend (fake-backend.mjs): the
// exports of a period to a file the user names, with progress and a French
// confirmation naming the file; refusals in French (reversed period, empty period, a
// full disk); the voucher report shown; a payout statement reconciled, its unmatched
// line in red; the payment gateways' secrets typed in password fields, never shown
// back; without a keychain, the app's French refusal as is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { harness } from "./harness.mjs";

const open = harness();
const fake = (page) => page.evaluate(() => window.__GUICHET_FAKE__);

/** Opens Comptabilité with Maj+F8. */
async function accounts(page) {
  await page.locator("nav button[data-screen=accounts]").waitFor();
  await page.keyboard.press("Shift+F8");
  await page.getByRole("heading", { name: "Comptabilité" }).waitFor();
}

test("a5 t7 a8 the sales of a period are exported as CSV then XLSX to the file chosen, with progress and the file named", async () => {
  const page = await open({ fake: { exportDelay: 400 } });
  await accounts(page);
  assert.match(await page.locator("nav button[data-screen=accounts]").innerText(), /Comptabilité\s*Maj\+F8/);
  const form = page.locator("form.export-form");
  // The period is this month; the file is suggested from the choices.
  const from = await form.locator("input[name=from]").inputValue();
  assert.match(from, /^01\/\d{2}\/20\d{2}$/);
  await form.locator("input[name=from]").fill("01/11/2026");
  await form.locator("input[name=to]").fill("30/11/2026");
  await form.locator("input[name=to]").dispatchEvent("change");
  await page.waitForFunction(() => document.querySelector("input[name=file]").value === "/home/caisse/ventes-2026-11-01-au-2026-11-30.csv");
  await form.locator("[data-action=export]").click();
  // While it runs: said on the screen and in the progress bar; the button waits.
  await page.getByText("Export en cours… vous pouvez continuer à travailler.").waitFor();
  await page.locator(".progress-bar[data-task=export]").waitFor({ state: "attached" });
  assert.equal(await form.locator("[data-action=export]").isDisabled(), true);
  await page.getByText("Fichier écrit : /home/caisse/ventes-2026-11-01-au-2026-11-30.csv — 3 ventes, du 01/11/2026 au 30/11/2026.").waitFor();
  assert.equal(await page.locator(".progress-bar").isHidden(), true, "the bar goes once the export is over");
  // The same file again: replacing it asks once; going back writes nothing.
  await form.locator("[data-action=export]").click();
  const replace = page.getByRole("dialog", { name: "Remplacer le fichier ?" });
  await replace.getByText("/home/caisse/ventes-2026-11-01-au-2026-11-30.csv existe déjà. L'export le remplace par celui de la période choisie ; l'ancien contenu est perdu.").waitFor();
  await replace.locator("[data-action=back]").click();
  await page.getByText("Rien n'a été écrit : changez le nom du fichier pour garder l'ancien.").waitFor();
  assert.equal((await fake(page)).exports.length, 1);
  await form.locator("[data-action=export]").click();
  await replace.locator("[data-action=confirm]").click();
  await page.getByText("Fichier écrit : /home/caisse/ventes-2026-11-01-au-2026-11-30.csv — 3 ventes, du 01/11/2026 au 30/11/2026.").waitFor();
  assert.equal((await fake(page)).exports.length, 2);
  // XLSX: the extension follows the format.
  await form.getByLabel("Classeur Excel (XLSX)").check();
  await page.waitForFunction(() => document.querySelector("input[name=file]").value.endsWith(".xlsx"));
  await page.keyboard.press("Enter");
  await page.getByText(/^Fichier écrit : \/home\/caisse\/ventes-2026-11-01-au-2026-11-30\.xlsx/).waitFor();
  // The forms' answers, to a file the person typed (the extension is added).
  await form.getByLabel(/Les réponses aux formulaires/).check();
  await form.locator("input[name=file]").fill("/home/caisse/compta/reponses");
  await form.getByLabel("CSV (séparateur ;)").check();
  await form.locator("[data-action=export]").click();
  await page.getByText("Fichier écrit : /home/caisse/compta/reponses.csv — 2 réponses, du 01/11/2026 au 30/11/2026.").waitFor();
  const state = await fake(page);
  assert.deepEqual(state.exports.map((e) => [e.kind, e.format, e.from, e.to, e.path]), [
    ["sales", "csv", "2026-11-01", "2026-11-30", "/home/caisse/ventes-2026-11-01-au-2026-11-30.csv"],
    ["sales", "csv", "2026-11-01", "2026-11-30", "/home/caisse/ventes-2026-11-01-au-2026-11-30.csv"],
    ["sales", "xlsx", "2026-11-01", "2026-11-30", "/home/caisse/ventes-2026-11-01-au-2026-11-30.xlsx"],
    ["forms", "csv", "2026-11-01", "2026-11-30", "/home/caisse/compta/reponses.csv"],
  ]);
});

test("a bad period, an empty one, a full disk and a relative path are refused in French with what to do; nothing typed is lost", async () => {
  const page = await open({ fake: { exportRows: { sales: 0, forms: 0, vouchers: 0 } } });
  await accounts(page);
  const form = page.locator("form.export-form");
  const alert = page.locator(".messages .notice.error");
  await form.locator("input[name=from]").fill("31/02/2026");
  await form.locator("[data-action=export]").click();
  assert.equal(await alert.innerText(), "« Du » : écrivez la date comme 26/11/2026.");
  assert.equal(await form.locator("input[name=from]").getAttribute("aria-invalid"), "true");
  await form.locator("input[name=from]").fill("30/11/2026");
  await form.locator("input[name=to]").fill("01/11/2026");
  await form.locator("[data-action=export]").click();
  assert.equal(await alert.innerText(), "« Au (inclus) » : la période finit le 01/11/2026, avant de commencer le 30/11/2026 ; inversez les dates.");
  await form.locator("input[name=from]").fill("01/11/2026");
  await form.locator("input[name=to]").fill("30/11/2026");
  await form.locator("[data-action=export]").click();
  await page.getByText("aucune vente du 01/11/2026 au 30/11/2026 : choisissez une autre période ; aucun fichier n'a été écrit").waitFor();
  await page.evaluate(() => { window.__GUICHET_FAKE__.exportRows.sales = 4; });
  await form.locator("input[name=file]").fill("/plein/ventes.csv");
  await form.locator("[data-action=export]").click();
  await page.getByText(/disque plein\) : libérez de la place ou choisissez un autre disque/).waitFor();
  await form.locator("input[name=file]").fill("ventes.csv");
  await form.locator("[data-action=export]").click();
  await page.getByText("« ventes.csv » : écrivez le chemin complet du fichier, qui commence par /").waitFor();
  await form.locator("input[name=file]").fill("");
  await form.locator("[data-action=export]").click();
  assert.equal(await alert.innerText(), "« Fichier à écrire (chemin complet) » est obligatoire.");
  // What was typed stays.
  assert.equal(await form.locator("input[name=from]").inputValue(), "01/11/2026");
  assert.equal((await fake(page)).exports.length, 0);
});

test("a8 the voucher report of the period is shown: figures, and a voucher used twice in red", async () => {
  const page = await open({ fake: { voucherReport: { from: "2026-11-01", to: "2026-11-30", bought_count: 2, bought_total: "100.00",
    used_count: 2, used_total: "75.00", difference: "25.00", unused_count: 1, overdrawn: ["VAAAA"],
    vouchers: [
      { code: "VAAAA", amount: "50.00", sold_on: "2026-11-02", method: "espèces", products: ["Canoë"], used_on: ["2026-11-03", "2026-11-04"],
        used_at: ["caisse 1", "caisse 2"], status: "overdrawn", status_label: "utilisé deux fois", balance: "-25.00", valid_until: "2027-11-02",
        overdrawn: true, bought_in_period: true, used_in_period: true },
      { code: "VBBBB", amount: "50.00", sold_on: "2026-11-05", method: "carte bancaire", products: ["Canoë"], used_on: [], used_at: [],
        status: "valid", status_label: "valable", balance: "50.00", valid_until: "2027-11-05", overdrawn: false, bought_in_period: true, used_in_period: false },
    ] } } });
  await accounts(page);
  await page.locator("[data-action=show-report]").click();
  const report = page.locator(".voucher-report");
  await report.getByText(/^Bons cadeaux du \d{2}\/\d{2}\/\d{4} au/).waitFor();
  assert.match(await report.locator(".report-figures").innerText(),
    /Achetés\s+2 bons — 100,00 €\s+Utilisés\s+2 utilisations — 75,00 €\s+Différence\s+25,00 €\s+Achetés et pas encore utilisés\s+1 bon\s+Utilisés deux fois \(à régler\)\s+VAAAA/);
  assert.equal(await report.locator("tr.overdrawn").count(), 1);
  assert.match(await report.locator("tr.overdrawn").innerText(), /VAAAA\s+50,00 €\s+02\/11\/2026\s+03\/11\/2026, 04\/11\/2026\s+utilisé deux fois\s+-25,00 €/);
});

const RECONCILIATION = {
  payouts: [
    { reference: "PAYOUT-1", date: "2026-12-02", expected_date: "2026-12-02", expected_net: "98.00", paid_net: "98.00", difference: "0.00",
      matched: true, differences: [], transactions: [{ line: 2, transaction: "T1", paid_on: "2026-11-21", amount: "100.00", fee: "2.00", net: "98.00",
        known: true, expected_net: "98.00", expected_payout_date: "2026-12-02", matched: true }] },
    { reference: "PAYOUT-2", date: "2026-12-09", expected_date: null, expected_net: "0.00", paid_net: "19.19", difference: "19.19",
      matched: false, transactions: [{ line: 3, transaction: "T9", paid_on: "2026-11-28", amount: "19.75", fee: "0.56", net: "19.19",
        known: false, expected_net: null, expected_payout_date: null, matched: false }],
      differences: [{ kind: "unknown_transaction", line: 3, transaction: "T9", expected: null, actual: null,
        message: "ligne 3 : la transaction T9 n'est pas connue de Guichet : importez l'export des transactions qui la contient" }] },
  ],
  not_paid_out: [{ transaction: "T2", paid_on: "2026-11-27", amount: "25.00", expected_net: "24.35", expected_payout_date: "2026-12-02",
    message: "la transaction T2 du 27/11/2026 (25,00 €) devait être versée le 02/12/2026 et n'est dans aucun virement" }],
  difference_count: 2, matched: false,
};

test("o3 the transactions are imported, a statement is reconciled: each PAYOUT with its lines, what does not match in red; a bad file names its line", async () => {
  const page = await open({ fake: { files: {
    "/home/caisse/operations.csv": { transactions: ["T1", "T2"] },
    "/home/caisse/abime.csv": { error: "ligne 3, colonne « date » : « 31/11/2026 » n'est pas une date (jj/mm/aaaa)" },
    "/home/caisse/virements.csv": { reconciliation: RECONCILIATION },
  } } });
  await accounts(page);
  await page.keyboard.press("Alt+2");
  await page.getByText("Aucune transaction importée pour l'instant.").waitFor();
  const importForm = page.locator("form.import-form");
  await importForm.locator("input[name=transactions]").fill("/home/caisse/abime.csv");
  await importForm.locator("[data-action=import-transactions]").click();
  await page.getByText("/home/caisse/abime.csv : ligne 3, colonne « date » : « 31/11/2026 » n'est pas une date (jj/mm/aaaa) ; rien n'a été enregistré, corrigez le fichier puis recommencez").waitFor();
  await importForm.locator("input[name=transactions]").fill("/home/caisse/operations.csv");
  await importForm.locator("[data-action=import-transactions]").click();
  await page.getByText("2 transactions lues : 2 ajoutée(s), 0 mise(s) à jour, 0 inchangée(s).").waitFor();
  await page.getByText("2 transactions connues sur ce poste.").waitFor();

  const statement = page.locator("form.statement-form");
  await statement.locator("input[name=statement]").fill("/home/caisse/virements.csv");
  await statement.locator("input[name=statement]").press("Enter");
  await page.getByText("2 écarts à vérifier : ils sont marqués ✗ en rouge ci-dessous.").waitFor();
  const ok = page.locator("[data-payout=PAYOUT-1]");
  assert.match(await ok.locator("h4").innerText(), /✓ PAYOUT-1 — du 02\/12\/2026 — versé 98,00 €, attendu 98,00 €/);
  assert.match(await ok.locator("tbody tr").innerText(), /2\s+T1\s+21\/11\/2026\s+100,00 €\s+2,00 €\s+98,00 €\s+✓ concorde/);
  const bad = page.locator("[data-payout=PAYOUT-2]");
  assert.equal(await bad.getAttribute("class"), "payout unmatched");
  assert.match(await bad.locator("h4").innerText(), /✗ PAYOUT-2 — du 09\/12\/2026 — versé 19,19 €, attendu 0,00 € écart 19,19 €/);
  assert.match(await bad.locator("tr.unmatched").innerText(), /T9.*✗ transaction inconnue/s);
  await bad.getByText("ligne 3 : la transaction T9 n'est pas connue de Guichet").waitFor();
  const color = await bad.locator("tr.unmatched td").first().evaluate((td) => getComputedStyle(td).color);
  assert.equal(color, "rgb(180, 35, 24)", "an unmatched line is red");
  await page.locator(".not-paid-out").getByText(/la transaction T2 du 27\/11\/2026 \(25,00 €\) devait être versée le 02\/12\/2026/).waitFor();
});

test("o6 a gateway is set with its secrets in password fields, never shown back; checked; removed after one question", async () => {
  const page = await open();
  await accounts(page);
  await page.keyboard.press("Alt+3");
  const row = page.locator("tr[data-gateway=clic_and_pay]");
  await row.locator("[data-action=set]").click();
  const dialog = page.getByRole("dialog", { name: "Régler Clic and Pay" });
  await dialog.waitFor();
  assert.equal(await dialog.locator("input[name=password]").getAttribute("type"), "password");
  assert.equal(await dialog.locator("input[name=security_code]").getAttribute("type"), "password");
  await dialog.locator("input[name=login]").fill("gite-du-vallon");
  await dialog.locator("input[name=password]").fill("Sable-Marin-42");
  await dialog.locator("[data-action=confirm]").click();
  await dialog.getByText("« Code de première connexion ou code de sécurité » est obligatoire.").waitFor();
  await dialog.locator("input[name=security_code]").fill("991234");
  await dialog.locator("[data-action=confirm]").click();
  await page.getByText("Clic and Pay est réglée ; ses secrets sont dans le trousseau du système (2).").waitFor();
  let state = await fake(page);
  assert.equal(state.keychain["clic_and_pay/password"], "Sable-Marin-42");
  assert.equal(await page.locator("tr[data-gateway=clic_and_pay] td").nth(2).innerText(), "Réglée");
  // Set ones come first; nothing on the page holds a secret.
  assert.equal(await page.locator("tr[data-gateway]").first().getAttribute("data-gateway"), "clic_and_pay");
  assert.doesNotMatch(await page.content(), /Sable-Marin-42|991234/);
  // Changing the login alone keeps the secrets (left empty, said in the field).
  await row.locator("[data-action=set]").click();
  await dialog.waitFor();
  assert.equal(await dialog.locator("input[name=password]").inputValue(), "", "never shown back");
  assert.equal(await dialog.locator("input[name=password]").getAttribute("placeholder"), "déjà dans le trousseau : laissez vide pour le garder");
  await dialog.locator("input[name=login]").fill("gite-2");
  await dialog.locator("[data-action=confirm]").click();
  await page.getByText(/^Clic and Pay est réglée/).waitFor();
  state = await fake(page);
  assert.deepEqual(state.secretCalls, [["password", "security_code"], []], "no secret is sent again");
  assert.equal(state.keychain["clic_and_pay/password"], "Sable-Marin-42");
  await row.locator("[data-action=check]").click();
  await page.getByText("Clic and Pay : Mot de passe dans le trousseau ; Code de première connexion ou code de sécurité dans le trousseau.").waitFor();
  // A bad address is refused in French in the dialog, which stays open.
  await page.locator("tr[data-gateway=mercanet] [data-action=set]").click();
  const mercanet = page.getByRole("dialog", { name: "Régler Mercanet" });
  await mercanet.locator("input[name=url]").fill("http://banque");
  await mercanet.locator("input[name=login]").fill("x");
  await mercanet.locator("input[name=password]").fill("y");
  await mercanet.locator("[data-action=confirm]").click();
  await mercanet.getByText("url (adresse de connexion) « http://banque » : écrivez une adresse complète en https://").waitFor();
  await page.keyboard.press("Escape");
  // Removed after one question that says what happens.
  await row.locator("[data-action=remove]").click();
  const sure = page.getByRole("dialog", { name: "Retirer Clic and Pay ?" });
  await sure.getByText(/secrets du trousseau du système/).waitFor();
  await sure.locator("[data-action=confirm]").click();
  await page.getByText("Clic and Pay est retirée de ce poste et du trousseau.").waitFor();
  state = await fake(page);
  assert.deepEqual(state.keychain, {});
  assert.equal(await page.locator("tr[data-gateway=clic_and_pay] [data-action=remove]").count(), 0);
});

test("o6 without a keychain the app's French refusal shows in the dialog, which keeps what was typed", async () => {
  const page = await open({ fake: { noKeychain: true } });
  await accounts(page);
  await page.locator("[data-part=accounts-gateways]").click();
  await page.locator("tr[data-gateway=clic_and_pay] [data-action=set]").click();
  const dialog = page.getByRole("dialog", { name: "Régler Clic and Pay" });
  await dialog.locator("input[name=login]").fill("gite");
  await dialog.locator("input[name=password]").fill("secret-1");
  await dialog.locator("input[name=security_code]").fill("1234");
  await dialog.locator("[data-action=confirm]").click();
  await dialog.getByText(/^aucun trousseau du système n'est disponible : .* les identifiants ne sont jamais enregistrés ailleurs$/).waitFor();
  assert.equal(await dialog.locator("input[name=login]").inputValue(), "gite");
  assert.equal((await fake(page)).gateways[0].configured, false);
});

test("in English the screen speaks English, its keys shown", async () => {
  const page = await open({ lang: "en" });
  await page.locator("nav button[data-screen=accounts]").waitFor();
  await page.keyboard.press("Shift+F8");
  await page.getByRole("heading", { name: "Accounts" }).waitFor();
  const parts = (await page.locator(".sub-tabs button").allInnerTexts()).map((x) => x.replace(/\s+/g, " "));
  assert.deepEqual(parts, ["ExportsAlt+1", "PayoutsAlt+2", "Payment gatewaysAlt+3", "InvoicesAlt+4", "Import from the old toolAlt+5"]);
  await page.getByText("Export for the accountant").waitFor();
  await page.keyboard.press("Alt+3");
  await page.getByRole("heading", { name: "Banks' payment gateways" }).waitFor();
  assert.equal(await page.locator("tr[data-gateway=clic_and_pay] td").nth(2).innerText(), "Not set up");
  await page.keyboard.press("Alt+5");
  await page.getByRole("heading", { name: "Import the old tool's exports" }).waitFor();
  await page.getByText("Gift vouchers still valid").waitFor();
});

const VOUCHER_EXPORT = {
  header: ["N° du bon", "Montant restant", "Date de fin de validité"],
  columns: [
    { field: "code", column: null, required: true },
    { field: "montant", column: "Montant restant", required: true },
    { field: "fin_validite", column: "Date de fin de validité", required: true },
    { field: "produits", column: null, required: false },
  ],
  preview: [
    { line: 2, values: ["KDO 0042", "35,50", "31/12/2026", ""] },
    { line: 3, values: ["KDO-0043", "20,00", "01/01/2026", ""] },
  ],
  rows: [
    { line: 2, what: "bon KDO0042, 35,50 €" },
    { line: 3, refused: { column: "Date de fin de validité", reason: "bon expiré le 01/01/2026 : pas repris (prolongez-le dans l'ancien outil, ou corrigez la date)" } },
  ],
};

test("an old tool's voucher export is previewed (columns, first rows, refusals), named a column, then imported once", async () => {
  const page = await open({ fake: { files: {
    "/home/gite/bons.csv": VOUCHER_EXPORT,
    "/home/gite/latin1.csv": { error: "ligne 1 : le fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 » depuis votre tableur" },
  } } });
  await accounts(page);
  await page.keyboard.press("Alt+5");
  await page.getByRole("heading", { name: "Reprendre les exports de l'ancien outil" }).waitFor();
  const form = page.locator("form.import-old-form");
  const go = form.locator("[data-action=import]");
  assert.equal(await go.isDisabled(), true, "no import before a preview");
  // Nothing typed: the field is named in French.
  await form.locator("[data-action=preview]").click();
  await page.locator(".messages .error").waitFor();
  await form.locator("input[name=file]").fill("/home/gite/latin1.csv");
  await form.locator("input[name=file]").press("Enter");
  await page.getByText("/home/gite/latin1.csv : ligne 1 : le fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 » depuis votre tableur").waitFor();
  // The code's column is not found by its name: the app says which mapping is missing.
  await form.locator("input[name=file]").fill("/home/gite/bons.csv");
  await form.locator("input[name=file]").press("Enter");
  await page.getByText(/il manque la colonne « code »/).waitFor();
  // A badly written mapping is refused before any call.
  await form.locator("textarea[name=map]").fill("code N° du bon");
  await form.locator("[data-action=preview]").click();
  await page.getByText("« code N° du bon » : écrivez champ=Nom de la colonne, par exemple code=N° du bon").waitFor();
  await form.locator("textarea[name=map]").fill("code=N° du bon");
  await form.locator("[data-action=preview]").click();
  await page.getByText("Aperçu : 1 ligne à importer, 0 déjà là, 1 refusée. Rien n'est enregistré : vérifiez puis cliquez sur « Importer ».").waitFor();
  assert.match(await page.locator(".import-columns tr[data-field=code]").innerText(), /code\s+N° du bon/);
  assert.match(await page.locator(".import-preview tbody tr").first().innerText(), /2\s+KDO 0042\s+35,50\s+31\/12\/2026/);
  const refused = page.locator(".import-rows tr.refused");
  assert.match(await refused.innerText(), /3\s+refusée\s+Date de fin de validité\s+bon expiré le 01\/01\/2026/);
  assert.equal((await fake(page)).ops, 0, "a preview stores nothing");
  assert.equal(await go.isDisabled(), false);
  await go.click();
  await page.getByText("Import terminé : 1 ligne importée, 0 déjà là, 1 refusée.").waitFor();
  assert.match(await page.locator(".import-rows tr[data-line='2']").innerText(), /importée — bon KDO0042, 35,50 €/);
  assert.equal(await go.isDisabled(), true, "imported: a new preview first");
  // Again: nothing twice.
  await form.locator("[data-action=preview]").click();
  await page.getByText("Aperçu : 0 ligne à importer, 1 déjà là, 1 refusée. Rien n'est enregistré : vérifiez puis cliquez sur « Importer ».").waitFor();
  await page.locator(".import-rows tr.already").getByText("déjà importée — bon KDO0042, 35,50 €").waitFor();
});

test("a long import shows its progress, its buttons wait; the fields are named in French with the name the mapping uses; counts agree in number", async () => {
  const rows = Array.from({ length: 3 }, (_, i) => ({ line: i + 2, what: `bon KDO00${i}, 10,00 €` }));
  const page = await open({ fake: { importDelay: 400, files: { "/home/gite/bons.csv": { ...VOUCHER_EXPORT, rows } } } });
  await accounts(page);
  await page.keyboard.press("Alt+5");
  const form = page.locator("form.import-old-form");
  await form.locator("input[name=file]").fill("/home/gite/bons.csv");
  await form.locator("textarea[name=map]").fill("code=N° du bon");
  await form.locator("[data-action=preview]").click();
  // While it runs: said, the bar at the bottom counts the rows, neither button can start it twice.
  await page.getByText("Import en cours…").waitFor();
  const bar = page.locator(".progress-bar[data-task=import]");
  await bar.waitFor();
  assert.equal(await bar.locator(".progress-label").innerText(), "Import de l'ancien outil : ligne 0 sur 3… vous pouvez continuer à travailler");
  assert.equal(await form.locator("[data-action=preview]").isDisabled(), true);
  assert.equal(await form.locator("[data-action=import]").isDisabled(), true);
  await page.getByText("Aperçu : 3 lignes à importer, 0 déjà là, 0 refusée. Rien n'est enregistré : vérifiez puis cliquez sur « Importer ».").waitFor();
  assert.equal(await page.locator(".progress-bar").isHidden(), true, "the bar goes once it is over");
  assert.equal(await form.locator("[data-action=preview]").isDisabled(), false);
  assert.equal(await page.locator(".import-columns tr[data-field=fin_validite] td").first().innerText(), "Fin de validité fin_validite");
  assert.deepEqual(await page.locator(".import-preview thead th").allInnerTexts(), ["Ligne", "Code du bon", "Montant restant", "Fin de validité", "Prestations"]);
  await form.locator("[data-action=import]").click();
  await page.getByText("Import terminé : 3 lignes importées, 0 déjà là, 0 refusée.").waitFor();
});
