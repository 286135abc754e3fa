//! Availability: confirmed bookings and live holds block their nights; a stay that
//! overlaps one is refused with the blocking one named (no overbooking, P8).

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use crate::booking::{Booking, BookingStatus};
use crate::calendar::{french_date, french_instant};
use crate::hold::Hold;
use crate::stay::Stay;

/// What occupies some nights of a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Blocker {
    /// A firm booking.
    Booking {
        /// The booking's id.
        id: Uuid,
        /// The guest's name.
        guest: String,
        /// Its nights.
        stay: Stay,
    },
    /// A temporary hold.
    Hold {
        /// The hold's id.
        id: Uuid,
        /// The customer's name.
        guest: String,
        /// Its nights.
        stay: Stay,
        /// When it ends.
        expires_at: DateTime<Utc>,
    },
    /// Nights an imported calendar blocks (B4): a channel's booking, known by its
    /// dates only.
    Calendar {
        /// The calendar source's id.
        id: Uuid,
        /// Where it is read from.
        location: String,
        /// A run of consecutive nights it blocks.
        stay: Stay,
    },
}

/// A stay that is not free, and what blocks it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(.0))]
pub struct Unavailable(pub Blocker);

fn describe(blocker: &Blocker) -> String {
    match blocker {
        Blocker::Booking { guest, stay, .. } => format!(
            "ces dates chevauchent la réservation de {guest} du {} au {} : choisissez d'autres dates ou un autre hébergement",
            french_date(stay.start()),
            french_date(stay.end())
        ),
        Blocker::Hold { guest, stay, expires_at, .. } => format!(
            "ces dates sont bloquées pour {guest} du {} au {} jusqu'au {} (paiement en cours) : choisissez d'autres dates ou attendez la fin du blocage",
            french_date(stay.start()),
            french_date(stay.end()),
            french_instant(*expires_at)
        ),
        Blocker::Calendar { location, stay, .. } => format!(
            "ces dates sont prises d'après le calendrier importé {location} (nuits du {} au {}) : choisissez d'autres dates, ou retirez la réservation sur la plateforme puis réimportez son calendrier",
            french_date(stay.start()),
            french_date(stay.end())
        ),
    }
}

impl Blocker {
    /// A booking's blocker, if it still takes its nights.
    pub fn of_booking(booking: &Booking) -> Option<Blocker> {
        (booking.status == BookingStatus::Confirmed).then(|| Blocker::Booking {
            id: booking.id.0,
            guest: booking.guest.name().to_owned(),
            stay: booking.stay,
        })
    }

    /// A hold's blocker, if it is live at `at`.
    pub fn of_hold(hold: &Hold, at: DateTime<Utc>) -> Option<Blocker> {
        hold.is_live(at).then(|| Blocker::Hold {
            id: hold.id().0,
            guest: hold.contact().name().to_owned(),
            stay: hold.stay(),
            expires_at: hold.expires_at(),
        })
    }

    /// The blocked nights.
    pub fn stay(&self) -> Stay {
        match self {
            Blocker::Booking { stay, .. }
            | Blocker::Hold { stay, .. }
            | Blocker::Calendar { stay, .. } => *stay,
        }
    }

    fn id(&self) -> Uuid {
        match self {
            Blocker::Booking { id, .. }
            | Blocker::Hold { id, .. }
            | Blocker::Calendar { id, .. } => *id,
        }
    }
}

/// Ok when `stay` overlaps none of `blockers`, except the one whose id is `except`
/// (a hold being turned into its own booking).
pub fn ensure_free(
    stay: Stay,
    blockers: &[Blocker],
    except: Option<Uuid>,
) -> Result<(), Unavailable> {
    match blockers
        .iter()
        .find(|b| Some(b.id()) != except && b.stay().overlaps(&stay))
    {
        Some(blocker) => Err(Unavailable(blocker.clone())),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::BookingId;
    use crate::contact::Contact;
    use crate::hold::HoldId;
    use crate::money::Money;
    use crate::unit::UnitId;

    fn stay(from: &str, nights: u32) -> Stay {
        Stay::new(from.parse().unwrap(), nights).unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn booking(status: BookingStatus) -> Booking {
        Booking {
            id: BookingId(Uuid::from_u128(7)),
            unit: UnitId(Uuid::from_u128(1)),
            stay: stay("2026-07-04", 7),
            guest: Contact::new("Famille Martin", None, Some("0612345678")).unwrap(),
            total: Money::from_cents(50_000),
            status,
        }
    }

    #[test]
    fn p8_a_confirmed_booking_blocks_overlapping_stays_and_is_named() {
        let blockers: Vec<_> = Blocker::of_booking(&booking(BookingStatus::Confirmed))
            .into_iter()
            .collect();
        let err = ensure_free(stay("2026-07-10", 3), &blockers, None).unwrap_err();
        assert!(err.to_string().contains("Famille Martin"), "{err}");
        assert!(err.to_string().contains("04/07/2026"), "{err}");
        assert!(ensure_free(stay("2026-07-11", 3), &blockers, None).is_ok());
        assert!(ensure_free(stay("2026-07-01", 3), &blockers, None).is_ok());
        assert_eq!(
            Blocker::of_booking(&booking(BookingStatus::Cancelled)),
            None
        );
    }

    #[test]
    fn p8_a_live_hold_blocks_and_an_expired_one_does_not() {
        let contact = Contact::new("Léa Bernard", Some("lea@exemple.fr"), None).unwrap();
        let hold = Hold::start(
            HoldId(Uuid::from_u128(9)),
            UnitId(Uuid::from_u128(1)),
            stay("2026-07-04", 2),
            contact,
            Money::from_cents(16_000),
            at("2026-06-01T10:00:00Z"),
        );
        let live: Vec<_> = Blocker::of_hold(&hold, at("2026-06-01T10:30:00Z"))
            .into_iter()
            .collect();
        let err = ensure_free(stay("2026-07-05", 1), &live, None).unwrap_err();
        assert!(err.to_string().contains("Léa Bernard"), "{err}");
        assert!(ensure_free(stay("2026-07-05", 1), &live, Some(hold.id().0)).is_ok());
        assert_eq!(Blocker::of_hold(&hold, at("2026-06-01T11:00:00Z")), None);
    }
}
