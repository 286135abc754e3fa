//! Progress of long work (a PDF batch, the demo), sent to the window as typed
//! `progress` events so that it can show a progress bar.

use serde::{Deserialize, Serialize};
use tauri::{Emitter, Runtime};
use ts_rs::TS;

/// The event's name, as the window listens to it.
pub const EVENT: &str = "progress";

/// Which long work is progressing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ProgressTask {
    /// A booking's tickets being laid out into a PDF.
    PrintTickets,
    /// The demo data being written.
    Demo,
    /// An export (sales, forms, voucher report) being written.
    Export,
    /// A unit's iCal calendars being read (an address can take up to a minute).
    Calendar,
    /// An export of the old tool being read (a preview) or imported.
    Import,
}

/// How far a task is: `done` of `total` steps (tickets, …), and what it is doing in
/// French. `done == 0` means started, with no finer measure yet; `done == total`, over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Progress {
    /// The task.
    pub task: ProgressTask,
    /// Steps done.
    pub done: u32,
    /// Steps in all.
    pub total: u32,
    /// What is happening, for people.
    pub label: String,
}

/// Sends a `progress` event to the window; a window that is gone misses nothing.
pub fn report<R: Runtime>(
    to: &impl Emitter<R>,
    task: ProgressTask,
    done: u32,
    total: u32,
    label: &str,
) {
    let progress = Progress {
        task,
        done,
        total,
        label: label.to_owned(),
    };
    let _ = to.emit(EVENT, progress);
}
