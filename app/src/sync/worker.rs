//! Sync in the background, on its own connections and threads, so that the window
//! and the gate never wait for the network: one thread pushes (as soon as it is
//! nudged after a local change, and every second otherwise), one thread pulls (a long
//! poll: another device's change arrives within moments). Each backs off while the
//! server cannot be reached; each records its attempts for the status bar. A third
//! thread imports the units' iCal addresses at the interval the provider set (B4).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use super::SyncProgress;
use crate::error::ErrorCode;
use crate::App;

/// How long a pull waits on the server for a change.
pub const LONG_POLL_MS: u32 = 20_000;
/// How often the pusher looks for operations when not nudged.
const PUSH_EVERY: Duration = Duration::from_secs(1);
/// The longest pause after a failure.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// What the worker tells its owner (the window emits it as an event).
#[derive(Debug, Clone)]
pub enum SyncEvent {
    /// A sync step reached the server, or failed (the state is in the store).
    Changed,
    /// Progress of a long pull or push.
    Progress(SyncProgress),
}

/// What a background thread and its owner share: a stop flag and a nudge that wakes
/// the thread early (the mail worker uses it too).
pub(crate) struct Shared {
    stop: AtomicBool,
    nudged: Mutex<bool>,
    wake: Condvar,
}

impl Shared {
    /// Running, nudged once (the first round starts at once).
    pub(crate) fn new() -> Shared {
        Shared {
            stop: AtomicBool::new(false),
            nudged: Mutex::new(true),
            wake: Condvar::new(),
        }
    }

    /// Wakes the thread now.
    pub(crate) fn nudge(&self) {
        if let Ok(mut nudged) = self.nudged.lock() {
            *nudged = true;
        }
        self.wake.notify_all();
    }

    /// Asks the thread to stop, and wakes it.
    pub(crate) fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.wake.notify_all();
    }

    /// Whether the thread must stop.
    pub(crate) fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Waits until nudged, stopped, or `timeout` has passed; clears the nudge.
    pub(crate) fn wait(&self, timeout: Duration) {
        let guard = self.nudged.lock().unwrap_or_else(|e| e.into_inner());
        let (mut nudged, _) = self
            .wake
            .wait_timeout_while(guard, timeout, |n| !*n && !self.stopped())
            .unwrap_or_else(|e| e.into_inner());
        *nudged = false;
    }
}

/// The running background sync; stops when dropped.
pub struct SyncWorker {
    shared: Arc<Shared>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl SyncWorker {
    /// Starts syncing the data dir `dir` in the background (each thread opens its own
    /// connection). A device not enrolled simply waits: enrol it, and the next round
    /// syncs.
    pub fn start(dir: PathBuf, events: impl Fn(SyncEvent) + Send + Sync + 'static) -> SyncWorker {
        let shared = Arc::new(Shared::new());
        let events = Arc::new(events);
        let mut threads = Vec::new();
        for role in [Role::Push, Role::Pull, Role::Calendars] {
            let (shared, events, dir) = (shared.clone(), events.clone(), dir.clone());
            let spawned = std::thread::Builder::new()
                .name(format!("guichet-sync-{role:?}").to_lowercase())
                .spawn(move || run(role, &dir, &shared, &*events));
            if let Ok(handle) = spawned {
                threads.push(handle);
            }
        }
        SyncWorker { shared, threads }
    }

    /// Something changed here: push it now.
    pub fn nudge(&self) {
        self.shared.nudge();
    }
}

impl Drop for SyncWorker {
    fn drop(&mut self) {
        self.shared.stop();
        // The puller may be in a long poll: do not wait for it.
        self.threads.clear();
    }
}

#[derive(Debug, Clone, Copy)]
enum Role {
    Push,
    Pull,
    /// Imports the units' iCal addresses whose interval is over (B4), enrolled or not.
    Calendars,
}

/// How often the calendar thread looks for an address due (the interval itself is the
/// provider's setting, [`crate::ical::POLL_SETTING`]).
const CALENDARS_EVERY: Duration = Duration::from_secs(60);

fn poll_calendars(
    dir: &std::path::Path,
    shared: &Shared,
    events: &(dyn Fn(SyncEvent) + Send + Sync),
) {
    let mut app: Option<App> = None;
    while !shared.stop.load(Ordering::SeqCst) {
        if app.is_none() {
            app = App::open(dir).ok();
        }
        if let Some(current) = app.as_mut() {
            match current.poll_calendars() {
                Ok(0) => {}
                Ok(_) => events(SyncEvent::Changed),
                Err(e) if e.code == ErrorCode::Storage => app = None,
                Err(_) => {}
            }
        }
        let guard = shared.nudged.lock().unwrap_or_else(|e| e.into_inner());
        let _ = shared
            .wake
            .wait_timeout_while(guard, CALENDARS_EVERY, |_| {
                !shared.stop.load(Ordering::SeqCst)
            })
            .unwrap_or_else(|e| e.into_inner());
    }
}

fn run(
    role: Role,
    dir: &std::path::Path,
    shared: &Shared,
    events: &(dyn Fn(SyncEvent) + Send + Sync),
) {
    if let Role::Calendars = role {
        return poll_calendars(dir, shared, events);
    }
    let mut app: Option<App> = None;
    let mut backoff = Duration::from_millis(500);
    while !shared.stopped() {
        if let Role::Push = role {
            shared.wait(PUSH_EVERY);
        }
        if shared.stopped() {
            return;
        }
        if app.is_none() {
            app = App::open(dir).ok();
        }
        let Some(current) = app.as_mut() else {
            std::thread::sleep(backoff);
            continue;
        };
        if !matches!(current.credentials(), Ok(Some(_))) {
            std::thread::sleep(Duration::from_secs(2));
            continue;
        }
        let mut progress = |p: SyncProgress| events(SyncEvent::Progress(p));
        let result = match role {
            Role::Push => match current.client() {
                Ok(client) => {
                    let pending =
                        crate::store::sync::pending_count(current.store.conn()).unwrap_or(0);
                    if pending == 0 {
                        continue;
                    }
                    current.push_pending(&client, &mut progress).map(drop)
                }
                Err(e) => Err(e),
            },
            Role::Pull => current.sync_with(LONG_POLL_MS, &mut progress).map(drop),
            Role::Calendars => Ok(()),
        };
        let now = current.now();
        match result {
            Ok(()) => {
                let _ = current.store.record_sync_attempt(now, None);
                backoff = Duration::from_millis(500);
            }
            Err(e) => {
                let _ = current.store.record_sync_attempt(now, Some(&e));
                if e.code == ErrorCode::Storage {
                    app = None;
                }
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
        events(SyncEvent::Changed);
    }
}
