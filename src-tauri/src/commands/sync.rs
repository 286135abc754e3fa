//! Sync with the provider's server: the status corner, "sync now", enrolment, the
//! conflicts inbox. The window never waits on the network: the background worker has
//! its own connections and threads, and "sync now" and enrolment run on a blocking-task
//! thread with a connection of their own ([`Background`]), so the application's lock
//! is never held across a request. The server address and the code are never logged.

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use guichet_app::error::{AppError, AppResult};
use guichet_app::mail::worker::MailWorker;
use guichet_app::store::sync::ConflictView;
use guichet_app::sync::window::SyncStatus;
use guichet_app::sync::worker::{SyncEvent, SyncWorker};
use guichet_app::sync::{Enrolled, SyncReport};
use guichet_app::App;
use tauri::{AppHandle, Emitter, Runtime};
use tracing::instrument;
use uuid::Uuid;

use super::{blocking, lock, on_app, Cmd};

/// The event sent when sync reached the server or failed: the window asks
/// [`sync_status`] again.
pub const CHANGED: &str = "sync-changed";
/// The event carrying a long push's or pull's [`guichet_app::sync::SyncProgress`].
pub const PROGRESS: &str = "sync-progress";

/// The window's side of sync: the background worker once started, and the
/// application "sync now" and enrolment use (opened on the data dir when first
/// needed).
pub struct Background {
    dir: Option<PathBuf>,
    worker: OnceLock<SyncWorker>,
    mail: OnceLock<MailWorker>,
    online: Mutex<Option<App>>,
}

impl Background {
    /// Sync of the data dir `dir` (none: an application in memory, which never syncs).
    pub fn new(dir: Option<PathBuf>) -> Background {
        Background {
            dir,
            worker: OnceLock::new(),
            mail: OnceLock::new(),
            online: Mutex::new(None),
        }
    }

    /// Starts the background worker, its events sent to the window; it waits while
    /// the device is not enrolled.
    pub fn start<R: Runtime>(&self, window: AppHandle<R>) {
        if let Some(dir) = &self.dir {
            let mail_window = window.clone();
            let _ = self.worker.get_or_init(|| {
                SyncWorker::start(dir.clone(), move |event| forward(&window, event))
            });
            // E-mails leave beside sync, on their own thread and connection.
            let _ = self.mail.get_or_init(|| {
                MailWorker::start(dir.clone(), move || {
                    let _ = mail_window.emit(super::mail::CHANGED, ());
                })
            });
        }
    }

    /// Something was written here: the worker pushes it now.
    pub fn nudge(&self) {
        if let Some(worker) = self.worker.get() {
            worker.nudge();
        }
        if let Some(mail) = self.mail.get() {
            mail.nudge();
        }
    }

    /// Runs `work` on the application kept for requests to the server; the caller is
    /// a blocking-task thread.
    fn online<T>(&self, work: impl FnOnce(&mut App) -> AppResult<T>) -> AppResult<T> {
        let mut slot = lock(&self.online)?;
        let app = match &mut *slot {
            Some(app) => app,
            empty => {
                let dir = self.dir.as_deref().ok_or_else(|| {
                    AppError::input("la synchronisation demande un dossier de données")
                })?;
                empty.insert(App::open(dir)?)
            }
        };
        work(app)
    }
}

/// Sends a worker's event to the window; a window that is gone misses nothing.
fn forward<R: Runtime>(window: &impl Emitter<R>, event: SyncEvent) {
    let _ = match event {
        SyncEvent::Changed => window.emit(CHANGED, ()),
        SyncEvent::Progress(progress) => window.emit(PROGRESS, progress),
    };
}

/// Runs `work` on [`Background`]'s application on a blocking-task thread.
pub(super) async fn on_server<T, F>(state: &super::State, work: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut App) -> AppResult<T> + Send + 'static,
{
    let background = std::sync::Arc::clone(&state.sync);
    blocking(move || background.online(work)).await
}

/// See [`guichet_app::App::sync_status`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn sync_status(state: Cmd<'_>) -> AppResult<SyncStatus> {
    on_app(&state, |app| app.sync_status()).await
}

/// See [`guichet_app::App::sync`]: pushes and pulls now, its progress sent as
/// `sync-progress` events.
#[tauri::command]
#[instrument(skip_all)]
pub async fn sync_now<R: Runtime>(window: AppHandle<R>, state: Cmd<'_>) -> AppResult<SyncReport> {
    let events = window.clone();
    let report = on_server(&state, move |app| {
        app.sync(&mut |progress| forward(&events, SyncEvent::Progress(progress)))
    })
    .await;
    forward(&window, SyncEvent::Changed);
    report
}

/// See [`guichet_app::App::enroll`]; then the worker syncs at once.
#[tauri::command]
#[instrument(skip_all)]
pub async fn enroll(state: Cmd<'_>, server: String, code: String) -> AppResult<Enrolled> {
    let enrolled = on_server(&state, move |app| app.enroll(&server, &code)).await?;
    state.sync.nudge();
    Ok(enrolled)
}

/// See [`guichet_app::App::conflicts`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn conflicts(state: Cmd<'_>) -> AppResult<Vec<ConflictView>> {
    on_app(&state, |app| app.conflicts()).await
}

/// See [`guichet_app::App::settle_conflict`]: acknowledged, by cancelling a booking,
/// or by moving the refused one.
#[tauri::command]
#[instrument(skip_all, fields(%conflict, ?settle))]
pub async fn settle_conflict(
    state: Cmd<'_>,
    conflict: Uuid,
    settle: guichet_app::sync::Settle,
) -> AppResult<ConflictView> {
    on_app(&state, move |app| app.settle_conflict(conflict, settle)).await
}
