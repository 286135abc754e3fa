//! How invoices and credit notes become rows (B3), and how a booking never invoiced is
//! deleted (B1).

use guichet_core::sync::op::InvoiceIssued;

use super::Tx;
use crate::error::{AppError, AppResult};

impl Tx<'_> {
    /// Stores an invoice as issued (once: a second delivery changes nothing).
    pub(super) fn store_invoice(&self, i: &InvoiceIssued) -> AppResult<()> {
        let s = &i.snapshot;
        let number: guichet_core::invoice::InvoiceNumber = s.number.parse()?;
        let snapshot = serde_json::to_string(s)
            .map_err(|e| AppError::input(format!("facture illisible ({e})")))?;
        self.tx.execute(
            "INSERT INTO invoices (id, booking_id, kind, number, series, year, seq, issued_on, total,
             cites_id, cites_number, snapshot, pdf, sha256, device_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (id) DO NOTHING",
            rusqlite::params![
                i.id.to_string(),
                s.booking.to_string(),
                s.kind.code(),
                s.number,
                number.series.as_str(),
                number.year,
                number.seq,
                s.issued_on.to_string(),
                s.total.to_string(),
                i.cites.map(|c| c.to_string()),
                s.cites,
                snapshot,
                i.pdf.bytes(),
                i.sha256.as_str(),
                self.author()?.to_string(),
            ],
        )?;
        self.history(
            s.booking,
            s.kind.code(),
            &serde_json::json!({"number": s.number, "total": s.total.to_string(), "cites": s.cites}),
        )?;
        Ok(())
    }

    /// Deletes a booking with its history (its payments and invoices are refused
    /// before: B1).
    pub(super) fn delete_booking(&self, booking: uuid::Uuid) -> AppResult<()> {
        let id = booking.to_string();
        self.tx
            .execute("DELETE FROM booking_history WHERE booking_id = ?1", [&id])?;
        self.tx
            .execute("DELETE FROM bookings WHERE id = ?1", [&id])?;
        Ok(())
    }
}
