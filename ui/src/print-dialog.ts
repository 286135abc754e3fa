// Where a PDF goes — a printer (CUPS) or a file the user names — asked in an in-app
// dialog: tickets (Billetterie), gift vouchers (Bons cadeaux) and invoices print the
// same way.
import { api } from "./ipc";
import { h } from "./dom";
import { text, textField } from "./fields";
import { formDialog } from "./dialog";
import { t } from "./i18n";

/** The destination ticked in the dialog: « printer » or « file ». */
const chosen = (form: HTMLFormElement) => (form.querySelector("input[name=to]:checked") as HTMLInputElement | null)?.value ?? "file";

/** Where the PDF goes: a printer's name, or a file's full path. */
export type PrintTarget = { printer?: string; file?: string };

/**
 * Asks where the PDF goes (the file field holds `suggested`), then `send`s it there;
 * resolves with the sentence `done` makes of it, or null when the person went back.
 */
export async function pdfDialog(o: {
  title: string; suggested: string; send: (to: PrintTarget) => Promise<string>;
  done: (to: PrintTarget, path: string) => string;
}): Promise<string | null> {
  const printers = await api.printers().catch(() => []);
  const choice = (value: string, label: string, checked: boolean) => h("label", { class: "radio" },
    h("input", { type: "radio", name: "to", value, checked }), h("span", {}, label));
  const fields: HTMLElement[] = [];
  if (printers.length > 0) {
    fields.push(choice("printer", t("print.toPrinter"), true),
      h("label", { class: "indent" }, h("span", { class: "field-name" }, t("print.printer")),
        h("select", { name: "printer", "data-label": t("print.printer") }, ...printers.map((p) => h("option", { value: p }, p)))));
  } else {
    fields.push(h("p", { class: "hint" }, t("print.noPrinter")));
  }
  fields.push(choice("file", t("print.toFile"), printers.length === 0),
    textField({ name: "file", label: t("print.file"), value: o.suggested, max: 1000, class: "indent wide" }));
  return formDialog({
    title: o.title, confirm: t("print.go"), fields,
    // « Imprimer » only when a printer is chosen: a file is saved.
    confirmFor: (form) => t(chosen(form) === "printer" ? "print.go" : "print.saveGo"),
    read: (form): PrintTarget => {
      const to = chosen(form);
      return to === "printer" ? { printer: text(form, "printer") } : { file: text(form, "file", { max: 1000 }) };
    },
    submit: async (to) => o.done(to, await o.send(to)),
  });
}

/** The PDF of an invoice or credit note as issued, saved or printed (B3). */
export function invoicePdfDialog(d: { id: string; number: string }): Promise<string | null> {
  return api.suggestedInvoiceFile(d.number).then((suggested) => pdfDialog({
    title: t("invoice.printTitle", { number: d.number }), suggested,
    send: (to) => api.printInvoice(d.id, to),
    done: (to, path) => to.printer ? t("invoice.sentToPrinter", { printer: to.printer }) : t("invoice.saved", { path }),
  }));
}
