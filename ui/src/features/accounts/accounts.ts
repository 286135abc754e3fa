// Comptabilité (Maj+F8, a manager's screen beside Paramètres): what the provider hands
// the accountant and checks against the bank.
// 1. Exports of a period to a file the user names — the sales as CSV (A5) or XLSX
//    (VENTES + PRODUITS, T7), the answers to the booking forms, the voucher report
//    (A8, which can also be shown here) — with the progress bar while rows are read.
// 2. Versements (O3): the payment service's transaction export imported, then a payout
//    statement matched against it: each PAYOUT-… with its lines, what does not match
//    in red.
// 3. Passerelles de paiement (O6): the banks' gateways; secrets typed in password
//    fields go to the system's keychain only and are never shown back.
// 4. Factures: every invoice and credit note, each saved as its stored PDF (B3).
// 5. Reprise de l'ancien outil: its exports previewed, then imported (imports.ts).
// Keyboard: Alt+1 to Alt+5 go to each part; Entrée in a form sends it.
import { api, type ExportFormat, type ExportKind, type GatewayView, type Reconciliation, type VoucherReport } from "../../ipc";
import { h, notice } from "../../dom";
import { confirmDialog, formDialog } from "../../dialog";
import { check, dateField, dateValue, FieldError, parseDate, raw, setDate, text, textField } from "../../fields";
import { date, money } from "../../format";
import { invoicePdfDialog } from "../../print-dialog";
import { plural, t, type Key } from "../../i18n";
import { importSection } from "./imports";

/** Today in Paris as "2026-11-27". */
function parisToday(): string {
  // By parts: a locale's own order (or its absence in WebKitGTK) never matters.
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date());
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "01";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** The first and last days of the month of `iso`, `shift` months later. */
function month(iso: string, shift = 0): [string, string] {
  const [y, m] = iso.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1 + shift, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  return [first.toISOString().slice(0, 10), last.toISOString().slice(0, 10)];
}

/** A message area and how to fill it. */
function messages(): { box: HTMLElement; say: (kind: "ok" | "error", words: string) => void; clear: () => void } {
  const box = h("div", { class: "messages", "aria-live": "polite" });
  return { box, say: (kind, words) => box.replaceChildren(notice(kind, words)), clear: () => box.replaceChildren() };
}

const KINDS: { kind: ExportKind; label: Key; help: Key }[] = [
  { kind: "sales", label: "accounts.kind.sales", help: "accounts.kind.salesHelp" },
  { kind: "forms", label: "accounts.kind.forms", help: "accounts.kind.formsHelp" },
  { kind: "vouchers", label: "accounts.kind.vouchers", help: "accounts.kind.vouchersHelp" },
];

/** The exports: a period, what, which format, where; then the file is written. */
function exportSection(): HTMLElement {
  const { box, say } = messages();
  const [from, to] = month(parisToday());
  const radio = (name: string, value: string, label: string, checked: boolean, help?: string) =>
    h("label", { class: "radio" }, h("input", { type: "radio", name, value, checked }),
      h("span", {}, label, help ? h("small", { class: "hint block" }, help) : null));
  const fileField = textField({ name: "file", label: t("accounts.file"), required: true, max: 1000, class: "wide" });
  const fileInput = fileField.querySelector("input")!;
  // The suggested name follows the choices until the person types their own.
  let typedFile = false;
  fileInput.addEventListener("input", (e) => { if (e.isTrusted) typedFile = true; });
  const go = h("button", { type: "submit", class: "primary", "data-action": "export" }, t("accounts.export"), h("kbd", {}, "Entrée"));
  const showReport = h("button", { type: "button", "data-action": "show-report", onclick: () => void report() }, t("accounts.showReport"));
  const reportBox = h("div", { class: "voucher-report", hidden: true });
  const form: HTMLFormElement = h("form", { class: "settings-form export-form", novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void send(); } },
    h("h3", {}, t("accounts.exportsTitle")),
    h("p", { class: "help" }, t("accounts.exportsHelp")),
    h("div", { class: "period-row" }, h("div", { class: "period" },
      dateField({ name: "from", label: t("accounts.from"), value: from, required: true }),
      dateField({ name: "to", label: t("accounts.to"), value: to, required: true })),
    h("div", { class: "quick" },
      h("button", { type: "button", "data-action": "this-month", onclick: () => setPeriod(month(parisToday())) }, t("accounts.thisMonth")),
      h("button", { type: "button", "data-action": "last-month", onclick: () => setPeriod(month(parisToday(), -1)) }, t("accounts.lastMonth")),
      h("button", { type: "button", "data-action": "this-year", onclick: () => {
        const year = parisToday().slice(0, 4);
        setPeriod([`${year}-01-01`, `${year}-12-31`]);
      } }, t("accounts.thisYear")))),
    h("div", { class: "choices" },
      h("fieldset", {}, h("legend", {}, t("accounts.what")),
        ...KINDS.map((k, i) => radio("kind", k.kind, t(k.label), i === 0, t(k.help)))),
      h("fieldset", {}, h("legend", {}, t("accounts.format")),
        radio("format", "csv", t("accounts.csv"), true), radio("format", "xlsx", t("accounts.xlsx"), false))),
    fileField,
    h("div", { class: "actions" }, go, showReport));
  const choice = <T extends string>(name: string) => (form.querySelector(`input[name=${name}]:checked`) as HTMLInputElement).value as T;

  function setPeriod([first, last]: [string, string]): void {
    setDate(form, "from", first);
    setDate(form, "to", last);
    reportBox.hidden = true;
    void suggest();
  }

  /** The suggested file for the choices, unless the person typed their own. */
  async function suggest(): Promise<void> {
    if (typedFile) {
      // Only the extension follows the format.
      const format = choice<ExportFormat>("format");
      fileInput.value = fileInput.value.replace(/\.(csv|xlsx)$/i, "") + (fileInput.value.trim() ? `.${format}` : "");
      return;
    }
    const a = parseDate(raw(form, "from"));
    const b = parseDate(raw(form, "to"));
    if (!a || !b) return;
    try { fileInput.value = await api.suggestedExportFile(choice<ExportKind>("kind"), a, b, choice<ExportFormat>("format")); } catch { /* keep */ }
  }
  form.addEventListener("change", (e) => {
    const name = (e.target as HTMLElement).getAttribute("name");
    if (name !== "file") void suggest();
    // A report shown is of the period it was asked for: another period hides it.
    if (name === "from" || name === "to") reportBox.hidden = true;
  });

  /** The period typed, checked: both days, in order. */
  function period(): { from: string; to: string } {
    const first = dateValue(form, "from");
    const last = dateValue(form, "to");
    if (last < first) throw new FieldError("to", t("accounts.reversed", { from: date(first), to: date(last) }));
    return { from: first, to: last };
  }

  let busy = false;
  async function send(): Promise<void> {
    if (busy) return;
    const read = check(form, () => ({ ...period(), file: text(form, "file", { max: 1000 }) }));
    if (!read.ok) { say("error", read.message); return; }
    const kind = choice<ExportKind>("kind");
    const format = choice<ExportFormat>("format");
    busy = true;
    // Replacing a file asks once.
    const existing = await api.existingExportFile(read.value.file, format).catch(() => null);
    if (existing && !(await confirmDialog({ title: t("accounts.replaceTitle"), text: t("accounts.replaceText", { path: existing }),
      confirm: t("accounts.replaceGo") }))) {
      busy = false;
      say("error", t("accounts.notReplaced"));
      return;
    }
    go.setAttribute("disabled", "");
    box.replaceChildren(h("div", { class: "notice working", role: "status" }, t("accounts.working")));
    try {
      const done = await api.exportPeriod(kind, read.value.from, read.value.to, format, read.value.file);
      const rows = kind === "sales" ? plural(done.rows, "accounts.salesOne", "accounts.salesMany")
        : kind === "forms" ? plural(done.rows, "accounts.answersOne", "accounts.answersMany")
          : plural(done.rows, "accounts.vouchersOne", "accounts.vouchersMany");
      say("ok", t("accounts.written", { path: done.path, rows, from: date(read.value.from), to: date(read.value.to) }));
      fileInput.value = done.path;
    } catch (error) {
      say("error", (error as Error).message);
    } finally {
      busy = false;
      go.removeAttribute("disabled");
    }
  }

  async function report(): Promise<void> {
    const read = check(form, period);
    if (!read.ok) { say("error", read.message); return; }
    try {
      const r = await api.voucherReport(read.value.from, read.value.to);
      drawReport(r);
      box.replaceChildren();
    } catch (error) { say("error", (error as Error).message); }
  }

  function drawReport(r: VoucherReport): void {
    const figure = (label: string, value: string) => [h("dt", {}, label), h("dd", {}, value)];
    reportBox.replaceChildren(
      h("h3", {}, t("accounts.reportTitle", { from: date(r.from), to: date(r.to) })),
      h("dl", { class: "report-figures" },
        ...figure(t("accounts.bought"), `${plural(r.bought_count, "accounts.vouchersOne", "accounts.vouchersMany")} — ${money(r.bought_total)}`),
        ...figure(t("accounts.used"), `${plural(r.used_count, "accounts.usesOne", "accounts.usesMany")} — ${money(r.used_total)}`),
        ...figure(t("accounts.difference"), money(r.difference)),
        ...figure(t("accounts.unused"), plural(r.unused_count, "accounts.vouchersOne", "accounts.vouchersMany")),
        ...(r.overdrawn.length ? figure(t("accounts.overdrawn"), r.overdrawn.join(", ")) : [])),
      r.vouchers.length === 0 ? h("p", { class: "hint" }, t("accounts.reportEmpty")) :
        h("table", { class: "setup-table report-list" },
          h("thead", {}, h("tr", {}, ...(["accounts.code", "accounts.amount", "accounts.soldOn", "accounts.usedOn", "accounts.status", "accounts.balance"] as Key[])
            .map((k, i) => h("th", { class: i === 1 || i === 5 ? "num" : null }, t(k))))),
          h("tbody", {}, ...r.vouchers.map((v) => h("tr", { class: v.overdrawn ? "overdrawn" : null },
            h("td", {}, h("code", {}, v.code)), h("td", { class: "num" }, money(v.amount)),
            h("td", {}, v.sold_on ? date(v.sold_on) : "—"), h("td", {}, v.used_on.map(date).join(", ") || "—"),
            h("td", {}, v.status_label), h("td", { class: "num" }, money(v.balance)))))));
    reportBox.hidden = false;
  }

  void suggest();
  return h("section", { class: "accounts-part", id: "accounts-exports" }, box, form, reportBox);
}

/** Versements: the transactions imported, a statement matched against them. */
function payoutSection(): HTMLElement {
  const { box, say } = messages();
  const known = h("p", { class: "help known" });
  const result = h("div", { class: "reconciliation", "aria-live": "polite" });
  const refresh = () => api.transactionCount().then((n) => {
    known.textContent = n === 0 ? t("payouts.noneKnown") : plural(n, "payouts.knownOne", "payouts.knownMany");
  }, () => undefined);

  const importForm: HTMLFormElement = h("form", { class: "settings-form import-form", novalidate: true, onsubmit: async (e: Event) => {
    e.preventDefault();
    const read = check(importForm, () => text(importForm, "transactions", { max: 1000 }));
    if (!read.ok) { say("error", read.message); return; }
    try {
      const done = await api.importTransactions(read.value);
      say("ok", t("payouts.imported", { read: plural(done.read, "payouts.readOne", "payouts.readMany"),
        added: done.added, updated: done.updated, unchanged: done.unchanged }));
      void refresh();
    } catch (error) { say("error", (error as Error).message); }
  } },
    h("h3", {}, t("payouts.importTitle")), h("p", { class: "help" }, t("payouts.importHelp")), known,
    textField({ name: "transactions", label: t("payouts.transactionsFile"), required: true, max: 1000, class: "wide", placeholder: "/home/gite/operations.csv" }),
    h("button", { type: "submit", class: "primary", "data-action": "import-transactions" }, t("payouts.import")));

  const statementForm: HTMLFormElement = h("form", { class: "settings-form statement-form", novalidate: true, onsubmit: async (e: Event) => {
    e.preventDefault();
    const read = check(statementForm, () => text(statementForm, "statement", { max: 1000 }));
    if (!read.ok) { say("error", read.message); return; }
    try {
      const r = await api.reconcilePayouts(read.value);
      box.replaceChildren();
      drawReconciliation(r);
    } catch (error) {
      result.replaceChildren();
      say("error", (error as Error).message);
    }
  } },
    h("h3", {}, t("payouts.statementTitle")), h("p", { class: "help" }, t("payouts.statementHelp")),
    textField({ name: "statement", label: t("payouts.statementFile"), required: true, max: 1000, class: "wide", placeholder: "/home/gite/virements.csv" }),
    h("button", { type: "submit", class: "primary", "data-action": "reconcile" }, t("payouts.reconcile")));

  function drawReconciliation(r: Reconciliation): void {
    const verdict = r.matched ? notice("ok", t("payouts.allMatch"))
      : notice("error", plural(r.difference_count, "payouts.differencesOne", "payouts.differencesMany"));
    const payouts = r.payouts.map((p) => h("article", { class: `payout ${p.matched ? "matched" : "unmatched"}`, "data-payout": p.reference },
      h("h4", {}, h("span", { class: "mark", "aria-hidden": "true" }, p.matched ? "✓" : "✗"), ` ${p.reference} — ${t("payouts.of", { date: date(p.date) })} — `,
        t("payouts.paidNet", { paid: money(p.paid_net), expected: money(p.expected_net) }),
        p.difference !== "0.00" && p.difference !== "0" ? h("strong", { class: "gap" }, ` ${t("payouts.gap", { amount: money(p.difference) })}`) : null),
      h("table", { class: "setup-table" },
        h("thead", {}, h("tr", {}, ...(["payouts.line", "payouts.transaction", "payouts.paidOn", "payouts.amount", "payouts.fee", "payouts.net", "payouts.state"] as Key[])
          .map((k, i) => h("th", { class: i >= 3 && i <= 5 ? "num" : null }, t(k))))),
        h("tbody", {}, ...p.transactions.map((l) => h("tr", { class: l.matched ? "matched" : "unmatched", "data-transaction": l.transaction },
          h("td", {}, String(l.line)), h("td", {}, l.transaction), h("td", {}, date(l.paid_on)),
          h("td", { class: "num" }, money(l.amount)), h("td", { class: "num" }, money(l.fee)), h("td", { class: "num" }, money(l.net)),
          h("td", {}, l.matched ? t("payouts.lineOk") : l.known ? t("payouts.lineDiffers") : t("payouts.lineUnknown")))))),
      p.differences.length ? h("ul", { class: "differences" }, ...p.differences.map((d) => h("li", { "data-kind": d.kind }, d.message))) : null));
    const missing = r.not_paid_out.length ? h("article", { class: "payout unmatched not-paid-out" },
      h("h4", {}, h("span", { class: "mark", "aria-hidden": "true" }, "✗"), ` ${t("payouts.notPaidOut")}`),
      h("ul", { class: "differences" }, ...r.not_paid_out.map((n) => h("li", { "data-transaction": n.transaction }, n.message)))) : null;
    result.replaceChildren(verdict, ...(r.payouts.length ? payouts : [h("p", { class: "hint" }, t("payouts.noPayout"))]), missing ?? "");
  }

  void refresh();
  return h("section", { class: "accounts-part", id: "accounts-payouts" }, box,
    h("div", { class: "units-layout" }, importForm, statementForm), result);
}

/** The gateways: which are set, set one (secrets to the keychain), check, remove. */
function gatewaySection(): HTMLElement {
  const { box, say } = messages();
  const list = h("table", { class: "setup-table gateways" });

  async function draw(): Promise<void> {
    const gateways = await api.gateways();
    // The ones set on this device first.
    gateways.sort((a, b) => Number(b.configured) - Number(a.configured));
    list.replaceChildren(
      h("thead", {}, h("tr", {}, h("th", {}, t("gateways.name")), h("th", {}, t("gateways.bank")), h("th", {}, t("gateways.state")), h("th", {}, ""))),
      h("tbody", {}, ...gateways.map((g) => h("tr", { "data-gateway": g.code, class: g.configured ? "configured" : null },
        h("td", {}, g.name), h("td", {}, g.bank),
        h("td", {}, g.configured ? (g.missing.length ? t("gateways.incomplete") : t("gateways.set")) : t("gateways.notSet")),
        h("td", {}, h("span", { class: "row-actions" },
          h("button", { "data-action": "set", onclick: () => void setUp(g) }, g.configured ? t("gateways.change") : t("gateways.setUp")),
          g.configured ? h("button", { "data-action": "check", onclick: () => void checkOne(g) }, t("gateways.check")) : null,
          g.configured ? h("button", { class: "danger", "data-action": "remove", onclick: () => void remove(g) }, t("gateways.remove")) : null))))));
  }

  async function setUp(g: GatewayView): Promise<void> {
    const fields = g.fields.map((f) => {
      if (!f.secret) return textField({ name: f.key, label: capital(f.label), value: g.values[f.key] ?? "", required: true, max: 500 });
      const held = g.secrets.includes(f.key);
      return h("label", { class: held ? null : "required" }, h("span", { class: "field-name" }, capital(f.label), " ", h("small", { class: "tag" }, t("gateways.secretTag"))),
        h("input", { name: f.key, type: "password", "data-label": capital(f.label), autocomplete: "new-password", maxlength: 500,
          placeholder: held ? t("gateways.keepSecret") : "", "aria-required": held ? null : "true" }));
    });
    const done = await formDialog({
      title: t("gateways.setTitle", { name: g.name }), intro: t("gateways.setIntro"), confirm: t("gateways.save"), fields,
      read: (form) => {
        const values: Record<string, string> = {};
        const secrets: Record<string, string> = {};
        for (const f of g.fields) {
          const held = g.secrets.includes(f.key);
          const value = f.secret ? (form.elements.namedItem(f.key) as HTMLInputElement).value : text(form, f.key, { max: 500 });
          if (f.secret) {
            if (value.trim() === "" && !held) throw new FieldError(f.key, t("field.required", { field: capital(f.label) }));
            if (value.trim() !== "") secrets[f.key] = value;
          } else values[f.key] = value;
        }
        return { values, secrets };
      },
      submit: (v) => api.setGateway(g.code, v.values, v.secrets),
    });
    if (!done) return;
    say("ok", t("gateways.saved", { name: done.name, n: done.secrets.length }));
    await draw();
  }

  async function checkOne(g: GatewayView): Promise<void> {
    try {
      const held = await api.checkGateway(g.code);
      const names = Object.entries(held).map(([key, present]) =>
        t(present ? "gateways.held" : "gateways.absent", { field: capital(g.fields.find((f) => f.key === key)?.label ?? key) }));
      say(Object.values(held).every(Boolean) ? "ok" : "error", names.length ? `${g.name} : ${names.join(" ; ")}.` : t("gateways.noSecret", { name: g.name }));
    } catch (error) { say("error", (error as Error).message); }
  }

  async function remove(g: GatewayView): Promise<void> {
    const sure = await confirmDialog({ title: t("gateways.removeTitle", { name: g.name }), text: t("gateways.removeText"),
      confirm: t("gateways.removeGo"), danger: true });
    if (!sure) return;
    try {
      await api.removeGateway(g.code);
      say("ok", t("gateways.removed", { name: g.name }));
      await draw();
    } catch (error) { say("error", (error as Error).message); }
  }

  void draw().catch((error) => say("error", (error as Error).message));
  return h("section", { class: "accounts-part", id: "accounts-gateways" },
    h("h3", {}, t("gateways.title")), h("p", { class: "help" }, t("gateways.help")), box, list);
}

/** « mot de passe » → « Mot de passe ». */
function capital(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** 4. Every invoice and credit note (B3), newest last, each saved as its stored PDF. */
function invoiceSection(): HTMLElement {
  const { box, say } = messages();
  const table = h("div", { class: "invoice-list" });
  const section = h("section", { class: "accounts-part", "data-part": "invoices" }, h("h3", {}, t("accounts.tabInvoices")), box, table);
  void api.invoices(null).then((all) => {
    if (all.length === 0) { table.replaceChildren(h("p", { class: "hint" }, t("accounts.noInvoice"))); return; }
    table.replaceChildren(h("table", { class: "setup-table" },
      h("thead", {}, h("tr", {}, h("th", {}, t("accounts.invoiceNumber")), h("th", {}, t("accounts.invoiceKind")),
        h("th", {}, t("accounts.invoiceDate")), h("th", {}, t("accounts.invoiceCustomer")), h("th", { class: "num" }, t("accounts.invoiceTotal")), h("th", {}, ""))),
      h("tbody", {}, ...all.map((d) => h("tr", { "data-invoice": d.number },
        h("td", {}, d.number),
        h("td", {}, d.kind === "credit_note" ? t("accounts.creditNoteOf", { number: d.cites ?? "" }) : t("invoice.invoice")),
        h("td", {}, date(d.issued_on)), h("td", {}, d.customer), h("td", { class: "num" }, money(d.total)),
        h("td", {}, h("button", { type: "button", "data-action": "invoice-pdf", onclick: () => void save(d.id, d.number) }, t("invoice.savePdf"))))))));
  }, (error) => say("error", (error as Error).message));
  async function save(id: string, number: string): Promise<void> {
    try {
      const done = await invoicePdfDialog({ id, number });
      if (done) say("ok", done);
    } catch (error) { say("error", (error as Error).message); }
  }
  return section;
}

export function accountsScreen(root: HTMLElement): () => void {
  const parts: [string, Key, () => HTMLElement][] = [
    ["accounts-exports", "accounts.tabExports", exportSection],
    ["accounts-payouts", "accounts.tabPayouts", payoutSection],
    ["accounts-gateways", "accounts.tabGateways", gatewaySection],
    ["accounts-invoices", "accounts.tabInvoices", invoiceSection],
    ["accounts-imports", "accounts.tabImports", importSection],
  ];
  const body = h("div", { class: "accounts-body" });
  const tabs = parts.map(([id, key], i) => h("button", { type: "button", role: "tab", "data-part": id, onclick: () => open(i) }, t(key), h("kbd", {}, `Alt+${i + 1}`)));
  function open(i: number): void {
    tabs.forEach((b, j) => { b.classList.toggle("active", i === j); b.setAttribute("aria-selected", String(i === j)); });
    body.replaceChildren(parts[i][2]());
    (body.querySelector("input:not([type=radio])") as HTMLElement | null)?.focus();
  }
  const keys = (event: KeyboardEvent) => {
    if (document.querySelector(".dialog") || !event.altKey) return;
    const i = parts.findIndex((_, j) => event.key === String(j + 1));
    if (i >= 0) { event.preventDefault(); open(i); }
  };
  document.addEventListener("keydown", keys);
  root.replaceChildren(h("h2", {}, t("nav.accounts")), h("div", { class: "sub-tabs", role: "tablist" }, ...tabs), body);
  open(0);
  return () => document.removeEventListener("keydown", keys);
}
