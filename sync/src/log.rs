//! The provider's operation log: push (apply each operation once, in its device's
//! order, under core's rules) and pull (the changes after a number, in order).

use chrono::{DateTime, Utc};
use guichet_core::sync::conflict::{judge, Fact, Judgement};
use guichet_core::sync::protocol::{Change, Outcome, PushItem, Status};
use guichet_core::sync::{Envelope, EnvelopeError};
use serde::Deserialize;
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

/// Applies `items`, pushed by a device of `provider`, in one transaction; returns one
/// outcome per item. Pushing the same items again gives the same outcomes.
pub fn push<D: Database>(
    db: &D,
    provider: Uuid,
    items: &[PushItem],
    now: DateTime<Utc>,
) -> crate::Result<Vec<Outcome>> {
    db.transaction(&mut |sql| {
        let p = Value::from(provider);
        // Takes the provider's row lock: numbers are given and committed in order.
        let head = sql
            .query_opt(
                "UPDATE providers SET head = head WHERE id = $1 RETURNING head",
                std::slice::from_ref(&p),
            )?
            .ok_or(crate::Error::Unauthorized)?;
        let mut head = uint(&head, 0)?;
        let mut gaps: Vec<(Uuid, u64)> = Vec::new();
        let mut outcomes = Vec::with_capacity(items.len());
        for item in items {
            outcomes.push(one(sql, &p, item, &mut head, &mut gaps, now)?);
        }
        sql.exec(
            "UPDATE providers SET head = $2 WHERE id = $1",
            &[p.clone(), int(head)],
        )?;
        Ok(outcomes)
    })
}

fn one(
    sql: &mut dyn Sql,
    p: &Value,
    item: &PushItem,
    head: &mut u64,
    gaps: &mut Vec<(Uuid, u64)>,
    now: DateTime<Utc>,
) -> crate::Result<Outcome> {
    let Ok(header) = serde_json::from_value::<Header>(item.envelope.clone()) else {
        return Ok(refused(
            None,
            "opération illisible (ni identifiant, ni poste, ni numéro)",
        ));
    };
    let hash = digest(item.envelope.to_string().as_bytes());
    if let Some(known) = sql.query_opt(
        "SELECT hash, seq, status, conflict FROM ops WHERE provider = $1 AND id = $2",
        &[p.clone(), header.id.into()],
    )? {
        if known.text(0)? != hash {
            return Ok(refused(
                Some(header.id),
                "identifiant d'opération déjà utilisé pour un autre contenu",
            ));
        }
        return stored_outcome(header.id, &known);
    }
    if let Some((_, from)) = gaps.iter().find(|(d, _)| *d == header.device) {
        return Ok(Outcome::Resend {
            device: header.device,
            from: *from,
        });
    }
    let last = sql
        .query_opt(
            "SELECT last_seq FROM device_seqs WHERE provider = $1 AND device = $2",
            &[p.clone(), header.device.into()],
        )?
        .map(|r| uint(&r, 0))
        .transpose()?
        .unwrap_or(0);
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
        gaps.push((header.device, last + 1));
        return Ok(Outcome::Resend {
            device: header.device,
            from: last + 1,
        });
    }
    sql.exec(
        "INSERT INTO device_seqs (provider, device, last_seq) VALUES ($1, $2, $3)
         ON CONFLICT (provider, device) DO UPDATE SET last_seq = excluded.last_seq",
        &[p.clone(), header.device.into(), int(header.seq)],
    )?;
    let envelope = match Envelope::decode(&item.envelope.to_string()) {
        Ok(envelope) => envelope,
        Err(e) => {
            let reason = match e {
                EnvelopeError::TooNew(_) => format!("{e} (le serveur doit être mis à jour)"),
                EnvelopeError::Invalid(_) => e.to_string(),
            };
            let outcome = refused(Some(header.id), reason);
            record(
                sql,
                p,
                &header,
                None,
                &hash,
                &item.envelope.to_string(),
                &outcome,
                now,
            )?;
            return Ok(outcome);
        }
    };
    let seq = *head + 1;
    let judgement = judge(
        &envelope,
        item.base,
        seq,
        &mut SqlLedger {
            sql: &mut *sql,
            provider: p.clone(),
        },
    )?;
    *head = seq;
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
    let text = serde_json::to_string(&envelope).map_err(|e| DbError::Shape(e.to_string()))?;
    record(sql, p, &header, Some(seq), &hash, &text, &outcome, now)?;
    Ok(outcome)
}

#[allow(clippy::too_many_arguments)]
fn record(
    sql: &mut dyn Sql,
    p: &Value,
    header: &Header,
    seq: Option<u64>,
    hash: &str,
    envelope: &str,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> crate::Result<()> {
    let (status, conflict) = match outcome {
        Outcome::Applied { .. } | Outcome::Resend { .. } => ("applied", None),
        Outcome::Conflict { conflict, .. } => ("conflict", Some(conflict)),
        Outcome::Rejected { conflict, .. } => ("rejected", Some(conflict)),
    };
    let conflict = conflict
        .map(serde_json::to_string)
        .transpose()
        .map_err(|e| DbError::Shape(e.to_string()))?;
    sql.exec(
        "INSERT INTO ops (provider, id, seq, device, device_seq, hash, envelope, status, conflict, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &[
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
        ],
    )?;
    Ok(())
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

/// The changes of `provider` after `after`, at most `limit`, and its head.
pub fn pull<D: Database>(
    db: &D,
    provider: Uuid,
    after: u64,
    limit: u32,
) -> crate::Result<(Vec<Change>, u64)> {
    db.transaction(&mut |sql| {
        let p = Value::from(provider);
        let rows = sql.query(
            "SELECT seq, envelope, status, conflict FROM ops
             WHERE provider = $1 AND seq > $2 ORDER BY seq LIMIT $3",
            &[p.clone(), int(after), Value::Int(i64::from(limit))],
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
