// Gift vouchers in the real Tauri window (WebKitGTK) under Xvfb, on the demo data, with
// the keyboard: a product is added in Produits (Maj+F12), a voucher sold for it in Bons
// cadeaux (F1), its PDF saved where the cashier chose (read back with pdftotext), its
// code typed by a (simulated) keyboard-mode scanner while nothing has the focus, the
// voucher redeemed for a smaller cart after « la différence n'est pas rendue », then
// refused the second time with the reason. The command line checks the ledger.
// Screenshots: tests/e2e/artifacts/vouchers-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session, sleep, startDriver } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const artifacts = join(root, "tests/e2e/artifacts");
const KEY = { enter: "\uE007", escape: "\uE00C", f1: "\uE031", f2: "\uE032", f4: "\uE034", f12: "\uE03C", shift: "\uE008" };

test("a10 a12 a voucher sold, saved as a PDF, scanned and redeemed once for a smaller cart in the real window; the second time is refused", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "guichet-vouchers-"));
  const saved = mkdtempSync(join(tmpdir(), "guichet-bons-"));
  execFileSync(guichet, ["--data-dir", dataDir, "demo"]);
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir });
  let w;
  mkdirSync(artifacts, { recursive: true });
  const shot = async (name) => writeFileSync(join(artifacts, `vouchers-${name}.png`), await w.screenshot());
  const until = (script, what, timeoutMs = 15_000) => w.until(script, [], timeoutMs).catch(() => { throw new Error(`timed out waiting for ${what}`); });
  const waitText = (text, timeoutMs) => until(`return document.body.innerText.includes(${JSON.stringify(text)})`, text, timeoutMs);
  const textOf = (css) => w.execute(`return document.querySelector(${JSON.stringify(css)})?.innerText ?? null`);
  try {
    w = await Session.create(base, desktop);
    await w.cmd("POST", "/window/rect", { x: 0, y: 0, width: 1280, height: 800 });
    await w.find("table.planning", 20_000);

    // Produits (Maj+F12): add one with the keyboard (F2, fields, Enter).
    await w.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions: [
      { type: "keyDown", value: KEY.shift }, { type: "keyDown", value: KEY.f12 },
      { type: "keyUp", value: KEY.f12 }, { type: "keyUp", value: KEY.shift }] }] });
    await w.find("tr[data-product]");
    await w.press(KEY.f2);
    await w.find(".dialog input[name=name]");
    await w.type(".dialog input[name=name]", "Balade en calèche");
    await w.type(".dialog input[name=price]", "35,00");
    await shot("1-product-dialog");
    await w.press(KEY.enter);
    await waitText("Produit ajouté : Balade en calèche.");
    assert.match(await w.execute(`return [...document.querySelectorAll("tr[data-product]")].find(r => r.innerText.includes("Balade en calèche")).innerText`),
      /Balade en calèche\s+35,00 €\s+20 %\s+Caisse\s+Proposé/);
    await shot("2-products");

    // Bons cadeaux (F1): sell one for it (F2), 50 € by card.
    await w.press(KEY.f1);
    await w.find("table.vouchers tr[data-code]");
    await shot("3-vouchers");
    await w.press(KEY.f2);
    await w.find(".dialog fieldset.voucher-products");
    const ticked = await w.execute(`const label = [...document.querySelectorAll(".dialog fieldset.voucher-products label")]
      .find(l => l.textContent.includes("Balade en calèche"));
      if (!label) return [...document.querySelectorAll(".dialog fieldset.voucher-products label")].map(l => l.textContent);
      label.querySelector("input").click(); return true;`);
    assert.equal(ticked, true, JSON.stringify(ticked));
    await w.type(".dialog input[name=amount]", "50");
    await w.execute(`document.querySelector(".dialog select[name=method]").value = "card"`);
    await shot("4-sell-dialog");
    await w.click(".dialog button[data-action=confirm]");
    // Then at once where its PDF goes: saved where the cashier chose.
    await until("return document.querySelector('.dialog input[name=file]')", "the print dialog");
    await w.execute("document.querySelector('.dialog input[name=to][value=file]').click()");
    const chosen = join(saved, "bon-cadeau-caleche.pdf");
    await w.fill(".dialog input[name=file]", chosen);
    await shot("5-print-dialog");
    await w.click(".dialog button[data-action=confirm]");
    await waitText(`Bon cadeau enregistré : ${chosen}`, 60_000);
    const code = await textOf(".voucher-file .voucher-code");
    assert.match(code, /^V[A-Z2-7]{33}$/);
    const pdf = execFileSync("pdftotext", [chosen, "-"]).toString();
    for (const expected of ["Bon cadeau", "50,00 €", "Balade en calèche", code, "Utilisable une seule fois", "Ni remboursé ni rendu en espèces"]) {
      assert.ok(pdf.includes(expected), `« ${expected} » missing from:\n${pdf}`);
    }
    assert.match(pdf, /Valable jusqu'au \d\d\/\d\d\/\d{4}/);
    await shot("6-sold");

    // Closed; a scanner types the code and Enter while nothing has the focus.
    await w.press(KEY.escape);
    await until("return document.querySelector('.voucher-file').hidden", "the file to close");
    await w.execute("document.activeElement.blur()");
    await sleep(300);
    await w.scannerBurst(code);
    await until(`return document.querySelector(".voucher-verdict strong")?.innerText === "VALIDE"`, "the voucher to open");
    assert.equal(await w.execute("return document.querySelectorAll('.dialog').length"), 0);

    // F4: a cart of 30 €: the till says the 20 € are not given back, before it is done.
    await w.press(KEY.f4);
    await w.find(".dialog input[name=cart]");
    await w.fill(".dialog input[name=cart]", "30");
    await w.press(KEY.enter);
    await waitText("La différence n'est pas rendue");
    assert.equal(await textOf(".dialog .dialog-text"),
      "Le panier (30,00 €) coûte moins que le bon (50,00 €) : la différence de 20,00 € n'est pas rendue, ni en espèces ni sur un autre bon. Le bon sera ensuite désactivé.");
    await shot("7-smaller-cart");
    await w.press(KEY.enter);
    await waitText("Bon cadeau encaissé : 30,00 €. 20,00 € restant sur le bon ne sont pas rendus.");
    await until(`return document.querySelector(".voucher-verdict strong")?.innerText === "UTILISÉ"`, "the voucher to show used");
    await shot("8-redeemed");

    // Scanned again: it opens used, and F4 is refused with when and where.
    await w.press(KEY.escape);
    await w.execute("document.activeElement.blur()");
    await sleep(300);
    await w.scannerBurst(code);
    await until(`return document.querySelector(".voucher-verdict strong")?.innerText === "UTILISÉ"`, "the used voucher to open");
    await w.press(KEY.f4);
    await waitText("Demandez un autre moyen de paiement.");
    assert.match(await textOf(".messages .notice.error"),
      /^Bon cadeau déjà utilisé le \d\d\/\d\d\/\d{4} \d\d:\d\d sur « .+ » : il ne paie qu'une fois\. Demandez un autre moyen de paiement\.$/);
    assert.equal(await w.execute("return document.querySelectorAll('.dialog').length"), 0);
    await shot("9-refused");

    // The ledger as the command line reads it: sold, redeemed once, nothing left.
    const shown = JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, "vouchers", "show", code, "--json"]).toString());
    assert.equal(shown.status, "used");
    assert.deepEqual(shown.events.map((e) => e.kind), ["sold", "redeemed"]);
    assert.deepEqual([Number(shown.amount), Number(shown.redeemed), Number(shown.balance)], [50, 30, 0]);
    assert.equal(Number(shown.events[1].forfeited), 20);
    assert.equal(shown.method, "card");
    assert.deepEqual(shown.product_names, ["Balade en calèche"]);
  } finally {
    await w?.close();
    driver.kill();
  }
});
