//! Helpers for the end-to-end tests in `tests/tests/`: they drive the real
//! `guichet` binary as separate processes on real data dirs.

pub mod faults;
pub mod keyring;
pub mod paperwork;
pub mod postgres;
pub mod sync_device;
pub mod sync_server;
pub mod tls;

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
        .env_remove("GUICHET_NOW")
        .env_remove("GUICHET_LANG");
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

/// A data dir of its own (in a temporary folder) and `guichet` run on it.
pub struct DataDir {
    dir: tempfile::TempDir,
}

impl Default for DataDir {
    fn default() -> DataDir {
        DataDir::new()
    }
}

impl DataDir {
    /// An empty data dir (not created yet: the first command creates it).
    pub fn new() -> DataDir {
        DataDir {
            dir: tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary folder: {e}")),
        }
    }

    /// A data dir holding `guichet demo`.
    pub fn demo() -> DataDir {
        let data = DataDir::new();
        data.ok(&["demo"]);
        data
    }

    /// The data dir's path.
    pub fn path(&self) -> String {
        self.dir.path().join("donnees").display().to_string()
    }

    /// A file of the data dir.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join("donnees").join(name)
    }

    /// The temporary folder the data dir is in (for other files of a test).
    pub fn scratch(&self) -> &Path {
        self.dir.path()
    }

    /// `guichet --data-dir DIR ARGS…` with `env`, output for people (French).
    pub fn run_text(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let path = self.path();
        let mut all = vec!["--data-dir", path.as_str()];
        all.extend_from_slice(args);
        guichet_env(&all, env)
    }

    /// `guichet --data-dir DIR --json ARGS…`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_at(args, None)
    }

    /// [`DataDir::run`] with the clock pinned at `now` when given.
    pub fn run_at(&self, args: &[&str], now: Option<&str>) -> Run {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        match now {
            Some(now) => self.run_text(&all, &[("GUICHET_NOW", now)]),
            None => self.run_text(&all, &[]),
        }
    }

    /// [`DataDir::run`], which must succeed; its JSON.
    pub fn ok(&self, args: &[&str]) -> serde_json::Value {
        let run = self.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        run.json()
    }

    /// [`DataDir::run_at`] with the clock pinned at `now`, which must succeed; its JSON.
    pub fn ok_at(&self, args: &[&str], now: &str) -> serde_json::Value {
        let run = self.run_at(args, Some(now));
        assert_eq!(run.code, 0, "{args:?}: {} {}", run.stdout, run.stderr);
        run.json()
    }

    /// The id of the first product of the till whose name starts with `name`.
    pub fn product(&self, name: &str, now: &str) -> String {
        self.ok_at(&["products"], now)
            .as_array()
            .and_then(|list| {
                list.iter()
                    .find(|p| p["name"].as_str().is_some_and(|n| n.starts_with(name)))
            })
            .and_then(|p| p["id"].as_str())
            .unwrap_or_else(|| panic!("no product named {name}…"))
            .to_owned()
    }

    /// The first session's id (of the demo).
    pub fn session(&self) -> String {
        self.ok(&["sessions"])[0]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no session"))
            .to_owned()
    }
}

/// A PDF's text as `pdftotext -layout` (poppler-utils) reads it.
pub fn pdf_text(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-layout".as_ref(), path.as_os_str(), "-".as_ref()])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext (poppler-utils, scripts/setup.sh): {e}"));
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        path.display()
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}
