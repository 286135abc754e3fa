// A stand-in for the Rust side, injected into the page in place of Tauri's IPC, so
// that the UI's flows can be tested in Chromium alone. The real side is covered by
// the Rust tests and by tests/e2e (the real window). Prices here are flat per night.
export function installFakeBackend(options) {
  // Inside the function: the page receives its source only.
  const PLACEHOLDERS = ["ContactTitre", "ContactNom", "ContactPrenom", "ContactAdresse", "ContactEMail", "PrestataireIdentite",
    "PrestataireAdresse", "PrestataireEMail", "Numero", "PourcentageAcompte", "MontantAcompte", "Solde", "Total"];
  const day = (iso, n) => new Date(Date.parse(iso) + n * 86400000).toISOString().slice(0, 10);
  const state = {
    units: options.empty ? [] : [
      { id: "u-roulotte", name: "Roulotte", capacity: 2, position: 0, night: "100.00" },
      { id: "u-gite", name: "Gîte", capacity: 6, position: 1, night: "150.00" },
    ],
    bookings: [], holds: [], tickets: [], ops: 0, printers: options.printers ?? [], printed: [], scans: [], gateSession: null,
    sold(session = "s-1") { return this.tickets.filter((b) => b.status === "confirmed" && b.session === session).reduce((n, b) => n + b.quantity, 0); },
    organizers: (options.noFestival ?? options.empty) ? [] : [{ id: "o-1", name: "Jazz", rank: 0, active: true }, { id: "o-2", name: "Mairie", rank: 1, active: true }],
    events: (options.noFestival ?? options.empty) ? [] : [{ id: "e-1", name: "Festival", active: true }],
    sessions: (options.noFestival ?? options.empty) ? [] : [{ id: "s-1", event_id: "e-1", starts_at: "2026-07-14T18:30:00Z", capacity: 5, admitted: 0, active: true }],
    products: (options.noFestival ?? options.empty) ? [] : [
      { id: "p-1", event: "e-1", name: "Plein tarif", theme: "Concerts", organizer_id: "o-1", position: 0, price: "25.00", active: true },
      { id: "p-2", event: "e-1", name: "Visite", theme: "Visites", organizer_id: "o-2", position: 1, price: "8.00", active: true },
    ], mode: "priority", provider: "Les Gîtes du Vallon", calls: [],
    // Sync: the clock of the Rust side is pinned so that "il y a 2 min" reads the same every run.
    enrolment: null, lastSuccess: null, lastError: null, syncDelay: 0, now: "2026-11-27T18:07:00Z", conflicts: [],
    invoices: [], vat: "franchise",
    // The customers' file, as imported from the old tool.
    customers: [{ id: "c-1", name: "Camille Fontaine", customer: { title: "Mme", first_name: "Camille", last_name: "Fontaine",
      address: "8 impasse des Chênes\n24200 Sarlat", email: "camille.fontaine@exemple.fr", phone: "06 11 22 33 44" } }],
  };
  // Invoices (B1, B3): one series, numbered in order; a credit note cites its invoice.
  const issueDoc = (b, kind, total, cites) => {
    const number = `F2026-A-${String(state.invoices.length + 1).padStart(6, "0")}`;
    const doc = { id: `i-${state.invoices.length + 1}`, number, kind, total, cites, booking: b.id, issued_on: state.now.slice(0, 10), customer: b.guest };
    state.invoices.push(doc);
    b.history?.push({ at: state.now, kind, here: true, detail: { number, total, cites } });
    return doc;
  };
  const liveInvoice = (booking) => state.invoices.find((i) => i.booking === booking && i.kind === "invoice"
    && !state.invoices.some((c) => c.cites === i.number));
  if (options.conflicts) {
    state.enrolment = { server: "https://sync.exemple.fr", provider_name: "Les Gîtes du Vallon" };
    state.lastSuccess = "2026-11-27T18:05:00Z";
    state.bookings.push({ kind: "booking", id: "b-a", unit: "u-gite", start: "2027-03-06", end: "2027-03-13", nights: 7,
      guest: "Client de A", total: "1050.00", status: "confirmed", email: null, phone: "0601020304", adults: 2, children: 0, payments: [], history: [] });
    // B's booking of the same nights, refused by the server: kept here, cancelled, marked.
    state.bookings.push({ kind: "booking", id: "b-b", unit: "u-gite", start: "2027-03-06", end: "2027-03-13", nights: 7,
      guest: "Client de B", total: "1050.00", status: "cancelled", rejected_by: "c-overlap", email: null, phone: "0605060708",
      adults: 2, children: 1, payments: [], history: [] });
    state.conflicts = [
      { id: "c-overlap", kind: "booking_overlap", op_kind: "booking_made", device: "d-here", device_name: null,
        at: "2026-11-27T18:05:00Z", rejected: true, settled_at: null, settled_how: null,
        summary: "réservation de Client de B du 06/03/2027 (7 nuit(s)) refusée : ces nuits sont déjà réservées pour Client de A",
        fact: { kind: "booking_overlap", booking: "b-b", unit: "u-gite", start: "2027-03-06", nights: 7, guest: "Client de B",
          other: "b-a", other_guest: "Client de A" } },
      { id: "c-scan", kind: "duplicate_scan", op_kind: "ticket_scanned", device: "d-sud", device_name: "entrée sud", by: "Gaby",
        at: "2026-11-27T18:04:00Z", rejected: false, settled_at: null, settled_how: null,
        summary: "billet T7K2M9Q4XW8P3R6N5B2C4D7F9G3H6J8K2L déjà scanné sur le poste « entrée nord » le 27/11/2026 à 18:02:00 (UTC) : ce second passage n'est pas compté",
        fact: { kind: "duplicate_scan", code: "T7K2M9Q4XW8P3R6N5B2C4D7F9G3H6J8K2L", session: "s-1", scan: "sc-1", first_device: "d-nord",
          first_device_name: "entrée nord", first_at: "2026-11-27T18:02:00Z" } },
    ];
  }
  const fail = (code, message) => { throw { code, message }; };
  state.tillProducts = options.tillProducts ?? [
    { id: "tp-canoe", name: "Descente en canoë", price: "25.00", vat_rate: 2000, channels: ["till", "widget"], active: true },
    { id: "tp-velo", name: "Location de vélo", price: "18.00", vat_rate: 2000, channels: ["till"], active: true },
  ];
  state.vouchers = [];
  const mail = (id, to, subject, more) => ({ id, to, subject, state: "waiting", attempts: 0, error: null, error_kind: null,
    next_try_at: null, sent_at: null, created_at: "2026-11-27T17:00:00Z", booking: null, waiting_for: null,
    message_id: `<${id}@gite.fr>`, attachments: [], ...more });
  state.mail = { settings: null, keychain: null, passwords: [], tests: [], serverUp: false, queue: options.mail ? [
    mail("m-sent", "paul@exemple.fr", "Vos billets — réservation 029BC4ED", { state: "sent", attempts: 1, sent_at: "2026-11-27T16:05:00Z",
      attachments: [{ name: "billets-029BC4ED.pdf", mime: "application/pdf", size: 16359 }] }),
    mail("m-booking", "helene@exemple.fr", "Votre séjour est confirmé", { booking: "b-1",
      waiting_for: "attend que le serveur de synchronisation ait enregistré la réservation : il partira après la prochaine synchronisation" }),
    mail("m-failed", "marc@exemple.fr", "Votre contrat", { state: "failed", attempts: 2, error_kind: "unreachable", next_try_at: "2026-11-27T18:08:00Z",
      error: "serveur d'envoi smtp.exemple.fr:587 injoignable (pas de réseau, ou serveur arrêté) : l'e-mail repartira tout seul quand la connexion reviendra",
      attachments: [{ name: "contrat.pdf", mime: "application/pdf", size: 2048 }] }),
  ] : [] };
  const findVoucher = (code) => state.vouchers.find((v) => v.code === code.trim().toUpperCase())
    ?? fail("input", /^V[A-Z2-7]{33}$/i.test(code.trim()) ? "ce bon cadeau n'est pas connu de ce poste : synchronisez-le, ou vérifiez le code"
      : `« ${code.trim()} » n'est pas un code de bon cadeau lisible : rescannez le QR du bon ou tapez les 34 caractères de son code`);
  const voucherView = (v) => {
    const redeemed = v.events.filter((e) => e.kind === "redeemed");
    const spent = redeemed.reduce((n, e) => n + cents(e.amount) + cents(e.forfeited), 0);
    const validUntil = v.events.filter((e) => e.valid_until).map((e) => e.valid_until).sort().at(-1);
    const status = redeemed.length > 1 ? "overdrawn" : redeemed.length === 1 ? "used"
      : v.events.some((e) => e.kind === "deactivated") ? "deactivated" : "valid";
    const labels = { valid: "valable", used: "utilisé", deactivated: "désactivé", overdrawn: "utilisé deux fois" };
    return { id: `v-${v.code}`, code: v.code, amount: v.amount, balance: euros(cents(v.amount) - spent),
      redeemed: euros(redeemed.reduce((n, e) => n + cents(e.amount), 0)), valid_until: validUntil, status, status_label: labels[status],
      products: v.products, product_names: v.products.map((id) => state.tillProducts.find((p) => p.id === id)?.name ?? "(produit supprimé)"),
      method: v.method, sold_at: v.sold_at, events: v.events };
  };
  state.exports = [];
  state.exportRows = options.exportRows ?? { sales: 3, forms: 2, vouchers: 1 };
  state.voucherReport = options.voucherReport ?? null;
  state.exportDelay = options.exportDelay ?? 0;
  state.importDelay = options.importDelay ?? 0;
  state.files = options.files ?? {};
  state.transactions = [];
  state.noKeychain = options.noKeychain ?? false;
  state.keychain = {};
  state.secretCalls = [];
  const VADS = [{ key: "login", label: "identifiant de connexion", secret: false }, { key: "password", label: "mot de passe", secret: true },
    { key: "security_code", label: "code de première connexion ou code de sécurité", secret: true }];
  state.gateways = [
    { code: "clic_and_pay", name: "Clic and Pay", bank: "Crédit du Nord", fields: VADS },
    { code: "mercanet", name: "Mercanet", bank: "BNP Paribas", fields: [{ key: "url", label: "adresse de connexion", secret: false },
      { key: "login", label: "identifiant de connexion", secret: false }, { key: "password", label: "mot de passe", secret: true }] },
  ].map((g) => ({ ...g, configured: false, values: {}, secrets: [] }));
  const gatewayView = (g) => ({ code: g.code, name: g.name, bank: g.bank, configured: g.configured, fields: g.fields,
    values: g.values, secrets: g.secrets, missing: g.fields.filter((f) => !(f.key in g.values) && !g.secrets.includes(f.key)).map((f) => f.key), mode: null });
  state.operators = options.operators ?? [];
  state.identity = { street: "", postcode: "", town: "", country: "", siret: "", vat_number: "", email: "", phone: "", logo: "" };
  state.deviceName = "poste principal";
  state.kiosk = options.kiosk ?? false;
  state.current = null;
  const ALL_PERMISSIONS = ["book", "sell", "scan", "settle_conflicts", "edit_tariffs", "edit_units", "delete_units", "edit_events",
    "edit_settings", "manage_operators", "rotate_keys", "backup", "restore_backup", "leave_kiosk", "edit_products", "manage_vouchers"];
  const require = (permission) => {
    if (state.operators.length === 0) return;
    if (!state.current) fail("rule", "personne n'est identifié sur ce poste : cliquez sur « Qui est là ? » en haut à droite et tapez votre code PIN");
    if (!commands.who().allowed.includes(permission)) fail("rule", `${state.current.name} ne peut pas faire cela : seul un responsable le peut ; demandez-lui de s'identifier (bouton en haut à droite)`);
  };
  const findOperator = (who) => state.operators.find((o) => o.id === who || o.name === who) ?? fail("input", `aucun opérateur « ${who} » sur ce poste : choisissez un nom de la liste`);
  // Tauri's events: `listen` registers a callback, `emit` calls the event's ones.
  const callbacks = new Map();
  const listeners = {};
  const emit = (event, payload) => (listeners[event] ?? []).forEach((id) => callbacks.get(id)?.({ event, id, payload }));
  const pause = (ms) => new Promise((done) => setTimeout(done, ms));
  const op = (value) => { state.ops += 1; return value; };
  // iCal (B4): each source's nights as runs, the planning's « calendar » occupants.
  const calendarRuns = () => state.calendars.flatMap((c) => {
    const runs = [];
    for (const night of [...c.blocked].sort()) {
      const last = runs.at(-1);
      if (last && last.end === night) last.end = day(night, 1);
      else runs.push({ kind: "calendar", id: c.id, unit: c.unit, guest: c.location, start: night, end: day(night, 1) });
    }
    return runs;
  });
  const live = () => [...state.bookings.filter((b) => b.status === "confirmed"), ...state.holds.filter((h) => h.state === "active"), ...calendarRuns()];
  const blocks = (unit, from, nights, except) => live()
    .find((b) => b.id !== except && b.unit === unit && b.start < day(from, nights) && from < b.end);
  const cents = (amount) => Number(amount.replace(".", ""));
  const euros = (c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`;
  const total = (unit, nights) => euros(cents(state.units.find((u) => u.id === unit).night) * nights);
  // Drafts live in the database on the Rust side: here, in localStorage, so that they
  // survive a reload of the page as they survive a relaunch of the window.
  const drafts = () => JSON.parse(localStorage.getItem("fake.drafts") ?? "{}");
  const keepDrafts = (all) => localStorage.setItem("fake.drafts", JSON.stringify(all));
  const commands = {
    // Operators: the matrix of app/src/operators.rs, PINs compared in clear (a stand-in).
    who: () => {
      const current = state.current ? { id: state.current.id, name: state.current.name, role: state.current.role } : null;
      const operators = state.operators.length > 0;
      const role = operators ? current?.role : "manager";
      const allowed = ALL_PERMISSIONS.filter((p) => role === "manager" || (role === "cashier" && ["book", "sell", "scan", "settle_conflicts", "backup"].includes(p)) || (role === "gate" && p === "scan"));
      return { operators, current, allowed };
    },
    operators: () => state.operators.map(({ id, name, role }) => ({ id, name, role })),
    add_operator: ({ name, role, pin }) => {
      require("manage_operators");
      if (state.operators.length === 0 && role !== "manager") fail("rule", "le premier opérateur de ce poste doit être un responsable (rôle manager) : créez-le d'abord, puis la caisse et le contrôle d'accès");
      const op = { id: `o-${state.operators.length + 1}`, name, role, pin };
      state.operators.push(op);
      if (state.operators.length === 1) state.current = op;
      return { id: op.id, name, role };
    },
    set_operator_role: ({ who, role }) => {
      require("manage_operators");
      const op = findOperator(who);
      if (op.role === "manager" && role !== "manager" && state.operators.filter((o) => o.role === "manager").length === 1) fail("rule", `${op.name} est le seul responsable de ce poste : nommez d'abord un autre responsable`);
      op.role = role;
      return { id: op.id, name: op.name, role };
    },
    set_operator_pin: ({ who, pin }) => { require("manage_operators"); findOperator(who).pin = pin; return null; },
    remove_operator: ({ who }) => {
      require("manage_operators");
      const op = findOperator(who);
      if (op.role === "manager" && state.operators.filter((o) => o.role === "manager").length === 1) fail("rule", `${op.name} est le seul responsable de ce poste et ne peut pas être retiré : nommez d'abord un autre responsable`);
      state.operators = state.operators.filter((o) => o !== op);
      if (state.current === op) state.current = null;
      return null;
    },
    sign_in: ({ who, pin }) => {
      const op = state.operators.find((o) => o.id === who || o.name === who);
      if (!op || op.pin !== pin) fail("input", "nom ou code PIN incorrect : retapez votre code");
      state.current = op;
      return commands.who();
    },
    sign_out: () => { state.current = null; return commands.who(); },
    kiosk: () => state.kiosk === true,
    enter_kiosk: () => { state.kiosk = true; return null; },
    leave_kiosk: ({ who, pin }) => {
      if (state.operators.length > 0) {
        const op = state.operators.find((o) => o.id === who || o.name === who);
        if (!op || op.pin !== pin) fail("input", "nom ou code PIN incorrect : retapez votre code");
        if (op.role !== "manager") fail("rule", `${op.name} (${op.role}) ne peut pas quitter le mode borne : seul un responsable le peut`);
      }
      state.kiosk = false;
      return null;
    },
    draft_save: ({ key, json }) => { keepDrafts({ ...drafts(), [key]: json }); return null; },
    draft_load: ({ key }) => drafts()[key] ?? null,
    draft_clear: ({ key }) => { const all = drafts(); delete all[key]; keepDrafts(all); return null; },
    settings: () => ({ provider_name: state.provider, pricing_mode: state.mode, identity: { ...state.identity }, device_name: state.deviceName, voucher_validity_months: state.voucherValidity ?? 12, guest_retention_months: state.guestRetention ?? 36, vat_regime: state.vat,
      conditions: { ...(state.conditions ?? { deposit_percent: 30, deposit_kind: "arrhes", balance_days: 30, terms: "", extra_info: "" }), consequence: "" } }),
    set_conditions: ({ conditions }) => {
      require("edit_settings");
      if (conditions.deposit_percent > 100) fail("input", `pourcentage d'acompte : de 0 à 100, pas ${conditions.deposit_percent}`);
      state.conditions = { ...conditions };
      return op(commands.settings());
    },
    // T6, as the Rust side does it: an unknown placeholder named, nothing saved.
    templates: () => ["confirmation", "rappel_solde", "annulation", "billets"].map((name) => ({
      name, text: state.templates?.[name] ?? `Objet : Réservation n° {Numero}\n\nBonjour {ContactPrenom} {ContactNom},\nSolde : {Solde}.`, default: !state.templates?.[name] })),
    save_template: ({ name, text }) => {
      const unknown = [...text.matchAll(/\{([A-Za-z][^{}\n]*)\}/g)].map((m) => m[1]).find((p) => !PLACEHOLDERS.includes(p));
      if (unknown) fail("rule", `le champ « {${unknown}} » n'existe pas : vouliez-vous dire « {${PLACEHOLDERS.find((p) => p.toLowerCase().includes(unknown.toLowerCase())) ?? "ContactNom"}} » ? Corrigez le modèle (rien n'a été enregistré)`);
      state.templates = { ...(state.templates ?? {}), [name]: text };
      return op({ name, text, default: false });
    },
    preview_template: ({ text, booking }) => {
      const file = commands.booking_file({ booking });
      const c = file.customer;
      const values = { ContactTitre: c.title, ContactNom: c.last_name, ContactPrenom: c.first_name, ContactAdresse: c.address.replace(/\n/g, ", "),
        ContactEMail: c.email ?? "", PrestataireIdentite: state.provider, PrestataireAdresse: "", PrestataireEMail: "", Numero: file.number,
        PourcentageAcompte: "30\u00a0%", MontantAcompte: "", Solde: `${file.balance.replace(".", ",")}\u00a0€`, Total: `${file.booking.total.replace(".", ",")}\u00a0€` };
      const filled = text.replace(/\{([A-Za-z][^{}\n]*)\}/g, (all, p) => (p in values ? values[p] : fail("rule", `le champ « {${p}} » n'existe pas`)));
      const [first, ...rest] = filled.split("\n");
      return first.startsWith("Objet :") ? { subject: first.slice(7).trim(), body: rest.join("\n").replace(/^\n+/, "") } : { subject: "", body: filled };
    },
    bookings: () => state.bookings.filter((b) => b.kind === "booking"),
    suggested_contract_file: ({ booking }) => `/home/gite/contrat-${booking}.pdf`,
    save_contract: ({ booking, file }) => {
      if (!file.endsWith(".pdf")) fail("input", `${file} : le fichier doit finir par .pdf`);
      state.contracts = [...(state.contracts ?? []), { booking, file }];
      return file;
    },
    set_vat_regime: ({ regime }) => op((require("edit_settings"), state.vat = regime, commands.settings())),
    invoices: ({ booking }) => state.invoices.filter((i) => booking === null || i.booking === booking),
    issue_invoice: ({ booking }) => {
      const stay = state.bookings.find((x) => x.id === booking);
      const tickets = state.tickets.find((x) => x.id === booking);
      const b = stay ?? (tickets && { id: tickets.id, guest: tickets.holder, total: tickets.total })
        ?? fail("input", "cette réservation n'existe pas (ou plus) sur ce poste");
      const live = liveInvoice(booking);
      if (live) fail("rule", `cette réservation est déjà facturée (${live.number}) : réimprimez cette facture plutôt que d'en émettre une autre`);
      return op(issueDoc(b, "invoice", b.total, null));
    },
    suggested_invoice_file: ({ number }) => `/home/caisse/${number}.pdf`,
    print_invoice: ({ id, printer, file }) => {
      const doc = state.invoices.find((i) => i.id === id) ?? fail("input", "aucune facture n'a cet identifiant");
      if (!printer && !file.startsWith("/")) fail("input", `« ${file} » : écrivez le chemin complet du fichier, qui commence par /`);
      state.printed.push({ invoice: doc.number, printer, file });
      return printer ? `/donnees/factures/${doc.number}.pdf` : file;
    },
    set_identity: ({ identity }) => {
      require("edit_settings");
      if (identity.siret && !/^\d{14}$/.test(identity.siret)) fail("input", "SIRET invalide : 14 chiffres, tels qu'ils figurent sur l'avis de situation INSEE");
      return op((state.identity = { ...identity }, commands.settings()));
    },
    set_device_name: ({ name }) => { require("edit_settings"); state.deviceName = name; return commands.settings(); },
    set_pricing_mode: ({ mode }) => op((state.mode = mode, commands.settings())),
    set_guest_retention: ({ months }) => op((require("edit_settings"), state.guestRetention = months, commands.settings())),
    set_voucher_validity: ({ months }) => op((require("edit_settings"), state.voucherValidity = months, commands.settings())),
    set_provider_name: ({ name }) => op((require("edit_settings"), state.provider = name, commands.settings())),
    suggested_backup_file: () => "/home/gite/guichet-sauvegarde-2026-11-27.guichet",
    backup: ({ file, passphrase }) => {
      state.backups = { ...state.backups, [file]: { passphrase, provider: state.provider } };
      return { file, bytes: 3_250_000, manifest: { created_at: "2026-11-27T09:30:00Z", device_name: "poste principal" } };
    },
    restore: ({ file, passphrase, replace }) => {
      const saved = state.backups?.[file] ?? fail("input", `la sauvegarde ${file} ne peut pas être lue : vérifiez le chemin`);
      if (saved.passphrase !== passphrase) fail("input", "mot de passe incorrect pour cette sauvegarde : retapez-le");
      if (!replace) fail("rule", "ce dossier contient déjà des données : cochez « Remplacer » pour les remplacer (elles seront gardées à côté)");
      state.provider = saved.provider;
      return { manifest: { created_at: "2026-11-27T09:30:00Z", device_name: "poste principal" }, device: "d-2", previous_database: "guichet.db.avant-restauration" };
    },
    units: ({ order }) => [...state.units].map((u) => ({ active: true, ...u, booked: state.bookings.some((b) => b.unit === u.id) }))
      .sort((a, b) => order === "sale" ? a.capacity - b.capacity : a.position - b.position),
    add_unit: ({ name, capacity }) => {
      require("edit_units");
      if (!name.trim()) fail("input", "un hébergement doit avoir un nom");
      const unit = { id: `u-${state.units.length}`, name, capacity, position: state.units.length, night: "80.00", active: true };
      state.units.push(unit);
      return op(unit);
    },
    "plugin:event|listen": ({ event, handler }) => { (listeners[event] ??= []).push(handler); return handler; },
    "plugin:event|unlisten": () => null,
    load_demo: () => {
      emit("progress", { task: "demo", done: 0, total: 1, label: "Chargement des données de démonstration…" });
      emit("progress", { task: "demo", done: 1, total: 1, label: "Données de démonstration chargées" });
      state.units = installFakeBackend.demoUnits; return op({ units: 2, tariffs: 60, bookings: 0, holds: 0 }); },
    expire_holds: () => [],
    planning: ({ from, days }) => ({
      now: new Date().toISOString(),
      days: Array.from({ length: days }, (_, i) => day(from, i)),
      rows: commands.units({ order: "back_office" }).map((unit) => ({
        unit,
        cells: Array.from({ length: days }, (_, i) => {
          const date = day(from, i);
          const b = live().find((x) => x.unit === unit.id && x.start <= date && date < x.end);
          return { date, price: unit.night, covered: true, arrival: { nights: 1, price: unit.night },
            occupant: b ? { kind: b.kind, id: b.id, guest: b.guest, start: b.start, end: b.end, expires_at: b.expires_at ?? null } : null };
        }),
      })),
    }),
    quote: ({ unit, from, nights }) => {
      const blocker = blocks(unit, from, nights);
      return { available: !blocker, total: total(unit, nights), mode: state.mode,
        parts: Array.from({ length: nights }, (_, i) => ({ start: day(from, i), nights: 1, price: state.units.find((u) => u.id === unit).night })),
        reason: blocker ? `ces dates chevauchent la réservation de ${blocker.guest}` : null };
    },
    hold: ({ unit, from, nights, name, email, phone }) => {
      if (!name.trim()) fail("input", "indiquez le nom du client");
      if (!email && !phone) fail("input", "indiquez un e-mail ou un téléphone pour joindre le client");
      const blocker = blocks(unit, from, nights);
      if (blocker) fail("rule", `ces dates chevauchent la réservation de ${blocker.guest} : choisissez d'autres dates ou un autre hébergement`);
      const hold = { kind: "hold", id: `h-${state.holds.length}`, unit, start: from, end: day(from, nights), nights, guest: name, email, phone,
        total: total(unit, nights), expires_at: new Date(Date.now() + 3600_000).toISOString(), state: "active" };
      state.holds.push(hold);
      return op(hold);
    },
    go_to_payment: ({ hold }) => {
      const h = state.holds.find((x) => x.id === hold);
      h.expires_at = new Date(Date.now() + 3600_000).toISOString();
      return op(h);
    },
    release_hold: ({ hold }) => op(Object.assign(state.holds.find((x) => x.id === hold), { state: "released" })),
    book_hold: ({ hold, party }) => {
      const h = Object.assign(state.holds.find((x) => x.id === hold), { state: "booked" });
      const capacity = state.units.find((u) => u.id === h.unit).capacity;
      if (party && party.adults + party.children > capacity) {
        h.state = "released";
        fail("rule", `cet hébergement accueille ${capacity} personnes au plus, pas ${party.adults + party.children} : choisissez un autre hébergement ou réduisez le groupe`);
      }
      const booking = { kind: "booking", id: `b-${state.bookings.length}`, unit: h.unit, start: h.start, end: h.end,
        nights: h.nights, guest: h.guest, total: h.total, status: "confirmed", email: h.email ?? null, phone: h.phone ?? null,
        adults: party?.adults ?? null, children: party?.children ?? null, payments: [], history: [{ at: state.now, kind: "made", here: true,
          detail: { start: h.start, nights: h.nights, total: h.total, unit: h.unit } }] };
      state.bookings.push(booking);
      return op(booking);
    },
    book: ({ unit, from, nights, name, email, phone, party }) => {
      const hold = commands.hold({ unit, from, nights, name, email, phone });
      return commands.book_hold({ hold: hold.id, party });
    },
    live_holds: () => state.holds.filter((h) => h.state === "active"),
    booking_file: ({ booking }) => {
      const stay = state.bookings.find((x) => x.id === booking);
      const tickets = state.tickets.find((x) => x.id === booking);
      const b = stay ?? (tickets && { id: tickets.id, guest: tickets.holder, total: tickets.total })
        ?? fail("input", "cette réservation n'existe pas (ou plus) sur ce poste");
      const unit = state.units.find((u) => u.id === b.unit);
      const paid = b.payments.reduce((sum, p) => sum + cents(p.amount.replace("-", "")) * (p.amount.startsWith("-") ? -1 : 1), 0);
      const due = b.status === "cancelled" ? 0 : cents(b.total) - paid;
      const signed = (c) => (c < 0 ? "-" : "") + euros(Math.abs(c));
      const [first, ...last] = (b.first_name !== undefined ? [b.first_name, b.last_name] : b.guest.split(" "));
      const customer = { title: b.title ?? "", first_name: first ?? "", last_name: last.join(" "), address: b.address ?? "", email: b.email, phone: b.phone };
      return { booking: b, number: `R-${b.id.toUpperCase()}`, customer, unit_name: unit.name, capacity: unit.capacity, adults: b.adults, children: b.children,
        payments: b.payments, paid: signed(paid), balance: signed(due), rejected_by: b.rejected_by ?? null, history: b.history };
    },
    record_payment: ({ booking, amount, method, paidOn }) => {
      const b = state.bookings.find((x) => x.id === booking);
      b.payments.push({ id: `p-${b.payments.length}`, amount, method, paid_on: paidOn });
      b.history.push({ at: state.now, kind: "paid", here: true, detail: { amount, method, paid_on: paidOn } });
      return op(commands.booking_file({ booking }));
    },
    edit_booking: ({ booking, name, email, phone, party, details }) => {
      const b = state.bookings.find((x) => x.id === booking);
      Object.assign(b, { guest: name, email, phone, adults: party.adults, children: party.children });
      if (details) Object.assign(b, details);
      b.history.push({ at: state.now, kind: "edited", here: true, detail: {} });
      return op(commands.booking_file({ booking }));
    },
    move_booking: ({ booking, unit, from, nights, price }) => {
      const b = state.bookings.find((x) => x.id === booking);
      const target = state.units.find((u) => u.id === unit);
      const people = (b.adults ?? 1) + (b.children ?? 0);
      if (people > target.capacity) fail("rule", `« ${target.name} » accueille ${target.capacity} personnes au plus, pas ${people} : choisissez un autre hébergement ou réduisez le groupe`);
      const blocker = blocks(unit, from, nights, booking);
      if (blocker) fail("rule", `ces dates chevauchent la réservation de ${blocker.guest} : choisissez d'autres dates ou un autre hébergement`);
      const before = { unit: b.unit, start: b.start, nights: b.nights };
      Object.assign(b, { unit, start: from, end: day(from, nights), nights, total: price ?? total(unit, nights), status: "confirmed", rejected_by: null });
      b.history.push({ at: state.now, kind: "moved", here: true, detail: { from: before, to: { unit, start: from, nights } } });
      return op(commands.booking_file({ booking }));
    },
    edit_unit: ({ unit, edit }) => {
      const u = state.units.find((x) => x.id === unit);
      if (edit.name !== null) u.name = edit.name;
      if (edit.capacity !== null) u.capacity = edit.capacity;
      if (edit.active !== null) u.active = edit.active;
      return op(commands.units({ order: "back_office" }).find((x) => x.id === unit));
    },
    reorder_unit: ({ unit, step }) => {
      const list = commands.units({ order: "back_office" });
      const at = list.findIndex((u) => u.id === unit);
      const other = list[at + step];
      if (other) {
        const [a, b] = [state.units.find((u) => u.id === unit), state.units.find((u) => u.id === other.id)];
        [a.position, b.position] = [b.position, a.position];
      }
      return op(commands.units({ order: "back_office" }));
    },
    remove_unit: ({ unit }) => {
      const u = state.units.find((x) => x.id === unit);
      if (state.bookings.some((b) => b.unit === unit)) fail("rule", `« ${u.name} » a déjà été réservé : il ne peut pas être supprimé. Vous pouvez le désactiver.`);
      state.units = state.units.filter((x) => x !== u);
      return op(null);
    },
    // The festival: organizers (T2: creation order), events, sessions, ticket products.
    organizers: () => state.organizers,
    events: () => state.events,
    add_organizer: ({ name }) => {
      if (!name.trim()) fail("input", "indiquez le nom de l'organisateur");
      const id = `o-${state.organizers.length + 1}`;
      state.organizers.push({ id, name: name.trim(), rank: state.organizers.length, active: true });
      return op(id);
    },
    edit_organizer: ({ organizer, name, active }) => op(Object.assign(state.organizers.find((o) => o.id === organizer),
      name === null ? {} : { name }, active === null ? {} : { active })),
    add_event: ({ name }) => {
      const id = `e-${state.events.length + 1}`;
      state.events.push({ id, name: name.trim(), active: true });
      return op(id);
    },
    edit_event: ({ event, name, active }) => op(Object.assign(state.events.find((e) => e.id === event),
      name === null ? {} : { name }, active === null ? {} : { active })),
    sessions: () => state.sessions.map((x) => {
      const event = state.events.find((e) => e.id === x.event_id);
      return { ...x, event: event.name, active: x.active && event.active, sold: state.sold(x.id) };
    }).sort((a, b) => a.starts_at.localeCompare(b.starts_at)),
    add_session: ({ event, date, time, capacity }) => {
      const month = Number(date.slice(5, 7));
      const starts_at = new Date(`${date}T${time}:00${month >= 4 && month <= 10 ? "+02:00" : "+01:00"}`).toISOString().replace(".000Z", "Z");
      const id = `s-${state.sessions.length + 1}`;
      state.sessions.push({ id, event_id: event, starts_at, capacity, admitted: 0, active: true });
      return op(commands.sessions({}).find((x) => x.id === id));
    },
    edit_session: ({ session, date, time, capacity, active }) => {
      const found = state.sessions.find((x) => x.id === session);
      const sold = state.sold(session);
      if (capacity !== null && capacity < sold) fail("rule", `${sold} billets sont déjà vendus pour cette séance : sa jauge ne peut pas descendre sous ${sold}`);
      if (date !== null && time !== null) {
        const month = Number(date.slice(5, 7));
        found.starts_at = new Date(`${date}T${time}:00${month >= 4 && month <= 10 ? "+02:00" : "+01:00"}`).toISOString().replace(".000Z", "Z");
      }
      if (capacity !== null) found.capacity = capacity;
      if (active !== null) found.active = active;
      return op(commands.sessions({}).find((x) => x.id === session));
    },
    ticket_products: ({ event }) => state.products.filter((p) => !event || p.event === event).map((p) => {
      const o = state.organizers.find((x) => x.id === p.organizer_id);
      return { ...p, organizer: o.name, rank: o.rank, active: p.active && o.active };
    }).sort((a, b) => a.theme.localeCompare(b.theme) || a.rank - b.rank || a.position - b.position || a.name.localeCompare(b.name))
      .map(({ rank, ...p }) => p),
    add_ticket_product: ({ event, name, theme, organizer, price }) => {
      const id = `p-${state.products.length + 1}`;
      state.products.push({ id, event, name, theme, organizer_id: organizer, position: state.products.length, price, active: true });
      return op(commands.ticket_products({}).find((p) => p.id === id));
    },
    edit_ticket_product: ({ product, name, theme, organizer, price, active }) => {
      const found = state.products.find((p) => p.id === product);
      for (const [key, value] of Object.entries({ name, theme, organizer_id: organizer, price, active })) if (value !== null) found[key] = value;
      return op(commands.ticket_products({}).find((p) => p.id === product));
    },
    move_ticket_product: ({ product, earlier }) => {
      const found = state.products.find((p) => p.id === product);
      const siblings = commands.ticket_products({ event: found.event }).filter((p) => p.theme === found.theme && p.organizer_id === found.organizer_id);
      const index = siblings.findIndex((p) => p.id === product);
      const other = siblings[earlier ? index - 1 : index + 1];
      if (other) {
        const mine = state.products.find((p) => p.id === other.id);
        [found.position, mine.position] = [mine.position, found.position];
        op(null);
      }
      return commands.ticket_products({ event: found.event });
    },
    issue_tickets: ({ session, product, quantity, holder }) => {
      if (!holder.trim()) fail("input", "indiquez le nom du détenteur des billets");
      const found = state.sessions.find((x) => x.id === session);
      const left = found.capacity - state.sold(session);
      if (quantity > left) fail("rule", `plus assez de places pour cette séance : ${left} place(s) restante(s), ${quantity} demandée(s)`);
      const price = cents(state.products.find((p) => p.id === product).price);
      const booking = { id: `t-${state.tickets.length}`, session, product, holder, quantity, scanned: 1, status: "confirmed", replaces: null,
        replaced_by: null, total: euros(price * quantity),
        tickets: Array.from({ length: quantity }, (_, i) => ({ id: `tk-${i}`, number: i + 1, code: `CODE${i}`,
          scanned_at: i === 0 ? "2026-07-14T18:40:00Z" : null, scanned_on: i === 0 ? "entrée nord" : null })) };
      state.tickets.push(booking);
      return op({ booking: booking.id, codes: Array.from({ length: quantity }, (_, i) => `CODE${i}`), total: booking.total });
    },
    ticket_bookings: ({ session }) => state.tickets.filter((b) => b.session === session),
    cancel_tickets: ({ booking }) => {
      const b = state.tickets.find((x) => x.id === booking);
      const live = liveInvoice(booking);
      if (live) issueDoc({ id: booking, guest: b.holder }, "credit_note", `-${live.total}`, live.number);
      return op(Object.assign(b, { status: "cancelled" }));
    },
    amend_tickets: ({ booking, quantity, session }) => {
      const old = state.tickets.find((b) => b.id === booking);
      old.status = "cancelled";
      const issued = commands.issue_tickets({ session: session ?? old.session, product: old.product, quantity, holder: old.holder });
      old.replaced_by = issued.booking;
      state.tickets.find((b) => b.id === issued.booking).replaces = booking;
      return issued;
    },
    // The gate: a code sold here is admitted once, then "already scanned here".
    scan: ({ session, code }) => {
      const found = state.tickets.find((b) => b.status === "confirmed" && b.tickets.some((t) => t.code === code));
      const seen = state.scans.filter((x) => x.code === code && x.admits);
      const at = state.now;
      const [verdict, message, admits] = !found ? ["forged", "BILLET INVALIDE — code non émis par le prestataire", false]
        : seen.length ? ["already_scanned", "DÉJÀ ADMIS ICI — il y a 4 s", false] : ["admitted", "ENTRÉE VALIDE", true];
      state.scans.unshift({ code, admits, verdict, at });
      const sessionRow = state.sessions.find((x) => x.id === session);
      if (admits) sessionRow.admitted += 1;
      return op({ verdict, ticket: null, message, admits, first_scan: seen.length ? { at: seen[0].at, device: "poste principal" } : null,
        here: seen.length > 0, seconds_ago: seen.length ? 4 : null, scan: `sc-${state.scans.length}`, at, admitted: sessionRow.admitted, capacity: sessionRow.capacity });
    },
    keyboard_scan: () => [],
    recent_scans: () => state.scans.slice(0, 12).map((x) => ({ at: x.at, verdict: x.verdict, text: x.code, device: "poste principal" })),
    scanner_calibration: () => ({ layout: "azerty", timing: { max_gap_ms: 30 } }),
    input_statuses: () => [
      { kind: "hid_pos", device: null, ready: false, message: "aucune douchette HID POS trouvée (hidapi) : branchez-la" },
      { kind: "serial", device: null, ready: false, message: "aucun port série /dev/ttyACM* ou /dev/ttyUSB*" },
      { kind: "webcam", device: null, ready: false, message: "aucune webcam (/dev/video0 absent)" },
    ],
    gate_session: ({ session }) => { state.gateSession = session; return null; },
    printers: () => state.printers,
    suggested_ticket_file: ({ booking }) => `/home/festival/billets-${booking}.pdf`,
    print_tickets: async ({ booking, printer, file }) => {
      const total = state.tickets.find((b) => b.id === booking)?.quantity ?? 0;
      if (!printer && !file.startsWith("/")) fail("input", `« ${file} » : écrivez le chemin complet du fichier, qui commence par /`);
      state.printed.push({ booking, printer, file });
      emit("progress", { task: "print_tickets", done: 0, total, label: `Mise en page de ${total} billet(s)…` });
      await pause(state.printDelay ?? 0);
      emit("progress", { task: "print_tickets", done: total, total, label: `${total} billet(s) prêt(s)` });
      return printer ? `/donnees/billets/billets-${booking}.pdf` : file;
    },
    anonymise_expired: () => { state.anonymiseExpiredCalls = (state.anonymiseExpiredCalls ?? 0) + 1; return { bookings: [], holds: [], ticket_bookings: [], kept: [] }; },
    anonymise_guest: ({ guest }) => {
      const norm = (x) => (x ?? "").trim().toLowerCase();
      const found = state.bookings.filter((b) => b.guest !== "Client anonymisé"
        && ((guest.email && norm(b.email) === norm(guest.email)) || (guest.name && norm(b.guest) === norm(guest.name))));
      if (found.length === 0) fail("input", `aucun client « ${guest.email ?? guest.name} » sur ce poste : vérifiez l'e-mail ou le nom (ou il est déjà anonymisé)`);
      for (const b of found) Object.assign(b, { guest: "Client anonymisé", email: "anonyme@anonyme.invalid", phone: null });
      return op({ bookings: found.map((b) => b.id), holds: [], ticket_bookings: [], kept: [] });
    },
    cancel_booking: ({ booking }) => {
      const found = state.bookings.find((b) => b.id === booking) ?? fail("input", "aucune réservation n'a cet identifiant");
      found.status = "cancelled";
      found.history?.push({ at: state.now, kind: "cancelled", here: true, detail: {} });
      const live = liveInvoice(booking);
      if (live) issueDoc(found, "credit_note", `-${live.total}`, live.number);
      return op(found);
    },
    sync_status: () => ({
      enrolment: state.enrolment, device: "d-here", device_name: "poste principal", now: state.now,
      state: { cursor: 0, head: 0, pending: state.ops, open_conflicts: state.conflicts.filter((c) => !c.settled_at).length,
        last_success_at: state.lastSuccess, last_attempt_at: state.lastSuccess, last_error: state.lastError,
        last_error_code: state.lastError ? (state.lastErrorCode ?? "offline") : null },
    }),
    enroll: ({ server, code }) => {
      if (/^http:\/\/(?!localhost|127\.)/.test(server)) {
        fail("input", `adresse en clair refusée « ${server} » : le jeton du poste et les clés de billetterie ne circulent qu'en HTTPS (ou vers cette machine même) ; écrivez https://…`);
      }
      if (code === "DEJA-SERVI") fail("rule", "ce code d'inscription a déjà servi (il ne sert qu'une fois) : demandez-en un nouveau");
      state.enrolment = { server, provider_name: "Festival du Vallon" };
      return { device: "d-here", provider: "p-1", provider_name: "Festival du Vallon" };
    },
    sync_now: async () => {
      if (state.lastError) fail("offline", state.lastError);
      const pushed = state.ops;
      emit("sync-progress", { phase: "push", done: 0, total: pushed });
      await pause(state.syncDelay);
      emit("sync-progress", { phase: "pull", done: 1000, total: 3400 });
      await pause(state.syncDelay);
      emit("sync-progress", { phase: "pull", done: 3400, total: 3400 });
      state.ops = 0;
      state.lastSuccess = state.now;
      state.conflicts.push({ id: "c-new", kind: "oversold", op_kind: "tickets_issued", device: "d-sud", device_name: "entrée sud",
        at: "2026-11-27T18:06:00Z", rejected: false, settled_at: null, settled_how: null,
        summary: "séance survendue de 2 place(s) (7 vendues pour 5) : tous les billets restent valables",
        fact: { kind: "oversold", session: "s-1", booking: "t-9", capacity: 5, sold: 7 } });
      emit("sync-changed", null);
      return { pushed, pulled: 12, conflicts: state.conflicts.filter((c) => !c.settled_at).length };
    },
    conflicts: () => state.conflicts,
    settle_conflict: ({ conflict, settle }) => {
      const found = state.conflicts.find((c) => c.id === conflict);
      if (settle.how === "cancel_booking") commands.cancel_booking({ booking: settle.booking });
      if (settle.how === "move_booking") {
        const b = state.bookings.find((x) => x.id === settle.booking);
        if (b) commands.move_booking(settle);
      }
      const how = { acknowledge: "acknowledged", cancel_booking: "booking_cancelled", move_booking: "booking_moved" }[settle.how];
      return op(Object.assign(found, { settled_at: state.now, settled_how: how }));
    },
    // The till's products and gift vouchers (app/src/till): a voucher's state is its ledger.
    products: () => state.tillProducts.map((p) => ({ ...p, sold: state.vouchers.some((v) => v.products.includes(p.id)) })),
    add_product: ({ name, price, vatRate, channels }) => {
      require("edit_products");
      const p = { id: `tp-${state.tillProducts.length + 1}`, name, price, vat_rate: vatRate, channels, active: true };
      state.tillProducts.push(p);
      return op({ ...p, sold: false });
    },
    edit_product: ({ product, edit }) => {
      require("edit_products");
      const p = state.tillProducts.find((x) => x.id === product) ?? fail("input", `aucun produit n'a l'identifiant ${product}`);
      for (const [k, v] of Object.entries(edit)) if (v !== null) p[k] = v;
      return op(commands.products().find((x) => x.id === product));
    },
    remove_product: ({ product }) => {
      require("edit_products");
      const p = commands.products().find((x) => x.id === product) ?? fail("input", `aucun produit n'a l'identifiant ${product}`);
      if (p.sold) fail("rule", `« ${p.name} » a déjà été vendu : il ne peut pas être supprimé (traçabilité comptable) ; désactivez-le, il ne sera plus proposé`);
      state.tillProducts = state.tillProducts.filter((x) => x.id !== product);
      return op(null);
    },
    vouchers: () => [...state.vouchers].reverse().map(voucherView),
    voucher: ({ code }) => voucherView(findVoucher(code)),
    sell_voucher: ({ products, amount, method }) => {
      require("sell");
      if (products.length === 0) fail("input", "un bon cadeau est lié à au moins un produit (règle A12) : choisissez-le");
      if (method === "ancv_connect" && cents(amount) < 2000) fail("rule", `Chèque-Vacances Connect accepte les paiements de 20,00 € ou plus (règle O7), pas ${amount} : choisissez un autre moyen`);
      const code = `V${"Q".repeat(32)}${"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[state.vouchers.length % 32]}`;
      const v = { code, amount, products, method, sold_at: state.now, events: [{ kind: "sold", at: state.now, amount, forfeited: null,
        valid_until: "2027-11-27", reason: null, device_name: null, unconfirmed: false }] };
      state.vouchers.push(v);
      return op({ voucher: `v-${state.vouchers.length}`, code, amount, valid_until: "2027-11-27" });
    },
    redeem_voucher: ({ code, printed, cart }) => {
      require("sell");
      const view = voucherView(findVoucher(code));
      if (view.status === "used") fail("rule", "bon cadeau déjà utilisé : il ne paie qu'une fois");
      if (view.status === "deactivated") fail("rule", "bon cadeau désactivé : il ne peut plus être utilisé");
      const balance = cents(view.balance);
      const pays = Math.min(balance, cents(cart ?? view.balance));
      state.vouchers.find((v) => v.code === view.code).events.push({ kind: "redeemed", at: state.now, amount: euros(pays),
        forfeited: euros(balance - pays), valid_until: null, reason: null, device_name: state.deviceName, unconfirmed: false });
      return op({ voucher: null, code: view.code, redeemed: euros(pays), forfeited: euros(balance - pays),
        rest: euros(Math.max(0, cents(cart ?? view.balance) - pays)), unconfirmed: false });
    },
    deactivate_voucher: ({ code, reason }) => {
      require("manage_vouchers");
      const v = findVoucher(code);
      if (voucherView(v).status !== "valid") fail("rule", "ce bon cadeau est déjà désactivé");
      v.events.push({ kind: "deactivated", at: state.now, amount: null, forfeited: null, valid_until: null, reason, device_name: null, unconfirmed: false });
      return op(voucherView(v));
    },
    extend_voucher: ({ code, until }) => {
      require("manage_vouchers");
      const v = findVoucher(code);
      const view = voucherView(v);
      if (until <= view.valid_until) fail("input", `la nouvelle date de fin doit suivre l'actuelle (${view.valid_until.split("-").reverse().join("/")}) et aujourd'hui`);
      v.events.push({ kind: "extended", at: state.now, amount: null, forfeited: null, valid_until: until, reason: null, device_name: null, unconfirmed: false });
      return op(voucherView(v));
    },
    suggested_voucher_file: ({ code }) => `/home/caisse/bon-cadeau-${code.slice(-8)}.pdf`,
    print_voucher: ({ code, printer, file }) => {
      findVoucher(code);
      if (!printer && !file.startsWith("/")) fail("input", `« ${file} » : écrivez le chemin complet du fichier, qui commence par /`);
      state.printed.push({ voucher: code, printer, file });
      return printer ? `/donnees/bons/bon-${code.slice(-8)}.pdf` : file;
    },
    // Comptabilité: exports, payouts, gateways.
    suggested_export_file: ({ kind, from, to, format }) =>
      `/home/caisse/${{ sales: "ventes", forms: "formulaires", vouchers: "bons-cadeaux" }[kind]}-${from}-au-${to}.${format}`,
    existing_export_file: ({ file, format }) => {
      const path = file.endsWith(`.${format}`) ? file : `${file}.${format}`;
      return state.exports.some((e) => e.path === path) ? path : null;
    },
    voucher_report: ({ from, to }) => state.voucherReport ?? { from, to, bought_count: 0, bought_total: "0.00", used_count: 0,
      used_total: "0.00", difference: "0.00", unused_count: 0, vouchers: [], overdrawn: [] },
    export_period: async ({ kind, from, to, format, file }) => {
      if (!file.startsWith("/")) fail("input", `« ${file} » : écrivez le chemin complet du fichier, qui commence par /`);
      if (file.startsWith("/plein/")) fail("input", `le fichier ${file} n'a pas pu être écrit (disque plein) : libérez de la place ou choisissez un autre disque (une clé USB), puis recommencez`);
      const rows = state.exportRows?.[kind] ?? 0;
      const day = (iso) => iso.split("-").reverse().join("/");
      if (rows === 0) fail("input", `${{ sales: "aucune vente", forms: "aucune réponse aux formulaires dans les ventes", vouchers: "aucun bon cadeau vendu ni utilisé" }[kind]} du ${day(from)} au ${day(to)} : choisissez une autre période ; aucun fichier n'a été écrit`);
      const path = file.endsWith(`.${format}`) ? file : `${file}.${format}`;
      emit("progress", { task: "export", done: 0, total: 1, label: "" });
      await new Promise((r) => setTimeout(r, state.exportDelay ?? 0));
      emit("progress", { task: "export", done: 1, total: 1, label: "" });
      state.exports.push({ kind, from, to, format, path });
      return { path, rows };
    },
    import_transactions: ({ file }) => {
      const known = state.files[file];
      if (!known) fail("input", `l'export des transactions ${file} ne peut pas être lu (introuvable) : vérifiez le chemin`);
      if (known.error) fail("input", `${file} : ${known.error} ; rien n'a été enregistré, corrigez le fichier puis recommencez`);
      const added = known.transactions.filter((t) => !state.transactions.includes(t)).length;
      state.transactions.push(...known.transactions.filter((t) => !state.transactions.includes(t)));
      return op({ file, read: known.transactions.length, added, updated: 0, unchanged: known.transactions.length - added });
    },
    transaction_count: () => state.transactions.length,
    customers: ({ search }) => state.customers.filter((c) => !search
      || c.name.toLowerCase().includes(search.toLowerCase()) || (c.customer.email ?? "").includes(search.toLowerCase())),
    import_file: async ({ kind, file, map, dryRun }) => {
      const known = state.files[file];
      if (!known) fail("input", `${file} : le fichier ne peut pas être lu (introuvable) : vérifiez le chemin`);
      if (known.error) fail("input", `${file} : ${known.error}`);
      for (const [field, column] of map) {
        if (!known.columns.some((c) => c.field === field)) fail("input", `${file} : ligne 1 : « ${field} » n'est pas un champ de cet import`);
        if (!known.header.includes(column)) fail("input", `${file} : ligne 1 : la colonne « ${column} » donnée pour « ${field} » n'est pas dans l'en-tête`);
      }
      const columns = known.columns.map((c) => ({ ...c, column: map.find(([f]) => f === c.field)?.[1] ?? c.column }));
      const missing = columns.find((c) => c.required && !c.column);
      if (missing) fail("input", `${file} : ligne 1 : il manque la colonne « ${missing.field} » dans l'en-tête ; colonnes du fichier : ${known.header.map((c) => `« ${c} »`).join(", ")} ; désignez celle qui la remplace : ${missing.field}=Nom de la colonne`);
      // Like the app: the rows counted, then progress while they are read.
      emit("progress", { task: "import", done: 0, total: known.rows.length, label: "" });
      await new Promise((r) => setTimeout(r, state.importDelay ?? 0));
      emit("progress", { task: "import", done: 1, total: 1, label: "" });
      state.imported ??= new Set();
      const rows = known.rows.map((r) => {
        const key = `${kind}:${file}:${r.line}`;
        if (r.refused) return { line: r.line, status: "refused", what: "", column: r.refused.column, reason: r.refused.reason };
        if (state.imported.has(key)) return { line: r.line, status: "already", what: r.what, column: null, reason: "déjà importé : rien à faire" };
        if (!dryRun) state.imported.add(key);
        return { line: r.line, status: "imported", what: r.what, column: null, reason: null };
      });
      const count = (status) => rows.filter((r) => r.status === status).length;
      const report = { kind, dry_run: dryRun, columns, preview: known.preview, read: rows.length,
        imported: count("imported"), already: count("already"), refused: count("refused"), rows };
      return dryRun ? report : op(report);
    },
    reconcile_payouts: ({ file }) => {
      const known = state.files[file];
      if (!known) fail("input", `le relevé des virements ${file} ne peut pas être lu (introuvable) : vérifiez le chemin`);
      if (known.error) fail("input", `${file} : ${known.error} ; rien n'a été enregistré, corrigez le fichier puis recommencez`);
      return known.reconciliation;
    },
    gateways: () => state.gateways.map((g) => gatewayView(g)),
    set_gateway: ({ code, fields, secrets }) => {
      require("edit_settings");
      const g = state.gateways.find((x) => x.code === code) ?? fail("input", `passerelle « ${code} » inconnue`);
      if (Object.keys(secrets).length > 0 && state.noKeychain) fail("rule", "aucun trousseau du système n'est disponible : le service de secrets du système (Secret Service sous Linux) ne répond pas ; ouvrez une session de bureau qui en fournit un (GNOME, KDE), puis recommencez ; les identifiants ne sont jamais enregistrés ailleurs");
      for (const [key, value] of Object.entries(fields)) {
        if (key === "url" && !/^https:\/\/[^\s/]+/.test(value)) fail("input", `url (adresse de connexion) « ${value} » : écrivez une adresse complète en https://`);
        g.values[key] = value.trim();
      }
      for (const [key, value] of Object.entries(secrets)) { state.keychain[`${code}/${key}`] = value; if (!g.secrets.includes(key)) g.secrets.push(key); }
      g.configured = true;
      state.secretCalls.push(Object.keys(secrets));
      return op(gatewayView(g));
    },
    check_gateway: ({ code }) => {
      if (state.noKeychain) fail("rule", "aucun trousseau du système n'est disponible : le service de secrets du système (Secret Service sous Linux) ne répond pas ; ouvrez une session de bureau qui en fournit un (GNOME, KDE), puis recommencez ; les identifiants ne sont jamais enregistrés ailleurs");
      const g = state.gateways.find((x) => x.code === code);
      return Object.fromEntries(g.fields.filter((f) => f.secret).map((f) => [f.key, `${code}/${f.key}` in state.keychain]));
    },
    remove_gateway: ({ code }) => {
      const g = state.gateways.find((x) => x.code === code);
      if (!g.configured) fail("input", `${g.name} n'est pas configurée sur ce poste : rien à retirer`);
      for (const f of g.fields) delete state.keychain[`${code}/${f.key}`];
      Object.assign(g, { configured: false, values: {}, secrets: [] });
      return op(null);
    },
    // E-mails (T6): the queue, the SMTP settings (password in a stand-in keychain).
    mail_queue: () => [...state.mail.queue].reverse(),
    mail_settings: () => state.mail.settings,
    set_mail_settings: ({ input, password, forgetPassword }) => {
      require("edit_settings");
      const old = state.mail.settings;
      const security = input.security ?? old?.security ?? "starttls";
      if (security === "plain" && !["localhost", "127.0.0.1"].includes(input.host ?? old?.host)) {
        fail("input", `un envoi sans chiffrement n'est permis que vers cette machine (localhost) : pour ${input.host}, choisissez starttls (port 587) ou tls (port 465)`);
      }
      if (password) state.mail.keychain = password;
      if (forgetPassword) state.mail.keychain = null;
      const empty = (v, o) => (v === null || v === undefined ? o : v.trim() === "" ? null : v.trim());
      state.mail.settings = {
        host: input.host ?? old.host, port: input.port ?? ({ starttls: 587, tls: 465, plain: 25 })[security], security,
        username: empty(input.username, old?.username ?? null), from_address: input.from_address ?? old.from_address,
        from_name: empty(input.from_name, old?.from_name ?? null), has_password: state.mail.keychain !== null,
      };
      state.mail.passwords.push(password);
      return state.mail.settings;
    },
    retry_mail: ({ id }) => {
      const m = state.mail.queue.find((x) => x.id === id) ?? fail("input", `aucun e-mail ${id} dans la file`);
      if (m.state === "sent") fail("rule", "cet e-mail est déjà parti : rien à relancer");
      m.state = "waiting";
      return m;
    },
    send_queued_mail: () => {
      let sent = 0;
      let note = null;
      for (const m of state.mail.queue) {
        if (m.state === "sent" || m.waiting_for || note) continue;
        m.attempts += 1;
        if (!state.mail.serverUp) {
          Object.assign(m, { state: "failed", error_kind: "unreachable", next_try_at: "2026-11-27T18:08:00Z",
            error: "serveur d'envoi smtp.exemple.fr:587 injoignable (pas de réseau, ou serveur arrêté) : l'e-mail repartira tout seul quand la connexion reviendra" });
          note = m.error;
        } else {
          Object.assign(m, { state: "sent", sent_at: state.now, error: null, error_kind: null, next_try_at: null });
          sent += 1;
        }
      }
      const waiting = state.mail.queue.filter((m) => m.state !== "sent").length;
      return { sent, failed: note ? 1 : 0, waiting, note };
    },
    send_test_mail: ({ to }) => {
      if (!state.mail.serverUp) fail("offline", "serveur d'envoi smtp.exemple.fr:587 injoignable (pas de réseau, ou serveur arrêté) : l'e-mail repartira tout seul quand la connexion reviendra");
      state.mail.tests.push(to);
      return null;
    },
    tariffs: () => [],
    plan_tariffs: ({ plan }) => [{ start: plan.from, nights: 1, price: plan.price }],
    add_tariffs: () => op(31),
  };
  // iCal calendars (B4): feeds the fake "reads", by file path or address; nights relative to today.
  const todayIso = new Date().toISOString().slice(0, 10);
  const nightsFrom = (offset, n) => Array.from({ length: n }, (_, i) => day(todayIso, offset + i));
  state.calendars = options.calendars ?? [];
  state.calendarDelay = options.calendarDelay ?? 0;
  state.pollMinutes = 60;
  state.exportedCalendars = [];
  const notIcal = "ligne 1 : un calendrier commence par BEGIN:VCALENDAR — ce fichier n'est pas un calendrier iCalendar lisible";
  state.feeds = {
    "/home/gite/airbnb.ics": { events: 3, nights: [...nightsFrom(10, 5), ...nightsFrom(30, 2)] },
    "https://www.airbnb.fr/calendar/ical/4242.ics?s=abc": { events: 2, nights: nightsFrom(20, 4) },
    "https://admin.booking.com/hotel/ical.html?t=xyz": { events: 1, nights: nightsFrom(40, 3) },
    "/home/gite/liste.txt": { error: notIcal },
    "https://calendrier.exemple.fr/panne.ics": { error: "calendrier non importé : calendrier.exemple.fr est injoignable ; les nuits qu'il bloquait restent bloquées, réessayez quand le réseau reviendra", code: "offline" },
    ...(options.feeds ?? {}),
  };
  const calendarView = (c) => ({ id: c.id, unit: c.unit, location: c.location, nights: c.blocked.length, events: c.events,
    last_attempt: c.last_attempt, last_success: c.last_success, last_error: c.last_error });
  const readFeed = async (unit, source) => {
    require("book");
    const location = source.trim().replace(/^webcal:\/\//i, "https://");
    if (!state.units.some((u) => u.id === unit)) fail("input", "aucun hébergement n'a cet identifiant");
    emit("progress", { task: "calendar", done: 0, total: 1, label: "Import du calendrier…" });
    if (state.calendarDelay) await pause(state.calendarDelay);
    emit("progress", { task: "calendar", done: 1, total: 1, label: "Calendrier importé" });
    const known = state.calendars.find((c) => c.unit === unit && c.location === location);
    const feed = state.feeds[location];
    const error = feed?.error ?? (feed ? null : location.startsWith("https://")
      ? `calendrier non importé : ${new URL(location).hostname} a répondu 404 ; vérifiez l'adresse iCal sur la plateforme (elle change si vous la régénérez) ; les nuits qu'il bloquait restent bloquées`
      : `${location} : fichier illisible (fichier introuvable)`);
    if (error) {
      if (known) Object.assign(known, { last_attempt: state.now, last_error: error });
      // A new source blocked nothing: nothing was added (app/src/ical.rs).
      fail(feed?.code ?? "input", known ? error : error.replace("les nuits qu'il bloquait restent bloquées", "rien n'a été ajouté"));
    }
    const c = known ?? { id: `cal-${state.calendars.length + 1}`, unit, location };
    Object.assign(c, { blocked: [...feed.nights], events: feed.events, last_attempt: state.now, last_success: state.now, last_error: null });
    if (!known) state.calendars.push(c);
    return op({ source: c.id, events: feed.events, nights: [...feed.nights] });
  };
  Object.assign(commands, {
    calendars: ({ unit }) => state.calendars.filter((c) => !unit || c.unit === unit).map(calendarView),
    import_calendar: ({ unit, source }) => readFeed(unit, source),
    import_calendars_now: async ({ unit }) => {
      let imported = 0;
      let failed = 0;
      for (const c of state.calendars.filter((x) => x.unit === unit)) {
        try { await readFeed(unit, c.location); imported += 1; } catch { failed += 1; }
      }
      return { imported, failed };
    },
    remove_calendar: ({ source }) => {
      require("book");
      if (!state.calendars.some((c) => c.id === source)) fail("input", `aucun calendrier importé n'a l'identifiant ${source}`);
      state.calendars = state.calendars.filter((c) => c.id !== source);
      return op(null);
    },
    calendar_poll_minutes: () => state.pollMinutes,
    set_calendar_poll_minutes: ({ minutes }) => {
      require("edit_settings");
      if (minutes < 5 || minutes > 1440) fail("input", "l'intervalle d'import des calendriers va de 5 minutes à 1 440 minutes (un jour)");
      state.pollMinutes = minutes;
      return minutes;
    },
    suggested_calendar_file: ({ unit }) => `/home/gite/calendrier-${(state.units.find((u) => u.id === unit)?.name ?? "hebergement")
      .toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-")}.ics`,
    export_calendar: ({ unit, file }) => {
      if (!file.startsWith("/")) fail("input", `« ${file} » : écrivez le chemin complet du fichier, qui commence par /`);
      state.exportedCalendars.push({ unit, file });
      return file;
    },
    calendar_feed_url: ({ unit }) => {
      if (!state.enrolment) fail("rule", "ce poste n'est inscrit auprès d'aucun serveur de synchronisation");
      return `${state.enrolment.server}/ical/p-vallon/${unit}/7f3a9c2e41b8d605.ics`;
    },
  });
  state.emit = emit;
  window.__GUICHET_FAKE__ = state;
  window.__TAURI_INTERNALS__ = {
    invoke: async (cmd, args) => {
      state.calls.push(cmd);
      const handler = commands[cmd];
      if (!handler) throw { code: "input", message: `commande inconnue ${cmd}` };
      return JSON.parse(JSON.stringify(await handler(args ?? {})));
    },
    transformCallback: (callback) => { const id = callbacks.size + 1; callbacks.set(id, callback); return id; },
  };
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener: () => undefined };
}
installFakeBackend.demoUnits = [
  { id: "u-demo-1", name: "Gîte du Meunier", capacity: 6, position: 0, night: "95.00" },
  { id: "u-demo-2", name: "Chambre Lavande", capacity: 2, position: 1, night: "65.00" },
];
