//! One e-mail through one SMTP connection (lettre, rustls with ring): STARTTLS or
//! implicit TLS, in clear to this machine only; the server's certificate checked by
//! the system's verifier plus the authorities `GUICHET_CA_FILE` names (for tests and
//! private servers). What the server or the network said comes back in French, with
//! a kind that decides whether the message is tried again by itself.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment as LettreAttachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use super::{Attachment, Security, SmtpSettings};
use crate::error::{AppError, AppResult};
use crate::gateways::Secret;

/// The environment variable naming extra certificate authorities to trust (PEM), for
/// HTTPS and SMTP alike (cli.md).
pub const CA_FILE_ENV: &str = "GUICHET_CA_FILE";

/// How long one exchange with the server may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Why an e-mail did not leave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailure {
    /// What went wrong.
    pub kind: FailureKind,
    /// What it means and what to do, in French.
    pub message: String,
}

/// The kind of a failure: whether trying again later may work by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The server could not be reached (no network, wrong address, server down).
    Unreachable,
    /// The server answered "later" (4xx).
    Temporary,
    /// The user name or password was refused.
    Auth,
    /// The secure connection failed (certificate not trusted, TLS refused).
    Tls,
    /// The recipient's address was refused.
    Address,
    /// The message itself was refused (too large, rejected content).
    Refused,
}

impl FailureKind {
    /// Its code in the queue.
    pub fn code(self) -> &'static str {
        match self {
            FailureKind::Unreachable => "unreachable",
            FailureKind::Temporary => "temporary",
            FailureKind::Auth => "auth",
            FailureKind::Tls => "tls",
            FailureKind::Address => "address",
            FailureKind::Refused => "refused",
        }
    }

    /// Whether the message is tried again by itself (otherwise a person fixes the
    /// settings or the address, then asks for it again).
    pub fn retries_by_itself(self) -> bool {
        matches!(self, FailureKind::Unreachable | FailureKind::Temporary)
    }

    /// Whether every other message would fail the same way now (stop the round).
    pub fn stops_the_round(self) -> bool {
        matches!(
            self,
            FailureKind::Unreachable | FailureKind::Auth | FailureKind::Tls
        )
    }
}

/// Whether `host` is this machine.
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim().trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The certificate authorities of `GUICHET_CA_FILE`, if set.
fn extra_authorities() -> AppResult<Vec<Certificate>> {
    let Some(path) = std::env::var_os(CA_FILE_ENV) else {
        return Ok(Vec::new());
    };
    let path = std::path::PathBuf::from(path);
    let pem = std::fs::read(&path).map_err(|e| {
        AppError::input(format!(
            "le fichier de certificats {} ({CA_FILE_ENV}) est illisible ({}) : corrigez le \
             chemin ou retirez la variable",
            path.display(),
            crate::error::os_reason(&e)
        ))
    })?;
    let certificate = Certificate::from_pem(&pem).map_err(|_| {
        AppError::input(format!(
            "le fichier {} ({CA_FILE_ENV}) ne contient pas de certificat PEM lisible",
            path.display()
        ))
    })?;
    Ok(vec![certificate])
}

fn transport(settings: &SmtpSettings, password: Option<&Secret>) -> AppResult<SmtpTransport> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let tls = match settings.security {
        Security::Plain => Tls::None,
        Security::Starttls | Security::Tls => {
            let mut builder = TlsParameters::builder(settings.host.clone());
            for authority in extra_authorities()? {
                builder = builder.add_root_certificate(authority);
            }
            let parameters = builder.build_rustls().map_err(|_| {
                AppError::input(
                    "la connexion sécurisée au serveur d'envoi ne peut pas être préparée : \
                     vérifiez le nom du serveur",
                )
            })?;
            if settings.security == Security::Tls {
                Tls::Wrapper(parameters)
            } else {
                Tls::Required(parameters)
            }
        }
    };
    let mut builder = SmtpTransport::builder_dangerous(settings.host.as_str())
        .port(settings.port)
        .tls(tls)
        .timeout(Some(TIMEOUT));
    if let (Some(user), Some(password)) = (&settings.username, password) {
        builder = builder.credentials(Credentials::new(user.clone(), password.expose().to_owned()));
    }
    Ok(builder.build())
}

/// What is sent: the stored e-mail.
pub struct Outgoing<'a> {
    /// The recipient.
    pub to: &'a str,
    /// The subject.
    pub subject: &'a str,
    /// The body, plain text.
    pub body: &'a str,
    /// Its files.
    pub attachments: &'a [Attachment],
    /// Its Message-ID, kept from the queue (the same at every attempt).
    pub message_id: &'a str,
    /// Its date.
    pub date: chrono::DateTime<chrono::Utc>,
}

/// The message as it travels (MIME), or why it cannot be written.
pub fn build(settings: &SmtpSettings, mail: &Outgoing<'_>) -> AppResult<Message> {
    let from_address = settings.from_address.parse().map_err(|_| {
        AppError::input("l'adresse d'expédition réglée est invalide : corrigez-la dans les réglages des e-mails")
    })?;
    let from = Mailbox::new(settings.from_name.clone(), from_address);
    let to: Mailbox = mail.to.parse().map_err(|_| {
        AppError::input(format!(
            "adresse du destinataire invalide « {} » : écrivez nom@exemple.fr",
            guichet_core::bounds::printable(mail.to)
        ))
    })?;
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.to_owned());
    let builder = Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject)
        .message_id(Some(mail.message_id.to_owned()))
        .date(std::time::SystemTime::from(mail.date));
    let message = if mail.attachments.is_empty() {
        builder.singlepart(text)
    } else {
        let mut parts = MultiPart::mixed().singlepart(text);
        for file in mail.attachments {
            let mime = ContentType::parse(&file.mime).map_err(|_| {
                AppError::input(format!(
                    "type de fichier invalide « {} » pour la pièce jointe {}",
                    guichet_core::bounds::printable(&file.mime),
                    file.name
                ))
            })?;
            parts = parts.singlepart(
                LettreAttachment::new(file.name.clone()).body(file.bytes.clone(), mime),
            );
        }
        builder.multipart(parts)
    };
    message
        .map_err(|_| AppError::input("l'e-mail ne peut pas être composé : vérifiez ses adresses"))
}

/// Sends `message`; a failure says why in French.
pub fn send(
    settings: &SmtpSettings,
    password: Option<&Secret>,
    message: &Message,
) -> Result<(), SendFailure> {
    let transport = transport(settings, password).map_err(|e| SendFailure {
        kind: FailureKind::Tls,
        message: e.message,
    })?;
    match transport.send(message) {
        Ok(_) => Ok(()),
        Err(error) => Err(failure(settings, &error)),
    }
}

/// Whether the TLS layer (rustls) is the cause somewhere in `error`'s chain: a
/// certificate not trusted surfaces as an I/O error of the handshake.
fn tls_in_chain(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if e.is::<rustls::Error>() {
            return true;
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if io
                .get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>())
            {
                return true;
            }
        }
        current = e.source();
    }
    false
}

/// A lettre error in French words (its own text is English and may quote the server).
fn failure(settings: &SmtpSettings, error: &lettre::transport::smtp::Error) -> SendFailure {
    let server = format!("{}:{}", settings.host, settings.port);
    let code = error.status().map(|c| c.to_string());
    tracing::warn!(
        server = %server,
        code = code.as_deref().unwrap_or("-"),
        tls = error.is_tls(),
        timeout = error.is_timeout(),
        "envoi d'e-mail refusé ou impossible"
    );
    let (kind, message) = match code.as_deref() {
        Some("535" | "534" | "530" | "538") => (
            FailureKind::Auth,
            format!(
                "mot de passe refusé par le serveur d'envoi {server} : vérifiez l'identifiant et \
                 le mot de passe dans les réglages des e-mails"
            ),
        ),
        Some("550" | "551" | "553" | "501" | "511" | "512" | "513") => (
            FailureKind::Address,
            format!(
                "adresse refusée par le serveur d'envoi {server} (code {}) : vérifiez l'adresse \
                 du destinataire et l'adresse d'expédition, puis relancez l'envoi",
                code.as_deref().unwrap_or("?")
            ),
        ),
        Some("552" | "523") => (
            FailureKind::Refused,
            format!(
                "message trop lourd pour le serveur d'envoi {server} : retirez une pièce jointe, \
                 puis envoyez-le à nouveau"
            ),
        ),
        Some(c) if c.starts_with('4') => (
            FailureKind::Temporary,
            format!(
                "le serveur d'envoi {server} demande de réessayer plus tard (code {c}) : l'e-mail \
                 repartira tout seul"
            ),
        ),
        Some(c) => (
            FailureKind::Refused,
            format!(
                "message refusé par le serveur d'envoi {server} (code {c}) : vérifiez les \
                 adresses et le contenu, puis relancez l'envoi"
            ),
        ),
        None if error.is_tls() || tls_in_chain(error) => (
            FailureKind::Tls,
            format!(
                "connexion sécurisée impossible avec le serveur d'envoi {server} (certificat non \
                 reconnu ou chiffrement refusé) : vérifiez le nom du serveur, le port et la \
                 sécurité (STARTTLS ou TLS) dans les réglages des e-mails"
            ),
        ),
        None if error.is_timeout() => (
            FailureKind::Unreachable,
            format!(
                "le serveur d'envoi {server} ne répond pas (délai dépassé) : l'e-mail repartira \
                 tout seul quand la connexion reviendra"
            ),
        ),
        None => (
            FailureKind::Unreachable,
            format!(
                "serveur d'envoi {server} injoignable (pas de réseau, ou serveur arrêté) : \
                 l'e-mail repartira tout seul quand la connexion reviendra"
            ),
        ),
    };
    SendFailure { kind, message }
}
