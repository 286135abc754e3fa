//! An invoice issued durably (B3): its number taken, its PDF rendered (fonts subset),
//! hashed and stored with its outbox operation in one `synchronous=FULL` transaction —
//! against a bare fsync'd SQLite insert measured in the same run on the same disk.
//! Latencies (p50/p99) of 500 invoices, taken in turn with 500 bare inserts, written to
//! `target/criterion/invoice-latency.json` for docs/benchmarks.md; goal p99 ≤ 50 ms.
//!
//! `cargo bench -p guichet-app --bench invoice`

#![allow(clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use guichet_app::App;
use guichet_core::contact::Contact;
use guichet_core::Stay;
use uuid::Uuid;

mod common;
use common::bare;

/// Bookings to invoice: one night each, in turn over `units`.
struct Office {
    _dir: tempfile::TempDir,
    app: App,
    units: Vec<Uuid>,
    next: usize,
}

impl Office {
    fn new() -> Office {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut app = App::open(dir.path()).expect("app");
        app.set_provider_name("Les Gîtes du Vallon").expect("name");
        let units = (0..20)
            .map(|i| app.add_unit(&format!("Gîte {i}"), 4).expect("unit").id)
            .collect();
        Office {
            _dir: dir,
            app,
            units,
            next: 0,
        }
    }

    /// A new booking, not invoiced yet.
    fn booking(&mut self) -> Uuid {
        let n = self.next;
        self.next += 1;
        let unit = self.units[n % self.units.len()];
        let day = NaiveDate::from_ymd_opt(2027, 1, 1).expect("day")
            + chrono::Duration::days(i64::try_from(n / self.units.len()).expect("n"));
        let guest = Contact::new("Marie Dupont", Some("marie@exemple.fr"), None).expect("guest");
        self.app
            .book(
                unit,
                Stay::new(day, 1).expect("stay"),
                guest,
                Some("110.00".parse().expect("price")),
                None,
            )
            .expect("booking")
            .id
    }
}

fn percentile(sorted: &[Duration], p: usize) -> u128 {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)].as_micros()
}

fn invoices(c: &mut Criterion) {
    let mut o = Office::new();
    let mut b = bare();
    for _ in 0..20 {
        let booking = o.booking();
        o.app.issue_invoice(booking).expect("invoice");
    }
    b.warm();
    let (mut times, mut bare_times) = (Vec::new(), Vec::new());
    for _ in 0..500 {
        let booking = o.booking();
        let start = Instant::now();
        black_box(o.app.issue_invoice(booking).expect("invoice"));
        times.push(start.elapsed());
        let start = Instant::now();
        b.insert();
        bare_times.push(start.elapsed());
    }
    times.sort();
    bare_times.sort();
    let (p50, p99) = (percentile(&times, 50), percentile(&times, 99));
    let (bare_p50, bare_p99) = (percentile(&bare_times, 50), percentile(&bare_times, 99));
    let _ = std::fs::create_dir_all("../target/criterion");
    let _ = std::fs::write(
        "../target/criterion/invoice-latency.json",
        format!(
            "{{\"invoice_p50_us\": {p50}, \"invoice_p99_us\": {p99}, \"bare_p50_us\": {bare_p50}, \"bare_p99_us\": {bare_p99}}}"
        ),
    );
    let mut group = c.benchmark_group("invoice_durable");
    group.sample_size(20);
    group.bench_function("invoice_issued_with_its_pdf", |bench| {
        // Each invoice needs a booking of its own, made outside the time measured.
        bench.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let booking = o.booking();
                let start = Instant::now();
                black_box(o.app.issue_invoice(booking).expect("invoice"));
                total += start.elapsed();
            }
            total
        })
    });
    group.bench_function("baseline_bare_fsync_insert", |bench| {
        bench.iter(|| b.insert())
    });
    group.finish();
}

criterion_group!(benches, invoices);
criterion_main!(benches);
