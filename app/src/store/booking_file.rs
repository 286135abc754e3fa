//! How the booking file's operations become rows: a unit edited or removed, a booking
//! moved, edited or paid, and each booking's history (one row per operation, keyed by
//! the operation's id, so that a move the server refuses can be put back).

use guichet_core::sync::op::{
    BookingEdited, BookingMade, BookingMoved, PaymentRecorded, UnitEdited,
};
use rusqlite::OptionalExtension;
use serde_json::json;
use uuid::Uuid;

use super::Tx;
use crate::error::AppResult;

impl Tx<'_> {
    /// Where a booking is: what a move changes and a refused move puts back.
    pub(super) fn booking_place(
        &self,
        booking: Uuid,
    ) -> rusqlite::Result<Option<serde_json::Value>> {
        self.tx
            .query_row(
                "SELECT unit_id, start, nights, total, status, rejected_by FROM bookings WHERE id = ?1",
                [booking.to_string()],
                |r| {
                    Ok(json!({
                        "unit": r.get::<_, String>(0)?,
                        "start": r.get::<_, String>(1)?,
                        "nights": r.get::<_, u32>(2)?,
                        "total": r.get::<_, String>(3)?,
                        "status": r.get::<_, String>(4)?,
                        "rejected_by": r.get::<_, Option<String>>(5)?,
                    }))
                },
            )
            .optional()
    }

    /// Appends a line to a booking's history for the operation being applied.
    pub(super) fn history(
        &self,
        booking: Uuid,
        kind: &str,
        detail: &serde_json::Value,
    ) -> rusqlite::Result<()> {
        let op = self.op_id.get().unwrap_or_else(Uuid::nil);
        self.tx.execute(
            "INSERT INTO booking_history (op_id, booking_id, at, kind, detail, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            (
                op.to_string(),
                booking.to_string(),
                self.now().to_rfc3339(),
                kind,
                detail.to_string(),
                self.author()?.to_string(),
            ),
        )?;
        Ok(())
    }

    /// History of a move from `from` to where the booking now is.
    pub(super) fn moved_history(&self, id: Uuid, from: serde_json::Value) -> rusqlite::Result<()> {
        let to = self.booking_place(id)?;
        self.history(id, "moved", &json!({"from": from, "to": to}))
    }

    pub(super) fn made_history(&self, b: &BookingMade) -> rusqlite::Result<()> {
        self.history(
            b.id,
            "made",
            &json!({"unit": b.unit, "start": b.start.get(), "nights": b.nights.get(),
                    "total": b.total.get().to_string(), "hold": b.hold}),
        )
    }

    pub(super) fn edit_unit(&self, u: &UnitEdited) -> rusqlite::Result<()> {
        let id = u.id.to_string();
        if let Some(name) = &u.name {
            self.tx.execute(
                "UPDATE units SET name = ?2 WHERE id = ?1",
                (&id, name.as_str()),
            )?;
        }
        if let Some(capacity) = u.capacity {
            self.tx.execute(
                "UPDATE units SET capacity = ?2 WHERE id = ?1",
                (&id, capacity.get()),
            )?;
        }
        if let Some(position) = u.position {
            self.tx.execute(
                "UPDATE units SET position = ?2 WHERE id = ?1",
                (&id, position),
            )?;
        }
        if let Some(active) = u.active {
            self.tx
                .execute("UPDATE units SET active = ?2 WHERE id = ?1", (&id, active))?;
        }
        Ok(())
    }

    /// Removes a unit with its tariffs and holds; a unit with a booking here stays
    /// (the foreign key refuses, and the operation becomes a conflict to read).
    pub(super) fn remove_unit(&self, unit: Uuid) -> rusqlite::Result<()> {
        let id = unit.to_string();
        self.tx
            .execute("DELETE FROM tariffs WHERE unit_id = ?1", [&id])?;
        self.tx
            .execute("DELETE FROM holds WHERE unit_id = ?1", [&id])?;
        self.tx.execute("DELETE FROM units WHERE id = ?1", [&id])?;
        Ok(())
    }

    pub(super) fn move_booking(&self, m: &BookingMoved) -> AppResult<()> {
        let from = self.booking_place(m.id)?;
        let changed = self.tx.execute(
            "UPDATE bookings SET unit_id = ?2, start = ?3, nights = ?4, total = ?5,
             status = 'confirmed', rejected_by = NULL WHERE id = ?1",
            (
                m.id.to_string(),
                m.unit.to_string(),
                m.start.get().to_string(),
                m.nights.get(),
                m.total.get().to_string(),
            ),
        )?;
        if changed == 0 {
            return Err(crate::error::AppError::input(format!(
                "la réservation de {} n'est pas sur ce poste : elle ne peut pas être déplacée",
                m.guest.as_str()
            )));
        }
        self.moved_history(m.id, from.unwrap_or_default())?;
        Ok(())
    }

    /// Puts back a booking whose move (operation `op`) the server refused, when it is
    /// still where that move put it.
    pub(super) fn undo_move(&self, op: &str) -> rusqlite::Result<()> {
        let row: Option<(String, String)> = self
            .tx
            .query_row(
                "SELECT booking_id, detail FROM booking_history WHERE op_id = ?1 AND kind = 'moved'",
                [op],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((booking, detail)) = row else {
            return Ok(());
        };
        let detail: serde_json::Value = serde_json::from_str(&detail).unwrap_or_default();
        let (from, to) = (&detail["from"], &detail["to"]);
        let Ok(id) = booking.parse::<Uuid>() else {
            return Ok(());
        };
        if self.booking_place(id)?.as_ref() != Some(to) || !from.is_object() {
            return Ok(());
        }
        self.tx.execute(
            "UPDATE bookings SET unit_id = ?2, start = ?3, nights = ?4, total = ?5, status = ?6,
             rejected_by = ?7 WHERE id = ?1",
            (
                &booking,
                from["unit"].as_str(),
                from["start"].as_str(),
                from["nights"].as_i64(),
                from["total"].as_str(),
                from["status"].as_str(),
                from["rejected_by"].as_str(),
            ),
        )?;
        self.history(id, "move_refused", &json!({"back_to": from, "refused": to}))
    }

    pub(super) fn edit_booking(&self, b: &BookingEdited) -> rusqlite::Result<()> {
        let id = b.id.to_string();
        // Anonymisation wins: an edit made before it (a device offline) never brings
        // the guest back, here nor in the history.
        let anonymised: bool = self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM bookings WHERE id = ?1 AND guest_name = ?2)",
            (&id, guichet_core::sync::wire::ANONYMOUS_NAME),
            |r| r.get(0),
        )?;
        let guest = b.guest.as_ref().filter(|_| !anonymised);
        if let Some(guest) = guest {
            let c = guest.contact();
            self.tx.execute(
                "UPDATE bookings SET guest_name = ?2, guest_email = ?3, guest_phone = ?4,
                 guest_details = ?5 WHERE id = ?1",
                (
                    &id,
                    c.name(),
                    c.email(),
                    c.phone(),
                    crate::planning::store::guest_details(c),
                ),
            )?;
        }
        if let Some(adults) = b.adults {
            self.tx.execute(
                "UPDATE bookings SET adults = ?2 WHERE id = ?1",
                (&id, adults),
            )?;
        }
        if let Some(children) = b.children {
            self.tx.execute(
                "UPDATE bookings SET children = ?2 WHERE id = ?1",
                (&id, children),
            )?;
        }
        self.history(
            b.id,
            "edited",
            &json!({"guest": guest, "adults": b.adults, "children": b.children}),
        )
    }

    pub(super) fn record_payment(&self, p: &PaymentRecorded) -> rusqlite::Result<()> {
        self.tx.execute(
            "INSERT INTO payments (id, booking_id, amount, method, paid_on, recorded_at, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            (
                p.id.to_string(),
                p.booking.to_string(),
                p.amount.get().to_string(),
                p.method.code(),
                p.paid_on.get().to_string(),
                self.now().to_rfc3339(),
                self.author()?.to_string(),
            ),
        )?;
        self.history(
            p.booking,
            "paid",
            &json!({"amount": p.amount.get().to_string(), "method": p.method.code(), "paid_on": p.paid_on.get()}),
        )
    }
}
