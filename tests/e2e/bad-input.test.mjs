// Every form of the real window, sent 20 kinds of bad input, one field at a time: what
// the window then shows must be French and say what to do — never English, a parser's
// text, a stack trace or an error code alone (ux.md). Runs on a demo data dir, in a
// temporary working folder (a path typed as a backup file lands there, not in the repo).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ELEMENT, Session, sleep, startDriver } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const artifacts = join(root, "tests/e2e/artifacts");

/** Twenty kinds of bad input. */
export const BAD = [
  "", "   ", "-1", "0", "99999999999999", "1e9", "abc", "NaN", "<b>gras</b><script>alert(1)</script>",
  "'; DROP TABLE bookings;--", "31/02/2026", "2026-13-45", "00/00/0000", "12,345", "1.2.3", "€€€",
  "🙂🙂🙂", "x".repeat(5000), "\u0000\u0007", "../../etc/passwd",
];

/** What must never reach the screen: English words of errors, parser and OS text. */
const RAW = /\b(invalid|expected|error|failed|failure|undefined|NaN|null|panick?ed|unwrap|serde|sqlite|rusqlite|uuid|os error|args?|parse|parsing|called|Err|Ok|missing field|unknown variant|not found|permission denied|no such file|stack|TypeError|ReferenceError|object Object)\b/i;

/**
 * In the page: for each visible form, each text field, each bad value, sets the value,
 * submits the form the way its primary button does, waits, reads every message shown,
 * and puts the field back. Returns what was seen.
 */
const PROBE = `
  const [bad, only, pick] = arguments;
  const seen = [];
  const visible = (e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  window.alert = window.confirm = window.prompt = (text) => { seen.push({ field: "window", value: "", text: "BROWSER DIALOG: " + text }); return false; };
  const forms = [...document.querySelectorAll(only || "form")].filter(visible);
  const probed = pick === null ? forms : forms.slice(pick, pick + 1);
  for (const form of probed) {
    const fields = [...form.querySelectorAll("input, textarea")].filter((i) => visible(i) && !i.readOnly && !i.disabled
      && !["checkbox", "radio", "file", "hidden", "submit", "button"].includes(i.type));
    for (const field of fields) {
      const original = field.value;
      for (const value of bad) {
        if (!form.isConnected || !field.isConnected) break;
        document.querySelectorAll(".notice").forEach((n) => n.remove());
        document.querySelectorAll(".dialog-error").forEach((n) => { n.textContent = ""; n.hidden = true; });
        field.value = value;
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.dispatchEvent(new Event("change", { bubbles: true }));
        const submit = form.querySelector("button[type=submit], button.primary");
        if (form.closest(".dialog-backdrop") || !submit) form.requestSubmit(); else submit.click();
        await wait(150);
        const texts = [...document.querySelectorAll(".notice, [role=alert], .dialog-error, .field-error")]
          .filter(visible).map((n) => n.innerText.trim()).filter(Boolean);
        for (const text of texts) seen.push({ field: field.name || field.placeholder, value, text });
        if (field.isConnected) { field.value = original; field.dispatchEvent(new Event("input", { bubbles: true })); }
      }
    }
  }
  document.querySelectorAll(".notice").forEach((n) => n.remove());
  return { forms: probed.length, seen };`;

/** The problems in what a probe saw: raw or English text, the bad value echoed back stripped first. */
function problems(seen) {
  return seen.filter(({ value, text }) => {
    const words = value.length > 2 ? text.split(value.slice(0, 200)).join(" ") : text;
    return RAW.test(words) || /BROWSER DIALOG/.test(text);
  });
}

test("every form, sent 20 kinds of bad input, answers in French with what to do", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "guichet-bad-"));
  const work = mkdtempSync(join(tmpdir(), "guichet-bad-cwd-"));
  execFileSync(guichet, ["--data-dir", dataDir, "demo"]);
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir }, work);
  let session;
  const report = [];
  // One form at a time, so that a screen with many forms (Paramètres) stays within
  // one WebDriver call's time limit.
  const probe = async (where, only) => {
    await session.cmd("POST", "/timeouts", { script: 600_000 });
    const count = await session.execute(`return [...document.querySelectorAll(arguments[0] || "form")]
      .filter((e) => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length)).length`, [only ?? null]);
    let forms = 0;
    const seen = [];
    for (let pick = 0; pick < count; pick++) {
      const result = await session.executeAsync(PROBE, [BAD, only ?? null, pick]);
      assert.ok(!result.error, `${where}: ${result.error}`);
      forms += result.forms;
      seen.push(...result.seen);
    }
    report.push({ where, forms, messages: seen.length, bad: problems(seen) });
  };
  try {
    session = await Session.create(base, desktop);
    await session.find("table.planning td[data-free=true]", 20_000);
    // Every screen's own forms.
    // By their keys (the gate hides the navigation bar while it controls a session).
    const keys = { festival: "\uE033", tariffs: "\uE036", units: "\uE037", settings: "\uE038", boxOffice: "\uE039",
      conflicts: "\uE03B", gate: "\uE03A", planning: "\uE035" };
    for (const screen of ["festival", "tariffs", "units", "boxOffice", "settings", "conflicts", "gate"]) {
      await session.press(keys[screen]);
      await session.find(`nav button.active[data-screen=${screen}]`, 15_000);
      await session.find("main > *", 15_000);
      await sleep(300);
      await probe(screen);
    }
    // The planning: the stay panel after a drag, the typed-dates form, a booking's file
    // and its move and edit dialogs.
    await session.press(keys.planning);
    const [first, last] = await session.until(`
      const row = document.querySelector("tr[data-unit]"); if (!row) return null; const cells = [...row.querySelectorAll("td[data-free=true]")];
      return cells.length > 12 ? [cells[10], cells[11]] : null;`);
    await session.drag(first[ELEMENT], last[ELEMENT]);
    await session.find(".stay-panel form.contact");
    await probe("stay panel", ".stay-panel form");
    await session.press("\uE00C");
    await session.click("button[data-action=new-booking]");
    await probe("new booking", "form.new-booking");
    await session.click(".stay-panel button.close");
    await session.click("td.bar.booking");
    await session.find("form.pay-form");
    await probe("booking file", ".stay-panel form");
    await session.click(".stay-panel button[data-action=move]");
    await probe("move dialog", ".dialog form");
    await session.press("\uE00C");
    await session.click(".stay-panel button[data-action=edit]");
    await probe("edit dialog", ".dialog form");
    await session.press("\uE00C");
    // The till's screens and Comptabilité, each with its dialogs.
    const screen = async (name) => {
      await session.click(`nav button[data-screen=${name}]`);
      await session.find(`nav button.active[data-screen=${name}]`, 15_000);
      await sleep(500);
    };
    const dialog = async (where, button) => {
      await session.click(button);
      await session.find(".dialog form", 15_000);
      await probe(where, ".dialog form");
      // A probe's good value may have closed it already.
      if (await session.execute("return !!document.querySelector('.dialog')")) await session.press("\uE00C");
      await session.until("return !document.querySelector('.dialog')");
    };
    await screen("till");
    await probe("till");
    await dialog("till: cash payment", "button[data-method=cash]");
    await dialog("till: gift voucher payment", "button[data-method=gift_voucher]");
    await dialog("till: voucher sold in the cart", "button[data-action=sell-voucher]");
    if (await session.execute("return !!document.querySelector('button[data-action=open]')")) await dialog("till: opening", "button[data-action=open]");
    await screen("vouchers");
    await probe("vouchers");
    await dialog("vouchers: sell", "button[data-action=sell]");
    await screen("products");
    await probe("products");
    await dialog("products: add", "button[data-action=add-product]");
    await screen("accounts");
    await probe("accounts: exports");
    await session.click("[data-part=accounts-payouts]");
    await session.find("form.statement-form");
    await probe("accounts: payouts");
    await session.click("[data-part=accounts-gateways]");
    await session.find("tr[data-gateway=mercanet] button[data-action=set]");
    await dialog("accounts: gateway", "tr[data-gateway=mercanet] button[data-action=set]");
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, "bad-input-last.png"), await session.screenshot());
  } finally {
    await session?.close();
    driver.kill();
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, "bad-input-report.json"), JSON.stringify(report, null, 1));
  }
  const tried = report.reduce((n, r) => n + r.messages, 0);
  const bad = report.flatMap((r) => r.bad.map((b) => ({ where: r.where, ...b, value: b.value.slice(0, 40) })));
  assert.deepEqual(bad, [], `raw or English text on screen (${tried} messages read)`);
  assert.ok(report.filter((r) => r.forms > 0).length >= 18, JSON.stringify(report.map((r) => [r.where, r.forms])));
  assert.ok(tried > 200, `only ${tried} messages read: the probe did not reach the forms`);
});
