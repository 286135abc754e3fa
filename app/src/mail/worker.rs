//! Sending in the background, beside the sync worker: one thread that opens its own
//! connection and, every few seconds (at once when nudged), sends what is due. A round
//! that fails waits longer before the next (the queue's own backoff decides when
//! each message is tried again).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::gateways::Keychain;
use crate::sync::worker::Shared;
use crate::App;

/// How often the queue is looked at when not nudged.
const LOOK_EVERY: Duration = Duration::from_secs(5);

/// The running background sender; stops when dropped.
pub struct MailWorker {
    shared: Arc<Shared>,
    _thread: Option<std::thread::JoinHandle<()>>,
}

impl MailWorker {
    /// Starts sending the queue of the data dir `dir`; `changed` is called after each
    /// round that sent or failed something.
    pub fn start(dir: PathBuf, changed: impl Fn() + Send + Sync + 'static) -> MailWorker {
        let shared = Arc::new(Shared::new());
        let inner = shared.clone();
        let thread = std::thread::Builder::new()
            .name("guichet-mail".to_owned())
            .spawn(move || run(&dir, &inner, &changed))
            .ok();
        MailWorker {
            shared,
            _thread: thread,
        }
    }

    /// Something was queued (or the network came back): look now.
    pub fn nudge(&self) {
        self.shared.nudge();
    }
}

impl Drop for MailWorker {
    fn drop(&mut self) {
        self.shared.stop();
    }
}

fn run(dir: &std::path::Path, shared: &Shared, changed: &(dyn Fn() + Send + Sync)) {
    let mut app: Option<App> = None;
    let mut pause = LOOK_EVERY;
    while !shared.stopped() {
        shared.wait(pause);
        if shared.stopped() {
            return;
        }
        if app.is_none() {
            app = App::open(dir).ok();
        }
        let Some(current) = app.as_mut() else {
            continue;
        };
        match current.send_queued_mail(&Keychain, false) {
            Ok(round) => {
                pause = if round.note.is_some() {
                    (pause * 2).min(Duration::from_secs(60))
                } else {
                    LOOK_EVERY
                };
                if round.sent > 0 || round.failed > 0 {
                    changed();
                }
            }
            Err(error) => {
                tracing::warn!(code = ?error.code, "envoi des e-mails en attente impossible");
                if error.code == crate::error::ErrorCode::Storage {
                    app = None;
                }
                pause = (pause * 2).min(Duration::from_secs(60));
            }
        }
    }
}
