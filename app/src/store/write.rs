//! Writes: each method changes one aggregate and appends the outbox operation that
//! tells the server about it, in the caller's transaction.

use chrono::{DateTime, NaiveDate, Utc};
use guichet_core::booking::Booking;
use guichet_core::hold::{Hold, HoldState};
use guichet_core::unit::{Unit, UnitId};
use guichet_core::Tariff;
use rusqlite::Transaction;
use serde_json::json;

use super::outbox;
use crate::clock::IdGen;

/// A write transaction. Dropped without [`Tx::commit`], it rolls back.
pub struct Tx<'a> {
    tx: Transaction<'a>,
    ids: &'a dyn IdGen,
    now: DateTime<Utc>,
}

impl<'a> Tx<'a> {
    pub(super) fn new(tx: Transaction<'a>, ids: &'a dyn IdGen, now: DateTime<Utc>) -> Tx<'a> {
        Tx { tx, ids, now }
    }

    pub(super) fn commit(self) -> rusqlite::Result<()> {
        self.tx.commit()
    }

    /// The connection, for reads that must see this transaction's writes.
    pub fn conn(&self) -> &rusqlite::Connection {
        &self.tx
    }

    /// The instant of this transaction.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// A fresh id from the transaction's generator.
    pub fn new_id(&self) -> uuid::Uuid {
        self.ids.next_id()
    }

    pub(super) fn record(&self, kind: &str, payload: serde_json::Value) -> rusqlite::Result<()> {
        outbox::append(&self.tx, self.ids.next_id(), kind, &payload, self.now).map(|_| ())
    }

    /// Inserts or updates a unit.
    pub fn save_unit(&self, unit: &Unit) -> rusqlite::Result<()> {
        self.tx.execute(
            "INSERT INTO units (id, name, capacity, position) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET name = ?2, capacity = ?3, position = ?4",
            (
                unit.id().0.to_string(),
                unit.name(),
                unit.capacity(),
                unit.position(),
            ),
        )?;
        self.record("unit_saved", json!(unit))
    }

    /// Sets tariffs of a unit: a tariff for the same start and length replaces the old price.
    pub fn set_tariffs(&self, unit: UnitId, tariffs: &[Tariff]) -> rusqlite::Result<()> {
        self.upsert_tariffs(unit, tariffs)?;
        self.record("tariffs_set", json!({ "unit": unit, "tariffs": tariffs }))
    }

    /// Sets the tariffs a plan made: the outbox operation states the plan (its
    /// intent, a few bytes), not the rows it expands to.
    pub fn set_tariff_plan(
        &self,
        unit: UnitId,
        tariffs: &[Tariff],
        mut plan: serde_json::Value,
    ) -> rusqlite::Result<()> {
        self.upsert_tariffs(unit, tariffs)?;
        if let Some(fields) = plan.as_object_mut() {
            fields.insert("unit".to_owned(), json!(unit));
        }
        self.record("tariffs_set", plan)
    }

    fn upsert_tariffs(&self, unit: UnitId, tariffs: &[Tariff]) -> rusqlite::Result<()> {
        let mut statement = self.tx.prepare_cached(
            "INSERT INTO tariffs (unit_id, start, nights, price) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (unit_id, start, nights) DO UPDATE SET price = ?4",
        )?;
        for tariff in tariffs {
            statement.execute((
                unit.0.to_string(),
                tariff.start().to_string(),
                tariff.nights(),
                tariff.price().to_string(),
            ))?;
        }
        Ok(())
    }

    /// Removes the tariffs of a unit that start in `from..until`; returns how many.
    pub fn remove_tariffs(
        &self,
        unit: UnitId,
        from: NaiveDate,
        until: NaiveDate,
    ) -> rusqlite::Result<usize> {
        let removed = self.tx.execute(
            "DELETE FROM tariffs WHERE unit_id = ?1 AND start >= ?2 AND start < ?3",
            (unit.0.to_string(), from.to_string(), until.to_string()),
        )?;
        self.record(
            "tariffs_removed",
            json!({ "unit": unit, "from": from, "until": until }),
        )?;
        Ok(removed)
    }

    /// Inserts or updates a hold.
    pub fn save_hold(&self, hold: &Hold) -> rusqlite::Result<()> {
        let state = match hold.state() {
            HoldState::Active => "active",
            HoldState::Released => "released",
            HoldState::Booked => "booked",
        };
        let contact = hold.contact();
        self.tx.execute(
            "INSERT INTO holds (id, unit_id, start, nights, guest_name, guest_email, guest_phone, expires_at, state, created_at, total)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (id) DO UPDATE SET expires_at = ?8, state = ?9",
            (
                hold.id().0.to_string(),
                hold.unit().0.to_string(),
                hold.stay().start().to_string(),
                hold.stay().nights(),
                contact.name(),
                contact.email(),
                contact.phone(),
                hold.expires_at().to_rfc3339(),
                state,
                self.now.to_rfc3339(),
                hold.total().to_string(),
            ),
        )?;
        self.record("hold_saved", json!(hold))
    }

    /// Inserts or updates a booking; `hold` is the hold it came from, if any.
    pub fn save_booking(
        &self,
        booking: &Booking,
        hold: Option<uuid::Uuid>,
    ) -> rusqlite::Result<()> {
        let status = match booking.status {
            guichet_core::booking::BookingStatus::Confirmed => "confirmed",
            guichet_core::booking::BookingStatus::Cancelled => "cancelled",
        };
        self.tx.execute(
            "INSERT INTO bookings (id, unit_id, start, nights, guest_name, guest_email, guest_phone, total, status, hold_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
             ON CONFLICT (id) DO UPDATE SET status = ?9",
            (
                booking.id.0.to_string(),
                booking.unit.0.to_string(),
                booking.stay.start().to_string(),
                booking.stay.nights(),
                booking.guest.name(),
                booking.guest.email(),
                booking.guest.phone(),
                booking.total.to_string(),
                status,
                hold.map(|h| h.to_string()),
                self.now.to_rfc3339(),
            ),
        )?;
        self.record("booking_saved", json!({ "booking": booking, "hold": hold }))
    }

    /// Sets a provider setting.
    pub fn set_setting(&self, key: &str, value: &str) -> rusqlite::Result<()> {
        self.tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
            (key, value),
        )?;
        self.record("setting_set", json!({ "key": key, "value": value }))
    }
}
