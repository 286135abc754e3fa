//! The bounds every input is held to, defined once here and used everywhere (issue 6,
//! section 5): a value beyond one is bad input (exit 2), and each message states the
//! bound. These are sanity bounds, not settings: rule P5 forbids a *setting* that caps
//! stays, and no provider's real stay, season or price comes near them.

use std::borrow::Cow;

use chrono::{Datelike, NaiveDate};

/// The first year a date may be in.
pub const MIN_YEAR: i32 = 2000;
/// The last year a date may be in.
pub const MAX_YEAR: i32 = 2099;
/// The most nights one stay (or one tariff) may last: three years.
pub const MAX_STAY_NIGHTS: u32 = 1_096;
/// The longest period a tariff plan may cover, in days: five years (5 × 366).
pub const MAX_TARIFF_PERIOD_DAYS: u32 = 1_830;
/// The largest amount, in cents: 1 000 000,00 €.
pub const MAX_AMOUNT_CENTS: i64 = 100_000_000;
/// The largest quantity (tickets in one sale, and the like).
pub const MAX_QUANTITY: u32 = 10_000;
/// The most characters in a name (a person, a unit, an event, a product).
pub const MAX_NAME_CHARS: usize = 200;
/// The largest file of our own that is read (tariff files, imports): 10 Mo.
pub const MAX_INPUT_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// The most rows one write may create (a tariff plan, an import).
pub const MAX_ROWS_PER_WRITE: usize = 10_000;
/// The most characters in an e-mail address (RFC 5321).
pub const MAX_EMAIL_CHARS: usize = 254;
/// The fewest digits in a phone number.
pub const MIN_PHONE_DIGITS: usize = 6;
/// The most digits in a phone number.
pub const MAX_PHONE_DIGITS: usize = 20;

/// A value beyond one of the bounds; the message states the bound and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BoundError {
    /// A text that is not exactly `YYYY-MM-DD`.
    #[error("« {0} » n'est pas une date : écrivez-la AAAA-MM-JJ avec l'année sur 4 chiffres (exemple : 2026-07-01)")]
    NotADate(String),
    /// A date outside the years [`MIN_YEAR`]–[`MAX_YEAR`].
    #[error("la date {0} est hors des années 2000 à 2099 que Guichet gère : vérifiez l'année")]
    DateOutOfRange(NaiveDate),
    /// More nights than [`MAX_STAY_NIGHTS`].
    #[error("{0} nuits : un séjour ou un tarif dure au plus 1 096 nuits (3 ans) ; vérifiez le nombre de nuits")]
    TooManyNights(u64),
    /// A period longer than [`MAX_TARIFF_PERIOD_DAYS`].
    #[error("la période du {from} au {until} dure {days} jours : une période de tarifs dure au plus 5 ans (1 830 jours) ; découpez-la")]
    PeriodTooLong {
        /// First day.
        from: NaiveDate,
        /// Day after the last night.
        until: NaiveDate,
        /// Its length in days.
        days: i64,
    },
    /// An amount beyond [`MAX_AMOUNT_CENTS`] either way.
    #[error("le montant {0} dépasse 1 000 000,00 € : vérifiez-le")]
    AmountTooLarge(String),
    /// A negative amount where a price is meant.
    #[error("le prix {0} est négatif : un prix est positif ou nul (exemple : 80.00)")]
    NegativePrice(String),
    /// A quantity beyond [`MAX_QUANTITY`].
    #[error("quantité {0} : au plus 10 000 à la fois ; faites-en plusieurs")]
    QuantityTooLarge(u64),
    /// A name longer than [`MAX_NAME_CHARS`].
    #[error("ce nom a {0} caractères : un nom en a au plus 200 ; raccourcissez-le")]
    NameTooLong(usize),
    /// A name with control characters (terminal escapes, bidi overrides…).
    #[error("le nom « {0} » contient des caractères de contrôle (échappements de terminal, inversions de sens) : retapez-le sans eux")]
    ControlCharacters(String),
    /// A write of more rows than [`MAX_ROWS_PER_WRITE`].
    #[error("{0} lignes à écrire d'un coup : au plus 10 000 par opération ; découpez la période ou le fichier")]
    TooManyRows(usize),
}

/// Parses a date written exactly `YYYY-MM-DD` (4-digit year) in the years 2000–2099.
pub fn parse_date(text: &str) -> Result<NaiveDate, BoundError> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    let date = shaped
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| BoundError::NotADate(printable(text).into_owned()))?;
    check_date(date)
}

/// The date, if it is in the years 2000–2099.
pub fn check_date(date: NaiveDate) -> Result<NaiveDate, BoundError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(BoundError::DateOutOfRange(date))
    }
}

/// A departure date (the morning after a last night): in 2000–2099, or the
/// 1st of January 2100 after a night of the 31st of December 2099.
pub fn check_departure(date: NaiveDate) -> Result<NaiveDate, BoundError> {
    let after_last_night = date.year() == MAX_YEAR + 1 && date.ordinal() == 1;
    if after_last_night {
        Ok(date)
    } else {
        check_date(date)
    }
}

/// The number of nights, if at most [`MAX_STAY_NIGHTS`].
pub fn check_nights(nights: u32) -> Result<u32, BoundError> {
    if nights <= MAX_STAY_NIGHTS {
        Ok(nights)
    } else {
        Err(BoundError::TooManyNights(u64::from(nights)))
    }
}

/// Checks a tariff period: both ends in 2000–2099 (`until` may be 2100-01-01, the
/// morning after the last night), at most [`MAX_TARIFF_PERIOD_DAYS`] long.
pub fn check_period(from: NaiveDate, until: NaiveDate) -> Result<(), BoundError> {
    check_date(from)?;
    check_departure(until)?;
    let days = (until - from).num_days();
    if days > i64::from(MAX_TARIFF_PERIOD_DAYS) {
        return Err(BoundError::PeriodTooLong { from, until, days });
    }
    Ok(())
}

/// The quantity, if at most [`MAX_QUANTITY`].
pub fn check_quantity(quantity: u32) -> Result<u32, BoundError> {
    if quantity <= MAX_QUANTITY {
        Ok(quantity)
    } else {
        Err(BoundError::QuantityTooLarge(u64::from(quantity)))
    }
}

/// The amount, if within ±[`MAX_AMOUNT_CENTS`]: a computed total (a stay's tariffs,
/// N tickets) is checked before it is stored, so that every stored amount reads back.
pub fn check_amount(amount: crate::Money) -> Result<crate::Money, BoundError> {
    match amount.to_cents() {
        Some(cents) if cents.abs() <= MAX_AMOUNT_CENTS => Ok(amount),
        _ => Err(BoundError::AmountTooLarge(amount.to_french())),
    }
}

/// The most seats a session may have (a stadium), beyond which a capacity is a typo.
pub const MAX_SEATS: u32 = 1_000_000;

/// The number of rows, if at most [`MAX_ROWS_PER_WRITE`].
pub fn check_rows(rows: usize) -> Result<usize, BoundError> {
    if rows <= MAX_ROWS_PER_WRITE {
        Ok(rows)
    } else {
        Err(BoundError::TooManyRows(rows))
    }
}

/// True for what must never reach a terminal raw: C0 and C1 controls (ESC, so every
/// escape sequence), DEL, and the invisible marks that reverse text direction.
pub fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// A name given by someone, trimmed: refused when longer than [`MAX_NAME_CHARS`]
/// or holding control characters (see [`is_control`]). Blank names are left to the
/// caller, which knows what the name is of.
pub fn check_name(name: &str) -> Result<&str, BoundError> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(BoundError::NameTooLong(chars));
    }
    if name.chars().any(is_control) {
        return Err(BoundError::ControlCharacters(printable(name).into_owned()));
    }
    Ok(name)
}

/// The most characters [`printable`] shows of a text: a message that quotes a 1 MB
/// cell or line is not read.
pub const MAX_PRINTED_CHARS: usize = 300;

/// The text with every control character written as a visible escape (`\u{1b}`),
/// for printing a name in a terminal whatever it holds; past
/// [`MAX_PRINTED_CHARS`] characters it is cut, « … » saying so.
pub fn printable(text: &str) -> Cow<'_, str> {
    if let Some((at, _)) = text.char_indices().nth(MAX_PRINTED_CHARS) {
        return Cow::Owned(format!("{}…", printable(&text[..at])));
    }
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if is_control(c) {
                    format!("\\u{{{:x}}}", u32::from(c))
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn bounds_dates_are_four_digit_years_from_2000_to_2099() {
        assert_eq!(parse_date("2026-07-01"), Ok(d("2026-07-01")));
        assert_eq!(parse_date("2099-12-31"), Ok(d("2099-12-31")));
        for bad in [
            "26-07-01",
            "0026-07-01",
            "2026-7-1",
            "+2026-07-01",
            "2026-02-30",
            " 2026-07-01",
            "2026-07-01x",
            "２０２６-07-01",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_date("1999-12-31"),
            Err(BoundError::DateOutOfRange(d("1999-12-31")))
        );
        assert!(parse_date("2100-01-01").is_err());
        let message = parse_date("26-07-01").unwrap_err().to_string();
        assert!(
            message.contains("AAAA-MM-JJ") && message.contains("2026-07-01"),
            "{message}"
        );
    }

    #[test]
    fn bounds_a_tariff_period_is_at_most_five_years() {
        assert!(check_period(d("2026-01-01"), d("2031-01-01")).is_ok());
        assert!(check_period(d("2099-01-01"), d("2100-01-01")).is_ok());
        assert!(check_period(d("2099-01-01"), d("2100-01-02")).is_err());
        let long = check_period(d("2026-01-01"), d("2031-01-07")).unwrap_err();
        assert!(matches!(long, BoundError::PeriodTooLong { .. }));
        assert!(long.to_string().contains("5 ans"));
        assert!(check_period(d("1999-12-31"), d("2000-01-05")).is_err());
    }

    #[test]
    fn bounds_nights_quantities_and_rows_state_their_limit() {
        assert_eq!(check_nights(1_096), Ok(1_096));
        assert!(check_nights(1_097)
            .unwrap_err()
            .to_string()
            .contains("1 096"));
        assert_eq!(check_quantity(10_000), Ok(10_000));
        assert!(check_quantity(10_001)
            .unwrap_err()
            .to_string()
            .contains("10 000"));
        assert_eq!(check_rows(10_000), Ok(10_000));
        assert!(check_rows(10_001)
            .unwrap_err()
            .to_string()
            .contains("10 000"));
    }

    #[test]
    fn bounds_names_are_short_and_free_of_control_characters() {
        assert_eq!(
            check_name("  Gîte des Églantiers "),
            Ok("Gîte des Églantiers")
        );
        assert_eq!(check_name("Σοφία Παπαδοπούλου"), Ok("Σοφία Παπαδοπούλου"));
        assert_eq!(check_name(&"é".repeat(200)).map(str::len), Ok(400));
        assert_eq!(
            check_name(&"é".repeat(201)),
            Err(BoundError::NameTooLong(201))
        );
        for bad in [
            "a\u{1b}[2Jb",
            "a\u{7}",
            "a\u{9b}2J",
            "abc\u{202E}fdp.exe",
            "a\u{2066}b",
            "a\nb",
        ] {
            let err = check_name(bad).unwrap_err();
            assert!(matches!(err, BoundError::ControlCharacters(_)), "{bad:?}");
            assert!(!err.to_string().contains('\u{1b}'), "{bad:?}");
        }
    }

    #[test]
    fn bounds_printable_escapes_what_a_terminal_would_obey() {
        assert_eq!(printable("Gîte"), "Gîte");
        assert_eq!(printable("X\u{1b}[2JY"), "X\\u{1b}[2JY");
        assert_eq!(printable("a\u{202E}b"), "a\\u{202e}b");
        assert!(!printable("\u{9b}\u{7f}").chars().any(is_control));
    }
}
