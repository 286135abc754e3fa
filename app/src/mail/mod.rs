//! Use cases: e-mail that leaves when the network comes back (issue 10, rule T6).
//!
//! Every e-mail is first queued in the local database with its attachments
//! ([`App::queue_mail`]); [`App::send_queued_mail`] sends what is due through the SMTP
//! server set on this device ([`App::set_mail_settings`]; its password in the system
//! keychain only). A message about a booking leaves only once the sync server has
//! applied the booking (the operations that mention it are acknowledged); a device
//! never enrolled sends at once.
//!
//! Delivery is at-least-once, as SMTP allows: a message is marked `sending` (with the
//! run mark of the process sending it) before it is handed to the server, and `sent`
//! after the server accepted it. A process killed in between leaves it `sending`: the
//! next round sees that process is gone, puts it back, and sends it again with the
//! same Message-ID, so the rare duplicate is recognisable. Nothing is ever lost.

pub mod smtp;
pub mod worker;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::gateways::{Secret, SecretStore};
use crate::operators::Permission;
use crate::App;

pub use smtp::{FailureKind, SendFailure};

/// The largest body, in bytes.
pub const MAX_BODY: usize = 1 << 20;
/// The most attachments' bytes one e-mail carries (servers commonly refuse 25 MB once
/// encoded: 18 MB of files is about 24 MB in base64).
pub const MAX_ATTACHMENTS: usize = 18 << 20;
/// A message claimed by a process that still lives but has not finished after this
/// long is taken back (the SMTP exchange times out well before).
const SENDING_LEASE: chrono::Duration = chrono::Duration::minutes(10);
/// The first pause after a failure that retries by itself; doubled at each attempt.
const FIRST_RETRY: chrono::Duration = chrono::Duration::seconds(30);
/// The longest pause between two attempts.
const LONGEST_RETRY: chrono::Duration = chrono::Duration::hours(1);

/// How the connection to the SMTP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (port 587); TLS is required.
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: to this machine only (a local relay, tests).
    Plain,
}

impl Security {
    /// Its code.
    pub fn code(self) -> &'static str {
        match self {
            Security::Starttls => "starttls",
            Security::Tls => "tls",
            Security::Plain => "plain",
        }
    }

    /// The port it usually uses.
    pub fn default_port(self) -> u16 {
        match self {
            Security::Starttls => 587,
            Security::Tls => 465,
            Security::Plain => 25,
        }
    }

    fn from_code(code: &str) -> Security {
        match code {
            "tls" => Security::Tls,
            "plain" => Security::Plain,
            _ => Security::Starttls,
        }
    }
}

impl std::str::FromStr for Security {
    type Err = AppError;

    fn from_str(text: &str) -> AppResult<Security> {
        match text.trim().to_ascii_lowercase().as_str() {
            "starttls" => Ok(Security::Starttls),
            "tls" | "ssl" => Ok(Security::Tls),
            "plain" | "none" | "aucune" => Ok(Security::Plain),
            _ => Err(AppError::input(format!(
                "sécurité « {} » inconnue : écrivez starttls (port 587), tls (port 465) ou plain \
                 (sans chiffrement, vers cette machine seulement)",
                guichet_core::bounds::printable(text)
            ))),
        }
    }
}

/// The SMTP server this device sends through (no password: it is in the keychain).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SmtpSettings {
    /// Its host name.
    pub host: String,
    /// Its port.
    pub port: u16,
    /// How the connection is secured.
    pub security: Security,
    /// The login, if the server asks for one.
    pub username: Option<String>,
    /// The sender's address.
    pub from_address: String,
    /// The sender's name as recipients see it.
    pub from_name: Option<String>,
    /// Whether a password is kept in the system keychain.
    pub has_password: bool,
}

/// A change of the SMTP settings: what is given replaces what was set.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct SmtpSettingsInput {
    /// The host name.
    pub host: Option<String>,
    /// The port (by default, the security's usual one).
    pub port: Option<u16>,
    /// How the connection is secured (by default STARTTLS).
    pub security: Option<Security>,
    /// The login; an empty one removes it.
    pub username: Option<String>,
    /// The sender's address.
    pub from_address: Option<String>,
    /// The sender's name; an empty one removes it.
    pub from_name: Option<String>,
}

/// What to do with the password.
#[derive(Debug, Clone, Default)]
pub enum PasswordChange {
    /// Keep the one in the keychain.
    #[default]
    Keep,
    /// Keep this one in the keychain instead.
    Set(Secret),
    /// Forget it.
    Remove,
}

/// A file attached to an e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Its file name as the recipient sees it.
    pub name: String,
    /// Its MIME type (`application/pdf`).
    pub mime: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// An e-mail to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailDraft {
    /// The recipient's address.
    pub to: String,
    /// The subject (one line).
    pub subject: String,
    /// The body, plain text (UTF-8).
    pub body: String,
    /// Its files, stored with it.
    pub attachments: Vec<Attachment>,
    /// The booking (stay or tickets) it concerns: it leaves once the server has it.
    pub booking: Option<Uuid>,
}

/// Where an e-mail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum MailState {
    /// Not sent yet (never tried, waiting for its booking, or put back).
    Waiting,
    /// Being handed to the server.
    Sending,
    /// Accepted by the server.
    Sent,
    /// The last attempt failed (why in `error`).
    Failed,
}

impl MailState {
    fn from_code(code: &str) -> MailState {
        match code {
            "sending" => MailState::Sending,
            "sent" => MailState::Sent,
            "failed" => MailState::Failed,
            _ => MailState::Waiting,
        }
    }
}

/// An attached file, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AttachmentView {
    /// Its name.
    pub name: String,
    /// Its MIME type.
    pub mime: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub size: u64,
}

/// An e-mail of the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MailView {
    /// Its id.
    pub id: Uuid,
    /// The recipient.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// Where it is.
    pub state: MailState,
    /// How many times it was handed to a server.
    pub attempts: u32,
    /// Why the last attempt failed, or why it was put back, in French.
    pub error: Option<String>,
    /// Its kind, for a window that says it in another language: `unreachable`,
    /// `temporary`, `auth`, `tls`, `address`, `refused`, `interrupted`.
    pub error_kind: Option<String>,
    /// When it is tried again by itself (none: a person asks for it).
    pub next_try_at: Option<DateTime<Utc>>,
    /// When the server accepted it.
    pub sent_at: Option<DateTime<Utc>>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// The booking it concerns.
    pub booking: Option<Uuid>,
    /// What it waits for before it can leave, in French.
    pub waiting_for: Option<String>,
    /// Its Message-ID (the same at every attempt).
    pub message_id: String,
    /// Its files.
    pub attachments: Vec<AttachmentView>,
}

/// What a sending round did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MailRound {
    /// Messages the server accepted.
    pub sent: u32,
    /// Messages that failed this time.
    pub failed: u32,
    /// Messages still waiting (for their booking, the network, the settings).
    pub waiting: u32,
    /// Why nothing could be sent at all, in French (no settings, server unreachable…).
    pub note: Option<String>,
}

/// The keychain account of the SMTP password.
fn password_account(keychain_id: Uuid) -> String {
    format!("{keychain_id}/smtp/password")
}

fn settings_row(conn: &Connection) -> AppResult<Option<SmtpSettings>> {
    Ok(conn
        .query_row(
            "SELECT host, port, security, username, from_address, from_name, has_password
             FROM mail_settings WHERE id = 1",
            [],
            |r| {
                Ok(SmtpSettings {
                    host: r.get(0)?,
                    port: r.get(1)?,
                    security: Security::from_code(&r.get::<_, String>(2)?),
                    username: r.get(3)?,
                    from_address: r.get(4)?,
                    from_name: r.get(5)?,
                    has_password: r.get(6)?,
                })
            },
        )
        .optional()?)
}

/// One line of text: trimmed, not empty, without control characters, `max` at most.
fn line(value: &str, what: &str, max: usize) -> AppResult<String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::input(format!("{what} : la valeur est vide")));
    }
    if value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(AppError::input(format!(
            "{what} : une ligne de {max} caractères au plus"
        )));
    }
    Ok(value.to_owned())
}

/// An e-mail address, checked.
pub fn address(value: &str, what: &str) -> AppResult<String> {
    let value = line(value, what, 254)?;
    value
        .parse::<lettre::Address>()
        .map(|_| value.clone())
        .map_err(|_| {
            AppError::input(format!(
                "{what} « {} » invalide : écrivez une adresse comme nom@exemple.fr",
                guichet_core::bounds::printable(&value)
            ))
        })
}

fn check_host(host: &str) -> AppResult<String> {
    let host = line(host, "serveur d'envoi", 253)?;
    if host.contains(char::is_whitespace) || host.contains('/') || host.contains("://") {
        return Err(AppError::input(format!(
            "serveur d'envoi « {} » : écrivez seulement son nom, par exemple smtp.exemple.fr",
            guichet_core::bounds::printable(&host)
        )));
    }
    Ok(host)
}

/// A draft checked: its values trimmed, or why not in French.
fn check_draft(draft: &MailDraft) -> AppResult<MailDraft> {
    let to = address(&draft.to, "adresse du destinataire")?;
    let subject = line(&draft.subject, "objet de l'e-mail", 500)?;
    if draft.body.trim().is_empty() {
        return Err(AppError::input(
            "le texte de l'e-mail est vide : écrivez le message",
        ));
    }
    if draft.body.len() > MAX_BODY {
        return Err(AppError::input(
            "le texte de l'e-mail dépasse 1 Mo : raccourcissez-le, ou joignez un fichier",
        ));
    }
    let mut total = 0usize;
    let mut attachments = Vec::with_capacity(draft.attachments.len());
    for file in &draft.attachments {
        let name = line(&file.name, "nom de la pièce jointe", 200)?;
        if name.contains(['/', '\\']) {
            return Err(AppError::input(format!(
                "nom de pièce jointe « {} » : un nom de fichier sans dossier",
                guichet_core::bounds::printable(&name)
            )));
        }
        lettre::message::header::ContentType::parse(&file.mime).map_err(|_| {
            AppError::input(format!(
                "type « {} » de la pièce jointe {name} inconnu : par exemple application/pdf",
                guichet_core::bounds::printable(&file.mime)
            ))
        })?;
        total = total.saturating_add(file.bytes.len());
        attachments.push(Attachment {
            name,
            mime: file.mime.trim().to_owned(),
            bytes: file.bytes.clone(),
        });
    }
    if total > MAX_ATTACHMENTS {
        return Err(AppError::input(
            "les pièces jointes dépassent 18 Mo ensemble : la plupart des serveurs refuseraient \
             l'e-mail ; envoyez-les en plusieurs fois",
        ));
    }
    Ok(MailDraft {
        to,
        subject,
        body: draft.body.replace("\r\n", "\n"),
        attachments,
        booking: draft.booking,
    })
}

/// The MIME type of a file name, from its extension (what is attached from a path).
pub fn mime_of(name: &str) -> &'static str {
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "html" | "htm" => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A queued row, read to be sent.
struct Queued {
    id: Uuid,
    to: String,
    subject: String,
    body: String,
    message_id: String,
    booking: Option<Uuid>,
    state: String,
    attempts: u32,
    created_at: DateTime<Utc>,
}

fn attachments_of(conn: &Connection, id: Uuid) -> AppResult<Vec<Attachment>> {
    let mut statement = conn.prepare_cached(
        "SELECT name, mime, bytes FROM mail_attachments WHERE mail_id = ?1 ORDER BY position",
    )?;
    let rows = statement.query_map([id.to_string()], |r| {
        Ok(Attachment {
            name: r.get(0)?,
            mime: r.get(1)?,
            bytes: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn instant(text: Option<String>) -> Option<DateTime<Utc>> {
    text.and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// The pause before attempt `attempts + 1` after a failure that retries by itself.
pub fn backoff(attempts: u32) -> chrono::Duration {
    let doublings = attempts.saturating_sub(1).min(12);
    FIRST_RETRY
        .checked_mul(1 << doublings)
        .unwrap_or(LONGEST_RETRY)
        .min(LONGEST_RETRY)
}

/// The message said when a sending was interrupted.
const INTERRUPTED: &str = "l'envoi a été interrompu (programme arrêté pendant l'envoi) : \
    l'e-mail repart avec le même Message-ID ; le destinataire peut le recevoir deux fois";

/// What a booking's e-mail still waits for.
const WAITS_FOR_BOOKING: &str = "attend que le serveur de synchronisation ait enregistré la \
    réservation : il partira après la prochaine synchronisation";

impl App {
    /// The SMTP settings of this device, if set (no keychain needed).
    pub fn mail_settings(&self) -> AppResult<Option<SmtpSettings>> {
        settings_row(self.store().conn())
    }

    /// Sets the SMTP server up: what `input` gives replaces what was set; the password
    /// goes to `keychain` only. Without a keychain, a password is refused and nothing
    /// is stored. Messages that failed on the old settings (password, certificate) are
    /// tried again at the next round.
    pub fn set_mail_settings(
        &mut self,
        keychain: &dyn SecretStore,
        input: &SmtpSettingsInput,
        password: PasswordChange,
    ) -> AppResult<SmtpSettings> {
        self.require(Permission::EditSettings)?;
        let old = settings_row(self.store().conn())?;
        let security = input
            .security
            .or(old.as_ref().map(|o| o.security))
            .unwrap_or(Security::Starttls);
        let host = match (&input.host, &old) {
            (Some(host), _) => check_host(host)?,
            (None, Some(old)) => old.host.clone(),
            (None, None) => {
                return Err(AppError::input(
                    "donnez le serveur d'envoi (--host smtp.exemple.fr) et l'adresse \
                     d'expédition (--from contact@exemple.fr)",
                ))
            }
        };
        let port = match (input.port, &old) {
            (Some(0), _) => {
                return Err(AppError::input(
                    "port 0 : écrivez le port du serveur d'envoi, 587 (STARTTLS) ou 465 (TLS)",
                ))
            }
            (Some(port), _) => port,
            (None, Some(old))
                if input.security.is_none() || input.security == Some(old.security) =>
            {
                old.port
            }
            _ => security.default_port(),
        };
        if security == Security::Plain && !smtp::is_loopback(&host) {
            return Err(AppError::input(format!(
                "un envoi sans chiffrement n'est permis que vers cette machine (localhost) : pour \
                 {host}, choisissez starttls (port 587) ou tls (port 465)"
            )));
        }
        let from_address = match (&input.from_address, &old) {
            (Some(from), _) => address(from, "adresse d'expédition")?,
            (None, Some(old)) => old.from_address.clone(),
            (None, None) => {
                return Err(AppError::input(
                    "donnez l'adresse d'expédition (--from contact@exemple.fr)",
                ))
            }
        };
        let optional = |given: &Option<String>, old: Option<&String>, what: &str| match given {
            Some(v) if v.trim().is_empty() => Ok(None),
            Some(v) => line(v, what, 200).map(Some),
            None => Ok(old.cloned()),
        };
        let username = optional(
            &input.username,
            old.as_ref().and_then(|o| o.username.as_ref()),
            "identifiant du serveur d'envoi",
        )?;
        let from_name = optional(
            &input.from_name,
            old.as_ref().and_then(|o| o.from_name.as_ref()),
            "nom de l'expéditeur",
        )?;
        let had_password = old.as_ref().is_some_and(|o| o.has_password);
        let has_password = match &password {
            PasswordChange::Keep => had_password,
            PasswordChange::Set(secret) => {
                if secret.expose().is_empty() || secret.expose().chars().any(char::is_control) {
                    return Err(AppError::input(
                        "mot de passe du serveur d'envoi : une ligne non vide (le fichier donné \
                         en contient une seule)",
                    ));
                }
                true
            }
            PasswordChange::Remove => false,
        };
        let keychain_id = match &password {
            PasswordChange::Keep => None,
            _ => {
                keychain.check()?;
                Some(match crate::gateways::keychain_id(self.store().conn())? {
                    Some(id) => id,
                    None => self.write(|tx| {
                        let id = tx.new_id();
                        tx.set_device_setting(crate::gateways::KEYCHAIN_ID, &id.to_string())?;
                        Ok(id)
                    })?,
                })
            }
        };
        if let (Some(id), PasswordChange::Set(secret)) = (keychain_id, &password) {
            keychain.set(&password_account(id), secret)?;
        }
        let settings = SmtpSettings {
            host,
            port,
            security,
            username,
            from_address,
            from_name,
            has_password,
        };
        self.write(|tx| {
            let now = tx.now().to_rfc3339();
            tx.conn().execute(
                "INSERT INTO mail_settings (id, host, port, security, username, from_address,
                 from_name, has_password, updated_at) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (id) DO UPDATE SET host = excluded.host, port = excluded.port,
                 security = excluded.security, username = excluded.username,
                 from_address = excluded.from_address, from_name = excluded.from_name,
                 has_password = excluded.has_password, updated_at = excluded.updated_at",
                (
                    &settings.host,
                    settings.port,
                    settings.security.code(),
                    &settings.username,
                    &settings.from_address,
                    &settings.from_name,
                    settings.has_password,
                    &now,
                ),
            )?;
            // What failed on the old settings is tried again on the new ones.
            tx.conn().execute(
                "UPDATE mail_queue SET next_try_at = ?1
                 WHERE state = 'failed' AND error_kind IN ('auth', 'tls', 'unreachable', 'settings')",
                [&now],
            )?;
            Ok(())
        })?;
        if let (Some(id), PasswordChange::Remove) = (keychain_id, &password) {
            keychain.delete(&password_account(id))?;
        }
        tracing::info!(
            security = settings.security.code(),
            port = settings.port,
            password = settings.has_password,
            "réglages d'envoi des e-mails enregistrés"
        );
        Ok(settings)
    }

    /// Queues an e-mail (with its attachments) to be sent when a connection exists;
    /// returns its id. Nothing is sent here: see [`App::send_queued_mail`].
    pub fn queue_mail(&mut self, draft: MailDraft) -> AppResult<Uuid> {
        let draft = check_draft(&draft)?;
        let domain = settings_row(self.store().conn())?
            .and_then(|s| s.from_address.rsplit_once('@').map(|(_, d)| d.to_owned()))
            .unwrap_or_else(|| "guichet.invalid".to_owned());
        let id = self.write(|tx| {
            let id = tx.new_id();
            let now = tx.now().to_rfc3339();
            tx.conn().execute(
                "INSERT INTO mail_queue (id, message_id, to_address, subject, body, booking_id,
                 state, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'waiting', ?7)",
                (
                    id.to_string(),
                    format!("<{}@{domain}>", id.simple()),
                    &draft.to,
                    &draft.subject,
                    &draft.body,
                    draft.booking.map(|b| b.to_string()),
                    &now,
                ),
            )?;
            for (position, file) in draft.attachments.iter().enumerate() {
                tx.conn().execute(
                    "INSERT INTO mail_attachments (mail_id, position, name, mime, bytes)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    (
                        id.to_string(),
                        i64::try_from(position).unwrap_or(i64::MAX),
                        &file.name,
                        &file.mime,
                        &file.bytes,
                    ),
                )?;
            }
            Ok(id)
        })?;
        tracing::info!(mail = %id, attachments = draft.attachments.len(), "e-mail mis en file");
        Ok(id)
    }

    /// Queues an e-mail with the tickets of a ticket booking attached (their PDF).
    pub fn queue_tickets_mail(
        &mut self,
        booking: Uuid,
        to: &str,
        subject: Option<&str>,
        body: Option<&str>,
    ) -> AppResult<Uuid> {
        let pdf = self.ticket_pdf(booking)?;
        let reference = crate::box_office::booking_reference(booking);
        let subject = subject
            .map(str::to_owned)
            .unwrap_or_else(|| format!("Vos billets — réservation {reference}"));
        let body = body.map(str::to_owned).unwrap_or_else(|| {
            format!(
                "Bonjour,\n\nVoici vos billets (réservation {reference}), en pièce jointe. \
                 Présentez-les à l'entrée, imprimés ou sur votre téléphone.\n\nÀ bientôt !\n"
            )
        });
        self.queue_mail(MailDraft {
            to: to.to_owned(),
            subject,
            body,
            attachments: vec![Attachment {
                name: format!("billets-{reference}.pdf"),
                mime: "application/pdf".to_owned(),
                bytes: pdf,
            }],
            booking: Some(booking),
        })
    }

    /// Queues the notification `name` (T6: `confirmation`, `rappel_solde`,
    /// `annulation`) of a stay booking: its template rendered for the booking, its
    /// contract attached (B2) and its invoice as issued (its credit note for a
    /// cancellation) when it has one (B3), to `to` or else the customer's e-mail. It
    /// leaves once the sync server has applied the booking (at once on a device never
    /// enrolled).
    pub fn queue_booking_mail(
        &mut self,
        booking: Uuid,
        name: &str,
        to: Option<&str>,
    ) -> AppResult<Uuid> {
        let file = self.booking_file(booking)?;
        let to = match to {
            Some(to) => to.to_owned(),
            None => file.customer.email.clone().ok_or_else(|| {
                AppError::input(
                    "ce client n'a pas d'e-mail : ajoutez-le dans son dossier, ou donnez l'adresse du destinataire",
                )
            })?,
        };
        let rendered = self.render_template(name, booking)?;
        let subject = if rendered.subject.is_empty() {
            format!("Réservation n° {}", file.number)
        } else {
            rendered.subject
        };
        let contract = self.contract_pdf(booking)?;
        let mut attachments = vec![Attachment {
            name: format!("contrat-{}.pdf", file.number),
            mime: "application/pdf".to_owned(),
            bytes: contract,
        }];
        if let Some(document) = self.document_for(booking, name)? {
            let (number, bytes) = self.invoice_pdf(document)?;
            attachments.push(Attachment {
                name: format!(
                    "{}-{number}.pdf",
                    if name == "annulation" {
                        "avoir"
                    } else {
                        "facture"
                    }
                ),
                mime: "application/pdf".to_owned(),
                bytes,
            });
        }
        self.queue_mail(MailDraft {
            to,
            subject,
            body: rendered.body,
            attachments,
            booking: Some(booking),
        })
    }

    /// The invoice a booking's e-mail `name` carries as issued: for a cancellation its
    /// last credit note, otherwise its invoice no credit note cancels; none before it
    /// is invoiced.
    fn document_for(&self, booking: Uuid, name: &str) -> AppResult<Option<Uuid>> {
        if name != "annulation" {
            return Ok(
                crate::invoices::live_invoice(self.store().conn(), booking)?.map(|(id, _)| id)
            );
        }
        Ok(self
            .invoices(Some(booking))?
            .iter()
            .rev()
            .find(|d| d.kind == "credit_note")
            .map(|d| d.id))
    }

    /// The queue, newest first.
    pub fn mail_queue(&self) -> AppResult<Vec<MailView>> {
        let conn = self.store().conn();
        let enrolled = self.enrolled_for_mail();
        let mut statement = conn.prepare(
            "SELECT id, to_address, subject, state, attempts, error, next_try_at, sent_at,
             created_at, booking_id, message_id, error_kind FROM mail_queue
             ORDER BY created_at DESC, id DESC",
        )?;
        let rows = statement.query_map([], |r| {
            Ok(MailView {
                id: crate::store::read::parse(r, 0)?,
                to: r.get(1)?,
                subject: r.get(2)?,
                state: MailState::from_code(&r.get::<_, String>(3)?),
                attempts: r.get(4)?,
                error: r.get(5)?,
                next_try_at: instant(r.get(6)?),
                sent_at: instant(r.get(7)?),
                created_at: instant(r.get(8)?).unwrap_or_default(),
                booking: r.get::<_, Option<String>>(9)?.and_then(|b| b.parse().ok()),
                message_id: r.get(10)?,
                error_kind: r.get(11)?,
                waiting_for: None,
                attachments: Vec::new(),
            })
        })?;
        let mut list = rows.collect::<Result<Vec<_>, _>>()?;
        let mut files = conn.prepare_cached(
            "SELECT name, mime, length(bytes) FROM mail_attachments WHERE mail_id = ?1
             ORDER BY position",
        )?;
        for mail in &mut list {
            if let (MailState::Waiting | MailState::Failed, Some(booking), true) =
                (mail.state, mail.booking, enrolled)
            {
                if booking_pending(conn, booking)? {
                    mail.waiting_for = Some(WAITS_FOR_BOOKING.to_owned());
                }
            }
            let rows = files.query_map([mail.id.to_string()], |r| {
                Ok(AttachmentView {
                    name: r.get(0)?,
                    mime: r.get(1)?,
                    size: u64::try_from(r.get::<_, i64>(2)?).unwrap_or(0),
                })
            })?;
            mail.attachments = rows.collect::<Result<_, _>>()?;
        }
        Ok(list)
    }

    /// Asks for a failed (or waiting) e-mail to be tried at the next round.
    pub fn retry_mail(&mut self, id: Uuid) -> AppResult<MailView> {
        let changed = self.write(|tx| {
            let now = tx.now().to_rfc3339();
            Ok(tx.conn().execute(
                "UPDATE mail_queue SET state = 'waiting', next_try_at = ?2
                 WHERE id = ?1 AND state IN ('failed', 'waiting') AND to_address <> ?3",
                (
                    id.to_string(),
                    &now,
                    guichet_core::sync::wire::ANONYMOUS_EMAIL,
                ),
            )?)
        })?;
        let view = self
            .mail_queue()?
            .into_iter()
            .find(|m| m.id == id)
            .ok_or_else(|| {
                AppError::input(format!(
                    "aucun e-mail {id} dans la file : voyez « guichet mail queue »"
                ))
            })?;
        if changed == 0 {
            return Err(AppError::rule(match view.state {
                MailState::Sent => "cet e-mail est déjà parti : rien à relancer",
                _ if view.to == guichet_core::sync::wire::ANONYMOUS_EMAIL => {
                    "le client de cet e-mail a été anonymisé : il est effacé et ne partira pas"
                }
                _ => "cet e-mail est en cours d'envoi : attendez la fin de l'envoi",
            }));
        }
        Ok(view)
    }

    /// Whether this device is enrolled with a sync server (then a booking's e-mails
    /// wait for it); an in-memory application never is.
    fn enrolled_for_mail(&self) -> bool {
        self.data_dir().is_some() && matches!(self.credentials(), Ok(Some(_)))
    }

    /// Puts back the messages whose sending process died (or overran its lease).
    fn recover_interrupted(&mut self) -> AppResult<u32> {
        let claimed: Vec<(String, Option<String>, Option<String>)> = {
            let mut s = self.store().conn().prepare(
                "SELECT id, sending_by, sending_since FROM mail_queue WHERE state = 'sending'",
            )?;
            let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        let now = self.now();
        let mine = self.run_mark();
        let dead: Vec<String> = claimed
            .into_iter()
            .filter(|(_, by, since)| {
                let overran = instant(since.clone()).is_none_or(|t| now - t > SENDING_LEASE);
                let gone = match (by, self.data_dir()) {
                    (Some(by), Some(dir)) => {
                        Some(by) != mine.as_ref() && !crate::data_dir::run_mark_is_live(dir, by)
                    }
                    _ => false,
                };
                overran || gone
            })
            .map(|(id, _, _)| id)
            .collect();
        if dead.is_empty() {
            return Ok(0);
        }
        self.write(|tx| {
            for id in &dead {
                tx.conn().execute(
                    "UPDATE mail_queue SET state = 'waiting', error = ?2, error_kind = 'interrupted',
                     sending_by = NULL, sending_since = NULL WHERE id = ?1 AND state = 'sending'",
                    (id, INTERRUPTED),
                )?;
            }
            Ok(())
        })?;
        tracing::warn!(
            count = dead.len(),
            "e-mails interrompus pendant l'envoi : remis en file"
        );
        Ok(u32::try_from(dead.len()).unwrap_or(u32::MAX))
    }

    /// The password for the SMTP login, from the keychain.
    fn smtp_password(
        &self,
        keychain: &dyn SecretStore,
        settings: &SmtpSettings,
    ) -> AppResult<Option<Secret>> {
        if settings.username.is_none() || !settings.has_password {
            return Ok(None);
        }
        keychain.check()?;
        let id = crate::gateways::keychain_id(self.store().conn())?;
        let secret = match id {
            Some(id) => keychain.get(&password_account(id))?,
            None => None,
        };
        secret.map(Some).ok_or_else(|| {
            AppError::rule(
                "le mot de passe du serveur d'envoi n'est pas dans le trousseau de ce système : \
                 donnez-le à nouveau dans les réglages des e-mails",
            )
        })
    }

    /// Sends what is due: the messages waiting, and those that failed and whose next
    /// attempt has come (`now`: every failed message that retries by itself, as a
    /// person asking "send now" wants). A booking's message waits until the sync server
    /// has applied the booking (a device never enrolled sends at once). A round stops at
    /// the first failure every other message would meet (server unreachable, password
    /// or certificate refused), leaving the others as they were.
    pub fn send_queued_mail(
        &mut self,
        keychain: &dyn SecretStore,
        now: bool,
    ) -> AppResult<MailRound> {
        self.recover_interrupted()?;
        let mut round = MailRound::default();
        let Some(settings) = self.mail_settings()? else {
            round.waiting = self.count_unsent()?;
            if round.waiting > 0 {
                round.note = Some(
                    "aucun serveur d'envoi n'est réglé : réglez-le dans Paramètres › E-mails \
                     (ou « guichet mail settings »)"
                        .to_owned(),
                );
            }
            return Ok(round);
        };
        let due = self.due_mail(now)?;
        if due.is_empty() {
            round.waiting = self.count_unsent()?;
            return Ok(round);
        }
        let password = self.smtp_password(keychain, &settings)?;
        let enrolled = self.enrolled_for_mail();
        for mail in due {
            if mail.to == guichet_core::sync::wire::ANONYMOUS_EMAIL {
                self.finish(
                    &mail,
                    Err(SendFailure {
                        kind: FailureKind::Refused,
                        message: crate::store::MAIL_ANONYMISED.to_owned(),
                    }),
                )?;
                round.failed += 1;
                continue;
            }
            if let Some(booking) = mail.booking {
                if enrolled && booking_pending(self.store().conn(), booking)? {
                    continue;
                }
                if booking_rejected(self.store().conn(), booking)? {
                    self.finish(
                        &mail,
                        Err(SendFailure {
                            kind: FailureKind::Refused,
                            message: "la réservation de cet e-mail a été refusée par le serveur \
                                      de synchronisation : l'e-mail n'est pas parti ; voyez la \
                                      boîte des conflits"
                                .to_owned(),
                        }),
                    )?;
                    round.failed += 1;
                    continue;
                }
            }
            if !self.claim(&mail)? {
                continue;
            }
            let attachments = attachments_of(self.store().conn(), mail.id)?;
            let outgoing = smtp::Outgoing {
                to: &mail.to,
                subject: &mail.subject,
                body: &mail.body,
                attachments: &attachments,
                message_id: &mail.message_id,
                date: mail.created_at,
            };
            let result = match smtp::build(&settings, &outgoing) {
                Ok(message) => smtp::send(&settings, password.as_ref(), &message),
                Err(e) => Err(SendFailure {
                    kind: FailureKind::Refused,
                    message: e.message,
                }),
            };
            let stop = result
                .as_ref()
                .err()
                .map(|f| (f.kind.stops_the_round(), f.message.clone()));
            self.finish(&mail, result)?;
            match stop {
                None => round.sent += 1,
                Some((stops, message)) => {
                    round.failed += 1;
                    if stops {
                        round.note = Some(message);
                        break;
                    }
                }
            }
        }
        round.waiting = self.count_unsent()?;
        Ok(round)
    }

    /// Sends a test e-mail to `to` now, without queueing it: whether the settings work.
    pub fn send_test_mail(&mut self, keychain: &dyn SecretStore, to: &str) -> AppResult<()> {
        let settings = self.mail_settings()?.ok_or_else(|| {
            AppError::rule("aucun serveur d'envoi n'est réglé : réglez-le d'abord")
        })?;
        let to = address(to, "adresse du destinataire")?;
        let password = self.smtp_password(keychain, &settings)?;
        let id = self.ids.next_id();
        let domain = settings
            .from_address
            .rsplit_once('@')
            .map_or("guichet.invalid", |(_, d)| d)
            .to_owned();
        let message_id = format!("<{}@{domain}>", id.simple());
        let outgoing = smtp::Outgoing {
            to: &to,
            subject: "Guichet : e-mail d'essai",
            body: "Bonjour,\n\nCet e-mail d'essai montre que Guichet peut envoyer des e-mails \
                   avec les réglages de ce poste.\n",
            attachments: &[],
            message_id: &message_id,
            date: self.now(),
        };
        let message = smtp::build(&settings, &outgoing)?;
        smtp::send(&settings, password.as_ref(), &message).map_err(|f| AppError {
            code: if f.kind == FailureKind::Unreachable {
                crate::error::ErrorCode::Offline
            } else {
                crate::error::ErrorCode::Rule
            },
            message: f.message,
        })
    }

    fn count_unsent(&self) -> AppResult<u32> {
        Ok(self.store().conn().query_row(
            "SELECT COUNT(*) FROM mail_queue WHERE state <> 'sent'",
            [],
            |r| r.get(0),
        )?)
    }

    fn due_mail(&self, now: bool) -> AppResult<Vec<Queued>> {
        let at = self.now().to_rfc3339();
        let mut s = self.store().conn().prepare(
            "SELECT id, to_address, subject, body, message_id, booking_id, state, attempts, created_at
             FROM mail_queue
             WHERE state = 'waiting'
                OR (state = 'failed' AND next_try_at IS NOT NULL
                    AND (next_try_at <= ?1 OR (?2 AND error_kind IN ('unreachable', 'temporary'))))
             ORDER BY created_at, id",
        )?;
        let rows = s.query_map((&at, now), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get::<_, String>(8)?,
            ))
        })?;
        let mut due = Vec::new();
        for row in rows {
            let (id, to, subject, body, message_id, booking, state, attempts, created) = row?;
            let Ok(id) = id.parse() else { continue };
            due.push(Queued {
                id,
                to,
                subject,
                body,
                message_id,
                booking: booking.and_then(|b| b.parse().ok()),
                state,
                attempts,
                created_at: instant(Some(created)).unwrap_or_default(),
            });
        }
        Ok(due)
    }

    /// Marks `mail` as being sent by this process, if nobody else took it meanwhile.
    fn claim(&mut self, mail: &Queued) -> AppResult<bool> {
        let by = self.run_mark();
        let changed = self.write(|tx| {
            Ok(tx.conn().execute(
                "UPDATE mail_queue SET state = 'sending', attempts = attempts + 1,
                 sending_by = ?3, sending_since = ?4
                 WHERE id = ?1 AND state = ?2 AND attempts = ?5",
                (
                    mail.id.to_string(),
                    &mail.state,
                    &by,
                    tx.now().to_rfc3339(),
                    mail.attempts,
                ),
            )?)
        })?;
        Ok(changed == 1)
    }

    /// Records how an attempt ended.
    fn finish(&mut self, mail: &Queued, result: Result<(), SendFailure>) -> AppResult<()> {
        self.write(|tx| {
            let now = tx.now();
            match &result {
                Ok(()) => {
                    tx.conn().execute(
                        "UPDATE mail_queue SET state = 'sent', sent_at = ?2, error = NULL,
                         error_kind = NULL, next_try_at = NULL, sending_by = NULL,
                         sending_since = NULL WHERE id = ?1",
                        (mail.id.to_string(), now.to_rfc3339()),
                    )?;
                }
                Err(failure) => {
                    let attempts = mail.attempts.saturating_add(1);
                    let next = failure
                        .kind
                        .retries_by_itself()
                        .then(|| (now + backoff(attempts)).to_rfc3339());
                    tx.conn().execute(
                        "UPDATE mail_queue SET state = 'failed', error = ?2, error_kind = ?3,
                         next_try_at = ?4, sending_by = NULL, sending_since = NULL WHERE id = ?1",
                        (
                            mail.id.to_string(),
                            &failure.message,
                            failure.kind.code(),
                            next,
                        ),
                    )?;
                }
            }
            Ok(())
        })?;
        match &result {
            Ok(()) => tracing::info!(mail = %mail.id, "e-mail envoyé"),
            Err(f) => tracing::warn!(mail = %mail.id, kind = f.kind.code(), "e-mail non envoyé"),
        }
        Ok(())
    }
}

/// Whether an operation of this device that mentions `booking` still waits to be
/// acknowledged by the sync server.
fn booking_pending(conn: &Connection, booking: Uuid) -> AppResult<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM outbox_ops WHERE pushed_at IS NULL
             AND device_id = (SELECT id FROM device) AND instr(payload, ?1) > 0)",
        )?
        .query_row([booking.to_string()], |r| r.get(0))?)
}

/// Whether the sync server rejected `booking` (it lost an overlap).
fn booking_rejected(conn: &Connection, booking: Uuid) -> AppResult<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM bookings WHERE id = ?1 AND rejected_by IS NOT NULL)",
        )?
        .query_row([booking.to_string()], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::gateways::MemoryKeychain;

    fn app() -> App {
        crate::test_app()
    }

    fn input(host: &str, from: &str) -> SmtpSettingsInput {
        SmtpSettingsInput {
            host: Some(host.to_owned()),
            from_address: Some(from.to_owned()),
            username: Some("gite".to_owned()),
            ..SmtpSettingsInput::default()
        }
    }

    /// Every text column of the mail tables, for searching a secret in them.
    fn database_text(app: &App) -> String {
        let conn = app.store().conn();
        let mut all = String::new();
        for sql in [
            "SELECT host || username || from_address FROM mail_settings",
            "SELECT to_address || subject || body || coalesce(error, '') FROM mail_queue",
            "SELECT value FROM device_settings",
        ] {
            if let Ok(mut s) = conn.prepare(sql) {
                let rows = s.query_map([], |r| r.get::<_, String>(0)).unwrap();
                for row in rows {
                    all += &row.unwrap();
                }
            }
        }
        all
    }

    #[test]
    fn t6_the_smtp_password_goes_to_the_keychain_only() {
        let mut app = app();
        let keychain = MemoryKeychain::default();
        let set = app
            .set_mail_settings(
                &keychain,
                &input("smtp.exemple.fr", "contact@gite.fr"),
                PasswordChange::Set(Secret::new("S3cret-Été".to_owned())),
            )
            .unwrap();
        assert!(set.has_password);
        assert_eq!((set.port, set.security), (587, Security::Starttls));
        let id = crate::gateways::keychain_id(app.store().conn())
            .unwrap()
            .unwrap();
        assert_eq!(
            keychain.get(&password_account(id)).unwrap().expose(),
            "S3cret-Été"
        );
        assert!(!database_text(&app).contains("S3cret"));
        // Implicit TLS takes its own port; the password is kept.
        let tls = app
            .set_mail_settings(
                &keychain,
                &SmtpSettingsInput {
                    security: Some(Security::Tls),
                    ..SmtpSettingsInput::default()
                },
                PasswordChange::Keep,
            )
            .unwrap();
        assert_eq!((tls.port, tls.has_password), (465, true));
        // Forgotten: gone from the keychain.
        app.set_mail_settings(
            &keychain,
            &SmtpSettingsInput::default(),
            PasswordChange::Remove,
        )
        .unwrap();
        assert!(keychain.get(&password_account(id)).is_none());
    }

    #[test]
    fn t6_without_a_keychain_a_password_is_refused_and_nothing_is_stored() {
        let mut app = app();
        let error = app
            .set_mail_settings(
                &MemoryKeychain::unavailable(),
                &input("smtp.exemple.fr", "contact@gite.fr"),
                PasswordChange::Set(Secret::new("S3cret".to_owned())),
            )
            .unwrap_err();
        assert!(
            error.message.starts_with("aucun trousseau du système"),
            "{}",
            error.message
        );
        assert!(app.mail_settings().unwrap().is_none());
    }

    #[test]
    fn t6_a_draft_is_checked_in_french_and_queued_with_its_files() {
        let mut app = app();
        let draft = |to: &str, subject: &str| MailDraft {
            to: to.to_owned(),
            subject: subject.to_owned(),
            body: "Bonjour Hélène,\r\nà bientôt.".to_owned(),
            attachments: vec![Attachment {
                name: "contrat.pdf".to_owned(),
                mime: "application/pdf".to_owned(),
                bytes: vec![0, 1, 2, 255],
            }],
            booking: None,
        };
        let bad = app.queue_mail(draft("helene", "Objet")).unwrap_err();
        assert!(
            bad.message.contains("« helene » invalide"),
            "{}",
            bad.message
        );
        let two_lines = app.queue_mail(draft("h@exemple.fr", "a\nb")).unwrap_err();
        assert!(
            two_lines
                .message
                .starts_with("objet de l'e-mail : une ligne"),
            "{}",
            two_lines.message
        );
        let id = app
            .queue_mail(draft("h@exemple.fr", "Séjour confirmé"))
            .unwrap();
        let queue = app.mail_queue().unwrap();
        assert_eq!(queue.len(), 1);
        assert_eq!((queue[0].id, queue[0].state), (id, MailState::Waiting));
        assert_eq!(queue[0].attachments[0].size, 4);
        assert_eq!(
            attachments_of(app.store().conn(), id).unwrap()[0].bytes,
            [0, 1, 2, 255]
        );
        // No server set: nothing leaves, and the round says why.
        let round = app
            .send_queued_mail(&MemoryKeychain::default(), true)
            .unwrap();
        assert_eq!((round.sent, round.waiting), (0, 1));
        assert!(round.note.unwrap().contains("aucun serveur d'envoi"));
    }

    #[test]
    fn t6_retries_back_off_from_30_seconds_to_an_hour() {
        assert_eq!(backoff(1), chrono::Duration::seconds(30));
        assert_eq!(backoff(2), chrono::Duration::seconds(60));
        assert_eq!(backoff(5), chrono::Duration::seconds(480));
        assert_eq!(backoff(9), chrono::Duration::hours(1));
        assert_eq!(backoff(40), chrono::Duration::hours(1));
    }

    #[test]
    fn t6_plain_smtp_is_for_this_machine_only() {
        let mut app = app();
        let mut plain = input("smtp.exemple.fr", "a@exemple.fr");
        plain.security = Some(Security::Plain);
        let error = app
            .set_mail_settings(&MemoryKeychain::default(), &plain, PasswordChange::Keep)
            .unwrap_err();
        assert!(
            error.message.contains("que vers cette machine"),
            "{}",
            error.message
        );
        plain.host = Some("127.0.0.1".to_owned());
        let set = app
            .set_mail_settings(&MemoryKeychain::default(), &plain, PasswordChange::Keep)
            .unwrap();
        assert_eq!(set.port, 25);
    }
}
