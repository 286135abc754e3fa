//! The write transaction: every change to the provider's data is an operation
//! ([`Op`]) that [`Tx::commit_op`] applies and appends to the outbox in the same
//! transaction, so no write can reach the disk without its operation. Operations
//! pulled from the server go through [`Tx::apply`] alone (`store::apply`).

use chrono::{DateTime, Utc};
use guichet_core::sync::Op;
use rusqlite::Transaction;
use uuid::Uuid;

use super::outbox;
use crate::clock::IdGen;
use crate::error::AppResult;

/// A write transaction. Dropped without [`Tx::commit`], it rolls back.
pub struct Tx<'a> {
    pub(super) tx: Transaction<'a>,
    ids: &'a dyn IdGen,
    now: DateTime<Utc>,
    /// The device that made the operations applied: this one, or another whose
    /// operation was pulled from the server.
    pub(super) author: Option<Uuid>,
    pub(super) device: std::cell::OnceCell<Uuid>,
    /// The id of the operation being applied (a booking's history is keyed by it).
    pub(super) op_id: std::cell::Cell<Option<Uuid>>,
    /// The operator whose operations these are (this device's writes only).
    pub(super) made_by: Option<String>,
    /// The instant comes from a pinned clock (`GUICHET_NOW`), not the real time.
    pinned: bool,
}

impl<'a> Tx<'a> {
    pub(super) fn new(tx: Transaction<'a>, ids: &'a dyn IdGen, now: DateTime<Utc>) -> Tx<'a> {
        Tx {
            tx,
            ids,
            now,
            author: None,
            device: std::cell::OnceCell::new(),
            op_id: std::cell::Cell::new(None),
            made_by: None,
            pinned: false,
        }
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

    /// Whether [`Tx::now`] comes from a pinned clock (`GUICHET_NOW`) rather than the
    /// real time (the till journal marks its entries so, A17).
    pub fn clock_pinned(&self) -> bool {
        self.pinned
    }

    /// Says that [`Tx::now`] comes from a pinned clock.
    pub fn set_clock_pinned(&mut self, pinned: bool) {
        self.pinned = pinned;
    }

    /// A fresh id from the transaction's generator.
    pub fn new_id(&self) -> Uuid {
        self.ids.next_id()
    }

    /// This device's id: the author of the operations it records (the store reads it
    /// once).
    pub fn device(&self) -> rusqlite::Result<Uuid> {
        if let Some(device) = self.device.get() {
            return Ok(*device);
        }
        let device = self
            .tx
            .prepare_cached("SELECT id FROM device")?
            .query_row([], |row| super::read::parse(row, 0))?;
        Ok(*self.device.get_or_init(|| device))
    }

    /// The device that made the operation being applied.
    pub(super) fn author(&self) -> rusqlite::Result<Uuid> {
        match self.author {
            Some(device) => Ok(device),
            None => self.device(),
        }
    }

    /// Makes the change `op` states here and appends it to the outbox.
    pub fn commit_op(&self, op: Op) -> AppResult<()> {
        let id = self.ids.next_id();
        self.op_id.set(Some(id));
        self.apply(&op)?;
        outbox::append(
            &self.tx,
            self.device()?,
            id,
            &op,
            self.now,
            self.made_by.as_deref(),
        )?;
        Ok(())
    }
}
