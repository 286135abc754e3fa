//! The till journal (A17), each against a baseline measured in the same run:
//!
//! - `journal verify` over 1,000,000 entries — read from a real SQLite file and checked
//!   (the command's path), and checked alone from memory — against a bare SHA-256 of
//!   the same bytes (every entry's previous hash and canonical bytes): the hashing
//!   that no verification can skip;
//! - a daily closing over 100,000 sales against a plain `SUM … GROUP BY method` query
//!   over the same 100,000 rows (amounts as integer cents in a table of their own).
//!
//! `cargo bench -j2 -p guichet-app --bench journal`

#![allow(clippy::expect_used)]

use std::hint::black_box;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use guichet_app::clock::UuidV7;
use guichet_app::journal::{self, Amounts, Body, Kind, NewEntry, Period};
use guichet_app::store::Store;
use guichet_core::journal::{parse_hash, Stored};
use guichet_core::payment::PaymentMethod;
use guichet_core::Money;
use sha2::{Digest, Sha256};

const VERIFY_ENTRIES: u64 = 1_000_000;
const SALES: u64 = 100_000;
const BATCH: u64 = 10_000;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 7, 14).expect("day")
}

/// 08:00 in Paris on the bench's day, plus `i` × `step`.
fn instant(i: u64, step: Duration) -> DateTime<Utc> {
    let start = Utc
        .with_ymd_and_hms(2026, 7, 14, 6, 0, 0)
        .single()
        .expect("instant");
    start + step * i32::try_from(i).unwrap_or(i32::MAX)
}

/// A sale of `i`: split between cash and card, the ids of its sale and customer.
fn sale(i: u64) -> NewEntry {
    let cents = 1_000 + i64::try_from(i % 9_000).unwrap_or(0);
    let mut amounts = Amounts::new();
    amounts
        .add(PaymentMethod::Cash, Money::from_cents(cents / 3))
        .expect("cash");
    amounts
        .add(PaymentMethod::Card, Money::from_cents(cents - cents / 3))
        .expect("card");
    let reference = uuid::Uuid::from_u128(u128::from(i) + 1);
    let body = Body::new(&serde_json::json!({
        "customer": uuid::Uuid::from_u128(u128::from(i % 5_000) + 1_000_000).to_string(),
        "lines": 5,
        "total": Money::from_cents(cents).to_string(),
    }))
    .expect("body");
    NewEntry::new(Kind::Sale, reference, amounts, body)
}

/// A data dir's store holding `count` sales spread over the bench's day, written in
/// transactions of [`BATCH`] as the till would (one append each).
fn journal_of(dir: &std::path::Path, count: u64) -> Store {
    let now = instant(0, Duration::zero());
    let mut store = Store::open(&dir.join("guichet.db"), &UuidV7, now).expect("store");
    // Spread over 14 hours of the day.
    let step = Duration::milliseconds(50_400_000 / i64::try_from(count).unwrap_or(1));
    for batch in 0..count.div_ceil(BATCH) {
        let from = batch * BATCH;
        let until = (from + BATCH).min(count);
        store
            .write(&UuidV7, instant(from, step), |tx| {
                for i in from..until {
                    journal::append(tx, sale(i))?;
                }
                Ok(())
            })
            .expect("journal");
    }
    store
}

/// Every entry's previous hash (raw) and canonical bytes, one after another, and where
/// each ends: what a verification must hash at the least.
fn hashed_bytes(entries: &[Stored]) -> (Vec<u8>, Vec<usize>) {
    let mut bytes = Vec::new();
    let mut ends = Vec::with_capacity(entries.len());
    for entry in entries {
        bytes.extend_from_slice(&parse_hash(&entry.prev_hash).expect("hash"));
        entry.canonical_into(&mut bytes);
        ends.push(bytes.len());
    }
    (bytes, ends)
}

fn verify(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = journal_of(dir.path(), VERIFY_ENTRIES);
    let entries = journal::stored_entries(store.conn()).expect("entries");
    let (bytes, ends) = hashed_bytes(&entries);
    let check = journal::verify(store.conn()).expect("verify");
    assert!(check.ok && check.entries == VERIFY_ENTRIES, "{check:?}");

    let mut group = c.benchmark_group("journal_verify_1m");
    group.sample_size(10);
    group.bench_function("verify_from_sqlite", |b| {
        b.iter(|| {
            let check = journal::verify(black_box(store.conn())).expect("verify");
            assert!(check.ok);
            check
        });
    });
    group.bench_function("verify_in_memory", |b| {
        b.iter(|| {
            let v = guichet_core::journal::verify(black_box(&entries), &[]);
            assert!(v.ok);
            v
        });
    });
    group.bench_function("baseline_bare_sha256", |b| {
        b.iter(|| {
            let mut start = 0;
            let mut last = [0u8; 32];
            for &end in &ends {
                last = Sha256::digest(bytes.get(start..end).unwrap_or_default()).into();
                start = end;
            }
            black_box(last)
        });
    });
    group.finish();
}

/// The baseline's table: the same sales, amounts as integer cents per method.
fn plain_table(store: &Store) {
    let conn = store.conn();
    conn.execute_batch(
        "CREATE TABLE plain_sales (at TEXT NOT NULL, method TEXT NOT NULL, cents INTEGER NOT NULL);
         CREATE INDEX plain_sales_at ON plain_sales (at);
         BEGIN;",
    )
    .expect("table");
    let rows: Vec<(String, String)> = {
        let mut statement = conn
            .prepare("SELECT at, amounts FROM journal")
            .expect("read");
        statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    for (at, amounts) in rows {
        for (method, amount) in Amounts::decode(&amounts).expect("amounts").iter() {
            conn.execute(
                "INSERT INTO plain_sales (at, method, cents) VALUES (?1, ?2, ?3)",
                (&at, method.code(), amount.to_cents().expect("cents")),
            )
            .expect("insert");
        }
    }
    conn.execute_batch("COMMIT").expect("commit");
}

fn closing(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = journal_of(dir.path(), SALES);
    plain_table(&store);
    let period = Period::Day(day());
    let (from, until) = period.instants().expect("period");
    let (from, until) = (
        guichet_core::journal::at_text(from),
        guichet_core::journal::at_text(until),
    );
    let evening = Utc
        .with_ymd_and_hms(2026, 7, 14, 20, 0, 0)
        .single()
        .expect("instant");

    let mut group = c.benchmark_group("journal_close_day_100k");
    group.sample_size(20);
    group.bench_function("close_day", |b| {
        b.iter(|| {
            // The closing is computed and written (entry and operation), then rolled
            // back so that the next iteration closes the same day again.
            let done = store.write(&UuidV7, evening, |tx| {
                let (closing, _) = journal::close(tx, period)?;
                assert_eq!(closing.entries, SALES);
                Err::<(), _>(guichet_app::error::AppError::input(closing.totals.encode()))
            });
            black_box(done)
        });
    });
    group.bench_function("baseline_plain_sum", |b| {
        b.iter(|| {
            let conn = store.conn();
            let mut statement = conn
                .prepare_cached(
                    "SELECT method, SUM(cents), COUNT(*) FROM plain_sales
                     WHERE at >= ?1 AND at < ?2 GROUP BY method",
                )
                .expect("sum");
            let rows: Vec<(String, i64, i64)> = statement
                .query_map([&from, &until], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .expect("rows")
                .collect::<Result<_, _>>()
                .expect("rows");
            black_box(rows)
        });
    });
    group.finish();
}

criterion_group!(benches, closing, verify);
criterion_main!(benches);
