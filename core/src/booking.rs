//! A firm booking of a unit for a stay (dossier de réservation).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::contact::Contact;
use crate::money::Money;
use crate::stay::Stay;
use crate::unit::UnitId;

/// Identifies a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BookingId(pub Uuid);

/// Where a booking is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Firm: its nights are taken.
    Confirmed,
    /// Cancelled: its nights are free again; it stays in the history.
    Cancelled,
}

/// A booking that cannot be cancelled again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cette réservation est déjà annulée")]
pub struct AlreadyCancelled;

/// A firm booking: a unit, a stay, a guest and the price agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    /// Its id.
    pub id: BookingId,
    /// The booked unit.
    pub unit: UnitId,
    /// The booked stay.
    pub stay: Stay,
    /// The guest.
    pub guest: Contact,
    /// The price agreed when booking.
    pub total: Money,
    /// Confirmed or cancelled.
    pub status: BookingStatus,
}

impl Booking {
    /// The same booking, cancelled.
    pub fn cancel(&self) -> Result<Booking, AlreadyCancelled> {
        match self.status {
            BookingStatus::Cancelled => Err(AlreadyCancelled),
            BookingStatus::Confirmed => Ok(Booking {
                status: BookingStatus::Cancelled,
                ..self.clone()
            }),
        }
    }
}
