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
  };
  const fail = (code, message) => { throw { code, message }; };
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
  const commands = {
    settings: () => ({ provider_name: state.provider, pricing_mode: state.mode }),
    set_pricing_mode: ({ mode }) => op((state.mode = mode, commands.settings())),
    set_provider_name: ({ name }) => op((state.provider = name, commands.settings())),
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
    outbox: () => Array.from({ length: state.ops }, (_, i) => ({ seq: i + 1 })),
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
    tariffs: () => [],
    plan_tariffs: ({ plan }) => [{ start: plan.from, nights: 1, price: plan.price }],
    add_tariffs: () => op(31),
  };
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
