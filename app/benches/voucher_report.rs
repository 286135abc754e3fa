//! The voucher report (A8) over 100,000 vouchers — each sold, half of them redeemed,
//! one in a hundred redeemed twice — against a plain read of the same `voucher_events`
//! rows in the same run (the floor: SQLite hands every row over, nothing is folded).
//! Goal (issue 9): ≤ 500 ms.
//!
//! `cargo bench -p guichet-app --bench voucher_report`

#![allow(clippy::expect_used)]

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use guichet_app::App;
use rusqlite::Connection;

const VOUCHERS: u32 = 100_000;

struct Filled {
    _dir: tempfile::TempDir,
    app: App,
    plain: Connection,
}

/// A data dir holding `VOUCHERS` vouchers sold through 2026, written in one
/// transaction as the store writes them (the use cases would take an fsync each).
fn filled() -> Filled {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = App::open(dir.path()).expect("app");
    let product = app
        .add_product(
            "Balade à poney (1 h)",
            "25.00".parse().expect("price"),
            2000,
            &["till".to_owned()],
        )
        .expect("product")
        .id;
    let mut plain = Connection::open(dir.path().join("guichet.db")).expect("db");
    let tx = plain.transaction().expect("tx");
    {
        let mut voucher = tx
            .prepare(
                "INSERT INTO vouchers (id, code, amount, valid_until, method, sold_at, device_id)
                 VALUES (?1, ?2, ?3, '2027-12-31', 'cash', ?4, NULL)",
            )
            .expect("voucher");
        let mut linked = tx
            .prepare("INSERT INTO voucher_products (voucher_id, product_id) VALUES (?1, ?2)")
            .expect("link");
        let mut event = tx
            .prepare(
                "INSERT INTO voucher_events (id, code, kind, amount, forfeited, valid_until, at,
                 device_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .expect("event");
        for n in 0..VOUCHERS {
            let id = format!("00000000-0000-7000-8000-{n:012}");
            let code = format!("VBENCH{n:028}");
            let amount = format!("{}.00", 10 + n % 90);
            let sold_at = format!(
                "2026-{:02}-{:02}T{:02}:{:02}:00+00:00",
                1 + n % 12,
                1 + n % 28,
                8 + n % 10,
                n % 60
            );
            voucher
                .execute((&id, &code, &amount, &sold_at))
                .expect("voucher");
            linked.execute((&id, product.to_string())).expect("link");
            event
                .execute((
                    format!("{id}:s"),
                    &code,
                    "sold",
                    &amount,
                    None::<String>,
                    Some("2027-12-31"),
                    &sold_at,
                    None::<String>,
                ))
                .expect("sold");
            let redemptions = match n % 100 {
                0 => 2,
                r if r % 2 == 0 => 1,
                _ => 0,
            };
            for k in 0..redemptions {
                let at = format!("2026-12-{:02}T15:{:02}:00+00:00", 1 + n % 28, k);
                event
                    .execute((
                        format!("{id}:r{k}"),
                        &code,
                        "redeemed",
                        &amount,
                        Some("0.00"),
                        None::<String>,
                        &at,
                        Some("Caisse 1"),
                    ))
                    .expect("redeemed");
            }
        }
    }
    tx.commit().expect("commit");
    Filled {
        _dir: dir,
        app,
        plain,
    }
}

/// The floor: every row of the ledger read and handed over as text.
fn plain_read(conn: &Connection) -> usize {
    let mut statement = conn
        .prepare_cached(
            "SELECT code, kind, at, amount, forfeited, valid_until, device_name
             FROM voucher_events ORDER BY code, at, rowid",
        )
        .expect("select");
    let rows = statement
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })
        .expect("rows");
    let mut n = 0;
    for row in rows {
        black_box(row.expect("row"));
        n += 1;
    }
    n
}

fn report(c: &mut Criterion) {
    let f = filled();
    let (from, to) = (
        NaiveDate::from_ymd_opt(2026, 1, 1).expect("day"),
        NaiveDate::from_ymd_opt(2026, 12, 31).expect("day"),
    );
    let whole = f.app.voucher_report(from, to).expect("report");
    assert_eq!(whole.bought_count, VOUCHERS);
    assert_eq!(whole.vouchers.len(), VOUCHERS as usize);
    assert_eq!(whole.overdrawn.len(), (VOUCHERS / 100) as usize);
    let mut group = c.benchmark_group("voucher_report");
    group.sample_size(10);
    group.bench_function("report_100k_vouchers", |bench| {
        bench.iter(|| black_box(f.app.voucher_report(from, to).expect("report")))
    });
    group.bench_function("baseline_plain_select_voucher_events", |bench| {
        bench.iter(|| black_box(plain_read(&f.plain)))
    });
    group.finish();
}

criterion_group!(benches, report);
criterion_main!(benches);
