//! Stay pricing benchmarks (issue 2, P2/P3), each against the old tools' step 3 —
//! enumerating every chain of tariffs — measured in the same run.
//!
//! Tariffs of lengths {1–7, 10, 14, 28} start on every day. Run with
//! `cargo bench -p guichet-core --bench pricing`; `scripts/bench-report.py` writes
//! the results to docs/benchmarks.md.

use std::hint::black_box;

use chrono::{Datelike, Days, NaiveDate};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use guichet_core::{Money, PricingMode, Stay, Tariff, TariffGrid};

const LENGTHS: [u32; 10] = [1, 2, 3, 4, 5, 6, 7, 10, 14, 28];

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
}

/// `days` days of tariffs from 2026-01-01 for unit number `unit`: a nightly price that
/// moves with the season and the weekday, longer stays a little cheaper per night.
fn season(unit: u64, days: u64) -> TariffGrid {
    let mut tariffs = Vec::new();
    for offset in 0..days {
        let day = first_day() + Days::new(offset);
        let season = if matches!(day.month(), 7 | 8) {
            4_000
        } else {
            0
        };
        let weekend = if day.weekday().number_from_monday() >= 5 {
            1_500
        } else {
            0
        };
        let night = 6_000
            + season
            + weekend
            + i64::try_from(unit % 7).unwrap_or(0) * 500
            + i64::try_from(offset % 3).unwrap_or(0) * 100;
        for nights in LENGTHS {
            let n = i64::from(nights);
            let price = Money::from_cents(night * n * (100 - 2 * (n - 1).min(20)) / 100);
            if let Ok(tariff) = Tariff::new(day, nights, price) {
                tariffs.push(tariff);
            }
        }
    }
    TariffGrid::new(tariffs).unwrap_or_default()
}

fn quotes(c: &mut Criterion) {
    let grid = season(0, 400);
    let mut group = c.benchmark_group("quote");
    group.sample_size(10);
    for nights in [7, 14, 28] {
        let Ok(stay) = Stay::new(
            NaiveDate::from_ymd_opt(2026, 7, 3).unwrap_or_default(),
            nights,
        ) else {
            continue;
        };
        group.bench_with_input(BenchmarkId::new("priority", nights), &stay, |b, &stay| {
            b.iter(|| grid.quote(black_box(stay), PricingMode::Priority))
        });
        group.bench_with_input(BenchmarkId::new("cheapest", nights), &stay, |b, &stay| {
            b.iter(|| grid.quote(black_box(stay), PricingMode::Cheapest))
        });
        group.bench_with_input(
            BenchmarkId::new("baseline_enumeration", nights),
            &stay,
            |b, &stay| b.iter(|| grid.cheapest_by_enumeration(black_box(stay))),
        );
    }
    group.finish();
}

/// 1,000 units × 365 arrival dates × 7 nights, one core.
fn season_search(c: &mut Criterion) {
    let grids: Vec<TariffGrid> = (0..1000).map(|unit| season(unit, 372)).collect();
    let arrivals: Vec<Stay> = (0..365)
        .filter_map(|offset| Stay::new(first_day() + Days::new(offset), 7).ok())
        .collect();
    let mut group = c.benchmark_group("season_search_1000x365x7");
    group.sample_size(10);
    let search = |mode: Option<PricingMode>| {
        let mut available = 0usize;
        for grid in &grids {
            for &stay in &arrivals {
                let quote = match mode {
                    Some(mode) => grid.quote(black_box(stay), mode),
                    None => grid.cheapest_by_enumeration(black_box(stay)),
                };
                available += usize::from(quote.is_some());
            }
        }
        available
    };
    group.bench_function("priority", |b| {
        b.iter(|| search(Some(PricingMode::Priority)))
    });
    group.bench_function("cheapest", |b| {
        b.iter(|| search(Some(PricingMode::Cheapest)))
    });
    group.bench_function("baseline_enumeration", |b| b.iter(|| search(None)));
    group.finish();
}

criterion_group!(benches, quotes, season_search);
criterion_main!(benches);
