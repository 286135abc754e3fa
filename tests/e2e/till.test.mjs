// A whole sale at the till in the real Tauri window (WebKitGTK) under Xvfb, with the
// keyboard alone, as a cashier with a queue does it: F12 opens the Caisse, Alt+O opens
// the till with its float, a product is found by typing its name and Entrée, + adds
// one, a second product, a gift voucher is scanned (a keyboard-mode scanner's burst
// into the till) and pays its products' lines, Alt+E takes the rest in cash with
// change, Ctrl+Entrée sells, the change shows in large figures, Ctrl+P saves the
// 80 mm receipt (read back with pdftotext), Alt+K counts the drawer. The database is
// read with the command line only to assert. Screenshots: tests/e2e/artifacts/till-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Session, sleep, withDemoDataDir } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const artifacts = join(root, "tests/e2e/artifacts");
const [ALT, CONTROL, ENTER, F12] = ["\uE00A", "\uE009", "\uE007", "\uE03C"];

/** The cashier's hands on window `w`: keys, chords (Alt+E, Ctrl+Entrée), typing; and screenshots named `prefix-…`. */
function keyboard(w, prefix) {
  const keys = (...sequence) => w.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions:
    sequence.flatMap((k) => [{ type: "keyDown", value: k }, { type: "keyUp", value: k }]) }] });
  return {
    keys,
    /** Holds `modifier` while pressing `key`. */
    chord: (modifier, key) => w.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions: [
      { type: "keyDown", value: modifier }, { type: "keyDown", value: key }, { type: "keyUp", value: key }, { type: "keyUp", value: modifier }] }] }),
    typeText: (text) => keys(...text),
    waitText: (text, timeoutMs) => w.until(`return document.body.innerText.includes(arguments[0])`, [text], timeoutMs),
    shot: async (name) => writeFileSync(join(artifacts, `${prefix}-${name}.png`), await w.screenshot()),
  };
}

test("a whole sale — tiles, cart, cash + voucher, change, receipt — with the keyboard alone", async () => {
  await withDemoDataDir(guichet, "guichet-till-", async ({ dataDir, base }) => {
    const cli = (...args) => JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, "--json", ...args]).toString());
    // The demo's 50 € voucher for the pony rides and the pottery workshop.
    const voucher = cli("vouchers").find((v) => v.amount === "50.00" && v.status === "valid");
    assert.ok(voucher, "the demo sold a 50 € voucher");
    const receipt = join(mkdtempSync(join(tmpdir(), "guichet-ticket-")), "ticket.pdf");
    mkdirSync(artifacts, { recursive: true });
    const w = await Session.create(base, desktop);
    const { shot, waitText, keys, chord, typeText } = keyboard(w, "till");
    const focused = () => w.execute("return document.activeElement?.getAttribute('name') ?? document.activeElement?.className ?? ''");
    try {
      await w.cmd("POST", "/window/rect", { x: 0, y: 0, width: 1280, height: 800 });
      await w.find("nav button[data-screen=planning]", 20_000);
      await keys(F12);
      await w.find(".tile", 15_000);
      await waitText("Caisse fermée");
      assert.equal(await focused(), "till-search", "the search field has the focus");

      // Alt+O: the float, typed, Entrée.
      await chord(ALT, "o");
      await w.find(".dialog input[name=float]");
      await typeText("100");
      await keys(ENTER);
      await waitText("Caisse ouverte depuis");

      // Find by typing, Entrée adds, + adds one more; a second product.
      await typeText("poney");
      await w.until("return document.querySelectorAll('.tile').length === 1");
      await keys(ENTER, "+");
      await typeText("panier");
      await keys(ENTER);
      await w.until("return document.querySelector('[data-total]')?.dataset.total === '82.00'");
      await shot("1-cart");
      const cart = await w.execute("return document.querySelector('table.cart').innerText");
      assert.match(cart, /2 ×\s+Balade à poney/);
      assert.match(cart, /1 ×\s+Panier du terroir/);

      // The voucher, scanned: its code and Entrée, as a keyboard-mode scanner types it.
      await w.scannerBurst(voucher.code);
      await w.find(".dialog input[name=code]");
      assert.equal(await w.execute("return document.querySelector('.dialog input[name=code]').value"), voucher.code);
      await keys(ENTER);
      await w.until("return document.querySelector('[data-due]')?.dataset.due === '32.00'");
      await shot("2-voucher");

      // Alt+E: cash; the due amount is offered, the cashier types what was handed over.
      await chord(ALT, "e");
      await w.find(".dialog input[name=amount]");
      await chord(CONTROL, "a");
      await typeText("50");
      await keys(ENTER);
      await w.until("return document.querySelector('.till-big [data-change]')?.dataset.change === '18.00'");
      await chord(CONTROL, ENTER);
      await waitText("Vente n° 1 enregistrée : 82,00 €");
      assert.equal(await w.execute("return document.querySelector('.change-big [data-change]')?.innerText"), "18,00 €");
      await shot("3-sold");

      // Ctrl+P: no receipt printer here, so the 80 mm PDF is saved where the cashier says.
      await chord(CONTROL, "p");
      await w.find(".dialog input[name=file]");
      await chord(CONTROL, "a");
      await typeText(receipt);
      await keys(ENTER);
      await waitText("enregistré");
      for (let i = 0; i < 50 && !existsSync(receipt); i++) await sleep(100);
      const text = execFileSync("pdftotext", ["-layout", receipt, "-"]).toString();
      for (const expected of ["Ticket n° 1 — Guichet", "TOTAL TTC", "82,00 €", "Monnaie rendue", "18,00 €", voucher.code]) {
        assert.ok(text.includes(expected), `${expected} not on the receipt:\n${text}`);
      }

      // The same voucher scanned again for the next customer: refused, with the reason,
      // in the dialog (nothing is added to the cart).
      await typeText("velo");
      await keys(ENTER);
      await w.scannerBurst(voucher.code);
      await w.find(".dialog input[name=code]");
      await keys(ENTER);
      await w.until("return document.querySelector('.dialog [role=alert]:not([hidden])')?.innerText.includes('déjà utilisé')");
      await shot("3b-voucher-used");
      await keys("\uE00C"); // Escape: back to the cart, the voucher not taken
      await w.until("return !document.querySelector('.dialog')");
      assert.equal(await w.execute("return document.querySelectorAll('.till-payments li').length"), 0);
      await keys("\uE017"); // Delete: the bike rental leaves the cart
      await w.until("return document.querySelectorAll('table.cart tr').length === 0");

      // Alt+K: the drawer holds the float and the cash kept (100 + 50 − 18).
      await chord(ALT, "k");
      await w.find(".dialog input[name=counted]");
      await typeText("132");
      await keys(ENTER);
      await waitText("écart 0,00 €");
      await shot("4-counted");
    } catch (error) {
      await shot("failed").catch(() => undefined);
      throw error;
    } finally {
      await w.close();
    }

    // What the database holds: one sale, paid by the voucher and in cash; the voucher used.
    const [sale] = cli("till", "sales");
    assert.equal(sale.total, "82.00");
    assert.equal(sale.change, "18.00");
    assert.deepEqual(sale.payments.map((p) => [p.method, p.amount]), [["gift_voucher", "50.00"], ["cash", "32.00"]]);
    assert.equal(cli("vouchers", "show", voucher.code).status, "used");
    assert.equal(cli("till", "status").opening, null, "the till was counted and closed");
  });
});

test("a4 t4 tickets of the next concert sold at the till with the keyboard, printed, then admitted at the gate", async () => {
  await withDemoDataDir(guichet, "guichet-till-tickets-", async ({ dataDir, base }) => {
    const cli = (...args) => JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, "--json", ...args]).toString());
    const pdf = join(mkdtempSync(join(tmpdir(), "guichet-tickets-")), "billets.pdf");
    mkdirSync(artifacts, { recursive: true });
    const w = await Session.create(base, desktop);
    const { shot, waitText, keys, chord, typeText } = keyboard(w, "till-tickets");
    let tile = "";
    try {
      await w.cmd("POST", "/window/rect", { x: 0, y: 0, width: 1280, height: 800 });
      await w.find("nav button[data-screen=planning]", 20_000);
      await keys(F12);
      await w.find(".ticket-tile", 15_000);
      // « plein » finds the full-price tickets of the sessions to come, the soonest first.
      await typeText("plein");
      await w.until("return document.querySelectorAll('.tile').length > 0 && [...document.querySelectorAll('.tile')].every((t) => t.classList.contains('ticket-tile'))");
      tile = await w.execute("return document.querySelector('.tile.highlighted').dataset.item");
      await shot("1-tiles");
      await keys(ENTER, "+");
      await w.until("return document.querySelector('[data-total]')?.dataset.total === '50.00'");
      const cart = await w.execute("return document.querySelector('table.cart').innerText");
      assert.match(cart, /2 ×\s+Billet Plein tarif — Festival Lumières du Vallon/);
      // Alt+C: the card terminal takes the amount due, offered in the dialog.
      await chord(ALT, "c");
      await w.find(".dialog input[name=amount]");
      await keys(ENTER);
      await w.until("return document.querySelector('.till-big [data-change]')?.dataset.change === '0.00'");
      await chord(CONTROL, ENTER);
      await waitText("Vente n° 1 enregistrée : 50,00 €");
      await waitText("2 billets : Billet Plein tarif");
      await shot("2-sold");
      // Ctrl+I: the tickets, saved as a PDF where the cashier says.
      await chord(CONTROL, "i");
      await w.find(".dialog input[name=file]");
      await w.execute("const f = document.querySelector('.dialog input[name=file]'); f.focus(); f.select();");
      await typeText(pdf);
      await keys(ENTER);
      await waitText("enregistré");
      for (let i = 0; i < 50 && !existsSync(pdf); i++) await sleep(100);
      await shot("3-printed");
    } catch (error) {
      await shot("failed").catch(() => undefined);
      throw error;
    } finally {
      await w.close();
    }

    // The tickets are in the box office's booking of the sale and admit at the gate, once.
    const [sale] = cli("till", "sales");
    assert.equal(sale.total, "50.00");
    assert.equal(sale.tickets.length, 1);
    const codes = sale.tickets[0].codes;
    assert.equal(codes.length, 2);
    const session = tile.split(":")[1];
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"]).toString();
    assert.ok(text.includes("Festival Lumières du Vallon"), text);
    assert.equal(cli("scan", "--session", session, codes[0]).verdict, "admitted");
    assert.equal(cli("scan", "--session", session, codes[0]).verdict, "already_scanned");
    assert.equal(cli("scan", "--session", session, codes[1]).verdict, "admitted");
  });
});
