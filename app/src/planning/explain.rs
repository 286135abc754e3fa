//! Why the tariffs give no price for a stay, in the words of the trade: "ce gîte se
//! loue du samedi au samedi", with a stay that they do price nearby.

use chrono::{Datelike, Days, NaiveDate};
use guichet_core::calendar::french_weekday;
use guichet_core::{PricingMode, Stay, TariffGrid};

/// "26/11/2026".
fn date(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

fn nights(n: u32) -> String {
    format!("{n} nuit{}", if n > 1 { "s" } else { "" })
}

/// How far around the stay the explanation looks for the unit's pattern and an example.
const NEIGHBOURHOOD_DAYS: u64 = 62;

/// Why `grid` prices no stay `stay` in `mode`, and a stay nearby that it does price.
pub fn uncovered(grid: &TariffGrid, stay: Stay, mode: PricingMode) -> String {
    let start = stay.start();
    let from = start
        .checked_sub_days(Days::new(NEIGHBOURHOOD_DAYS))
        .unwrap_or(start);
    let until = start
        .checked_add_days(Days::new(NEIGHBOURHOOD_DAYS))
        .unwrap_or(start);
    let near: Vec<_> = grid
        .tariffs()
        .iter()
        .filter(|t| t.start() >= from && t.start() <= until)
        .collect();
    if near.is_empty() {
        return format!(
            "aucun tarif autour du {} : saisissez des tarifs (F6) pour ces dates",
            date(start)
        );
    }
    // The unit's pattern: every stay of the same length from the same weekday.
    let pattern = {
        let (day, length) = (near[0].start().weekday(), near[0].nights());
        near.iter()
            .all(|t| t.start().weekday() == day && t.nights() == length)
            .then_some((day, length))
    };
    let mut reason = match pattern {
        Some((day, 7)) => format!(
            "ce gîte se loue du {} au {}",
            french_weekday(day),
            french_weekday(day)
        ),
        Some((day, length)) => format!(
            "ce gîte se loue par séjours de {}, arrivée le {}",
            nights(length),
            french_weekday(day)
        ),
        None => {
            let lengths = grid.lengths_from(start);
            if lengths.is_empty() {
                format!(
                    "aucun séjour ne commence le {} {}",
                    french_weekday(start.weekday()),
                    date(start)
                )
            } else {
                let list: Vec<String> = lengths.iter().map(|n| nights(*n)).collect();
                format!(
                    "depuis le {}, les tarifs proposent des séjours de {}, pas de {}",
                    date(start),
                    list.join(" ou "),
                    nights(stay.nights())
                )
            }
        }
    };
    if let Some((example, price)) = example(grid, start, until, mode) {
        reason.push_str(&format!(
            " : par exemple du {} {} au {} {} ({})",
            french_weekday(example.start().weekday()),
            date(example.start()),
            french_weekday(example.end().weekday()),
            date(example.end()),
            price.to_french()
        ));
    }
    reason
}

/// The first stay from `start` on (or just before) that the tariffs price: the
/// shortest tariff of the first arrival day.
fn example(
    grid: &TariffGrid,
    start: NaiveDate,
    until: NaiveDate,
    mode: PricingMode,
) -> Option<(Stay, guichet_core::Money)> {
    let first = start.checked_sub_days(Days::new(6)).unwrap_or(start);
    first
        .iter_days()
        .take_while(|d| *d <= until)
        .find_map(|day| {
            let length = *grid.lengths_from(day).first()?;
            let stay = Stay::new(day, length).ok()?;
            grid.quote(stay, mode).map(|q| (stay, q.total))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichet_core::Tariff;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    fn weekly() -> TariffGrid {
        // Saturdays 04/07 to 29/08/2026, 650 € the week, no nightly price.
        let tariffs = day("2026-07-04")
            .iter_days()
            .step_by(7)
            .take(9)
            .map(|d| {
                Tariff::new(d, 7, "650".parse().unwrap_or_default())
                    .unwrap_or_else(|_| unreachable!())
            })
            .collect();
        TariffGrid::new(tariffs).unwrap_or_default()
    }

    #[test]
    fn p1_a_weekly_gite_says_saturday_to_saturday_and_shows_a_week_it_prices() {
        let stay = Stay::new(day("2026-07-08"), 3).unwrap_or_else(|_| unreachable!());
        let text = uncovered(&weekly(), stay, PricingMode::Priority);
        assert!(
            text.starts_with("ce gîte se loue du samedi au samedi"),
            "{text}"
        );
        assert!(
            text.contains("du samedi 04/07/2026 au samedi 11/07/2026 (650,00 €)"),
            "{text}"
        );
    }

    #[test]
    fn p1_no_tariff_nearby_asks_for_tariffs() {
        let stay = Stay::new(day("2027-02-01"), 2).unwrap_or_else(|_| unreachable!());
        let text = uncovered(&weekly(), stay, PricingMode::Priority);
        assert!(text.contains("saisissez des tarifs (F6)"), "{text}");
    }
}
