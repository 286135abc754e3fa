//! The till journal of this device (rule A17): what a till operation appends in its
//! own write transaction ([`append`]), its verification, its list, and the daily,
//! monthly and yearly closings, each pushed to the sync server as a `journal_closed`
//! operation so that the server holds the chain head.
//!
//! Under the pinned clock (`GUICHET_NOW`) entries are written at the pinned time and
//! marked `pinned`: such a journal verifies but is not certifiable, and a journal that
//! already holds real entries refuses to be written under a pinned clock.

use chrono::{DateTime, NaiveDate, Utc};
use guichet_core::journal::{
    self as core_journal, at_text, money_text, paris_day, Closing, Entry, Head, Pushed, Stored,
};
use guichet_core::payment::PaymentMethod;
use guichet_core::sync::op::{ClosingPeriod, JournalClosed, MethodTotal};
use guichet_core::sync::wire::Day;
use guichet_core::sync::Op;
use guichet_core::Money;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use uuid::Uuid;

pub use guichet_core::journal::{Amounts, Body, Kind, NewEntry, Period};

use crate::clock::{Clock, IdGen};
use crate::error::{AppError, AppResult};
use crate::store::{Store, Tx};
use crate::App;

const COLUMNS: &str = "seq, at, pinned, kind, reference, cites, amounts, body, prev_hash, hash";

fn damaged(seq: impl std::fmt::Display) -> AppError {
    crate::data_dir::storage_error(format!(
        "le journal de caisse est illisible à l'entrée {seq} : rien n'a été écrit ; lancez « guichet journal verify » \
         pour savoir ce qui a été modifié, et restaurez une sauvegarde si besoin"
    ))
}

/// The head of the journal (`None`: empty).
fn head(conn: &Connection) -> AppResult<Option<Head>> {
    let row: Option<(i64, Vec<u8>)> = conn
        .prepare_cached("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, bytes(r, 1)?)))
        .optional()?;
    row.map(|(seq, hash)| {
        Ok(Head {
            seq: u64::try_from(seq).map_err(|_| damaged(seq))?,
            hash: core_journal::parse_hash(&hash).ok_or_else(|| damaged(seq))?,
        })
    })
    .transpose()
}

/// Appends `entry` to this device's journal, in `tx`: the write transaction of the
/// operation it records, so that both reach the disk or neither does. Made at
/// [`Tx::now`]; under a pinned clock it is marked `pinned`, and refused when the
/// journal already holds real entries.
pub fn append(tx: &Tx<'_>, entry: NewEntry) -> AppResult<Entry> {
    let conn = tx.conn();
    if tx.clock_pinned() {
        let real: bool = conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM journal WHERE pinned = 0)")?
            .query_row([], |r| r.get(0))?;
        if real {
            return Err(AppError::rule(
                "l'horloge de ce poste est figée (GUICHET_NOW) alors que son journal de caisse tient déjà des \
                 opérations réelles : une opération de caisse à une date choisie le rendrait faux ; retirez \
                 GUICHET_NOW pour encaisser à l'heure réelle",
            ));
        }
    }
    let entry = Entry::chain(head(conn)?, entry, tx.now(), tx.clock_pinned());
    let s = entry.stored();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    conn.prepare_cached(
        "INSERT INTO journal (seq, at, pinned, kind, reference, cites, amounts, body, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(rusqlite::params![
        s.seq,
        text(&s.at),
        s.pinned,
        text(&s.kind),
        text(&s.reference),
        s.cites.as_deref().map(text),
        text(&s.amounts),
        text(&s.body),
        text(&s.prev_hash),
        text(&s.hash),
    ])?;
    Ok(entry)
}

/// A column's bytes as stored (text or blob; `NULL` and numbers as their text).
fn bytes(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Vec<u8>> {
    use rusqlite::types::ValueRef;
    Ok(match row.get_ref(i)? {
        ValueRef::Text(b) | ValueRef::Blob(b) => b.to_vec(),
        ValueRef::Integer(n) => n.to_string().into_bytes(),
        ValueRef::Real(x) => x.to_string().into_bytes(),
        ValueRef::Null => Vec::new(),
    })
}

/// A stored row, byte for byte (a value of the wrong type reads as one that cannot
/// verify).
fn stored(row: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
    let mut entry = Stored::default();
    read_into(row, &mut entry)?;
    Ok(entry)
}

/// The entry of the operation `reference` (the first, if several cite it as theirs):
/// what a counter-entry ([`NewEntry::counter`]) corrects.
pub fn find(conn: &Connection, reference: Uuid) -> AppResult<Option<Entry>> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM journal WHERE reference = ?1 ORDER BY seq LIMIT 1"
        ))?
        .query_row([reference.to_string()], stored)
        .optional()?;
    row.map(|s| s.parse().ok_or_else(|| damaged(s.seq)))
        .transpose()
}

/// Every entry as stored, in order.
pub fn stored_entries(conn: &Connection) -> AppResult<Vec<Stored>> {
    let mut statement = conn.prepare(&format!("SELECT {COLUMNS} FROM journal ORDER BY seq"))?;
    let rows = statement.query_map([], stored)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The chain heads this device's closings pushed (or wait to push) to the server.
fn pushed_heads(conn: &Connection) -> AppResult<Vec<Pushed>> {
    let device = crate::store::device::device(conn)?.0.to_string();
    let mut statement =
        conn.prepare("SELECT device_id, payload FROM outbox_ops WHERE kind = 'journal_closed'")?;
    let rows = statement.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut heads = Vec::new();
    for row in rows {
        let (by, payload) = row?;
        if let Ok(Op::JournalClosed(c)) = serde_json::from_str::<Op>(&payload) {
            heads.push(Pushed {
                head: Head {
                    seq: c.seq,
                    hash: c.hash.get(),
                },
                here: by == device,
            });
        }
    }
    Ok(heads)
}

/// An entry's number and hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeadView {
    /// The entry's number.
    pub seq: u64,
    /// Its hash, 64 hex digits.
    pub hash: String,
}

impl From<Head> for HeadView {
    fn from(head: Head) -> HeadView {
        HeadView {
            seq: head.seq,
            hash: core_journal::hash_hex(&head.hash),
        }
    }
}

/// The first bad entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadView {
    /// Its number.
    pub seq: u64,
    /// What is wrong, in French.
    pub reason: String,
}

/// A restored copy declared in the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreakView {
    /// The `restored` entry.
    pub seq: u64,
    /// When.
    pub at: Option<DateTime<Utc>>,
    /// The head of the backup.
    pub backup_head: Option<HeadView>,
    /// The last head pushed to the server before, if any.
    pub pushed_head: Option<HeadView>,
}

/// What `guichet journal verify` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournalCheck {
    /// How many entries.
    pub entries: u64,
    /// Nothing changed, removed or inserted.
    pub ok: bool,
    /// Sound, and no entry written under the pinned clock.
    pub certifiable: bool,
    /// Entries written under the pinned clock.
    pub pinned: u64,
    /// The first bad entry.
    pub first_bad: Option<BadView>,
    /// Restored copies, declared.
    pub declared_breaks: Vec<BreakView>,
    /// The chain head.
    pub head: Option<HeadView>,
}

/// Reads a row into `into`, reusing its buffers.
fn read_into(row: &rusqlite::Row<'_>, into: &mut Stored) -> rusqlite::Result<()> {
    use rusqlite::types::ValueRef;
    let int = |i: usize| -> rusqlite::Result<i64> {
        Ok(match row.get_ref(i)? {
            ValueRef::Integer(n) => n,
            _ => -1,
        })
    };
    let fill = |i: usize, buffer: &mut Vec<u8>| -> rusqlite::Result<bool> {
        buffer.clear();
        match row.get_ref(i)? {
            ValueRef::Text(b) | ValueRef::Blob(b) => buffer.extend_from_slice(b),
            ValueRef::Integer(n) => buffer.extend_from_slice(n.to_string().as_bytes()),
            ValueRef::Real(x) => buffer.extend_from_slice(x.to_string().as_bytes()),
            ValueRef::Null => return Ok(false),
        }
        Ok(true)
    };
    into.seq = int(0)?;
    fill(1, &mut into.at)?;
    into.pinned = int(2)?;
    fill(3, &mut into.kind)?;
    fill(4, &mut into.reference)?;
    let mut cites = into.cites.take().unwrap_or_default();
    if fill(5, &mut cites)? {
        into.cites = Some(cites);
    }
    fill(6, &mut into.amounts)?;
    fill(7, &mut into.body)?;
    fill(8, &mut into.prev_hash)?;
    fill(9, &mut into.hash)?;
    Ok(())
}

/// Verifies the journal of the database `conn`, streaming its rows.
pub fn verify(conn: &Connection) -> AppResult<JournalCheck> {
    verify_with(conn, Vec::new())
}

/// [`verify`], also against `server`: the heads of this device's closings that the
/// sync server holds.
fn verify_with(conn: &Connection, server: Vec<Pushed>) -> AppResult<JournalCheck> {
    let mut pushed = pushed_heads(conn)?;
    pushed.extend(server);
    let mut verifier = core_journal::Verifier::new(&pushed);
    let mut statement = conn.prepare(&format!("SELECT {COLUMNS} FROM journal ORDER BY seq"))?;
    let mut rows = statement.query([])?;
    let mut entry = Stored::default();
    while let Some(row) = rows.next()? {
        read_into(row, &mut entry)?;
        verifier.push(&entry);
    }
    let v = verifier.finish();
    Ok(JournalCheck {
        entries: v.entries,
        ok: v.ok,
        certifiable: v.certifiable,
        pinned: v.pinned,
        first_bad: v.first_bad.map(|b| BadView {
            seq: b.seq,
            reason: b.reason,
        }),
        declared_breaks: v
            .breaks
            .into_iter()
            .map(|b| BreakView {
                seq: b.seq,
                at: b.at,
                backup_head: b.backup_head.map(HeadView::from),
                pushed_head: b.pushed_head.map(HeadView::from),
            })
            .collect(),
        head: v.head.map(HeadView::from),
    })
}

/// Amounts per method as a JSON object, in the order of the methods.
fn amounts_json(amounts: &Amounts) -> serde_json::Map<String, serde_json::Value> {
    amounts
        .iter()
        .map(|(m, a)| (m.code().to_owned(), money_text(a).into()))
        .collect()
}

/// One entry, as `guichet journal list` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryView {
    /// Its number.
    pub seq: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// Written under the pinned clock.
    pub pinned: bool,
    /// `payment`, `sale`, `closing_day`…
    pub kind: String,
    /// The operation's id.
    pub reference: Uuid,
    /// The entry a counter-entry corrects.
    pub cites: Option<Uuid>,
    /// Amounts per payment method, `{"cash": "12.30"}`.
    pub amounts: serde_json::Map<String, serde_json::Value>,
    /// Ids and amounts.
    pub body: serde_json::Value,
    /// Its hash.
    pub hash: String,
}

impl From<&Entry> for EntryView {
    fn from(e: &Entry) -> EntryView {
        EntryView {
            seq: e.seq,
            at: e.at,
            pinned: e.pinned,
            kind: e.kind.code().to_owned(),
            reference: e.reference,
            cites: e.cites,
            amounts: amounts_json(&e.amounts),
            body: e.body.value(),
            hash: core_journal::hash_hex(&e.hash),
        }
    }
}

/// A closing, as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClosingView {
    /// `day`, `month`, `year`.
    pub period: String,
    /// `2026-07-01`, `2026-07`, `2026`.
    pub label: String,
    /// The closing entry.
    pub seq: u64,
    /// Its hash (pushed to the server).
    pub hash: String,
    /// Entries of takings in the period.
    pub entries: u64,
    /// The period's takings per method.
    pub totals: serde_json::Map<String, serde_json::Value>,
    /// Their sum.
    pub total: Money,
    /// The perpetual grand total per method.
    pub grand: serde_json::Map<String, serde_json::Value>,
    /// Its sum.
    pub grand_total: Money,
    /// The chain head at closing.
    pub head: Option<HeadView>,
}

/// A text column's bytes, without copying (empty when it is not text).
fn raw<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r [u8]> {
    Ok(match row.get_ref(i)? {
        rusqlite::types::ValueRef::Text(b) | rusqlite::types::ValueRef::Blob(b) => b,
        _ => &[],
    })
}

/// Adds a row's amounts to `sum` when it is takings; returns whether it was.
fn add_takings(seq: i64, kind: &[u8], amounts: &[u8], sum: &mut Amounts) -> AppResult<bool> {
    let kind = std::str::from_utf8(kind)
        .ok()
        .and_then(Kind::from_code)
        .ok_or_else(|| damaged(seq))?;
    if !kind.is_takings() {
        return Ok(false);
    }
    std::str::from_utf8(amounts)
        .ok()
        .and_then(|text| sum.add_encoded(text))
        .ok_or_else(|| damaged(seq))??;
    Ok(true)
}

/// The last closing's entry, if any.
fn last_closing(conn: &Connection) -> AppResult<Option<Entry>> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM journal WHERE kind IN ('closing_day', 'closing_month', 'closing_year')
             ORDER BY seq DESC LIMIT 1"
        ))?
        .query_row([], stored)
        .optional()?;
    row.map(|s| s.parse().ok_or_else(|| damaged(s.seq)))
        .transpose()
}

/// The closing of `period` already written, if any.
fn closed(conn: &Connection, period: Period) -> AppResult<Option<u64>> {
    // The kinds listed make the closings' partial index usable (migration 0018).
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM journal
         WHERE kind = ?1 AND kind IN ('closing_day', 'closing_month', 'closing_year')"
    ))?;
    let rows = statement.query_map([period.kind().code()], stored)?;
    for row in rows {
        let s = row?;
        let entry = s.parse().ok_or_else(|| damaged(s.seq))?;
        if Closing::from_entry(&entry).is_some_and(|c| c.period == period) {
            return Ok(Some(entry.seq));
        }
    }
    Ok(None)
}

/// Computes and writes the closing of `period` in `tx`: its entry and its
/// `journal_closed` operation.
pub fn close(tx: &Tx<'_>, period: Period) -> AppResult<(Closing, Entry)> {
    let conn = tx.conn();
    let today = paris_day(tx.now());
    if period.first_day() > today {
        return Err(AppError::rule(format!(
            "{} n'a pas encore commencé : on ne clôture qu'une période commencée",
            capitalised(&period.french())
        )));
    }
    if let Some(seq) = closed(conn, period)? {
        return Err(AppError::rule(format!(
            "la caisse est déjà clôturée pour {} (entrée {seq} du journal) : une clôture ne se refait pas",
            period.french()
        )));
    }
    let (from, until) = period
        .instants()
        .ok_or_else(|| AppError::input("cette période est hors du calendrier géré"))?;
    let (from, until) = (at_text(from), at_text(until));
    let within = |at: &[u8]| at >= from.as_bytes() && at < until.as_bytes();
    let (mut grand, since) = match last_closing(conn)? {
        Some(entry) => {
            let last = Closing::from_entry(&entry).ok_or_else(|| damaged(entry.seq))?;
            (last.grand, entry.seq)
        }
        None => (Amounts::new(), 0),
    };
    let since = i64::try_from(since).unwrap_or(i64::MAX);
    let mut totals = Amounts::new();
    let mut entries = 0u64;
    // Every entry after the last closing, read once in order: the grand total goes on
    // from that closing's, and the period takes its share.
    {
        let mut statement =
            conn.prepare_cached("SELECT seq, at, kind, amounts FROM journal WHERE seq > ?1")?;
        let mut rows = statement.query([since])?;
        while let Some(r) = rows.next()? {
            let (seq, kind, amounts) = (r.get(0)?, raw(r, 2)?, raw(r, 3)?);
            if add_takings(seq, kind, amounts, &mut grand)? && within(raw(r, 1)?) {
                add_takings(seq, kind, amounts, &mut totals)?;
                entries += 1;
            }
        }
    }
    // The period's entries the last closing already counted in the grand total.
    {
        let mut statement = conn.prepare_cached(
            "SELECT seq, kind, amounts FROM journal WHERE at >= ?1 AND at < ?2 AND seq <= ?3",
        )?;
        let mut rows = statement.query((&from, &until, since))?;
        while let Some(r) = rows.next()? {
            let seq = r.get(0)?;
            if add_takings(seq, raw(r, 1)?, raw(r, 2)?, &mut totals)? {
                entries += 1;
            }
        }
    }
    let closing = Closing {
        period,
        totals,
        entries,
        grand,
        head: head(conn)?,
    };
    let reference = tx.new_id();
    let entry = append(tx, closing.entry(reference)?)?;
    tx.commit_op(Op::JournalClosed(JournalClosed {
        id: reference,
        period: match period {
            Period::Day(_) => ClosingPeriod::Day,
            Period::Month(_) => ClosingPeriod::Month,
            Period::Year(_) => ClosingPeriod::Year,
        },
        from: Day::try_from(period.first_day())?,
        seq: entry.seq,
        hash: entry.hash.into(),
        totals: closing
            .totals
            .iter()
            .map(|(method, amount)| MethodTotal {
                method,
                amount: amount.into(),
            })
            .collect(),
        grand_total: closing.grand.total()?.into(),
    }))?;
    Ok((closing, entry))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A restored copy carries on its journal with a `restored` entry citing the head of
/// the backup and the last head pushed to the server in a closing: a declared break.
/// Nothing is written for a backup whose journal was empty and never closed.
pub(crate) fn declare_restore(
    store: &mut Store,
    ids: &dyn IdGen,
    clock: &dyn Clock,
) -> AppResult<Option<Entry>> {
    store.write(ids, clock.now(), |tx| {
        tx.set_clock_pinned(clock.is_pinned());
        let backup_head = head(tx.conn())?;
        let pushed = pushed_heads(tx.conn())?
            .into_iter()
            .map(|p| p.head)
            .max_by_key(|h| h.seq);
        if backup_head.is_none() && pushed.is_none() {
            return Ok(None);
        }
        let body = Body::new(&serde_json::json!({
            "backup_head": backup_head.map(Head::to_json),
            "pushed_head": pushed.map(Head::to_json),
        }))?;
        let entry = NewEntry::new(Kind::Restored, tx.new_id(), Amounts::new(), body);
        append(tx, entry).map(Some)
    })
}

impl App {
    /// Verifies this device's till journal (`guichet journal verify`): its chain, and
    /// its end against the heads its closings pushed — those of its own outbox and,
    /// when the sync server can be reached, those the server holds.
    pub fn journal_verify(&self) -> AppResult<JournalCheck> {
        let server = self.server_journal_heads()?.unwrap_or_default();
        verify_with(self.store.conn(), server)
    }

    /// Every entry of this device's till journal, oldest first.
    pub fn journal_entries(&self) -> AppResult<Vec<EntryView>> {
        stored_entries(self.store.conn())?
            .iter()
            .map(|s| {
                s.parse()
                    .map(|e| EntryView::from(&e))
                    .ok_or_else(|| damaged(s.seq))
            })
            .collect()
    }

    /// Closes the till for `period`: its takings per payment method, the perpetual
    /// grand total and the chain head, written in the journal and sent to the server.
    pub fn close_journal(&mut self, period: Period) -> AppResult<ClosingView> {
        self.require(crate::operators::Permission::Sell)?;
        let (closing, entry) = self.write(|tx| close(tx, period))?;
        Ok(ClosingView {
            period: period.code().to_owned(),
            label: period.label(),
            seq: entry.seq,
            hash: core_journal::hash_hex(&entry.hash),
            entries: closing.entries,
            totals: amounts_json(&closing.totals),
            total: closing.totals.total()?,
            grand: amounts_json(&closing.grand),
            grand_total: closing.grand.total()?,
            head: closing.head.map(HeadView::from),
        })
    }

    /// The daily closing of `day` (Europe/Paris).
    pub fn close_day(&mut self, day: NaiveDate) -> AppResult<ClosingView> {
        self.close_journal(Period::Day(day))
    }
}

/// The payment entry of `booking_file::record_payment`: the amount by its method.
pub(crate) fn payment_entry(
    payment: Uuid,
    booking: Uuid,
    amount: Money,
    method: PaymentMethod,
    paid_on: NaiveDate,
) -> AppResult<NewEntry> {
    let body = Body::new(&serde_json::json!({
        "booking": booking.to_string(),
        "amount": money_text(amount),
        "method": method.code(),
        "paid_on": paid_on.to_string(),
    }))?;
    Ok(NewEntry::new(
        Kind::Payment,
        payment,
        Amounts::one(method, amount),
        body,
    ))
}

/// Appends an entry of `kind` for `reference` in the operation's transaction: the
/// till's writes call it beside their operation (A17). `body` names things by id,
/// amount, date or code only (a voucher's code in lower case).
pub(crate) fn record(
    tx: &Tx<'_>,
    kind: Kind,
    reference: Uuid,
    amounts: Amounts,
    body: &serde_json::Value,
) -> AppResult<()> {
    append(
        tx,
        NewEntry::new(kind, reference, amounts, Body::new(body)?),
    )?;
    Ok(())
}

/// Appends the counter-entry of the entry written for `original` (a voided sale).
pub(crate) fn record_counter(
    tx: &Tx<'_>,
    original: Uuid,
    kind: Kind,
    reference: Uuid,
    body: &serde_json::Value,
) -> AppResult<()> {
    let entry = find(tx.conn(), original)?.ok_or_else(|| {
        AppError::rule(
            "l'écriture d'origine manque au journal de caisse de ce poste : la vente a été \
             faite sur un autre poste, annulez-la là-bas",
        )
    })?;
    append(
        tx,
        NewEntry::counter(&entry, kind, reference, Body::new(body)?)?,
    )?;
    Ok(())
}
