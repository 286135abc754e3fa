//! Tickets of the box office sold at the till: a session's tickets in the cart, their
//! booking made with the sale (each ticket with its signed code, T4), their seats
//! counted like any other sale of the session, and cancelled when the sale is voided
//! before any of them was admitted.

use chrono::NaiveDate;
use guichet_core::event::{Session, TicketProduct};
use guichet_core::order::VatRate;
use guichet_core::sync::op::{Cancelled, SaleLineWire};
use guichet_core::sync::wire::{Amount, Count, Day};
use guichet_core::sync::Op;
use guichet_core::ticket_code::{CodeKind, TicketKey, SERIAL_BYTES};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::text;
use crate::box_office::{store, ticket_offer, TicketSale};
use crate::error::{AppError, AppResult};
use crate::store::Tx;

/// The VAT on tickets for shows, concerts and festivals in France: 5,5 %.
pub const TICKET_VAT: VatRate = VatRate(550);

/// Who holds tickets sold at the till: the customer at the counter, unnamed.
const HOLDER: &str = "Vente au guichet";

/// Tickets of a session in the cart.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
#[ts(export)]
pub struct CartTicket {
    /// The session.
    pub session: Uuid,
    /// The ticket product (`Plein tarif`, `Enfant`…); none: the event's first on sale.
    pub product: Option<Uuid>,
    /// How many.
    pub quantity: u32,
}

/// The tickets a sale sold, one booking per line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SaleTickets {
    /// Their booking (to print them, or to see them in the box office).
    pub booking: Uuid,
    /// Its line, as printed.
    pub label: String,
    /// The tickets' codes, by number.
    pub codes: Vec<String>,
}

/// A line of tickets about to be sold: what it sells and its booking's id.
pub(super) struct TicketLine {
    event: Uuid,
    session: Session,
    product: TicketProduct,
    quantity: u32,
    booking: Uuid,
}

impl TicketLine {
    /// The tickets of `ticket` as a line of booking `booking`, checked: the session and
    /// the product on sale, the session not over before `today`, a quantity the box
    /// office accepts.
    pub(super) fn new(
        conn: &Connection,
        ticket: &CartTicket,
        booking: Uuid,
        today: NaiveDate,
    ) -> AppResult<Self> {
        let (event, session, product) = ticket_offer(conn, ticket.session, ticket.product)?;
        if ticket.quantity == 0 {
            return Err(AppError::input(format!(
                "quantité 0 pour les billets « {} » : au moins 1",
                product.name
            )));
        }
        guichet_core::bounds::check_quantity(ticket.quantity).map_err(AppError::input)?;
        let line = TicketLine {
            event,
            session,
            product,
            quantity: ticket.quantity,
            booking,
        };
        if line.day() < today {
            return Err(AppError::rule(format!(
                "la séance « {} » a eu lieu le {} : choisissez une séance à venir",
                line.session.event,
                line.day().format("%d/%m/%Y")
            )));
        }
        Ok(line)
    }

    /// The day of its session in Paris (a past session is never refunded, A3).
    fn day(&self) -> NaiveDate {
        self.session
            .starts_at
            .with_timezone(&chrono_tz::Europe::Paris)
            .date_naive()
    }

    /// The sale's line: « Billet Plein tarif — Festival, 14/07/2026 20:30 ».
    pub(super) fn wire(&self) -> AppResult<SaleLineWire> {
        Ok(SaleLineWire {
            product: None,
            voucher: None,
            ticket_booking: Some(self.booking),
            label: text(&format!(
                "Billet {} — {}, {}",
                self.product.name,
                self.session.event,
                crate::box_office::local_instant(self.session.starts_at)
            ))?,
            quantity: Count::try_from(self.quantity)?,
            unit_price: Amount::try_from(self.product.price)?,
            vat: TICKET_VAT,
            activity_date: Some(Day::try_from(self.day())?),
            answers: Vec::new(),
        })
    }

    /// Records its booking inside the sale's transaction, its codes signed by `key`.
    pub(super) fn issue(
        self,
        tx: &Tx<'_>,
        key: &TicketKey,
        serials: &[[u8; SERIAL_BYTES]],
    ) -> AppResult<()> {
        TicketSale {
            id: self.booking,
            event: self.event,
            session: self.session,
            product: self.product,
            quantity: self.quantity,
            holder: HOLDER,
            kind: CodeKind::Ticket,
        }
        .issue(tx, key, serials, None)?;
        Ok(())
    }
}

/// The tickets sold by the sale `sale`, by line.
pub(super) fn sold(conn: &Connection, sale: Uuid) -> AppResult<Vec<SaleTickets>> {
    let mut statement = conn.prepare_cached(
        "SELECT t.booking_id, l.label FROM sale_tickets t
         JOIN sale_lines l ON l.sale_id = t.sale_id AND l.n = t.line
         WHERE t.sale_id = ?1 ORDER BY t.line",
    )?;
    let rows = statement.query_map([sale.to_string()], |r| {
        Ok((
            crate::store::read::parse::<Uuid>(r, 0)?,
            r.get::<_, String>(1)?,
        ))
    })?;
    let mut sold = Vec::new();
    for row in rows {
        let (booking, label) = row?;
        let codes = store::tickets_of(conn, booking)?
            .into_iter()
            .map(|t| t.code)
            .collect();
        sold.push(SaleTickets {
            booking,
            label,
            codes,
        });
    }
    Ok(sold)
}

/// Cancels the tickets of a sale being voided, their codes revoked at every gate that
/// syncs; refused once one of them was admitted (the customer came in).
pub(super) fn void(tx: &Tx<'_>, tickets: &[SaleTickets]) -> AppResult<()> {
    for sold in tickets {
        if !store::admitted_tickets(tx.conn(), sold.booking)?.is_empty() {
            return Err(AppError::rule(format!(
                "un billet de cette vente (« {} ») a déjà été contrôlé à l'entrée : la vente ne \
                 s'annule plus ; enregistrez un remboursement des autres lignes si besoin",
                sold.label
            )));
        }
    }
    for sold in tickets {
        tx.commit_op(Op::TicketBookingCancelled(Cancelled { id: sold.booking }))?;
    }
    Ok(())
}
