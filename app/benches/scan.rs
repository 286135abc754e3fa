//! Scan → durable verdict (T5), against a bare fsync'd SQLite insert measured in the
//! same run on the same disk. Criterion measures the mean; a plain loop of 2,000 of
//! each records every latency for p50/p99, written to
//! `target/criterion/scan-latency.json` for docs/benchmarks.md.
//!
//! `cargo bench -p guichet-app --bench scan`

#![allow(clippy::expect_used)]

use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use guichet_app::App;

mod common;
use common::{bare, latencies};

struct Gate {
    _dir: tempfile::TempDir,
    app: App,
    session: uuid::Uuid,
    codes: Vec<String>,
}

fn gate() -> Gate {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut app = App::open(dir.path()).expect("app");
    let organizer = app.add_organizer("Bench").expect("organizer");
    let event = app.add_event("Bench").expect("event");
    app.add_ticket_product(
        event,
        "Billet",
        "Bench",
        organizer,
        "10".parse().expect("price"),
    )
    .expect("product");
    let starts = Utc
        .with_ymd_and_hms(2026, 7, 14, 18, 0, 0)
        .single()
        .expect("instant");
    let session = app.add_session(event, starts, 100_000).expect("session").id;
    let mut codes = Vec::new();
    for _ in 0..20 {
        codes.extend(
            app.issue_tickets(session, None, 100, "Bench")
                .expect("tickets")
                .codes,
        );
    }
    Gate {
        _dir: dir,
        app,
        session,
        codes,
    }
}

fn scans(c: &mut Criterion) {
    let mut g = gate();
    let mut b = bare();
    let (session, codes) = (g.session, g.codes.clone());
    // Warm-up: both write-ahead logs grow to their checkpoint size once (see
    // `Bare::warm`); the gate's scans of these codes are later scans of the same
    // tickets (already scanned), as at a gate re-scanning.
    for i in 0..300 {
        g.app
            .scan(session, &codes[i % codes.len()], "bench")
            .expect("scan");
    }
    b.warm();
    let (scan_p50, scan_p99) = latencies(|i| {
        black_box(
            g.app
                .scan(session, &codes[i % codes.len()], "bench")
                .expect("scan"),
        );
    });
    let (bare_p50, bare_p99) = latencies(|_| b.insert());
    let _ = std::fs::create_dir_all("../target/criterion");
    let _ = std::fs::write(
        "../target/criterion/scan-latency.json",
        format!("{{\"scan_p50_us\": {scan_p50}, \"scan_p99_us\": {scan_p99}, \"bare_p50_us\": {bare_p50}, \"bare_p99_us\": {bare_p99}}}"),
    );
    let mut group = c.benchmark_group("scan_durable");
    group.sample_size(50);
    let mut i = 0;
    group.bench_function("scan_to_durable_verdict", |bench| {
        bench.iter(|| {
            i += 1;
            g.app
                .scan(session, &codes[i % codes.len()], "bench")
                .expect("scan")
        })
    });
    group.bench_function("baseline_bare_fsync_insert", |bench| {
        bench.iter(|| b.insert())
    });
    group.finish();
}

criterion_group!(benches, scans);
criterion_main!(benches);
