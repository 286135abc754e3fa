//! Applying `guest_anonymised` (GDPR): the guest's name, e-mail and phone are blanked in
//! the bookings, holds and ticket bookings named, in their history, in the customers'
//! file (the entry kept blank, forgotten, so that no older save restores it), and in the
//! operations this device keeps (its outbox, the conflicts inbox), so that no copy of
//! them stays on the device.

use guichet_core::sync::op::GuestAnonymised;
use guichet_core::sync::wire::{ANONYMOUS_EMAIL, ANONYMOUS_NAME};
use guichet_core::sync::{Envelope, Op};

use super::Tx;

impl Tx<'_> {
    pub(super) fn anonymise(&self, a: &GuestAnonymised) -> rusqlite::Result<()> {
        for id in &a.bookings {
            self.tx.execute(
                "UPDATE bookings SET guest_name = ?2, guest_email = ?3, guest_phone = NULL, guest_details = NULL
                 WHERE id = ?1",
                (id.to_string(), ANONYMOUS_NAME, ANONYMOUS_EMAIL),
            )?;
            self.tx.execute(
                "UPDATE booking_history SET detail = json_remove(detail, '$.guest')
                 WHERE booking_id = ?1 AND json_valid(detail)",
                [id.to_string()],
            )?;
        }
        for id in &a.holds {
            self.tx.execute(
                "UPDATE holds SET guest_name = ?2, guest_email = ?3, guest_phone = NULL, guest_details = NULL
                 WHERE id = ?1",
                (id.to_string(), ANONYMOUS_NAME, ANONYMOUS_EMAIL),
            )?;
        }
        for id in &a.ticket_bookings {
            self.tx.execute(
                "UPDATE ticket_bookings SET holder = ?2 WHERE id = ?1",
                (id.to_string(), ANONYMOUS_NAME),
            )?;
        }
        for id in &a.customers {
            self.tx.execute(
                "INSERT INTO customers (id, name, email, saved_at, forgotten_at) VALUES (?1, ?2, ?3, ?4, ?4)
                 ON CONFLICT (id) DO UPDATE SET name = ?2, email = ?3, phone = NULL, details = NULL,
                 forgotten_at = COALESCE(forgotten_at, ?4)",
                (id.to_string(), ANONYMOUS_NAME, ANONYMOUS_EMAIL, a.at.to_rfc3339()),
            )?;
        }
        self.scrub_kept_operations(a)
    }

    /// Rewrites the kept operations that carried the guest's data.
    fn scrub_kept_operations(&self, a: &GuestAnonymised) -> rusqlite::Result<()> {
        for id in a.records() {
            let pattern = format!("%{id}%");
            let rows: Vec<(String, i64, String)> = {
                let mut statement = self.tx.prepare(
                    "SELECT device_id, seq, payload FROM outbox_ops WHERE payload LIKE ?1",
                )?;
                let rows =
                    statement.query_map([&pattern], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for (device, seq, payload) in rows {
                let Ok(mut op) = serde_json::from_str::<Op>(&payload) else {
                    continue;
                };
                if a.scrub(&mut op) {
                    let text = serde_json::to_string(&op)
                        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
                    self.tx.execute(
                        "UPDATE outbox_ops SET payload = ?3 WHERE device_id = ?1 AND seq = ?2",
                        (device, seq, text),
                    )?;
                }
            }
            let conflicts: Vec<(String, String)> = {
                let mut statement = self
                    .tx
                    .prepare("SELECT id, envelope FROM conflicts WHERE envelope LIKE ?1")?;
                let rows = statement.query_map([&pattern], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for (conflict, text) in conflicts {
                let Ok(mut envelope) = Envelope::decode(&text) else {
                    continue;
                };
                if a.scrub(&mut envelope.op) {
                    let text = serde_json::to_string(&envelope)
                        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
                    self.tx.execute(
                        "UPDATE conflicts SET envelope = ?2 WHERE id = ?1",
                        (conflict, text),
                    )?;
                }
            }
            // An overlap names both bookings' guests.
            for (booking, guest) in [("$.booking", "$.guest"), ("$.other", "$.other_guest")] {
                self.tx.execute(
                    "UPDATE conflicts SET fact = json_set(fact, ?3, ?2)
                     WHERE json_valid(fact) AND json_extract(fact, ?4) = ?1
                       AND json_extract(fact, ?3) IS NOT NULL",
                    (id.to_string(), ANONYMOUS_NAME, guest, booking),
                )?;
            }
        }
        Ok(())
    }
}
