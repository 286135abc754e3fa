//! Use cases: the online payment service's payouts reconciled with its transactions
//! (rule O3). The transactions come from the service's export, imported into this
//! device's `online_transactions` table; a payout statement is read and matched
//! against them, never stored. The files' columns are described in
//! [`guichet_core::payout`].

use std::collections::HashSet;
use std::path::Path;

use guichet_core::csv_read::CsvError;
use guichet_core::payout::{self, OnlineTransaction, Reconciliation};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{os_reason, AppError, AppResult};
use crate::operators::Permission;
use crate::store::read::parse;
use crate::App;

/// What an import of the transaction export did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TransactionImport {
    /// The file read.
    pub file: String,
    /// Transactions in the file.
    pub read: usize,
    /// New ones.
    pub added: usize,
    /// Ones known with another date or amount, now as the file says.
    pub updated: usize,
    /// Ones already known as the file says.
    pub unchanged: usize,
}

/// The bytes of a file given on the command line or picked in the window.
fn read_file(path: &Path, what: &str) -> AppResult<Vec<u8>> {
    std::fs::read(path).map_err(|e| {
        AppError::input(format!(
            "{what} {} ne peut pas être lu ({}) : vérifiez le chemin",
            path.display(),
            os_reason(&e)
        ))
    })
}

/// A malformed file: its name, the line and column, and that nothing was stored.
fn malformed(path: &Path, error: &CsvError) -> AppError {
    AppError::input(format!(
        "{} : {error} ; rien n'a été enregistré, corrigez le fichier puis recommencez",
        path.display()
    ))
}

/// Every transaction known on this device.
pub(crate) fn transactions(conn: &Connection) -> AppResult<Vec<OnlineTransaction>> {
    let mut statement = conn.prepare_cached(
        "SELECT reference, paid_on, amount FROM online_transactions ORDER BY paid_on, reference",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(OnlineTransaction {
            reference: r.get(0)?,
            paid_on: parse(r, 1)?,
            amount: parse(r, 2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl App {
    /// Imports the payment service's transaction export: the whole file is checked
    /// first, and a malformed one is refused by line and column with nothing stored.
    /// A transaction already known takes the file's date and amount.
    pub fn import_online_transactions(&mut self, path: &Path) -> AppResult<TransactionImport> {
        self.require(Permission::EditSettings)?;
        let bytes = read_file(path, "l'export des transactions")?;
        let read = payout::read_transactions(&bytes).map_err(|e| malformed(path, &e))?;
        let (added, updated, unchanged) = self.write(|tx| {
            let now = tx.now().to_rfc3339();
            let (mut added, mut updated, mut unchanged) = (0, 0, 0);
            for t in &read {
                let before: Option<(String, String)> = tx
                    .conn()
                    .query_row(
                        "SELECT paid_on, amount FROM online_transactions WHERE reference = ?1",
                        [&t.reference],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .map(Some)
                    .or_else(|e| match e {
                        rusqlite::Error::QueryReturnedNoRows => Ok(None),
                        other => Err(other),
                    })?;
                let row = (t.paid_on.to_string(), t.amount.to_string());
                match before {
                    Some(known) if known == row => unchanged += 1,
                    Some(_) => updated += 1,
                    None => added += 1,
                }
                tx.conn().execute(
                    "INSERT INTO online_transactions (reference, paid_on, amount, imported_at)
                     VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (reference) DO UPDATE SET paid_on = excluded.paid_on,
                     amount = excluded.amount, imported_at = excluded.imported_at
                     WHERE paid_on <> excluded.paid_on OR amount <> excluded.amount",
                    (&t.reference, &row.0, &row.1, &now),
                )?;
            }
            Ok((added, updated, unchanged))
        })?;
        tracing::info!(read = read.len(), added, updated, "transactions importées");
        Ok(TransactionImport {
            file: path.display().to_string(),
            read: read.len(),
            added,
            updated,
            unchanged,
        })
    }

    /// The online transactions imported on this device, by date.
    pub fn online_transactions(&self) -> AppResult<Vec<OnlineTransaction>> {
        transactions(self.store().conn())
    }

    /// Reconciles a payout statement with the imported transactions (rule O3); the
    /// statement is only read. The transactions it is matched against are those it
    /// names and those whose payout date (rule O4) falls between its first and last
    /// payout: a transaction due in that span and paid out nowhere is reported, an
    /// older or later one belongs to another statement.
    pub fn reconcile_payouts(&self, path: &Path) -> AppResult<Reconciliation> {
        let bytes = read_file(path, "le relevé des virements")?;
        let statement = payout::read_statement(&bytes).map_err(|e| malformed(path, &e))?;
        let first = statement.iter().map(|l| l.payout_date).min();
        let last = statement.iter().map(|l| l.payout_date).max();
        let named: HashSet<&str> = statement.iter().map(|l| l.transaction.as_str()).collect();
        let known: Vec<OnlineTransaction> = transactions(self.store().conn())?
            .into_iter()
            .filter(|t| {
                named.contains(t.reference.as_str())
                    || payout::payout_date(t.paid_on)
                        .is_some_and(|d| Some(d) >= first && Some(d) <= last)
            })
            .collect();
        payout::reconcile(&statement, &known).map_err(AppError::input)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn app() -> App {
        crate::test_app()
    }

    fn file(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn o3_imported_transactions_are_matched_to_a_statement() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app();
        let export = file(
            &dir,
            "operations.csv",
            "\u{feff}Référence;Date;Montant\r\nT1;21/11/2026;100,00\r\nT2;27/11/2026;25,00\r\n\
             T3;28/11/2026;19,75\r\nT0;01/10/2026;40,00\r\n",
        );
        let first = app.import_online_transactions(&export).unwrap();
        assert_eq!((first.read, first.added, first.unchanged), (4, 4, 0));
        let again = app.import_online_transactions(&export).unwrap();
        assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 4));
        let statement = file(
            &dir,
            "virements.csv",
            "payout,date_virement,transaction,date_transaction,montant,frais,net\n\
             PAYOUT-1,2026-12-02,T1,2026-11-21,100.00,2.00,98.00\n\
             PAYOUT-2,2026-12-09,T3,2026-11-28,19.75,0.56,19.19\n",
        );
        let report = app.reconcile_payouts(&statement).unwrap();
        // T2 was due on 02/12 and is in no payout; T0 (October) is another statement's.
        assert!(!report.matched);
        assert_eq!(report.payouts.len(), 2);
        assert!(report.payouts.iter().all(|p| p.matched));
        let missing: Vec<&str> = report
            .not_paid_out
            .iter()
            .map(|t| t.transaction.as_str())
            .collect();
        assert_eq!(missing, ["T2"]);
    }

    #[test]
    fn o3_a_malformed_export_stores_nothing_and_names_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app();
        let export = file(
            &dir,
            "operations.csv",
            "transaction;date;montant\nT1;21/11/2026;100,00\nT2;31/11/2026;25,00\n",
        );
        let error = app.import_online_transactions(&export).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert!(
            error.message.contains("ligne 3, colonne « date »"),
            "{}",
            error.message
        );
        assert!(error.message.contains("rien n'a été enregistré"));
        assert!(app.online_transactions().unwrap().is_empty());
        let gone = app
            .import_online_transactions(&dir.path().join("absent.csv"))
            .unwrap_err();
        assert_eq!(gone.exit_code(), 2);
        assert!(gone.message.contains("introuvable"), "{}", gone.message);
    }
}
