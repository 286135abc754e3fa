//! Helpers for the end-to-end tests in `tests/tests/`: they drive the real
//! `guichet` binary as separate processes on real data dirs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Once;

/// The workspace's root folder.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The `guichet` binary: `GUICHET_BIN`, or the workspace's debug build (built once
/// here if it is missing, so that `cargo test -p guichet-tests` works alone).
pub fn guichet_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("GUICHET_BIN") {
        return PathBuf::from(bin);
    }
    static BUILD: Once = Once::new();
    BUILD.call_once(|| {
        let status = Command::new(env!("CARGO"))
            .args(["build", "-q", "-p", "guichet-cli", "--bin", "guichet"])
            .current_dir(workspace())
            .status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "cargo build of guichet failed"
        );
    });
    workspace().join("target/debug/guichet")
}

/// What one run of `guichet` did.
#[derive(Debug)]
pub struct Run {
    /// Exit status code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Standard output parsed as one JSON document.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", self.stdout, self.stderr))
    }
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert!(
            !run.stderr.contains("panicked"),
            "guichet panicked: {}",
            run.stderr
        );
        run
    }
}

/// `guichet ARGS…` with `env` set, on no data dir unless ARGS names one.
pub fn guichet_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(guichet_bin());
    command
        .args(args)
        .env_remove("GUICHET_DATA_DIR")
        .env_remove("GUICHET_NOW");
    for (key, value) in env {
        command.env(key, value);
    }
    command
        .output()
        .map(Run::from)
        .unwrap_or_else(|e| panic!("cannot run guichet: {e}"))
}

/// `guichet ARGS…`.
pub fn guichet(args: &[&str]) -> Run {
    guichet_env(args, &[])
}
