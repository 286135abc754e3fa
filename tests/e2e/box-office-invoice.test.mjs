// The box office's invoice and the customers' file in the REAL window (WebKitGTK under
// Xvfb). A cashier invoices a ticket booking from the Billetterie (B3): one question,
// then the PDF saved where she says, read back with pdftotext; cancelling the booking
// issues a credit note citing it (B1), which `guichet invoices verify` accepts. A gîte
// owner books a stay for a customer of the file imported from the old tool: two letters
// of the name find her, one click fills her e-mail and phone.
// Screenshots: tests/e2e/artifacts/box-invoice-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session, sleep, startDriver } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const artifacts = join(root, "tests/e2e/artifacts");
const [F2, F9] = ["\uE032", "\uE039"];

test("b1 b3 a ticket booking is invoiced from the Billetterie, its PDF saved, then cancelled with a credit note", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "guichet-box-invoice-"));
  const cli = (...args) => JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, "--json", ...args]).toString());
  cli("demo");
  cli("settings", "--siret", "73282932000074");
  mkdirSync(artifacts, { recursive: true });
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir });
  let window;
  try {
    window = await Session.create(base, desktop);
    // The cashier sells two tickets (F2), then invoices them.
    await window.find("nav button[data-screen=boxOffice]", 20_000);
    await window.press(F9);
    await window.find("nav button.active[data-screen=boxOffice]", 15_000);
    await window.until("return document.querySelector('select[name=product] option') !== null", [], 20_000);
    await window.fill("input[name=quantity]", "2");
    await window.fill("input[name=holder]", "Famille Roux");
    await window.press(F2);
    const booking = await window.until("return [...document.querySelectorAll('tr[data-booking]')].find((r) => r.textContent.includes('Famille Roux'))?.dataset.booking", [], 20_000);
    const event = await window.execute("return document.querySelector('select[name=session] option:checked').textContent.split(' — ')[0]");
    const row = `tr[data-booking='${booking}']`;
    await window.click(`${row} [data-action=invoice]`);
    const question = await window.until("return document.querySelector('.dialog')?.textContent");
    assert.match(question, /Une facture de .* sera émise avec le numéro suivant de ce poste/);
    await sleep(200);
    writeFileSync(join(artifacts, "box-invoice-1-question.png"), await window.screenshot());
    await window.click(".dialog [data-action=confirm]");
    const pdf = join(dataDir, "facture-billets.pdf");
    await window.until("return document.querySelector('.dialog input[name=file]') !== null");
    await window.fill(".dialog input[name=file]", pdf);
    await window.click(".dialog [data-action=confirm]");
    await window.until("return [...document.querySelectorAll('.notice.ok')].some(n => n.textContent.startsWith('PDF enregistré'))");
    await sleep(200);
    writeFileSync(join(artifacts, "box-invoice-2-saved.png"), await window.screenshot());
    assert.ok(existsSync(pdf), "the PDF is where the cashier said");
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"]).toString().split(/\s+/).join(" ");
    for (const wanted of [`Billets — ${event}`, "2 billets", "73282932000074", "TVA non applicable, art. 293 B du CGI"]) {
      assert.ok(text.includes(wanted), `« ${wanted} » in ${text}`);
    }

    await window.click(`${row} [data-action=cancel]`);
    const cancel = await window.until("return document.querySelector('.dialog')?.textContent");
    assert.match(cancel, /un avoir annulera sa facture/);
    await window.click(".dialog [data-action=confirm]");
    await window.until(`return document.querySelector("${row}")?.classList.contains("cancelled")`);
    await sleep(200);
    writeFileSync(join(artifacts, "box-invoice-3-cancelled.png"), await window.screenshot());
    const documents = cli("invoices").filter((d) => d.booking === booking);
    assert.deepEqual(documents.map((d) => d.kind), ["invoice", "credit_note"]);
    assert.equal(documents[1].cites, documents[0].number);
  } finally {
    await window?.close();
    driver.kill();
  }
  assert.equal(cli("invoices", "verify").ok, true);
});

test("b2 a customer imported from the old tool is found under the name of a new stay and fills its contact", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "guichet-customers-"));
  const cli = (...args) => JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, "--json", ...args]).toString());
  cli("units", "add", "--name", "Gîte des Lilas", "--capacity", "4");
  const unit = cli("units")[0].id;
  const from = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  const until = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  cli("tariffs", "add", "--unit", unit, "--from", from, "--until", until, "--price", "90.00");
  const file = join(dataDir, "clients.csv");
  writeFileSync(file, "Civilité;Prénom;Nom;Adresse;CP;Ville;E-mail;Téléphone\n"
    + "Mme;Hélène;Moreau;4 rue du Port;24200;Sarlat;helene.moreau@exemple.fr;06 98 76 54 32\n"
    + "M.;Paul;Martin;;;;paul.martin@exemple.fr;\n");
  assert.equal(cli("import", "customers", file).imported, 2);
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir });
  let window;
  try {
    window = await Session.create(base, desktop);
    // « Nouvelle réservation »: the stay's dates typed, then the panel's contact.
    await window.until("return document.querySelector('[data-action=new-booking]') !== null", [], 20_000);
    await window.click("[data-action=new-booking]");
    const french = (iso) => iso.split("-").reverse().join("/");
    await window.fill(".new-booking input[name=from]", french(from));
    await window.fill(".new-booking input[name=until]", french(new Date(Date.parse(from) + 3 * 86_400_000).toISOString().slice(0, 10)));
    await window.click(".new-booking [data-action=quote]");
    await window.until("return document.querySelector('.stay-panel input[name=name]') !== null", [], 20_000);
    await window.fill(".stay-panel input[name=name]", "mor");
    await window.until("return document.querySelector('.customer-suggestions button')?.textContent.includes('Hélène Moreau')");
    await sleep(200);
    writeFileSync(join(artifacts, "box-invoice-4-customer-found.png"), await window.screenshot());
    await window.click(".customer-suggestions button");
    const filled = await window.execute("return ['name', 'email', 'phone'].map((f) => document.querySelector(`.stay-panel input[name=${f}]`).value)");
    assert.deepEqual(filled, ["Hélène Moreau", "helene.moreau@exemple.fr", "06 98 76 54 32"]);
    await window.click("[data-action=book]");
    await window.until("return [...document.querySelectorAll('.notice.ok')].some(n => n.textContent.includes('Hélène Moreau'))", [], 20_000);
  } finally {
    await window?.close();
    driver.kill();
  }
  const booked = cli("bookings").find((b) => b.status === "confirmed");
  const file2 = cli("bookings", "show", booked.id);
  assert.equal(file2.booking.email, "helene.moreau@exemple.fr");
});
