//! The system keychain for the end-to-end tests: a private D-Bus session
//! (`dbus-run-session`) with `gnome-keyring-daemon --unlock` as its Secret Service, as
//! build-notes.md says CI runs it, and the searches that prove a secret is nowhere else.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{guichet_bin, Run};

/// A private session bus with an unlocked GNOME keyring on it; stopped when dropped.
pub struct KeyringSession {
    child: Child,
    address: String,
    stop: PathBuf,
    home: tempfile::TempDir,
}

/// Whether a program is on the PATH.
pub fn tool(name: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

impl KeyringSession {
    /// Starts the session and its keyring.
    pub fn start() -> KeyringSession {
        for name in ["dbus-run-session", "gnome-keyring-daemon"] {
            assert!(
                tool(name),
                "{name} is missing: install dbus and gnome-keyring (scripts/setup.sh does)"
            );
        }
        let home = tempfile::tempdir().unwrap();
        let address_file = home.path().join("bus-address");
        let stop = home.path().join("stop");
        let runtime = home.path().join("run");
        std::fs::create_dir_all(&runtime).unwrap();
        let script = r#"printf 'mot-de-passe-du-trousseau' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
echo "$DBUS_SESSION_BUS_ADDRESS" > "$1.tmp" && mv "$1.tmp" "$1"
while [ ! -e "$2" ]; do sleep 0.1; done"#;
        let child = Command::new("dbus-run-session")
            .args(["--", "sh", "-c", script, "sh"])
            .arg(&address_file)
            .arg(&stop)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_RUNTIME_DIR", &runtime)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .stdin(Stdio::null())
            .spawn()
            .expect("dbus-run-session");
        let started = Instant::now();
        let address = loop {
            if let Ok(text) = std::fs::read_to_string(&address_file) {
                break text.trim().to_owned();
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the D-Bus session did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(!address.is_empty());
        KeyringSession {
            child,
            address,
            stop,
            home,
        }
    }

    /// `guichet --data-dir DIR ARGS…` inside the session, `stdin` given to it.
    pub fn run(&self, dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
        self.run_env(dir, args, stdin, &[])
    }

    /// [`KeyringSession::run`] with more variables in its environment.
    pub fn run_env(
        &self,
        dir: &Path,
        args: &[&str],
        stdin: Option<&str>,
        env: &[(&str, &str)],
    ) -> Run {
        let mut command = Command::new(guichet_bin());
        command
            .arg("--data-dir")
            .arg(dir)
            .args(args)
            .env_remove("GUICHET_DATA_DIR")
            .env_remove("GUICHET_NOW")
            .env_remove("GUICHET_LANG")
            .env("HOME", self.home.path())
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env("XDG_RUNTIME_DIR", self.home.path().join("run"));
        for (key, value) in env {
            command.env(key, value);
        }
        run_with(command, stdin)
    }
}

impl Drop for KeyringSession {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.stop, "");
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `command` with `stdin` given to it.
pub fn run_with(mut command: Command, stdin: Option<&str>) -> Run {
    use std::io::Write;
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("guichet");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    Run::from(child.wait_with_output().unwrap())
}

/// Every file under `dir`, with its bytes.
pub fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

/// Whether `needle` is in `haystack`.
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Fails if any file under `dir` holds one of `secrets`.
pub fn assert_nowhere(dir: &Path, secrets: &[&str]) {
    let all = files(dir);
    assert!(!all.is_empty());
    for (path, bytes) in &all {
        for secret in secrets {
            assert!(
                !contains(bytes, secret.as_bytes()),
                "a secret is in {}",
                path.display()
            );
        }
    }
}
