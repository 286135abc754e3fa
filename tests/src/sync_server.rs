//! The real `guichet-sync` binary, run as a separate process on loopback for the
//! end-to-end tests: started on a free port, killed when dropped, restartable on the
//! same data.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Once;

/// The `guichet-sync` binary: `GUICHET_SYNC_BIN`, or the workspace's debug build.
pub fn sync_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("GUICHET_SYNC_BIN") {
        return PathBuf::from(bin);
    }
    static BUILD: Once = Once::new();
    BUILD.call_once(|| {
        let status = Command::new(env!("CARGO"))
            .args(["build", "-q", "-p", "guichet-sync", "--bin", "guichet-sync"])
            .current_dir(crate::workspace())
            .status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "cargo build of guichet-sync failed"
        );
    });
    crate::workspace().join("target/debug/guichet-sync")
}

/// Where a server keeps its data.
#[derive(Debug, Clone)]
pub enum Backend {
    /// `--data DIR`.
    Sqlite(PathBuf),
    /// `--database URL --key-file FILE`.
    Postgres(String, PathBuf),
}

impl Backend {
    fn args(&self) -> Vec<String> {
        match self {
            Backend::Sqlite(dir) => vec!["--data".into(), dir.display().to_string()],
            Backend::Postgres(url, key) => vec![
                "--database".into(),
                url.clone(),
                "--key-file".into(),
                key.display().to_string(),
            ],
        }
    }
}

/// A running server.
pub struct SyncServer {
    child: Child,
    extra: Vec<String>,
    /// Its base URL.
    pub url: String,
    /// Its data.
    pub backend: Backend,
    /// Its port.
    pub port: u16,
    /// Its log (stderr).
    pub log: PathBuf,
}

/// `guichet-sync ARGS…` (an admin command): its stdout parsed as JSON.
pub fn admin(backend: &Backend, args: &[&str]) -> serde_json::Value {
    let out = Command::new(sync_bin())
        .args(args)
        .args(backend.args())
        .arg("--json")
        .env_remove("GUICHET_SYNC_KEY")
        .output()
        .unwrap_or_else(|e| panic!("guichet-sync: {e}"));
    assert!(
        out.status.success(),
        "guichet-sync {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("guichet-sync {args:?}: {e}"))
}

impl SyncServer {
    /// Starts a server on `backend`, on `port` (0: any free one).
    pub fn start(backend: Backend, port: u16) -> SyncServer {
        SyncServer::start_with(backend, port, &[])
    }

    /// [`SyncServer::start`] with more arguments (`--tls-cert …`).
    pub fn start_with(backend: Backend, port: u16, extra: &[String]) -> SyncServer {
        let log = std::env::temp_dir().join(format!(
            "guichet-sync-{}-{}.log",
            std::process::id(),
            crate::postgres::free_port()
        ));
        let mut child = Command::new(sync_bin())
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .args(backend.args())
            .args(extra)
            .env_remove("GUICHET_SYNC_KEY")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(
                std::fs::File::create(&log)
                    .map(Stdio::from)
                    .unwrap_or_else(|_| Stdio::null()),
            )
            .spawn()
            .unwrap_or_else(|e| panic!("guichet-sync serve: {e}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let mut line = String::new();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| {
                panic!(
                    "guichet-sync did not start: {line}\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                )
            })
            .to_owned();
        let port = url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        SyncServer {
            extra: extra.to_vec(),
            child,
            url,
            backend,
            port,
            log,
        }
    }

    /// Kills it (SIGKILL) and starts it again on the same data and port.
    pub fn restart(&mut self) {
        self.kill();
        let mut fresh = SyncServer::start_with(self.backend.clone(), self.port, &self.extra);
        // `fresh` takes the dead process and drops it.
        std::mem::swap(self, &mut fresh);
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills it (SIGKILL), leaving its data.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// A new provider; its id.
    pub fn provider(&self, name: &str) -> String {
        admin(&self.backend, &["provider", "add", name])["provider"]
            .as_str()
            .unwrap_or_else(|| panic!("no provider id"))
            .to_owned()
    }

    /// A one-time enrolment code for `provider`.
    pub fn code(&self, provider: &str) -> String {
        admin(&self.backend, &["enrollment-code", "--provider", provider])["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no code"))
            .to_owned()
    }
}

impl Drop for SyncServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
