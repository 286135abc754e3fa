//! `guichet mail …`: the e-mail queue, sending, and the SMTP settings (rule T6).

use std::io::Read;
use std::path::Path;

use guichet_app::error::{os_reason, AppError, AppResult};
use guichet_app::gateways::{Keychain, Secret};
use guichet_app::mail::{
    mime_of, Attachment, MailDraft, MailRound, MailState, MailView, PasswordChange, SmtpSettings,
    SmtpSettingsInput,
};
use guichet_app::App;
use serde_json::json;

use crate::args::MailAction;
use crate::run::{lines, output, Output};

/// The text of a file, or of standard input for `-`.
fn read_text(path: &Path, what: &str, flag: &str) -> AppResult<String> {
    let bytes = read_bounded(path, what, flag)?;
    String::from_utf8(bytes).map_err(|_| {
        AppError::input(format!(
            "{what} {} n'est pas un texte en UTF-8 : enregistrez-le en UTF-8",
            path.display()
        ))
    })
}

/// The bytes of a file, or of standard input for `-`, at most the input file bound (a
/// device such as /dev/zero is cut there, never read for ever).
fn read_bounded(path: &Path, what: &str, flag: &str) -> AppResult<Vec<u8>> {
    let limit = guichet_core::bounds::MAX_INPUT_FILE_BYTES;
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map(|_| ())
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes).map(|_| ()))
    };
    read.map_err(|e| {
        AppError::input(format!(
            "{what} {} ne peut pas être lu ({}) : vérifiez le chemin donné à {flag}",
            path.display(),
            os_reason(&e)
        ))
    })?;
    if bytes.len() as u64 > limit {
        return Err(AppError::input(format!(
            "{what} {} dépasse {} Mo : donnez un fichier plus petit à {flag}",
            path.display(),
            limit / (1024 * 1024)
        )));
    }
    Ok(bytes)
}

fn attachment(path: &Path) -> AppResult<Attachment> {
    let bytes = read_bounded(path, "la pièce jointe", "--attach")?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "fichier".to_owned());
    Ok(Attachment {
        mime: mime_of(&name).to_owned(),
        name,
        bytes,
    })
}

fn state_word(state: MailState) -> &'static str {
    match state {
        MailState::Waiting => "en attente",
        MailState::Sending => "en cours d'envoi",
        MailState::Sent => "envoyé",
        MailState::Failed => "échec",
    }
}

fn mail_line(m: &MailView) -> String {
    let mut line = format!(
        "{} — {} — « {} » — {}",
        m.id,
        m.to,
        m.subject,
        state_word(m.state)
    );
    if let Some(at) = m.sent_at {
        line += &format!(" le {}", guichet_core::calendar::french_instant(at));
    }
    if m.attempts > 1 || m.state == MailState::Failed {
        line += &format!(
            " ({} {})",
            m.attempts,
            if m.attempts == 1 {
                "tentative"
            } else {
                "tentatives"
            }
        );
    }
    if let Some(error) = &m.error {
        line += &format!("\n  {error}");
    }
    if let Some(why) = &m.waiting_for {
        line += &format!("\n  {why}");
    }
    line
}

fn round_text(round: &MailRound) -> String {
    let mut text = format!(
        "{} envoyé{}, {} en échec, {} en attente.",
        round.sent,
        if round.sent > 1 { "s" } else { "" },
        round.failed,
        round.waiting
    );
    if let Some(note) = &round.note {
        text += &format!("\n{note}");
    }
    text
}

fn settings_text(s: &SmtpSettings) -> String {
    format!(
        "Serveur d'envoi : {}:{} ({})\nExpéditeur : {}{}\nIdentifiant : {}\nMot de passe : {}",
        s.host,
        s.port,
        match s.security {
            guichet_app::mail::Security::Starttls => "STARTTLS",
            guichet_app::mail::Security::Tls => "TLS",
            guichet_app::mail::Security::Plain => "sans chiffrement, cette machine seulement",
        },
        s.from_address,
        s.from_name
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default(),
        s.username.as_deref().unwrap_or("aucun"),
        if s.has_password {
            "dans le trousseau du système"
        } else {
            "aucun"
        }
    )
}

/// Queued, then sent at once unless `queue_only`.
fn queued(app: &mut App, id: uuid::Uuid, queue_only: bool) -> AppResult<Output> {
    let round = if queue_only {
        None
    } else {
        Some(app.send_queued_mail(&Keychain, true)?)
    };
    let view = app
        .mail_queue()?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(|| AppError::input("e-mail introuvable après sa mise en file"))?;
    let text = format!(
        "E-mail mis en file : {}{}",
        mail_line(&view),
        round
            .as_ref()
            .and_then(|r| r.note.clone())
            .map(|n| format!("\n{n}"))
            .unwrap_or_default()
    );
    output(&view, text)
}

/// `guichet mail …`.
pub fn mail(app: &mut App, action: Option<MailAction>) -> AppResult<Output> {
    match action.unwrap_or(MailAction::Queue) {
        MailAction::Queue => {
            let queue = app.mail_queue()?;
            let text = lines(&queue, mail_line, "Aucun e-mail dans la file.");
            output(&queue, text)
        }
        MailAction::Send {
            to,
            subject,
            body_file,
            attach,
            booking,
            queue_only,
        } => {
            let body = read_text(&body_file, "le fichier du message", "--body-file")?;
            let attachments = attach
                .iter()
                .map(|p| attachment(p))
                .collect::<AppResult<Vec<_>>>()?;
            let id = app.queue_mail(MailDraft {
                to,
                subject,
                body,
                attachments,
                booking,
            })?;
            queued(app, id, queue_only)
        }
        MailAction::Tickets {
            booking,
            to,
            subject,
            body_file,
            queue_only,
        } => {
            let body = body_file
                .map(|p| read_text(&p, "le fichier du message", "--body-file"))
                .transpose()?;
            let id = app.queue_tickets_mail(booking, &to, subject.as_deref(), body.as_deref())?;
            queued(app, id, queue_only)
        }
        MailAction::Booking {
            booking,
            notification,
            to,
            queue_only,
        } => {
            let id = app.queue_booking_mail(booking, &notification, to.as_deref())?;
            queued(app, id, queue_only)
        }
        MailAction::Flush => {
            let round = app.send_queued_mail(&Keychain, true)?;
            let text = round_text(&round);
            output(&round, text)
        }
        MailAction::Retry { id } => {
            app.retry_mail(id)?;
            app.send_queued_mail(&Keychain, true)?;
            let view = app
                .mail_queue()?
                .into_iter()
                .find(|m| m.id == id)
                .ok_or_else(|| AppError::input("e-mail introuvable"))?;
            let text = mail_line(&view);
            output(&view, text)
        }
        MailAction::Settings {
            host,
            port,
            security,
            user,
            from,
            from_name,
            password_file,
            no_password,
        } => {
            let input = SmtpSettingsInput {
                host,
                port,
                security: security.map(|s| s.parse()).transpose()?,
                username: user,
                from_address: from,
                from_name,
            };
            let password = match (password_file, no_password) {
                (Some(path), _) => {
                    let text = read_text(&path, "le fichier du mot de passe", "--password-file")?;
                    PasswordChange::Set(Secret::new(
                        text.lines()
                            .next()
                            .unwrap_or_default()
                            .trim_end_matches('\r')
                            .to_owned(),
                    ))
                }
                (None, true) => PasswordChange::Remove,
                (None, false) => PasswordChange::Keep,
            };
            let nothing = input.host.is_none()
                && input.port.is_none()
                && input.security.is_none()
                && input.username.is_none()
                && input.from_address.is_none()
                && input.from_name.is_none()
                && matches!(password, PasswordChange::Keep);
            if nothing {
                return match app.mail_settings()? {
                    Some(settings) => {
                        let text = settings_text(&settings);
                        output(&settings, text)
                    }
                    None => output(
                        &json!(null),
                        "Aucun serveur d'envoi réglé : guichet mail settings --host smtp.exemple.fr \
                         --from contact@exemple.fr [--user IDENTIFIANT --password-file FICHIER]"
                            .to_owned(),
                    ),
                };
            }
            let settings = app.set_mail_settings(&Keychain, &input, password)?;
            let text = format!("Réglages enregistrés.\n{}", settings_text(&settings));
            output(&settings, text)
        }
        MailAction::Test { to } => {
            app.send_test_mail(&Keychain, &to)?;
            output(
                &json!({ "sent": true, "to": to }),
                format!("E-mail d'essai envoyé à {to}."),
            )
        }
    }
}
