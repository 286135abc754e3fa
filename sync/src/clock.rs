//! The server's only readings of time and ids (clippy forbids them elsewhere): the
//! system clock, unless `GUICHET_SYNC_NOW` pins it (tests of code expiry), and
//! UUIDv7 ids.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The variable that pins the server's clock (RFC 3339).
pub const NOW_ENV: &str = "GUICHET_SYNC_NOW";

/// Now.
#[allow(clippy::disallowed_methods)]
pub fn now() -> DateTime<Utc> {
    std::env::var(NOW_ENV)
        .ok()
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
}

/// A new id (time-ordered).
#[allow(clippy::disallowed_methods)]
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}
