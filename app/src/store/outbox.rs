//! The outbox: every local write leaves one operation ([`Op`]) for sync to ship, in
//! an envelope with a UUIDv7 id and a gap-free sequence number of this device.

use chrono::{DateTime, Utc};
use guichet_core::sync::wire::Name;
use guichet_core::sync::{Envelope, EnvelopeError, Op, OP_VERSION};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::read::parse;

/// One operation waiting for the sync server, as a person or a script sees it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OutboxOp {
    /// Gap-free sequence number on this device, from 1.
    #[ts(type = "number")]
    pub seq: i64,
    /// Unique operation id (UUIDv7).
    pub id: Uuid,
    /// What was done (`unit_added`, `ticket_scanned`…).
    pub kind: String,
    /// The operation's data, as it travels.
    #[ts(type = "unknown")]
    pub payload: serde_json::Value,
    /// When, on this device's clock.
    pub created_at: DateTime<Utc>,
    /// The operator who made it, when the device has operators.
    pub by: Option<String>,
    /// Why this row cannot be read as an operation (it is kept, and reported, but it
    /// never blocks the rows after it).
    pub error: Option<String>,
}

/// Appends `op`, made by `device` at `now`; called only by [`super::Tx`] inside its
/// transaction. Returns its sequence number.
pub(super) fn append(
    conn: &Connection,
    device: Uuid,
    id: Uuid,
    op: &Op,
    now: DateTime<Utc>,
    made_by: Option<&str>,
) -> rusqlite::Result<i64> {
    let last: Option<i64> = conn
        .prepare_cached("SELECT MAX(seq) FROM outbox_ops WHERE device_id = ?1")?
        .query_row([device.to_string()], |row| row.get(0))
        .optional()?
        .flatten();
    let seq = last.unwrap_or(0) + 1;
    let payload = serde_json::to_string(op)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.prepare_cached(
        "INSERT INTO outbox_ops (device_id, seq, id, v, kind, payload, created_at, base_seq, made_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT cursor FROM sync_state), ?8)",
    )?
    .execute((
        device.to_string(),
        seq,
        id.to_string(),
        OP_VERSION,
        op.kind(),
        payload,
        now.to_rfc3339(),
        made_by,
    ))?;
    Ok(seq)
}

/// A stored row and, when it reads, its envelope.
struct Row {
    view: OutboxOp,
    envelope: Result<Envelope, String>,
}

fn rows(conn: &Connection) -> rusqlite::Result<Vec<Row>> {
    let mut statement = conn.prepare(
        "SELECT seq, id, kind, payload, created_at, v, device_id, made_by FROM outbox_ops
         WHERE pushed_at IS NULL ORDER BY device_id = (SELECT id FROM device), seq",
    )?;
    let rows = statement.query_map([], |row| {
        let text: String = row.get(3)?;
        let v: i64 = row.get(5)?;
        let device: Result<Uuid, _> = row.get::<_, String>(6)?.parse();
        let (seq, id, created_at): (i64, Uuid, DateTime<Utc>) =
            (row.get(0)?, parse(row, 1)?, parse(row, 4)?);
        let by: Option<String> = row.get(7)?;
        let envelope =
            read_envelope(&text, v, id, seq, device.ok(), created_at).map(|e| Envelope {
                by: by.clone().and_then(|b| Name::try_from(b).ok()),
                ..e
            });
        let payload = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
        Ok(Row {
            view: OutboxOp {
                seq,
                id,
                kind: row.get(2)?,
                payload,
                created_at,
                by,
                error: envelope.as_ref().err().cloned(),
            },
            envelope,
        })
    })?;
    rows.collect()
}

fn read_envelope(
    text: &str,
    v: i64,
    id: Uuid,
    seq: i64,
    device: Option<Uuid>,
    at: DateTime<Utc>,
) -> Result<Envelope, String> {
    let v = u16::try_from(v).map_err(|_| format!("version {v} inconnue"))?;
    if v == 0 {
        return Err("opération d'une ancienne version, illisible : à examiner".to_owned());
    }
    let device = device.ok_or("poste d'origine illisible")?;
    let seq = u64::try_from(seq).map_err(|_| "numéro d'ordre invalide".to_owned())?;
    if v > OP_VERSION {
        return Err(EnvelopeError::TooNew(v).to_string());
    }
    let op: Op = serde_json::from_str(text)
        .map_err(|e| EnvelopeError::Invalid(e.to_string()).to_string())?;
    Ok(Envelope {
        v,
        id,
        seq,
        device,
        at,
        by: None,
        op,
    })
}

/// The operations not yet pushed, in sequence order; a row that cannot be read is
/// listed with its error and never hides the rows after it.
pub fn outbox_pending(conn: &Connection) -> rusqlite::Result<Vec<OutboxOp>> {
    Ok(rows(conn)?.into_iter().map(|r| r.view).collect())
}

/// The envelopes not yet pushed, in order, each or why it cannot be read.
pub fn pending_envelopes(conn: &Connection) -> rusqlite::Result<Vec<Result<Envelope, String>>> {
    Ok(rows(conn)?.into_iter().map(|r| r.envelope).collect())
}
