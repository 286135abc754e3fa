// A stand-in for the Rust side, injected into the page in place of Tauri's IPC, so
// that the UI's flows can be tested in Chromium alone. The real side is covered by
// the Rust tests and by tests/e2e (the real window). Prices here are flat per night.
export function installFakeBackend(options) {
  const day = (iso, n) => new Date(Date.parse(iso) + n * 86400000).toISOString().slice(0, 10);
  const state = {
    units: options.empty ? [] : [
      { id: "u-roulotte", name: "Roulotte", capacity: 2, position: 0, night: "100.00" },
      { id: "u-gite", name: "Gîte", capacity: 6, position: 1, night: "150.00" },
    ],
    bookings: [], holds: [], tickets: [], ops: 0,
    sold() { return this.tickets.filter((b) => b.status === "confirmed").reduce((n, b) => n + b.quantity, 0); }, mode: "priority", provider: "Les Gîtes du Vallon", calls: [],
    // Sync: the clock of the Rust side is pinned so that "il y a 2 min" reads the same every run.
    enrolment: null, lastSuccess: null, lastError: null, syncDelay: 0, now: "2026-11-27T18:07:00Z", conflicts: [],
  };
  if (options.conflicts) {
    state.enrolment = { server: "https://sync.exemple.fr", provider_name: "Les Gîtes du Vallon" };
    state.lastSuccess = "2026-11-27T18:05:00Z";
    state.bookings.push({ kind: "booking", id: "b-a", unit: "u-gite", start: "2027-03-06", end: "2027-03-13", nights: 7,
      guest: "Client de A", total: "1050.00", status: "confirmed", email: null, phone: "0601020304" });
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
  state.operators = options.operators ?? [];
  state.identity = { street: "", postcode: "", town: "", country: "", siret: "", vat_number: "", email: "", phone: "", logo: "" };
  state.deviceName = "poste principal";
  state.kiosk = options.kiosk ?? false;
  state.current = null;
  const ALL_PERMISSIONS = ["book", "sell", "scan", "settle_conflicts", "edit_tariffs", "edit_units", "delete_units", "edit_events",
    "edit_settings", "manage_operators", "rotate_keys", "backup", "restore_backup", "leave_kiosk"];
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
  const blocks = (unit, from, nights) => [...state.bookings, ...state.holds.filter((h) => h.state === "active")]
    .find((b) => b.unit === unit && b.start < day(from, nights) && from < b.end);
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
    settings: () => ({ provider_name: state.provider, pricing_mode: state.mode, identity: { ...state.identity }, device_name: state.deviceName }),
    set_identity: ({ identity }) => {
      require("edit_settings");
      if (identity.siret && !/^\d{14}$/.test(identity.siret)) fail("input", "SIRET invalide : 14 chiffres, tels qu'ils figurent sur l'avis de situation INSEE");
      return op((state.identity = { ...identity }, commands.settings()));
    },
    set_device_name: ({ name }) => { require("edit_settings"); state.deviceName = name; return commands.settings(); },
    set_pricing_mode: ({ mode }) => op((state.mode = mode, commands.settings())),
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
    units: ({ order }) => [...state.units].sort((a, b) => order === "sale" ? a.capacity - b.capacity : a.position - b.position),
    add_unit: ({ name, capacity }) => {
      require("edit_units");
      if (!name.trim()) fail("input", "un hébergement doit avoir un nom");
      const unit = { id: `u-${state.units.length}`, name, capacity, position: state.units.length, night: "80.00" };
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
          const b = [...state.bookings, ...state.holds.filter((h) => h.state === "active")]
            .find((x) => x.unit === unit.id && x.start <= date && date < x.end);
          return { date, price: unit.night, occupant: b ? { kind: b.kind, id: b.id, guest: b.guest, start: b.start, end: b.end, expires_at: b.expires_at ?? null } : null };
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
      const hold = { kind: "hold", id: `h-${state.holds.length}`, unit, start: from, end: day(from, nights), nights, guest: name,
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
    book_hold: ({ hold }) => {
      const h = Object.assign(state.holds.find((x) => x.id === hold), { state: "booked" });
      const booking = { kind: "booking", id: `b-${state.bookings.length}`, unit: h.unit, start: h.start, end: h.end,
        nights: h.nights, guest: h.guest, total: h.total, status: "confirmed", email: null, phone: null };
      state.bookings.push(booking);
      return op(booking);
    },
    book: ({ unit, from, nights, name, email, phone }) => {
      const hold = commands.hold({ unit, from, nights, name, email, phone });
      return commands.book_hold({ hold: hold.id });
    },
    sessions: () => [{ id: "s-1", event: "Festival", starts_at: "2026-07-14T18:30:00Z", capacity: 5, sold: state.sold(), admitted: 0 }],
    ticket_products: () => [
      { id: "p-1", event: "e-1", name: "Plein tarif", theme: "Concerts", organizer: "Jazz", price: "25.00" },
      { id: "p-2", event: "e-1", name: "Visite", theme: "Visites", organizer: "Mairie", price: "8.00" },
    ],
    issue_tickets: ({ session, product, quantity, holder }) => {
      if (!holder.trim()) fail("input", "indiquez le nom du détenteur des billets");
      const left = 5 - state.sold();
      if (quantity > left) fail("rule", `plus assez de places pour cette séance : ${left} place(s) restante(s), ${quantity} demandée(s)`);
      const price = product === "p-2" ? 800 : 2500;
      const booking = { id: `t-${state.tickets.length}`, session, holder, quantity, scanned: 1, status: "confirmed", replaces: null,
        total: euros(price * quantity),
        tickets: Array.from({ length: quantity }, (_, i) => ({ id: `tk-${i}`, number: i + 1, code: `CODE${i}`,
          scanned_at: i === 0 ? "2026-07-14T18:40:00Z" : null, scanned_on: i === 0 ? "entrée nord" : null })) };
      state.tickets.push(booking);
      return op({ booking: booking.id, codes: Array.from({ length: quantity }, (_, i) => `CODE${i}`), total: booking.total });
    },
    ticket_bookings: () => state.tickets,
    cancel_tickets: ({ booking }) => op(Object.assign(state.tickets.find((b) => b.id === booking), { status: "cancelled" })),
    print_tickets: async ({ booking }) => {
      const total = state.tickets.find((b) => b.id === booking)?.quantity ?? 0;
      emit("progress", { task: "print_tickets", done: 0, total, label: `Mise en page de ${total} billet(s)…` });
      await pause(state.printDelay ?? 0);
      emit("progress", { task: "print_tickets", done: total, total, label: `${total} billet(s) prêt(s)` });
      return `/donnees/billets/billets-${booking}.pdf`;
    },
    cancel_booking: ({ booking }) => {
      const found = state.bookings.find((b) => b.id === booking) ?? fail("input", "aucune réservation n'a cet identifiant");
      state.bookings = state.bookings.filter((b) => b !== found);
      return op({ ...found, status: "cancelled" });
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
    settle_conflict: ({ conflict, cancelBooking }) => {
      const found = state.conflicts.find((c) => c.id === conflict);
      if (cancelBooking) commands.cancel_booking({ booking: cancelBooking });
      return op(Object.assign(found, { settled_at: state.now, settled_how: cancelBooking ? "booking_cancelled" : "acknowledged" }));
    },
    tariffs: () => [],
    plan_tariffs: ({ plan }) => [{ start: plan.from, nights: 1, price: plan.price }],
    add_tariffs: () => op(31),
  };
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
