//! French display of civil dates and instants (`26/11/2026`, `19:05`).

use chrono::{DateTime, NaiveDate, Utc};

/// `26/11/2026`.
pub fn french_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// `26/11/2026 19:05 UTC`: instants are shown in UTC by the core; the window shows
/// them in the provider's zone.
pub fn french_instant(instant: DateTime<Utc>) -> String {
    instant.format("%d/%m/%Y %H:%M UTC").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_day_month_year() {
        assert_eq!(french_date("2026-11-26".parse().unwrap()), "26/11/2026");
        let instant = "2026-11-26T19:05:00Z".parse().unwrap();
        assert_eq!(french_instant(instant), "26/11/2026 19:05 UTC");
    }
}
