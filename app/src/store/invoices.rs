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
    /// before: B1), keeping them aside until the sync server applies the deletion
    /// ([`Tx::restore_deleted`] puts them back when it refuses it).
    pub(super) fn delete_booking(&self, booking: uuid::Uuid) -> AppResult<()> {
        let id = booking.to_string();
        let op = self.op_id.get().unwrap_or_else(uuid::Uuid::nil).to_string();
        self.keep_aside(&op, "bookings", "id", &id)?;
        self.keep_aside(&op, "booking_history", "booking_id", &id)?;
        self.tx
            .execute("DELETE FROM booking_history WHERE booking_id = ?1", [&id])?;
        self.tx
            .execute("DELETE FROM bookings WHERE id = ?1", [&id])?;
        Ok(())
    }

    /// The columns of `table`.
    fn columns(&self, table: &str) -> rusqlite::Result<Vec<String>> {
        let mut statement = self
            .tx
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
        let names = statement.query_map([], |r| r.get(0))?;
        names.collect()
    }

    /// Keeps aside, for operation `op`, the rows of `table` whose `column` is `value`.
    fn keep_aside(&self, op: &str, table: &str, column: &str, value: &str) -> rusqlite::Result<()> {
        let object = self
            .columns(table)?
            .iter()
            .map(|c| format!("'{c}', \"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        self.tx.execute(
            &format!(
                "INSERT INTO deleted_rows (op_id, tbl, row_json)
                 SELECT ?1, '{table}', json_object({object}) FROM {table} WHERE \"{column}\" = ?2"
            ),
            (op, value),
        )?;
        Ok(())
    }

    /// Puts back what operation `op` deleted here (the server refused it).
    pub(super) fn restore_deleted(&self, op: &str) -> rusqlite::Result<()> {
        for table in ["bookings", "booking_history"] {
            let columns = self.columns(table)?;
            let names = columns
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ");
            let values = columns
                .iter()
                .map(|c| format!("json_extract(row_json, '$.\"{c}\"')"))
                .collect::<Vec<_>>()
                .join(", ");
            self.tx.execute(
                &format!(
                    "INSERT OR IGNORE INTO {table} ({names})
                     SELECT {values} FROM deleted_rows WHERE op_id = ?1 AND tbl = '{table}'"
                ),
                [op],
            )?;
        }
        self.forget_deleted(op)
    }

    /// Forgets what operation `op` deleted (the server applied the deletion).
    pub(super) fn forget_deleted(&self, op: &str) -> rusqlite::Result<()> {
        self.tx
            .execute("DELETE FROM deleted_rows WHERE op_id = ?1", [op])?;
        Ok(())
    }
}
