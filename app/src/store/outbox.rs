//! The outbox: every local write leaves one operation for sync to ship, with a
//! UUIDv7 id and a gap-free per-device sequence number.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

/// One operation waiting for (or already given to) the sync server.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OutboxOp {
    /// Gap-free per-device sequence number, from 1.
    #[ts(type = "number")]
    pub seq: i64,
    /// Unique operation id (UUIDv7).
    pub id: Uuid,
    /// What was done (`unit_saved`, `booking_saved`…).
    pub kind: String,
    /// The new state of what was written.
    #[ts(type = "unknown")]
    pub payload: serde_json::Value,
    /// When, on this device's clock.
    pub created_at: DateTime<Utc>,
}

/// Appends an operation; called only by [`super::Tx`] inside its transaction.
pub(super) fn append(
    conn: &Connection,
    id: Uuid,
    kind: &str,
    payload: &serde_json::Value,
    now: DateTime<Utc>,
) -> rusqlite::Result<i64> {
    let last: Option<i64> = conn
        .prepare_cached("SELECT MAX(seq) FROM outbox")?
        .query_row([], |row| row.get(0))
        .optional()?
        .flatten();
    let seq = last.unwrap_or(0) + 1;
    conn.execute(
        "INSERT INTO outbox (seq, id, kind, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        (
            seq,
            id.to_string(),
            kind,
            payload.to_string(),
            now.to_rfc3339(),
        ),
    )?;
    Ok(seq)
}

/// The operations not yet pushed, in sequence order.
pub fn outbox_pending(conn: &Connection) -> rusqlite::Result<Vec<OutboxOp>> {
    let mut statement = conn.prepare(
        "SELECT seq, id, kind, payload, created_at FROM outbox WHERE pushed_at IS NULL ORDER BY seq",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(OutboxOp {
            seq: row.get(0)?,
            id: super::read::parse(row, 1)?,
            kind: row.get(2)?,
            payload: super::read::parse_json(row, 3)?,
            created_at: super::read::parse(row, 4)?,
        })
    })?;
    rows.collect()
}
