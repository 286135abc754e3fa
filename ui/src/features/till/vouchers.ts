// Bons cadeaux (ux.md screen 5): the list with each voucher's state and what is left
// on it; sell one (paid in full for one product at least, A11, A12) and print it; find
// one by its code — a scanner types it and Enter wherever the focus is, as at the
// gate; its file with its ledger; redeem it once for a cart (a smaller cart: the
// difference is not given back, said before it is done, A10); deactivate it with a
// reason (refunds are made outside Guichet, A7); extend its validity (A9).
// Keyboard: F2 sells, Ctrl+F finds; on an open voucher F4 redeems, Ctrl+P prints,
// Ctrl+E extends, Ctrl+D deactivates, Échap closes it.
import { api, type ProductView, type Stroke, type RedeemedVoucher, type VoucherEventView, type VoucherPayment, type VoucherView } from "../../ipc";
import { h, notice } from "../../dom";
import { ask, dialogFields, formDialog } from "../../dialog";
import { amountField, amountValue, check, dateField, dateValue, FieldError, raw, text, textField } from "../../fields";
import { catchKeystrokes } from "../gate/keystrokes";
import { date, dateTime, money } from "../../format";
import { plural, t, type Key } from "../../i18n";
import { pdfDialog } from "../../print-dialog";

/** How a voucher may be paid for, in the order offered (never with a voucher). */
const PAYMENTS: VoucherPayment[] = ["cash", "card", "cheque", "transfer", "ancv_paper", "ancv_connect"];

/** A voucher's code is 34 characters; a scanner types them in well under this. */
const CODE_CHARS = 34;
const SCANNER_MS = 1500;

/**
 * The voucher code a scanner typed, ending the sequence with Enter: its last 34
 * characters, typed in a burst (a person typing 34 characters takes seconds); null
 * otherwise. What came before (a field's text) is not part of it.
 */
export function scannedVoucher(strokes: Stroke[]): string | null {
  if (strokes.at(-1)?.key.kind !== "enter") return null;
  const chars = strokes.flatMap((s) => (s.key.kind === "char" ? [{ char: s.key.char, at: s.at_ms }] : [])).slice(-CODE_CHARS);
  const code = chars.map((c) => c.char).join("");
  if (chars.length < CODE_CHARS || !isVoucherCode(code) || chars[CODE_CHARS - 1].at - chars[0].at > SCANNER_MS) return null;
  return code.toUpperCase();
}

/** Takes a scanned code back out of the focused field it was typed into. */
export function untype(code: string): void {
  const field = document.activeElement;
  if ((field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) && field.value.toUpperCase().endsWith(code)) {
    field.value = field.value.slice(0, -code.length);
  }
}

/** What a scanner types for a voucher: V, then 33 Base32 characters (any case). */
export function isVoucherCode(typed: string): boolean {
  return /^[Vv][A-Za-z2-7]{33}$/.test(typed.trim());
}

const STATUS: Record<string, Key> = {
  valid: "vouchers.s.valid", used: "vouchers.s.used", deactivated: "vouchers.s.deactivated",
  expired: "vouchers.s.expired", overdrawn: "vouchers.s.overdrawn", unconfirmed: "vouchers.s.unconfirmed",
};

export function statusLabel(v: VoucherView): string {
  const key = STATUS[v.status];
  return key ? t(key) : v.status_label;
}

/** Amounts compared as cents, never as floats' sums ("50.00" → 5000). */
function cents(amount: string): number {
  const [whole, part = "0"] = amount.replace("-", "").split(".");
  const value = Number(whole) * 100 + Number(part.padEnd(2, "0").slice(0, 2));
  return amount.startsWith("-") ? -value : value;
}

/** 1234 → "12.34". */
function fromCents(value: number): string {
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** The last redemption of a voucher, to say when and where it was used. */
function lastRedemption(v: VoucherView): VoucherEventView | undefined {
  return [...v.events].reverse().find((e) => e.kind === "redeemed");
}

/** Only a voucher that can still pay prints (again). */
const printable = (v: VoucherView) => v.status === "valid";
/** A voucher still to use (or past its last day) can be extended or deactivated. */
const changeable = (v: VoucherView) => v.status === "valid" || v.status === "expired";

/** Why a voucher cannot pay, in words, or null when it can. */
export function refusal(v: VoucherView): string | null {
  const used = lastRedemption(v);
  const where = used ? t("vouchers.usedWhen", { at: dateTime(used.at), device: used.device_name ?? "?" }) : "";
  switch (v.status) {
    // Unconfirmed: taken here on its printed amount already, its sale not known yet.
    case "used": case "overdrawn": case "unconfirmed": return t("vouchers.refusedUsed", { where });
    case "deactivated": return t("vouchers.refusedDeactivated");
    case "expired": return t("vouchers.refusedExpired", { date: v.valid_until ? date(v.valid_until) : "" });
    default: return null;
  }
}

function eventLine(e: VoucherEventView): [string, string, string] {
  switch (e.kind) {
    case "sold": return [t("vouchers.e.sold"), e.amount ? money(e.amount) : "",
      e.valid_until ? t("vouchers.e.until", { date: date(e.valid_until) }) : ""];
    case "redeemed": return [t(e.unconfirmed ? "vouchers.e.redeemedUnconfirmed" : "vouchers.e.redeemed"), e.amount ? money(e.amount) : "",
      [e.device_name ? t("vouchers.e.on", { device: e.device_name }) : "",
        // The amount kept on one line (no break before €).
        e.forfeited && cents(e.forfeited) > 0 ? t("vouchers.e.forfeited", { amount: money(e.forfeited).replace(" €", "\u00a0€") }) : ""].filter(Boolean).join(" · ")];
    case "deactivated": return [t("vouchers.e.deactivated"), "", e.reason ?? ""];
    case "extended": return [t("vouchers.e.extended"), "", e.valid_until ? t("vouchers.e.until", { date: date(e.valid_until) }) : ""];
    default: return [e.kind, "", ""];
  }
}

export function vouchersScreen(root: HTMLElement, onChange: () => void, pending: string | null = null): () => void {
  const message = h("div", { class: "messages" });
  const say = (kind: "ok" | "error", words: string, ...extra: HTMLElement[]) =>
    message.replaceChildren(h("div", { class: "notice-row" }, notice(kind, words), ...extra));
  const list = h("table", { class: "vouchers setup-table" });
  const file = h("section", { class: "voucher-file", hidden: true, "aria-live": "polite" });
  let open: VoucherView | null = null;

  const search = h("input", { name: "code", "data-label": t("vouchers.code"), autocomplete: "off", maxlength: 40,
    placeholder: t("vouchers.codePlaceholder"), spellcheck: "false" });
  const find = h("form", { class: "voucher-find", novalidate: true, onsubmit: (e: Event) => {
    e.preventDefault();
    const code = raw(find, "code");
    if (!code) { say("error", t("field.required", { field: t("vouchers.code") })); search.focus(); return; }
    void openCode(code);
  } },
  h("label", {}, h("span", { class: "field-name" }, t("vouchers.code")), search),
  h("button", { type: "submit", "data-action": "find" }, t("vouchers.find"), h("kbd", {}, "Entrée")));

  /** Opens the voucher `code`; a genuine one not known here can still be taken on its printed amount. */
  async function openCode(code: string): Promise<void> {
    try {
      show(await api.voucher(code.trim()));
      search.value = "";
    } catch (error) {
      close();
      const extra = isVoucherCode(code)
        ? [h("button", { "data-action": "redeem-printed", onclick: () => void redeemUnknown(code.trim().toUpperCase()) },
          t("vouchers.redeemPrinted"))] : [];
      say("error", (error as Error).message, ...extra);
    }
  }

  function show(v: VoucherView): void {
    open = v;
    const why = refusal(v);
    const facts: [Key, string][] = [
      ["vouchers.amount", money(v.amount)],
      ["vouchers.balance", money(v.balance)],
      ["vouchers.validUntil", v.valid_until ? date(v.valid_until) : "—"],
      ["vouchers.products", v.product_names.join(", ") || "—"],
      ["vouchers.paidBy", v.method ? t(`method.${v.method}` as Key) : "—"],
      ["vouchers.soldAt", v.sold_at ? dateTime(v.sold_at) : t("vouchers.s.unconfirmed")],
    ];
    file.replaceChildren(
      h("div", { class: `voucher-verdict status-${v.status}` },
        h("strong", {}, statusLabel(v)), h("code", { class: "voucher-code" }, v.code)),
      h("p", { class: "voucher-why", hidden: !why }, why ?? ""),
      h("dl", { class: "voucher-facts" }, ...facts.flatMap(([k, value]) => [h("dt", {}, t(k)), h("dd", {}, value)])),
      h("div", { class: "actions" },
        h("button", { class: why ? null : "primary", "data-action": "redeem", onclick: () => void redeem() }, t("vouchers.redeem"), h("kbd", {}, "F4")),
        // A used or deactivated voucher is neither printed, extended nor deactivated again.
        printable(v) ? h("button", { "data-action": "print", onclick: () => void print(v.code) }, t("vouchers.print"), h("kbd", {}, "Ctrl+P")) : null,
        changeable(v) ? h("button", { "data-action": "extend", onclick: () => void extend() }, t("vouchers.extend"), h("kbd", {}, "Ctrl+E")) : null,
        changeable(v) ? h("button", { class: "danger", "data-action": "deactivate", onclick: () => void deactivate() }, t("vouchers.deactivate"), h("kbd", {}, "Ctrl+D")) : null,
        h("button", { "data-action": "close", onclick: () => close() }, t("vouchers.close"), h("kbd", {}, "Échap"))),
      h("h3", {}, t("vouchers.ledger")),
      h("table", { class: "voucher-ledger" },
        h("thead", {}, h("tr", {}, h("th", {}, t("vouchers.when")), h("th", {}, t("vouchers.what")),
          h("th", { class: "num" }, t("vouchers.amount")), h("th", {}, t("vouchers.detail")))),
        h("tbody", {}, ...v.events.map((e) => {
          const [what, amount, detail] = eventLine(e);
          return h("tr", { "data-event": e.kind }, h("td", {}, dateTime(e.at)), h("td", {}, what), h("td", { class: "num" }, amount), h("td", {}, detail));
        }))));
    file.hidden = false;
    list.querySelectorAll("tr[data-code]").forEach((r) => r.classList.toggle("selected", r.getAttribute("data-code") === v.code));
  }

  function close(): void {
    open = null;
    file.hidden = true;
    file.replaceChildren();
    list.querySelectorAll("tr.selected").forEach((r) => r.classList.remove("selected"));
  }

  async function reopen(code: string): Promise<void> {
    await drawList();
    try { show(await api.voucher(code)); } catch { close(); }
    onChange();
  }

  async function print(code: string): Promise<void> {
    try {
      const done = await pdfDialog({
        title: t("vouchers.printTitle"), suggested: await api.suggestedVoucherFile(code),
        send: (to) => api.printVoucher(code, to),
        done: (to, path) => to.printer ? t("vouchers.sentToPrinter", { printer: to.printer }) : t("vouchers.saved", { path }),
      });
      if (done) say("ok", done);
    } catch (error) { say("error", (error as Error).message); }
  }

  async function sell(): Promise<void> {
    let products: ProductView[];
    try { products = await api.products(); } catch (error) { say("error", (error as Error).message); return; }
    if (products.length === 0) { say("error", t("vouchers.needProduct")); return; }
    const boxes = h("fieldset", { class: "voucher-products" }, h("legend", {}, t("vouchers.forProducts")),
      ...products.map((p) => h("label", { class: "check" },
        h("input", { type: "checkbox", name: `product-${p.id}`, value: p.id, checked: products.length === 1 }),
        h("span", {}, `${p.name} — ${money(p.price)}`, p.active ? null : h("small", { class: "tag" }, t("products.inactive"))))));
    const sold = await formDialog({
      title: t("vouchers.sellTitle"), intro: t("vouchers.sellIntro"), confirm: t("vouchers.sellGo"),
      fields: [boxes,
        amountField({ name: "amount", label: t("vouchers.amount"), required: true, placeholder: "50,00" }),
        h("label", { class: "required" }, h("span", { class: "field-name" }, t("vouchers.payment")),
          h("select", { name: "method", "data-label": t("vouchers.payment") }, ...PAYMENTS.map((m) => h("option", { value: m }, t(`method.${m}` as Key)))))],
      read: (form) => {
        const chosen = products.filter((p) => (form.elements.namedItem(`product-${p.id}`) as HTMLInputElement).checked).map((p) => p.id);
        if (chosen.length === 0) throw new FieldError(`product-${products[0].id}`, t("vouchers.chooseProduct"));
        const amount = amountValue(form, "amount");
        if (amount === null || cents(amount) <= 0) throw new FieldError("amount", t("vouchers.amountPositive"));
        return { products: chosen, amount, method: (form.elements.namedItem("method") as HTMLSelectElement).value as VoucherPayment };
      },
      submit: (v) => api.sellVoucher(v.products, v.amount, v.method),
    });
    if (!sold) return;
    say("ok", t("vouchers.sold", { amount: money(sold.amount), date: date(sold.valid_until) }),
      h("button", { "data-action": "print-sold", onclick: () => void print(sold.code) }, t("vouchers.print"), h("kbd", {}, "Ctrl+P")));
    await reopen(sold.code);
    await print(sold.code);
  }

  /** Asks the cart's amount; a smaller cart is confirmed first (the difference is not given back). */
  async function redeemWith(code: string, balance: string | null): Promise<void> {
    const form = dialogFields(
      ...(balance === null ? [amountField({ name: "printed", label: t("vouchers.printedAmount"), required: true })] : []),
      amountField({ name: "cart", label: t("vouchers.cart"), required: true, value: balance ? money(balance).replace(" €", "") : "" }));
    let read: { printed: string | null; cart: string } | null = null;
    const ok = await ask({
      title: t("vouchers.redeemTitle"), confirm: t("vouchers.redeemGo"), body: form,
      text: balance === null ? t("vouchers.redeemUnknownText") : t("vouchers.redeemText", { balance: money(balance) }),
      check: () => {
        const r = check(form, () => {
          const printed = balance === null ? amountValue(form, "printed") : null;
          const cart = amountValue(form, "cart");
          if (cart === null || cents(cart) <= 0) throw new FieldError("cart", t("vouchers.cartPositive"));
          return { printed, cart };
        });
        if (!r.ok) return r.message;
        read = r.value;
        return null;
      },
    });
    if (!ok || !read) return;
    const { printed, cart }: { printed: string | null; cart: string } = read;
    const worth = balance ?? printed ?? "0";
    if (cents(cart) < cents(worth)) {
      const lost = money(fromCents(cents(worth) - cents(cart)));
      const sure = await ask({ title: t("vouchers.smallerTitle"), danger: true, confirm: t("vouchers.smallerGo"),
        text: t("vouchers.smallerText", { cart: money(cart), worth: money(worth), lost }) });
      if (!sure) { say("error", t("vouchers.notRedeemed")); return; }
    }
    try {
      const done: RedeemedVoucher = await api.redeemVoucher(code, printed, cart);
      const parts = [t("vouchers.redeemed", { amount: money(done.redeemed) })];
      if (cents(done.forfeited) > 0) parts.push(t("vouchers.forfeited", { amount: money(done.forfeited) }));
      if (cents(done.rest) > 0) parts.push(t("vouchers.rest", { amount: money(done.rest) }));
      if (done.unconfirmed) parts.push(t("vouchers.unconfirmedNote"));
      say("ok", parts.join(" "));
      await reopen(code);
    } catch (error) {
      say("error", (error as Error).message);
      await reopen(code);
    }
  }

  async function redeem(): Promise<void> {
    if (!open) return;
    const why = refusal(open);
    if (why) { say("error", why); return; }
    await redeemWith(open.code, open.balance);
  }

  const redeemUnknown = (code: string) => redeemWith(code, null);

  /** Asks with one field; on confirm `act` runs (a refusal stays in the dialog); the value, or null. */
  async function askThen<T>(o: { title: string; text: string; confirm: string; danger?: boolean; field: HTMLLabelElement;
    read: (form: HTMLFormElement) => T; act: (value: T) => Promise<unknown> }): Promise<T | null> {
    const form = dialogFields(o.field);
    let value: T | null = null;
    const sure = await ask({ title: o.title, text: o.text, confirm: o.confirm, danger: o.danger, body: form,
      check: async () => {
        const r = check(form, () => o.read(form));
        if (!r.ok) return r.message;
        try { await o.act(r.value); value = r.value; return null; } catch (error) { return (error as Error).message; }
      } });
    return sure ? value : null;
  }

  async function deactivate(): Promise<void> {
    if (!open) return;
    const v = open;
    const done = await askThen({ title: t("vouchers.deactivateTitle"), text: t("vouchers.deactivateText", { amount: money(v.balance) }),
      confirm: t("vouchers.deactivateGo"), danger: true,
      field: textField({ name: "reason", label: t("vouchers.reason"), required: true, max: 200, placeholder: t("vouchers.reasonPlaceholder") }),
      read: (form) => text(form, "reason"), act: (reason) => api.deactivateVoucher(v.code, reason) });
    if (done === null) return;
    say("ok", t("vouchers.deactivated"));
    await reopen(v.code);
  }

  async function extend(): Promise<void> {
    if (!open) return;
    const v = open;
    const until = await askThen({ title: t("vouchers.extendTitle"),
      text: t("vouchers.extendText", { date: v.valid_until ? date(v.valid_until) : "—" }), confirm: t("vouchers.extendGo"),
      field: dateField({ name: "until", label: t("vouchers.newUntil"), required: true }),
      read: (form) => dateValue(form, "until"), act: (day) => api.extendVoucher(v.code, day) });
    if (until === null) return;
    say("ok", t("vouchers.extended", { date: date(until) }));
    await reopen(v.code);
  }

  async function drawList(): Promise<void> {
    const vouchers = await api.vouchers();
    list.replaceChildren(
      h("thead", {}, h("tr", {}, h("th", {}, t("vouchers.code")), h("th", { class: "num" }, t("vouchers.amount")),
        h("th", { class: "num" }, t("vouchers.balance")), h("th", {}, t("vouchers.state")), h("th", {}, t("vouchers.validUntil")),
        h("th", {}, t("vouchers.products")))),
      h("tbody", {}, ...(vouchers.length ? vouchers.map((v) => h("tr", { "data-code": v.code, class: `status-${v.status}`, tabindex: 0,
        onclick: () => show(v), onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === "Enter") { e.preventDefault(); show(v); } } },
      h("td", {}, h("code", {}, v.code)), h("td", { class: "num" }, money(v.amount)), h("td", { class: "num" }, money(v.balance)),
      h("td", {}, statusLabel(v)), h("td", {}, v.valid_until ? date(v.valid_until) : "—"), h("td", {}, v.product_names.join(", "))))
        : [h("tr", {}, h("td", { colspan: 6, class: "hint" }, t("vouchers.none")))])));
    summary.textContent = plural(vouchers.length, "vouchers.countOne", "vouchers.countMany");
  }

  const notNow = (v: VoucherView) => say("error", t("vouchers.notNow", { state: statusLabel(v) }));
  const keys = (event: KeyboardEvent) => {
    if (document.querySelector(".dialog")) return;
    const ctrl = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    const run = (work: () => unknown) => { event.preventDefault(); void work(); };
    if (event.key === "F2") run(sell);
    else if (ctrl && key === "f") run(() => search.focus());
    else if (!open) return;
    else if (event.key === "F4") run(redeem);
    else if (ctrl && key === "p") run(() => (printable(open!) ? print(open!.code) : notNow(open!)));
    else if (ctrl && key === "e") run(() => (changeable(open!) ? extend() : notNow(open!)));
    else if (ctrl && key === "d") run(() => (changeable(open!) ? deactivate() : notNow(open!)));
    else if (event.key === "Escape") run(close);
  };
  document.addEventListener("keydown", keys);
  // A scanner's burst, wherever the focus is (the code field reads its own Enter).
  const release = catchKeystrokes((strokes) => {
    if (document.querySelector(".dialog") || document.activeElement === search) return false;
    const code = scannedVoucher(strokes);
    if (!code) return false;
    untype(code);
    void openCode(code);
    return true;
  }, { keepTab: true });

  const summary = h("small", { class: "hint" });
  root.replaceChildren(h("h2", {}, t("nav.vouchers"), " ", summary), h("p", { class: "hint" }, t("vouchers.keys")), message,
    h("div", { class: "voucher-top" }, find,
      h("button", { class: "primary", "data-action": "sell", onclick: () => void sell() }, t("vouchers.sell"), h("kbd", {}, "F2"))),
    h("div", { class: "vouchers-layout" }, h("div", { class: "vouchers-scroll" }, list), file));
  void drawList().then(() => (pending ? openCode(pending) : undefined)).catch((error) => say("error", (error as Error).message));
  if (!pending) search.focus();
  return () => { document.removeEventListener("keydown", keys); release(); };
}
