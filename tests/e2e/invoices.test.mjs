// The paperwork a gîte owner does in the REAL window (WebKitGTK under Xvfb), on data
// dirs prepared with the `guichet` binary:
// (a) B1 B3: a booking with a deposit paid is invoiced from its file; the invoice's PDF is
//     saved to a file named in the window and read back with pdftotext (the stay and the
//     total, the franchise mention, no payment); the booking cancelled in the window
//     (asked once, in the app) issues a credit note citing the invoice, numbered next, seen
//     in Comptabilité → Factures; `guichet invoices verify` says the sequence is whole.
// (b) T6: the confirmation template edited in Paramètres: an unknown placeholder is named
//     in French and nothing is saved; a valid text previews the French amount
//     (`1 100,00 €`, narrow no-break space, no-break space before €), is saved, and
//     `guichet templates show` reads it back.
// (c) Reprise: a CSV of gift vouchers and one of bookings imported with a column mapping
//     after a preview, a bad row refused with its reason; the imported voucher is then
//     redeemable at the till (`guichet vouchers redeem`).
// Screenshots: tests/e2e/artifacts/invoices-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session, sleep, startDriver } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const artifacts = join(root, "tests/e2e/artifacts");
const [SHIFT, ALT, F8, ESCAPE, ENTER] = ["\uE008", "\uE00A", "\uE038", "\uE00C", "\uE007"];

/** A data dir with one gîte, a franchise provider and a booking of 1 100,00 € with 330,00 € paid. */
function gite(prefix) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const cli = (...args) => JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, "--json", ...args]).toString());
  cli("units", "add", "--name", "Gîte des Lilas", "--capacity", "4");
  const unit = cli("units")[0].id;
  cli("settings", "--provider-name", "Les Gîtes du Vallon", "--siret", "73282932000074", "--street", "2 chemin du Moulin",
    "--postcode", "24200", "--town", "Sarlat-la-Canéda", "--vat", "franchise", "--deposit-percent", "30", "--deposit-kind", "arrhes");
  const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const booking = cli("bookings", "create", "--unit", unit, "--from", from, "--nights", "5", "--price", "1100.00",
    "--name", "Marie Claire Dupont", "--title", "Mme", "--address", "12 rue des Lilas\n24200 Sarlat",
    "--email", "marie@exemple.fr").booking;
  cli("bookings", "pay", booking, "--amount", "330.00", "--method", "cheque");
  return { dataDir, cli, unit, booking, from };
}

/** The window on `dataDir`, with helpers; `work(w)` runs in it, then it closes. */
async function inWindow(dataDir, work) {
  mkdirSync(artifacts, { recursive: true });
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir });
  let w;
  try {
    w = await Session.create(base, desktop);
    await w.cmd("POST", "/window/rect", { x: 0, y: 0, width: 1280, height: 800 });
    await w.find("nav button[data-screen=planning]", 20_000);
    w.shot = async (name) => { await sleep(250); writeFileSync(join(artifacts, `invoices-${name}.png`), await w.screenshot()); };
    w.waitText = (text, timeoutMs = 20_000) => w.until("return document.body.innerText.includes(arguments[0])", [text], timeoutMs);
    w.chord = (...keys) => w.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions: [
      ...keys.map((k) => ({ type: "keyDown", value: k })), ...[...keys].reverse().map((k) => ({ type: "keyUp", value: k }))] }] });
    w.errors = () => w.execute("return [...document.querySelectorAll('.notice.error, .dialog [role=alert]')].map((n) => n.innerText).join(' | ')");
    await work(w);
  } finally {
    await w?.close();
    driver.kill();
  }
}

const words = (s) => s.split(/\s+/).filter(Boolean).join(" ");

test("b1 b3 an invoice issued from the booking file, its PDF read back; cancelling issues the credit note citing it, numbered next", async () => {
  const { dataDir, cli } = gite("guichet-invoices-");
  const pdf = join(dataDir, "facture-dupont.pdf");
  await inWindow(dataDir, async (w) => {
    await w.click("td.bar.booking[title^='Marie Claire Dupont']");
    await w.find("[data-part=documents]");
    assert.match(await w.text("[data-part=documents]"), /Aucune facture/);
    await w.shot("a1-file");
    await w.click("[data-action=issue-invoice]");
    await w.find(".dialog [data-action$=confirm]");
    assert.match(await w.text(".dialog"), /La facture de Marie Claire Dupont \(1[\s\u202f]100,00[\s\u00a0]€\) reçoit son numéro/);
    await w.shot("a2-issue-asked");
    await w.click(".dialog [data-action$=confirm]");
    await w.until("return document.querySelector('[data-part=documents] tr[data-invoice]')");
    const number = await w.execute("return document.querySelector('[data-part=documents] tr[data-invoice]').dataset.invoice");
    await w.waitText(`Facture ${number} émise.`);
    assert.equal(await w.execute("return document.querySelector('[data-action=issue-invoice]')"), null, "issued once: the button is gone");
    await w.shot("a3-issued");

    await w.click(`[data-part=documents] tr[data-invoice='${number}'] [data-action=invoice-pdf]`);
    await w.find(".dialog input[name=file]");
    await w.fill(".dialog input[name=file]", pdf);
    await w.shot("a4-save-pdf");
    await w.click(".dialog [data-action$=confirm]");
    await w.waitText(`PDF enregistré : ${pdf}`);
    assert.ok(existsSync(pdf), "the PDF is where the user said");
    const text = words(execFileSync("pdftotext", ["-layout", pdf, "-"]).toString());
    for (const wanted of [number, "Les Gîtes du Vallon", "73282932000074", "Mme Marie Claire Dupont", "12 rue des Lilas",
      "Gîte des Lilas", "1 100,00 €", "TVA non applicable, art. 293 B du CGI"]) {
      assert.ok(text.includes(wanted), `« ${wanted} » in ${text}`);
    }
    for (const never of ["330,00", "chèque", "Solde", "Acompte", "arrhes"]) {
      assert.ok(!text.toLowerCase().includes(never.toLowerCase()), `no payment on an invoice: « ${never} » in ${text}`);
    }

    // Cancelled in the window: asked once, saying a credit note follows.
    await w.click("[data-action=cancel]");
    await w.find(".dialog [data-action$=confirm]");
    assert.match(await w.text(".dialog"), /Sa facture sera annulée par un avoir/);
    await w.shot("a5-cancel-asked");
    await w.click(".dialog [data-action$=confirm]");
    await w.waitText("Réservation de Marie Claire Dupont annulée");
    await w.until("return document.querySelectorAll('[data-part=documents] tr[data-invoice]').length === 2");
    const credit = await w.execute("return document.querySelectorAll('[data-part=documents] tr[data-invoice]')[1].dataset.invoice");
    const [prefix, n] = [number.replace(/\d+$/, ""), Number(number.match(/(\d+)$/)[1])];
    assert.equal(credit, `${prefix}${String(n + 1).padStart(number.length - prefix.length, "0")}`, `${credit} follows ${number}`);
    assert.equal(await w.errors(), "");
    await w.shot("a6-cancelled");

    // Comptabilité → Factures: the credit note cites the invoice.
    await w.press(ESCAPE);
    await w.chord(SHIFT, F8);
    await w.find("button[data-part=accounts-invoices]", 15_000);
    await w.chord(ALT, "4");
    await w.find(`tr[data-invoice='${credit}']`);
    assert.match(await w.text(`tr[data-invoice='${credit}']`), new RegExp(`Avoir sur ${number}`));
    assert.match(await w.text(`tr[data-invoice='${number}']`), /Facture/);
    await w.shot("a7-factures");
    const creditPdf = join(dataDir, "avoir.pdf");
    await w.click(`tr[data-invoice='${credit}'] [data-action=invoice-pdf]`);
    await w.fill(".dialog input[name=file]", creditPdf);
    await w.click(".dialog [data-action$=confirm]");
    await w.waitText(`PDF enregistré : ${creditPdf}`);
    const creditText = words(execFileSync("pdftotext", ["-layout", creditPdf, "-"]).toString());
    assert.ok(creditText.includes(number), `the credit note cites ${number}: ${creditText}`);
    assert.ok(creditText.includes("1 100,00 €"), creditText);
  });
  const verify = spawnSync(guichet, ["--data-dir", dataDir, "--json", "invoices", "verify"]);
  assert.equal(verify.status, 0, verify.stderr.toString());
  const checked = JSON.parse(verify.stdout.toString());
  assert.equal(checked.ok, true);
  assert.equal(checked.invoices, 2);
  assert.equal(cli("invoices").length, 2);
});

test("t6 the confirmation template: an unknown placeholder named and nothing saved; a valid one previews 1 100,00 €, is saved and read back", async () => {
  const { dataDir } = gite("guichet-templates-");
  // Read with `guichet` (never Debian's sqlite3 while the window is open: closing it
  // dropped the window's journal under it, and the window's next write with it).
  const saved = () => !JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, "--json", "templates"]).toString())
    .find((t) => t.name === "confirmation").default;
  const shown = () => JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, "--json", "templates", "show", "confirmation"]).toString());
  const before = shown().text;
  await inWindow(dataDir, async (w) => {
    await w.press(F8);
    await w.until("return document.querySelector('section.templates [data-field=preview-body]')?.textContent.includes('Marie Claire Dupont')", [], 20_000);
    await w.execute("document.querySelector('section.templates').scrollIntoView()");
    assert.equal(await w.execute("return document.querySelector('section.templates select[name=notification]').selectedOptions[0].text"), "Confirmation de réservation");
    await w.shot("b1-template");

    // An unknown placeholder: named in French as it is typed, and refused when saved.
    await w.fill("section.templates textarea[name=text]", "Objet : Votre séjour\uE007Bonjour {Prenom}, total {Total}.");
    await w.until("return document.querySelector('section.templates [role=alert], section.templates .notice.error')?.textContent.includes('{Prenom}')");
    await w.shot("b2-unknown-typed");
    await w.click("section.templates [data-action=save-template]");
    await w.until("return document.querySelector('section.templates .notice.error')");
    await sleep(200);
    const refusal = await w.execute("return document.querySelector('section.templates .notice.error').textContent");
    assert.match(refusal, /« \{Prenom\} » n'existe pas : vouliez-vous dire « \{ContactPrenom\} »/);
    assert.doesNotMatch(refusal, /enregistré\./);
    await w.shot("b3-unknown-refused");
    assert.equal(saved(), false, "nothing saved");
    assert.equal(shown().text, before);

    // A valid text: the preview shows the French amounts, then it is saved.
    const mine = "Objet : Votre séjour au {PrestataireIdentite}\nBonjour {ContactTitre} {ContactPrenom} {ContactNom},\nLe total est de {Total}, l'acompte de {MontantAcompte} ; reste {Solde}.";
    await w.fill("section.templates textarea[name=text]", mine.replaceAll("\n", ENTER));
    await w.until("return document.querySelector('section.templates [data-field=preview-body]').textContent.includes('Le total est de')");
    assert.equal(await w.execute("return document.querySelector('section.templates .notice.error')"), null, "the error went away");
    // textContent: WebDriver's element text turns no-break spaces into spaces.
    const body = await w.execute("return document.querySelector('section.templates [data-field=preview-body]').textContent");
    // A narrow no-break space between thousands, a no-break space before €.
    assert.ok(body.includes("Le total est de 1\u202f100,00\u00a0€, l'acompte de 330,00\u00a0€ ; reste 770,00\u00a0€."), JSON.stringify(body));
    assert.ok(body.startsWith("Bonjour Mme Marie Claire Dupont,"), body);
    assert.match(await w.text("section.templates [data-field=preview-subject]"), /Votre séjour au Les Gîtes du Vallon/);
    await w.shot("b4-valid-preview");
    await w.click("section.templates [data-action=save-template]");
    await w.waitText("Modèle « Confirmation de réservation » enregistré.");
    await w.shot("b5-saved");
  });
  assert.equal(saved(), true);
  assert.equal(shown().text, "Objet : Votre séjour au {PrestataireIdentite}\nBonjour {ContactTitre} {ContactPrenom} {ContactNom},\nLe total est de {Total}, l'acompte de {MontantAcompte} ; reste {Solde}.");
});

test("reprise: gift vouchers and bookings imported from CSV with a column mapping and a preview, a bad row refused with its reason; the voucher is redeemable", async () => {
  const { dataDir, cli } = gite("guichet-imports-");
  const next = new Date(Date.now() + 200 * 86_400_000);
  const valid = `${String(next.getDate()).padStart(2, "0")}/${String(next.getMonth() + 1).padStart(2, "0")}/${next.getFullYear()}`;
  const vouchers = join(dataDir, "bons-ancien-outil.csv");
  writeFileSync(vouchers, `N° de carte;Reste à utiliser;Valable jusqu'au;Statut\r\nKDO-2025-0042;75,50;${valid};valide\r\n`
    + "KDO-2024-0007;40,00;15/01/2025;valide\r\nKDO-2025-0050;20,00;" + valid + ";utilisé\r\n");
  const stays = join(dataDir, "reservations.csv");
  const arrival = new Date(Date.now() + 40 * 86_400_000);
  const day = (d) => `${String(d.getDate()).padStart(2, "0")}/${String(d.getMonth() + 1).padStart(2, "0")}/${d.getFullYear()}`;
  writeFileSync(stays, "Logement,Date d'arrivée,Nuits,Voyageur,E-mail,Prix\n"
    + `Gîte des Lilas,${day(arrival)},3,Jean Moreau,jean@exemple.fr,420.00\n`
    + `Gîte inconnu,${day(arrival)},2,Paul Durand,paul@exemple.fr,200.00\n`);

  await inWindow(dataDir, async (w) => {
    await w.chord(SHIFT, F8);
    await w.find("button[data-part=accounts-imports]", 15_000);
    await w.chord(ALT, "5");
    await w.find("form.import-old-form input[name=file]");
    await w.shot("c1-reprise");
    await w.fill("form.import-old-form input[name=file]", vouchers);
    // Without the mapping: the columns it cannot find are said.
    await w.click("form.import-old-form [data-action=preview]");
    await w.until("return document.querySelector('#accounts-imports .notice.error')");
    const missing = await w.execute("return document.querySelector('#accounts-imports .notice.error').textContent");
    assert.match(missing, /code/);
    await w.shot("c2-missing-column");
    await w.fill("form.import-old-form textarea[name=map]", `code=N° de carte${ENTER}montant=Reste à utiliser`);
    await w.click("form.import-old-form [data-action=preview]");
    await w.find(".import-preview");
    assert.equal(await w.execute("return document.querySelector('[data-action=import]').disabled"), false);
    assert.match(await w.text(".import-rows tr[data-line='2']"), /serait importée/);
    assert.match(await w.text(".import-rows tr[data-line='3']"), /refusée.*expiré le 15\/01\/2025/s);
    assert.match(await w.text(".import-rows tr[data-line='4']"), /refusée.*seuls les bons encore valables/s);
    assert.equal(cli("vouchers", "list").length, 0, "a preview stores nothing");
    await w.shot("c3-vouchers-preview");
    await w.execute("document.querySelector('.import-result').scrollIntoView()");
    await w.shot("c3-vouchers-preview-report");
    await w.click("form.import-old-form [data-action=import]");
    await w.until("return document.querySelector('.import-rows tr[data-line=\"2\"]')?.textContent.includes('importée') && !document.querySelector('.import-preview')");
    await w.waitText("Import terminé");
    assert.match(await w.text(".import-rows tr[data-line='3']"), /refusée/);
    await w.shot("c4-vouchers-imported");

    // The bookings, with the guest's column named.
    await w.click("form.import-old-form input[name=kind][value=bookings]");
    await w.fill("form.import-old-form input[name=file]", stays);
    await w.fill("form.import-old-form textarea[name=map]", "nom=Voyageur");
    await w.click("form.import-old-form [data-action=preview]");
    await w.find(".import-preview");
    assert.match(await w.text(".import-rows tr[data-line='3']"), /refusée.*Gîte inconnu/s);
    await w.click("form.import-old-form [data-action=import]");
    await w.waitText("Import terminé");
    assert.match(await w.text(".import-rows tr[data-line='2']"), /importée/);
    assert.equal(await w.errors(), "");
    await w.shot("c5-bookings-imported");

    // A long export: the progress bar counts the rows while the buttons wait.
    const big = join(dataDir, "tous-les-bons.csv");
    writeFileSync(big, "Code;Montant;Date de fin de validité\n"
      + Array.from({ length: 10_000 }, (_, i) => `LOT-${String(i).padStart(5, "0")};${10 + (i % 50)},00;${valid}`).join("\n") + "\n");
    await w.execute("window.scrollTo(0, 0)");
    await w.click("form.import-old-form input[name=kind][value=vouchers]");
    await w.fill("form.import-old-form input[name=file]", big);
    await w.cmd("POST", `/element/${(await w.find("form.import-old-form textarea[name=map]"))}/clear`, {});
    await w.click("form.import-old-form [data-action=preview]");
    await w.until("const bar = document.querySelector('.progress-bar[data-task=import]'); return bar && !bar.hidden && /ligne [1-9]\\d* sur 10000/.test(bar.textContent)", [], 60_000);
    assert.equal(await w.execute("return document.querySelector('form.import-old-form [data-action=preview]').disabled"), true, "one run at a time");
    assert.match(await w.text(".progress-bar .progress-label"), /^Import de l'ancien outil : ligne \d+ sur 10000… vous pouvez continuer à travailler$/);
    await w.shot("c6-long-import-progress");
    await w.waitText("Aperçu : 10000 lignes à importer, 0 déjà là, 0 refusée.", 180_000);
    await w.until("return document.querySelector('.progress-bar').hidden");
    assert.equal(await w.errors(), "");
  });
  const imported = cli("vouchers", "list");
  assert.equal(imported.length, 1);
  assert.equal(imported[0].code, "KDO-2025-0042");
  assert.equal(imported[0].balance, "75.50");
  const redeemed = cli("vouchers", "redeem", "KDO-2025-0042");
  assert.equal(redeemed.redeemed, "75.50", JSON.stringify(redeemed));
  assert.ok(cli("bookings").some((b) => b.guest === "Jean Moreau" && b.total === "420.00"), "the booking is in the planning");
});
