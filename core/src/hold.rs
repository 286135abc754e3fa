//! The temporary hold (blocage temporaire, rule P8) as a state machine without IO.
//!
//! Contact details given for a stay hold it for one hour; going to payment restarts
//! the hour from that moment; an expired hold releases the nights; a live hold
//! becomes a booking. The clock is passed in with each event.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::calendar::french_instant;
use crate::contact::Contact;
use crate::money::Money;
use crate::stay::Stay;
use crate::unit::UnitId;

/// How long a hold lasts: one hour from its start, or from going to payment.
pub const HOLD_DURATION: TimeDelta = TimeDelta::hours(1);

/// Identifies a hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HoldId(pub Uuid);

/// Where a hold is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldState {
    /// Blocking its nights until `expires_at`.
    Active,
    /// Expired or given up: the nights are free again.
    Released,
    /// Turned into a firm booking.
    Booked,
}

/// Something that happens to a hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldEvent {
    /// The customer clicks "go to payment": the hour restarts.
    GoToPayment,
    /// The hour is over (checked against the instant given).
    Expire,
    /// Payment done: the hold becomes a booking.
    Book,
    /// The customer or the operator gives the hold up.
    Release,
}

/// What the application must do after a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldEffect {
    /// The nights are free again.
    NightsReleased,
    /// Create the firm booking for the held stay.
    CreateBooking,
}

/// Why an event does not apply to a hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoldError {
    /// The hour ran out before the event.
    #[error("le blocage temporaire a expiré le {} : reprenez la réservation depuis le début", french_instant(*.0))]
    Expired(DateTime<Utc>),
    /// Expiry asked before the hour is over.
    #[error("le blocage temporaire court jusqu'au {} : il n'a pas encore expiré", french_instant(*.0))]
    NotYetExpired(DateTime<Utc>),
    /// The hold was already released or booked.
    #[error("ce blocage temporaire est déjà terminé ({0:?})")]
    Finished(HoldState),
}

/// A stay held for a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    id: HoldId,
    unit: UnitId,
    stay: Stay,
    contact: Contact,
    total: Money,
    expires_at: DateTime<Utc>,
    state: HoldState,
}

impl Hold {
    /// A hold starting `at`, for one hour, at the price `total` quoted to the customer.
    pub fn start(
        id: HoldId,
        unit: UnitId,
        stay: Stay,
        contact: Contact,
        total: Money,
        at: DateTime<Utc>,
    ) -> Hold {
        let expires_at = at + HOLD_DURATION;
        Hold {
            id,
            unit,
            stay,
            contact,
            total,
            expires_at,
            state: HoldState::Active,
        }
    }

    /// Rebuilds a stored hold from its start and its stored end and state.
    pub fn restore(start: Hold, expires_at: DateTime<Utc>, state: HoldState) -> Hold {
        Hold {
            expires_at,
            state,
            ..start
        }
    }

    /// The price quoted to the customer when the hold started.
    pub fn total(&self) -> Money {
        self.total
    }

    /// Its id.
    pub fn id(&self) -> HoldId {
        self.id
    }

    /// The held unit.
    pub fn unit(&self) -> UnitId {
        self.unit
    }

    /// The held stay.
    pub fn stay(&self) -> Stay {
        self.stay
    }

    /// The customer.
    pub fn contact(&self) -> &Contact {
        &self.contact
    }

    /// When the hold ends unless payment restarts it.
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.expires_at
    }

    /// Its state as stored (an Active hold past its hour is not live any more).
    pub fn state(&self) -> HoldState {
        self.state
    }

    /// True while it blocks its nights at `at`.
    pub fn is_live(&self, at: DateTime<Utc>) -> bool {
        self.state == HoldState::Active && at < self.expires_at
    }

    /// An active hold whose end is further than an hour from `at`: it cannot have been
    /// placed or extended at a right time (the clock was wrong then, or is now). It
    /// blocks its nights until an operator releases it.
    pub fn is_implausible(&self, at: DateTime<Utc>) -> bool {
        self.state == HoldState::Active
            && self.expires_at > at + HOLD_DURATION + TimeDelta::minutes(1)
    }

    /// Applies `event` happening at `at`.
    pub fn handle(
        &self,
        event: HoldEvent,
        at: DateTime<Utc>,
    ) -> Result<(Hold, Vec<HoldEffect>), HoldError> {
        if self.state != HoldState::Active {
            return Err(HoldError::Finished(self.state));
        }
        let live = self.is_live(at);
        let mut next = self.clone();
        match event {
            HoldEvent::GoToPayment if live => {
                next.expires_at = at + HOLD_DURATION;
                Ok((next, vec![]))
            }
            HoldEvent::Book if live => {
                next.state = HoldState::Booked;
                Ok((next, vec![HoldEffect::CreateBooking]))
            }
            HoldEvent::GoToPayment | HoldEvent::Book => Err(HoldError::Expired(self.expires_at)),
            HoldEvent::Expire if live => Err(HoldError::NotYetExpired(self.expires_at)),
            HoldEvent::Expire | HoldEvent::Release => {
                next.state = HoldState::Released;
                Ok((next, vec![HoldEffect::NightsReleased]))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn hold() -> Hold {
        let stay = Stay::new("2026-07-04".parse().unwrap(), 7).unwrap();
        let contact = Contact::new("Marie Dupont", Some("marie@exemple.fr"), None).unwrap();
        Hold::start(
            HoldId(Uuid::from_u128(1)),
            UnitId(Uuid::from_u128(2)),
            stay,
            contact,
            Money::from_cents(50_000),
            at("2026-06-01T10:00:00Z"),
        )
    }

    #[test]
    fn p8_a_hold_lasts_one_hour() {
        let h = hold();
        assert_eq!(h.expires_at(), at("2026-06-01T11:00:00Z"));
        assert!(h.is_live(at("2026-06-01T10:59:59Z")));
        assert!(!h.is_live(at("2026-06-01T11:00:00Z")));
    }

    #[test]
    fn p8_a_hold_ending_beyond_the_hour_is_implausible_and_can_be_released() {
        // Placed while the clock said 2027, read with the clock corrected.
        let wrong = Hold::start(
            HoldId(Uuid::from_u128(1)),
            UnitId(Uuid::from_u128(2)),
            Stay::new("2026-07-04".parse().unwrap(), 2).unwrap(),
            Contact::new("Marie", Some("m@exemple.fr"), None).unwrap(),
            Money::from_cents(100),
            at("2027-06-01T10:00:00Z"),
        );
        let now = at("2026-06-01T10:00:00Z");
        assert!(wrong.is_live(now) && wrong.is_implausible(now));
        assert!(!hold().is_implausible(at("2026-06-01T10:00:00Z")));
        let (released, _) = wrong.handle(HoldEvent::Release, now).unwrap();
        assert!(!released.is_live(now) && !released.is_implausible(now));
    }

    #[test]
    fn p8_going_to_payment_restarts_the_hour_from_that_moment() {
        let (h, effects) = hold()
            .handle(HoldEvent::GoToPayment, at("2026-06-01T10:50:00Z"))
            .unwrap();
        assert_eq!(h.expires_at(), at("2026-06-01T11:50:00Z"));
        assert!(effects.is_empty());
        assert!(h.is_live(at("2026-06-01T11:30:00Z")));
        let late = hold().handle(HoldEvent::GoToPayment, at("2026-06-01T11:00:01Z"));
        assert_eq!(late, Err(HoldError::Expired(at("2026-06-01T11:00:00Z"))));
    }

    #[test]
    fn p8_an_expired_hold_is_released_and_only_once_expired() {
        assert!(matches!(
            hold().handle(HoldEvent::Expire, at("2026-06-01T10:30:00Z")),
            Err(HoldError::NotYetExpired(_))
        ));
        let (h, effects) = hold()
            .handle(HoldEvent::Expire, at("2026-06-01T11:00:00Z"))
            .unwrap();
        assert_eq!(
            (h.state(), effects),
            (HoldState::Released, vec![HoldEffect::NightsReleased])
        );
        assert_eq!(
            h.handle(HoldEvent::Book, at("2026-06-01T11:00:00Z")),
            Err(HoldError::Finished(HoldState::Released))
        );
    }

    #[test]
    fn p8_a_live_hold_becomes_a_booking_an_expired_one_cannot() {
        let (h, effects) = hold()
            .handle(HoldEvent::Book, at("2026-06-01T10:10:00Z"))
            .unwrap();
        assert_eq!(
            (h.state(), effects),
            (HoldState::Booked, vec![HoldEffect::CreateBooking])
        );
        assert!(hold()
            .handle(HoldEvent::Book, at("2026-06-01T12:00:00Z"))
            .is_err());
    }
}
