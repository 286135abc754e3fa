//! Rule tests P2–P5 and the laws of stay pricing.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::tariff::{every_night, weekly};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn eur(s: &str) -> Money {
    s.parse().unwrap()
}

fn t(start: &str, nights: u32, price: &str) -> Tariff {
    Tariff::new(d(start), nights, eur(price)).unwrap()
}

fn grid(tariffs: Vec<Tariff>) -> TariffGrid {
    TariffGrid::new(tariffs).unwrap()
}

fn lengths(quote: &Quote) -> Vec<u32> {
    quote.parts.iter().map(Tariff::nights).collect()
}

/// 1-night tariffs at 100 € and 2-night tariffs at 150 € on every day of July.
fn ones_and_twos() -> TariffGrid {
    let mut tariffs = every_night(d("2026-07-01"), d("2026-08-01"), eur("100")).unwrap();
    tariffs.extend(
        crate::tariff::package(d("2026-07-01"), d("2026-08-01"), 2, None, eur("150")).unwrap(),
    );
    grid(tariffs)
}

#[test]
fn p1_a_unit_is_bookable_only_if_tariffs_cover_every_night() {
    let g = grid(vec![t("2026-07-01", 2, "150"), t("2026-07-04", 1, "80")]);
    let stay = |from, n| Stay::new(d(from), n).unwrap();
    assert!(g
        .quote(stay("2026-07-01", 2), PricingMode::Priority)
        .is_some());
    // The night of the 3rd has no tariff: 3 or 4 nights from the 1st are not bookable.
    assert_eq!(g.quote(stay("2026-07-01", 3), PricingMode::Priority), None);
    assert_eq!(g.quote(stay("2026-07-01", 4), PricingMode::Cheapest), None);
    // A 1-night stay cannot be carved out of a 2-night tariff.
    assert_eq!(g.quote(stay("2026-07-01", 1), PricingMode::Cheapest), None);
    assert_eq!(g.quote(stay("2026-06-30", 1), PricingMode::Cheapest), None);
    assert_eq!(
        TariffGrid::default().quote(stay("2026-07-01", 1), PricingMode::Priority),
        None
    );
}

#[test]
fn p2_exact_duration_tariff_wins_even_when_dearer() {
    let mut tariffs = every_night(d("2026-07-01"), d("2026-07-08"), eur("50")).unwrap();
    tariffs.push(t("2026-07-01", 7, "500"));
    let quote = grid(tariffs)
        .quote(
            Stay::new(d("2026-07-01"), 7).unwrap(),
            PricingMode::Priority,
        )
        .unwrap();
    assert_eq!(quote.total, eur("500"));
    assert_eq!(lengths(&quote), [7]);
}

#[test]
fn p2_one_night_tariffs_win_over_other_chains_the_faq_example() {
    // FAQ: with 1- and 2-night tariffs, a 4-night stay is four 1-night tariffs;
    // the two 2-night tariffs (300 € instead of 400 €) are not considered.
    let quote = ones_and_twos()
        .quote(
            Stay::new(d("2026-07-10"), 4).unwrap(),
            PricingMode::Priority,
        )
        .unwrap();
    assert_eq!(quote.total, eur("400"));
    assert_eq!(lengths(&quote), [1, 1, 1, 1]);
}

#[test]
fn p2_other_chains_take_the_cheapest_deterministically() {
    // No 5-night tariff, no 1-night tariff on the 3rd: step 3 decides.
    let g = grid(vec![
        t("2026-07-01", 1, "100"),
        t("2026-07-02", 1, "100"),
        t("2026-07-01", 2, "180"),
        t("2026-07-03", 3, "240"),
        t("2026-07-03", 2, "100"),
        t("2026-07-05", 1, "90"),
    ]);
    let quote = g
        .quote(
            Stay::new(d("2026-07-01"), 5).unwrap(),
            PricingMode::Priority,
        )
        .unwrap();
    // Chains: 1+1+3 (440), 2+3 (420), 1+1+2+1 (390), 2+2+1 (370).
    assert_eq!(quote.total, eur("370"));
    assert_eq!(lengths(&quote), [2, 2, 1]);
}

#[test]
fn p3_cheapest_mode_ignores_the_priority_order() {
    let quote = ones_and_twos()
        .quote(
            Stay::new(d("2026-07-10"), 4).unwrap(),
            PricingMode::Cheapest,
        )
        .unwrap();
    assert_eq!(quote.total, eur("300"));
    assert_eq!(lengths(&quote), [2, 2]);
    let mut tariffs = every_night(d("2026-07-01"), d("2026-07-08"), eur("50")).unwrap();
    tariffs.push(t("2026-07-01", 7, "500"));
    let week = grid(tariffs)
        .quote(
            Stay::new(d("2026-07-01"), 7).unwrap(),
            PricingMode::Cheapest,
        )
        .unwrap();
    assert_eq!(week.total, eur("350"));
}

#[test]
fn p3_ties_go_to_fewest_tariffs_then_longest_first() {
    let g = grid(vec![
        t("2026-07-01", 1, "50"),
        t("2026-07-02", 1, "50"),
        t("2026-07-03", 1, "50"),
        t("2026-07-01", 2, "100"),
        t("2026-07-02", 2, "100"),
        t("2026-07-03", 2, "100"),
    ]);
    let three = Stay::new(d("2026-07-01"), 3).unwrap();
    // 1+1+1, 2+1 and 1+2 all cost 150 €: fewest tariffs, then the longest first.
    assert_eq!(
        lengths(&g.quote(three, PricingMode::Cheapest).unwrap()),
        [2, 1]
    );
    assert_eq!(lengths(&g.cheapest_by_enumeration(three).unwrap()), [2, 1]);
}

#[test]
fn p4_a_stay_straddling_two_weeks_pays_each_week() {
    let g = grid(vec![t("2026-07-04", 7, "500"), t("2026-07-11", 7, "600")]);
    for mode in [PricingMode::Priority, PricingMode::Cheapest] {
        let quote = g
            .quote(Stay::new(d("2026-07-04"), 14).unwrap(), mode)
            .unwrap();
        assert_eq!(quote.total, eur("1100"));
        assert_eq!(lengths(&quote), [7, 7]);
    }
}

#[test]
fn p4_a_stay_straddling_two_nightly_prices_pays_each_night() {
    let g = grid(vec![t("2026-07-01", 1, "100"), t("2026-07-02", 1, "150")]);
    let quote = g
        .quote(
            Stay::new(d("2026-07-01"), 2).unwrap(),
            PricingMode::Priority,
        )
        .unwrap();
    assert_eq!(quote.total, eur("250"));
}

#[test]
fn p5_no_maximum_stay_a_whole_year_is_priced() {
    let g = grid(
        weekly(
            d("2026-01-03"),
            d("2027-01-10"),
            chrono::Weekday::Sat,
            eur("700.10"),
        )
        .unwrap(),
    );
    let year = Stay::new(d("2026-01-03"), 52 * 7).unwrap();
    for mode in [PricingMode::Priority, PricingMode::Cheapest] {
        let quote = g.quote(year, mode).unwrap();
        assert_eq!(quote.total, eur("36405.20"));
        assert_eq!(quote.parts.len(), 52);
    }
}

#[test]
fn p1_duplicate_tariffs_are_refused_with_both_prices() {
    let err =
        TariffGrid::new(vec![t("2026-07-01", 2, "150"), t("2026-07-01", 2, "160")]).unwrap_err();
    assert!(
        err.to_string().contains("150.00") && err.to_string().contains("160.00"),
        "{err}"
    );
}

/// Random tariffs over a fortnight, lengths 1 to 6, prices in cents.
fn tariffs_strategy() -> impl Strategy<Value = Vec<Tariff>> {
    proptest::collection::btree_map((0u32..14, 1u32..7), 0i64..50_000, 0..40).prop_map(|map| {
        map.into_iter()
            .map(|((day, nights), cents)| {
                let start = d("2026-07-01") + chrono::Days::new(u64::from(day));
                Tariff::new(start, nights, Money::from_cents(cents)).unwrap()
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn p3_cheapest_price_is_never_above_the_priority_price(
        tariffs in tariffs_strategy(), day in 0u64..10, nights in 1u32..10,
    ) {
        let g = grid(tariffs);
        let stay = Stay::new(d("2026-07-01") + chrono::Days::new(day), nights).unwrap();
        let priority = g.quote(stay, PricingMode::Priority);
        let cheapest = g.quote(stay, PricingMode::Cheapest);
        // Both modes agree on availability (P1), and cheapest never costs more.
        prop_assert_eq!(priority.is_some(), cheapest.is_some());
        if let (Some(p), Some(c)) = (priority, cheapest) {
            prop_assert!(c.total <= p.total, "cheapest {} > priority {}", c.total, p.total);
        }
    }

    #[test]
    fn p3_shortest_path_equals_enumerating_every_chain(
        tariffs in tariffs_strategy(), day in 0u64..10, nights in 1u32..10,
    ) {
        let g = grid(tariffs);
        let stay = Stay::new(d("2026-07-01") + chrono::Days::new(day), nights).unwrap();
        prop_assert_eq!(g.quote(stay, PricingMode::Cheapest), g.cheapest_by_enumeration(stay));
    }

    #[test]
    fn p1_a_priced_chain_covers_exactly_the_stay_and_cents_are_exact(
        tariffs in tariffs_strategy(), day in 0u64..10, nights in 1u32..10,
        cheapest in any::<bool>(),
    ) {
        let g = grid(tariffs);
        let stay = Stay::new(d("2026-07-01") + chrono::Days::new(day), nights).unwrap();
        let mode = if cheapest { PricingMode::Cheapest } else { PricingMode::Priority };
        if let Some(quote) = g.quote(stay, mode) {
            let mut next = stay.start();
            for part in &quote.parts {
                prop_assert_eq!(part.start(), next);
                prop_assert!(g.tariffs().contains(part));
                next = part.stay().end();
            }
            prop_assert_eq!(next, stay.end());
            let cents: i64 = quote.parts.iter().map(|p| p.price().to_cents().unwrap()).sum();
            prop_assert_eq!(quote.total, Money::from_cents(cents));
            prop_assert_eq!(quote.total.as_decimal().scale(), 2);
        }
    }
}
