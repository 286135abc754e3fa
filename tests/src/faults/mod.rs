//! Sync under faults (issue 7, item 7): an in-process `guichet-sync` server on its
//! SQLite files, a fault-injecting TCP proxy on loopback in front of it, several real
//! devices (each an [`guichet_app::App`] on its own data dir) driven by a seeded
//! scenario, and the invariants checked after every run. `tests/tests/sync_faults.rs`
//! runs the short version in CI; the `soak` binary runs 1,000 per fault class
//! (CONTRIBUTING.md, results in docs/reliability.md).

pub mod check;
pub mod proxy;
pub mod rng;
pub mod scenario;
pub mod server;
pub mod vouchers;

/// What the proxy (or the scenario) does wrong, per request or per step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultClass {
    /// Nothing: the baseline.
    None,
    /// The request is dropped before the server sees it, or its response is lost
    /// after the server applied it.
    Drop,
    /// The response comes late (20–200 ms).
    Delay,
    /// The request reaches the server twice; the device sees the second answer.
    Duplicate,
    /// Requests are held 0–300 ms, so that concurrent devices overtake each other.
    Reorder,
    /// The connection is cut in the middle of the response body.
    Cut,
    /// The server is stopped and started again on the same files between steps.
    Restart,
    /// All of the above, mixed.
    All,
}

impl FaultClass {
    /// Every class, in the order the soak runs them.
    pub const EVERY: [FaultClass; 8] = [
        FaultClass::None,
        FaultClass::Drop,
        FaultClass::Delay,
        FaultClass::Duplicate,
        FaultClass::Reorder,
        FaultClass::Cut,
        FaultClass::Restart,
        FaultClass::All,
    ];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            FaultClass::None => "none",
            FaultClass::Drop => "drop",
            FaultClass::Delay => "delay",
            FaultClass::Duplicate => "duplicate",
            FaultClass::Reorder => "reorder",
            FaultClass::Cut => "cut",
            FaultClass::Restart => "restart",
            FaultClass::All => "all",
        }
    }

    /// The class named `name`.
    pub fn from_name(name: &str) -> Option<FaultClass> {
        FaultClass::EVERY.into_iter().find(|c| c.name() == name)
    }
}
