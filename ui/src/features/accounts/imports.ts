// Reprise de l'ancien outil (issue 10, item 6): an export of the old tool (CSV or XLSX)
// chosen by kind and path, previewed (the columns found, the first rows as read, what
// would be refused and why — nothing stored), then imported with a report row by row.
// A column the import does not find by its name is named in « Colonnes » (one
// CHAMP=Colonne per line).
import { api, type ImportKind, type ImportReport } from "../../ipc";
import { h, notice } from "../../dom";
import { check, FieldError, raw, text, textField } from "../../fields";
import { plural, t, type Key } from "../../i18n";

const KINDS: { kind: ImportKind; label: Key; help: Key }[] = [
  { kind: "vouchers", label: "imports.vouchers", help: "imports.vouchersHelp" },
  { kind: "bookings", label: "imports.bookings", help: "imports.bookingsHelp" },
  { kind: "tariffs", label: "imports.tariffs", help: "imports.tariffsHelp" },
  { kind: "customers", label: "imports.customers", help: "imports.customersHelp" },
];

/** Each field's words (the Rust side's fields, by their mapping names). */
const FIELD_LABELS: Record<string, Key> = {
  code: "imports.f.code",
  montant: "imports.f.montant",
  fin_validite: "imports.f.fin_validite",
  produits: "imports.f.produits",
  statut: "imports.f.statut",
  hebergement: "imports.f.hebergement",
  arrivee: "imports.f.arrivee",
  nuits: "imports.f.nuits",
  depart: "imports.f.depart",
  nom: "imports.f.nom",
  prenom: "imports.f.prenom",
  email: "imports.f.email",
  telephone: "imports.f.telephone",
  prix: "imports.f.prix",
  reference: "imports.f.reference",
  debut: "imports.f.debut",
  civilite: "imports.f.civilite",
  adresse: "imports.f.adresse",
  code_postal: "imports.f.code_postal",
  ville: "imports.f.ville",
  pays: "imports.f.pays",
};
const label = (field: string) => (FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : field);

/** « code=N° du bon » lines, each checked. */
function mapping(form: HTMLFormElement): [string, string][] {
  const lines = raw(form, "map").split("\n").map((l) => l.trim()).filter((l) => l !== "");
  return lines.map((line) => {
    const at = line.indexOf("=");
    if (at <= 0 || at === line.length - 1) throw new FieldError("map", t("imports.badMap", { line }));
    return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
  });
}

export function importSection(): HTMLElement {
  const box = h("div", { class: "messages", "aria-live": "polite" });
  const say = (kind: "ok" | "error", words: string) => box.replaceChildren(notice(kind, words));
  const result = h("div", { class: "import-result", "aria-live": "polite" });
  const radio = (k: (typeof KINDS)[number], checked: boolean) =>
    h("label", { class: "radio" }, h("input", { type: "radio", name: "kind", value: k.kind, checked }),
      h("span", {}, t(k.label), h("small", { class: "hint block" }, t(k.help))));
  const go = h("button", { type: "button", class: "primary", "data-action": "import", disabled: true, onclick: () => void run(false) }, t("imports.import"));
  const look = h("button", { type: "submit", "data-action": "preview" }, t("imports.preview"), h("kbd", {}, "Entrée"));
  let running = false;
  const form: HTMLFormElement = h("form", { class: "settings-form import-old-form", novalidate: true, onsubmit: (e: Event) => { e.preventDefault(); void run(true); } },
    h("h3", {}, t("imports.title")), h("p", { class: "help" }, t("imports.help")),
    h("fieldset", { class: "kinds" }, h("legend", {}, t("imports.kind")), ...KINDS.map((k, i) => radio(k, i === 0))),
    textField({ name: "file", label: t("imports.file"), required: true, max: 1000, class: "wide", placeholder: "/home/gite/bons-cadeaux.csv" }),
    h("label", { class: "field wide" }, h("span", {}, t("imports.map")),
      h("textarea", { name: "map", rows: 2, placeholder: "code=N° du bon" })),
    h("div", { class: "actions" },
      look, go));
  // A changed choice needs a new preview before the import.
  form.addEventListener("input", () => { go.disabled = true; });

  async function run(dryRun: boolean): Promise<void> {
    const read = check(form, () => ({ file: text(form, "file", { max: 1000 }), map: mapping(form),
      kind: (form.querySelector("input[name=kind]:checked") as HTMLInputElement | null)?.value as ImportKind }));
    if (!read.ok) { say("error", read.message); return; }
    // One run at a time: a long file shows the progress bar, its buttons wait.
    if (running) return;
    running = true;
    look.disabled = true;
    go.disabled = true;
    form.setAttribute("aria-busy", "true");
    say("ok", t("imports.running"));
    result.replaceChildren();
    try {
      const report = await api.importFile(read.value.kind, read.value.file, read.value.map, dryRun);
      draw(report);
      const imported = dryRun ? plural(report.imported, "imports.rowOne", "imports.rowMany")
        : plural(report.imported, "imports.importedOne", "imports.importedMany");
      const refused = plural(report.refused, "imports.refusedOne", "imports.refusedMany");
      say(report.refused === 0 || report.imported > 0 ? "ok" : "error", t(dryRun ? "imports.previewDone" : "imports.done",
        { imported, already: report.already, refused }));
      go.disabled = !dryRun || report.imported === 0;
    } catch (error) {
      result.replaceChildren();
      go.disabled = true;
      say("error", (error as Error).message);
    } finally {
      running = false;
      look.disabled = false;
      form.removeAttribute("aria-busy");
    }
  }

  /** « Fin de validité » and, for the mapping, the field's own name `fin_validite`. */
  const fieldName = (field: string) => {
    return h("td", {}, label(field), " ", h("code", {}, field));
  };

  function draw(r: ImportReport): void {
    const columns = h("table", { class: "setup-table import-columns" }, h("caption", {}, t("imports.columnsTitle")),
      h("thead", {}, h("tr", {}, h("th", {}, t("imports.field")), h("th", {}, t("imports.column")))),
      h("tbody", {}, ...r.columns.map((c) => h("tr", { "data-field": c.field },
        fieldName(c.field), h("td", {}, c.column ?? t(c.required ? "imports.missing" : "imports.none"))))));
    const preview = r.dry_run && r.preview.length ? h("table", { class: "setup-table import-preview" }, h("caption", {}, t("imports.previewTitle")),
      h("thead", {}, h("tr", {}, h("th", {}, t("imports.line")), ...r.columns.map((c) => h("th", {}, label(c.field))))),
      h("tbody", {}, ...r.preview.map((p) => h("tr", {}, h("td", {}, String(p.line)), ...p.values.map((v) => h("td", {}, v)))))) : null;
    const status: Record<string, Key> = { imported: r.dry_run ? "imports.wouldImport" : "imports.imported", already: "imports.already", refused: "imports.refused" };
    const rows = h("table", { class: "setup-table import-rows" }, h("caption", {}, t("imports.rowsTitle")),
      h("thead", {}, h("tr", {}, h("th", {}, t("imports.line")), h("th", {}, t("imports.outcome")), h("th", {}, t("imports.column")), h("th", {}, t("imports.why")))),
      h("tbody", {}, ...r.rows.map((row) => h("tr", { class: row.status, "data-line": String(row.line) },
        h("td", {}, String(row.line)), h("td", {}, `${t(status[row.status])}${row.what ? ` — ${row.what}` : ""}`),
        h("td", {}, row.column ?? ""), h("td", {}, row.reason ?? "")))));
    result.replaceChildren(columns, preview ?? "", rows);
  }

  return h("section", { class: "accounts-part", id: "accounts-imports" }, box, form, result);
}
