//! The device's HTTP client of the sync server (blocking: sync runs on its own
//! thread). HTTPS, or plain HTTP to loopback only; `GUICHET_SYNC_CA` names an extra
//! PEM certificate to trust (a private certificate authority). The token travels in
//! the `Authorization` header and is never logged.

use std::time::Duration;

use guichet_core::sync::protocol::{
    EnrollRequest, EnrollResponse, ErrorBody, PullResponse, PushRequest, PushResponse,
    PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use serde::de::DeserializeOwned;

use crate::error::{AppError, AppResult, ErrorCode};

/// The environment variable naming an extra certificate to trust (PEM).
pub const CA_ENV: &str = "GUICHET_SYNC_CA";

/// A connection to one server.
pub struct Client {
    http: reqwest::blocking::Client,
    base: String,
    token: Option<String>,
}

fn offline(message: impl std::fmt::Display) -> AppError {
    AppError {
        code: ErrorCode::Offline,
        message: message.to_string(),
    }
}

/// Checks a server address: HTTPS, or HTTP to this machine only.
pub fn check_address(server: &str) -> AppResult<String> {
    let url = reqwest::Url::parse(server.trim()).map_err(|_| {
        AppError::input(format!(
            "adresse de serveur illisible « {server} » : écrivez par exemple https://sync.exemple.fr"
        ))
    })?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(AppError::input(format!(
                "adresse en clair refusée « {server} » : le jeton du poste et les clés de \
                 billetterie ne circulent qu'en HTTPS (ou vers cette machine même) ; écrivez \
                 https://…"
            )))
        }
        other => {
            return Err(AppError::input(format!(
                "adresse « {server} » : protocole {other} inconnu, écrivez https://…"
            )))
        }
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

impl Client {
    /// A client of `server`, authenticated by `token` when given.
    pub fn new(server: &str, token: Option<String>) -> AppResult<Client> {
        let base = check_address(server)?;
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::blocking::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(90))
            .user_agent(concat!("guichet/", env!("CARGO_PKG_VERSION")));
        if let Some(path) = std::env::var_os(CA_ENV) {
            let pem = std::fs::read(&path).map_err(|e| {
                AppError::input(format!(
                    "le certificat {} ({CA_ENV}) est illisible ({})",
                    std::path::Path::new(&path).display(),
                    crate::error::os_reason(&e)
                ))
            })?;
            let cert = reqwest::Certificate::from_pem(&pem).map_err(|e| {
                AppError::input(format!("le certificat ({CA_ENV}) n'est pas un PEM ({e})"))
            })?;
            builder = builder.add_root_certificate(cert);
        }
        let http = builder
            .build()
            .map_err(|e| AppError::input(format!("client HTTPS impossible ({e})")))?;
        Ok(Client { http, base, token })
    }

    fn send<T: DeserializeOwned>(
        &self,
        request: reqwest::blocking::RequestBuilder,
    ) -> AppResult<T> {
        let mut request = request.header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string());
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().map_err(|e| {
            offline(format!(
                "serveur de synchronisation injoignable ({}) : rien n'est perdu, les opérations \
                 restent en attente sur ce poste et partiront au retour du réseau",
                reason(e)
            ))
        })?;
        let status = response.status();
        let body = response.bytes().map_err(|e| {
            offline(format!(
                "la réponse du serveur a été interrompue ({}) : rien n'est perdu, la \
                 synchronisation reprendra",
                reason(e)
            ))
        })?;
        if status.is_success() {
            return serde_json::from_slice(&body).map_err(|e| {
                offline(format!(
                    "réponse du serveur illisible ({e}) : rien n'est perdu, la synchronisation reprendra"
                ))
            });
        }
        let message = serde_json::from_slice::<ErrorBody>(&body)
            .map(|b| b.error)
            .unwrap_or_else(|_| format!("le serveur a répondu {status}"));
        Err(if status.is_server_error() || status.as_u16() == 429 {
            offline(message)
        } else {
            AppError::rule(message)
        })
    }

    /// Enrols this device.
    pub fn enroll(&self, request: &EnrollRequest) -> AppResult<EnrollResponse> {
        self.send(
            self.http
                .post(format!("{}/v1/enroll", self.base))
                .json(request),
        )
    }

    /// Pushes operations.
    pub fn push(&self, request: &PushRequest) -> AppResult<PushResponse> {
        self.send(
            self.http
                .post(format!("{}/v1/push", self.base))
                .json(request),
        )
    }

    /// The secret path, on this server, of a unit's iCal feed (B4).
    pub fn feed_path(&self, unit: uuid::Uuid) -> AppResult<String> {
        #[derive(serde::Deserialize)]
        struct Answer {
            path: String,
        }
        let answer: Answer = self.send(
            self.http
                .get(format!("{}/v1/feed-url?unit={unit}", self.base)),
        )?;
        Ok(format!("{}{}", self.base, answer.path))
    }

    /// Pulls the changes after `after`, waiting up to `wait_ms` for one.
    pub fn pull(&self, after: u64, limit: u32, wait_ms: u32) -> AppResult<PullResponse> {
        self.send(self.http.get(format!(
            "{}/v1/pull?after={after}&limit={limit}&wait={wait_ms}",
            self.base
        )))
    }
}

/// A network error in a few words, without the URL's query.
fn reason(error: reqwest::Error) -> String {
    let mut chain = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(&error);
    while let Some(e) = source {
        chain.push_str(&e.to_string());
        source = e.source();
    }
    if chain.contains("certificate") || chain.contains("Certificate") {
        return format!(
            "certificat du serveur non reconnu : utilisez un certificat public, ou donnez \
             l'autorité qui l'a signé avec {CA_ENV}"
        );
    }
    if error.is_timeout() {
        "délai dépassé".to_owned()
    } else if error.is_connect() {
        "connexion impossible".to_owned()
    } else {
        error.without_url().to_string()
    }
}
