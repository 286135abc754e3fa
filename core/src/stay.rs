//! A stay: an arrival date and a number of nights (civil dates, no time zone).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// A stay of `nights ≥ 1` nights from the arrival date `start`; the departure
/// date is `start + nights`. There is no maximum length (rule P5).
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
        start
            .checked_add_days(Days::new(u64::from(nights)))
            .ok_or(StayError::BeyondCalendar)?;
        Ok(Stay { start, nights })
    }

    /// The stay from `arrival` to `departure` (exclusive).
    pub fn between(arrival: NaiveDate, departure: NaiveDate) -> Result<Stay, StayError> {
        let nights = (departure - arrival).num_days();
        if nights <= 0 {
            return Err(StayError::DepartureNotAfterArrival { arrival, departure });
        }
        Stay::new(
            arrival,
            u32::try_from(nights).map_err(|_| StayError::BeyondCalendar)?,
        )
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
    fn p5_a_stay_has_no_maximum_length() {
        let long = Stay::new(d("2026-01-01"), 3650).unwrap();
        assert_eq!(long.end(), d("2035-12-30"));
        assert_eq!(Stay::new(d("2026-01-01"), 0), Err(StayError::NoNight));
        assert_eq!(Stay::new(NaiveDate::MAX, 1), Err(StayError::BeyondCalendar));
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
