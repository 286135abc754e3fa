//! Use cases: quoting a stay, holding it for a customer (P8), booking and cancelling.

use chrono::{DateTime, Utc};
use guichet_core::availability::ensure_free;
use guichet_core::booking::{Booking, BookingId, BookingStatus};
use guichet_core::contact::Contact;
use guichet_core::hold::{Hold, HoldEffect, HoldEvent, HoldId};
use guichet_core::unit::UnitId;
use guichet_core::{Money, Stay};
use rusqlite::Connection;
use uuid::Uuid;

use guichet_core::sync::op::{
    BookingMade, Cancelled, HoldExtended, HoldPlaced, HoldReleased, ReleaseReason,
};
use guichet_core::sync::wire::{Amount, Day, Nights};
use guichet_core::sync::Op;

use super::store;
use crate::error::{AppError, AppResult};
use crate::planning::booking_file::{check_party_for, Party};
use crate::planning::explain;
use crate::planning::tariffs::grid;
use crate::planning::units::require_unit;
use crate::planning::views::{BookingView, HoldView, QuoteView};
use crate::settings;
use crate::store::Tx;
use crate::App;

fn require_hold(tx: &Tx<'_>, id: Uuid) -> AppResult<Hold> {
    store::hold(tx.conn(), HoldId(id))?
        .ok_or_else(|| AppError::input(format!("aucun blocage temporaire n'a l'identifiant {id}")))
}

fn require_booking(tx: &Tx<'_>, id: Uuid) -> AppResult<Booking> {
    store::booking(tx.conn(), BookingId(id))?
        .ok_or_else(|| AppError::input(format!("aucune réservation n'a l'identifiant {id}")))
}

/// Ok when the unit exists and nothing blocks the stay at `now`.
fn ensure_free_now(conn: &Connection, unit: Uuid, stay: Stay, now: DateTime<Utc>) -> AppResult<()> {
    let found = require_unit(conn, unit)?;
    let active: bool = conn.query_row(
        "SELECT active FROM units WHERE id = ?1",
        [unit.to_string()],
        |r| r.get(0),
    )?;
    if !active {
        return Err(AppError::rule(format!(
            "« {} » est désactivé : réactivez-le dans Hébergements (F7) pour le proposer",
            found.name()
        )));
    }
    Ok(ensure_free(
        stay,
        &store::blockers(conn, UnitId(unit), now)?,
        None,
    )?)
}

/// The price the tariffs give a stay in the provider's mode, or why they give none.
pub(crate) fn tariff_price(conn: &Connection, unit: Uuid, stay: Stay) -> AppResult<Money> {
    let mode = settings::load(conn)?.pricing_mode;
    let grid = grid(conn, UnitId(unit))?;
    let total = grid
        .quote(stay, mode)
        .map(|q| q.total)
        .ok_or_else(|| AppError::rule(explain::uncovered(&grid, stay, mode)))?;
    guichet_core::bounds::check_amount(total).map_err(AppError::input)
}

/// The operation of a hold's transition.
fn hold_op(hold: &Hold, event: HoldEvent) -> Op {
    let id = hold.id().0;
    match event {
        HoldEvent::GoToPayment => Op::HoldExtended(HoldExtended {
            id,
            expires_at: hold.expires_at(),
        }),
        HoldEvent::Expire => Op::HoldReleased(HoldReleased {
            id,
            reason: ReleaseReason::Expired,
        }),
        HoldEvent::Release | HoldEvent::Book => Op::HoldReleased(HoldReleased {
            id,
            reason: ReleaseReason::Released,
        }),
    }
}

/// The operation of a new booking, from `hold` if it came from one.
pub(crate) fn booking_made(
    booking: &Booking,
    hold: Option<Uuid>,
    party: Option<Party>,
) -> AppResult<Op> {
    Ok(Op::BookingMade(BookingMade {
        id: booking.id.0,
        unit: booking.unit.0,
        start: Day::try_from(booking.stay.start())?,
        nights: Nights::try_from(booking.stay.nights())?,
        guest: booking.guest.clone().into(),
        total: Amount::try_from(booking.total)?,
        hold,
        adults: party.map(|p| p.adults),
        children: party.map(|p| p.children),
    }))
}

impl App {
    /// Prices a stay of a unit in the provider's mode and says whether it is free.
    pub fn quote(&self, unit: Uuid, stay: Stay) -> AppResult<QuoteView> {
        let conn = self.store.conn();
        require_unit(conn, unit)?;
        let mode = settings::load(conn)?.pricing_mode;
        let grid = grid(conn, UnitId(unit))?;
        let quote = grid.quote(stay, mode);
        let blocked = ensure_free_now(conn, unit, stay, self.clock.now())
            .err()
            .map(|e| e.message)
            .or_else(|| {
                quote
                    .is_none()
                    .then(|| explain::uncovered(&grid, stay, mode))
            });
        Ok(QuoteView::new(quote.as_ref(), mode, blocked))
    }

    /// The customer gave contact details: the stay is held for one hour (P8).
    pub fn hold(&mut self, unit: Uuid, stay: Stay, contact: Contact) -> AppResult<HoldView> {
        self.require(crate::operators::Permission::Book)?;
        self.write(|tx| {
            ensure_free_now(tx.conn(), unit, stay, tx.now())?;
            let total = tariff_price(tx.conn(), unit, stay)?;
            let hold = Hold::start(
                HoldId(tx.new_id()),
                UnitId(unit),
                stay,
                contact,
                total,
                tx.now(),
            );
            tx.commit_op(Op::HoldPlaced(HoldPlaced {
                id: hold.id().0,
                unit,
                start: Day::try_from(stay.start())?,
                nights: Nights::try_from(stay.nights())?,
                guest: hold.contact().clone().into(),
                total: Amount::try_from(hold.total())?,
                expires_at: hold.expires_at(),
            }))?;
            Ok(HoldView::from(&hold))
        })
    }

    fn hold_event(&mut self, id: Uuid, event: HoldEvent) -> AppResult<(Hold, Vec<HoldEffect>)> {
        self.write(|tx| {
            let (hold, effects) = require_hold(tx, id)?.handle(event, tx.now())?;
            tx.commit_op(hold_op(&hold, event))?;
            Ok((hold, effects))
        })
    }

    /// The customer goes to payment: the hold restarts for one hour from now (P8).
    pub fn go_to_payment(&mut self, hold: Uuid) -> AppResult<HoldView> {
        self.require(crate::operators::Permission::Book)?;
        Ok(HoldView::from(
            &self.hold_event(hold, HoldEvent::GoToPayment)?.0,
        ))
    }

    /// The customer or the operator gives up a hold: its nights are free again.
    pub fn release_hold(&mut self, hold: Uuid) -> AppResult<HoldView> {
        self.require(crate::operators::Permission::Book)?;
        Ok(HoldView::from(
            &self.hold_event(hold, HoldEvent::Release)?.0,
        ))
    }

    /// Payment done: a live hold becomes a firm booking at the price quoted.
    pub fn book_hold(&mut self, id: Uuid, party: Option<Party>) -> AppResult<BookingView> {
        self.require(crate::operators::Permission::Book)?;
        self.write(|tx| {
            let (hold, effects) = require_hold(tx, id)?.handle(HoldEvent::Book, tx.now())?;
            check_party_for(tx.conn(), hold.unit().0, party)?;
            let booking = Booking {
                id: BookingId(tx.new_id()),
                unit: hold.unit(),
                stay: hold.stay(),
                guest: hold.contact().clone(),
                total: hold.total(),
                status: BookingStatus::Confirmed,
            };
            if !effects.contains(&HoldEffect::CreateBooking) {
                return Err(AppError::rule(
                    "ce blocage ne peut pas devenir une réservation",
                ));
            }
            let blockers = store::blockers(tx.conn(), hold.unit(), tx.now())?;
            ensure_free(hold.stay(), &blockers, Some(hold.id().0))?;
            tx.commit_op(booking_made(&booking, Some(hold.id().0), party)?)?;
            Ok(BookingView::from(&booking))
        })
    }

    /// Releases every hold whose hour is over; returns them. Run at start-up and
    /// on a timer, so the nights show free again without anyone asking.
    pub fn expire_holds(&mut self) -> AppResult<Vec<HoldView>> {
        self.write(|tx| {
            let mut released = Vec::new();
            for hold in store::active_holds(tx.conn(), None)? {
                if !hold.is_live(tx.now()) {
                    let (hold, _) = hold.handle(HoldEvent::Expire, tx.now())?;
                    tx.commit_op(hold_op(&hold, HoldEvent::Expire))?;
                    released.push(HoldView::from(&hold));
                }
            }
            Ok(released)
        })
    }

    /// Active holds whose end is more than an hour away: placed while the clock was
    /// wrong. They block their nights until an operator releases them.
    pub fn implausible_holds(&self) -> AppResult<Vec<HoldView>> {
        let now = self.clock.now();
        Ok(store::active_holds(self.store.conn(), None)?
            .iter()
            .filter(|h| h.is_implausible(now))
            .map(HoldView::from)
            .collect())
    }

    /// Holds that block their nights now.
    pub fn live_holds(&self) -> AppResult<Vec<HoldView>> {
        let now = self.clock.now();
        let holds = store::active_holds(self.store.conn(), None)?;
        Ok(holds
            .iter()
            .filter(|h| h.is_live(now))
            .map(HoldView::from)
            .collect())
    }

    /// Books a stay directly from the back-office (a phone call, a walk-in), at the
    /// tariffs' price or at an agreed `price`, for `party` (checked against the unit's
    /// capacity) when it is known.
    pub fn book(
        &mut self,
        unit: Uuid,
        stay: Stay,
        guest: Contact,
        price: Option<Money>,
        party: Option<Party>,
    ) -> AppResult<BookingView> {
        self.require(crate::operators::Permission::Book)?;
        self.write(|tx| {
            ensure_free_now(tx.conn(), unit, stay, tx.now())?;
            check_party_for(tx.conn(), unit, party)?;
            let total = match price {
                Some(agreed) if agreed.is_negative() => {
                    return Err(AppError::input(
                        "le prix d'une réservation ne peut pas être négatif",
                    ))
                }
                Some(agreed) => agreed,
                None => tariff_price(tx.conn(), unit, stay)?,
            };
            let booking = Booking {
                id: BookingId(tx.new_id()),
                unit: UnitId(unit),
                stay,
                guest,
                total,
                status: BookingStatus::Confirmed,
            };
            tx.commit_op(booking_made(&booking, None, party)?)?;
            Ok(BookingView::from(&booking))
        })
    }

    /// Cancels a booking: its nights are free again; it stays in the history; an
    /// invoiced one gets a credit note that cites its invoice (B1).
    pub fn cancel_booking(&mut self, id: Uuid) -> AppResult<BookingView> {
        self.require(crate::operators::Permission::Book)?;
        self.write(|tx| {
            let booking = require_booking(tx, id)?.cancel()?;
            tx.commit_op(Op::BookingCancelled(Cancelled { id }))?;
            // B1: what was invoiced is cancelled by a credit note, in this transaction.
            crate::invoices::credit_booking(tx, id)?;
            Ok(BookingView::from(&booking))
        })
    }

    /// Every booking, by arrival date.
    pub fn bookings(&self) -> AppResult<Vec<BookingView>> {
        Ok(store::bookings(self.store.conn(), None)?
            .iter()
            .map(BookingView::from)
            .collect())
    }
}
