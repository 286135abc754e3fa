//! Time and ids, passed in (architecture.md, convention 2). This module is the only
//! place that reads the system clock or draws random ids.

use chrono::{DateTime, Utc};
use std::sync::atomic::{AtomicU64, Ordering};
use uuid::Uuid;

use crate::error::{AppError, AppResult};

/// Tells the current instant.
pub trait Clock: Send + Sync {
    /// Now, in UTC.
    fn now(&self) -> DateTime<Utc>;

    /// Whether this clock is pinned (`GUICHET_NOW`) rather than the real time: the till
    /// journal marks what it writes then, and refuses to add to a real journal (A17).
    fn is_pinned(&self) -> bool {
        false
    }
}

/// Makes fresh ids.
pub trait IdGen: Send + Sync {
    /// A new, unique id.
    fn next_id(&self) -> Uuid;
}

/// The operating system's clock, or the instant `GUICHET_NOW` pins it to (for support
/// sessions and tests that need a hold to expire). The variable is read and checked
/// once, by [`SystemClock::from_env`] at startup: a value that is not an RFC 3339
/// instant in the years 2000–2099 is refused, never ignored.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock {
    pinned: Option<DateTime<Utc>>,
}

/// The variable that pins the clock.
pub const NOW_VARIABLE: &str = "GUICHET_NOW";

impl SystemClock {
    /// The clock `GUICHET_NOW` asks for: pinned when it is set, the system's otherwise.
    pub fn from_env() -> AppResult<SystemClock> {
        match std::env::var_os(NOW_VARIABLE) {
            None => Ok(SystemClock::default()),
            Some(value) => SystemClock::pinned_from(&value.to_string_lossy()),
        }
    }

    /// A clock pinned at `text`, an RFC 3339 instant in the years 2000–2099.
    pub fn pinned_from(text: &str) -> AppResult<SystemClock> {
        let pinned = DateTime::parse_from_rfc3339(text.trim())
            .ok()
            .map(|at| at.with_timezone(&Utc))
            .filter(|at| guichet_core::bounds::check_date(at.date_naive()).is_ok())
            .ok_or_else(|| {
                AppError::input(format!(
                    "{NOW_VARIABLE}=« {} » n'est pas un instant utilisable : écrivez-le au format \
                     RFC 3339 dans les années 2000 à 2099 (exemple : 2026-07-01T10:00:00Z), \
                     ou retirez la variable pour suivre l'horloge du système",
                    guichet_core::bounds::printable(text)
                ))
            })?;
        Ok(SystemClock {
            pinned: Some(pinned),
        })
    }

    /// The pinned instant, if any.
    pub fn pinned(&self) -> Option<DateTime<Utc>> {
        self.pinned
    }
}

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> DateTime<Utc> {
        self.pinned.unwrap_or_else(Utc::now)
    }

    fn is_pinned(&self) -> bool {
        self.pinned.is_some()
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

    fn is_pinned(&self) -> bool {
        (**self).is_pinned()
    }
}

/// A clock that says it is pinned, as `GUICHET_NOW` does, at an instant a test moves
/// (the till journal's pinned-clock rules, A17).
#[derive(Debug)]
pub struct PinnedClock(pub ManualClock);

impl Clock for PinnedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }

    fn is_pinned(&self) -> bool {
        true
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guichet_now_pins_the_clock_to_an_rfc3339_instant() {
        let clock = SystemClock::pinned_from("2026-07-01T12:00:00+02:00").unwrap();
        assert_eq!(clock.now().to_rfc3339(), "2026-07-01T10:00:00+00:00");
    }

    #[test]
    fn guichet_now_refuses_what_is_not_an_instant_of_2000_to_2099() {
        for bad in [
            "",
            "demain",
            "2026-07-01",
            "2026-07-01 10:00",
            "1999-12-31T23:59:59Z",
            "2100-01-01T00:00:00Z",
            "\u{1b}[2J",
        ] {
            let err = SystemClock::pinned_from(bad).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{bad}");
            assert!(err.message.contains("GUICHET_NOW"), "{}", err.message);
            assert!(
                err.message.contains("2026-07-01T10:00:00Z"),
                "{}",
                err.message
            );
            assert!(!err.message.contains('\u{1b}'), "{}", err.message);
        }
    }
}
