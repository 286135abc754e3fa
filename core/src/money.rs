//! Money: euros with exactly two decimals, never a float (architecture.md, convention 1).

use std::fmt;
use std::iter::Sum;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// An amount of euros, always held with exactly two decimals.
///
/// Parsed exactly from text (`"1100.00"`, `"99.5"`), serialised as a string
/// (`"1100.00"`), displayed the French way (`1 100,00 €`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

/// Why a text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The text is not a decimal number.
    #[error("« {0} » n'est pas un montant : écrivez-le comme 1100.00")]
    NotANumber(String),
    /// The text has more than two decimals.
    #[error("« {0} » a plus de deux décimales : un montant s'écrit au centime près (1100.00)")]
    TooPrecise(String),
    /// The text is beyond ±[`crate::bounds::MAX_AMOUNT_CENTS`] (1 000 000,00 €).
    #[error(
        "« {0} » dépasse 1 000 000,00 € : un montant va au plus jusqu'à 1000000.00 ; vérifiez-le"
    )]
    TooLarge(String),
    /// The amount is larger than the application can hold.
    #[error("le montant dépasse la limite de calcul")]
    Overflow,
}

impl Money {
    /// Zero euros.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// An amount from whole cents (`110000` is `1100.00`).
    pub fn from_cents(cents: i64) -> Money {
        Money(Decimal::new(cents, 2))
    }

    /// The amount in whole cents, if it fits in an `i64`.
    pub fn to_cents(self) -> Option<i64> {
        let cents = self.0.checked_mul(Decimal::ONE_HUNDRED)?;
        i64::try_from(cents).ok()
    }

    /// Wraps a decimal, rounding it to the cent half away from zero
    /// (the strategy French invoices and the payment service use).
    pub fn from_decimal_rounded(value: Decimal) -> Money {
        Money::normalised(value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }

    fn normalised(mut value: Decimal) -> Money {
        value.rescale(2);
        Money(value)
    }

    /// The underlying decimal (always two decimals).
    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    /// True when the amount is below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// `self + other`, or an error instead of overflowing.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.0
            .checked_add(other.0)
            .map(Money::normalised)
            .ok_or(MoneyError::Overflow)
    }

    /// `self - other`, or an error instead of overflowing.
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.0
            .checked_sub(other.0)
            .map(Money::normalised)
            .ok_or(MoneyError::Overflow)
    }

    /// French display: `1 100,00 €`, written with plain spaces as ux.md writes it,
    /// so that it reads the same in a terminal, a CSV file and a test.
    pub fn to_french(self) -> String {
        self.french(' ', ' ')
    }

    /// French typography, for what a customer reads (e-mails, T6): `1 100,00 €` with a
    /// narrow no-break space (U+202F) between thousands and a no-break space (U+00A0)
    /// before the euro sign, so that an amount never breaks across lines.
    pub fn to_french_typographic(self) -> String {
        self.french('\u{202f}', '\u{a0}')
    }

    fn french(self, thousands: char, before_euro: char) -> String {
        let text = format!("{:.2}", self.0.abs());
        let (whole, cents) = text.split_once('.').unwrap_or((text.as_str(), "00"));
        let mut grouped = String::new();
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(thousands);
            }
            grouped.push(digit);
        }
        let sign = if self.is_negative() { "-" } else { "" };
        format!("{sign}{grouped},{cents}{before_euro}€")
    }
}

impl FromStr for Money {
    type Err = MoneyError;

    fn from_str(text: &str) -> Result<Money, MoneyError> {
        let trimmed = text.trim();
        let plain = trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
        let value = match Decimal::from_str_exact(trimmed) {
            Ok(value) if plain && !trimmed.is_empty() => value,
            _ => {
                return Err(MoneyError::NotANumber(
                    crate::bounds::printable(text).into_owned(),
                ))
            }
        };
        if value.scale() > 2 && value.normalize().scale() > 2 {
            return Err(MoneyError::TooPrecise(text.to_owned()));
        }
        if value.abs() > Decimal::new(crate::bounds::MAX_AMOUNT_CENTS, 2) {
            return Err(MoneyError::TooLarge(text.to_owned()));
        }
        Ok(Money::normalised(value.normalize()))
    }
}

impl fmt::Display for Money {
    /// Machine form: `1100.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Money, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Sum for Money {
    /// Sums amounts; callers sum bounded sets of prices (a stay's tariffs).
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        Money::normalised(iter.map(|m| m.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exactly_and_prints_two_decimals() {
        let m: Money = "1100".parse().unwrap();
        assert_eq!(m.to_string(), "1100.00");
        assert_eq!("99.5".parse::<Money>().unwrap().to_string(), "99.50");
        assert_eq!("0.10".parse::<Money>().unwrap().to_cents(), Some(10));
        assert_eq!("12.300".parse::<Money>().unwrap().to_string(), "12.30");
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        assert!(matches!(
            "12.345".parse::<Money>(),
            Err(MoneyError::TooPrecise(_))
        ));
        for bad in ["", "abc", "1e3", "1,5", "NaN", " ", "+-1", "12.3.4"] {
            assert!("x".parse::<Money>().is_err(), "{bad}");
            assert!(bad.parse::<Money>().is_err(), "{bad}");
        }
    }

    #[test]
    fn bounds_an_amount_is_at_most_a_million_euros_either_way() {
        assert_eq!(
            "1000000.00".parse::<Money>().map(Money::to_cents),
            Ok(Some(100_000_000))
        );
        assert!("-1000000".parse::<Money>().is_ok());
        for big in [
            "1000000.01",
            "-1000000.01",
            "99999999999999999999",
            "79228162514264337593543950335",
        ] {
            assert_eq!(
                big.parse::<Money>(),
                Err(MoneyError::TooLarge(big.to_owned())),
                "{big}"
            );
        }
        let message = "1000000.01".parse::<Money>().unwrap_err().to_string();
        assert!(message.contains("1 000 000,00 €"), "{message}");
    }

    #[test]
    fn french_display_groups_thousands() {
        assert_eq!(Money::from_cents(110_000).to_french(), "1 100,00 €");
        assert_eq!(Money::from_cents(5).to_french(), "0,05 €");
        assert_eq!(
            Money::from_cents(-123_456_789).to_french(),
            "-1 234 567,89 €"
        );
    }

    #[test]
    fn t6_typographic_amounts_use_a_narrow_no_break_space_and_a_no_break_space_before_euro() {
        assert_eq!(
            Money::from_cents(110_000).to_french_typographic(),
            "1\u{202f}100,00\u{a0}€"
        );
        assert_eq!(
            Money::from_cents(99_999).to_french_typographic(),
            "999,99\u{a0}€"
        );
        assert_eq!(
            Money::from_cents(-123_456_789).to_french_typographic(),
            "-1\u{202f}234\u{202f}567,89\u{a0}€"
        );
    }

    proptest::proptest! {
        #[test]
        fn t6_a_typographic_amount_reads_back_as_the_same_cents(cents in -100_000_000i64..100_000_000) {
            const EURO: &str = "\u{a0}€";
            let text = Money::from_cents(cents).to_french_typographic();
            let plain: String = text
                .trim_end_matches('€')
                .chars()
                .filter(|c| *c != '\u{202f}' && *c != '\u{a0}')
                .map(|c| if c == ',' { '.' } else { c })
                .collect();
            proptest::prop_assert_eq!(plain.parse::<Money>().unwrap(), Money::from_cents(cents));
            proptest::prop_assert!(!text.contains(' '));
            proptest::prop_assert!(text.ends_with(EURO), "{}", text);
        }
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        use rust_decimal_macros::dec;
        assert_eq!(Money::from_decimal_rounded(dec!(0.125)).to_string(), "0.13");
        assert_eq!(
            Money::from_decimal_rounded(dec!(-0.125)).to_string(),
            "-0.13"
        );
    }

    #[test]
    fn serialises_as_a_string() {
        let json = serde_json::to_string(&Money::from_cents(110_000)).unwrap();
        assert_eq!(json, "\"1100.00\"");
        let back: Money = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Money::from_cents(110_000));
    }
}

/// Why an amount cannot be split by [`Money::allocate`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AllocationError {
    /// No weight, or only zero weights: nothing says how to split.
    #[error("aucune part n'a de poids : donnez au moins une part supérieure à zéro")]
    NoWeight,
    /// The amount does not fit in whole cents.
    #[error("le montant dépasse la limite de calcul")]
    Overflow,
}

impl Money {
    /// `self × quantity` (a unit price times a number of tickets or nights), or an
    /// error instead of overflowing. Exact: two decimals times a whole number keep
    /// two decimals.
    pub fn checked_mul(self, quantity: u32) -> Result<Money, MoneyError> {
        self.0
            .checked_mul(Decimal::from(quantity))
            .map(Money::normalised)
            .ok_or(MoneyError::Overflow)
    }

    /// `self × numerator / denominator`, rounded to the cent half away from zero (a
    /// rate's share: VAT included in a price, a payment service's percentage), or an
    /// error for a zero denominator or an amount beyond what money holds.
    pub fn share(self, numerator: u64, denominator: u64) -> Result<Money, MoneyError> {
        if denominator == 0 {
            return Err(MoneyError::Overflow);
        }
        self.0
            .checked_mul(Decimal::from(numerator))
            .and_then(|v| v.checked_div(Decimal::from(denominator)))
            .map(Money::from_decimal_rounded)
            .ok_or(MoneyError::Overflow)
    }

    /// Splits the amount by `weights` into parts that sum exactly to it, cent for cent.
    ///
    /// Rounding rule (largest remainder): each part is first its exact share
    /// `amount × weight / Σweights` rounded down to the cent; the cents left over
    /// (fewer than the number of parts) then go one each to the parts whose share lost
    /// the largest fraction of a cent, the earlier part first on a tie. So every part
    /// is its exact share rounded down or up, less than one cent away from it, and a
    /// zero weight always gets zero. A negative amount splits like its absolute value,
    /// every part negated.
    pub fn allocate(self, weights: &[u32]) -> Result<Vec<Money>, AllocationError> {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        if total == 0 {
            return Err(AllocationError::NoWeight);
        }
        let cents = self.to_cents().ok_or(AllocationError::Overflow)?;
        let (sign, amount) = (cents.signum(), i128::from(cents).abs());
        let total = i128::from(total);
        // (part in cents, cents of remainder × Σweights) for each weight.
        let mut parts: Vec<(i128, i128)> = weights
            .iter()
            .map(|w| {
                let exact = amount * i128::from(*w);
                (exact / total, exact % total)
            })
            .collect();
        let left = amount - parts.iter().map(|(part, _)| part).sum::<i128>();
        let mut order: Vec<usize> = (0..parts.len()).collect();
        order.sort_by(|a, b| parts[*b].1.cmp(&parts[*a].1).then(a.cmp(b)));
        for index in order.into_iter().take(usize::try_from(left).unwrap_or(0)) {
            parts[index].0 += 1;
        }
        parts
            .into_iter()
            .map(|(part, _)| {
                i64::try_from(part)
                    .map(|part| Money::from_cents(part * sign))
                    .map_err(|_| AllocationError::Overflow)
            })
            .collect()
    }
}

#[cfg(test)]
mod allocate_tests {
    use super::*;
    use proptest::prelude::*;

    fn cents(parts: &[Money]) -> Vec<i64> {
        parts.iter().map(|m| m.to_cents().unwrap()).collect()
    }

    #[test]
    fn money_checked_mul_multiplies_by_a_quantity() {
        assert_eq!(
            Money::from_cents(2_550).checked_mul(3),
            Ok(Money::from_cents(7_650))
        );
        assert_eq!(Money::from_cents(2_550).checked_mul(0), Ok(Money::ZERO));
        assert_eq!(
            Money::from_cents(2_550).checked_mul(3).unwrap().to_string(),
            "76.50"
        );
    }

    #[test]
    fn money_share_rounds_half_away_from_zero() {
        // 1.8 % of 25.00 is 0.45 exactly; of 0.25, 0.0045 → 0.00; of 2.50, 0.045 → 0.05.
        assert_eq!(
            Money::from_cents(2_500).share(180, 10_000),
            Ok(Money::from_cents(45))
        );
        assert_eq!(Money::from_cents(25).share(180, 10_000), Ok(Money::ZERO));
        assert_eq!(
            Money::from_cents(250).share(180, 10_000),
            Ok(Money::from_cents(5))
        );
        assert_eq!(
            Money::from_cents(-250).share(180, 10_000),
            Ok(Money::from_cents(-5))
        );
        // VAT in 12.00 at 20 %: 12 × 2000 / 12000 = 2.00.
        assert_eq!(
            Money::from_cents(1_200).share(2_000, 12_000),
            Ok(Money::from_cents(200))
        );
        assert_eq!(
            Money::from_cents(100).share(1, 0),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn money_checked_mul_refuses_to_overflow() {
        let huge = Money(Decimal::MAX);
        assert_eq!(huge.checked_mul(2), Err(MoneyError::Overflow));
    }

    #[test]
    fn money_allocate_gives_leftover_cents_to_the_largest_remainders() {
        // 100.00 in three: 33.333… each; one cent left, to the first part on a tie.
        let parts = Money::from_cents(10_000).allocate(&[1, 1, 1]).unwrap();
        assert_eq!(cents(&parts), vec![3_334, 3_333, 3_333]);
        // 0.05 by 3:7 is 0.015 and 0.035: both lose half a cent, the first wins the tie.
        let parts = Money::from_cents(5).allocate(&[3, 7]).unwrap();
        assert_eq!(cents(&parts), vec![2, 3]);
        // 0.10 by 1:2:7 is 0.0100, 0.0200, 0.0700: exact.
        let parts = Money::from_cents(10).allocate(&[1, 2, 7]).unwrap();
        assert_eq!(cents(&parts), vec![1, 2, 7]);
        // 1.00 by 1:1:4 is 16.67, 16.67, 66.67 cents: the two cents left go to the
        // largest fractions (.67 each), the earliest two.
        let parts = Money::from_cents(100).allocate(&[1, 1, 4]).unwrap();
        assert_eq!(cents(&parts), vec![17, 17, 66]);
    }

    #[test]
    fn money_allocate_splits_a_negative_amount_like_its_absolute_value() {
        let parts = Money::from_cents(-10_000).allocate(&[1, 1, 1]).unwrap();
        assert_eq!(cents(&parts), vec![-3_334, -3_333, -3_333]);
    }

    #[test]
    fn money_allocate_gives_nothing_to_a_zero_weight() {
        let parts = Money::from_cents(101).allocate(&[0, 1, 0, 1]).unwrap();
        assert_eq!(cents(&parts), vec![0, 51, 0, 50]);
    }

    #[test]
    fn money_allocate_refuses_no_weight() {
        assert_eq!(
            Money::from_cents(100).allocate(&[]),
            Err(AllocationError::NoWeight)
        );
        assert_eq!(
            Money::from_cents(100).allocate(&[0, 0]),
            Err(AllocationError::NoWeight)
        );
        assert_eq!(
            Money(Decimal::MAX).allocate(&[1]),
            Err(AllocationError::Overflow)
        );
    }

    proptest! {
        #[test]
        fn money_allocate_parts_sum_to_the_total(
            amount in -100_000_000_i64..100_000_000,
            weights in proptest::collection::vec(0_u32..10_000, 1..40),
        ) {
            prop_assume!(weights.iter().any(|w| *w > 0));
            let total = Money::from_cents(amount);
            let parts = total.allocate(&weights).unwrap();
            prop_assert_eq!(parts.len(), weights.len());
            prop_assert_eq!(parts.iter().copied().sum::<Money>(), total);
        }

        #[test]
        fn money_allocate_parts_are_within_one_cent_of_their_share(
            amount in -100_000_000_i64..100_000_000,
            weights in proptest::collection::vec(0_u32..10_000, 1..40),
        ) {
            prop_assume!(weights.iter().any(|w| *w > 0));
            let sum: i128 = weights.iter().map(|w| i128::from(*w)).sum();
            let parts = Money::from_cents(amount).allocate(&weights).unwrap();
            for (part, weight) in parts.iter().zip(&weights) {
                // |part − amount × weight / Σ| < 1 cent, in whole numbers.
                let part = i128::from(part.to_cents().unwrap());
                let gap = (part * sum - i128::from(amount) * i128::from(*weight)).abs();
                prop_assert!(gap < sum, "part {part} for weight {weight}");
                if *weight == 0 {
                    prop_assert_eq!(part, 0);
                }
            }
        }
    }
}
