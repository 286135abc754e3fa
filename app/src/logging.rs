//! The application's log: `tracing` events of Guichet's own crates, written to
//! `logs/<program>.YYYY-MM-DD.log` in the data dir (a new file each day, the last
//! [`KEPT_FILES`] kept), and to standard error when asked (`guichet --verbose`).
//!
//! What may be logged: command names, ids (UUIDs of bookings, sessions, units…),
//! counts, durations and error *codes*. Never a ticket key, a passphrase, a token, a
//! full ticket code, nor personal data (guest names, e-mails, phones): error
//! *messages* may quote what was typed, so callers log [`AppError::code`] only.
//!
//! Logging never stops a command: when the data dir is not writable (a read-only
//! folder, a full disk), the file is simply left out.
//!
//! [`AppError::code`]: crate::error::AppError

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use tracing::Level;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// The log folder's name inside the data dir.
pub const LOG_DIR: &str = "logs";

/// How many daily files are kept (about a week).
pub const KEPT_FILES: usize = 7;

/// Keeps the log file's writer alive: hold it until the program ends, or the last
/// lines may be lost.
#[derive(Debug)]
pub struct Logging {
    guard: Option<WorkerGuard>,
    folder: Option<PathBuf>,
}

impl Logging {
    /// The folder the log file is written to, if one could be opened.
    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    /// True when the log goes to a file.
    pub fn to_file(&self) -> bool {
        self.guard.is_some()
    }
}

/// The crates whose events are kept: ours only (the window's and the libraries'
/// own events are left out), at `level`.
fn ours(level: Level) -> Targets {
    Targets::new()
        .with_target("guichet", level)
        .with_target("guichet_app", level)
        .with_target("guichet_cli", level)
        .with_target("guichet_desktop", level)
        .with_target("guichet_devices", level)
        .with_target("guichet_core", level)
}

/// Starts logging for `program` (`guichet`, `guichet-desktop`) into
/// `<data_dir>/logs/`; with `verbose`, also to standard error, with debug events.
/// Never fails: without a writable folder the file is left out; called twice, the
/// second call changes nothing.
pub fn init(data_dir: &Path, program: &str, verbose: bool) -> Logging {
    let folder = data_dir.join(LOG_DIR);
    let appender = std::fs::create_dir_all(&folder).ok().and_then(|()| {
        RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix(program)
            .filename_suffix("log")
            .max_log_files(KEPT_FILES)
            .build(&folder)
            .ok()
    });
    let level = if verbose { Level::DEBUG } else { Level::INFO };
    let (file, guard) = match appender {
        Some(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            let layer = tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(writer)
                .with_filter(ours(level));
            (Some(layer), Some(guard))
        }
        None => (None, None),
    };
    let stderr = verbose.then(|| {
        tracing_subscriber::fmt::layer()
            .with_ansi(std::io::stderr().is_terminal())
            .with_writer(std::io::stderr)
            .with_filter(ours(level))
    });
    let installed = tracing_subscriber::registry()
        .with(file)
        .with(stderr)
        .try_init()
        .is_ok();
    Logging {
        folder: (installed && guard.is_some()).then_some(folder),
        guard: guard.filter(|_| installed),
    }
}

/// Starts logging to standard error only, and only with `verbose` (a command that
/// has no data dir to write to).
pub fn init_stderr(verbose: bool) -> Logging {
    if verbose {
        let _ = tracing_subscriber::registry()
            .with(
                tracing_subscriber::fmt::layer()
                    .with_ansi(std::io::stderr().is_terminal())
                    .with_writer(std::io::stderr)
                    .with_filter(ours(Level::DEBUG)),
            )
            .try_init();
    }
    Logging {
        guard: None,
        folder: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logging_init_writes_a_daily_file_in_the_data_dir() {
        let dir = tempfile::tempdir().unwrap();
        let logging = init(dir.path(), "essai", false);
        assert!(logging.to_file());
        tracing::info!(target: "guichet_app", command = "essai", "commande lancée");
        drop(logging);
        let files: Vec<_> = std::fs::read_dir(dir.path().join(LOG_DIR))
            .unwrap()
            .map(|f| f.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("essai.") && name.ends_with(".log"),
            "{name}"
        );
        let text = std::fs::read_to_string(&files[0]).unwrap();
        assert!(text.contains("command=\"essai\""), "{text}");
    }
}
