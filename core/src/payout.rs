//! Payouts of the online payment service to the provider's bank: their schedule
//! (rule O4), and their reconciliation with the transactions (rule O3).
//!
//! Two CSV files come from the payment service (read by [`read_transactions`] and
//! [`read_statement`], the ways [`crate::csv_read`] says: `;` or `,`, UTF-8 with or
//! without BOM, decimal comma or point, dates `27/11/2026` or `2026-11-27`, columns in
//! any order, found by name without regard to case or accents, other columns ignored):
//!
//! * the **transaction export** ("Mes opérations" → export): one line per online
//!   payment, columns `transaction` (its reference; also `référence`), `date` (the day
//!   it was paid; also `date_transaction`) and `montant` (also `amount`);
//! * the **payout statement**: one line per transaction paid out, columns `payout`
//!   (the `PAYOUT-…` reference of the transfer; also `virement`), `date_virement`
//!   (also `payout_date`), `transaction`, `date_transaction` (also `transaction_date`),
//!   `montant` (also `amount`), `frais` (also `fee`) and `net`.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

use crate::csv_read::{self, Column, Columns, CsvError};
use crate::fee::{fee, FeeError};
use crate::Money;

/// The day the payout order for a payment received on `paid_on` is made: payout orders
/// run every Wednesday and cover the payments of the 7 days ending on the Friday before
/// it (Saturday to Friday), so it is the Wednesday after the Friday on or after
/// `paid_on` (rule O4). `None` only past the calendar's end.
pub fn payout_date(paid_on: NaiveDate) -> Option<NaiveDate> {
    let to_friday =
        (Weekday::Fri.num_days_from_monday() + 7 - paid_on.weekday().num_days_from_monday()) % 7;
    paid_on.checked_add_days(Days::new(u64::from(to_friday) + 5))
}

/// An online payment Guichet knows, from the payment service's transaction export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OnlineTransaction {
    /// The payment service's reference of the transaction.
    pub reference: String,
    /// The day it was paid.
    pub paid_on: NaiveDate,
    /// What the customer paid.
    pub amount: Money,
}

/// One line of a payout statement: a transaction paid out in a payout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementLine {
    /// Its line in the file (from 1, the header being line 1).
    pub line: usize,
    /// The payout's reference, `PAYOUT-…`.
    pub payout: String,
    /// The day of the payout.
    pub payout_date: NaiveDate,
    /// The transaction's reference.
    pub transaction: String,
    /// The day the transaction was paid, as the statement says.
    pub paid_on: NaiveDate,
    /// Its amount, as the statement says.
    pub amount: Money,
    /// The fee the service kept.
    pub fee: Money,
    /// What was paid out for it.
    pub net: Money,
}

const TRANSACTION: Column = Column {
    name: "transaction",
    aliases: &[
        "transaction",
        "référence",
        "référence transaction",
        "transaction_reference",
        "reference",
    ],
};
const AMOUNT: Column = Column {
    name: "montant",
    aliases: &["montant", "amount", "montant_brut"],
};

/// Reads the payment service's transaction export: every line checked, the first bad
/// one refused by line and column. An amount the service cannot take (0,01 € to
/// 0,99 €, or negative: rules O2, O5) is refused; a reference given twice must say the
/// same both times (then it is kept once).
pub fn read_transactions(bytes: &[u8]) -> Result<Vec<OnlineTransaction>, CsvError> {
    let table = csv_read::read(bytes)?;
    let date = Column {
        name: "date",
        aliases: &["date", "date_transaction", "date_paiement", "paid_on"],
    };
    let columns = Columns::find(&table, &[TRANSACTION, date, AMOUNT])?;
    let mut seen: HashMap<String, (usize, OnlineTransaction)> = HashMap::new();
    let mut out = Vec::new();
    for row in &table.rows {
        let transaction = OnlineTransaction {
            reference: columns.text(row, 0)?,
            paid_on: columns.date(row, 1)?,
            amount: columns.amount(row, 2)?,
        };
        if let Err(why) = fee(transaction.amount) {
            return Err(columns.refuse(row, 2, why.to_string()));
        }
        match seen.get(&transaction.reference) {
            Some((_, first)) if *first == transaction => continue,
            Some((line, _)) => {
                return Err(columns.refuse(
                    row,
                    0,
                    format!(
                        "la transaction {} est déjà ligne {line} avec une autre date ou un autre montant : gardez la bonne ligne",
                        transaction.reference
                    ),
                ))
            }
            None => {}
        }
        seen.insert(
            transaction.reference.clone(),
            (row.line, transaction.clone()),
        );
        out.push(transaction);
    }
    Ok(out)
}

/// Reads a payout statement: every line checked, the first bad one refused by line
/// and column. A payout reference starts with `PAYOUT-`; one payout has one date.
pub fn read_statement(bytes: &[u8]) -> Result<Vec<StatementLine>, CsvError> {
    let table = csv_read::read(bytes)?;
    let wanted = [
        Column {
            name: "payout",
            aliases: &[
                "payout",
                "virement",
                "référence virement",
                "payout_reference",
            ],
        },
        Column {
            name: "date_virement",
            aliases: &["date_virement", "date du virement", "payout_date"],
        },
        TRANSACTION,
        Column {
            name: "date_transaction",
            aliases: &[
                "date_transaction",
                "date de la transaction",
                "transaction_date",
            ],
        },
        AMOUNT,
        Column {
            name: "frais",
            aliases: &["frais", "fee", "fees", "commission"],
        },
        Column {
            name: "net",
            aliases: &["net", "montant_net", "net_amount"],
        },
    ];
    let columns = Columns::find(&table, &wanted)?;
    let mut dates: HashMap<String, (usize, NaiveDate)> = HashMap::new();
    let mut out = Vec::new();
    for row in &table.rows {
        let payout = columns.text(row, 0)?;
        if !payout.starts_with("PAYOUT-") || payout.len() == "PAYOUT-".len() {
            return Err(columns.refuse(
                row,
                0,
                format!(
                    "« {} » n'est pas une référence de virement : elle commence par PAYOUT- \
                     (règle O3)",
                    crate::bounds::printable(&payout)
                ),
            ));
        }
        let payout_date = columns.date(row, 1)?;
        match dates.get(&payout) {
            Some((line, date)) if *date != payout_date => {
                return Err(columns.refuse(
                    row,
                    1,
                    format!(
                        "le virement {payout} est daté du {} ligne {line} : un virement n'a qu'une date",
                        date.format("%d/%m/%Y")
                    ),
                ))
            }
            Some(_) => {}
            None => {
                dates.insert(payout.clone(), (row.line, payout_date));
            }
        }
        out.push(StatementLine {
            line: row.line,
            payout,
            payout_date,
            transaction: columns.text(row, 2)?,
            paid_on: columns.date(row, 3)?,
            amount: columns.amount(row, 4)?,
            fee: columns.amount(row, 5)?,
            net: columns.amount(row, 6)?,
        });
    }
    Ok(out)
}

/// What does not match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DifferenceKind {
    /// A payout line whose transaction is not among those known.
    UnknownTransaction,
    /// The statement's amount is not the transaction's.
    AmountDiffers,
    /// The statement's date of the transaction is not its date.
    DateDiffers,
    /// The fee kept is not 1,8 % + 0,20 € of the amount (rule O5).
    FeeDiffers,
    /// The net paid is not the amount less the fee.
    NetDiffers,
    /// The transaction was paid out on another day than rule O4 gives.
    WrongPayoutDate,
    /// The transaction is paid out a second time.
    DuplicateTransaction,
    /// A known transaction in no payout of the statement.
    NotPaidOut,
}

/// One thing that does not match, with what was expected and what the statement says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// What.
    pub kind: DifferenceKind,
    /// The statement's line, when there is one.
    pub line: Option<usize>,
    /// The transaction.
    pub transaction: String,
    /// What was expected (an amount `12.50` or a date `2026-12-02`).
    pub expected: Option<String>,
    /// What the statement says.
    pub actual: Option<String>,
    /// In French, for people.
    pub message: String,
}

/// A payout line matched to its transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineMatch {
    /// The statement's line.
    pub line: usize,
    /// The transaction's reference.
    pub transaction: String,
    /// The day it was paid, as the statement says.
    pub paid_on: NaiveDate,
    /// The amount, as the statement says.
    pub amount: Money,
    /// The fee kept.
    pub fee: Money,
    /// The net paid out.
    pub net: Money,
    /// Whether the transaction is known.
    pub known: bool,
    /// The net expected: the known amount less its fee (none for an unknown one).
    pub expected_net: Option<Money>,
    /// The payout date rule O4 gives for it (from its known date).
    pub expected_payout_date: Option<NaiveDate>,
    /// Nothing differs on this line.
    pub matched: bool,
}

/// A payout and its transactions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayoutMatch {
    /// `PAYOUT-…`.
    pub reference: String,
    /// The day it was paid out.
    pub date: NaiveDate,
    /// The day rule O4 gives for its known transactions, when they agree on one.
    pub expected_date: Option<NaiveDate>,
    /// Its lines.
    pub transactions: Vec<LineMatch>,
    /// The sum of the nets expected for its known transactions.
    pub expected_net: Money,
    /// The sum of the nets the statement says were paid.
    pub paid_net: Money,
    /// `paid_net − expected_net`.
    pub difference: Money,
    /// What does not match in it.
    pub differences: Vec<Difference>,
    /// Nothing differs.
    pub matched: bool,
}

/// A known transaction that is in no payout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotPaidOut {
    /// Its reference.
    pub transaction: String,
    /// The day it was paid.
    pub paid_on: NaiveDate,
    /// Its amount.
    pub amount: Money,
    /// What should have been paid out.
    pub expected_net: Money,
    /// When (rule O4).
    pub expected_payout_date: Option<NaiveDate>,
    /// In French.
    pub message: String,
}

/// The statement reconciled with the known transactions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconciliation {
    /// Every payout of the statement, in date order then reference.
    pub payouts: Vec<PayoutMatch>,
    /// Known transactions paid out nowhere.
    pub not_paid_out: Vec<NotPaidOut>,
    /// How many differences in all (in the payouts and transactions not paid out).
    pub difference_count: usize,
    /// Nothing differs.
    pub matched: bool,
}

fn day(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Matches each payout of `statement` to the `known` transactions (rule O3): for each,
/// its transactions, the net expected (amount less the fee of rule O5) against the net
/// paid, the payout date of rule O4 against the actual one, and what does not match:
/// a line with no known transaction, an amount, a date, a fee or a net that differs, a
/// transaction paid out twice; and the known transactions in no payout.
pub fn reconcile(
    statement: &[StatementLine],
    known: &[OnlineTransaction],
) -> Result<Reconciliation, FeeError> {
    let by_reference: HashMap<&str, &OnlineTransaction> =
        known.iter().map(|t| (t.reference.as_str(), t)).collect();
    let mut groups: BTreeMap<(NaiveDate, &str), Vec<&StatementLine>> = BTreeMap::new();
    for line in statement {
        groups
            .entry((line.payout_date, line.payout.as_str()))
            .or_default()
            .push(line);
    }
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    let mut payouts = Vec::new();
    for ((date, reference), lines) in groups {
        let mut payout = PayoutMatch {
            reference: reference.to_owned(),
            date,
            expected_date: None,
            transactions: Vec::new(),
            expected_net: Money::ZERO,
            paid_net: Money::ZERO,
            difference: Money::ZERO,
            differences: Vec::new(),
            matched: true,
        };
        let mut expected_dates = Vec::new();
        for line in lines {
            let found = by_reference.get(line.transaction.as_str()).copied();
            let mut differences = line_differences(line, found)?;
            let duplicate_of = first_line.get(line.transaction.as_str()).copied();
            match duplicate_of {
                Some(first) => differences.push(Difference {
                    kind: DifferenceKind::DuplicateTransaction,
                    line: Some(line.line),
                    transaction: line.transaction.clone(),
                    expected: None,
                    actual: None,
                    message: format!(
                        "ligne {} : la transaction {} est déjà versée ligne {first}",
                        line.line, line.transaction
                    ),
                }),
                None => {
                    first_line.insert(&line.transaction, line.line);
                }
            }
            let expected_net = match found {
                Some(t) if duplicate_of.is_none() => Some(fee(t.amount)?.net),
                _ => None,
            };
            let expected_payout_date = found.and_then(|t| payout_date(t.paid_on));
            expected_dates.extend(expected_payout_date);
            payout.expected_net = payout
                .expected_net
                .checked_add(expected_net.unwrap_or(Money::ZERO))?;
            payout.paid_net = payout.paid_net.checked_add(line.net)?;
            payout.transactions.push(LineMatch {
                line: line.line,
                transaction: line.transaction.clone(),
                paid_on: line.paid_on,
                amount: line.amount,
                fee: line.fee,
                net: line.net,
                known: found.is_some(),
                expected_net,
                expected_payout_date,
                matched: differences.is_empty(),
            });
            payout.differences.extend(differences);
        }
        expected_dates.dedup();
        if let [only] = expected_dates.as_slice() {
            payout.expected_date = Some(*only);
        }
        payout.difference = payout.paid_net.checked_sub(payout.expected_net)?;
        payout.matched = payout.differences.is_empty() && payout.difference == Money::ZERO;
        payouts.push(payout);
    }
    let mut not_paid_out = Vec::new();
    for t in known {
        if first_line.contains_key(t.reference.as_str()) {
            continue;
        }
        let expected = payout_date(t.paid_on);
        let expected_net = fee(t.amount)?.net;
        not_paid_out.push(NotPaidOut {
            transaction: t.reference.clone(),
            paid_on: t.paid_on,
            amount: t.amount,
            expected_net,
            expected_payout_date: expected,
            message: format!(
                "la transaction {} du {} ({}) n'est dans aucun virement{}",
                t.reference,
                day(t.paid_on),
                t.amount.to_french(),
                expected
                    .map(|d| format!(" ; elle devait être versée le {} (règle O4)", day(d)))
                    .unwrap_or_default()
            ),
        });
    }
    let difference_count = payouts.iter().map(|p| p.differences.len()).sum::<usize>()
        + not_paid_out.len()
        + payouts
            .iter()
            .filter(|p| p.differences.is_empty() && p.difference != Money::ZERO)
            .count();
    Ok(Reconciliation {
        matched: difference_count == 0,
        payouts,
        not_paid_out,
        difference_count,
    })
}

/// What differs on one line of a payout, against its known transaction.
fn line_differences(
    line: &StatementLine,
    known: Option<&OnlineTransaction>,
) -> Result<Vec<Difference>, FeeError> {
    let mut out = Vec::new();
    let at = |kind, expected: Option<String>, actual: Option<String>, message: String| Difference {
        kind,
        line: Some(line.line),
        transaction: line.transaction.clone(),
        expected,
        actual,
        message: format!("ligne {} : {message}", line.line),
    };
    let Some(known) = known else {
        out.push(at(
            DifferenceKind::UnknownTransaction,
            None,
            None,
            format!(
                "la transaction {} de {} n'est pas parmi les transactions importées ; importez l'export des transactions qui la contient",
                line.transaction, line.payout
            ),
        ));
        return Ok(out);
    };
    if line.amount != known.amount {
        out.push(at(
            DifferenceKind::AmountDiffers,
            Some(known.amount.to_string()),
            Some(line.amount.to_string()),
            format!(
                "la transaction {} est de {} dans le relevé, de {} dans l'export des transactions",
                line.transaction,
                line.amount.to_french(),
                known.amount.to_french()
            ),
        ));
    }
    if line.paid_on != known.paid_on {
        out.push(at(
            DifferenceKind::DateDiffers,
            Some(known.paid_on.to_string()),
            Some(line.paid_on.to_string()),
            format!(
                "la transaction {} est datée du {} dans le relevé, du {} dans l'export des transactions",
                line.transaction,
                day(line.paid_on),
                day(known.paid_on)
            ),
        ));
    }
    let expected_fee = fee(line.amount).map(|f| f.fee).ok();
    if expected_fee != Some(line.fee) {
        out.push(at(
            DifferenceKind::FeeDiffers,
            expected_fee.map(|f| f.to_string()),
            Some(line.fee.to_string()),
            format!(
                "frais de {} sur la transaction {}{}",
                line.fee.to_french(),
                line.transaction,
                match expected_fee {
                    Some(f) => format!(" au lieu de {} (1,8 % + 0,20 €, règle O5)", f.to_french()),
                    None =>
                        " : son montant ne peut pas être payé en ligne (règles O2, O5)".to_owned(),
                }
            ),
        ));
    }
    let expected_net = line.amount.checked_sub(line.fee)?;
    if expected_net != line.net {
        out.push(at(
            DifferenceKind::NetDiffers,
            Some(expected_net.to_string()),
            Some(line.net.to_string()),
            format!(
                "net de {} sur la transaction {} au lieu de {} (montant moins frais)",
                line.net.to_french(),
                line.transaction,
                expected_net.to_french()
            ),
        ));
    }
    let expected_date = payout_date(known.paid_on);
    if expected_date != Some(line.payout_date) {
        out.push(at(
            DifferenceKind::WrongPayoutDate,
            expected_date.map(|d| d.to_string()),
            Some(line.payout_date.to_string()),
            format!(
                "la transaction {} du {} devait être versée le {} (règle O4), elle l'est le {}",
                line.transaction,
                day(known.paid_on),
                expected_date.map(day).unwrap_or_default(),
                day(line.payout_date)
            ),
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn o4_payments_from_saturday_to_friday_are_paid_out_the_next_wednesday() {
        // Saturday 21/11/2026 … Friday 27/11/2026 → Wednesday 02/12/2026.
        for day in 21..=27 {
            let paid = NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
            assert_eq!(payout_date(paid), Some(d("2026-12-02")), "{paid}");
        }
        // The next Saturday starts the next period.
        assert_eq!(payout_date(d("2026-11-28")), Some(d("2026-12-09")));
        // A Wednesday's own payments wait for the Wednesday after next Friday.
        assert_eq!(payout_date(d("2026-12-02")), Some(d("2026-12-09")));
        // Across a year's end.
        assert_eq!(payout_date(d("2026-12-31")), Some(d("2027-01-06")));
    }

    fn known(reference: &str, paid_on: &str, amount: &str) -> OnlineTransaction {
        OnlineTransaction {
            reference: reference.to_owned(),
            paid_on: d(paid_on),
            amount: amount.parse().unwrap(),
        }
    }

    const STATEMENT: &str =
        "\u{feff}Payout;Date virement;Transaction;Date transaction;Montant;Frais;Net\r\n\
        PAYOUT-20261202-1;02/12/2026;T1;21/11/2026;\"100,00\";\"2,00\";\"98,00\"\r\n\
        PAYOUT-20261202-1;02/12/2026;T2;27/11/2026;25,00;0,65;24,35\r\n\
        PAYOUT-20261209-1;09/12/2026;T3;28/11/2026;19.75;0.56;19.19\r\n";

    #[test]
    fn o3_a_statement_matching_its_transactions_reports_every_payout_matched() {
        let lines = read_statement(STATEMENT.as_bytes()).unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].line, 2);
        let known = [
            known("T1", "2026-11-21", "100.00"),
            known("T2", "2026-11-27", "25.00"),
            known("T3", "2026-11-28", "19.75"),
        ];
        let report = reconcile(&lines, &known).unwrap();
        assert!(report.matched, "{report:#?}");
        assert_eq!(report.difference_count, 0);
        assert_eq!(report.payouts.len(), 2);
        let first = &report.payouts[0];
        assert_eq!(first.reference, "PAYOUT-20261202-1");
        assert_eq!(first.expected_date, Some(d("2026-12-02")));
        assert_eq!(first.expected_net, "122.35".parse().unwrap());
        assert_eq!(first.paid_net, "122.35".parse().unwrap());
        assert_eq!(first.difference, Money::ZERO);
        assert_eq!(first.transactions.len(), 2);
        assert!(report.not_paid_out.is_empty());
    }

    #[test]
    fn o3_every_kind_of_difference_is_reported_with_its_line() {
        let text = "payout;date_virement;transaction;date_transaction;montant;frais;net\n\
            PAYOUT-A;02/12/2026;T1;21/11/2026;101,00;2,00;99,00\n\
            PAYOUT-A;02/12/2026;T2;26/11/2026;25,00;0,70;24,30\n\
            PAYOUT-A;02/12/2026;T9;27/11/2026;10,00;0,38;9,62\n\
            PAYOUT-B;09/12/2026;T3;28/11/2026;19,75;0,56;19,19\n\
            PAYOUT-B;09/12/2026;T1;21/11/2026;101,00;2,02;98,98\n\
            PAYOUT-C;16/12/2026;T5;28/11/2026;10,00;0,38;9,00\n";
        let lines = read_statement(text.as_bytes()).unwrap();
        let known = [
            known("T1", "2026-11-21", "100.00"),
            known("T2", "2026-11-27", "25.00"),
            known("T3", "2026-11-28", "19.75"),
            known("T4", "2026-11-29", "50.00"),
            known("T5", "2026-11-28", "10.00"),
        ];
        let report = reconcile(&lines, &known).unwrap();
        assert!(!report.matched);
        let kinds: Vec<(Option<usize>, DifferenceKind)> = report
            .payouts
            .iter()
            .flat_map(|p| p.differences.iter().map(|x| (x.line, x.kind)))
            .collect();
        use DifferenceKind::*;
        assert_eq!(
            kinds,
            [
                (Some(2), AmountDiffers),
                (Some(2), FeeDiffers),
                (Some(3), DateDiffers),
                (Some(3), FeeDiffers),
                (Some(4), UnknownTransaction),
                (Some(6), AmountDiffers),
                (Some(6), WrongPayoutDate),
                (Some(6), DuplicateTransaction),
                (Some(7), NetDiffers),
                (Some(7), WrongPayoutDate),
            ]
        );
        assert_eq!(report.not_paid_out.len(), 1);
        assert_eq!(report.not_paid_out[0].transaction, "T4");
        assert_eq!(
            report.not_paid_out[0].expected_payout_date,
            Some(d("2026-12-09"))
        );
        assert!(report.not_paid_out[0].message.contains("09/12/2026"));
        assert_eq!(report.difference_count, 11);
        // PAYOUT-A: T1 98.00 + T2 24.35 expected, T9 unknown; 99.00 + 24.30 + 9.62 paid.
        let a = &report.payouts[0];
        assert_eq!(a.expected_net, "122.35".parse().unwrap());
        assert_eq!(a.paid_net, "132.92".parse().unwrap());
        assert_eq!(a.difference, "10.57".parse().unwrap());
        // Line 5 (T3) matches within a payout that does not.
        assert!(report.payouts[1].transactions[0].matched);
        assert!(!report.payouts[1].matched);
        assert_eq!(a.expected_date, Some(d("2026-12-02")));
        let fee_message = &a.differences[1].message;
        assert!(
            fee_message.starts_with("ligne 2 : frais de 2,00 €"),
            "{fee_message}"
        );
        assert!(fee_message.contains("2,02 €"), "{fee_message}");
    }

    #[test]
    fn o3_a_malformed_statement_is_refused_by_line_and_column() {
        let head = "payout;date_virement;transaction;date_transaction;montant;frais;net\n";
        for (line, expected) in [
            (
                "VIREMENT-1;02/12/2026;T1;21/11/2026;1,00;0,22;0,78",
                "ligne 2, colonne « payout »",
            ),
            (
                "PAYOUT-1;2/12;T1;21/11/2026;1,00;0,22;0,78",
                "ligne 2, colonne « date_virement »",
            ),
            (
                "PAYOUT-1;02/12/2026;T1;21/11/2026;1,00;0,2x;0,78",
                "ligne 2, colonne « frais »",
            ),
            (
                "PAYOUT-1;02/12/2026;;21/11/2026;1,00;0,22;0,78",
                "ligne 2, colonne « transaction »",
            ),
            (
                "PAYOUT-1;02/12/2026;T1;21/11/2026;1,00;0,22",
                "ligne 2 : 6 colonnes",
            ),
        ] {
            let error = read_statement(format!("{head}{line}\n").as_bytes()).unwrap_err();
            assert!(error.to_string().starts_with(expected), "{error}");
        }
        let two_dates = format!(
            "{head}PAYOUT-1;02/12/2026;T1;21/11/2026;1,00;0,22;0,78\nPAYOUT-1;09/12/2026;T2;21/11/2026;1,00;0,22;0,78\n"
        );
        let error = read_statement(two_dates.as_bytes()).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("ligne 3, colonne « date_virement »"),
            "{error}"
        );
        let no_net =
            read_statement(b"payout;date_virement;transaction;date_transaction;montant;frais\n")
                .unwrap_err();
        assert!(no_net.to_string().contains("« net »"), "{no_net}");
    }

    #[test]
    fn o3_the_transaction_export_is_read_and_checked() {
        let text = "Référence;Date;Montant;Client\nT1;21/11/2026 10:04;100,00;x\nT2;2026-11-27;25.00;y\nT1;21/11/2026;100,00;x\n";
        let read = read_transactions(text.as_bytes()).unwrap();
        assert_eq!(
            read,
            [
                known("T1", "2026-11-21", "100.00"),
                known("T2", "2026-11-27", "25.00")
            ]
        );
        let twice = read_transactions(
            b"transaction;date;montant\nT1;21/11/2026;1,00\nT1;21/11/2026;2,00\n",
        )
        .unwrap_err();
        assert!(
            twice
                .to_string()
                .starts_with("ligne 3, colonne « transaction »"),
            "{twice}"
        );
        let o2 = read_transactions(b"transaction;date;montant\nT1;21/11/2026;0,50\n").unwrap_err();
        assert!(
            o2.to_string().starts_with("ligne 2, colonne « montant »"),
            "{o2}"
        );
        assert!(o2.message.contains("O2"), "{o2}");
    }

    /// Transactions grouped into payouts by rule O4, with the fees of rule O5.
    fn statement_of(known: &[OnlineTransaction]) -> Vec<StatementLine> {
        known
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let payout = payout_date(t.paid_on).unwrap();
                let f = fee(t.amount).unwrap();
                StatementLine {
                    line: i + 2,
                    payout: format!("PAYOUT-{}", payout.format("%Y%m%d")),
                    payout_date: payout,
                    transaction: t.reference.clone(),
                    paid_on: t.paid_on,
                    amount: t.amount,
                    fee: f.fee,
                    net: f.net,
                }
            })
            .collect()
    }

    fn transactions() -> impl Strategy<Value = Vec<OnlineTransaction>> {
        proptest::collection::vec((0u64..120, prop_oneof![Just(0i64), 100i64..500_000]), 1..40)
            .prop_map(|items| {
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, (days, cents))| OnlineTransaction {
                        reference: format!("T{i}"),
                        paid_on: d("2026-01-01") + Days::new(days),
                        amount: Money::from_cents(cents),
                    })
                    .collect()
            })
    }

    proptest! {
        #[test]
        fn o3_transactions_paid_out_by_o4_with_o5_fees_all_match(known in transactions()) {
            let report = reconcile(&statement_of(&known), &known).unwrap();
            prop_assert!(report.matched);
            prop_assert_eq!(report.difference_count, 0);
            let lines: usize = report.payouts.iter().map(|p| p.transactions.len()).sum();
            prop_assert_eq!(lines, known.len());
            for payout in &report.payouts {
                prop_assert_eq!(payout.expected_date, Some(payout.date));
            }
        }

        #[test]
        fn o3_a_statement_and_an_export_read_back_as_written(
            known in transactions(),
            french in any::<bool>(),
        ) {
            // As a French spreadsheet writes them (`;`, BOM, decimal comma, 27/11/2026)
            // or as an English one does (`,`, ISO dates, decimal point).
            let (sep, bom) = if french { (";", "\u{feff}") } else { (",", "") };
            let amount = |m: Money| if french { format!("\"{}\"", m.to_string().replace('.', ",")) } else { m.to_string() };
            let date = |d: NaiveDate| if french { d.format("%d/%m/%Y").to_string() } else { d.to_string() };
            let statement = statement_of(&known);
            let mut text = format!("{bom}Payout{sep}Date virement{sep}Transaction{sep}Date transaction{sep}Montant{sep}Frais{sep}Net\r\n");
            for l in &statement {
                let cells = [l.payout.clone(), date(l.payout_date), l.transaction.clone(), date(l.paid_on), amount(l.amount), amount(l.fee), amount(l.net)];
                text.push_str(&cells.join(sep));
                text.push_str("\r\n");
            }
            prop_assert_eq!(read_statement(text.as_bytes()).unwrap(), statement);
            let mut export = format!("{bom}Référence{sep}Date{sep}Montant\n");
            for t in &known {
                export.push_str(&[t.reference.clone(), date(t.paid_on), amount(t.amount)].join(sep));
                export.push('\n');
            }
            prop_assert_eq!(read_transactions(export.as_bytes()).unwrap(), known);
        }

        #[test]
        fn o3_removing_or_altering_one_line_is_always_reported(
            known in transactions(),
            pick in any::<prop::sample::Index>(),
            change in 0usize..7,
            cents in 1i64..1_000,
        ) {
            let mut statement = statement_of(&known);
            let i = pick.index(statement.len());
            let delta = Money::from_cents(cents);
            let line = &mut statement[i];
            match change {
                0 => { statement.remove(i); }
                1 => line.amount = line.amount.checked_add(delta).unwrap(),
                2 => line.fee = line.fee.checked_add(delta).unwrap(),
                3 => line.net = line.net.checked_sub(delta).unwrap(),
                4 => line.payout_date = line.payout_date + Days::new(7),
                5 => line.paid_on = line.paid_on - Days::new(1 + u64::try_from(cents % 6).unwrap()),
                _ => line.transaction.push('x'),
            }
            let report = reconcile(&statement, &known).unwrap();
            prop_assert!(!report.matched);
            prop_assert!(report.difference_count > 0);
        }
    }

    proptest! {
        #[test]
        fn o4_a_payout_is_a_wednesday_five_to_eleven_days_later(days in 0u64..36_500) {
            let paid = d("2000-01-01") + Days::new(days);
            let payout = payout_date(paid).unwrap();
            prop_assert_eq!(payout.weekday(), Weekday::Wed);
            let wait = (payout - paid).num_days();
            prop_assert!((5..=11).contains(&wait));
        }
    }
}
