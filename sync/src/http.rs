//! The HTTP face of the server (axum): `POST /v1/enroll`, `POST /v1/push`,
//! `GET /v1/pull` (long poll), `GET /v1/health`. Every request carries the protocol
//! version; every refusal is an [`ErrorBody`] with a French sentence. Tokens are read
//! from `Authorization: Bearer …` and never logged.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use guichet_core::sync::protocol::{
    EnrollRequest, ErrorBody, PullQuery, PullResponse, PushRequest, PushResponse, MAX_PULL,
    MAX_PUSH, PROTOCOL_HEADER, PROTOCOL_VERSION,
};
use tokio::sync::watch;
use uuid::Uuid;

use crate::accounts::{self, Device};
use crate::secrets::ServerKey;
use crate::sql::Database;
use crate::Error;

/// The longest a pull waits for a change.
pub const MAX_WAIT_MS: u32 = 30_000;
/// How often a waiting pull looks at the database itself (changes written by
/// another instance of the server do not wake it).
const RECHECK: Duration = Duration::from_millis(1000);
/// The largest request body (a push of [`MAX_PUSH`] operations).
const BODY_LIMIT: usize = 64 << 20;

/// What every request shares: no session state, everything else is in the database.
pub struct Shared<D> {
    /// The database.
    pub db: D,
    /// The key that seals ticket keys.
    pub key: ServerKey,
    heads: Mutex<HashMap<Uuid, watch::Sender<u64>>>,
}

impl<D: Database> Shared<D> {
    /// The state of a server on `db`.
    pub fn new(db: D, key: ServerKey) -> Arc<Shared<D>> {
        Arc::new(Shared {
            db,
            key,
            heads: Mutex::new(HashMap::new()),
        })
    }

    fn watch(&self, provider: Uuid) -> watch::Receiver<u64> {
        let mut heads = self.heads.lock().unwrap_or_else(|e| e.into_inner());
        heads
            .entry(provider)
            .or_insert_with(|| watch::channel(0).0)
            .subscribe()
    }

    fn changed(&self, provider: Uuid) {
        let heads = self.heads.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(sender) = heads.get(&provider) {
            sender.send_modify(|n| *n += 1);
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, code) = match &self {
            Error::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Error::Revoked => (StatusCode::FORBIDDEN, "revoked"),
            Error::Enrollment(_) => (StatusCode::FORBIDDEN, "enrollment"),
            Error::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            Error::Upgrade(_) => (StatusCode::UPGRADE_REQUIRED, "upgrade"),
            Error::Db(_) | Error::Setup(_) => (StatusCode::SERVICE_UNAVAILABLE, "internal"),
        };
        if status == StatusCode::SERVICE_UNAVAILABLE {
            tracing::error!("{self}");
        }
        let body = ErrorBody {
            code: code.to_owned(),
            error: if status == StatusCode::SERVICE_UNAVAILABLE {
                "le serveur de synchronisation a un problème de base de données : réessayez \
                 plus tard ; rien n'est perdu, les opérations restent en attente sur le poste"
                    .to_owned()
            } else {
                self.to_string()
            },
        };
        (status, Json(body)).into_response()
    }
}

/// The routes, over any database.
pub fn router<D: Database>(shared: Arc<Shared<D>>) -> Router {
    Router::new()
        .route("/v1/health", get(health))
        .route("/v1/enroll", post(enroll::<D>))
        .route("/v1/push", post(push::<D>))
        .route("/v1/pull", get(pull::<D>))
        .route("/v1/feed-url", get(feed_url::<D>))
        .route("/ical/{provider}/{unit}/{file}", get(feed::<D>))
        .layer(axum::middleware::from_fn(protocol))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(shared)
}

/// Refuses a client of another protocol version (it keeps its outbox); logs each
/// request by method, path and status, never its headers.
async fn protocol(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let version = request
        .headers()
        .get(PROTOCOL_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u16>().ok());
    let response = match version {
        _ if path == "/v1/health" => next.run(request).await,
        // A channel reading a unit's iCal feed speaks no protocol of ours.
        _ if path.starts_with("/ical/") => next.run(request).await,
        Some(v) if v == PROTOCOL_VERSION => next.run(request).await,
        Some(v) if v > PROTOCOL_VERSION => Error::Upgrade(format!(
            "ce poste parle le protocole {v}, plus récent que ce serveur ({PROTOCOL_VERSION}) : \
             mettez guichet-sync à jour ; les opérations restent en attente sur le poste"
        ))
        .into_response(),
        _ => Error::Upgrade(format!(
            "ce poste utilise une version trop ancienne de Guichet (protocole {}, le serveur \
             parle {PROTOCOL_VERSION}) : mettez Guichet à jour ; ses opérations restent en \
             attente, rien n'est perdu",
            version.map_or("absent".to_owned(), |v| v.to_string())
        ))
        .into_response(),
    };
    tracing::info!(%method, %path, status = response.status().as_u16());
    response
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "protocol": PROTOCOL_VERSION, "server": env!("CARGO_PKG_VERSION") }))
}

fn json<T: serde::de::DeserializeOwned>(body: &Bytes) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|e| Error::BadRequest(format!("requête illisible : {e}")))
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> crate::Result<T> + Send + 'static,
) -> crate::Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| Error::Setup(format!("tâche interrompue : {e}")))?
}

async fn device<D: Database>(
    shared: &Arc<Shared<D>>,
    headers: &HeaderMap,
) -> Result<Device, Error> {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or(Error::Unauthorized)?
        .to_owned();
    let shared = shared.clone();
    blocking(move || accounts::authenticate(&shared.db, &token)).await
}

/// `GET /v1/feed-url?unit=…`: the secret path of a unit's iCal feed (B4).
#[derive(serde::Deserialize)]
struct FeedUrlQuery {
    unit: Uuid,
}

async fn feed_url<D: Database>(
    State(shared): State<Arc<Shared<D>>>,
    headers: HeaderMap,
    query: Result<Query<FeedUrlQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let result = async {
        let device = device(&shared, &headers).await?;
        let Query(query) =
            query.map_err(|e| Error::BadRequest(format!("requête illisible : {e}")))?;
        Ok::<_, Error>(crate::feeds::path(&shared.key, device.provider, query.unit))
    }
    .await;
    match result {
        Ok(path) => Json(serde_json::json!({ "path": path })).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /ical/PROVIDER/UNIT/TAG.ics`: a unit's occupancy, for a channel; 404 for any
/// address the server did not give.
async fn feed<D: Database>(
    State(shared): State<Arc<Shared<D>>>,
    axum::extract::Path((provider, unit, file)): axum::extract::Path<(String, String, String)>,
) -> Response {
    let not_found = || (StatusCode::NOT_FOUND, "calendrier inconnu\n").into_response();
    let (Ok(provider), Ok(unit)) = (provider.parse::<Uuid>(), unit.parse::<Uuid>()) else {
        return not_found();
    };
    if !crate::feeds::genuine(&shared.key, provider, unit, &file) {
        return not_found();
    }
    let now = crate::clock::now();
    let today = (now - chrono::Duration::days(1)).date_naive();
    let work = shared.clone();
    match blocking(move || crate::feeds::render(&work.db, provider, unit, today, now)).await {
        Ok(text) => (
            [(
                axum::http::header::CONTENT_TYPE,
                "text/calendar; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

async fn enroll<D: Database>(State(shared): State<Arc<Shared<D>>>, body: Bytes) -> Response {
    let request: EnrollRequest = match json(&body) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let result =
        blocking(move || accounts::enroll(&shared.db, &shared.key, &request, crate::clock::now()))
            .await;
    match result {
        Ok(answer) => {
            tracing::info!(device = %answer.device, provider = %answer.provider, "enrolled");
            Json(answer).into_response()
        }
        Err(e) => e.into_response(),
    }
}

async fn push<D: Database>(
    State(shared): State<Arc<Shared<D>>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let result = async {
        let device = device(&shared, &headers).await?;
        let request: PushRequest = json(&body)?;
        if request.items.len() > MAX_PUSH {
            return Err(Error::BadRequest(format!(
                "au plus {MAX_PUSH} opérations par envoi"
            )));
        }
        let work = shared.clone();
        let outcomes = blocking(move || {
            let now = crate::clock::now();
            if !request.keys.is_empty() {
                work.db.transaction(&mut |sql| {
                    accounts::merge_keys(sql, &work.key, device.provider, &request.keys, now)
                })?;
            }
            crate::log::push(&work.db, device.provider, &request.items, now)
        })
        .await?;
        shared.changed(device.provider);
        Ok(PushResponse { outcomes })
    }
    .await;
    match result {
        Ok(answer) => Json(answer).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn pull<D: Database>(
    State(shared): State<Arc<Shared<D>>>,
    headers: HeaderMap,
    query: Result<Query<PullQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let result = async {
        let device = device(&shared, &headers).await?;
        let Query(query) =
            query.map_err(|e| Error::BadRequest(format!("requête illisible : {e}")))?;
        let limit = query.limit.clamp(1, MAX_PULL);
        let deadline = tokio::time::Instant::now()
            + Duration::from_millis(u64::from(query.wait.unwrap_or(0).min(MAX_WAIT_MS)));
        let mut heads = shared.watch(device.provider);
        loop {
            let work = shared.clone();
            let (changes, head) =
                blocking(move || crate::log::pull(&work.db, device.provider, query.after, limit))
                    .await?;
            let now = tokio::time::Instant::now();
            if !changes.is_empty() || now >= deadline {
                let work = shared.clone();
                let (keys, device_seq, series) = blocking(move || {
                    let keys = work
                        .db
                        .transaction(&mut |sql| accounts::keys(sql, &work.key, device.provider))?;
                    let seq = crate::log::device_seq(&work.db, device.provider, device.id)?;
                    let series = work.db.transaction(&mut |sql| {
                        accounts::invoice_series(
                            sql,
                            device.provider,
                            device.id,
                            crate::clock::now(),
                        )
                    })?;
                    Ok((keys, seq, series))
                })
                .await?;
                return Ok::<_, Error>(PullResponse {
                    changes,
                    head,
                    keys,
                    device_seq,
                    series: Some(series),
                });
            }
            let wake = deadline.min(now + RECHECK);
            let _ = tokio::time::timeout_at(wake, heads.changed()).await;
        }
    }
    .await;
    match result {
        Ok(answer) => Json(answer).into_response(),
        Err(e) => e.into_response(),
    }
}

/// Where and how to listen.
pub struct Listen {
    /// The address.
    pub addr: SocketAddr,
    /// A PEM certificate chain and key, for HTTPS.
    pub tls: Option<(std::path::PathBuf, std::path::PathBuf)>,
}

/// Serves until the process is stopped; prints `listening on ADDR` (the bound
/// address, useful with port 0) on stdout once ready.
pub async fn serve<D: Database>(shared: Arc<Shared<D>>, listen: Listen) -> crate::Result<()> {
    let app = router(shared);
    match listen.tls {
        Some((cert, key)) => {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(&cert, &key)
                .await
                .map_err(|e| {
                    Error::Setup(format!(
                        "certificat TLS illisible ({} / {}) : {e}",
                        cert.display(),
                        key.display()
                    ))
                })?;
            let listener =
                std::net::TcpListener::bind(listen.addr).map_err(|e| bind_error(listen.addr, e))?;
            let addr = listener
                .local_addr()
                .map_err(|e| bind_error(listen.addr, e))?;
            println!("listening on https://{addr}");
            axum_server::from_tcp_rustls(listener, config)
                .map_err(|e| bind_error(listen.addr, e))?
                .serve(app.into_make_service())
                .await
                .map_err(|e| Error::Setup(format!("serveur arrêté : {e}")))
        }
        None => {
            let listener = tokio::net::TcpListener::bind(listen.addr)
                .await
                .map_err(|e| bind_error(listen.addr, e))?;
            let addr = listener
                .local_addr()
                .map_err(|e| bind_error(listen.addr, e))?;
            println!("listening on http://{addr}");
            axum::serve(listener, app)
                .await
                .map_err(|e| Error::Setup(format!("serveur arrêté : {e}")))
        }
    }
}

fn bind_error(addr: SocketAddr, e: std::io::Error) -> Error {
    Error::Setup(format!("impossible d'écouter sur {addr} ({e})"))
}
