//! Applying `guest_anonymised` (GDPR): the guest's name, e-mail and phone are blanked in
//! the bookings, holds and ticket bookings named, in their history, in the customers'
//! file (the entry kept blank, forgotten, so that no older save restores it), and in the
//! operations this device keeps (its outbox, the conflicts inbox), so that no copy of
//! them stays on the device, nor in its e-mail queue.

use guichet_core::sync::op::GuestAnonymised;
use guichet_core::sync::wire::{ANONYMOUS_EMAIL, ANONYMOUS_NAME};
use guichet_core::sync::{Envelope, Op};

use rusqlite::OptionalExtension;

use super::Tx;

/// The subject an anonymised guest's e-mail keeps.
pub const MAIL_ANONYMISED_SUBJECT: &str = "(e-mail effacé : client anonymisé)";
/// Why an anonymised guest's e-mail not sent yet never leaves.
pub const MAIL_ANONYMISED: &str =
    "le client a été anonymisé : cet e-mail est effacé et ne partira pas";

impl Tx<'_> {
    pub(super) fn anonymise(&self, a: &GuestAnonymised) -> rusqlite::Result<()> {
        self.scrub_mail(a)?;
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

    /// Blanks the e-mails of this device's queue that were written to the guest: those
    /// about a record named, and those to an address one of them had. Each row keeps
    /// its state (a sent e-mail stays sent); one not sent yet never leaves (failed, with
    /// the reason, and « Relancer » refuses it). Their attachments (a contract, tickets:
    /// the guest's name is printed on them) are removed.
    fn scrub_mail(&self, a: &GuestAnonymised) -> rusqlite::Result<()> {
        let mut addresses: Vec<String> = Vec::new();
        for (table, ids) in [("bookings", &a.bookings), ("holds", &a.holds)] {
            let mut statement = self.tx.prepare(&format!(
                "SELECT guest_email FROM {table} WHERE id = ?1 AND guest_email IS NOT NULL"
            ))?;
            for id in ids {
                let email: Option<String> = statement
                    .query_row([id.to_string()], |r| r.get(0))
                    .optional()?;
                if let Some(email) = email.map(|e| e.trim().to_lowercase()) {
                    if !email.is_empty() && email != ANONYMOUS_EMAIL && !addresses.contains(&email)
                    {
                        addresses.push(email);
                    }
                }
            }
        }
        let mut mails: Vec<String> = Vec::new();
        {
            let mut about = self
                .tx
                .prepare("SELECT id FROM mail_queue WHERE booking_id = ?1")?;
            for id in a.records() {
                let rows = about.query_map([id.to_string()], |r| r.get::<_, String>(0))?;
                for row in rows {
                    mails.push(row?);
                }
            }
            let mut to = self
                .tx
                .prepare("SELECT id FROM mail_queue WHERE lower(trim(to_address)) = ?1")?;
            for address in &addresses {
                let rows = to.query_map([address], |r| r.get::<_, String>(0))?;
                for row in rows {
                    mails.push(row?);
                }
            }
        }
        mails.sort();
        mails.dedup();
        for mail in mails {
            self.tx.execute(
                "UPDATE mail_queue SET to_address = ?2, subject = ?3, body = '',
                 error = CASE WHEN state IN ('waiting', 'failed') THEN ?4 ELSE error END,
                 error_kind = CASE WHEN state IN ('waiting', 'failed') THEN 'refused' ELSE error_kind END,
                 next_try_at = CASE WHEN state IN ('waiting', 'failed') THEN NULL ELSE next_try_at END,
                 state = CASE WHEN state = 'waiting' THEN 'failed' ELSE state END
                 WHERE id = ?1",
                (&mail, ANONYMOUS_EMAIL, MAIL_ANONYMISED_SUBJECT, MAIL_ANONYMISED),
            )?;
            self.tx
                .execute("DELETE FROM mail_attachments WHERE mail_id = ?1", [&mail])?;
        }
        Ok(())
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
