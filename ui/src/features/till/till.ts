// Caisse (ux.md screen 4): product tiles (and the box office's tickets of the sessions
// to come) and a search field on the left, the cart on the right, payment methods as big buttons, the change in large figures, the receipt.
// Keyboard first: type to find a product and Entrée adds it, +/− change the last
// line's quantity, Suppr removes it, Alt+letter adds a payment, Ctrl+Entrée sells, a
// scanned gift voucher (its code then Entrée) pays. Every figure comes from the Rust
// side (quoteCart): the window never does arithmetic on money.
import {
  api, type Cart, type CartPayment, type CartQuote, type ProductView, type SaleView, type SessionView,
  type TicketProductView, type TillView,
} from "../../ipc";
import { h, notice } from "../../dom";
import { amountField, amountValue, check, FieldError, text, textField } from "../../fields";
import { ask, confirmDialog, dialogFields, formDialog } from "../../dialog";
import { dateTime, money } from "../../format";
import { plural, t, type Key } from "../../i18n";
import { printDialog } from "../box-office/box-office";
import { sessionWhen } from "../festival/festival";

/** Payment methods as the till offers them, with their Alt shortcut. */
const METHODS: { method: string; key: string; label: Key }[] = [
  { method: "cash", key: "e", label: "till.cash" },
  { method: "card", key: "c", label: "till.card" },
  { method: "cheque", key: "q", label: "till.cheque" },
  { method: "gift_voucher", key: "v", label: "till.voucher" },
  { method: "ancv_paper", key: "a", label: "till.ancvPaper" },
  { method: "ancv_connect", key: "n", label: "till.ancvConnect" },
  { method: "transfer", key: "t", label: "till.transfer" },
];

/** A session still sells at the till up to 6 hours after it began (late arrivals). */
const LATE_MS = 6 * 3600_000;

/** Tickets of a session the till offers: one tile per session and ticket product. */
type Offer = { session: SessionView; product: TicketProductView };

/** A tile: a product or an offer of tickets. */
type Item = { key: string; name: string; detail: string | null; price: string; add: () => void };

/** A gift voucher's code as a scanner types it: V and 33 more Base32 characters. */
const VOUCHER_CODE = /^v[a-z2-7]{33}$/i;

/** The Caisse screen; `onChange` after a sale (the sync status). Returns its disposer. */
export function tillScreen(root: HTMLElement, onChange: () => void): () => void {
  const cart: Cart = { lines: [], tickets: [], vouchers: [], payments: [], accept_forfeit: false };
  let products: ProductView[] = [];
  let offers: Offer[] = [];
  /** Which list +/− and Suppr act on: the kind of line added last. */
  let lastKind: "line" | "ticket" = "line";
  let quote: CartQuote | null = null;
  let highlighted = 0;
  let last: SaleView | null = null;

  const messages = h("div", { class: "messages" });
  const say = (kind: "ok" | "error", message: string) => messages.replaceChildren(notice(kind, message));
  const search = h("input", {
    class: "till-search", "data-label": t("till.search"), placeholder: t("till.searchHint"), autocomplete: "off",
    "aria-label": t("till.search"),
  }) as HTMLInputElement;
  const tiles = h("div", { class: "tiles", role: "listbox", "aria-label": t("till.products") });
  const cartRows = h("tbody", {});
  const totals = h("div", { class: "till-totals" });
  const paid = h("ul", { class: "till-payments" });
  const big = h("div", { class: "till-big", "aria-live": "polite" });
  const status = h("div", { class: "till-status" });
  const receipt = h("div", { class: "till-receipt" });
  const sales = h("div", { class: "till-sales" });

  // « velo » finds « Location de vélo »: accents and case do not matter.
  const plain = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  const offerName = (o: Offer) => t("till.ticketTile", { product: o.product.name, event: o.session.event });
  const shown = (): Item[] => {
    const words = plain(search.value.trim()).split(/\s+/).filter(Boolean);
    const matches = (text: string) => words.every((w) => plain(text).includes(w));
    const items: Item[] = products.filter((p) => p.active && p.channels.includes("till") && matches(p.name))
      .map((p) => ({ key: `product:${p.id}`, name: p.name, detail: null, price: p.price, add: () => add(p.id) }));
    for (const o of offers) {
      const detail = sessionWhen(o.session);
      if (matches(`${offerName(o)} ${detail}`)) {
        items.push({ key: `ticket:${o.session.id}:${o.product.id}`, name: offerName(o), detail, price: o.product.price, add: () => addTicket(o) });
      }
    }
    return items;
  };
  const name = (id: string) => products.find((p) => p.id === id)?.name ?? id;
  const offerOf = (session: string, product: string | null) =>
    offers.find((o) => o.session.id === session && o.product.id === product);

  function drawTiles(): void {
    const list = shown();
    highlighted = Math.min(highlighted, Math.max(0, list.length - 1));
    tiles.replaceChildren(...list.map((item, i) => h("button", {
      class: `tile${i === highlighted ? " highlighted" : ""}${item.detail ? " ticket-tile" : ""}`, role: "option", "data-item": item.key,
      "data-product": item.key.startsWith("product:") ? item.key.slice(8) : null,
      "aria-selected": i === highlighted ? "true" : "false", onclick: item.add,
    }, h("span", { class: "tile-name" }, item.name), item.detail ? h("span", { class: "tile-detail" }, item.detail) : null,
      h("span", { class: "tile-price" }, money(item.price)))));
    if (list.length === 0) tiles.append(h("p", { class: "hint" }, products.length === 0 && offers.length === 0 ? t("till.noProducts") : t("till.noMatch")));
  }

  function drawCart(): void {
    cartRows.replaceChildren(
      ...cart.lines.map((l, i) => {
        const p = products.find((x) => x.id === l.product);
        // The line's amount as the Rust side worked it out; the unit price until then.
        const amount = quote?.lines[i]?.amount ?? p?.price;
        return h("tr", { "data-line": String(i) },
          h("td", { class: "qty" }, `${l.quantity} ×`), h("td", {}, p?.name ?? ""),
          h("td", { class: "amount" }, amount ? money(amount) : ""),
          h("td", {}, h("button", { class: "link", title: t("till.remove"), onclick: () => { cart.lines.splice(i, 1); void refresh(); } }, "✕")));
      }),
      ...cart.tickets.map((ticket, i) => {
        const o = offerOf(ticket.session, ticket.product);
        const amount = quote?.lines[cart.lines.length + i]?.amount ?? o?.product.price;
        return h("tr", { class: "ticket-line", "data-ticket": String(i) },
          h("td", { class: "qty" }, `${ticket.quantity} ×`),
          h("td", {}, o ? `${offerName(o)} — ${sessionWhen(o.session)}` : ticket.session),
          h("td", { class: "amount" }, amount ? money(amount) : ""),
          h("td", {}, h("button", { class: "link", title: t("till.remove"), onclick: () => { cart.tickets.splice(i, 1); void refresh(); } }, "✕")));
      }),
      ...cart.vouchers.map((v, i) => h("tr", { class: "voucher-line" },
        h("td", { class: "qty" }, "1 ×"), h("td", {}, t("till.voucherLine", { products: v.products.map(name).join(", ") })),
        h("td", { class: "amount" }, money(v.amount)),
        h("td", {}, h("button", { class: "link", title: t("till.remove"), onclick: () => { cart.vouchers.splice(i, 1); void refresh(); } }, "✕")))));
    paid.replaceChildren(...cart.payments.map((p, i) => {
      const redemption = p.method === "gift_voucher"
        ? quote?.redemptions.find((r) => r.code.toUpperCase() === (p.voucher_code ?? "").toUpperCase()) : undefined;
      const amount = p.method === "gift_voucher" ? (redemption ? money(redemption.redeemed) : "…") : money(p.amount ?? "0");
      return h("li", {},
        h("span", {}, t(METHODS.find((m) => m.method === p.method)?.label ?? "till.cash")),
        p.voucher_code ? h("code", {}, p.voucher_code) : null,
        h("span", { class: "amount" }, amount),
        redemption && redemption.forfeited !== "0.00" ? h("span", { class: "warn" }, t("till.forfeit", { amount: money(redemption.forfeited) })) : null,
        h("button", { class: "link", title: t("till.remove"), onclick: () => { cart.payments.splice(i, 1); void refresh(); } }, "✕"));
    }));
    if (!quote) {
      totals.replaceChildren(h("p", { class: "hint" }, t("till.empty")));
      big.replaceChildren();
      return;
    }
    totals.replaceChildren(
      h("div", { class: "total" }, h("span", {}, t("till.total")), h("strong", { "data-total": quote.total }, money(quote.total))),
      ...quote.vat.map((v) => h("div", { class: "vat" }, t("till.vat", { rate: v.label, vat: money(v.vat), net: money(v.net) }))));
    big.replaceChildren(quote.due !== "0.00"
      ? h("div", { class: "due" }, h("span", {}, t("till.due")), h("strong", { "data-due": quote.due }, money(quote.due)))
      : h("div", { class: "change" }, h("span", {}, t("till.change")), h("strong", { "data-change": quote.change }, money(quote.change))));
  }

  async function refresh(): Promise<void> {
    drawTiles();
    if (cart.lines.length === 0 && cart.tickets.length === 0 && cart.vouchers.length === 0) {
      quote = null;
      drawCart();
      return;
    }
    try {
      quote = await api.quoteCart({ ...cart });
      messages.replaceChildren();
    } catch (error) {
      quote = null;
      say("error", (error as Error).message);
    }
    drawCart();
  }

  function add(product: string): void {
    receipt.replaceChildren();
    const line = cart.lines.find((l) => l.product === product && l.activity_date === null);
    if (line) line.quantity += 1;
    else cart.lines.push({ product, quantity: 1, activity_date: null });
    lastKind = "line";
    search.value = "";
    highlighted = 0;
    void refresh();
    search.focus();
  }

  /** One more ticket of an offer (a line per session and ticket product). */
  function addTicket(offer: Offer): void {
    receipt.replaceChildren();
    const line = cart.tickets.find((l) => l.session === offer.session.id && l.product === offer.product.id);
    if (line) line.quantity += 1;
    else cart.tickets.push({ session: offer.session.id, product: offer.product.id, quantity: 1 });
    lastKind = "ticket";
    search.value = "";
    highlighted = 0;
    void refresh();
    search.focus();
  }

  /** A payment by `method`: the amount asked (the due amount offered), or a voucher's code. */
  async function pay(method: string): Promise<void> {
    if (method === "gift_voucher") return voucher(null);
    const due = quote?.due ?? "0.00";
    const label = t(METHODS.find((m) => m.method === method)?.label ?? "till.cash");
    await formDialog({
      title: t("till.payTitle", { method: label }), confirm: t("till.addPayment"),
      fields: [amountField({ name: "amount", label: t("till.amount"), value: money(due).replace(" €", ""), required: true })],
      read: (form) => amountValue(form, "amount") ?? "0.00",
      submit: async (amount) => {
        const payment: CartPayment = { method, amount, voucher_code: null, printed_amount: null };
        // A refused payment (0,00 €…) is said in the dialog, the cart unchanged.
        await api.quoteCart({ ...cart, payments: [...cart.payments, payment] });
        cart.payments.push(payment);
        await refresh();
        return amount;
      },
    });
    search.focus();
  }

  /** A gift voucher pays: its code scanned or typed; the printed amount for one not known here. */
  async function voucher(code: string | null): Promise<void> {
    const fields = dialogFields(
      textField({ name: "code", label: t("till.voucherCode"), value: code ?? "", required: true, max: 40 }),
      amountField({ name: "printed", label: t("till.printedAmount") }));
    let payment: CartPayment | null = null;
    const ok = await ask({
      title: t("till.voucherTitle"), text: t("till.voucherText"), confirm: t("till.addPayment"), body: fields,
      check: async () => {
        const read = check(fields, () => ({ code: text(fields, "code", { max: 40 }), printed: amountValue(fields, "printed", { required: false }) }));
        if (!read.ok) return read.message;
        const candidate: CartPayment = { method: "gift_voucher", amount: null, voucher_code: read.value.code.trim(), printed_amount: read.value.printed };
        try {
          await api.quoteCart({ ...cart, payments: [...cart.payments, candidate] });
        } catch (error) { return (error as Error).message; }
        payment = candidate;
        return null;
      },
    });
    if (ok && payment) {
      cart.payments.push(payment);
      await refresh();
    }
    search.focus();
  }

  /** A gift voucher sold in the cart: its amount and the products it pays for. */
  async function sellVoucher(): Promise<void> {
    const choices = products.map((p) => h("label", { class: "check" },
      h("input", { type: "checkbox", name: "product", value: p.id }), h("span", {}, p.name)));
    await formDialog({
      title: t("till.sellVoucherTitle"), intro: t("till.sellVoucherIntro"), confirm: t("till.addToCart"),
      fields: [amountField({ name: "amount", label: t("till.voucherAmount"), required: true }), h("fieldset", { class: "products" },
        h("legend", {}, t("till.voucherProducts")), ...choices)],
      read: (form) => {
        const amount = amountValue(form, "amount") ?? "0.00";
        const chosen = [...form.querySelectorAll<HTMLInputElement>("input[name=product]:checked")].map((i) => i.value);
        if (chosen.length === 0) throw new FieldError("product", t("till.voucherNeedsProduct"));
        return { amount, products: chosen };
      },
      submit: async (v) => { cart.vouchers.push(v); await refresh(); return v; },
    });
    search.focus();
  }

  async function validate(): Promise<void> {
    if (cart.lines.length === 0 && cart.tickets.length === 0 && cart.vouchers.length === 0) { say("error", t("till.empty")); return; }
    if (quote && quote.due !== "0.00") { say("error", t("till.stillDue", { due: money(quote.due) })); return; }
    const lost = quote?.redemptions.filter((r) => r.forfeited !== "0.00") ?? [];
    cart.accept_forfeit = false;
    if (lost.length > 0) {
      const yes = await confirmDialog({
        title: t("till.forfeitTitle"),
        text: lost.map((r) => t("till.forfeitText", { paid: money(r.redeemed), lost: money(r.forfeited) })).join(" "),
        confirm: t("till.forfeitConfirm"),
      });
      if (!yes) return;
      cart.accept_forfeit = true;
    }
    try {
      const sale = await api.sell({ ...cart });
      last = sale;
      cart.lines = []; cart.tickets = []; cart.vouchers = []; cart.payments = []; cart.accept_forfeit = false;
      quote = null;
      showReceipt(sale);
      onChange();
      await Promise.all([refresh(), drawStatus(), drawSales(), loadOffers()]);
      if (await api.receiptPrinter().catch(() => null)) await printLast();
    } catch (error) {
      say("error", (error as Error).message);
    }
    search.focus();
  }

  function showReceipt(sale: SaleView): void {
    receipt.replaceChildren(h("div", { class: "sold", role: "status" },
      h("p", {}, t("till.sold", { n: sale.number, total: money(sale.total) })),
      sale.change !== "0.00" ? h("p", { class: "change-big" }, t("till.giveChange"), h("strong", { "data-change": sale.change }, money(sale.change))) : null,
      ...sale.vouchers.map((v) => h("p", {}, t("till.voucherSold", { code: v.code, until: v.valid_until.split("-").reverse().join("/") }))),
      ...sale.tickets.map((tickets) => h("p", { class: "tickets-sold" }, plural(tickets.codes.length, "till.ticketSoldOne", "till.ticketsSold", { label: tickets.label }))),
      h("div", { class: "actions" },
        h("button", { "data-action": "receipt", onclick: () => void printLast() }, t("till.receipt"), h("kbd", {}, "Ctrl+P")),
        sale.tickets.length > 0
          ? h("button", { class: "primary", "data-action": "print-tickets", onclick: () => void printTickets() }, t("till.printTickets"), h("kbd", {}, "Ctrl+I"))
          : null)));
  }

  /** The last sale's tickets: on paper or as a PDF, one booking after the other. */
  async function printTickets(): Promise<void> {
    if (!last) return;
    for (const tickets of last.tickets) {
      const done = await printDialog(tickets.booking, tickets.codes.length);
      if (!done) break;
      say("ok", done);
    }
    search.focus();
  }

  /** The last sale's receipt: on the till's printer when it has one, else a PDF where the cashier says. */
  async function printLast(): Promise<void> {
    if (!last) return;
    const sale = last;
    try {
      if (await api.receiptPrinter()) {
        await api.printReceipt(sale.id);
        say("ok", t("till.printed"));
        return;
      }
    } catch (error) { say("error", (error as Error).message); return; }
    const saved = await formDialog({
      title: t("till.receiptTitle"), confirm: t("till.save"),
      fields: [textField({ name: "file", label: t("print.file"), value: await api.suggestedReceiptFile(sale.number), max: 1000, class: "wide" })],
      read: (form) => text(form, "file", { max: 1000 }),
      submit: (file) => api.saveReceipt(sale.id, file),
    });
    if (saved) say("ok", t("print.saved", { path: saved }));
    search.focus();
  }

  async function drawStatus(): Promise<void> {
    let till: TillView;
    try { till = await api.tillState(); } catch (error) { say("error", (error as Error).message); return; }
    status.replaceChildren(till.opening
      ? h("span", {}, t("till.open", { at: dateTime(till.opened_at ?? ""), expected: money(till.expected) }),
        h("button", { "data-action": "count", onclick: () => void count() }, t("till.count"), h("kbd", {}, "Alt+K")))
      : h("span", {}, t("till.closed"),
        h("button", { "data-action": "open", onclick: () => void open() }, t("till.openButton"), h("kbd", {}, "Alt+O"))));
  }

  async function open(): Promise<void> {
    const till = await formDialog({
      title: t("till.openTitle"), confirm: t("till.openButton"),
      fields: [amountField({ name: "float", label: t("till.float"), required: true })],
      read: (form) => amountValue(form, "float") ?? "0.00",
      submit: (float) => api.openTill(float),
    });
    if (till) await drawStatus();
    search.focus();
  }

  async function count(): Promise<void> {
    const till = await formDialog({
      title: t("till.countTitle"), intro: t("till.countIntro"), confirm: t("till.countConfirm"),
      fields: [amountField({ name: "counted", label: t("till.counted"), required: true })],
      read: (form) => amountValue(form, "counted") ?? "0.00",
      submit: (counted) => api.countCash(counted),
    });
    if (till) {
      say("ok", t("till.counted.done", { counted: money(till.counted ?? "0"), expected: money(till.expected), difference: money(till.difference ?? "0") }));
      await drawStatus();
    }
    search.focus();
  }

  async function drawSales(): Promise<void> {
    const list = await api.todaysSales().catch(() => [] as SaleView[]);
    sales.replaceChildren(h("h3", {}, t("till.todaysSales")), list.length === 0 ? h("p", { class: "hint" }, t("till.noSales")) :
      h("ul", {}, ...list.map((s) => h("li", { class: s.voided_at ? "voided" : "" },
        h("span", {}, `n° ${s.number} — ${dateTime(s.at).slice(-5)} — ${money(s.total)}`),
        s.voided_at ? h("em", {}, t("till.voided")) : h("button", { class: "link", onclick: () => void voidSale(s) }, t("till.void"))))));
  }

  async function voidSale(sale: SaleView): Promise<void> {
    const fields = dialogFields(textField({ name: "reason", label: t("till.voidReason"), required: true }));
    let reason = "";
    const yes = await ask({
      title: t("till.voidTitle", { n: sale.number }), text: t("till.voidText", { total: money(sale.total) }), confirm: t("till.void"), danger: true,
      body: fields,
      check: () => { const r = check(fields, () => text(fields, "reason")); if (!r.ok) return r.message; reason = r.value; return null; },
    });
    if (!yes) return;
    try {
      await api.voidSale(sale.id, reason);
      say("ok", t("till.voidDone", { n: sale.number }));
      await Promise.all([drawSales(), drawStatus()]);
      onChange();
    } catch (error) { say("error", (error as Error).message); }
  }

  function keys(event: KeyboardEvent): void {
    if (document.querySelector(".dialog")) return;
    if (event.altKey && !event.ctrlKey) {
      const method = METHODS.find((m) => m.key === event.key.toLowerCase());
      if (method) { event.preventDefault(); void pay(method.method); return; }
      if (event.key.toLowerCase() === "b") { event.preventDefault(); void sellVoucher(); return; }
      if (event.key.toLowerCase() === "o") { event.preventDefault(); void open(); return; }
      if (event.key.toLowerCase() === "k") { event.preventDefault(); void count(); return; }
    }
    if (event.ctrlKey && event.key === "Enter") { event.preventDefault(); void validate(); return; }
    if (event.ctrlKey && event.key.toLowerCase() === "p") { event.preventDefault(); void printLast(); return; }
    if (event.ctrlKey && event.key.toLowerCase() === "i") { event.preventDefault(); void printTickets(); return; }
    if (event.target !== search) return;
    const list = shown();
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      highlighted = (highlighted + (event.key === "ArrowDown" ? 1 : list.length - 1)) % Math.max(1, list.length);
      drawTiles();
    } else if (event.key === "Enter") {
      event.preventDefault();
      const typed = search.value.trim();
      if (VOUCHER_CODE.test(typed)) { search.value = ""; drawTiles(); void voucher(typed); return; }
      list[highlighted]?.add();
    } else if ((event.key === "+" || event.key === "-") && search.value === "" && (cart.lines.length > 0 || cart.tickets.length > 0)) {
      event.preventDefault();
      const lines: { quantity: number }[] = lastKind === "ticket" && cart.tickets.length > 0 ? cart.tickets
        : cart.lines.length > 0 ? cart.lines : cart.tickets;
      const line = lines[lines.length - 1];
      line.quantity += event.key === "+" ? 1 : -1;
      if (line.quantity <= 0) lines.pop();
      void refresh();
    } else if (event.key === "Delete" && search.value === "") {
      event.preventDefault();
      if (cart.payments.length > 0) cart.payments.pop();
      else if (cart.vouchers.length > 0) cart.vouchers.pop();
      else if (lastKind === "ticket" && cart.tickets.length > 0) cart.tickets.pop();
      else if (cart.lines.length > 0) cart.lines.pop();
      else cart.tickets.pop();
      void refresh();
    }
  }
  search.addEventListener("input", () => { highlighted = 0; drawTiles(); });
  document.addEventListener("keydown", keys);

  root.replaceChildren(h("section", { class: "till" },
    h("h2", {}, t("till.title")), status, messages,
    h("div", { class: "till-body" },
      h("div", { class: "till-left" }, search, tiles,
        h("button", { "data-action": "sell-voucher", onclick: () => void sellVoucher() }, t("till.sellVoucher"), h("kbd", {}, "Alt+B")),
        h("p", { class: "hint" }, t("till.keysHint"))),
      h("div", { class: "till-right" },
        h("table", { class: "cart" }, h("caption", {}, t("till.cart")), cartRows), totals, paid, big,
        h("div", { class: "pay-buttons" }, ...METHODS.map((m) => h("button", { "data-method": m.method, onclick: () => void pay(m.method) },
          t(m.label), h("kbd", {}, `Alt+${m.key.toUpperCase()}`)))),
        h("button", { class: "primary sell", "data-action": "sell", onclick: () => void validate() }, t("till.sell"), h("kbd", {}, "Ctrl+Entrée")),
        receipt)),
    sales));
  /** The tickets on sale: sessions to come (or begun less than 6 hours ago) with seats left. */
  async function loadOffers(): Promise<void> {
    try {
      const [sessions, ticketProducts] = await Promise.all([api.sessions(), api.ticketProducts(null)]);
      const now = Date.now();
      offers = sessions
        .filter((s) => s.active && s.sold < s.capacity && Date.parse(s.starts_at) > now - LATE_MS)
        .sort((a, b) => a.starts_at.localeCompare(b.starts_at))
        .flatMap((session) => ticketProducts.filter((p) => p.active && p.event === session.event_id).map((product) => ({ session, product })));
    } catch (error) { say("error", (error as Error).message); }
    drawTiles();
  }
  void api.products().then((list) => { products = list; void refresh(); }, (error) => say("error", (error as Error).message));
  void loadOffers();
  void drawStatus();
  void drawSales();
  search.focus();
  return () => document.removeEventListener("keydown", keys);
}
