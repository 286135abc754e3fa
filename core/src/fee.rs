//! The online payment service's fee (rule O5) and its minimum (rule O2).

use serde::Serialize;

use crate::money::{Money, MoneyError};

/// The percentage part of the fee, in hundredths of a percent (1,8 %).
pub const FEE_RATE_BASIS_POINTS: u64 = 180;

/// The fixed part of the fee per transaction, in cents (0,20 €).
pub const FEE_FIXED_CENTS: i64 = 20;

/// The smallest online payment, in cents (1,00 €), a 0 € order aside (rule A1).
pub const MINIMUM_CENTS: i64 = 100;

/// A payment with its fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Fee {
    /// What the customer paid.
    pub amount: Money,
    /// What the payment service keeps.
    pub fee: Money,
    /// What reaches the provider.
    pub net: Money,
}

/// Why an amount cannot be paid online.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeeError {
    /// 0,01 € to 0,99 €: refused (rule O2).
    #[error(
        "{0} : un paiement en ligne va de 1,00 € au moins (règle O2) ; une commande à 0,00 € \
         se confirme sans paiement"
    )]
    BelowMinimum(String),
    /// A negative amount is a refund, which the payment service does not make (rule O5).
    #[error(
        "{0} : un montant négatif est un remboursement, que le service de paiement ne fait pas \
         (règle O5) ; ses frais restent dus"
    )]
    Negative(String),
    /// Beyond what money holds.
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// The fee of an online payment of `amount`: 1,8 % + 0,20 €, rounded to the cent half
/// away from zero (rule O5); none on 0 € (rule A1); 0,01 € to 0,99 € refused (O2).
pub fn fee(amount: Money) -> Result<Fee, FeeError> {
    if amount.is_negative() {
        return Err(FeeError::Negative(amount.to_french()));
    }
    if amount == Money::ZERO {
        return Ok(Fee {
            amount,
            fee: Money::ZERO,
            net: Money::ZERO,
        });
    }
    if amount < Money::from_cents(MINIMUM_CENTS) {
        return Err(FeeError::BelowMinimum(amount.to_french()));
    }
    let fee = amount
        .share(FEE_RATE_BASIS_POINTS, 10_000)?
        .checked_add(Money::from_cents(FEE_FIXED_CENTS))?;
    Ok(Fee {
        amount,
        fee,
        net: amount.checked_sub(fee)?,
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
    fn o5_fee_is_1_8_percent_plus_20_cents_rounded_half_away_from_zero() {
        let cases = [
            ("1.00", "0.22", "0.78"),    // 0.018 + 0.20 = 0.218
            ("100.00", "2.00", "98.00"), // 1.80 + 0.20
            ("25.00", "0.65", "24.35"),  // 0.45 + 0.20
            ("2.50", "0.25", "2.25"),    // 0.045 → 0.05 (half away from zero)
            ("19.75", "0.56", "19.19"),  // 0.3555 → 0.36
            ("1100.00", "20.00", "1080.00"),
            ("13.89", "0.45", "13.44"), // 0.25002 → 0.25
        ];
        for (amount, fee_, net) in cases {
            let f = fee(m(amount)).unwrap();
            assert_eq!((f.fee, f.net), (m(fee_), m(net)), "{amount}");
        }
    }

    #[test]
    fn a1_a_free_order_bears_no_fee() {
        assert_eq!(
            fee(Money::ZERO),
            Ok(Fee {
                amount: Money::ZERO,
                fee: Money::ZERO,
                net: Money::ZERO
            })
        );
    }

    #[test]
    fn o2_payments_of_one_to_ninety_nine_cents_are_refused() {
        for cents in 1..=99 {
            assert!(matches!(
                fee(Money::from_cents(cents)),
                Err(FeeError::BelowMinimum(_))
            ));
        }
        assert!(fee(Money::from_cents(100)).is_ok());
        assert!(matches!(fee(m("-5.00")), Err(FeeError::Negative(_))));
    }

    proptest! {
        #[test]
        fn o5_fee_plus_net_is_the_amount_and_the_fee_is_within_half_a_cent(cents in 100i64..100_000_000) {
            let amount = Money::from_cents(cents);
            let f = fee(amount).unwrap();
            prop_assert_eq!(f.fee.checked_add(f.net).unwrap(), amount);
            // exact fee in tenths of a thousandth of a cent: cents × 180 / 10000 + 20
            let exact = i128::from(cents) * 180; // × 10⁻⁴ cents
            let got = i128::from(f.fee.to_cents().unwrap() - FEE_FIXED_CENTS) * 10_000;
            prop_assert!((got - exact).abs() <= 5_000);
            if (got - exact).abs() == 5_000 { prop_assert!(got > exact); }
        }
    }
}
