//! Time and ids, passed in (architecture.md, convention 2). This module is the only
//! place that reads the system clock or draws random ids.

use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicU64, Ordering};
use uuid::Uuid;

/// Tells the current instant.
pub trait Clock: Send + Sync {
    /// Now, in UTC.
    fn now(&self) -> DateTime<Utc>;
}

/// Makes fresh ids.
pub trait IdGen: Send + Sync {
    /// A new, unique id.
    fn next_id(&self) -> Uuid;
}

/// The operating system's clock; `GUICHET_NOW` (RFC 3339) pins it, for support
/// sessions and tests that need a hold to expire.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> DateTime<Utc> {
        std::env::var("GUICHET_NOW")
            .ok()
            .and_then(|text| DateTime::parse_from_rfc3339(&text).ok())
            .map_or_else(Utc::now, |pinned| pinned.with_timezone(&Utc))
    }
}

/// UUIDv7: time-ordered, unique across devices.
#[derive(Debug, Default, Clone, Copy)]
pub struct UuidV7;

impl IdGen for UuidV7 {
    #[allow(clippy::disallowed_methods)]
    fn next_id(&self) -> Uuid {
        Uuid::now_v7()
    }
}

/// A clock that stays where a test puts it.
#[derive(Debug)]
pub struct ManualClock(std::sync::Mutex<DateTime<Utc>>);

impl ManualClock {
    /// A clock showing `at`.
    pub fn at(at: DateTime<Utc>) -> ManualClock {
        ManualClock(std::sync::Mutex::new(at))
    }

    /// Moves the clock to `at`.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Ok(mut now) = self.0.lock() {
            *now = at;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.lock().map(|now| *now).unwrap_or_default()
    }
}

impl<C: Clock + ?Sized> Clock for std::sync::Arc<C> {
    fn now(&self) -> DateTime<Utc> {
        (**self).now()
    }
}

/// Ids 1, 2, 3… for tests that compare ids.
#[derive(Debug, Default)]
pub struct SequentialIds(AtomicU64);

impl IdGen for SequentialIds {
    fn next_id(&self) -> Uuid {
        Uuid::from_u128(u128::from(self.0.fetch_add(1, Ordering::Relaxed) + 1))
    }
}
