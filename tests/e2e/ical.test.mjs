// A unit's iCal calendars (rule B4) in the REAL window (WebKitGTK under Xvfb), on a data
// dir made with the `guichet` binary: the owner opens « Calendriers » from Hébergements,
// is refused a file that is not a calendar (the line at fault, in French), adds the
// Airbnb-shaped feed of tests/fixtures/ical/, sees its state and its nights as the
// « Calendrier importé » bar in the planning, removes it after one question (the nights
// are free again, in the window and for `guichet availability`), and saves the unit's
// own feed to a file read back here (SUMMARY:Réservé, no guest's name nor e-mail).
// Screenshots: tests/e2e/artifacts/ical-*.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { once } from "node:events";
import { Session, sleep, startDriver } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const guichet = process.env.GUICHET_BIN ?? join(root, "target/debug/guichet");
const desktop = process.env.GUICHET_DESKTOP_BIN ?? join(root, "target/debug/guichet-desktop");
const artifacts = join(root, "tests/e2e/artifacts");
const syncBin = process.env.GUICHET_SYNC_BIN ?? join(root, "target/debug/guichet-sync");
const fixture = join(root, "tests/fixtures/ical/channels/airbnb.ics");
const F5 = "\uE035";
const F7 = "\uE037";

/** The planning's « Mois suivant » clicks from today's month to `iso`'s month. */
function monthsUntil(iso) {
  const now = new Date();
  const [y, m] = iso.split("-").map(Number);
  return (y * 12 + m - 1) - (now.getFullYear() * 12 + now.getMonth());
}

test("b4 the owner adds an Airbnb feed to a unit, sees its nights in the planning, removes it, and saves the unit's own feed", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "guichet-ical-"));
  const cli = (...args) => JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, "--json", ...args]).toString());
  cli("units", "add", "--name", "Gîte des Lilas", "--capacity", "4");
  const unit = cli("units")[0].id;
  const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  cli("bookings", "create", "--unit", unit, "--from", from, "--nights", "4", "--price", "600.00",
    "--name", "Marie Claire Dupont", "--email", "marie@exemple.fr");
  const feed = join(dataDir, "airbnb.ics");
  copyFileSync(fixture, feed);
  const notes = join(dataDir, "liste.txt");
  writeFileSync(notes, "Liste des courses\npain, confiture\n");
  const free = (day) => cli("availability", "--unit", unit, "--from", day, "--days", "1")[0].free;
  assert.equal(free("2027-04-05"), true);
  mkdirSync(artifacts, { recursive: true });
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir });
  let session;
  const shot = async (name) => { await sleep(300); writeFileSync(join(artifacts, `ical-${name}.png`), await session.screenshot()); };
  // F5, then « Mois suivant » up to April 2027, the month of the feed's first stay.
  const aprilInPlanning = async () => {
    await session.press(F5);
    await session.find("tr[data-unit]");
    for (let i = 0; i < monthsUntil("2027-04-01"); i++) {
      await session.click("[data-action=next-month]");
      await sleep(150);
    }
  };
  const notice = (kind, start) => session.until(`return [...document.querySelectorAll('.notice.${kind}')].map(n => n.textContent).find(t => t.startsWith(${JSON.stringify(start)}))`, [], 20_000);
  try {
    session = await Session.create(base, desktop);
    await session.find("tr[data-unit]");
    await session.press(F7);
    await session.click(`li[data-unit="${unit}"] [data-action=calendars]`);
    assert.equal(await session.text("main h2"), "Calendriers iCal");
    assert.equal(await session.text(".calendar-sources .empty"), "Aucun calendrier importé pour « Gîte des Lilas » : ajoutez-en un ci-dessous.");
    await shot("empty");

    // Not a calendar: refused with the line at fault, nothing listed.
    await session.fill("form.calendar-add input[name=source]", notes);
    await session.click("[data-action=add-calendar]");
    const refused = await notice("error", "ligne 1");
    assert.match(refused, /^ligne 1 : un calendrier commence par BEGIN:VCALENDAR — ce fichier n'est pas un calendrier iCalendar lisible/);
    assert.equal(await session.execute("return document.querySelectorAll('tr[data-source]').length"), 0);
    await shot("refused");

    // The Airbnb feed: 3 events, 5 + 2 + 7 nights.
    await session.fill("form.calendar-add input[name=source]", feed);
    await session.click("[data-action=add-calendar]");
    assert.equal(await notice("ok", "Calendrier airbnb.ics importé"),
      "Calendrier airbnb.ics importé : 3 événements, 14 nuits bloquées désormais par ce calendrier.");
    assert.equal(await session.text("tr[data-source] .calendar-name"), "airbnb.ics");
    assert.equal(await session.text("tr[data-source] [data-field=events]"), "3");
    assert.equal(await session.text("tr[data-source] [data-field=nights]"), "14 nuits");
    assert.match(await session.text("tr[data-source] [data-field=success]"), /^\d\d\/\d\d\/20\d\d \d\d:\d\d$/);
    assert.equal(await session.text("tr[data-source] [data-field=state]"), "à jour");
    await shot("sources");
    assert.equal(free("2027-04-05"), false, "the command line sees the night taken");

    // The planning: the April stay as « Calendrier importé (airbnb.ics) », 5 nights.
    await aprilInPlanning();
    const bars = `tr[data-unit="${unit}"] td.bar.calendar`;
    await session.until(`return document.querySelector(${JSON.stringify(bars)})`);
    assert.equal(await session.text(bars), "Calendrier importé (airbnb.ics)");
    assert.equal(await session.execute(`return document.querySelector(${JSON.stringify(bars)}).colSpan`), 5);
    assert.deepEqual(await session.execute(`return ["2027-04-04", "2027-04-05", "2027-04-10"].map(d =>
      !!document.querySelector('tr[data-unit="${unit}"] td[data-date="' + d + '"][data-free=true]'))`), [true, false, true],
    "the night before arrival and the morning of departure stay free");
    assert.match(await session.text(".legend"), /nuits d'un calendrier importé \(Airbnb, Booking\.com… : cliquez la barre pour le gérer\)/);
    await shot("planning");

    // A click on the bar: the unit's calendars, where it is removed after one question.
    await session.click(bars);
    await session.find("tr[data-source]");
    await session.click("tr[data-source] [data-action=remove-calendar]");
    const question = await session.text(".dialog");
    assert.match(question, /Retirer le calendrier airbnb\.ics \?/);
    assert.match(question, /Les 14 nuits qu'il bloque redeviendront libres au planning, sur tous les postes, et réservables ici\./);
    await shot("remove");
    await session.click(".dialog [data-action=dialog-confirm]");
    assert.equal(await notice("ok", "Calendrier airbnb.ics retiré"), "Calendrier airbnb.ics retiré : 14 nuits de nouveau libres.");
    assert.equal(await session.execute("return document.querySelectorAll('tr[data-source]').length"), 0);
    assert.equal(free("2027-04-05"), true, "the nights are free again");
    await aprilInPlanning();
    await session.until(`return document.querySelector('tr[data-unit="${unit}"] td[data-date="2027-04-05"][data-free=true]')`);
    assert.equal(await session.execute(`return document.querySelectorAll(${JSON.stringify(bars)}).length`), 0);
    await shot("planning-freed");

    // The unit's own feed, saved to a file: our booking as « Réservé », nobody's name.
    await session.press(F7);
    await session.click(`li[data-unit="${unit}"] [data-action=calendars]`);
    assert.match(await session.text("[data-field=no-url]"), /^Pas d'adresse d'abonnement : ce poste n'est inscrit auprès d'aucun serveur/);
    await session.click("[data-action=export-calendar]");
    const suggested = await session.execute("return document.querySelector('.dialog input[name=file]').value");
    assert.match(suggested, /\/calendrier-gîte-des-lilas\.ics$/);
    const out = join(dataDir, "lilas.ics");
    await session.fill(".dialog input[name=file]", out);
    await shot("export");
    await session.click(".dialog [data-action=confirm]");
    assert.equal(await notice("ok", "Calendrier enregistré"), `Calendrier enregistré : ${out}`);
    const written = readFileSync(out, "utf8");
    assert.match(written, /^BEGIN:VCALENDAR\r\n/);
    assert.match(written, /SUMMARY:Réservé\r\n/);
    assert.match(written, new RegExp(`DTSTART;VALUE=DATE:${from.replaceAll("-", "")}\r\n`));
    assert.match(written, /UID:[0-9a-f-]+@guichet\r\n/);
    for (const personal of ["Dupont", "Marie", "marie@exemple.fr", "600"]) assert.ok(!written.includes(personal), `no « ${personal} » in ${written}`);
    assert.ok(!written.includes("20270405"), "imported nights are never exported");
    await shot("publish");
  } finally {
    await session?.close();
    driver.kill();
  }
});

test("b4 an enrolled device shows the unit's secret subscription address, which serves its bookings as « Réservé »", async () => {
  const { GUICHET_SYNC_KEY: _unused, ...env } = process.env;
  const serverDir = mkdtempSync(join(tmpdir(), "guichet-ical-server-"));
  const dataDir = mkdtempSync(join(tmpdir(), "guichet-ical-enrolled-"));
  const admin = (...args) => JSON.parse(execFileSync(syncBin, [...args, "--data", serverDir, "--json"], { env }).toString());
  const cli = (...args) => JSON.parse(execFileSync(guichet, ["--data-dir", dataDir, "--json", ...args]).toString());
  const { provider } = admin("provider", "add", "Gîtes du Vallon");
  const server = spawn(syncBin, ["serve", "--listen", "127.0.0.1:0", "--data", serverDir], { env, stdio: ["ignore", "pipe", "ignore"] });
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir });
  let session;
  try {
    const [first] = await Promise.race([once(server.stdout, "data"), sleep(20_000).then(() => [""])]);
    const url = String(first).trim().replace(/^listening on /, "");
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, `guichet-sync did not start: ${first}`);
    cli("units", "add", "--name", "Gîte des Lilas", "--capacity", "4");
    const unit = cli("units")[0].id;
    const from = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    cli("bookings", "create", "--unit", unit, "--from", from, "--nights", "3", "--price", "450.00", "--name", "Paul Martin", "--phone", "0612345678");
    cli("enroll", "--server", url, "--code", admin("enrollment-code", "--provider", provider).code);
    cli("sync");

    session = await Session.create(base, desktop);
    await session.find("tr[data-unit]");
    await session.press(F7);
    await session.click(`li[data-unit="${unit}"] [data-action=calendars]`);
    await session.click("[data-action=show-url]");
    const address = await session.until("return document.querySelector('input[name=feed-url]')?.value");
    assert.match(address, new RegExp(`^${url.replaceAll(".", "\\.")}/ical/[^/]+/${unit}/[0-9a-f]+\\.ics$`));
    await session.click("[data-action=copy-url]");
    const said = await session.until("return document.querySelector('.notice')?.textContent");
    assert.ok(["Adresse copiée : collez-la sur la plateforme.", "La copie n'a pas fonctionné : l'adresse est sélectionnée, copiez-la avec Ctrl+C."].includes(said), said);
    await sleep(300);
    writeFileSync(join(artifacts, "ical-subscription.png"), await session.screenshot());
    // What a channel subscribed to that address reads: the stay, as « Réservé », nobody's name.
    const served = await (await fetch(address)).text();
    assert.match(served, /SUMMARY:Réservé\r\n/);
    assert.match(served, new RegExp(`DTSTART;VALUE=DATE:${from.replaceAll("-", "")}\r\n`));
    for (const personal of ["Paul", "Martin", "0612345678", "450"]) assert.ok(!served.includes(personal), `no « ${personal} » in ${served}`);
  } finally {
    await session?.close();
    driver.kill();
    server.kill();
  }
});

test("b4 what an owner might type or paste as a calendar is answered in French, saying what to do", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "guichet-ical-typed-"));
  execFileSync(guichet, ["--data-dir", dataDir, "units", "add", "--name", "Gîte des Lilas", "--capacity", "4"]);
  const raw = /\b(invalid|expected|error|failed|undefined|NaN|null|panick?ed|unwrap|serde|sqlite|uuid|os error|args?|parse|parsing|not found|permission denied|no such file|is a directory|TypeError)\b/i;
  const { driver, base } = await startDriver({ GUICHET_DATA_DIR: dataDir });
  let session;
  try {
    session = await Session.create(base, desktop);
    await session.find("tr[data-unit]");
    await session.press(F7);
    await session.click("li[data-unit] [data-action=calendars]");
    await session.find("form.calendar-add");
    for (const [typed, wanted] of [
      [dataDir, /^\/tmp\/guichet-ical-typed-\w+ : fichier illisible \(c'est un dossier\)$/],
      ["/etc/passwd", /^ligne 1 : un calendrier commence par BEGIN:VCALENDAR — ce fichier n'est pas un calendrier iCalendar lisible$/],
      ["/dev/zero", /^\/dev\/zero dépasse 20 Mo : ce n'est pas un calendrier de réservations$/],
      [join(dataDir, "absent.ics"), /: fichier illisible \(introuvable\)$/],
      ["https://calendrier-inexistant.test/airbnb.ics", /^calendrier non importé : calendrier-inexistant\.test est injoignable ; rien n'a été ajouté, réessayez quand le réseau reviendra$/],
      ["../../etc/passwd", /écrivez le chemin complet du fichier, qui commence par \//],
      ["<b>gras</b><script>alert(1)</script>", /écrivez le chemin complet du fichier/],
      ["mailto:gite@exemple.fr", /écrivez le chemin complet du fichier/],
      ["https://", /^Adresse de calendrier illisible : copiez l'adresse iCal complète/],
      ["   ", /est obligatoire\.$/],
    ]) {
      await session.execute("document.querySelectorAll('.notice').forEach(n => n.remove())");
      await session.fill("form.calendar-add input[name=source]", typed);
      await session.click("[data-action=add-calendar]");
      const said = await session.until("return document.querySelector('.notice.error')?.textContent", [], 70_000);
      assert.match(said, wanted, `for « ${typed} »`);
      assert.doesNotMatch(said, raw, `for « ${typed} »`);
    }
    assert.equal(await session.execute("return document.querySelectorAll('tr[data-source]').length"), 0, "nothing was added");
    for (const typed of ["abc", "0", "99999999999999", "1e9", "-1"]) {
      await session.execute("document.querySelectorAll('.notice').forEach(n => n.remove())");
      await session.fill("form.calendar-interval input[name=minutes]", typed);
      await session.click("[data-action=save-interval]");
      const said = await session.until("return document.querySelector('.notice.error')?.textContent");
      assert.equal(said, "« Intervalle (minutes) » : un nombre entier de 5 à 1440.", `for « ${typed} »`);
    }
    await sleep(200);
    writeFileSync(join(artifacts, "ical-typed.png"), await session.screenshot());
  } finally {
    await session?.close();
    driver.kill();
  }
});
