//! A stay: an arrival date and a number of nights (civil dates, no time zone).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::bounds::{self, BoundError};

/// A stay of `nights ≥ 1` nights from the arrival date `start`; the departure
/// date is `start + nights`. No setting caps its length (rule P5); only the sanity
/// bounds of [`crate::bounds`] apply: at most 1 096 nights, dates in 2000–2099.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stay {
    start: NaiveDate,
    nights: u32,
}

/// Why a stay cannot exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StayError {
    /// Zero nights.
    #[error("un séjour dure au moins une nuit")]
    NoNight,
    /// The departure date is beyond the calendar the application handles.
    #[error("le séjour se termine au-delà du calendrier géré (an 262143)")]
    BeyondCalendar,
    /// Beyond a sanity bound (dates 2000–2099, at most 1 096 nights).
    #[error(transparent)]
    Bound(#[from] BoundError),
    /// The departure is not after the arrival.
    #[error("la date de départ ({departure}) doit suivre la date d'arrivée ({arrival})")]
    DepartureNotAfterArrival {
        /// Arrival date.
        arrival: NaiveDate,
        /// Departure date.
        departure: NaiveDate,
    },
}

impl Stay {
    /// A stay of `nights` nights from `start`.
    pub fn new(start: NaiveDate, nights: u32) -> Result<Stay, StayError> {
        if nights == 0 {
            return Err(StayError::NoNight);
        }
        bounds::check_date(start)?;
        bounds::check_nights(nights)?;
        let end = start
            .checked_add_days(Days::new(u64::from(nights)))
            .ok_or(StayError::BeyondCalendar)?;
        bounds::check_departure(end)?;
        Ok(Stay { start, nights })
    }

    /// The stay from `arrival` to `departure` (exclusive).
    pub fn between(arrival: NaiveDate, departure: NaiveDate) -> Result<Stay, StayError> {
        let nights = (departure - arrival).num_days();
        if nights <= 0 {
            return Err(StayError::DepartureNotAfterArrival { arrival, departure });
        }
        let nights = u32::try_from(nights)
            .map_err(|_| StayError::Bound(BoundError::TooManyNights(nights.unsigned_abs())))?;
        Stay::new(arrival, nights)
    }

    /// Arrival date: the first night.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// Number of nights.
    pub fn nights(&self) -> u32 {
        self.nights
    }

    /// Departure date (the morning after the last night).
    pub fn end(&self) -> NaiveDate {
        // The constructor checked that the departure date exists.
        self.start + Days::new(u64::from(self.nights))
    }

    /// True when the two stays share at least one night.
    pub fn overlaps(&self, other: &Stay) -> bool {
        self.start < other.end() && other.start < self.end()
    }

    /// True when `night` is one of the stay's nights.
    pub fn contains_night(&self, night: NaiveDate) -> bool {
        self.start <= night && night < self.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn p5_a_stay_has_no_maximum_length_setting_only_a_sanity_bound() {
        let long = Stay::new(d("2026-01-01"), 1_096).unwrap();
        assert_eq!(long.end(), d("2029-01-01"));
        assert_eq!(Stay::new(d("2026-01-01"), 0), Err(StayError::NoNight));
        assert_eq!(
            Stay::new(d("2026-01-01"), 1_097),
            Err(StayError::Bound(BoundError::TooManyNights(1_097)))
        );
        assert_eq!(
            Stay::new(d("2026-01-01"), 90_000_000),
            Err(StayError::Bound(BoundError::TooManyNights(90_000_000)))
        );
    }

    #[test]
    fn bounds_a_stay_is_in_the_years_2000_to_2099() {
        assert!(matches!(
            Stay::new(d("0026-07-01"), 1),
            Err(StayError::Bound(BoundError::DateOutOfRange(_)))
        ));
        assert!(Stay::new(d("1999-12-31"), 1).is_err());
        assert!(Stay::new(NaiveDate::MAX, 1).is_err());
        assert_eq!(
            Stay::new(d("2099-12-31"), 1).unwrap().end(),
            d("2100-01-01")
        );
        assert!(Stay::new(d("2099-12-31"), 2).is_err());
        assert!(Stay::between(d("2026-01-01"), d("2099-01-01")).is_err());
    }

    #[test]
    fn departure_day_is_free_for_the_next_arrival() {
        let a = Stay::new(d("2026-07-01"), 7).unwrap();
        let b = Stay::new(d("2026-07-08"), 7).unwrap();
        let c = Stay::new(d("2026-07-07"), 2).unwrap();
        assert!(!a.overlaps(&b) && !b.overlaps(&a));
        assert!(a.overlaps(&c) && c.overlaps(&b));
        assert!(a.contains_night(d("2026-07-07")) && !a.contains_night(d("2026-07-08")));
    }

    #[test]
    fn between_counts_nights() {
        assert_eq!(
            Stay::between(d("2026-07-01"), d("2026-07-08"))
                .unwrap()
                .nights(),
            7
        );
        assert!(Stay::between(d("2026-07-08"), d("2026-07-08")).is_err());
    }
}
