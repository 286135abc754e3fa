// E-mails (rule T6): the queue of this device — each message with its state (en
// attente, en cours d'envoi, envoyé, échec), the reason of a failure in words, what a
// booking's e-mail waits for, and « Relancer »; « Envoyer maintenant » sends what is due.
// And Paramètres → E-mails: the outgoing (SMTP) server, the password kept in the system
// keychain (never shown back), and « Envoyer un e-mail d'essai ».
import { api, onMailChanged, type MailView, type SmtpSettings } from "../../ipc";
import { h, notice } from "../../dom";
import { check, countValue, countField, emailValue, raw, text, textField } from "../../fields";
import { lang, plural, t, type Key } from "../../i18n";
import { dateTime } from "../../format";

const STATES: Record<MailView["state"], Key> = {
  waiting: "mail.state.waiting",
  sending: "mail.state.sending",
  sent: "mail.state.sent",
  failed: "mail.state.failed",
};

const REASONS: Record<string, Key> = {
  unreachable: "mail.reason.unreachable",
  temporary: "mail.reason.temporary",
  auth: "mail.reason.auth",
  tls: "mail.reason.tls",
  address: "mail.reason.address",
  refused: "mail.reason.refused",
  interrupted: "mail.reason.interrupted",
};

/** Why a message failed, in the window's language (the back end's French otherwise). */
function reason(m: MailView): string | null {
  if (!m.error) return null;
  if (lang() === "fr" || !m.error_kind || !REASONS[m.error_kind]) return m.error;
  return t(REASONS[m.error_kind]);
}

function row(m: MailView, retry: (m: MailView) => void): HTMLElement {
  const why = reason(m);
  const waits = m.waiting_for ? t("mail.waitsForBooking") : null;
  const files = m.attachments.map((a) => a.name).join(", ");
  return h("tr", { "data-mail": m.id, "data-state": m.state },
    h("td", {}, m.to),
    h("td", {}, m.subject, files ? h("div", { class: "hint" }, t("mail.attached", { files })) : null),
    h("td", {}, h("span", { class: `mail-state mail-${m.state}` }, t(STATES[m.state])),
      m.sent_at ? h("div", { class: "hint" }, dateTime(m.sent_at)) : null),
    h("td", {}, m.attempts > 0 ? plural(m.attempts, "mail.attemptOne", "mail.attemptMany") : ""),
    h("td", { class: "mail-reason" }, why ?? "", waits ? h("div", { class: "hint" }, waits) : null,
      m.state === "failed" && m.next_try_at ? h("div", { class: "hint" }, t("mail.nextTry", { at: dateTime(m.next_try_at) })) : null),
    h("td", {}, m.state === "failed"
      ? h("button", { "data-action": "retry", onclick: () => retry(m) }, t("mail.retry")) : null));
}

/** The E-mails screen; returns what stops it following the background sender. */
export function mailScreen(root: HTMLElement): () => void {
  const message = h("div", { class: "messages" });
  const list = h("div", {});
  const say = (kind: "ok" | "error", text: string) => message.replaceChildren(notice(kind, text));
  const sendNow = h("button", { class: "primary", "data-action": "send-now", onclick: async () => {
    sendNow.disabled = true;
    try {
      const round = await api.sendQueuedMail();
      const counts = t("mail.round", {
        sent: plural(round.sent, "mail.sentOne", "mail.sentMany"),
        waiting: plural(round.waiting, "mail.waitingOne", "mail.waitingMany"),
      });
      if (round.note) say("error", `${counts} ${round.note}`);
      else say("ok", counts);
      await draw();
    } catch (error) { say("error", (error as Error).message); } finally { sendNow.disabled = false; }
  } }, t("mail.sendNow"));
  async function retry(m: MailView): Promise<void> {
    try {
      await api.retryMail(m.id);
      const round = await api.sendQueuedMail();
      say(round.sent > 0 ? "ok" : "error", round.sent > 0 ? t("mail.retried") : round.note ?? t("mail.stillWaiting"));
      await draw();
    } catch (error) { say("error", (error as Error).message); }
  }
  async function draw(): Promise<void> {
    try {
      const queue = await api.mailQueue();
      list.replaceChildren(queue.length === 0
        ? h("p", { class: "empty" }, t("mail.empty"))
        : h("table", { class: "mail-queue" },
          h("thead", {}, h("tr", {}, h("th", {}, t("mail.to")), h("th", {}, t("mail.subject")), h("th", {}, t("mail.state")),
            h("th", {}, t("mail.attempts")), h("th", {}, t("mail.reason")), h("th", {}, ""))),
          h("tbody", {}, ...queue.map((m) => row(m, (x) => void retry(x))))));
    } catch (error) { say("error", (error as Error).message); }
  }
  root.replaceChildren(h("h2", {}, t("nav.mail")), h("p", { class: "hint" }, t("mail.help")), message,
    h("div", { class: "toolbar" }, sendNow), list);
  void draw();
  let stop: (() => void) | null = null;
  let stopped = false;
  void onMailChanged(() => void draw()).then((unlisten) => { if (stopped) unlisten(); else stop = unlisten; });
  return () => { stopped = true; stop?.(); };
}

/** Paramètres → E-mails: the SMTP server, its password (keychain), a test e-mail. */
export function mailSettingsSection(): HTMLElement {
  const message = h("div", { class: "messages" });
  const section = h("section", { class: "settings-form mail-settings" }, h("h3", {}, t("mail.settings")), message);
  const say = (kind: "ok" | "error", text: string) => message.replaceChildren(notice(kind, text));
  function draw(settings: SmtpSettings | null): void {
    const security = h("select", { name: "security", "data-label": t("mail.security") },
      ...(["starttls", "tls", "plain"] as const).map((s) =>
        h("option", { value: s, selected: (settings?.security ?? "starttls") === s }, t(`mail.security.${s}`))));
    const form: HTMLFormElement = h("form", { novalidate: true, onsubmit: async (e: Event) => {
      e.preventDefault();
      const read = check(form, () => ({
        host: text(form, "host", { max: 253 }),
        port: countValue(form, "port", { min: 1, max: 65535, required: false }),
        username: text(form, "username", { required: false }),
        from: emailValue(form, "from", { required: true }),
        fromName: text(form, "fromName", { required: false }),
      }));
      if (!read.ok) { say("error", read.message); return; }
      const password = raw(form, "password");
      try {
        const saved = await api.setMailSettings({
          host: read.value.host, port: read.value.port, security: security.value as SmtpSettings["security"],
          username: read.value.username, from_address: read.value.from, from_name: read.value.fromName,
        }, password === "" ? null : password, false);
        say("ok", t("mail.saved"));
        draw(saved);
      } catch (error) { say("error", (error as Error).message); }
    } },
      textField({ name: "host", label: t("mail.host"), value: settings?.host ?? "", required: true, placeholder: "smtp.exemple.fr" }),
      h("label", {}, h("span", { class: "field-name" }, t("mail.security")), security),
      countField({ name: "port", label: t("mail.port"), value: settings ? String(settings.port) : "", placeholder: "587" }),
      textField({ name: "username", label: t("mail.username"), value: settings?.username ?? "" }),
      h("label", {}, h("span", { class: "field-name" }, t("mail.password")),
        h("input", { name: "password", type: "password", autocomplete: "new-password", "data-label": t("mail.password"),
          placeholder: settings?.has_password ? t("mail.passwordKept") : "" })),
      textField({ name: "from", label: t("mail.from"), value: settings?.from_address ?? "", required: true, placeholder: "contact@exemple.fr" }),
      textField({ name: "fromName", label: t("mail.fromName"), value: settings?.from_name ?? "" }),
      h("p", { class: "hint" }, t("mail.passwordHelp")),
      h("button", { type: "submit", class: "primary", "data-action": "save-mail" }, t("settings.save")));
    const testButton = h("button", { type: "submit", "data-action": "test-mail", disabled: settings === null }, t("mail.test"));
    const test: HTMLFormElement = h("form", { novalidate: true, class: "mail-test", onsubmit: async (e: Event) => {
      e.preventDefault();
      const read = check(test, () => emailValue(test, "to", { required: true }));
      if (!read.ok) { say("error", read.message); return; }
      testButton.disabled = true;
      try {
        await api.sendTestMail(read.value ?? "");
        say("ok", t("mail.testSent", { to: read.value ?? "" }));
      } catch (error) { say("error", (error as Error).message); } finally { testButton.disabled = false; }
    } }, textField({ name: "to", label: t("mail.testTo"), placeholder: "vous@exemple.fr" }), testButton);
    section.replaceChildren(h("h3", {}, t("mail.settings")), message, queueButton, form, test);
  }
  const queueButton = h("button", { type: "button", "data-action": "open-mail", title: "Maj+F11",
    onclick: () => document.dispatchEvent(new Event("guichet:mail")) }, t("mail.openQueue"));
  void api.mailQueue().then((queue) => {
    const waiting = queue.filter((m) => m.state !== "sent").length;
    const failed = queue.filter((m) => m.state === "failed").length;
    queueButton.textContent = t("mail.openQueueCount", {
      waiting: plural(waiting, "mail.waitingOne", "mail.waitingMany"), failed: plural(failed, "mail.failedOne", "mail.failedMany") });
  }, () => undefined);
  void api.mailSettings().then(draw, (error) => say("error", (error as Error).message));
  return section;
}
