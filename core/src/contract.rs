//! The provider's conditions of a stay (B2, P9): the deposit asked, whether it is
//! *arrhes* or an *acompte* and what cancelling then costs, when the balance is due;
//! and what a booking's contract says was paid and remains due.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::money::MoneyError;
use crate::Money;

/// What kind of deposit the provider asks: French law gives each its consequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DepositKind {
    /// Arrhes (Code de la consommation, art. L214-1): either side may withdraw.
    #[default]
    Arrhes,
    /// Acompte: a firm commitment of both sides.
    Acompte,
}

impl DepositKind {
    /// The wire and command-line name: `arrhes`, `acompte`.
    pub fn code(self) -> &'static str {
        match self {
            DepositKind::Arrhes => "arrhes",
            DepositKind::Acompte => "acompte",
        }
    }

    /// The kind named `code`.
    pub fn parse(code: &str) -> Option<DepositKind> {
        match code.trim() {
            "arrhes" => Some(DepositKind::Arrhes),
            "acompte" => Some(DepositKind::Acompte),
            _ => None,
        }
    }

    /// How the contract names it.
    pub fn label(self) -> &'static str {
        match self {
            DepositKind::Arrhes => "arrhes",
            DepositKind::Acompte => "acompte",
        }
    }

    /// The legal consequence of cancelling, written out in French for the contract.
    pub fn consequence(self) -> &'static str {
        match self {
            DepositKind::Arrhes => {
                "Les sommes versées sont des arrhes (article L214-1 du Code de la consommation) : \
                 si le client annule, il perd les arrhes versées ; si le prestataire annule, \
                 il rembourse au client le double des arrhes."
            }
            DepositKind::Acompte => {
                "Les sommes versées sont un acompte : la réservation est un engagement ferme \
                 des deux parties. Le client ne peut pas se désister : s'il annule, la totalité \
                 du prix du séjour reste due ; si le prestataire annule, il rembourse l'acompte \
                 et peut devoir des dommages et intérêts."
            }
        }
    }
}

/// The largest deposit percentage.
pub const MAX_DEPOSIT_PERCENT: u32 = 100;
/// The furthest before arrival the balance can be due, in days.
pub const MAX_BALANCE_DAYS: u32 = 365;
/// The deposit asked until the provider says otherwise (a common practice: 30 %).
pub const DEFAULT_DEPOSIT_PERCENT: u32 = 30;
/// The balance due this many days before arrival until the provider says otherwise.
pub const DEFAULT_BALANCE_DAYS: u32 = 30;

/// The provider's conditions, as printed on every contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conditions {
    /// Deposit asked, in percent of the price (0–100).
    pub deposit_percent: u32,
    /// Arrhes or acompte.
    pub deposit_kind: DepositKind,
    /// The balance is due this many days before arrival (0: on arrival).
    pub balance_days: u32,
    /// The provider's conditions of sale (CGV), free text.
    pub terms: String,
    /// « Informations complémentaires »: where the tourist tax is stated (P9).
    pub extra_info: String,
}

impl Default for Conditions {
    fn default() -> Conditions {
        Conditions {
            deposit_percent: DEFAULT_DEPOSIT_PERCENT,
            deposit_kind: DepositKind::default(),
            balance_days: DEFAULT_BALANCE_DAYS,
            terms: String::new(),
            extra_info: String::new(),
        }
    }
}

impl Conditions {
    /// The deposit asked on a price of `total`, rounded to the cent half away from zero.
    pub fn deposit(&self, total: Money) -> Result<Money, MoneyError> {
        total.share(u64::from(self.deposit_percent), 100)
    }

    /// When the balance is due for a stay arriving on `arrival` (never before
    /// `booked_on`: a late booking pays its balance at once).
    pub fn balance_due(&self, arrival: NaiveDate, booked_on: NaiveDate) -> NaiveDate {
        let due = arrival
            .checked_sub_days(chrono::Days::new(u64::from(self.balance_days)))
            .unwrap_or(arrival);
        due.max(booked_on.min(arrival))
    }
}

/// What remains due: the price less the payments (a refund is a negative payment);
/// never below zero (an overpayment is not "due").
pub fn balance(total: Money, payments: &[Money]) -> Result<Money, MoneyError> {
    let paid = payments
        .iter()
        .try_fold(Money::ZERO, |sum, p| sum.checked_add(*p))?;
    let rest = total.checked_sub(paid)?;
    Ok(if rest.is_negative() {
        Money::ZERO
    } else {
        rest
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(text: &str) -> Money {
        text.parse().unwrap()
    }

    #[test]
    fn b2_the_deposit_is_a_share_of_the_price_rounded_to_the_cent() {
        let c = Conditions::default();
        assert_eq!(c.deposit(m("1100.00")).unwrap(), m("330.00"));
        let third = Conditions {
            deposit_percent: 33,
            ..Conditions::default()
        };
        assert_eq!(third.deposit(m("100.05")).unwrap(), m("33.02"));
        let none = Conditions {
            deposit_percent: 0,
            ..Conditions::default()
        };
        assert_eq!(none.deposit(m("650.00")).unwrap(), Money::ZERO);
    }

    #[test]
    fn b2_the_balance_is_due_n_days_before_arrival_but_never_before_booking() {
        let c = Conditions::default();
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            c.balance_due(day("2026-08-01"), day("2026-03-01")),
            day("2026-07-02")
        );
        assert_eq!(
            c.balance_due(day("2026-08-01"), day("2026-07-20")),
            day("2026-07-20")
        );
    }

    #[test]
    fn b2_arrhes_and_acompte_say_what_cancelling_costs() {
        assert!(DepositKind::Arrhes.consequence().contains("double"));
        assert!(DepositKind::Arrhes.consequence().contains("perd"));
        assert!(DepositKind::Acompte.consequence().contains("totalité"));
        assert!(DepositKind::Acompte
            .consequence()
            .contains("ne peut pas se désister"));
        assert_eq!(DepositKind::parse("acompte"), Some(DepositKind::Acompte));
        assert_eq!(DepositKind::parse("caution"), None);
    }

    proptest! {
        #[test]
        fn b2_balance_is_total_less_the_sum_of_payments(
            total in 0i64..10_000_000,
            payments in proptest::collection::vec(-100_000i64..1_000_000, 0..8),
        ) {
            let total = Money::from_cents(total);
            let amounts: Vec<Money> = payments.iter().copied().map(Money::from_cents).collect();
            let sum: i64 = payments.iter().sum();
            let expected = (total.to_cents().unwrap() - sum).max(0);
            prop_assert_eq!(balance(total, &amounts).unwrap(), Money::from_cents(expected));
        }
    }
}
