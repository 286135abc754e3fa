// Comptabilité (Maj+F8) in the REAL window (WebKitGTK under Xvfb), doing a provider's
// month-end job on a demo data dir with two sales made at the till (one with a booking
// form's answer): the sales exported as CSV then XLSX for this month to files named in
// the window, read back (the CSV starts with the UTF-8 BOM and is split by `;`; the
// workbook holds the sheets VENTES and PRODUITS); the form answers and the voucher
// report exported; the payment service's transactions imported and a payout statement
// reconciled, its unmatched line shown; a bank gateway's credentials set in password
// fields, found in the system's keychain (a private D-Bus session with an unlocked
// gnome-keyring, as build-notes.md says CI runs one), never in the database, then
// removed. Screenshots: tests/e2e/artifacts/paperwork-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session, sleep, startDriver } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const artifacts = join(root, "tests/e2e/artifacts");
const [SHIFT, ALT, F8, ENTER] = ["\uE008", "\uE00A", "\uE038", "\uE007"];

/** A private session bus with an unlocked GNOME keyring; `stop()` ends it. */
async function keyringSession(home) {
  const runtime = join(home, "run");
  mkdirSync(runtime, { recursive: true });
  const addressFile = join(home, "bus-address");
  const stopFile = join(home, "stop");
  const script = `printf 'mot-de-passe-du-trousseau' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
echo "$DBUS_SESSION_BUS_ADDRESS" > "$1.tmp" && mv "$1.tmp" "$1"
while [ ! -e "$2" ]; do sleep 0.1; done`;
  const env = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, "data"), XDG_RUNTIME_DIR: runtime };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const child = spawn("dbus-run-session", ["--", "sh", "-c", script, "sh", addressFile, stopFile], { env, stdio: "ignore" });
  for (let i = 0; i < 300 && !existsSync(addressFile); i++) await sleep(100);
  const address = readFileSync(addressFile, "utf8").trim();
  assert.ok(address, "the D-Bus session started");
  return { env: { HOME: home, DBUS_SESSION_BUS_ADDRESS: address, XDG_RUNTIME_DIR: runtime },
    stop: () => { writeFileSync(stopFile, ""); setTimeout(() => child.kill(), 5000).unref(); } };
}

test("a provider's month end in Comptabilité: sales CSV and XLSX, forms, vouchers, a payout statement, a gateway in the keychain", async () => {
  const home = mkdtempSync(join(tmpdir(), "guichet-paperwork-home-"));
  const dataDir = mkdtempSync(join(tmpdir(), "guichet-paperwork-"));
  const out = join(home, "compta");
  mkdirSync(out);
  const keyring = await keyringSession(home);
  const cli = (...args) => JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, "--json", ...args], { env: { ...process.env, ...keyring.env } }).toString());
  execFileSync(guichet, ["--data-dir", dataDir, "demo"]);
  const poney = cli("products").find((p) => p.name.startsWith("Balade à poney")).id;
  const velo = cli("products").find((p) => p.name.startsWith("Location de vélo")).id;
  cli("products", "edit", poney, "--question", "Taille ?");
  cli("till", "open", "--float", "50");
  cli("till", "sell", "--line", `${poney}:2`, "--answer", "Taille ?=M; « grand »", "--pay", "cash:50");
  cli("till", "sell", "--line", `${velo}:1`, "--pay", "card:18");
  // The payment service's files: T2 is paid out nowhere, T9 is unknown here.
  writeFileSync(join(out, "operations.csv"), "\uFEFFRéférence;Date;Montant\r\nT1;21/11/2026;100,00\r\nT2;27/11/2026;25,00\r\nT3;28/11/2026;19,75\r\n");
  writeFileSync(join(out, "virements.csv"), "payout,date_virement,transaction,date_transaction,montant,frais,net\n"
    + "PAYOUT-1,2026-12-02,T1,2026-11-21,100.00,2.00,98.00\nPAYOUT-2,2026-12-09,T3,2026-11-28,19.75,0.56,19.19\n"
    + "PAYOUT-2,2026-12-09,T9,2026-11-28,10.00,0.38,9.62\n");
  writeFileSync(join(out, "abime.csv"), "payout,date_virement,transaction,date_transaction,montant,frais,net\n"
    + "PAYOUT-1,2026-12-02,T1,2026-11-21,100.00,2.00,98.00\nPAYOUT-1,2026-13-02,T3,2026-11-28,19.75,0.56,19.19\n");

  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir, ...keyring.env }, home);
  mkdirSync(artifacts, { recursive: true });
  let w;
  try {
    w = await Session.create(base, desktop);
    const shot = async (name) => writeFileSync(join(artifacts, `paperwork-${name}.png`), await w.screenshot());
    const waitText = (text, timeoutMs = 30_000) => w.until(`return document.body.innerText.includes(arguments[0])`, [text], timeoutMs);
    const chord = (...keys) => w.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions: [
      ...keys.map((k) => ({ type: "keyDown", value: k })), ...[...keys].reverse().map((k) => ({ type: "keyUp", value: k }))] }] });
    const errorText = () => w.execute("return [...document.querySelectorAll('.notice.error, .dialog [role=alert]')].map((n) => n.innerText).join(' | ')");
    await w.cmd("POST", "/window/rect", { x: 0, y: 0, width: 1280, height: 800 });
    await w.find("nav button[data-screen=planning]", 20_000);
    assert.match(await w.text("nav button[data-screen=accounts]"), /Comptabilité\s*Maj\+F8/);

    // Maj+F8: the exports, this month by default.
    await chord(SHIFT, F8);
    await w.find("form.export-form input[name=file]", 15_000);
    await w.until("return document.querySelector('form.export-form input[name=file]').value.includes('/ventes-')");
    await shot("1-exports");
    const exportTo = async (file, done) => {
      await w.fill("form.export-form input[name=file]", file);
      await w.click("form.export-form [data-action=export]");
      await w.until(`return document.body.innerText.includes(arguments[0]) || document.querySelector('.notice.error')`, [done], 60_000);
      assert.equal(await errorText(), "");
    };
    await exportTo(join(out, "ventes"), `Fichier écrit : ${join(out, "ventes.csv")} — 2 ventes`);
    const csv = readFileSync(join(out, "ventes.csv"));
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], "the CSV starts with the UTF-8 BOM");
    const rows = csv.toString("utf8").slice(1).split("\r\n").filter(Boolean);
    assert.equal(rows.length, 3, rows.join("\n"));
    assert.ok(rows[0].startsWith("N° de vente;Date;Heure;Caisse;"), rows[0]);
    assert.ok(rows.slice(1).every((r) => r.split(";").length === rows[0].split(";").length), "every row in columns");
    assert.ok(rows.some((r) => r.includes(";50,00;")), "amounts with a decimal comma");
    await shot("2-csv-written");
    // Again to the same file: replacing it asks once.
    await w.click("form.export-form [data-action=export]");
    await w.find(".dialog [data-action=confirm]");
    assert.match(await w.text(".dialog"), /ventes\.csv existe déjà/);
    await w.click(".dialog [data-action=confirm]");
    await w.until("return !document.querySelector('.dialog')");
    await waitText(`Fichier écrit : ${join(out, "ventes.csv")} — 2 ventes`);

    await w.click("form.export-form input[name=format][value=xlsx]");
    await exportTo(join(out, "ventes.xlsx"), `Fichier écrit : ${join(out, "ventes.xlsx")} — 2 ventes`);
    const sheets = execFileSync("python3", ["-c", "import sys,zipfile,re; print(' '.join(re.findall(r'<sheet name=\"([^\"]+)\"', zipfile.ZipFile(sys.argv[1]).read('xl/workbook.xml').decode())))",
      join(out, "ventes.xlsx")]).toString().trim();
    assert.equal(sheets, "VENTES PRODUITS");

    // The form answers, then the voucher report (the demo sold its vouchers this month).
    await w.click("form.export-form input[name=kind][value=forms]");
    await w.click("form.export-form input[name=format][value=csv]");
    await exportTo(join(out, "formulaires.csv"), `Fichier écrit : ${join(out, "formulaires.csv")} — 1 réponse`);
    const forms = readFileSync(join(out, "formulaires.csv"), "utf8");
    assert.ok(forms.includes("Taille ?;\"M; « grand »\""), forms);
    await w.click("form.export-form input[name=kind][value=vouchers]");
    await exportTo(join(out, "bons.csv"), `Fichier écrit : ${join(out, "bons.csv")} — 3 bons`);
    assert.ok(readFileSync(join(out, "bons.csv"), "utf8").startsWith("\uFEFFCode;Montant;"));
    await w.click("[data-action=show-report]");
    await w.find(".voucher-report .report-figures");
    assert.match(await w.text(".voucher-report .report-figures"), /Achetés\s*3 bons — 230,00 €/);
    await shot("3-voucher-report");

    // A folder that does not exist: French, what to do; nothing written.
    await w.fill("form.export-form input[name=file]", "/nulle/part/ventes.csv");
    await w.click("form.export-form [data-action=export]");
    await waitText("le dossier /nulle/part n'existe pas : choisissez un dossier existant");
    // A period without sales: said, nothing written.
    await w.click("form.export-form input[name=kind][value=sales]");
    await w.fill("form.export-form input[name=from]", "01/01/2026");
    await w.fill("form.export-form input[name=to]", "31/01/2026");
    await w.fill("form.export-form input[name=file]", join(out, "janvier.csv"));
    await w.click("form.export-form [data-action=export]");
    await waitText("aucune vente du 01/01/2026 au 31/01/2026 : choisissez une autre période ; aucun fichier n'a été écrit");
    assert.equal(existsSync(join(out, "janvier.csv")), false);
    await shot("4-empty-period");

    // Alt+2: the payouts.
    await chord(ALT, "2");
    await w.find("form.import-form input[name=transactions]");
    await w.fill("form.import-form input[name=transactions]", join(out, "operations.csv"));
    await w.click("form.import-form [data-action=import-transactions]");
    await waitText("3 transactions lues : 3 ajoutée(s)");
    await waitText("3 transactions connues sur ce poste.");
    await w.fill("form.statement-form input[name=statement]", join(out, "abime.csv"));
    await w.press(ENTER);
    await w.until("return document.querySelector('.notice.error')");
    assert.match(await errorText(), /abime\.csv : ligne 3, colonne « date_virement »/);
    await w.fill("form.statement-form input[name=statement]", join(out, "virements.csv"));
    await w.click("form.statement-form [data-action=reconcile]");
    await w.find("[data-payout=PAYOUT-2]");
    assert.match(await w.text("[data-payout=PAYOUT-1] h4"), /✓ PAYOUT-1 — du 02\/12\/2026 — versé 98,00 €, attendu 98,00 €/);
    assert.equal(await w.execute("return document.querySelector('[data-payout=PAYOUT-2]').className"), "payout unmatched");
    assert.match(await w.text("[data-payout=PAYOUT-2] tr.unmatched"), /T9.*✗ transaction inconnue/s);
    assert.match(await w.text(".not-paid-out"), /T2/);
    await shot("5-payouts");

    // Alt+3: a gateway set; its secrets go to the keychain only.
    await chord(ALT, "3");
    await w.find("tr[data-gateway=clic_and_pay] [data-action=set]");
    await w.click("tr[data-gateway=clic_and_pay] [data-action=set]");
    await w.find(".dialog input[name=login]");
    assert.equal(await w.execute("return document.querySelector('.dialog input[name=password]').type"), "password");
    await w.fill(".dialog input[name=login]", "gite-du-vallon");
    await w.fill(".dialog input[name=password]", "Sable-Marin-42-Ouest");
    await w.fill(".dialog input[name=security_code]", "991234");
    await shot("6-gateway-dialog");
    await w.click(".dialog [data-action=confirm]");
    await w.until("return !document.querySelector('.dialog') || document.querySelector('.dialog [role=alert]')", [], 30_000);
    const refusal = await errorText();
    if (refusal) {
      // No keychain in this window: the app's French refusal, as is.
      assert.match(refusal, /^aucun trousseau du système n'est disponible : .*les identifiants ne sont jamais enregistrés ailleurs$/);
      await shot("6-gateway-refused");
      assert.fail(`the keychain could not be reached from the window: ${refusal}`);
    }
    await waitText("Clic and Pay est réglée ; ses secrets sont dans le trousseau du système (2).");
    const checked = cli("gateways", "check", "clic_and_pay");
    assert.deepEqual(checked.secrets, { password: true, security_code: true }, "found in the keychain");
    for (const file of readdirSync(dataDir).filter((f) => f.startsWith("guichet"))) {
      assert.ok(!readFileSync(join(dataDir, file)).includes("Sable-Marin-42-Ouest"), `${file} holds no secret`);
    }
    assert.ok(!(await w.execute("return document.documentElement.outerHTML")).includes("Sable-Marin-42-Ouest"), "never shown back");
    await w.click("tr[data-gateway=clic_and_pay] [data-action=check]");
    await waitText("Clic and Pay : Mot de passe dans le trousseau ; Code de première connexion ou code de sécurité dans le trousseau.");
    await shot("7-gateway-set");
    await w.click("tr[data-gateway=clic_and_pay] [data-action=remove]");
    await w.find(".dialog [data-action=confirm]");
    await w.click(".dialog [data-action=confirm]");
    await waitText("Clic and Pay est retirée de ce poste et du trousseau.");
    assert.equal(cli("gateways").find((g) => g.code === "clic_and_pay").configured, false);
    await shot("8-gateway-removed");
  } finally {
    await w?.close();
    driver.kill();
    keyring.stop();
  }
});
