//! Invoice numbering (B3): invoices and credit notes share one gapless, chronological
//! sequence per series and year, `F2026-A-000123`. Each device numbers in its own
//! series (a letter the sync server gives it, or, before it enrolled, a provisional
//! series named after its device id), so it can invoice offline and no number is ever
//! issued twice. The sequence is a state machine without IO: the app reads the last
//! number of the series from its store and stores the next in the same transaction.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The most invoices of one series in one year (six digits).
pub const MAX_SEQ: u32 = 999_999;

/// What a numbering refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvoiceError {
    /// The day is before the series' last invoice (a clock set back).
    #[error(
        "la dernière facture de la série {series} est datée du {last} : une facture du {day} \
         romprait l'ordre chronologique ; remettez l'horloge de ce poste à l'heure"
    )]
    BeforeLast {
        /// The series.
        series: String,
        /// The last invoice's day (dd/mm/yyyy).
        last: String,
        /// The day asked (dd/mm/yyyy).
        day: String,
    },
    /// The series is full for the year.
    #[error("la série {0} a épuisé ses {MAX_SEQ} numéros de l'année")]
    Exhausted(String),
    /// A series name that cannot be printed in a number.
    #[error("nom de série invalide « {0} » : des lettres majuscules et des chiffres, 1 à 32")]
    BadSeries(String),
    /// A text that is not an invoice number.
    #[error("« {0} » n'est pas un numéro de facture (F2026-A-000123)")]
    BadNumber(String),
}

/// The name of a series: `A`, `B`, … `Z`, `AA` (given by the server), or 16
/// hexadecimal digits of a device's id (provisional).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Series(String);

impl Series {
    /// The series named `name` (upper-case letters and digits, 1 to 32).
    pub fn new(name: &str) -> Result<Series, InvoiceError> {
        let ok = (1..=32).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if ok {
            Ok(Series(name.to_owned()))
        } else {
            Err(InvoiceError::BadSeries(name.to_owned()))
        }
    }

    /// The provisional series of a device that has no letter yet: named after its id,
    /// by the id's last 16 hexadecimal digits (its random part: a UUIDv7 starts with
    /// the time), so that the number still fits on one printed line.
    pub fn provisional(device: uuid::Uuid) -> Series {
        let hex = device.simple().to_string().to_ascii_uppercase();
        Series(hex[hex.len() - 16..].to_owned())
    }

    /// The `n`-th letter series, from 0: `A`…`Z`, `AA`…`AZ`, `BA`… (bijective base 26).
    pub fn letter(n: u32) -> Series {
        let mut n = u64::from(n) + 1;
        let mut name = Vec::new();
        while n > 0 {
            n -= 1;
            name.push(b'A' + u8::try_from(n % 26).unwrap_or(0));
            n /= 26;
        }
        name.reverse();
        Series(String::from_utf8_lossy(&name).into_owned())
    }

    /// Its name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Series {
    type Error = InvoiceError;

    fn try_from(name: String) -> Result<Series, InvoiceError> {
        Series::new(&name)
    }
}

impl From<Series> for String {
    fn from(series: Series) -> String {
        series.0
    }
}

impl fmt::Display for Series {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An invoice (or credit note) number: `F{year}-{series}-{seq:06}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InvoiceNumber {
    /// The year of its date.
    pub year: i32,
    /// Its series.
    pub series: Series,
    /// Its place in the series that year, from 1.
    pub seq: u32,
}

impl fmt::Display for InvoiceNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "F{}-{}-{:06}", self.year, self.series, self.seq)
    }
}

impl std::str::FromStr for InvoiceNumber {
    type Err = InvoiceError;

    fn from_str(text: &str) -> Result<InvoiceNumber, InvoiceError> {
        let bad = || InvoiceError::BadNumber(text.to_owned());
        let rest = text.strip_prefix('F').ok_or_else(bad)?;
        let mut parts = rest.splitn(2, '-');
        let year = parts.next().ok_or_else(bad)?;
        let rest = parts.next().ok_or_else(bad)?;
        let (series, seq) = rest.rsplit_once('-').ok_or_else(bad)?;
        if year.len() != 4 || seq.len() != 6 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let seq: u32 = seq.parse().map_err(|_| bad())?;
        if seq == 0 {
            return Err(bad());
        }
        Ok(InvoiceNumber {
            year,
            series: Series::new(series).map_err(|_| bad())?,
            seq,
        })
    }
}

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// An invoice (facture).
    Invoice,
    /// A credit note (avoir), which cancels an invoice it cites.
    CreditNote,
}

impl DocumentKind {
    /// As on the wire and in the store.
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Invoice => "invoice",
            DocumentKind::CreditNote => "credit_note",
        }
    }

    /// Read back from [`DocumentKind::code`].
    pub fn from_code(code: &str) -> Option<DocumentKind> {
        match code {
            "invoice" => Some(DocumentKind::Invoice),
            "credit_note" => Some(DocumentKind::CreditNote),
            _ => None,
        }
    }

    /// « Facture », « Avoir ».
    pub fn french(self) -> &'static str {
        match self {
            DocumentKind::Invoice => "Facture",
            DocumentKind::CreditNote => "Avoir",
        }
    }
}

/// A series' state: its name and its last number with that number's day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence {
    series: Series,
    last: Option<(InvoiceNumber, NaiveDate)>,
}

impl Sequence {
    /// A series as its store holds it: `last` is its latest number and day, if any.
    pub fn new(series: Series, last: Option<(InvoiceNumber, NaiveDate)>) -> Sequence {
        Sequence { series, last }
    }

    /// The series.
    pub fn series(&self) -> &Series {
        &self.series
    }

    /// Issues the next number on `day`: the first of a new year is 1; a day before the
    /// last one is refused (the sequence is chronological).
    pub fn issue(&self, day: NaiveDate) -> Result<(Sequence, InvoiceNumber), InvoiceError> {
        let year = day.year();
        let seq = match &self.last {
            Some((_, last_day)) if day < *last_day => {
                return Err(InvoiceError::BeforeLast {
                    series: self.series.to_string(),
                    last: last_day.format("%d/%m/%Y").to_string(),
                    day: day.format("%d/%m/%Y").to_string(),
                })
            }
            Some((last, _)) if last.year == year => last.seq + 1,
            _ => 1,
        };
        if seq > MAX_SEQ {
            return Err(InvoiceError::Exhausted(self.series.to_string()));
        }
        let number = InvoiceNumber {
            year,
            series: self.series.clone(),
            seq,
        };
        Ok((
            Sequence {
                series: self.series.clone(),
                last: Some((number.clone(), day)),
            },
            number,
        ))
    }
}

/// A problem in the stored numbers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SequenceProblem {
    /// A number is missing (or the first is not 1).
    #[error(
        "numéro manquant dans la série {series} de {year} : {expected} attendu, {found} trouvé"
    )]
    Gap {
        /// The series.
        series: String,
        /// The year.
        year: i32,
        /// The number expected.
        expected: String,
        /// The number found instead.
        found: String,
    },
    /// A number issued twice.
    #[error("le numéro {0} figure deux fois")]
    Duplicate(String),
    /// A later number with an earlier day.
    #[error("{later} est daté du {day}, avant {earlier} : l'ordre chronologique est rompu")]
    NotChronological {
        /// The earlier number.
        earlier: String,
        /// The later number.
        later: String,
        /// The later number's day.
        day: String,
    },
}

/// Checks numbers (any order) with their days: in each series and year they run 1, 2,
/// 3… with no gap, none twice, and their days never go back. The first problem in
/// number order is returned.
pub fn check_sequences(numbers: &[(InvoiceNumber, NaiveDate)]) -> Result<(), SequenceProblem> {
    let mut sorted: Vec<&(InvoiceNumber, NaiveDate)> = numbers.iter().collect();
    sorted.sort_by(|a, b| (&a.0.series, a.0.year, a.0.seq).cmp(&(&b.0.series, b.0.year, b.0.seq)));
    let mut previous: Option<&(InvoiceNumber, NaiveDate)> = None;
    for current in sorted {
        let (number, day) = current;
        let same = previous.filter(|(p, _)| p.series == number.series && p.year == number.year);
        let expected = same.map_or(1, |(p, _)| p.seq + 1);
        if let Some((p, _)) = same {
            if p.seq == number.seq {
                return Err(SequenceProblem::Duplicate(number.to_string()));
            }
        }
        if number.seq != expected {
            return Err(SequenceProblem::Gap {
                series: number.series.to_string(),
                year: number.year,
                expected: InvoiceNumber {
                    seq: expected,
                    ..number.clone()
                }
                .to_string(),
                found: number.to_string(),
            });
        }
        if let Some((p, p_day)) = same {
            if day < p_day {
                return Err(SequenceProblem::NotChronological {
                    earlier: p.to_string(),
                    later: number.to_string(),
                    day: day.format("%d/%m/%Y").to_string(),
                });
            }
        }
        previous = Some(current);
    }
    Ok(())
}

/// How the provider charges VAT on what it invoices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VatRegime {
    /// VAT-free small business: « TVA non applicable, art. 293 B du CGI ».
    #[default]
    Franchise,
    /// VAT charged per rate (a stay at 10 %, a ticket at its own rate).
    Charged,
}

impl VatRegime {
    /// As stored and on the wire.
    pub fn code(self) -> &'static str {
        match self {
            VatRegime::Franchise => "franchise",
            VatRegime::Charged => "charged",
        }
    }

    /// Read back from [`VatRegime::code`].
    pub fn from_code(code: &str) -> Option<VatRegime> {
        match code {
            "franchise" => Some(VatRegime::Franchise),
            "charged" => Some(VatRegime::Charged),
            _ => None,
        }
    }
}

/// The mention an invoice of a VAT-free provider must carry.
pub const FRANCHISE_MENTION: &str = "TVA non applicable, art. 293 B du CGI";

/// The VAT rate of a stay (accommodation: 10 %).
pub const STAY_VAT: crate::order::VatRate = crate::order::VatRate(1000);

/// The VAT rate of a ticket for a show, a concert, an exhibition or a visit (5.5 %,
/// art. 278-0 bis of the CGI), the events a box office sells.
pub const TICKET_VAT: crate::order::VatRate = crate::order::VatRate(550);

/// The provider as an invoice printed it (B3: a later change of name or address
/// applies only to later invoices).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSnapshot {
    /// Its name.
    pub name: String,
    /// Street address.
    pub street: String,
    /// Postcode.
    pub postcode: String,
    /// Town.
    pub town: String,
    /// Country.
    pub country: String,
    /// SIRET.
    pub siret: String,
    /// Intra-community VAT number.
    pub vat_number: String,
    /// E-mail.
    pub email: String,
    /// Phone.
    pub phone: String,
}

/// The customer as invoiced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerSnapshot {
    /// Name.
    pub name: String,
    /// Address, when the booking has one.
    #[serde(default)]
    pub address: String,
    /// E-mail.
    #[serde(default)]
    pub email: String,
    /// Phone.
    #[serde(default)]
    pub phone: String,
}

/// One line of an invoice: a service, never a payment (B2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceLine {
    /// What it is (« Séjour — Gîte des Lilas »).
    pub label: String,
    /// Its details (« du 04/07/2026 au 11/07/2026, 7 nuits »).
    pub detail: String,
    /// How many.
    pub quantity: u32,
    /// Price of one, VAT included (negative on a credit note).
    pub unit_price: crate::Money,
    /// Its VAT rate (printed only when VAT is charged).
    pub vat: crate::order::VatRate,
}

/// Everything an issued invoice or credit note says, kept as issued: re-rendering it
/// gives the same PDF bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceSnapshot {
    /// Invoice or credit note.
    pub kind: DocumentKind,
    /// Its number, `F2026-A-000123`.
    pub number: String,
    /// Its date.
    pub issued_on: NaiveDate,
    /// The number of the invoice a credit note cancels.
    pub cites: Option<String>,
    /// The booking invoiced.
    pub booking: uuid::Uuid,
    /// The provider.
    pub provider: ProviderSnapshot,
    /// The customer.
    pub customer: CustomerSnapshot,
    /// How VAT is charged.
    pub regime: VatRegime,
    /// The services.
    pub lines: Vec<InvoiceLine>,
    /// The total, VAT included (negative on a credit note).
    pub total: crate::Money,
    /// VAT per rate (empty under the franchise).
    pub vat: Vec<crate::order::VatLine>,
}

impl InvoiceSnapshot {
    /// Computes the total and the VAT per rate of `lines` under `regime`.
    pub fn figures(
        lines: &[InvoiceLine],
        regime: VatRegime,
    ) -> Result<(crate::Money, Vec<crate::order::VatLine>), crate::money::MoneyError> {
        let order = crate::order::Order {
            lines: lines
                .iter()
                .map(|l| crate::order::Line {
                    label: l.label.clone(),
                    quantity: l.quantity,
                    unit_price: l.unit_price,
                    vat: l.vat,
                })
                .collect(),
            payments: Vec::new(),
        };
        let totals = order.totals()?;
        let vat = match regime {
            VatRegime::Franchise => Vec::new(),
            VatRegime::Charged => totals.vat,
        };
        Ok((totals.total, vat))
    }

    /// The credit note that cancels this invoice: the same lines, negative, citing it.
    pub fn credit_note(
        &self,
        number: String,
        issued_on: NaiveDate,
    ) -> Result<InvoiceSnapshot, crate::money::MoneyError> {
        let lines: Vec<InvoiceLine> = self
            .lines
            .iter()
            .map(|l| {
                Ok(InvoiceLine {
                    unit_price: crate::Money::ZERO.checked_sub(l.unit_price)?,
                    ..l.clone()
                })
            })
            .collect::<Result<_, crate::money::MoneyError>>()?;
        let (total, vat) = InvoiceSnapshot::figures(&lines, self.regime)?;
        Ok(InvoiceSnapshot {
            kind: DocumentKind::CreditNote,
            number,
            issued_on,
            cites: Some(self.number.clone()),
            booking: self.booking,
            provider: self.provider.clone(),
            customer: self.customer.clone(),
            regime: self.regime,
            lines,
            total,
            vat,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn b3_numbers_read_and_print_as_f_year_series_seq() {
        let n: InvoiceNumber = "F2026-A-000123".parse().unwrap_or_else(|_| unreachable!());
        assert_eq!(n.year, 2026);
        assert_eq!(n.series.as_str(), "A");
        assert_eq!(n.seq, 123);
        assert_eq!(n.to_string(), "F2026-A-000123");
        for bad in [
            "2026-A-000123",
            "F2026-a-000001",
            "F2026-A-000000",
            "F26-A-000001",
            "F2026-A-1",
        ] {
            assert!(bad.parse::<InvoiceNumber>().is_err(), "{bad}");
        }
        let device = uuid::Uuid::from_u128(0xABC);
        let p = Series::provisional(device);
        let text = InvoiceNumber {
            year: 2026,
            series: p.clone(),
            seq: 1,
        }
        .to_string();
        assert_eq!(text.parse::<InvoiceNumber>().map(|n| n.series), Ok(p));
    }

    #[test]
    fn b3_letters_run_a_to_z_then_aa() {
        assert_eq!(Series::letter(0).as_str(), "A");
        assert_eq!(Series::letter(25).as_str(), "Z");
        assert_eq!(Series::letter(26).as_str(), "AA");
        assert_eq!(Series::letter(27).as_str(), "AB");
        assert_eq!(Series::letter(52).as_str(), "BA");
    }

    #[test]
    fn b3_a_new_year_starts_at_one_and_a_day_before_the_last_is_refused() {
        let s = Sequence::new(Series::letter(0), None);
        let (s, first) = s
            .issue(day(2026, 12, 30))
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(first.to_string(), "F2026-A-000001");
        let (s, second) = s
            .issue(day(2026, 12, 31))
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(second.seq, 2);
        assert!(matches!(
            s.issue(day(2026, 12, 1)),
            Err(InvoiceError::BeforeLast { .. })
        ));
        let (_, next_year) = s.issue(day(2027, 1, 1)).unwrap_or_else(|_| unreachable!());
        assert_eq!(next_year.to_string(), "F2027-A-000001");
    }

    #[test]
    fn b3_check_names_the_first_gap_duplicate_or_backwards_day() {
        let n = |seq| InvoiceNumber {
            year: 2026,
            series: Series::letter(0),
            seq,
        };
        let ok = [(n(2), day(2026, 1, 2)), (n(1), day(2026, 1, 1))];
        assert_eq!(check_sequences(&ok), Ok(()));
        let gap = [(n(1), day(2026, 1, 1)), (n(3), day(2026, 1, 2))];
        assert!(
            matches!(check_sequences(&gap), Err(SequenceProblem::Gap { found, .. }) if found == "F2026-A-000003")
        );
        let late_start = [(n(2), day(2026, 1, 1))];
        assert!(check_sequences(&late_start).is_err());
        let twice = [(n(1), day(2026, 1, 1)), (n(1), day(2026, 1, 1))];
        assert!(matches!(
            check_sequences(&twice),
            Err(SequenceProblem::Duplicate(_))
        ));
        let back = [(n(1), day(2026, 1, 2)), (n(2), day(2026, 1, 1))];
        assert!(matches!(
            check_sequences(&back),
            Err(SequenceProblem::NotChronological { .. })
        ));
    }

    proptest! {
        /// Whatever the days asked (some refused), the numbers issued are gapless and
        /// chronological in every year, and `check_sequences` agrees.
        #[test]
        fn b3_issued_numbers_are_gapless_and_chronological(offsets in proptest::collection::vec(-3i64..40, 1..80)) {
            let mut s = Sequence::new(Series::letter(2), None);
            let mut today = day(2026, 12, 1);
            let mut issued = Vec::new();
            for offset in offsets {
                let asked = today + chrono::Duration::days(offset);
                match s.issue(asked) {
                    Ok((next, number)) => {
                        if let Some((last, last_day)) = issued.last() {
                            let last: &InvoiceNumber = last;
                            prop_assert!(asked >= *last_day);
                            if last.year == number.year {
                                prop_assert_eq!(number.seq, last.seq + 1);
                            } else {
                                prop_assert_eq!(number.seq, 1);
                            }
                        }
                        issued.push((number, asked));
                        s = next;
                        today = asked;
                    }
                    Err(InvoiceError::BeforeLast { .. }) => prop_assert!(asked < today),
                    Err(other) => prop_assert!(false, "{other}"),
                }
            }
            prop_assert_eq!(check_sequences(&issued), Ok(()));
            // Removing any one number but the last of its year is found.
            if issued.len() > 1 {
                let mut holed = issued.clone();
                holed.remove(0);
                let first_year_count = issued.iter().filter(|(n, _)| n.year == issued[0].0.year).count();
                prop_assert!(check_sequences(&holed).is_err() || first_year_count == 1);
            }
        }
    }
}
