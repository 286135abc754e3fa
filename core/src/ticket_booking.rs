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
    /// A total beyond the bound on amounts.
    #[error("{0} : vendez-les en plusieurs réservations")]
    TooExpensive(String),
    /// Cancelling a booking some of whose tickets were already used.
    #[error(
        "{admitted} billet(s) de cette réservation ont déjà été contrôlés à l'entrée : elle ne \
         peut pas être annulée comme si elle n'avait pas servi. Modifiez-la pour ne garder que \
         les billets utilisés (« Modifier », ou « guichet tickets amend … --quantity {admitted} »)"
    )]
    AdmittedTickets {
        /// Tickets already admitted.
        admitted: u32,
    },
    /// Amending to fewer tickets than were already used.
    #[error(
        "{admitted} billet(s) de cette réservation ont déjà été contrôlés : la réservation \
         modifiée en garde au moins {admitted} (demandé : {asked})"
    )]
    BelowAdmitted {
        /// Tickets already admitted.
        admitted: u32,
        /// Tickets asked for.
        asked: u32,
    },
    /// Moving used tickets to another session.
    #[error(
        "{admitted} billet(s) de cette réservation ont déjà été contrôlés à cette séance : ils ne \
         peuvent pas passer à une autre séance. Vendez une nouvelle réservation pour l'autre séance"
    )]
    AdmittedElsewhere {
        /// Tickets already admitted.
        admitted: u32,
    },
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
        let too_expensive =
            |e: &dyn std::fmt::Display| TicketBookingError::TooExpensive(e.to_string());
        let total = unit_price
            .checked_mul(quantity)
            .map_err(|e| too_expensive(&e))?;
        let total = crate::bounds::check_amount(total).map_err(|e| too_expensive(&e))?;
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

    /// The booking, cancelled (its tickets' codes are revoked by the application);
    /// refused once some of its tickets were `admitted` at the gate.
    pub fn cancel(&self, admitted: u32) -> Result<TicketBooking, TicketBookingError> {
        if admitted > 0 {
            return Err(TicketBookingError::AdmittedTickets { admitted });
        }
        self.replaced()
    }

    /// T1 amend: the booking as it is replaced by one of `quantity` tickets for
    /// `session`. Its `admitted` tickets move to the new booking with their codes and
    /// admissions, so the new one keeps at least that many, for the same session.
    pub fn amend(
        &self,
        admitted: u32,
        quantity: u32,
        session: Uuid,
    ) -> Result<TicketBooking, TicketBookingError> {
        if admitted > 0 && session != self.session {
            return Err(TicketBookingError::AdmittedElsewhere { admitted });
        }
        if quantity < admitted {
            return Err(TicketBookingError::BelowAdmitted {
                admitted,
                asked: quantity,
            });
        }
        self.replaced()
    }

    fn replaced(&self) -> Result<TicketBooking, TicketBookingError> {
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
        let cancelled = booking(2, 0).unwrap().cancel(0).unwrap();
        assert_eq!(cancelled.status, TicketBookingStatus::Cancelled);
        assert_eq!(
            cancelled.cancel(0),
            Err(TicketBookingError::AlreadyCancelled)
        );
        assert_eq!(
            cancelled.amend(0, 3, cancelled.session),
            Err(TicketBookingError::AlreadyCancelled)
        );
    }

    #[test]
    fn t1_used_tickets_forbid_cancelling_and_shrinking_below_them() {
        let b = booking(4, 0).unwrap();
        assert_eq!(
            b.cancel(2),
            Err(TicketBookingError::AdmittedTickets { admitted: 2 })
        );
        assert_eq!(
            b.amend(2, 1, b.session),
            Err(TicketBookingError::BelowAdmitted {
                admitted: 2,
                asked: 1
            })
        );
        assert_eq!(
            b.amend(2, 3, Uuid::from_u128(99)),
            Err(TicketBookingError::AdmittedElsewhere { admitted: 2 })
        );
        assert_eq!(
            b.amend(2, 2, b.session).unwrap().status,
            TicketBookingStatus::Cancelled
        );
        assert!(b.amend(0, 1, Uuid::from_u128(99)).is_ok());
    }
}
