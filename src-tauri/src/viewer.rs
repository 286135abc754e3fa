//! Opens a file with the system's viewer (to print a PDF ticket).

use std::path::Path;
use std::process::{Command, Stdio};

/// Opens `path` in the background; a missing viewer only means the file stays
/// where the window says it is.
pub fn open(path: &Path) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = Command::new(program)
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}
