// The UI's flows in Chromium (Debian's, through playwright-core), served from the
// built ui/dist with a stand-in for the Rust side (fake-backend.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { dragNights, harness } from "./harness.mjs";

const open = harness();

test("first start with an empty data dir offers the demo data, then shows the planning", async () => {
  const page = await open({ empty: true });
  await page.getByRole("button", { name: "Charger les données de démonstration" }).click();
  await page.getByText("Démonstration chargée : 2 hébergements").waitFor();
  assert.equal(await page.locator("tr[data-unit]").count(), 2);
  await page.locator(".sync-status[data-pending='1']").waitFor();
  assert.equal(await page.locator(".sync-status").textContent(), "Non inscrit — Paramètres");
  assert.match(await page.locator(".sync-status").getAttribute("title"), /inscrivez-le dans Paramètres\. 1 opération en attente\.$/);
  await page.close();
});

test("p8 dragging free nights quotes the stay in French, holds it with a countdown, then books it", async () => {
  const page = await open();
  await dragNights(page, "Gîte", 5, 7);
  assert.equal(await page.locator(".stay-panel .price").innerText(), "450,00 €");
  assert.match(await page.locator(".stay-dates").innerText(), /^Du \d\d\/\d\d\/\d{4} au \d\d\/\d\d\/\d{4} · 3 nuits$/);
  await page.locator(".stay-panel input[name=name]").fill("Marie Dupont");
  await page.locator(".stay-panel input[name=email]").fill("marie@exemple.fr");
  await page.locator("[data-action=hold]").click();
  assert.match(await page.locator(".hold-countdown").innerText(), /^Bloqué pour Marie Dupont — expire dans (59|60):\d\d$/);
  assert.equal(await page.locator("td.bar.hold").count(), 1, "the hold shows hatched in the grid");
  await page.locator("[data-action=pay]").click();
  await page.locator("[data-action=confirm]").click();
  await page.getByText("Réservation confirmée pour Marie Dupont : 450,00 €.").waitFor();
  assert.equal(await page.locator("td.bar.booking", { hasText: "Marie Dupont" }).getAttribute("colspan"), "3");
  assert.equal(await page.locator(".stay-panel").isHidden(), true);
  const calls = await page.evaluate(() => window.__GUICHET_FAKE__.calls);
  assert.deepEqual(calls.filter((c) => ["hold", "go_to_payment", "book_hold"].includes(c)), ["hold", "go_to_payment", "book_hold"]);
  await page.close();
});

test("b2 a customer of the file is found by typing part of their name and fills the stay's contact", async () => {
  const page = await open();
  await dragNights(page, "Gîte", 5, 7);
  const name = page.locator(".stay-panel input[name=name]");
  await name.fill("x");
  assert.equal(await page.locator(".customer-suggestions").isHidden(), true, "one letter asks nothing");
  await name.fill("font");
  const pick = page.locator(".customer-suggestions button", { hasText: "Camille Fontaine" });
  await pick.waitFor();
  assert.equal(await pick.locator("small").innerText(), "camille.fontaine@exemple.fr · 06 11 22 33 44");
  await name.fill("personne");
  await page.locator(".customer-suggestions").waitFor({ state: "hidden" });
  await name.fill("Fontaine");
  await pick.click();
  assert.deepEqual(await Promise.all(["name", "email", "phone"].map((f) => page.locator(`.stay-panel input[name=${f}]`).inputValue())),
    ["Camille Fontaine", "camille.fontaine@exemple.fr", "06 11 22 33 44"]);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("name")), "adults");
  await page.locator("[data-action=book]").click();
  await page.getByText("Réservation confirmée pour Camille Fontaine : 450,00 €.").waitFor();
  await page.close();
});

test("a refused action shows the French reason and what to do", async () => {
  const page = await open();
  await dragNights(page, "Roulotte", 2, 3);
  await page.locator(".stay-panel input[name=name]").fill("Sans contact");
  await page.locator("[data-action=hold]").click();
  assert.equal(await page.getByRole("alert").innerText(), "Indiquez un e-mail ou un téléphone pour joindre le client.");
  assert.equal(await page.locator("td.bar").count(), 0, "nothing was held");
  await page.close();
});

test("keyboard first: F4 books directly, Escape closes the panel", async () => {
  const page = await open();
  await dragNights(page, "Roulotte", 3, 3);
  await page.locator(".stay-panel input[name=name]").fill("Hugo Petit");
  await page.locator(".stay-panel input[name=phone]").fill("06 12 34 56 78");
  await page.keyboard.press("F4");
  await page.getByText("Réservation confirmée pour Hugo Petit : 100,00 €.").waitFor();
  await dragNights(page, "Gîte", 10, 11);
  await page.locator(".stay-panel .price").waitFor();
  await page.keyboard.press("Escape");
  assert.equal(await page.locator(".stay-panel").isHidden(), true);
  await page.keyboard.press("F7");
  await page.locator("#sale-order").waitFor();
  assert.deepEqual(await page.locator("#sale-order li").allInnerTexts(), ["Roulotte 2 pers.", "Gîte 6 pers."]);
  await page.close();
});

test("the window speaks English as a second language", async () => {
  const page = await open({ lang: "en" });
  await page.locator("tr[data-unit]").first().waitFor();
  await page.locator(".sync-status", { hasText: "Not enrolled — Settings" }).waitFor();
  assert.equal(await page.locator("nav button.active").innerText(), "PlanningF5");
  await page.getByRole("button", { name: "FR" }).click();
  await page.locator(".sync-status", { hasText: "Non inscrit — Paramètres" }).waitFor();
  await page.close();
});

test("t3 b3 the box office sells tickets, shows Quantité beside Scanné, prints, invoices and cancels with a credit note", async () => {
  const page = await open();
  await page.keyboard.press("F9");
  await page.locator("select[name=product] option").nth(1).waitFor({ state: "attached" });
  assert.deepEqual(await page.locator("select[name=session] option").allInnerTexts(),
    ["Festival — 14/07/2026 à 20:30 — 5 places restantes"]);
  assert.deepEqual(await page.locator("select[name=product] option").allInnerTexts(),
    ["Plein tarif — 25,00 € (Concerts · Jazz)", "Visite — 8,00 € (Visites · Mairie)"]);
  await page.locator("input[name=quantity]").fill("3");
  await page.locator("input[name=holder]").fill("Famille Martin");
  await page.keyboard.press("F2");
  await page.getByText("3 billets vendus : 75,00 €.").waitFor();
  assert.equal(await page.locator("select[name=session] option").innerText(), "Festival — 14/07/2026 à 20:30 — 2 places restantes");
  const row = page.locator("tr[data-booking]").first();
  assert.deepEqual(await row.locator("td").allInnerTexts().then((cells) => cells.slice(1, 6)),
    ["Famille Martin", "3", "1", "75,00 €", "confirmée"]);
  await row.getByRole("button", { name: "Famille Martin" }).click();
  assert.deepEqual(await page.locator("tr.details li").allInnerTexts(), [
    "Billet 1 / 3 · CODE0 · contrôlé le 14/07/2026 20:40 (entrée nord)",
    "Billet 2 / 3 · CODE1 · non contrôlé",
    "Billet 3 / 3 · CODE2 · non contrôlé",
  ]);
  // No printer on this machine: the PDF is saved where the user says.
  await page.locator(".messages button[data-action=print]").click();
  await page.getByRole("dialog", { name: "Imprimer 3 billets" }).waitFor();
  assert.match(await page.locator(".dialog").innerText(), /Aucune imprimante n'est installée/);
  assert.equal(await page.locator(".dialog input[name=file]").inputValue(), "/home/festival/billets-t-0.pdf");
  await page.locator(".dialog input[name=file]").fill("billets.pdf");
  await page.locator(".dialog button[data-action=confirm]").click();
  await page.locator(".dialog [role=alert]", { hasText: "« billets.pdf » : écrivez le chemin complet du fichier" }).waitFor();
  await page.locator(".dialog input[name=file]").fill("/media/cle/billets.pdf");
  await page.locator(".dialog button[data-action=confirm]").click();
  await page.getByText("Billets enregistrés : /media/cle/billets.pdf").waitFor();
  assert.equal(await page.locator(".dialog").count(), 0);
  await page.locator("input[name=quantity]").fill("4");
  await page.getByRole("button", { name: "Vendre (F2)" }).click();
  assert.equal(await page.getByRole("alert").innerText(),
    "plus assez de places pour cette séance : 2 place(s) restante(s), 4 demandée(s)");
  // B3: the invoice is issued after one question (going back issues nothing), then
  // saved; asked again, the same invoice is offered, not a second one.
  await row.getByRole("button", { name: "Facture" }).click();
  assert.match(await page.getByRole("dialog").innerText(), /Une facture de 75,00 € sera émise/);
  await page.getByRole("dialog").getByRole("button", { name: "Retour" }).click();
  assert.deepEqual(await page.evaluate(() => window.__GUICHET_FAKE__.invoices.length), 0);
  await row.getByRole("button", { name: "Facture" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Émettre la facture" }).click();
  await page.getByText("Facture F2026-A-000001 émise.").waitFor();
  const pdf = page.getByRole("dialog", { name: "PDF de F2026-A-000001" });
  await pdf.locator("input[name=file]").fill("/home/caisse/facture-martin.pdf");
  await pdf.locator("[data-action=confirm]").click();
  await page.getByText("PDF enregistré : /home/caisse/facture-martin.pdf").waitFor();
  await row.getByRole("button", { name: "Facture" }).click();
  await page.getByRole("dialog", { name: "PDF de F2026-A-000001" }).getByRole("button", { name: "Retour" }).click();
  // Cancel asks once, in the window, and says what happened.
  await row.getByRole("button", { name: "Annuler" }).click();
  const ask = page.getByRole("dialog");
  assert.match(await ask.innerText(), /Ses 3 billets seront révoqués.*un avoir annulera sa facture/s);
  await ask.getByRole("button", { name: "Retour" }).click();
  assert.equal(await page.locator("tr.cancelled").count(), 0, "going back cancels nothing");
  await row.getByRole("button", { name: "Annuler" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Annuler la réservation" }).click();
  await page.getByText("3 billets révoqués.").waitFor();
  await page.locator("tr.cancelled").waitFor();
  assert.deepEqual(await page.evaluate(() => window.__GUICHET_FAKE__.invoices.map((d) => [d.number, d.kind, d.total, d.cites])),
    [["F2026-A-000001", "invoice", "75.00", null], ["F2026-A-000002", "credit_note", "-75.00", "F2026-A-000001"]]);
  await page.close();
});

test("printing many tickets shows a progress bar until the PDF is ready", async () => {
  const page = await open({ fake: { printers: ["accueil"] } });
  await page.evaluate(() => { window.__GUICHET_FAKE__.printDelay = 800; });
  await page.keyboard.press("F9");
  await page.locator("select[name=product] option").nth(1).waitFor({ state: "attached" });
  await page.locator("input[name=quantity]").fill("3");
  await page.keyboard.press("F2");
  await page.getByText("3 billets vendus : 75,00 €.").waitFor();
  const bar = page.locator(".progress-bar");
  assert.equal(await bar.isVisible(), false);
  // Ctrl+P prints the last sale: to the printer, chosen by default.
  await page.keyboard.press("Control+p");
  await page.getByRole("dialog", { name: "Imprimer 3 billets" }).waitFor();
  assert.equal(await page.locator(".dialog select[name=printer]").inputValue(), "accueil");
  await page.keyboard.press("Enter");
  await bar.waitFor({ state: "visible" });
  assert.equal(await bar.locator(".progress-label").innerText(),
    "Mise en page de 3 billet(s)… vous pouvez continuer à travailler");
  assert.equal(await bar.locator("progress").getAttribute("value"), null, "indeterminate while rendering");
  await page.getByText("3 billets envoyés à l'imprimante « accueil ».").waitFor();
  await bar.waitFor({ state: "hidden" });
  assert.deepEqual(await page.evaluate(() => window.__GUICHET_FAKE__.printed),
    [{ booking: "t-0", printer: "accueil", file: null }]);
  await page.close();
});

test("t1 amending is an in-app dialog; the old and new bookings name each other and the new codes are offered for printing", async () => {
  const page = await open();
  page.on("dialog", () => assert.fail("a browser dialog opened"));
  await page.keyboard.press("F9");
  await page.locator("select[name=product] option").nth(1).waitFor({ state: "attached" });
  await page.locator("input[name=quantity]").fill("4");
  await page.locator("input[name=holder]").fill("Famille Roux");
  await page.keyboard.press("F2");
  await page.getByText("4 billets vendus : 100,00 €.").waitFor();
  await page.locator("tr[data-booking]").first().getByRole("button", { name: "Modifier" }).click();
  const dialog = page.getByRole("dialog", { name: "Modifier la réservation T0 de Famille Roux" });
  assert.match(await dialog.innerText(), /L'ancien PDF ne sera plus valable/);
  await dialog.locator("input[name=quantity]").fill("0");
  await dialog.getByRole("button", { name: "Refaire la réservation" }).click();
  await dialog.getByText("« Nombre de billets » : un nombre entier de 1 à 1000.").waitFor();
  await dialog.locator("input[name=quantity]").fill("2");
  await page.keyboard.press("Enter");
  await page.getByText("Réservation T1 : 2 billets ; elle remplace la réservation T0. L'ancien PDF n'est plus valable : imprimez les nouveaux billets.").waitFor();
  const rows = page.locator("tr[data-booking]");
  assert.deepEqual(await rows.nth(0).locator("td").allInnerTexts().then((c) => [c[0], c[5]]), ["T0", "remplacée par T1"]);
  assert.match(await rows.nth(1).locator("td").nth(1).innerText(), /Famille Roux\s+remplace la réservation T0/);
  await page.locator(".messages button[data-action=print]", { hasText: "Imprimer les nouveaux billets" }).click();
  await page.getByRole("dialog", { name: "Imprimer 2 billets" }).waitFor();
  await page.keyboard.press("Escape");
  assert.equal(await page.locator(".dialog").count(), 0);
  await page.close();
});

test("a festival is set up from nothing in the window: the box office and the gate first say what to do", async () => {
  const page = await open({ empty: true, fake: { noFestival: true } });
  await page.getByRole("button", { name: "Organiser la billetterie d'un festival (F3)" }).waitFor();
  await page.keyboard.press("F9");
  await page.getByText("Créez d'abord une séance et ses billets dans Festival (F3)").waitFor();
  assert.equal(await page.getByRole("alert").count(), 0, "no error, no raw text");
  await page.keyboard.press("F10");
  await page.getByText("Aucune séance à contrôler : créez d'abord une séance dans Festival (F3).").waitFor();
  await page.getByRole("button", { name: "Organiser le festival (F3)" }).click();
  await page.getByRole("heading", { name: "Festival : organisation de la billetterie" }).waitFor();
  assert.equal(await page.locator("nav").isVisible(), true, "leaving the gate brings the navigation back");
  const card = (n) => page.locator(".setup-card").nth(n);
  // Organizers, in creation order (T2).
  await card(0).getByRole("button", { name: "Ajouter l'organisateur" }).click();
  await page.getByText("« Nom de l'organisateur » est obligatoire.").waitFor();
  await card(0).locator("input[name=name]").fill("Zénith");
  await page.keyboard.press("Enter");
  await page.getByText("Organisateur « Zénith » ajouté.").waitFor();
  await card(0).locator("input[name=name]").fill("Atelier");
  await page.keyboard.press("Enter");
  await page.getByText("Organisateur « Atelier » ajouté.").waitFor();
  assert.deepEqual(await card(0).locator("li .name").allInnerTexts(), ["Zénith", "Atelier"]);
  await card(1).locator("input[name=name]").fill("Nuits du Vallon");
  await page.keyboard.press("Enter");
  await page.getByText("Événement « Nuits du Vallon » ajouté.").waitFor();
  // A session: the date typed jj/mm/aaaa, the time hh:mm, bad input named in French.
  await card(2).locator("input[name=date]").fill("31/02/2027");
  await card(2).locator("input[name=time]").fill("20h30");
  await card(2).locator("input[name=capacity]").fill("120");
  await card(2).getByRole("button", { name: "Ajouter la séance" }).click();
  await page.getByText("« Date » : écrivez la date comme 26/11/2026.").waitFor();
  await card(2).locator("input[name=date]").fill("14/07/2027");
  await card(2).getByRole("button", { name: "Ajouter la séance" }).click();
  await page.getByText("Séance ajoutée.").waitFor();
  assert.equal(await card(2).locator("li .name").innerText(), "Nuits du Vallon — 14/07/2027 à 20:30");
  assert.match(await card(2).locator("li").innerText(), /120 places · 0 vendue/);
  // Tickets: name, theme, organizer, price typed the French way.
  await card(3).locator("input[name=name]").fill("Plein tarif");
  await card(3).locator("input[name=theme]").fill("Concerts");
  await card(3).locator("select[name=organizer]").selectOption({ label: "Zénith" });
  await card(3).locator("input[name=price]").fill("25,50 €");
  await card(3).getByRole("button", { name: "Ajouter le billet" }).click();
  await page.getByText("Billet « Plein tarif » ajouté.").waitFor();
  await card(3).locator("input[name=name]").fill("Enfant");
  await card(3).locator("input[name=theme]").fill("Concerts");
  await card(3).locator("input[name=price]").fill("10");
  await card(3).getByRole("button", { name: "Ajouter le billet" }).click();
  await page.getByText("Billet « Enfant » ajouté.").waitFor();
  const order = () => page.locator(".setup-table tbody tr td:nth-child(4)").allInnerTexts();
  assert.deepEqual(await order(), ["Plein tarif", "Enfant"]);
  await page.locator("tr", { hasText: "Enfant" }).getByRole("button", { name: "Monter dans l'ordre" }).click();
  await page.getByText("« Enfant » déplacé.").waitFor();
  assert.deepEqual(await order(), ["Enfant", "Plein tarif"]);
  // Edit a session in a dialog; deactivate a ticket after one confirmation.
  await card(2).getByRole("button", { name: "Modifier" }).click();
  const edit = page.getByRole("dialog");
  assert.equal(await edit.locator("input[name=date]").inputValue(), "14/07/2027");
  await edit.locator("input[name=time]").fill("21:00");
  await edit.getByRole("button", { name: "Enregistrer" }).click();
  await page.getByText("Modification enregistrée.").waitFor();
  assert.equal(await card(2).locator("li .name").innerText(), "Nuits du Vallon — 14/07/2027 à 21:00");
  await page.locator("tr", { hasText: "Plein tarif" }).getByRole("button", { name: "Désactiver" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Désactiver" }).click();
  await page.getByText("« Plein tarif » désactivé : il n'est plus en vente.").waitFor();
  // Ready to sell: the box office offers the active ticket only.
  await page.getByRole("button", { name: "Aller à la Billetterie (F9)" }).click();
  await page.locator("select[name=product] option").first().waitFor({ state: "attached" });
  assert.deepEqual(await page.locator("select[name=product] option").allInnerTexts(), ["Enfant — 10,00 € (Concerts · Zénith)"]);
  assert.deepEqual(await page.locator("select[name=session] option").allInnerTexts(),
    ["Nuits du Vallon — 14/07/2027 à 21:00 — 120 places restantes"]);
  await page.close();
});

test("the gate is a kiosk: the verdict fills 1280×800 with no navigation nor scrolling, dark on orange, readers in plain words", async () => {
  const page = await open({ viewport: { width: 1280, height: 800 } });
  await page.keyboard.press("F9");
  await page.locator("select[name=product] option").nth(1).waitFor({ state: "attached" });
  await page.keyboard.press("F2");
  await page.getByText("1 billet vendu : 25,00 €.").waitFor();
  await page.keyboard.press("F10");
  await page.locator(".gate .verdict").waitFor();
  assert.equal(await page.locator("header.top").isVisible(), false, "no navigation bar");
  assert.equal(await page.locator(".screen-messages").isVisible(), false, "no notice of another screen");
  await page.locator(".devices li[data-kind=webcam]").waitFor();
  assert.deepEqual(await page.locator(".devices li").allInnerTexts(), ["Douchette en mode clavier : prête",
    "Douchette USB : non branchée", "Lecteur série : non branché", "Webcam : aucune caméra"]);
  assert.equal(await page.locator(".device-details").isVisible(), false);
  await page.getByRole("button", { name: "détails" }).click();
  assert.match(await page.locator(".device-details").innerText(), /hidapi/);
  await page.locator("input[name=code]").fill("CODE0");
  await page.keyboard.press("Enter");
  await page.locator(".verdict[data-verdict=admitted]").waitFor();
  await page.locator("input[name=code]").fill("CODE0");
  await page.keyboard.press("Enter");
  await page.locator(".verdict[data-verdict=already_scanned]").waitFor();
  const look = await page.evaluate(() => {
    const v = document.querySelector(".verdict");
    const style = getComputedStyle(v);
    const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    const luminance = (rgb) => { const [r, g, b] = rgb.match(/\d+/g).map(Number); return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b); };
    const [a, b] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x);
    const box = v.getBoundingClientRect();
    return { contrast: (a + 0.05) / (b + 0.05), width: box.width, height: box.height,
      scrolls: document.documentElement.scrollHeight > innerHeight || document.documentElement.scrollWidth > innerWidth };
  });
  assert.ok(look.contrast >= 4.5, `contrast ${look.contrast}`);
  assert.equal(look.scrolls, false, "no scrolling at 1280×800");
  assert.ok(look.width > 850 && look.height > 700, JSON.stringify(look));
  // A webcam's picture shows small beside the verdict, the code it read framed in green.
  assert.equal(await page.locator("canvas.webcam").isVisible(), false, "no camera, no picture");
  await page.evaluate(() => {
    const [width, height] = [160, 120];
    const luma = Array.from({ length: width * height }, (_, i) => ((i % width) >= 60 && (i % width) < 100 && i / width >= 40 && i / width < 80 ? 20 : 220));
    window.__GUICHET_FAKE__.emit("webcam-frame", { width, height, luma, marks: [[[58, 38], [102, 38], [102, 82], [58, 82]]] });
  });
  await page.locator("canvas.webcam[data-marks='1']").waitFor();
  const camera = await page.evaluate(() => {
    const canvas = document.querySelector("canvas.webcam");
    const pixel = (x, y) => [...canvas.getContext("2d").getImageData(x, y, 1, 1).data.slice(0, 3)];
    const box = canvas.getBoundingClientRect();
    const verdict = document.querySelector(".verdict").getBoundingClientRect();
    return { edge: pixel(58, 60), inside: pixel(80, 60), outside: pixel(10, 10), width: box.width, beside: box.left >= verdict.right,
      scrolls: document.documentElement.scrollHeight > innerHeight };
  });
  assert.deepEqual(camera.edge, [18, 161, 80], "the code is framed in green");
  assert.deepEqual(camera.inside, [20, 20, 20]);
  assert.deepEqual(camera.outside, [220, 220, 220]);
  assert.ok(camera.beside && camera.width <= 320, JSON.stringify(camera));
  assert.equal(camera.scrolls, false);
  // Leaving the gate goes back to the screen before it, with its navigation.
  await page.getByRole("button", { name: "Quitter le contrôle" }).click();
  await page.locator("h2", { hasText: "Billetterie" }).waitFor();
  assert.equal(await page.locator("header.top").isVisible(), true);
  await page.close();
});

test("a scan made on another screen brings the gate back with its verdict; English mode shows English verdicts", async () => {
  const page = await open({ lang: "en" });
  await page.keyboard.press("F10");
  await page.locator(".gate select option").first().waitFor({ state: "attached" });
  await page.getByRole("button", { name: "Leave the gate" }).click();
  await page.keyboard.press("F9");
  await page.locator("select[name=product] option").nth(1).waitFor({ state: "attached" });
  assert.equal(await page.evaluate(() => window.__GUICHET_FAKE__.gateSession), "s-1", "the readers stay open on the gate's session");
  // A USB scanner reads a ticket while the box office is open.
  await page.evaluate(() => window.__GUICHET_FAKE__.emit("scan", { verdict: "already_scanned", ticket: null,
    message: "DÉJÀ SCANNÉ — 20:40, entrée nord", admits: false, first_scan: { at: "2026-07-14T18:40:00Z", device: "entrée nord" },
    here: false, seconds_ago: null, scan: "sc-9", at: "2026-07-14T19:00:00Z", admitted: 3, capacity: 5 }));
  await page.locator(".verdict[data-verdict=already_scanned]").waitFor();
  assert.deepEqual(await page.locator(".verdict p").allInnerTexts(), ["ALREADY SCANNED", "20:40, entrée nord"]);
  await page.locator("input[name=code]").fill("NOT-A-TICKET");
  await page.keyboard.press("Enter");
  await page.locator(".verdict[data-verdict=forged]").waitFor();
  assert.deepEqual(await page.locator(".verdict p").allInnerTexts(), ["INVALID TICKET", "code not issued by this provider"]);
  await page.close();
});

test("paramètres: a backup is written with a confirmed passphrase and restored over this device's data after a second click", async () => {
  const page = await open();
  await page.keyboard.press("F8");
  const backup = page.locator("form.backup");
  await backup.locator("input[name=file]").waitFor();
  assert.match(await backup.locator("input[name=file]").inputValue(), /guichet-sauvegarde-2026-11-27\.guichet$/);
  await backup.locator("input[name=passphrase]").fill("grenadine");
  await backup.locator("input[name=confirm]").fill("grenadines");
  await backup.locator("button[data-action=backup]").click();
  assert.match(await page.locator(".backup-section .notice.error").innerText(), /diffèrent/);
  await backup.locator("input[name=confirm]").fill("grenadine");
  await backup.locator("button[data-action=backup]").click();
  assert.match(await page.locator(".backup-section .notice.ok").innerText(),
    /^Sauvegarde écrite : \/home\/gite\/guichet-sauvegarde-2026-11-27\.guichet \(3,1 Mo\)\.$/);

  const restore = page.locator("form.restore");
  await restore.locator("input[name=file]").fill("/home/gite/guichet-sauvegarde-2026-11-27.guichet");
  await restore.locator("input[name=passphrase]").fill("mauvais mot");
  await restore.locator("input[name=replace]").check();
  await restore.locator("button[data-action=restore]").click();
  assert.match(await page.locator(".backup-section .notice.error").innerText(), /Cliquez encore/);
  await restore.locator("button[data-action=restore]").click();
  assert.match(await page.locator(".backup-section .notice.error").innerText(), /mot de passe incorrect/);
  await restore.locator("input[name=passphrase]").fill("grenadine");
  await restore.locator("input[name=replace]").check();
  await restore.locator("button[data-action=restore]").click();
  await restore.locator("button[data-action=restore]").click();
  assert.match(await page.locator(".backup-section .notice.ok").innerText(),
    /^Sauvegarde du 27\/11\/2026 10:30 restaurée : ce poste est maintenant un nouveau poste\.$/);
  await page.close();
});

test("d4 sync: a device not enrolled says so in the corner, is enrolled from Paramètres (refusals in French), then syncs now with progress", async () => {
  const page = await open();
  await page.evaluate(() => { window.__GUICHET_FAKE__.ops = 3; window.__GUICHET_FAKE__.syncDelay = 400; });
  const corner = page.locator(".sync-status");
  await corner.filter({ hasText: "Non inscrit — Paramètres" }).waitFor();
  await corner.click();
  const section = page.locator(".sync-section");
  await section.locator("input[name=server]").fill("http://sync.exemple.fr");
  await section.locator("input[name=code]").fill("K7P2-9QXA");
  await section.locator("button[data-action=enroll]").click();
  assert.match(await section.locator(".notice.error").innerText(), /^adresse en clair refusée « http:\/\/sync\.exemple\.fr » .* écrivez https:\/\/…$/);
  await section.locator("input[name=server]").fill("https://sync.exemple.fr");
  await section.locator("input[name=code]").fill("DEJA-SERVI");
  await section.locator("button[data-action=enroll]").click();
  await section.locator(".notice.error", { hasText: "ce code d'inscription a déjà servi" }).waitFor();
  await section.locator("input[name=code]").fill("K7P2-9QXA");
  await section.locator("button[data-action=enroll]").click();
  assert.equal(await section.locator(".notice.ok").innerText(), "Poste inscrit auprès de « Festival du Vallon » : la synchronisation démarre.");
  assert.equal(await section.locator("dd[data-field=provider]").innerText(), "Festival du Vallon");
  assert.equal(await section.locator("dd[data-field=server]").innerText(), "https://sync.exemple.fr");
  assert.equal(await section.locator("dd[data-field=last]").innerText(), "jamais");
  assert.equal(await section.locator("dd[data-field=pending]").innerText(), "3 opérations en attente");
  await corner.filter({ hasText: /^3 opérations en attente$/ }).waitFor();

  await section.locator("button[data-action=sync-now]").click();
  // A long pull shows its progress, in the corner and in the section.
  await page.waitForFunction(() => /^Réception 1\s000 \/ 3\s400$/.test(document.querySelector(".sync-status").textContent));
  assert.equal(await corner.locator("progress").isVisible(), true);
  assert.equal(await section.locator("progress").getAttribute("value"), "1000");
  await section.locator(".notice.ok", { hasText: "Synchronisé :" }).waitFor();
  assert.equal(await section.locator(".notice.ok").innerText(), "Synchronisé : 3 envoyées, 12 reçues, 1 conflit à régler.");
  await corner.filter({ hasText: /^Synchronisé à l'instant$/ }).waitFor();
  assert.equal(await corner.locator("progress").isVisible(), false);
  assert.equal(await page.locator("nav button[data-screen=conflicts] .badge").innerText(), "1");
  assert.equal(await section.locator("dd[data-field=last]").innerText(), "27/11/2026 19:07 (à l'instant)");
  await page.close();
});

test("d4 sync: offline, the corner says so with what waits and why; back online it says when it last synced", async () => {
  const page = await open({ conflicts: true });
  const corner = page.locator(".sync-status");
  await corner.filter({ hasText: /^Synchronisé il y a 2 min$/ }).waitFor();
  assert.equal(await corner.getAttribute("title"), "Dernière synchronisation : 27/11/2026 19:05");
  await page.evaluate(() => {
    const fake = window.__GUICHET_FAKE__;
    fake.ops = 3;
    fake.lastError = "serveur de synchronisation injoignable (connexion impossible) : rien n'est perdu";
    fake.emit("sync-changed", null);
  });
  await corner.filter({ hasText: /^Hors ligne · 3 opérations en attente$/ }).waitFor();
  assert.match(await corner.getAttribute("title"), /^serveur de synchronisation injoignable .*\nDernière synchronisation : 27\/11\/2026 19:05$/);
  await page.keyboard.press("F8");
  await page.locator(".sync-section dd[data-field=error]", { hasText: "injoignable" }).waitFor();
  await page.locator(".sync-section button[data-action=sync-now]").click();
  await page.locator(".sync-section .notice.error", { hasText: "injoignable" }).waitFor();
  await page.evaluate(() => {
    const fake = window.__GUICHET_FAKE__;
    Object.assign(fake, { ops: 0, lastError: null, lastSuccess: "2026-11-27T18:05:00Z" });
    fake.emit("sync-changed", null);
  });
  await corner.filter({ hasText: /^Synchronisé il y a 2 min$/ }).waitFor();
  // Reached but refused (a revoked device): not "offline", and the reason on hover.
  await page.evaluate(() => {
    const fake = window.__GUICHET_FAKE__;
    Object.assign(fake, { lastError: "ce poste a été révoqué par le prestataire", lastErrorCode: "rule" });
    fake.emit("sync-changed", null);
  });
  await corner.filter({ hasText: /^Synchronisation refusée — Paramètres · rien en attente$/ }).waitFor();
  assert.equal(await corner.getAttribute("data-state"), "refused");
  assert.match(await corner.getAttribute("title"), /révoqué/);
  await page.close();
});

test("d4 conflits: the inbox says what, where, when, whom and its state; a booking that holds the nights is cancelled after one confirmation", async () => {
  const page = await open({ conflicts: true });
  const badge = page.locator("nav button[data-screen=conflicts] .badge");
  await badge.filter({ hasText: "2" }).waitFor();
  await page.keyboard.press("F11");
  const overlap = page.locator("article.conflict[data-kind=booking_overlap]");
  const scan = page.locator("article.conflict[data-kind=duplicate_scan]");
  await overlap.waitFor();
  assert.equal(await overlap.locator("h3").innerText(), "Réservation refusée : nuits déjà prises");
  assert.equal(await overlap.locator(".what").innerText(),
    "La réservation de Client de B (Gîte, du 06/03/2027 au 13/03/2027, 7 nuits) est refusée : ces nuits sont déjà réservées pour Client de A. Elle est annulée sur ce poste : replacez-la à d'autres dates ou prévenez le client.");
  assert.deepEqual(await overlap.locator("dd").allInnerTexts(),
    ["poste principal (ce poste)", "27/11/2026 19:05", "Client de B (réservation refusée) · Client de A (a les nuits)", "À régler"]);
  assert.equal(await scan.locator("h3").innerText(), "Billet scanné deux fois");
  assert.equal(await scan.locator(".what").innerText(),
    "Ce billet était déjà entré le 27/11/2026 19:02 au poste « entrée nord » : ce second passage n'est pas compté.");
  assert.deepEqual(await scan.locator("dd").allInnerTexts(),
    ["entrée sud · par Gaby", "27/11/2026 19:04", "billet T7K2M9Q4XW8P3R6N5B2C4D7F9G3H6J8K2L", "À régler"]);
  assert.equal(await scan.locator("button[data-action=cancel-other]").count(), 0, "only a booking can be cancelled");

  await scan.locator("button[data-action=acknowledge]").click();
  await page.getByText("Conflit réglé sur ce poste").waitFor();
  await badge.filter({ hasText: "1" }).waitFor();
  assert.equal(await scan.locator("dd").last().innerText(), "Réglé le 27/11/2026 19:07 : pris en compte");
  assert.equal(await scan.locator("button").count(), 0, "a settled conflict offers nothing more");

  await overlap.locator("button[data-action=cancel-other]").click();
  assert.equal(await overlap.locator(".confirm p").innerText(),
    "La réservation de Client de A (Gîte, du 06/03/2027 au 13/03/2027) sera annulée sur tous les postes et ses nuits libérées. Celle de Client de B reste refusée : refaites-la depuis le Planning pour la garder.");
  await overlap.locator("button[data-action=back]").click();
  assert.equal(await overlap.locator(".confirm").count(), 0, "changing nothing changes nothing");
  const confirmed = () => page.evaluate(() => window.__GUICHET_FAKE__.bookings.filter((b) => b.status === "confirmed").length);
  assert.equal(await confirmed(), 1);
  await overlap.locator("button[data-action=cancel-other]").click();
  await overlap.locator("button[data-action=confirm-cancel]").click();
  await overlap.locator("dd", { hasText: "réservation annulée" }).waitFor();
  assert.equal(await confirmed(), 0);
  await badge.waitFor({ state: "hidden" });
  await page.close();
});

test("d4 the corner, the badge and the inbox fit a small window", async () => {
  const page = await open({ conflicts: true, viewport: { width: 1024, height: 640 } });
  await page.locator("nav button[data-screen=conflicts] .badge").filter({ hasText: "2" }).waitFor();
  await page.keyboard.press("F11");
  await page.locator("article.conflict").first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, "nothing sticks out sideways");
  const corner = await page.locator(".sync-status").boundingBox();
  assert.ok(corner.x + corner.width <= 1024, `the corner is on screen (${JSON.stringify(corner)})`);
  await page.close();
});

test("p8 a booking opens its file: paid, moved whole, cancelled after one question", async () => {
  const page = await open();
  await dragNights(page, "Gîte", 5, 7);
  await page.locator(".stay-panel input[name=name]").fill("Famille Martin");
  await page.locator(".stay-panel input[name=phone]").fill("06 12 34 56 78");
  await page.locator(".stay-panel input[name=adults]").fill("7");
  await page.locator("[data-action=book]").click();
  assert.match(await page.getByRole("alert").innerText(), /accueille 6 personnes au plus, pas 7/);
  await page.locator(".stay-panel input[name=adults]").fill("2");
  await page.locator(".stay-panel input[name=children]").fill("2");
  await page.locator("[data-action=book]").click();
  await page.getByText("Réservation confirmée pour Famille Martin : 450,00 €.").waitFor();

  await page.locator("td.bar.booking", { hasText: "Famille Martin" }).click();
  await page.locator("dd[data-field=balance]", { hasText: "450,00 €" }).waitFor();
  assert.equal(await page.locator("dl.file dd[data-field=party]").innerText(), "2 adultes, 2 enfants capacité : 6 pers.");
  const pay = page.locator("form.pay-form");
  await pay.locator("input[name=amount]").fill("1 100,00 €");
  await pay.locator("select[name=method]").selectOption("transfer");
  await pay.locator("input[name=amount]").fill("150,5");
  await pay.locator("[data-action=pay]").click();
  await page.getByText("Paiement de 150,50 € enregistré. Reste dû : 299,50 €.").waitFor();
  assert.equal(await page.locator("ul.payments li").innerText(), `${await page.evaluate(() => new Date().toLocaleDateString("fr-FR"))} · 150,50 € · Virement`);
  await pay.locator("input[name=amount]").fill("douze");
  await pay.locator("[data-action=pay]").click();
  assert.equal(await page.getByRole("alert").innerText(), "« Montant (€) » : écrivez un montant comme 1 100,00 (1 000 000 € au plus).");

  // Move: a dialog in the window, refused over another booking, then done elsewhere.
  await page.locator("[data-action=move]").click();
  const dialog = page.locator(".dialog form");
  await dialog.locator("select[name=unit]").selectOption({ label: "Roulotte (2 pers.)" });
  await dialog.locator("[data-action=dialog-confirm]").click();
  assert.match(await dialog.locator(".dialog-error").innerText(), /accueille|personnes|chevauchent|Roulotte/);
  await dialog.locator("select[name=unit]").selectOption({ label: "Gîte (6 pers.)" });
  const from = await dialog.locator("input[name=from]").inputValue();
  const [d, m, y] = from.split("/").map(Number);
  const later = new Date(Date.UTC(y, m - 1, d + 14)).toISOString().slice(0, 10).split("-").reverse().join("/");
  await dialog.locator("input[name=from]").fill(later);
  await dialog.locator("input[name=nights]").fill("4");
  await dialog.locator(".move-quote", { hasText: "600,00 €" }).waitFor();
  await dialog.locator("[data-action=dialog-confirm]").click();
  await page.getByText("Réservation déplacée.").waitFor();
  assert.match(await page.locator("dd[data-field=stay]").innerText(), new RegExp(`Gîte · Du ${later} au .* · 4 nuits`));
  assert.equal(await page.locator("dd[data-field=balance]").innerText(), "449,50 €");
  assert.equal(await page.locator("td.bar.booking", { hasText: "Famille Martin" }).getAttribute("colspan"), "4");

  // Cancel: asked once, says what will happen; going back changes nothing.
  await page.locator("[data-action=cancel]").click();
  assert.match(await page.locator(".dialog-text").innerText(), /sera annulée : ses nuits redeviennent libres.*Les paiements reçus \(150,50 €\) restent enregistrés/);
  await page.keyboard.press("Escape");
  assert.equal(await page.locator("dd[data-field=state]").innerText(), "confirmée");
  await page.locator("[data-action=cancel]").click();
  await page.locator("[data-action=dialog-confirm]").click();
  await page.getByText("Réservation de Famille Martin annulée : les nuits sont libres.").waitFor();
  assert.equal(await page.locator("td.bar.booking").count(), 0);
  const history = await page.locator("details.history li").allTextContents();
  assert.deepEqual(history.map((line) => line.replace(/^.* — /, "").replace(/\d\d\/\d\d\/\d{4}/g, "D")),
    ["réservée du D, 3 nuits, 450,00 €", "paiement de 150,50 € (Virement) le D", "déplacée du D au D (Gîte, 4 nuits)", "annulée"]);
  await page.close();
});

test("a stay in the past is asked about once; a typed-dates booking form leads to the same quote", async () => {
  const page = await open();
  await dragNights(page, "Roulotte", 0, 0);
  await page.locator(".stay-panel input[name=name]").fill("Régularisation");
  await page.locator(".stay-panel input[name=phone]").fill("0612345678");
  await page.locator("[data-action=book]").click();
  assert.match(await page.locator(".dialog-text").innerText(), /avant aujourd'hui\. L'enregistrer quand même/);
  await page.locator("[data-action=dialog-cancel]").click();
  assert.equal(await page.locator("td.bar").count(), 0, "nothing booked when the question is declined");
  await page.keyboard.press("Escape");
  await page.keyboard.press("F2");
  const form = page.locator("form.new-booking");
  await form.locator("input[name=from]").fill("31/02/2027");
  await form.locator("[data-action=quote]").click();
  assert.equal(await page.getByRole("alert").innerText(), "« Date d'arrivée » : écrivez la date comme 26/11/2026.");
  await form.locator("input[name=from]").fill("06/03/2027");
  await form.locator("input[name=nights]").fill("2");
  await form.locator("[data-action=quote]").click();
  assert.equal(await page.locator(".stay-dates").innerText(), "Du 06/03/2027 au 08/03/2027 · 2 nuits");
  await page.close();
});

test("p7 units are renamed, reordered, deactivated, and deleted only while never booked", async () => {
  const page = await open();
  await page.keyboard.press("F7");
  const rows = page.locator("ol.unit-rows li");
  await rows.first().waitFor();
  await rows.nth(1).locator("[data-action=up]").click();
  await page.locator("ol.unit-rows li").first().filter({ hasText: "Gîte" }).waitFor();
  await rows.first().locator("[data-action=edit]").click();
  await page.locator(".dialog form input[name=name]").fill("Gîte des Lilas");
  await page.locator(".dialog form input[name=capacity]").fill("0");
  await page.locator("[data-action=dialog-confirm]").click();
  assert.equal(await page.locator(".dialog-error").innerText(), "« Capacité (personnes) » : un nombre entier de 1 à 10000.");
  await page.locator(".dialog form input[name=capacity]").fill("8");
  await page.locator("[data-action=dialog-confirm]").click();
  await page.getByText("« Gîte des Lilas » enregistré.").waitFor();
  assert.deepEqual(await page.locator("#sale-order li").allInnerTexts(), ["Roulotte 2 pers.", "Gîte des Lilas 8 pers."]);
  await rows.nth(1).locator("[data-action=toggle]").click();
  await page.locator("[data-action=dialog-confirm]").click();
  await page.getByText("« Roulotte » est désactivé.").waitFor();
  assert.deepEqual(await page.locator("#sale-order li").allInnerTexts(), ["Gîte des Lilas 8 pers."]);
  await rows.nth(1).locator("[data-action=remove]").click();
  await page.locator("[data-action=dialog-confirm]").click();
  await page.getByText("« Roulotte » supprimé.").waitFor();
  assert.equal(await rows.count(), 1);
  await page.close();
});

test("b4 calendriers: a unit's calendar is added from a file after checks in French, shows its state, and is removed after one question that says its nights become free", async () => {
  const page = await open();
  await page.keyboard.press("F7");
  await page.locator("li[data-unit=u-gite] [data-action=calendars]").click();
  await page.getByRole("heading", { name: "Calendriers iCal" }).waitFor();
  assert.equal(await page.locator("nav button.active").getAttribute("data-screen"), "units", "Calendriers belongs to Hébergements");
  assert.equal(await page.locator("select[name=unit]").inputValue(), "u-gite");
  await page.getByText("Aucun calendrier importé pour « Gîte » : ajoutez-en un ci-dessous.").waitFor();
  const field = page.locator("form.calendar-add input[name=source]");
  const calls = () => page.evaluate(() => window.__GUICHET_FAKE__.calls.filter((c) => c === "import_calendar").length);
  // Checked before any call: an unencrypted address, a relative path, another scheme.
  for (const [typed, said] of [
    ["http://www.airbnb.fr/calendar/ical/4242.ics", "Adresse en http:// refusée : un calendrier se lit depuis une adresse chiffrée. Écrivez la même adresse en https://… (les plateformes l'acceptent), ou copiez l'adresse iCal exacte que donne la plateforme."],
    [`https://www.airbnb.fr/calendar/ical/${"4".repeat(200)}.ics`, "« Adresse iCal (https://…) ou fichier .ics » : 200 caractères au plus."],
    ["airbnb.ics", "« airbnb.ics » : écrivez le chemin complet du fichier, qui commence par / (par exemple /home/gite/airbnb.ics)."],
    ["ftp://exemple.fr/a.ics", "Un calendrier s'importe depuis une adresse https://… ou depuis un fichier .ics de cet ordinateur."],
    ["", "« Adresse iCal (https://…) ou fichier .ics » est obligatoire."],
  ]) {
    await field.fill(typed);
    await field.press("Enter");
    await page.locator(".notice.error", { hasText: said }).waitFor();
    assert.equal(await field.getAttribute("aria-invalid"), "true");
  }
  assert.equal(await calls(), 0, "nothing reached the Rust side");
  // A file that is not iCalendar: the reader's French words with the line at fault.
  await field.fill("/home/gite/liste.txt");
  await page.locator("[data-action=add-calendar]").click();
  await page.locator(".notice.error", { hasText: "ligne 1 : un calendrier commence par BEGIN:VCALENDAR — ce fichier n'est pas un calendrier iCalendar lisible" }).waitFor();
  assert.equal(await page.locator("tr[data-source]").count(), 0);
  // The Airbnb file: 3 events, 7 nights, imported now (Paris time).
  await field.fill("/home/gite/airbnb.ics");
  await field.press("Enter");
  await page.getByText("Calendrier airbnb.ics importé : 3 événements, 7 nuits bloquées désormais par ce calendrier.").waitFor();
  assert.equal(await field.inputValue(), "", "the form is emptied for the next one");
  const row = page.locator("tr[data-source]", { hasText: "airbnb.ics" });
  assert.deepEqual((await row.locator("td").allInnerTexts()).slice(0, 5),
    ["airbnb.ics\n/home/gite/airbnb.ics", "3", "7 nuits", "27/11/2026 19:07", "à jour"]);
  // An address: named by its host.
  await field.fill("webcal://www.airbnb.fr/calendar/ical/4242.ics?s=abc");
  await field.press("Enter");
  await page.getByText("Calendrier airbnb.fr importé : 2 événements, 4 nuits bloquées désormais par ce calendrier.").waitFor();
  assert.deepEqual(await page.locator("tr[data-source] .calendar-name").allInnerTexts(), ["airbnb.ics", "airbnb.fr"]);
  // An address that does not answer, never imported: said, not listed.
  await field.fill("https://calendrier.exemple.fr/panne.ics");
  await field.press("Enter");
  await page.locator(".notice.error", { hasText: "calendrier non importé : calendrier.exemple.fr est injoignable ; rien n'a été ajouté, réessayez quand le réseau reviendra" }).waitFor();
  assert.equal(await page.locator("tr[data-source]").count(), 2);
  assert.equal(await field.inputValue(), "https://calendrier.exemple.fr/panne.ics", "what was typed stays to correct it");

  // Removing asks once and says what happens to the nights; Retour keeps it.
  await row.locator("[data-action=remove-calendar]").click();
  const dialog = page.getByRole("dialog", { name: "Retirer le calendrier airbnb.ics ?" });
  assert.match(await dialog.innerText(), /Les 7 nuits qu'il bloque redeviendront libres au planning, sur tous les postes, et réservables ici\./);
  assert.match(await dialog.innerText(), /une double réservation devient possible/);
  await page.keyboard.press("Escape");
  assert.equal(await page.locator("tr[data-source]").count(), 2, "going back removes nothing");
  await row.locator("[data-action=remove-calendar]").click();
  await page.getByRole("dialog").getByRole("button", { name: "Retirer le calendrier" }).click();
  await page.getByText("Calendrier airbnb.ics retiré : 7 nuits de nouveau libres.").waitFor();
  assert.deepEqual(await page.locator("tr[data-source] .calendar-name").allInnerTexts(), ["airbnb.fr"]);
  // Back to Hébergements: the unit's button counts its calendars.
  await page.locator("[data-action=back]").click();
  assert.equal(await page.locator("li[data-unit=u-gite] [data-action=calendars]").innerText(), "Calendriers (1)");
  assert.equal(await page.locator("li[data-unit=u-roulotte] [data-action=calendars]").innerText(), "Calendriers");
  await page.close();
});

test("b4 calendriers: « Importer maintenant » shows progress while the address answers; a failed import keeps its nights and says why", async () => {
  const page = await open({ fake: { calendarDelay: 700 } });
  await page.keyboard.press("F7");
  await page.locator("li[data-unit=u-gite] [data-action=calendars]").click();
  const field = page.locator("form.calendar-add input[name=source]");
  await field.fill("https://admin.booking.com/hotel/ical.html?t=xyz");
  await field.press("Enter");
  const bar = page.locator(".progress-bar[data-task=calendar]");
  await bar.waitFor();
  assert.equal(await bar.locator(".progress-label").innerText(), "Import du calendrier… vous pouvez continuer à travailler");
  assert.equal(await page.locator("[data-action=add-calendar]").innerText(), "Import en cours…");
  assert.equal(await page.locator("[data-action=add-calendar]").isDisabled(), true, "one import at a time");
  await page.getByText("Calendrier admin.booking.com importé : 1 événement, 3 nuits bloquées désormais par ce calendrier.").waitFor();
  assert.equal(await page.locator(".progress-bar").isHidden(), true);
  // The channel stops answering: the import says why and its nights stay.
  await page.evaluate(() => {
    window.__GUICHET_FAKE__.feeds["https://admin.booking.com/hotel/ical.html?t=xyz"] = { code: "offline",
      error: "calendrier non importé : admin.booking.com ne répond pas (délai dépassé) ; les nuits qu'il bloquait restent bloquées, réessayez quand le réseau reviendra" };
  });
  const row = page.locator("tr[data-source]");
  await row.locator("[data-action=reimport]").click();
  await page.locator(".notice.error", { hasText: "admin.booking.com ne répond pas (délai dépassé)" }).waitFor();
  assert.equal(await row.getAttribute("data-state"), "error");
  // Its words already say that the nights stay: said once.
  assert.equal(await row.locator("td[data-field=state]").innerText(),
    "calendrier non importé : admin.booking.com ne répond pas (délai dépassé) ; les nuits qu'il bloquait restent bloquées, réessayez quand le réseau reviendra");
  assert.equal(await row.locator("td[data-field=nights]").innerText(), "3 nuits");
  assert.equal(await row.locator("td[data-field=success]").innerText(), "27/11/2026 19:07");
  await page.locator("[data-action=import-all]").click();
  await page.getByText("1 calendrier n'a pas pu être lu : la colonne État dit pourquoi ; ses nuits restent bloquées.").waitFor();
  // Back online: the error is gone.
  await page.evaluate(() => { window.__GUICHET_FAKE__.feeds["https://admin.booking.com/hotel/ical.html?t=xyz"] = { events: 1, nights: ["2099-01-01"] }; });
  await page.locator("[data-action=import-all]").click();
  await page.getByText("1 calendrier importé de nouveau.").waitFor();
  assert.equal(await row.locator("td[data-field=state]").innerText(), "à jour");
  assert.equal(await row.locator("td[data-field=nights]").innerText(), "1 nuit");
  // A file gone from the disk: the reason, and that its nights stay.
  const field2 = page.locator("form.calendar-add input[name=source]");
  await field2.fill("/home/gite/airbnb.ics");
  await field2.press("Enter");
  await page.getByText("Calendrier airbnb.ics importé").waitFor();
  await page.evaluate(() => { delete window.__GUICHET_FAKE__.feeds["/home/gite/airbnb.ics"]; });
  const file = page.locator("tr[data-source]", { hasText: "airbnb.ics" });
  await file.locator("[data-action=reimport]").click();
  await page.locator(".notice.error", { hasText: "/home/gite/airbnb.ics : fichier illisible (fichier introuvable)" }).waitFor();
  assert.equal(await file.locator("td[data-field=state]").innerText(),
    "/home/gite/airbnb.ics : fichier illisible (fichier introuvable)\nLes nuits du dernier import réussi restent bloquées.");
  assert.equal(await file.locator("td[data-field=nights]").innerText(), "7 nuits");
  await page.close();
});

test("b4 calendriers: the polling interval, the unit's feed saved to a file, and the subscription address only once enrolled", async () => {
  const page = await open();
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.keyboard.press("F7");
  await page.locator("li[data-unit=u-roulotte] [data-action=calendars]").click();
  const minutes = page.locator("form.calendar-interval input[name=minutes]");
  await page.waitForFunction(() => document.querySelector("form.calendar-interval input[name=minutes]")?.value === "60");
  await minutes.fill("2");
  await minutes.press("Enter");
  await page.locator(".notice.error", { hasText: "« Intervalle (minutes) » : un nombre entier de 5 à 1440." }).waitFor();
  await minutes.fill("30");
  await minutes.press("Enter");
  await page.getByText("Les adresses de calendriers seront importées toutes les 30 minutes.").waitFor();
  assert.equal(await page.evaluate(() => window.__GUICHET_FAKE__.pollMinutes), 30);

  // The feed to a file: the path proposed, a relative one refused in the dialog.
  await page.locator("[data-action=export-calendar]").click();
  const dialog = page.getByRole("dialog", { name: "Enregistrer le calendrier de « Roulotte »" });
  await dialog.waitFor();
  assert.equal(await dialog.locator("input[name=file]").inputValue(), "/home/gite/calendrier-roulotte.ics");
  await dialog.locator("input[name=file]").fill("roulotte.ics");
  await dialog.locator("input[name=file]").press("Enter");
  await dialog.locator("[role=alert]", { hasText: "« roulotte.ics » : écrivez le chemin complet du fichier" }).waitFor();
  await dialog.locator("input[name=file]").fill("/media/cle/roulotte.ics");
  await dialog.locator("input[name=file]").press("Enter");
  await page.getByText("Calendrier enregistré : /media/cle/roulotte.ics").waitFor();
  assert.deepEqual(await page.evaluate(() => window.__GUICHET_FAKE__.exportedCalendars), [{ unit: "u-roulotte", file: "/media/cle/roulotte.ics" }]);

  // Not enrolled: no address, and why, in French; nothing asked of the server.
  assert.match(await page.locator("[data-field=no-url]").innerText(),
    /^Pas d'adresse d'abonnement : ce poste n'est inscrit auprès d'aucun serveur de synchronisation.*Paramètres \(F8\) → Synchronisation/);
  assert.equal(await page.locator("[data-action=show-url]").count(), 0);
  // Enrolled: the address shows, selected, and is copied.
  await page.evaluate(() => { window.__GUICHET_FAKE__.enrolment = { server: "https://sync.exemple.fr", provider_name: "Les Gîtes du Vallon" }; });
  await page.locator("select[name=unit]").selectOption("u-gite");
  await page.getByRole("heading", { name: "Publier le calendrier de « Gîte »" }).waitFor();
  await page.locator("[data-action=show-url]").click();
  const url = page.locator("input[name=feed-url]");
  assert.equal(await url.inputValue(), "https://sync.exemple.fr/ical/p-vallon/u-gite/7f3a9c2e41b8d605.ics");
  assert.equal(await url.getAttribute("readonly"), "");
  await page.locator("[data-action=copy-url]").click();
  await page.getByText("Adresse copiée : collez-la sur la plateforme.").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "https://sync.exemple.fr/ical/p-vallon/u-gite/7f3a9c2e41b8d605.ics");
  await page.close();
});

test("b4 calendriers are reachable by keyboard alone and speak English as a second language", async () => {
  const page = await open({ lang: "en" });
  await page.keyboard.press("F7");
  await page.locator("li[data-unit=u-gite] [data-action=calendars]").focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "iCal calendars" }).waitFor();
  await page.locator("form.calendar-add input[name=source]").focus();
  await page.keyboard.type("/home/gite/airbnb.ics");
  await page.keyboard.press("Enter");
  await page.getByText("Calendar airbnb.ics imported: 3 events, 7 nights now blocked by this calendar.").waitFor();
  // Tab reaches the row's buttons; Enter on « Remove » asks, Enter confirms.
  const remove = page.locator("tr[data-source] [data-action=remove-calendar]");
  await page.locator("tr[data-source] [data-action=reimport]").focus();
  await page.keyboard.press("Tab");
  assert.equal(await remove.evaluate((b) => b === document.activeElement), true);
  await page.keyboard.press("Enter");
  assert.match(await page.getByRole("dialog").innerText(), /The 7 nights it blocks become free again on the planning/);
  await page.keyboard.press("Enter");
  await page.getByText("Calendar airbnb.ics removed: 7 nights free again.").waitFor();
  assert.match(await page.locator("[data-field=no-url]").innerText(), /^No subscription address: this device is not enrolled/);
  await page.close();
});

test("b4 the planning shows imported nights as the « Calendrier importé (host) » bar; they cannot be dragged over, and a click opens the unit's calendars", async () => {
  const page = await open();
  await page.locator("tr[data-unit=u-gite]").waitFor();
  assert.equal(await page.locator(".legend .legend-calendar").count(), 0, "no imported calendar, no word about them");
  await page.evaluate(() => window.__TAURI_INTERNALS__.invoke("import_calendar", { unit: "u-gite", source: "https://www.airbnb.fr/calendar/ical/4242.ics?s=abc" }));
  await page.keyboard.press("F7");
  await page.keyboard.press("F5");
  const bar = page.locator("tr[data-unit=u-gite] td.bar.calendar");
  await bar.waitFor();
  assert.equal(await bar.innerText(), "Calendrier importé (airbnb.fr)");
  assert.equal(await bar.getAttribute("colspan"), "4");
  assert.equal(await bar.getAttribute("data-kind"), "calendar");
  assert.equal(await page.locator(".legend .legend-calendar").innerText(), " nuits d'un calendrier importé (Airbnb, Booking.com… : cliquez la barre pour le gérer)");
  const firstNight = await page.evaluate(() => new Date(Date.now() + 20 * 86400000).toISOString().slice(0, 10));
  const [y, m, d] = firstNight.split("-");
  const next = await page.evaluate(() => new Date(Date.now() + 24 * 86400000).toISOString().slice(0, 10)).then((x) => x.split("-").reverse().join("/"));
  assert.equal(await bar.getAttribute("title"),
    `Calendrier importé de airbnb.fr, du ${d}/${m}/${y} au ${next} : cliquez pour voir les calendriers de cet hébergement`);
  // The nights before it are free; the bar's nights are not offered to a drag.
  const row = page.locator("tr[data-unit=u-gite]");
  assert.equal(await row.locator(`td[data-date="${firstNight}"]`).count(), 0, "the bar covers its first night");
  assert.equal(await page.locator("tr[data-unit=u-roulotte] td.bar").count(), 0, "another unit's nights stay free");
  await bar.click();
  await page.getByRole("heading", { name: "Calendriers iCal" }).waitFor();
  assert.equal(await page.locator("select[name=unit]").inputValue(), "u-gite");
  assert.deepEqual(await page.locator("tr[data-source] .calendar-name").allInnerTexts(), ["airbnb.fr"]);
  await page.close();
});

test("tarifs: the fields match the kind, French amounts are accepted, a refused plan leaves no stale preview", async () => {
  const page = await open();
  await page.keyboard.press("F6");
  const form = page.locator("form.tariff-form");
  await form.locator("select[name=kind]").selectOption("every_night");
  assert.equal(await form.locator("label.weekday").isVisible(), false);
  assert.equal(await form.locator("label.nights").isVisible(), false);
  await form.locator("select[name=kind]").selectOption("package");
  assert.equal(await form.locator("label.nights").isVisible(), true);
  await form.locator("select[name=kind]").selectOption("every_night");
  await form.locator("input[name=price]").fill("1 100,00");
  await form.getByRole("button", { name: "Aperçu" }).click();
  await page.locator(".tariff-calendar li.preview").first().waitFor();
  const plan = await page.evaluate(() => window.__GUICHET_FAKE__.calls.includes("plan_tariffs"));
  assert.equal(plan, true);
  await form.locator("input[name=price]").fill("12,345");
  await form.getByRole("button", { name: "Aperçu" }).click();
  assert.equal(await page.getByRole("alert").innerText(), "« Prix (€) » : écrivez un montant comme 1 100,00 (1 000 000 € au plus).");
  assert.equal(await page.locator(".tariff-calendar li.preview").count(), 0, "the stale preview is gone");
  await page.close();
});

test("d4 a refused booking is placed again from the inbox with the booking file's move", async () => {
  const page = await open({ conflicts: true });
  await page.keyboard.press("F11");
  const overlap = page.locator("article.conflict[data-kind=booking_overlap]");
  await overlap.locator("button[data-action=move-refused]").click();
  const dialog = page.locator(".dialog form");
  await dialog.locator("input[name=from]").fill("13/03/2027");
  await dialog.locator("[data-action=dialog-confirm]").click();
  await page.getByText("Réservation de Client de B replacée : le conflit est réglé.").waitFor();
  await overlap.locator("dd", { hasText: "réservation refusée replacée" }).waitFor();
  const b = await page.evaluate(() => window.__GUICHET_FAKE__.bookings.find((x) => x.id === "b-b"));
  assert.deepEqual([b.start, b.status], ["2027-03-13", "confirmed"]);
  await page.close();
});

test("gdpr a guest is anonymised from the booking file after one question that says what will happen", async () => {
  const page = await open();
  await dragNights(page, "Gîte", 5, 7);
  await page.locator(".stay-panel input[name=name]").fill("Camille Fontaine");
  await page.locator(".stay-panel input[name=phone]").fill("06 11 22 33 44");
  await page.locator("[data-action=book]").click();
  await page.getByText(/Réservation confirmée pour Camille Fontaine/).waitFor();
  await page.locator("td.bar.booking", { hasText: "Camille Fontaine" }).click();
  await page.locator("[data-action=anonymise]").click();
  assert.match(await page.locator(".dialog-text").innerText(),
    /« Camille Fontaine » \(06 11 22 33 44\) seront effacés de toutes ses réservations.*Les séjours, montants et paiements restent.*Cela ne se défait pas/s);
  await page.keyboard.press("Escape");
  assert.equal(await page.locator("dd[data-field=guest]").innerText(), "Camille Fontaine", "going back changes nothing");
  await page.locator("[data-action=anonymise]").click();
  await page.locator("[data-action=dialog-confirm]").click();
  await page.getByText("Client anonymisé : 1 réservation.").waitFor();
  assert.equal(await page.locator("dd[data-field=guest]").innerText(), "Client anonymisé");
  assert.equal(await page.locator("[data-action=anonymise]").count(), 0, "nothing left to anonymise");
  await page.close();
});

test("gdpr the guests' retention is a setting: under a year refused in French, then saved; the window anonymises past guests at start", async () => {
  const page = await open();
  await page.locator("nav button[data-screen=settings]").waitFor();
  // The retention is applied when the window starts.
  await page.waitForFunction(() => window.__GUICHET_FAKE__.anonymiseExpiredCalls >= 1);
  await page.keyboard.press("F8");
  const field = page.locator("input[name=guestRetention]");
  assert.equal(await field.inputValue(), "36");
  const form = page.locator("form.settings-form", { has: field });
  await field.fill("6");
  await form.locator("button[type=submit]").click();
  await page.getByText(/« Conservation des données des clients \(mois après le séjour\) »/).waitFor();
  await field.fill("24");
  await form.locator("button[type=submit]").click();
  await page.getByText("Paramètres enregistrés.").waitFor();
  assert.equal(await page.evaluate(() => window.__GUICHET_FAKE__.guestRetention), 24);
  await page.close();
});

test("b2 t6 the booking file edits the customer apart, saves the contract, and templates preview live with unknown placeholders refused", async () => {
  const page = await open();
  await dragNights(page, "Gîte", 5, 7);
  await page.locator(".stay-panel input[name=name]").fill("Marie Claire Dupont");
  await page.locator(".stay-panel input[name=email]").fill("marie@exemple.fr");
  await page.locator("[data-action=book]").click();
  await page.getByText("Réservation confirmée pour Marie Claire Dupont : 450,00 €.").waitFor();
  await page.locator("td.bar.booking", { hasText: "Marie Claire Dupont" }).click();
  assert.equal(await page.locator("dd[data-field=guest]").innerText(), "Marie Claire Dupont");
  // The customer, names apart, a title and an address.
  await page.locator("[data-action=edit]").click();
  const dialog = page.locator(".dialog form");
  assert.equal(await dialog.locator("input[name=first_name]").inputValue(), "Marie");
  assert.equal(await dialog.locator("input[name=last_name]").inputValue(), "Claire Dupont");
  await dialog.locator("input[name=title]").fill("Mme");
  await dialog.locator("input[name=first_name]").fill("Marie Claire");
  await dialog.locator("input[name=last_name]").fill("Dupont");
  await dialog.locator("textarea[name=address]").fill("12 rue des Lilas\n24200 Sarlat");
  await dialog.locator("[data-action=dialog-confirm]").click();
  await page.getByText("Dossier modifié.").waitFor();
  await page.locator("dd[data-field=guest]", { hasText: "Mme Marie Claire Dupont" }).waitFor();
  assert.equal(await page.locator("dd[data-field=address]").innerText(), "12 rue des Lilas\n24200 Sarlat");
  const fake = await page.evaluate(() => window.__GUICHET_FAKE__.bookings.at(-1));
  assert.deepEqual([fake.title, fake.first_name, fake.last_name], ["Mme", "Marie Claire", "Dupont"]);
  // « Contrat (PDF) »: saved where the user says.
  await page.locator("[data-action=contract]").click();
  const save = page.locator(".dialog form");
  assert.match(await save.locator("input[name=file]").inputValue(), /contrat-.*\.pdf$/);
  await save.locator("input[name=file]").fill("/home/gite/contrat-dupont.pdf");
  await page.locator(".dialog [data-action=confirm]").click();
  await page.getByText("Contrat enregistré : /home/gite/contrat-dupont.pdf").waitFor();

  // Paramètres → e-mail templates: a live preview on the booking; an unknown field named, nothing saved.
  await page.keyboard.press("Escape");
  await page.locator("nav button", { hasText: "Paramètres" }).click();
  const templates = page.locator("section.templates");

  await templates.locator("[data-field=preview-body]", { hasText: "Bonjour Marie Claire Dupont," }).waitFor();
  assert.match(await templates.locator("[data-field=preview-subject]").innerText(), /^Objet : Réservation n° R-/);
  await templates.locator("textarea[name=text]").fill("Objet : Merci\n\nBonjour {ContactTitre} {ContactNom}, solde {Solde}");
  await templates.locator("[data-field=preview-body]", { hasText: "Bonjour Mme Dupont, solde 450,00\u00a0€" }).waitFor();
  assert.equal(await templates.locator("[data-field=template-state]").innerText(), "Modifié, pas encore enregistré");
  await templates.locator("textarea[name=text]").fill("Bonjour {Prenom}");
  // As it is typed: the placeholder named under the text, and no stale preview left showing.
  await templates.locator("[data-field=preview-body]", { hasText: "Pas d'aperçu tant que le modèle contient une erreur : corrigez-la ci-dessus." }).waitFor();
  assert.match(await templates.getByRole("alert").innerText(), /« \{Prenom\} » n'existe pas/);
  assert.equal(await templates.locator("[data-field=preview-subject]").innerText(), "");
  assert.ok(await templates.evaluate((s) => {
    const box = s.querySelector("textarea[name=text]"), alert = s.querySelector("[role=alert]"), save = s.querySelector("[data-action=save-template]");
    return Boolean(box.compareDocumentPosition(alert) & Node.DOCUMENT_POSITION_FOLLOWING) && Boolean(alert.compareDocumentPosition(save) & Node.DOCUMENT_POSITION_FOLLOWING);
  }), "the refusal sits between the text and its button");
  await templates.locator("[data-action=save-template]").click();
  assert.match(await templates.getByRole("alert").innerText(), /« \{Prenom\} » n'existe pas : vouliez-vous dire « \{ContactPrenom\} »/);
  assert.equal(await page.evaluate(() => window.__GUICHET_FAKE__.templates), undefined, "nothing saved");
  await templates.locator("textarea[name=text]").fill("Objet : Merci\n\nBonjour {ContactPrenom}");
  await templates.locator("[data-action=save-template]").click();
  await templates.getByText("Modèle « Confirmation de réservation » enregistré.").waitFor();
  assert.equal(await templates.locator("[data-field=template-state]").innerText(), "");
  // The contract conditions: arrhes or acompte, checked before the call.
  const conditions = page.locator("form.conditions");
  await conditions.locator("input[name=deposit_percent]").fill("150");
  await conditions.locator("[data-action=save-conditions]").click();
  assert.match(await conditions.getByRole("alert").innerText(), /Acompte demandé/);
  await conditions.locator("input[name=deposit_percent]").fill("25");
  await conditions.locator("input[name=deposit_kind][value=acompte]").check();
  await conditions.locator("textarea[name=extra_info]").fill("Taxe de séjour : 0,88 € par adulte et par nuit, à régler sur place.");
  await conditions.locator("[data-action=save-conditions]").click();
  await conditions.getByText("Conditions des contrats enregistrées.").waitFor();
  const saved = await page.evaluate(() => window.__GUICHET_FAKE__.conditions);
  assert.deepEqual([saved.deposit_percent, saved.deposit_kind, saved.extra_info], [25, "acompte", "Taxe de séjour : 0,88 € par adulte et par nuit, à régler sur place."]);
  await page.close();
});

test("b1 b3 the booking file issues its invoice after one question, saves its PDF, and a cancellation adds a credit note citing it", async () => {
  const page = await open();
  await dragNights(page, "Gîte", 5, 7);
  await page.locator(".stay-panel input[name=name]").fill("Famille Martin");
  await page.locator(".stay-panel input[name=phone]").fill("06 12 34 56 78");
  await page.locator("[data-action=book]").click();
  await page.getByText("Réservation confirmée pour Famille Martin : 450,00 €.").waitFor();
  await page.locator("td.bar.booking", { hasText: "Famille Martin" }).click();
  const docs = page.locator("[data-part=documents]");
  await docs.getByText("Aucune facture pour ce dossier.").waitFor();

  // Asked once; going back issues nothing.
  await docs.locator("[data-action=issue-invoice]").click();
  assert.match(await page.locator(".dialog-text").innerText(), /reçoit son numéro.*jamais les paiements/);
  await page.keyboard.press("Escape");
  assert.equal(await docs.locator("tr[data-invoice]").count(), 0);
  await docs.locator("[data-action=issue-invoice]").click();
  await page.locator("[data-action=dialog-confirm]").click();
  await page.getByText("Facture F2026-A-000001 émise.").waitFor();
  assert.deepEqual(await docs.locator("tr[data-invoice] td").allInnerTexts(), ["Facture", "F2026-A-000001", "27/11/2026", "450,00 €", "Enregistrer le PDF"]);
  // The file is narrow: the long number sits on its own line, under the kind, and nothing overflows sideways.
  const [kind, number, total] = await Promise.all(["td:nth-child(1)", "td:nth-child(2)", "td.num"].map((c) => docs.locator(`tr[data-invoice] ${c}`).boundingBox()));
  assert.ok(number.y > kind.y + kind.height / 2 && Math.abs(total.y - kind.y) < kind.height, "kind, date and total on the first line; the number below");
  assert.equal(await page.locator(".stay-panel").evaluate((p) => p.scrollWidth <= p.clientWidth), true, "no sideways scroll in the booking file");
  assert.ok(await page.evaluate(() => {
    const docs = document.querySelector("[data-part=documents]"), pay = document.querySelector(".pay-form");
    return Boolean(docs.compareDocumentPosition(pay) & Node.DOCUMENT_POSITION_FOLLOWING);
  }), "the documents come before the payment form");
  assert.equal(await docs.locator("[data-action=issue-invoice]").count(), 0, "one live invoice at a time");

  // The stored PDF saved to a path the person names (a relative one is refused in French).
  await docs.locator("[data-action=invoice-pdf]").click();
  const save = page.getByRole("dialog", { name: "PDF de F2026-A-000001" });
  assert.equal(await save.locator("input[name=file]").inputValue(), "/home/caisse/F2026-A-000001.pdf");
  // No printer here: the button says what it does.
  assert.match(await save.locator("[data-action=confirm]").innerText(), /^Enregistrer le PDF\s*Entrée$/);
  await save.locator("input[name=file]").fill("facture.pdf");
  await save.locator("[data-action=confirm]").click();
  assert.match(await save.getByRole("alert").innerText(), /chemin complet/);
  await save.locator("input[name=file]").fill("/home/caisse/facture-martin.pdf");
  await save.locator("[data-action=confirm]").click();
  await page.getByText("PDF enregistré : /home/caisse/facture-martin.pdf").waitFor();

  // Cancelling says a credit note follows, then lists it, citing the invoice.
  await page.locator("[data-action=cancel]").click();
  assert.match(await page.locator(".dialog-text").innerText(), /Sa facture sera annulée par un avoir/);
  await page.locator("[data-action=dialog-confirm]").click();
  await page.getByText("Réservation de Famille Martin annulée : les nuits sont libres.").waitFor();
  assert.deepEqual(await docs.locator("tr[data-invoice] td:nth-child(2)").allTextContents(), ["F2026-A-000001", "F2026-A-000002"]);
  assert.equal(await docs.locator("tr[data-invoice]").nth(1).locator("td").first().innerText(), "Avoir");
  assert.equal(await docs.locator("tr[data-invoice]").nth(1).locator("td.num").innerText(), "-450,00 €");
  const history = await page.locator("details.history li").allTextContents();
  assert.ok(history.some((l) => l.endsWith("avoir F2026-A-000002 émis (annule F2026-A-000001)")), history.join("\n"));

  // Comptabilité lists every document.
  await page.locator("nav button[data-screen=accounts]").click();
  await page.locator("[data-part=accounts-invoices]").click();
  const rows = page.locator("[data-part=invoices] tbody tr");
  await rows.first().waitFor();
  assert.deepEqual(await rows.allInnerTexts(), [
    "F2026-A-000001\tFacture\t27/11/2026\tFamille Martin\t450,00 €\tEnregistrer le PDF",
    "F2026-A-000002\tAvoir sur F2026-A-000001\t27/11/2026\tFamille Martin\t-450,00 €\tEnregistrer le PDF",
  ]);
  await page.close();
});

test("b3 paramètres: the VAT of invoices is the franchise until changed", async () => {
  const page = await open();
  await page.locator("nav button[data-screen=settings]").click();
  const vat = page.locator("[data-field=vat]");
  assert.equal(await vat.locator("input[value=franchise]").isChecked(), true);
  assert.match(await vat.innerText(), /TVA non applicable, art\. 293 B du CGI/);
  await vat.locator("input[value=charged]").check();
  await vat.locator("xpath=ancestor::form").locator("button[type=submit]").click();
  await page.getByText("Paramètres enregistrés.").waitFor();
  await page.locator("nav button[data-screen=planning]").click();
  await page.locator("nav button[data-screen=settings]").click();
  assert.equal(await page.locator("[data-field=vat] input[value=charged]").isChecked(), true);
  await page.close();
});
