//! The device's local SQLite store: one file in the data dir, WAL, `synchronous=FULL`,
//! foreign keys on, migrations from `migrations/local/` applied on open.
//!
//! Reads go through [`Store::conn`] and the functions of [`read`]; every write goes
//! through [`Store::write`], whose [`Tx`] methods each append their outbox operation
//! in the same transaction, so no write can reach the disk without it.

mod apply;
pub mod box_office;
pub mod device;
mod legacy_outbox;
mod migrations;
mod outbox;
pub mod read;
mod write;

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior};

pub(crate) use apply::{PRICING_MODE, PROVIDER_NAME, VERDICTS};
pub use outbox::{pending_envelopes, OutboxOp};
pub use write::Tx;

use crate::clock::IdGen;
use crate::error::AppResult;

/// How long a write waits for another process's write to finish.
pub const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// The local database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub fn open(path: &Path, ids: &dyn IdGen, now: DateTime<Utc>) -> AppResult<Store> {
        Store::prepare(Connection::open(path)?, ids, now)
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory(ids: &dyn IdGen, now: DateTime<Utc>) -> AppResult<Store> {
        Store::prepare(Connection::open_in_memory()?, ids, now)
    }

    fn prepare(mut conn: Connection, ids: &dyn IdGen, now: DateTime<Utc>) -> AppResult<Store> {
        // A busy database is waited for, not failed on: no user write holds the lock
        // for more than a fraction of a second, so this is only ever a short wait.
        conn.busy_timeout(BUSY_WAIT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrations::apply(&mut conn)?;
        conn.execute(
            "INSERT INTO device (id, created_at) SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM device)",
            (ids.next_id().to_string(), now.to_rfc3339()),
        )?;
        Ok(Store { conn })
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `work` in one IMMEDIATE transaction: everything it wrote, outbox
    /// operations included, commits together, or nothing does.
    pub fn write<T>(
        &mut self,
        ids: &dyn IdGen,
        now: DateTime<Utc>,
        work: impl FnOnce(&mut Tx<'_>) -> AppResult<T>,
    ) -> AppResult<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut tx = Tx::new(tx, ids, now);
        let value = work(&mut tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Applies an operation pulled from the server, once: its id is remembered, and a
    /// second delivery (or one of this device's own operations coming back) changes
    /// nothing. Writes no outbox row. Returns whether it changed anything.
    pub fn apply_remote(
        &mut self,
        ids: &dyn IdGen,
        now: DateTime<Utc>,
        envelope: &guichet_core::sync::Envelope,
    ) -> AppResult<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = envelope.id.to_string();
        let seen: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM applied_ops WHERE id = ?1)
                 OR EXISTS (SELECT 1 FROM outbox_ops WHERE id = ?1)",
            [&id],
            |row| row.get(0),
        )?;
        if seen {
            return Ok(false);
        }
        let mut tx = Tx::new(tx, ids, envelope.at);
        tx.author = Some(envelope.device);
        tx.apply(&envelope.op)?;
        tx.conn().execute(
            "INSERT INTO applied_ops (id, device_id, seq, applied_at) VALUES (?1, ?2, ?3, ?4)",
            (
                id,
                envelope.device.to_string(),
                i64::try_from(envelope.seq).unwrap_or(i64::MAX),
                now.to_rfc3339(),
            ),
        )?;
        tx.commit()?;
        Ok(true)
    }
}
