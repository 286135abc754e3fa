//! A device for the sync tests: a data dir driven through the real `guichet` binary
//! that enrols, syncs, sells, scans and shows what must be equal everywhere. A test
//! helper: a missing field is a failed test, so it unwraps.
#![allow(clippy::unwrap_used)]

use serde_json::Value;

use crate::sync_server::{Backend, SyncServer};
use crate::DataDir;

/// A device: a data dir that enrols and syncs.
pub struct Device(pub DataDir);

impl Device {
    /// A device holding `guichet demo`.
    pub fn demo() -> Device {
        Device(DataDir::demo())
    }

    /// A device with nothing yet.
    pub fn empty() -> Device {
        Device(DataDir::new())
    }

    /// Enrols it with a fresh one-time code of `provider`.
    pub fn enroll(&self, server: &SyncServer, provider: &str) -> Value {
        let code = server.code(provider);
        self.0
            .ok(&["enroll", "--server", &server.url, "--code", &code])
    }

    /// `guichet sync`, which must succeed.
    pub fn sync(&self) -> Value {
        self.0.ok(&["sync"])
    }

    /// Its conflicts inbox.
    pub fn conflicts(&self) -> Vec<Value> {
        self.0.ok(&["conflicts"]).as_array().unwrap().clone()
    }

    /// The kinds of its conflicts, sorted.
    pub fn kinds(&self) -> Vec<String> {
        let mut kinds: Vec<String> = self
            .conflicts()
            .iter()
            .map(|c| c["kind"].as_str().unwrap().to_owned())
            .collect();
        kinds.sort();
        kinds
    }

    /// Scans `code` at `session`.
    pub fn scan(&self, session: &str, code: &str) -> Value {
        self.0.ok(&["scan", "--session", session, code])
    }

    /// Sells tickets; their codes.
    pub fn sell(&self, session: &str, quantity: u32, holder: &str) -> Vec<String> {
        self.0.ok(&[
            "tickets",
            "issue",
            "--session",
            session,
            "--quantity",
            &quantity.to_string(),
            "--holder",
            holder,
        ])["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect()
    }

    /// What must be equal on every device of a provider.
    pub fn state(&self) -> Value {
        let mut bookings = self.0.ok(&["bookings"]);
        // A rejected booking exists only where it was made (marked, never deleted).
        if let Value::Array(list) = &mut bookings {
            list.retain(|b| b["status"] == "confirmed");
        }
        let sessions = self.0.ok(&["sessions"]);
        let mut tickets = Vec::new();
        for s in sessions.as_array().unwrap() {
            tickets.push(
                self.0
                    .ok(&["tickets", "list", "--session", s["id"].as_str().unwrap()]),
            );
        }
        serde_json::json!({
            "units": self.0.ok(&["units"]),
            "bookings": bookings,
            "sessions": sessions,
            "tickets": tickets,
            "settings": self.0.ok(&["settings"]),
            "products": self.0.ok(&["products"]),
            "vouchers": self.0.ok(&["vouchers"]),
        })
    }

    /// Operations waiting to be pushed.
    pub fn outbox_len(&self) -> usize {
        self.0.ok(&["outbox"]).as_array().unwrap().len()
    }
}

/// A server on SQLite in a temporary folder.
pub fn sqlite_server() -> (tempfile::TempDir, SyncServer) {
    let dir = tempfile::tempdir().unwrap();
    let server = SyncServer::start(Backend::Sqlite(dir.path().join("srv")), 0);
    (dir, server)
}

/// Two enrolled devices of one provider that agree (B pulled A's demo).
pub fn pair(server: &SyncServer) -> (String, Device, Device) {
    let provider = server.provider("Festival du Vallon");
    let a = Device::demo();
    a.enroll(server, &provider);
    let b = Device::empty();
    b.enroll(server, &provider);
    a.sync();
    let pulled = b.sync();
    assert!(pulled["pulled"].as_u64().unwrap() > 100, "{pulled}");
    (provider, a, b)
}
