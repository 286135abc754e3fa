//! French display of civil dates and instants (`26/11/2026`, `19:05`).

use chrono::{DateTime, NaiveDate, Utc};

/// `26/11/2026`.
pub fn french_date(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// `26/11/2026 20:05`: an instant in the provider's zone (Europe/Paris), as the
/// window and every message show it.
pub fn french_instant(instant: DateTime<Utc>) -> String {
    instant
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// `1 nuit`, `3 nuits`: a count with its noun in the right number (French: 0 and 1
/// take the singular).
pub fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n <= 1 { one } else { many })
}

/// The French name of a day of the week: "samedi".
pub fn french_weekday(day: chrono::Weekday) -> &'static str {
    match day {
        chrono::Weekday::Mon => "lundi",
        chrono::Weekday::Tue => "mardi",
        chrono::Weekday::Wed => "mercredi",
        chrono::Weekday::Thu => "jeudi",
        chrono::Weekday::Fri => "vendredi",
        chrono::Weekday::Sat => "samedi",
        chrono::Weekday::Sun => "dimanche",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_day_month_year() {
        assert_eq!(french_date("2026-11-26".parse().unwrap()), "26/11/2026");
        // Winter: UTC+1; summer: UTC+2.
        let instant = "2026-11-26T19:05:00Z".parse().unwrap();
        assert_eq!(french_instant(instant), "26/11/2026 20:05");
        let summer = "2026-07-14T18:30:00Z".parse().unwrap();
        assert_eq!(french_instant(summer), "14/07/2026 20:30");
        assert_eq!(plural(1, "nuit", "nuits"), "1 nuit");
        assert_eq!(plural(3, "nuit", "nuits"), "3 nuits");
    }
}
