//! What sync reads from and writes to the local store: the operations to push (each
//! with how far this device had pulled when it made it), the outcome of each, the
//! changes pulled (applied in server order, once), the cursor, and the conflicts
//! inbox. The network is elsewhere (`crate::sync`): this is all local and atomic.

use chrono::{DateTime, Utc};
use guichet_core::sync::conflict::Fact;
use guichet_core::sync::protocol::{Change, Outcome, PushItem, Status};
use guichet_core::sync::{Envelope, Op};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::{Store, Tx};
use crate::clock::IdGen;
use crate::error::AppResult;

/// How many pulled changes one transaction applies: small enough that a scan at the
/// gate never waits long for the database.
pub const CHANGES_PER_TRANSACTION: usize = 64;

/// Where sync stands on this device.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SyncState {
    /// The last server number applied here.
    #[ts(type = "number")]
    pub cursor: i64,
    /// The server's last number when last asked.
    #[ts(type = "number")]
    pub head: i64,
    /// Operations waiting to be pushed.
    #[ts(type = "number")]
    pub pending: i64,
    /// Conflicts not settled yet.
    #[ts(type = "number")]
    pub open_conflicts: i64,
    /// The last sync that reached the server.
    pub last_success_at: Option<DateTime<Utc>>,
    /// The last try.
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// Why the last try failed, if it did.
    pub last_error: Option<String>,
    /// Its kind: `offline` (the server could not be reached) or `rule` (it refused:
    /// a revoked device, a client to upgrade…), `storage`, `input`.
    pub last_error_code: Option<String>,
}

/// A conflict, as the inbox shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ConflictView {
    /// The conflict (the operation's id).
    pub id: Uuid,
    /// `duplicate_scan`, `booking_overlap`, `oversold`, `edit_clash`, `refused`.
    pub kind: String,
    /// What happened, in French.
    pub summary: String,
    /// The operation it is about (`ticket_scanned`…).
    pub op_kind: String,
    /// The device that made it.
    pub device: Uuid,
    /// Its name, when known here.
    pub device_name: Option<String>,
    /// The operator who made it on that device, when it had operators.
    pub by: Option<String>,
    /// When it was made, on that device's clock.
    pub at: DateTime<Utc>,
    /// Whether the operation was rejected (not applied anywhere).
    pub rejected: bool,
    /// Its facts, as the server stated them.
    #[ts(type = "Record<string, unknown>")]
    pub fact: serde_json::Value,
    /// When a person settled it.
    pub settled_at: Option<DateTime<Utc>>,
    /// How (`acknowledged`, `booking_cancelled`).
    pub settled_how: Option<String>,
    /// The credit note that cancelled the invoice of a booking the server rejected
    /// (B1), by number.
    pub credit_note: Option<String>,
}

/// What a push's outcomes did here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settled {
    /// Operations the server has now (applied, with a conflict or rejected).
    pub pushed: usize,
    /// Conflicts recorded.
    pub conflicts: usize,
    /// The server asked for a resend from an earlier number.
    pub resend: bool,
}

/// The next operations to push, oldest first (those of a former identity of this
/// device, then its own): a row that cannot be read goes with its header, so that the
/// server refuses it by name and the rows after it are not held back.
pub fn push_items(conn: &Connection, limit: usize) -> rusqlite::Result<Vec<PushItem>> {
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    // Two reads that each follow the `outbox_pending` index: a former identity's rows
    // first (a restored copy), then this device's.
    let mut items = pending_rows(
        conn,
        "SELECT v, id, seq, device_id, created_at, payload, base_seq FROM outbox_ops
         WHERE pushed_at IS NULL AND device_id <> (SELECT id FROM device)
         ORDER BY device_id, seq LIMIT ?1",
        limit,
    )?;
    let left = limit - i64::try_from(items.len()).unwrap_or(limit);
    if left > 0 {
        items.extend(pending_rows(
            conn,
            "SELECT v, id, seq, device_id, created_at, payload, base_seq FROM outbox_ops
             WHERE pushed_at IS NULL AND device_id = (SELECT id FROM device)
             ORDER BY seq LIMIT ?1",
            left,
        )?);
    }
    Ok(items)
}

fn pending_rows(conn: &Connection, sql: &str, limit: i64) -> rusqlite::Result<Vec<PushItem>> {
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map([limit], |row| {
        let payload: String = row.get(5)?;
        let op = serde_json::from_str::<serde_json::Value>(&payload)
            .unwrap_or(serde_json::Value::String(payload));
        let envelope = serde_json::json!({
            "v": row.get::<_, i64>(0)?,
            "id": row.get::<_, String>(1)?,
            "seq": row.get::<_, i64>(2)?,
            "device": row.get::<_, String>(3)?,
            "at": row.get::<_, String>(4)?,
            "op": op,
        });
        Ok(PushItem {
            base: u64::try_from(row.get::<_, i64>(6)?).unwrap_or(0),
            envelope,
        })
    })?;
    rows.collect()
}

/// The number of operations waiting to be pushed.
pub fn pending_count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COUNT(*) FROM outbox_ops WHERE pushed_at IS NULL",
        [],
        |r| r.get(0),
    )
}

/// Where sync stands.
pub fn sync_state(conn: &Connection) -> AppResult<SyncState> {
    let pending = pending_count(conn)?;
    let open_conflicts: i64 = conn.query_row(
        "SELECT COUNT(*) FROM conflicts WHERE settled_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(conn.query_row(
        "SELECT cursor, head, last_success_at, last_attempt_at, last_error, last_error_code FROM sync_state",
        [],
        |r| {
            Ok(SyncState {
                cursor: r.get(0)?,
                head: r.get(1)?,
                pending,
                open_conflicts,
                last_success_at: super::read::parse_opt(r, 2)?,
                last_attempt_at: super::read::parse_opt(r, 3)?,
                last_error: r.get(4)?,
                last_error_code: r.get(5)?,
            })
        },
    )?)
}

/// The conflicts, open ones first, newest first.
pub fn conflicts(conn: &Connection) -> AppResult<Vec<ConflictView>> {
    let mut statement = conn.prepare(
        "SELECT c.id, c.kind, c.fact, c.op_kind, c.device_id, c.at, c.rejected, c.settled_at,
                c.settled_how, (SELECT s.device_name FROM scans s WHERE s.device_id = c.device_id LIMIT 1),
                json_extract(c.envelope, '$.by'), c.credit_note
         FROM conflicts c ORDER BY c.settled_at IS NOT NULL, c.at DESC",
    )?;
    let rows = statement.query_map([], |r| {
        let fact_text: String = r.get(2)?;
        Ok((
            super::read::parse::<Uuid>(r, 0)?,
            r.get::<_, String>(1)?,
            fact_text,
            r.get::<_, String>(3)?,
            super::read::parse::<Uuid>(r, 4)?,
            super::read::parse::<DateTime<Utc>>(r, 5)?,
            r.get::<_, bool>(6)?,
            super::read::parse_opt::<DateTime<Utc>>(r, 7)?,
            r.get::<_, Option<String>>(8)?,
            r.get::<_, Option<String>>(9)?,
            r.get::<_, Option<String>>(10)?,
            r.get::<_, Option<String>>(11)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            id,
            kind,
            fact_text,
            op_kind,
            device,
            at,
            rejected,
            settled_at,
            settled_how,
            name,
            by,
            credit_note,
        ) = row?;
        let fact: Fact = serde_json::from_str(&fact_text)
            .map_err(|e| crate::data_dir::storage_error(format!("conflit {id} illisible ({e})")))?;
        let mut summary = fact.summary();
        if let Some(number) = &credit_note {
            let stop = if summary.ends_with('.') { " " } else { ". " };
            summary.push_str(&format!(
                "{stop}Elle était facturée : l'avoir {number} annule sa facture."
            ));
        }
        out.push(ConflictView {
            id,
            kind,
            summary,
            op_kind,
            device,
            device_name: name,
            by,
            at,
            rejected,
            fact: serde_json::to_value(&fact).unwrap_or(serde_json::Value::Null),
            settled_at,
            settled_how,
            credit_note,
        });
    }
    Ok(out)
}

impl Tx<'_> {
    /// Records a conflict once, and makes its consequence here: a later admission of a
    /// ticket admits nobody, a rejected booking frees its nights (kept, marked).
    fn record_conflict(
        &self,
        envelope: &serde_json::Value,
        fact: &Fact,
        server_seq: Option<u64>,
        rejected: bool,
    ) -> AppResult<bool> {
        let id = envelope["id"].as_str().unwrap_or_default();
        let inserted = self.tx.execute(
            "INSERT INTO conflicts (id, kind, fact, op_kind, envelope, device_id, at, server_seq, rejected, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (id) DO NOTHING",
            (
                id,
                fact.kind(),
                serde_json::to_string(fact).unwrap_or_default(),
                envelope["op"]["kind"].as_str().unwrap_or("inconnue"),
                envelope.to_string(),
                envelope["device"].as_str().unwrap_or_default(),
                envelope["at"].as_str().unwrap_or_default(),
                server_seq.map(|s| i64::try_from(s).unwrap_or(i64::MAX)),
                rejected,
                self.now().to_rfc3339(),
            ),
        )?;
        match fact {
            Fact::DuplicateScan { scan, session, .. } => {
                let demoted = self.tx.execute(
                    "UPDATE scans SET verdict = 'already_scanned'
                     WHERE id = ?1 AND verdict IN ('admitted', 'unknown_genuine')",
                    [scan.to_string()],
                )?;
                if demoted > 0 {
                    self.tx.execute(
                        "UPDATE sessions SET admitted = MAX(admitted - 1, 0) WHERE id = ?1",
                        [session.to_string()],
                    )?;
                }
            }
            // A deletion refused (the booking was invoiced elsewhere, B1): it comes back.
            Fact::Refused { .. } if envelope["op"]["kind"].as_str() == Some("booking_deleted") => {
                self.restore_deleted(id)?;
            }
            // A move refused whole: the booking goes back where it was.
            Fact::BookingOverlap { .. } | Fact::Refused { .. }
                if envelope["op"]["kind"].as_str() == Some("booking_moved") =>
            {
                self.undo_move(id)?;
            }
            Fact::BookingOverlap { booking, .. } => {
                let rejected_here = self.tx.execute(
                    "UPDATE bookings SET status = 'cancelled', rejected_by = ?2
                     WHERE id = ?1 AND rejected_by IS NULL",
                    (booking.to_string(), id),
                )?;
                // Invoiced here while offline (B1): a credit note cancels the invoice, in
                // this transaction, and the conflict names it. Only the device that made
                // the booking issues it, in its own series.
                let own = envelope["device"].as_str() == Some(self.device()?.to_string().as_str());
                if rejected_here > 0 && own {
                    if let Some(credit) = crate::invoices::credit_booking(self, *booking)? {
                        self.tx.execute(
                            "UPDATE conflicts SET credit_note = ?2 WHERE id = ?1",
                            (id, credit.number),
                        )?;
                    }
                }
            }
            Fact::Oversold { .. }
            | Fact::EditClash { .. }
            | Fact::VoucherOverdraw { .. }
            | Fact::Refused { .. } => {}
        }
        Ok(inserted > 0)
    }

    fn mark_pushed(&self, id: &str, server_seq: Option<u64>) -> rusqlite::Result<()> {
        if server_seq.is_some() {
            // The server applied it: what it deleted here is gone for good.
            self.forget_deleted(id)?;
        }
        self.tx
            .prepare_cached(
                "UPDATE outbox_ops SET pushed_at = COALESCE(pushed_at, ?2), server_seq = COALESCE(?3, server_seq) WHERE id = ?1",
            )?
            .execute((
                id,
                self.now().to_rfc3339(),
                server_seq.map(|s| i64::try_from(s).unwrap_or(i64::MAX)),
            ))?;
        Ok(())
    }

    /// Whether an operation is this device's own (in its outbox).
    fn is_own(&self, id: Uuid) -> rusqlite::Result<bool> {
        self.tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM outbox_ops WHERE id = ?1)")?
            .query_row([id.to_string()], |r| r.get(0))
    }

    /// A field of a settings edit that a local operation not pushed yet also edits:
    /// that later local value stays.
    fn pending_edit(&self, field: &str) -> rusqlite::Result<bool> {
        self.tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM outbox_ops WHERE pushed_at IS NULL
                 AND kind = 'settings_edited' AND json_extract(payload, '$.data.' || ?1) IS NOT NULL)",
            )?
            .query_row([field], |r| r.get(0))
    }

    /// Applies a pulled operation once, inside a savepoint: one that cannot be applied
    /// here becomes a conflict, and never blocks the changes after it.
    fn apply_pulled(&mut self, envelope: &Envelope, echo: bool) -> AppResult<()> {
        let op = match (&envelope.op, echo) {
            // An edit: the later in server order wins, unless a later local edit of the
            // same field waits to be pushed.
            (Op::SettingsEdited(s), _) => {
                let mut s = s.clone();
                for (name, _) in s.values() {
                    if self.pending_edit(name)? {
                        s.forget(name);
                    }
                }
                Op::SettingsEdited(s)
            }
            (_, true) => return Ok(()),
            (op, false) => op.clone(),
        };
        if !echo {
            let seen: bool = self
                .tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM applied_ops WHERE id = ?1)")?
                .query_row([envelope.id.to_string()], |r| r.get(0))?;
            if seen {
                return Ok(());
            }
        }
        self.author = Some(envelope.device);
        self.op_id.set(Some(envelope.id));
        self.tx.execute_batch("SAVEPOINT pulled")?;
        let applied = self.apply(&op);
        self.author = None;
        if let Err(e) = applied {
            self.tx
                .execute_batch("ROLLBACK TO pulled; RELEASE pulled")?;
            let value = serde_json::to_value(envelope).unwrap_or_default();
            self.record_conflict(
                &value,
                &Fact::Refused {
                    reason: format!("ce poste n'a pas pu appliquer cette opération : {e}"),
                },
                None,
                false,
            )?;
        } else {
            self.tx.execute_batch("RELEASE pulled")?;
        }
        if !echo {
            self.tx
                .prepare_cached(
                    "INSERT INTO applied_ops (id, device_id, seq, applied_at, made_by)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute((
                    envelope.id.to_string(),
                    envelope.device.to_string(),
                    i64::try_from(envelope.seq).unwrap_or(i64::MAX),
                    self.now().to_rfc3339(),
                    envelope.by.as_ref().map(|b| b.as_str()),
                ))?;
        }
        Ok(())
    }
}

impl Store {
    /// Records what the server did with pushed `items`: applied ones leave the outbox,
    /// conflicts land in the inbox with their consequence here, rejected ones leave
    /// the outbox for the inbox (their local record marked, never deleted). A resend
    /// asked for puts the operations from that number back in the outbox.
    pub fn settle_push(
        &mut self,
        ids: &dyn IdGen,
        now: DateTime<Utc>,
        items: &[PushItem],
        outcomes: &[Outcome],
    ) -> AppResult<Settled> {
        self.write(ids, now, |tx| {
            let mut settled = Settled::default();
            for (item, outcome) in items.iter().zip(outcomes) {
                let id = item.envelope["id"].as_str().unwrap_or_default();
                match outcome {
                    Outcome::Applied { seq, .. } => {
                        tx.mark_pushed(id, Some(*seq))?;
                        settled.pushed += 1;
                    }
                    Outcome::Conflict { seq, conflict, .. } => {
                        tx.mark_pushed(id, Some(*seq))?;
                        settled.pushed += 1;
                        if tx.record_conflict(&item.envelope, conflict, Some(*seq), false)? {
                            settled.conflicts += 1;
                        }
                    }
                    Outcome::Rejected { conflict, .. } => {
                        tx.mark_pushed(id, None)?;
                        settled.pushed += 1;
                        if tx.record_conflict(&item.envelope, conflict, None, true)? {
                            settled.conflicts += 1;
                        }
                    }
                    Outcome::Resend { device, from } => {
                        tx.conn().execute(
                            "UPDATE outbox_ops SET pushed_at = NULL, server_seq = NULL
                             WHERE device_id = ?1 AND seq >= ?2",
                            (device.to_string(), i64::try_from(*from).unwrap_or(i64::MAX)),
                        )?;
                        settled.resend = true;
                        break;
                    }
                }
            }
            Ok(settled)
        })
    }

    /// Applies pulled changes in server order, a few per transaction, each once; the
    /// cursor moves with them. Returns (changes of other devices applied, conflicts
    /// recorded).
    pub fn apply_changes(
        &mut self,
        ids: &dyn IdGen,
        now: DateTime<Utc>,
        changes: &[Change],
        head: u64,
    ) -> AppResult<(usize, usize)> {
        let mut applied = 0;
        let mut conflicts = 0;
        for chunk in changes.chunks(CHANGES_PER_TRANSACTION) {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut tx = Tx::new(tx, ids, now);
            let cursor: i64 = tx
                .conn()
                .query_row("SELECT cursor FROM sync_state", [], |r| r.get(0))?;
            for change in chunk {
                if i64::try_from(change.seq).unwrap_or(i64::MAX) <= cursor {
                    continue;
                }
                let own = tx.is_own(change.envelope.id)?;
                let value = serde_json::to_value(&change.envelope).unwrap_or_default();
                if change.status != Status::Rejected {
                    tx.apply_pulled(&change.envelope, own)?;
                    applied += usize::from(!own);
                }
                if own {
                    let seq = (change.status != Status::Rejected).then_some(change.seq);
                    tx.mark_pushed(&change.envelope.id.to_string(), seq)?;
                }
                if let Some(fact) = &change.conflict {
                    let rejected = change.status == Status::Rejected;
                    if tx.record_conflict(&value, fact, Some(change.seq), rejected)? {
                        conflicts += 1;
                    }
                }
                tx.conn().execute(
                    "UPDATE sync_state SET cursor = ?1",
                    [i64::try_from(change.seq).unwrap_or(i64::MAX)],
                )?;
            }
            tx.conn().execute(
                "UPDATE sync_state SET head = MAX(head, ?1)",
                [i64::try_from(head).unwrap_or(i64::MAX)],
            )?;
            tx.commit()?;
        }
        if changes.is_empty() {
            self.conn.execute(
                "UPDATE sync_state SET head = ?1",
                [i64::try_from(head).unwrap_or(i64::MAX)],
            )?;
        }
        Ok((applied, conflicts))
    }

    /// Takes the server's word after a restore of the server from an older copy: a
    /// cursor beyond its head comes back to it, and this device's operations it no
    /// longer holds (numbers after `device_seq`) are pushed again. Applying stays once
    /// by operation id, so nothing is doubled.
    pub fn reconcile(&self, head: u64, device_seq: u64) -> AppResult<()> {
        let head = i64::try_from(head).unwrap_or(i64::MAX);
        self.conn.execute(
            "UPDATE sync_state SET cursor = ?1 WHERE cursor > ?1",
            [head],
        )?;
        self.conn.execute(
            "UPDATE outbox_ops SET pushed_at = NULL, server_seq = NULL
             WHERE device_id = (SELECT id FROM device) AND seq > ?1 AND pushed_at IS NOT NULL",
            [i64::try_from(device_seq).unwrap_or(i64::MAX)],
        )?;
        Ok(())
    }

    /// Records a sync attempt: when, and why it failed (`None`: it reached the server).
    pub fn record_sync_attempt(
        &self,
        now: DateTime<Utc>,
        error: Option<&crate::error::AppError>,
    ) -> AppResult<()> {
        let stamp = now.to_rfc3339();
        match error {
            None => self.conn.execute(
                "UPDATE sync_state SET last_attempt_at = ?1, last_success_at = ?1, last_error = NULL,
                 last_error_code = NULL",
                [stamp],
            )?,
            Some(why) => self.conn.execute(
                "UPDATE sync_state SET last_attempt_at = ?1, last_error = ?2, last_error_code = ?3",
                (
                    stamp,
                    &why.message,
                    serde_json::to_value(why.code)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned)),
                ),
            )?,
        };
        Ok(())
    }

    /// The pull cursor.
    pub fn sync_cursor(&self) -> AppResult<u64> {
        let cursor: Option<i64> = self
            .conn
            .query_row("SELECT cursor FROM sync_state", [], |r| r.get(0))
            .optional()?;
        Ok(u64::try_from(cursor.unwrap_or(0)).unwrap_or(0))
    }
}
