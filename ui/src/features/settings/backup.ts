// Paramètres → Sauvegarde and Restauration: an encrypted copy of this device's data,
// and putting one back (the device then becomes a new device).
import { api } from "../../ipc";
import { field, h, notice } from "../../dom";
import { t } from "../../i18n";
import { dateTime } from "../../format";

/** The backup and restore forms, with their messages. */
export function backupSection(): HTMLElement {
  const message = h("div", { class: "messages" });
  const say = (kind: "ok" | "error", text: string) => message.replaceChildren(notice(kind, text));
  const fileInput = h("input", { name: "file", required: true });
  void api.suggestedBackupFile().then((file) => { fileInput.value = file; });

  const backup: HTMLFormElement = h("form", { class: "settings-form backup", onsubmit: async (e: Event) => {
    e.preventDefault();
    const passphrase = field(backup, "passphrase");
    if (passphrase.length < 8) return say("error", t("backup.short"));
    if (passphrase !== field(backup, "confirm")) return say("error", t("backup.mismatch"));
    try {
      const done = await api.backup(field(backup, "file"), passphrase);
      say("ok", t("backup.done", { file: done.file, size: (done.bytes / 1_048_576).toFixed(1).replace(".", ",") }));
      backup.reset();
      fileInput.value = done.file;
    } catch (error) { say("error", (error as Error).message); }
  } },
    h("h3", {}, t("backup.title")), h("p", {}, t("backup.help")),
    h("label", {}, t("backup.file"), fileInput),
    h("label", {}, t("backup.passphrase"), h("input", { name: "passphrase", type: "password", required: true, autocomplete: "new-password" })),
    h("label", {}, t("backup.confirm"), h("input", { name: "confirm", type: "password", required: true, autocomplete: "new-password" })),
    h("button", { type: "submit", class: "primary", "data-action": "backup" }, t("backup.save")));

  let armed = false;
  const restore: HTMLFormElement = h("form", { class: "settings-form restore", onsubmit: async (e: Event) => {
    e.preventDefault();
    const replace = restore.querySelector<HTMLInputElement>("input[name=replace]")?.checked ?? false;
    if (replace && !armed) { armed = true; return say("error", t("restore.sure")); }
    armed = false;
    try {
      const done = await api.restore(field(restore, "file"), field(restore, "passphrase"), replace);
      say("ok", t("restore.done", { date: dateTime(done.manifest.created_at) }));
      restore.reset();
    } catch (error) { say("error", (error as Error).message); }
  } },
    h("h3", {}, t("restore.title")), h("p", {}, t("restore.help")),
    h("label", {}, t("backup.file"), h("input", { name: "file", required: true })),
    h("label", {}, t("backup.passphrase"), h("input", { name: "passphrase", type: "password", required: true, autocomplete: "current-password" })),
    h("label", { class: "radio" }, h("input", { type: "checkbox", name: "replace" }), t("restore.replace")),
    h("button", { type: "submit", "data-action": "restore" }, t("restore.go")));

  return h("section", { class: "backup-section" }, message, h("div", { class: "units-layout" }, backup, restore));
}
