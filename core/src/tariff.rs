//! Tariffs (rule P1) and the helpers a provider uses to enter a season quickly.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::bounds::{self, BoundError};
use crate::money::Money;
use crate::stay::{Stay, StayError};

/// The highest price one tariff may carry: the bound of every amount,
/// [`bounds::MAX_AMOUNT_CENTS`] (1 000 000,00 €). Bounding it keeps every stay
/// total exact in integer cents, whatever the stay's length.
pub const MAX_TARIFF_PRICE_CENTS: i64 = bounds::MAX_AMOUNT_CENTS;

/// "A stay starting on `start` and lasting exactly `nights` nights costs `price`" (P1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Tariff {
    #[serde(flatten)]
    stay: Stay,
    price: Money,
}

/// Why a tariff cannot exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TariffError {
    /// The tariff's stay is impossible (0 nights, beyond the calendar).
    #[error("tarif du {start} : {source}")]
    Stay {
        /// The tariff's start date.
        start: NaiveDate,
        /// What is wrong with its stay.
        source: StayError,
    },
    /// Negative price.
    #[error("tarif du {start} ({nights} nuits) : le prix {price} est négatif")]
    NegativePrice {
        /// The tariff's start date.
        start: NaiveDate,
        /// Its nights.
        nights: u32,
        /// The price given.
        price: Money,
    },
    /// Price above [`MAX_TARIFF_PRICE_CENTS`].
    #[error("tarif du {start} : le prix {price} dépasse 1 000 000,00 € : vérifiez-le")]
    PriceTooHigh {
        /// The tariff's start date.
        start: NaiveDate,
        /// The price given.
        price: Money,
    },
    /// Two tariffs for the same start and length, which would make the price ambiguous.
    #[error("deux tarifs pour un séjour du {start} de {nights} nuit(s) ({first} et {second}) : gardez-en un seul")]
    Duplicate {
        /// Shared start date.
        start: NaiveDate,
        /// Shared length.
        nights: u32,
        /// The first price.
        first: Money,
        /// The second price.
        second: Money,
    },
    /// A period beyond a sanity bound (dates 2000–2099, at most 5 years).
    #[error(transparent)]
    Bound(#[from] BoundError),
    /// A period whose end is not after its start.
    #[error("la période du {from} au {until} est vide : la fin doit suivre le début")]
    EmptyPeriod {
        /// First day.
        from: NaiveDate,
        /// Day after the last night.
        until: NaiveDate,
    },
}

impl Tariff {
    /// A tariff for `1 ≤ nights ≤ 1 096` nights from `start` (2000–2099) at
    /// `0 ≤ price ≤ 1 000 000,00 €`.
    pub fn new(start: NaiveDate, nights: u32, price: Money) -> Result<Tariff, TariffError> {
        let stay =
            Stay::new(start, nights).map_err(|source| TariffError::Stay { start, source })?;
        if price.is_negative() {
            return Err(TariffError::NegativePrice {
                start,
                nights,
                price,
            });
        }
        if price > Money::from_cents(MAX_TARIFF_PRICE_CENTS) {
            return Err(TariffError::PriceTooHigh { start, price });
        }
        Ok(Tariff { stay, price })
    }

    /// First night covered.
    pub fn start(&self) -> NaiveDate {
        self.stay.start()
    }

    /// Nights covered (≥ 1).
    pub fn nights(&self) -> u32 {
        self.stay.nights()
    }

    /// The price of the whole stay it covers.
    pub fn price(&self) -> Money {
        self.price
    }

    /// The stay this tariff prices.
    pub fn stay(&self) -> Stay {
        self.stay
    }

    /// Price in cents; bounded by the constructor, so it always fits.
    pub(crate) fn price_cents(&self) -> i64 {
        self.price.to_cents().unwrap_or(MAX_TARIFF_PRICE_CENTS)
    }
}

/// Wire form of a tariff (`{"start": DATE, "nights": N, "price": AMOUNT}`), validated
/// into a [`Tariff`] on the way in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TariffInput {
    /// First night.
    pub start: NaiveDate,
    /// Number of nights.
    pub nights: u32,
    /// Price of the whole stay.
    pub price: Money,
}

impl TryFrom<TariffInput> for Tariff {
    type Error = TariffError;

    fn try_from(input: TariffInput) -> Result<Tariff, TariffError> {
        Tariff::new(input.start, input.nights, input.price)
    }
}

/// The nights from `from` up to the day before `until`.
fn days(from: NaiveDate, until: NaiveDate) -> Result<impl Iterator<Item = NaiveDate>, TariffError> {
    if until <= from {
        return Err(TariffError::EmptyPeriod { from, until });
    }
    bounds::check_period(from, until)?;
    Ok(from.iter_days().take_while(move |day| *day < until))
}

/// "Every night from `from` to `until` at `price`": one one-night tariff per night
/// (`until` is the departure date, not a night).
pub fn every_night(
    from: NaiveDate,
    until: NaiveDate,
    price: Money,
) -> Result<Vec<Tariff>, TariffError> {
    days(from, until)?
        .map(|day| Tariff::new(day, 1, price))
        .collect()
}

/// "Weekly from `weekday`": a 7-night tariff at `price` starting on every `weekday`
/// of the period, each ending by `until`.
pub fn weekly(
    from: NaiveDate,
    until: NaiveDate,
    weekday: Weekday,
    price: Money,
) -> Result<Vec<Tariff>, TariffError> {
    package(from, until, 7, Some(weekday), price)
}

/// A package of `nights` nights at `price`, starting on every day of the period
/// (or only on `weekday`), each ending by `until`.
pub fn package(
    from: NaiveDate,
    until: NaiveDate,
    nights: u32,
    weekday: Option<Weekday>,
    price: Money,
) -> Result<Vec<Tariff>, TariffError> {
    let last_start = until.checked_sub_days(Days::new(u64::from(nights)));
    days(from, until)?
        .filter(|day| weekday.is_none_or(|w| day.weekday() == w))
        .filter(|day| last_start.is_some_and(|last| *day <= last))
        .map(|day| Tariff::new(day, nights, price))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn eur(s: &str) -> Money {
        s.parse().unwrap()
    }

    #[test]
    fn p1_a_tariff_has_at_least_one_night_and_a_price_of_zero_or_more() {
        assert!(Tariff::new(d("2026-07-04"), 7, eur("500")).is_ok());
        assert!(Tariff::new(d("2026-07-04"), 0, eur("500")).is_err());
        assert!(Tariff::new(d("2026-07-04"), 1, eur("-1")).is_err());
        assert!(Tariff::new(d("2026-07-04"), 1, eur("0")).is_ok());
        assert!(Tariff::new(d("2026-07-04"), 1, eur("1000000.00")).is_ok());
        assert!(matches!(
            Tariff::new(d("2026-07-04"), 1, Money::from_cents(100_000_001)),
            Err(TariffError::PriceTooHigh { .. })
        ));
    }

    #[test]
    fn bounds_a_tariff_starts_in_2000_to_2099_and_lasts_at_most_1096_nights() {
        assert!(matches!(
            Tariff::new(d("1999-07-01"), 1, eur("10")),
            Err(TariffError::Stay {
                source: StayError::Bound(BoundError::DateOutOfRange(_)),
                ..
            })
        ));
        assert!(matches!(
            Tariff::new(d("2026-07-01"), 12_345_678, eur("10")),
            Err(TariffError::Stay {
                source: StayError::Bound(BoundError::TooManyNights(_)),
                ..
            })
        ));
    }

    #[test]
    fn bounds_a_tariff_period_of_year_26_or_over_five_years_writes_nothing() {
        let year_26 = every_night(d("0026-07-01"), d("2026-07-01"), eur("80"));
        assert!(matches!(year_26, Err(TariffError::Bound(_))));
        let ten_thousand_years = package(d("2000-01-01"), d("2099-12-31"), 7, None, eur("80"));
        assert!(matches!(
            ten_thousand_years,
            Err(TariffError::Bound(BoundError::PeriodTooLong { .. }))
        ));
        let five_years = every_night(d("2026-01-01"), d("2031-01-01"), eur("80")).unwrap();
        assert_eq!(five_years.len(), 1_826);
    }

    #[test]
    fn p1_every_night_covers_each_night_of_the_period() {
        let tariffs = every_night(d("2026-07-01"), d("2026-07-04"), eur("80")).unwrap();
        let starts: Vec<_> = tariffs.iter().map(|t| t.start().to_string()).collect();
        assert_eq!(starts, ["2026-07-01", "2026-07-02", "2026-07-03"]);
        assert!(tariffs
            .iter()
            .all(|t| t.nights() == 1 && t.price() == eur("80")));
        assert!(every_night(d("2026-07-04"), d("2026-07-04"), eur("80")).is_err());
    }

    #[test]
    fn p1_weekly_tariffs_start_on_the_weekday_and_end_in_the_period() {
        // July 2026: Saturdays are the 4th, 11th, 18th, 25th.
        let weeks = weekly(d("2026-07-01"), d("2026-07-26"), Weekday::Sat, eur("500")).unwrap();
        let starts: Vec<_> = weeks.iter().map(|t| t.start().to_string()).collect();
        assert_eq!(starts, ["2026-07-04", "2026-07-11", "2026-07-18"]);
        assert!(weeks
            .iter()
            .all(|t| t.nights() == 7 && t.stay().end() <= d("2026-07-26")));
    }

    #[test]
    fn p1_a_package_starts_every_day_unless_a_weekday_is_named() {
        let weekends = package(d("2026-07-01"), d("2026-07-06"), 2, None, eur("150")).unwrap();
        assert_eq!(weekends.len(), 4);
        let fridays = package(
            d("2026-07-01"),
            d("2026-07-31"),
            2,
            Some(Weekday::Fri),
            eur("150"),
        )
        .unwrap();
        assert_eq!(fridays.len(), 4);
    }
}
