// The booking file's paperwork in the REAL window (WebKitGTK under Xvfb): a booking made
// from the command line with its customer's title, names and address is opened from the
// planning, shows them, and saves its contract (B2, P9) as a PDF read back with
// pdftotext; Paramètres previews the confirmation e-mail on it (T6) and shows the
// refusal of an unknown placeholder. Screenshots: tests/e2e/artifacts/contract-*.png.
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
const F8 = "\uE038";

test("b2 p9 t6 the booking file shows its customer and saves its contract; the template previews on it", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "guichet-contract-"));
  const cli = (...args) => JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, "--json", ...args]).toString());
  cli("units", "add", "--name", "Gîte des Lilas", "--capacity", "4");
  const unit = cli("units")[0].id;
  cli("settings", "--provider-name", "Les Gîtes du Vallon", "--deposit-percent", "30", "--deposit-kind", "acompte",
    "--extra-info", "Taxe de séjour : 0,88 € par adulte et par nuit, à régler sur place.");
  const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const booking = cli("bookings", "create", "--unit", unit, "--from", from, "--nights", "4", "--price", "600.00",
    "--name", "Marie Claire Dupont", "--title", "Mme", "--address", "12 rue des Lilas\n24200 Sarlat",
    "--email", "marie@exemple.fr").booking;
  cli("bookings", "pay", booking, "--amount", "180.00", "--method", "cheque");
  mkdirSync(artifacts, { recursive: true });
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir });
  let session;
  try {
    session = await Session.create(base, desktop);
    await session.click("td.bar.booking[title^='Marie Claire Dupont']");
    assert.equal(await session.text("dd[data-field=guest]"), "Mme Marie Claire Dupont");
    assert.equal(await session.text("dd[data-field=address]"), "12 rue des Lilas\n24200 Sarlat");
    assert.equal(await session.text("dd[data-field=balance]"), "420,00 €");
    await sleep(300);
    writeFileSync(join(artifacts, "contract-file.png"), await session.screenshot());

    const pdf = join(dataDir, "contrat-dupont.pdf");
    await session.click("[data-action=contract]");
    await session.fill(".dialog input[name=file]", pdf);
    await sleep(200);
    writeFileSync(join(artifacts, "contract-save.png"), await session.screenshot());
    await session.click(".dialog [data-action=confirm]");
    await session.until("return [...document.querySelectorAll('.notice.ok')].some(n => n.textContent.startsWith('Contrat enregistré'))");
    assert.ok(existsSync(pdf), "the PDF is where the user said");
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"]).toString().split(/\s+/).join(" ");
    for (const wanted of ["Mme Marie Claire Dupont", "Acompte demandé : 30 % du prix 180,00 €", "paiement par chèque 180,00 €",
      "Solde restant dû au", "420,00 €", "Le client ne peut pas se désister", "Taxe de séjour : 0,88 € par adulte et par nuit"]) {
      assert.ok(text.includes(wanted), `« ${wanted} » in ${text}`);
    }

    await session.press("\uE00C");
    await session.press(F8);
    await session.until("return document.querySelector('section.templates [data-field=preview-body]')?.textContent.includes('Bonjour Mme Marie Claire Dupont,')", [], 20_000);
    const body = await session.text("section.templates [data-field=preview-body]");
    assert.match(body, /acompte de 30[\s\u00a0]% \(180,00[\s\u00a0]€\)/);
    assert.match(body, /solde restant dû est de 420,00[\s\u00a0]€/);
    await session.execute("document.querySelector('section.templates').scrollIntoView()");
    await sleep(300);
    writeFileSync(join(artifacts, "contract-template-preview.png"), await session.screenshot());
    await session.fill("section.templates textarea[name=text]", "Bonjour {Prenom}");
    await session.click("section.templates [data-action=save-template]");
    const refusal = await session.until("return document.querySelector('section.templates [role=alert]')?.textContent");
    assert.match(refusal, /« \{Prenom\} » n'existe pas : vouliez-vous dire « \{ContactPrenom\} »/);
    await sleep(200);
    writeFileSync(join(artifacts, "contract-template-refused.png"), await session.screenshot());
    const saved = execFileSync("sqlite3", [join(dataDir, "guichet.db"), "SELECT count(*) FROM templates"]).toString().trim();
    assert.equal(saved, "0", "nothing saved");
  } finally {
    await session?.close();
    driver.kill();
  }
});
