//! The provider's operation log: push (apply each operation once, in its device's
//! order, under core's rules) and pull (the changes after a number, in order).

use chrono::{DateTime, Utc};
use guichet_core::sync::conflict::{anonymisation_wins, judge, Fact, Judgement};
use guichet_core::sync::protocol::{Change, Outcome, PushItem, Status};
use guichet_core::sync::{Envelope, EnvelopeError};
use serde::Deserialize;
use std::collections::HashMap;

use uuid::Uuid;

use crate::ledger::SqlLedger;
use crate::secrets::digest;
use crate::sql::{Database, DbError, Row, Sql, Value};

/// The part of an envelope read before its operation: enough to number and
/// acknowledge an operation this server cannot read.
#[derive(Deserialize)]
struct Header {
    id: Uuid,
    seq: u64,
    device: Uuid,
}

fn int(n: u64) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn uint(row: &Row, i: usize) -> Result<u64, DbError> {
    u64::try_from(row.int(i)?).map_err(|e| DbError::Shape(e.to_string()))
}

fn refused(id: Option<Uuid>, reason: impl Into<String>) -> Outcome {
    Outcome::Rejected {
        id,
        conflict: Fact::Refused {
            reason: reason.into(),
        },
    }
}

/// An item read before the transaction: its text, hash and header.
struct Read {
    text: String,
    hash: String,
    header: Option<Header>,
}

/// What one push has decided so far: known operations (before and in this push), the
/// devices' last numbers, and the rows to write, written together at the end.
struct Batch {
    known: HashMap<Uuid, (String, Outcome)>,
    last: HashMap<Uuid, u64>,
    gaps: Vec<(Uuid, u64)>,
    rows: Vec<Vec<Value>>,
    head: u64,
}

/// Applies `items`, pushed by a device of `provider`, in one transaction; returns one
/// outcome per item. Pushing the same items again gives the same outcomes. Known ids
/// are read in one query, the devices' numbers once each, and the log's rows written
/// in a few multi-row inserts, so that a push of 1,000 costs a few round trips.
pub fn push<D: Database>(
    db: &D,
    provider: Uuid,
    items: &[PushItem],
    now: DateTime<Utc>,
) -> crate::Result<Vec<Outcome>> {
    let read: Vec<Read> = items
        .iter()
        .map(|item| {
            let text = item.envelope.to_string();
            Read {
                hash: digest(text.as_bytes()),
                header: serde_json::from_value::<Header>(item.envelope.clone()).ok(),
                text,
            }
        })
        .collect();
    let ids: Vec<Uuid> = read
        .iter()
        .filter_map(|r| r.header.as_ref().map(|h| h.id))
        .collect();
    db.transaction(&mut |sql| {
        let p = Value::from(provider);
        // Takes the provider's row lock: numbers are given and committed in order.
        let head = sql
            .query_opt(
                "UPDATE providers SET head = head WHERE id = $1 RETURNING head",
                std::slice::from_ref(&p),
            )?
            .ok_or(crate::Error::Unauthorized)?;
        let mut batch = Batch {
            known: known(sql, &p, &ids)?,
            last: HashMap::new(),
            gaps: Vec::new(),
            rows: Vec::new(),
            head: uint(&head, 0)?,
        };
        let mut outcomes = Vec::with_capacity(items.len());
        for (item, read) in items.iter().zip(&read) {
            outcomes.push(one(sql, &p, item, read, &mut batch, now)?);
        }
        for chunk in batch.rows.chunks(INSERT_ROWS) {
            let mut statement = String::from(
                "INSERT INTO ops (provider, id, seq, device, device_seq, hash, envelope, status, conflict, received_at) VALUES ",
            );
            let mut params = Vec::with_capacity(chunk.len() * 10);
            for (r, row) in chunk.iter().enumerate() {
                if r > 0 {
                    statement.push_str(", ");
                }
                let marks: Vec<String> = (1..=10).map(|c| format!("${}", r * 10 + c)).collect();
                statement.push_str(&format!("({})", marks.join(", ")));
                params.extend(row.iter().cloned());
            }
            sql.exec(&statement, &params)?;
        }
        for (device, last) in &batch.last {
            sql.exec(
                "INSERT INTO device_seqs (provider, device, last_seq) VALUES ($1, $2, $3)
                 ON CONFLICT (provider, device) DO UPDATE SET last_seq = excluded.last_seq",
                &[p.clone(), (*device).into(), int(*last)],
            )?;
        }
        sql.exec(
            "UPDATE providers SET head = $2 WHERE id = $1",
            &[p.clone(), int(batch.head)],
        )?;
        Ok(outcomes)
    })
}

/// Rows per multi-row insert (10 parameters each).
const INSERT_ROWS: usize = 50;

/// The operations of `ids` the log already holds: their hash and first outcome.
fn known(
    sql: &mut dyn Sql,
    p: &Value,
    ids: &[Uuid],
) -> crate::Result<HashMap<Uuid, (String, Outcome)>> {
    let mut known = HashMap::new();
    for chunk in ids.chunks(500) {
        let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let mut params = vec![p.clone()];
        params.extend(chunk.iter().map(|id| Value::from(*id)));
        let rows = sql.query(
            &format!(
                "SELECT hash, seq, status, conflict, id FROM ops WHERE provider = $1 AND id IN ({})",
                marks.join(", ")
            ),
            &params,
        )?;
        for row in rows {
            let id: Uuid = row.parse(4)?;
            known.insert(id, (row.text(0)?, stored_outcome(id, &row)?));
        }
    }
    Ok(known)
}

fn one(
    sql: &mut dyn Sql,
    p: &Value,
    item: &PushItem,
    read: &Read,
    batch: &mut Batch,
    now: DateTime<Utc>,
) -> crate::Result<Outcome> {
    let Some(header) = &read.header else {
        return Ok(refused(
            None,
            "opération illisible (ni identifiant, ni poste, ni numéro)",
        ));
    };
    if let Some((hash, outcome)) = batch.known.get(&header.id) {
        if *hash != read.hash {
            return Ok(refused(
                Some(header.id),
                "identifiant d'opération déjà utilisé pour un autre contenu",
            ));
        }
        return Ok(outcome.clone());
    }
    if let Some((_, from)) = batch.gaps.iter().find(|(d, _)| *d == header.device) {
        return Ok(Outcome::Resend {
            device: header.device,
            from: *from,
        });
    }
    let last = match batch.last.get(&header.device) {
        Some(last) => *last,
        None => sql
            .query_opt(
                "SELECT last_seq FROM device_seqs WHERE provider = $1 AND device = $2",
                &[p.clone(), header.device.into()],
            )?
            .map(|r| uint(&r, 0))
            .transpose()?
            .unwrap_or(0),
    };
    if header.seq <= last {
        return Ok(refused(
            Some(header.id),
            format!(
                "numéro {} du poste {} déjà pris par une autre opération",
                header.seq, header.device
            ),
        ));
    }
    if header.seq > last + 1 {
        batch.gaps.push((header.device, last + 1));
        return Ok(Outcome::Resend {
            device: header.device,
            from: last + 1,
        });
    }
    batch.last.insert(header.device, header.seq);
    let (outcome, seq, text) = match Envelope::decode(&read.text) {
        Err(e) => {
            let reason = match e {
                EnvelopeError::TooNew(_) => format!("{e} (le serveur doit être mis à jour)"),
                EnvelopeError::Invalid(_) => e.to_string(),
            };
            (refused(Some(header.id), reason), None, read.text.clone())
        }
        Ok(mut envelope) => {
            let seq = batch.head + 1;
            anonymisation_wins(
                &mut envelope.op,
                &mut SqlLedger {
                    sql: &mut *sql,
                    provider: p.clone(),
                },
            )?;
            let judgement = judge(
                &envelope,
                item.base,
                seq,
                &mut SqlLedger {
                    sql: &mut *sql,
                    provider: p.clone(),
                },
            )?;
            batch.head = seq;
            if let guichet_core::sync::Op::GuestAnonymised(a) = &envelope.op {
                scrub(sql, p, a, batch)?;
            }
            let outcome = match judgement {
                Judgement::Applied => Outcome::Applied {
                    id: envelope.id,
                    seq,
                },
                Judgement::Conflict(conflict) => Outcome::Conflict {
                    id: envelope.id,
                    seq,
                    conflict,
                },
                Judgement::Rejected(conflict) => Outcome::Rejected {
                    id: Some(envelope.id),
                    conflict,
                },
            };
            let text =
                serde_json::to_string(&envelope).map_err(|e| DbError::Shape(e.to_string()))?;
            (outcome, Some(seq), text)
        }
    };
    batch
        .rows
        .push(row(p, header, seq, &read.hash, text, &outcome, now)?);
    batch
        .known
        .insert(header.id, (read.hash.clone(), outcome.clone()));
    Ok(outcome)
}

/// Blanks the guest of `a` in the operations the log keeps (those already stored and
/// those of this push not yet written), in the ledger's bookings and in its last
/// edits of a booking's or customer's guest, so that no copy of
/// their name, e-mail or phone stays on the server. The row's hash is kept: the device
/// that pushed an operation may push it again, unchanged, and must be recognised.
fn scrub(
    sql: &mut dyn Sql,
    p: &Value,
    a: &guichet_core::sync::op::GuestAnonymised,
    batch: &mut Batch,
) -> crate::Result<()> {
    let anonymous = guichet_core::sync::wire::ANONYMOUS_NAME;
    let blank = serde_json::to_string(&guichet_core::sync::wire::Guest::anonymous())
        .map_err(|e| DbError::Shape(e.to_string()))?;
    for id in a.records() {
        let rows = sql.query(
            "SELECT id, envelope, conflict FROM ops WHERE provider = $1 AND (envelope LIKE $2 OR conflict LIKE $2)",
            &[p.clone(), format!("%{id}%").into()],
        )?;
        for row in rows {
            let text = row.text(1)?;
            let conflict = row.opt_text(2)?;
            let envelope = scrubbed_envelope(&text, a);
            let conflict = conflict.and_then(|c| scrubbed_conflict(&c, a, anonymous));
            if envelope.is_some() || conflict.is_some() {
                sql.exec(
                    "UPDATE ops SET envelope = COALESCE($3, envelope), conflict = COALESCE($4, conflict)
                     WHERE provider = $1 AND id = $2",
                    &[
                        p.clone(),
                        row.text(0)?.into(),
                        envelope.into(),
                        conflict.into(),
                    ],
                )?;
            }
        }
        sql.exec(
            "UPDATE l_bookings SET guest = $3 WHERE provider = $1 AND id = $2",
            &[p.clone(), (*id).into(), anonymous.into()],
        )?;
        // The last edit of a booking's or a customer's guest, kept to judge clashes.
        sql.exec(
            "UPDATE l_fields SET value = $4 WHERE provider = $1 AND field = 'guest' AND record IN ($2, $3)",
            &[
                p.clone(),
                format!("booking:{id}").into(),
                format!("customer:{id}").into(),
                blank.clone().into(),
            ],
        )?;
    }
    for row in &mut batch.rows {
        if let Some(Value::Text(text)) = row.get(6) {
            if let Some(new) = scrubbed_envelope(text, a) {
                row[6] = new.into();
            }
        }
        if let Some(Value::Text(text)) = row.get(8) {
            if let Some(new) = scrubbed_conflict(text, a, anonymous) {
                row[8] = new.into();
            }
        }
    }
    Ok(())
}

/// The envelope `text` with the guest of `a` blanked, when it carried them.
fn scrubbed_envelope(text: &str, a: &guichet_core::sync::op::GuestAnonymised) -> Option<String> {
    let mut envelope = Envelope::decode(text).ok()?;
    if !a.scrub(&mut envelope.op) {
        return None;
    }
    serde_json::to_string(&envelope).ok()
}

/// The conflict `text` (an overlap names both guests) with the guest of `a` blanked.
fn scrubbed_conflict(
    text: &str,
    a: &guichet_core::sync::op::GuestAnonymised,
    anonymous: &str,
) -> Option<String> {
    let mut fact: Fact = serde_json::from_str(text).ok()?;
    let named = |id: &Uuid| a.records().any(|r| r == id);
    let mut changed = false;
    if let Fact::BookingOverlap {
        booking,
        guest,
        other,
        other_guest,
        ..
    } = &mut fact
    {
        if named(booking) {
            *guest = anonymous.to_owned();
            changed = true;
        }
        if named(other) {
            *other_guest = anonymous.to_owned();
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    serde_json::to_string(&fact).ok()
}

/// The log's row of an operation.
fn row(
    p: &Value,
    header: &Header,
    seq: Option<u64>,
    hash: &str,
    envelope: String,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> crate::Result<Vec<Value>> {
    let (status, conflict) = match outcome {
        Outcome::Applied { .. } | Outcome::Resend { .. } => ("applied", None),
        Outcome::Conflict { conflict, .. } => ("conflict", Some(conflict)),
        Outcome::Rejected { conflict, .. } => ("rejected", Some(conflict)),
    };
    let conflict = conflict
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| DbError::Shape(e.to_string()))?;
    Ok(vec![
        p.clone(),
        header.id.into(),
        seq.map(int).unwrap_or(Value::Null),
        header.device.into(),
        int(header.seq),
        hash.into(),
        envelope.into(),
        status.into(),
        conflict.into(),
        now.to_rfc3339().into(),
    ])
}

fn conflict_of(row: &Row, i: usize) -> Result<Option<Fact>, DbError> {
    row.opt_text(i)?
        .map(|text| serde_json::from_str(&text).map_err(|e| DbError::Shape(e.to_string())))
        .transpose()
}

/// The outcome an operation got when it was first pushed.
fn stored_outcome(id: Uuid, row: &Row) -> crate::Result<Outcome> {
    let seq = row.opt_int(1)?.map(|n| u64::try_from(n).unwrap_or(0));
    let conflict = conflict_of(row, 3)?;
    Ok(match (row.text(2)?.as_str(), seq, conflict) {
        ("applied", Some(seq), _) => Outcome::Applied { id, seq },
        ("conflict", Some(seq), Some(conflict)) => Outcome::Conflict { id, seq, conflict },
        (_, _, Some(conflict)) => Outcome::Rejected {
            id: Some(id),
            conflict,
        },
        (status, _, _) => {
            return Err(
                DbError::Shape(format!("opération {id} : état « {status} » incohérent")).into(),
            )
        }
    })
}

/// The last number of `device` this server holds.
pub fn device_seq<D: Database>(db: &D, provider: Uuid, device: Uuid) -> crate::Result<u64> {
    db.transaction(&mut |sql| {
        Ok(sql
            .query_opt(
                "SELECT last_seq FROM device_seqs WHERE provider = $1 AND device = $2",
                &[provider.into(), device.into()],
            )?
            .map(|r| uint(&r, 0))
            .transpose()?
            .unwrap_or(0))
    })
}

/// The most bytes of envelopes one pull page carries (one operation always goes).
pub const PULL_BYTES: u64 = 16 << 20;

/// The changes of `provider` after `after`, at most `limit` and about [`PULL_BYTES`],
/// and its head.
pub fn pull<D: Database>(
    db: &D,
    provider: Uuid,
    after: u64,
    limit: u32,
) -> crate::Result<(Vec<Change>, u64)> {
    db.transaction(&mut |sql| {
        let p = Value::from(provider);
        // A page stops before [`PULL_BYTES`] of envelopes (one at least): operations
        // carrying photos and PDFs weigh megabytes each.
        let sizes = sql.query(
            "SELECT seq, length(envelope) FROM ops
             WHERE provider = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            &[p.clone(), int(after), Value::Int(i64::from(limit))],
        )?;
        let mut last = after;
        let mut bytes = 0u64;
        for row in &sizes {
            let size = uint(row, 1)?;
            if bytes > 0 && bytes + size > PULL_BYTES {
                break;
            }
            bytes += size;
            last = uint(row, 0)?;
        }
        let rows = sql.query(
            "SELECT seq, envelope, status, conflict FROM ops
             WHERE provider = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
            &[p.clone(), int(after), int(last)],
        )?;
        let changes = rows
            .iter()
            .map(|r| {
                let status = match r.text(2)?.as_str() {
                    "applied" => Status::Applied,
                    "conflict" => Status::Conflict,
                    _ => Status::Rejected,
                };
                Ok(Change {
                    seq: uint(r, 0)?,
                    envelope: Envelope::decode(&r.text(1)?)
                        .map_err(|e| DbError::Shape(e.to_string()))?,
                    status,
                    conflict: conflict_of(r, 3)?,
                })
            })
            .collect::<Result<Vec<_>, DbError>>()?;
        let head = sql
            .query_opt(
                "SELECT head FROM providers WHERE id = $1",
                std::slice::from_ref(&p),
            )?
            .map(|r| uint(&r, 0))
            .transpose()?
            .unwrap_or(0);
        Ok((changes, head))
    })
}
