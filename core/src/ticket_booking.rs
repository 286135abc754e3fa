//! A booking of N tickets for a session, and its amendment (rule T1).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::money::Money;

/// Where a ticket booking is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketBookingStatus {
    /// Its tickets are valid.
    Confirmed,
    /// Cancelled: its ticket codes are revoked.
    Cancelled,
}

/// N tickets of one product for one session, for a holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketBooking {
    /// Id.
    pub id: Uuid,
    /// Session.
    pub session: Uuid,
    /// Ticket product.
    pub product: Uuid,
    /// Number of tickets (≥ 1).
    pub quantity: u32,
    /// Holder's name.
    pub holder: String,
    /// Total paid.
    pub total: Money,
    /// Status.
    pub status: TicketBookingStatus,
    /// The booking this one replaced (T1 amend).
    pub replaces: Option<Uuid>,
}

/// Why a ticket booking cannot be made or changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketBookingError {
    /// Zero tickets.
    #[error("une réservation compte au moins un billet")]
    NoTicket,
    /// More tickets than seats left.
    #[error(
        "plus assez de places pour cette séance : {left} place(s) restante(s), {asked} demandée(s)"
    )]
    SoldOut {
        /// Seats left.
        left: u32,
        /// Seats asked.
        asked: u32,
    },
    /// Already cancelled.
    #[error("cette réservation de billets est déjà annulée : elle ne peut plus être modifiée")]
    AlreadyCancelled,
    /// No holder name.
    #[error("indiquez le nom du détenteur des billets")]
    NoHolder,
}

impl TicketBooking {
    /// A new confirmed booking, if the session has `sold` of `capacity` seats taken.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: Uuid,
        session: Uuid,
        product: Uuid,
        quantity: u32,
        holder: &str,
        unit_price: Money,
        (sold, capacity): (u32, u32),
        replaces: Option<Uuid>,
    ) -> Result<TicketBooking, TicketBookingError> {
        if quantity == 0 {
            return Err(TicketBookingError::NoTicket);
        }
        let holder = holder.trim();
        if holder.is_empty() {
            return Err(TicketBookingError::NoHolder);
        }
        let left = capacity.saturating_sub(sold);
        if quantity > left {
            return Err(TicketBookingError::SoldOut {
                left,
                asked: quantity,
            });
        }
        let total = Money::from_decimal_rounded(
            unit_price.as_decimal() * rust_decimal::Decimal::from(quantity),
        );
        Ok(TicketBooking {
            id,
            session,
            product,
            quantity,
            holder: holder.to_owned(),
            total,
            status: TicketBookingStatus::Confirmed,
            replaces,
        })
    }

    /// The booking, cancelled (its tickets' codes are revoked by the application).
    pub fn cancel(&self) -> Result<TicketBooking, TicketBookingError> {
        match self.status {
            TicketBookingStatus::Cancelled => Err(TicketBookingError::AlreadyCancelled),
            TicketBookingStatus::Confirmed => Ok(TicketBooking {
                status: TicketBookingStatus::Cancelled,
                ..self.clone()
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn booking(quantity: u32, sold: u32) -> Result<TicketBooking, TicketBookingError> {
        TicketBooking::new(
            Uuid::from_u128(1),
            Uuid::from_u128(2),
            Uuid::from_u128(3),
            quantity,
            "Marie",
            Money::from_cents(1_250),
            (sold, 10),
            None,
        )
    }

    #[test]
    fn t1_a_booking_has_tickets_a_holder_and_seats_left() {
        assert_eq!(booking(3, 0).unwrap().total, Money::from_cents(3_750));
        assert_eq!(booking(0, 0), Err(TicketBookingError::NoTicket));
        assert_eq!(
            booking(3, 8),
            Err(TicketBookingError::SoldOut { left: 2, asked: 3 })
        );
    }

    #[test]
    fn t1_a_cancelled_booking_cannot_be_cancelled_or_amended_again() {
        let cancelled = booking(2, 0).unwrap().cancel().unwrap();
        assert_eq!(cancelled.status, TicketBookingStatus::Cancelled);
        assert_eq!(
            cancelled.cancel(),
            Err(TicketBookingError::AlreadyCancelled)
        );
    }
}
