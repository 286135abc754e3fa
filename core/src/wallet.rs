//! The online sales wallet and its cash-out (rule A2).

use serde::Serialize;

use crate::money::{Money, MoneyError};

/// The balance from which a cash-out is allowed, in cents (120,00 €).
pub const CASHOUT_THRESHOLD_CENTS: i64 = 12_000;

/// The guarantee deposit that always stays in the wallet, in cents (60,00 €).
pub const DEPOSIT_CENTS: i64 = 6_000;

/// What a cash-out would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cashout {
    /// Whether it is allowed.
    pub allowed: bool,
    /// What is paid out (0,00 € when not allowed).
    pub amount: Money,
    /// The balance left.
    pub balance_after: Money,
}

/// A cash-out of a wallet holding `balance`: allowed from 120,00 €; it takes everything
/// but the 60,00 € guarantee deposit, an amount nobody chooses (rule A2).
pub fn cashout(balance: Money) -> Result<Cashout, MoneyError> {
    if balance < Money::from_cents(CASHOUT_THRESHOLD_CENTS) {
        return Ok(Cashout {
            allowed: false,
            amount: Money::ZERO,
            balance_after: balance,
        });
    }
    let deposit = Money::from_cents(DEPOSIT_CENTS);
    Ok(Cashout {
        allowed: true,
        amount: balance.checked_sub(deposit)?,
        balance_after: deposit,
    })
}

/// The forced full payout support makes on request: the wallet to 0,00 €, deposit
/// included; a wallet at or below zero has nothing to pay out (rule A2).
pub fn forced_payout(balance: Money) -> Cashout {
    if balance.is_negative() || balance == Money::ZERO {
        return Cashout {
            allowed: false,
            amount: Money::ZERO,
            balance_after: balance,
        };
    }
    Cashout {
        allowed: true,
        amount: balance,
        balance_after: Money::ZERO,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(text: &str) -> Money {
        text.parse().unwrap()
    }

    #[test]
    fn a2_cashout_from_120_takes_everything_but_the_60_deposit() {
        assert_eq!(
            cashout(m("120.00")).unwrap(),
            Cashout {
                allowed: true,
                amount: m("60.00"),
                balance_after: m("60.00")
            }
        );
        assert_eq!(
            cashout(m("350.42")).unwrap(),
            Cashout {
                allowed: true,
                amount: m("290.42"),
                balance_after: m("60.00")
            }
        );
    }

    #[test]
    fn a2_cashout_below_120_is_refused_and_changes_nothing() {
        for balance in ["119.99", "60.00", "0.00", "-15.00"] {
            assert_eq!(
                cashout(m(balance)).unwrap(),
                Cashout {
                    allowed: false,
                    amount: Money::ZERO,
                    balance_after: m(balance)
                },
                "{balance}"
            );
        }
    }

    #[test]
    fn a2_a_forced_payout_empties_the_wallet_deposit_included() {
        assert_eq!(
            forced_payout(m("80.00")),
            Cashout {
                allowed: true,
                amount: m("80.00"),
                balance_after: Money::ZERO
            }
        );
        assert!(!forced_payout(m("-10.00")).allowed);
        assert_eq!(forced_payout(m("-10.00")).balance_after, m("-10.00"));
    }

    proptest! {
        #[test]
        fn a2_what_leaves_plus_what_stays_is_the_balance(cents in -100_000i64..100_000_000) {
            let balance = Money::from_cents(cents);
            let c = cashout(balance).unwrap();
            prop_assert_eq!(c.amount.checked_add(c.balance_after).unwrap(), balance);
            prop_assert!(!c.allowed || c.balance_after == Money::from_cents(DEPOSIT_CENTS));
        }
    }
}
