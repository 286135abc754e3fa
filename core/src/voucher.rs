//! A gift voucher (rules A7–A12): its state is the ledger of what happened to it — sold,
//! redeemed, deactivated, extended — folded here, so that a voucher redeemed on two
//! offline tills shows as a voucher redeemed twice (a `voucher_overdraw`), never a
//! silent double spend.

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::money::{Money, MoneyError};

/// How long a voucher is valid when the provider has not said otherwise (A9).
pub const DEFAULT_VALIDITY_MONTHS: u32 = 12;

/// The validity periods a provider may choose, in months (A9): one month to five years.
pub const VALIDITY_MONTHS: std::ops::RangeInclusive<u32> = 1..=60;

/// One event of a voucher's ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoucherEvent {
    /// Sold, paid in full (A11), valid until the day given (inclusive).
    Sold {
        /// Its amount.
        amount: Money,
        /// Last day it can be used.
        valid_until: NaiveDate,
    },
    /// Used as a payment: `amount` paid, `forfeited` not given back (a smaller cart).
    Redeemed {
        /// What it paid.
        amount: Money,
        /// What was left on it and is not given back.
        forfeited: Money,
    },
    /// Deactivated by hand (used outside the tool, refunded by other means: A7, A10).
    Deactivated,
    /// Its validity extended (A9).
    Extended {
        /// The new last day.
        valid_until: NaiveDate,
    },
}

/// Where a voucher stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VoucherStatus {
    /// Can be used.
    Valid,
    /// Used (it deactivated itself, A10).
    Used,
    /// Deactivated by hand.
    Deactivated,
    /// Past its last day.
    Expired,
    /// Redeemed more than once (two offline tills): a conflict for a person.
    Overdrawn,
    /// Redeemed here, but its sale is not known yet (sold on another till, not synced).
    Unconfirmed,
}

impl VoucherStatus {
    /// In French, as the till and the report say it.
    pub fn french(self) -> &'static str {
        match self {
            VoucherStatus::Valid => "valable",
            VoucherStatus::Used => "utilisé",
            VoucherStatus::Deactivated => "désactivé",
            VoucherStatus::Expired => "expiré",
            VoucherStatus::Overdrawn => "utilisé deux fois",
            VoucherStatus::Unconfirmed => "vente pas encore synchronisée",
        }
    }
}

/// A voucher's state, folded from its ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VoucherState {
    /// Its amount (zero while its sale is unknown here).
    pub amount: Money,
    /// What its redemptions paid.
    pub redeemed: Money,
    /// What its redemptions left and did not give back.
    pub forfeited: Money,
    /// How many times it was redeemed (more than one: overdrawn).
    pub redemptions: u32,
    /// What is left: amount − redeemed − forfeited (negative when overdrawn).
    pub balance: Money,
    /// Its last day.
    pub valid_until: Option<NaiveDate>,
    /// Where it stands.
    pub status: VoucherStatus,
}

/// Folds a voucher's ledger, as of `today`.
pub fn state(events: &[VoucherEvent], today: NaiveDate) -> Result<VoucherState, MoneyError> {
    let (mut amount, mut redeemed, mut forfeited) = (Money::ZERO, Money::ZERO, Money::ZERO);
    let (mut sold, mut deactivated, mut redemptions, mut valid_until) =
        (false, false, 0u32, None::<NaiveDate>);
    for event in events {
        match event {
            VoucherEvent::Sold {
                amount: a,
                valid_until: v,
            } => {
                sold = true;
                amount = *a;
                valid_until = Some(valid_until.map_or(*v, |old| old.max(*v)));
            }
            VoucherEvent::Redeemed {
                amount: a,
                forfeited: f,
            } => {
                redemptions += 1;
                redeemed = redeemed.checked_add(*a)?;
                forfeited = forfeited.checked_add(*f)?;
            }
            VoucherEvent::Deactivated => deactivated = true,
            VoucherEvent::Extended { valid_until: v } => {
                valid_until = Some(valid_until.map_or(*v, |old| old.max(*v)));
            }
        }
    }
    let balance = amount.checked_sub(redeemed)?.checked_sub(forfeited)?;
    let status = if redemptions > 1 {
        VoucherStatus::Overdrawn
    } else if !sold {
        VoucherStatus::Unconfirmed
    } else if redemptions == 1 {
        VoucherStatus::Used
    } else if deactivated {
        VoucherStatus::Deactivated
    } else if valid_until.is_some_and(|last| today > last) {
        VoucherStatus::Expired
    } else {
        VoucherStatus::Valid
    };
    Ok(VoucherState {
        amount,
        redeemed,
        forfeited,
        redemptions,
        balance,
        valid_until,
        status,
    })
}

/// What a redemption does: it pays up to the voucher's amount; what the cart leaves of
/// it is not given back (A10: a voucher is used once, then deactivates itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Redemption {
    /// What the voucher pays.
    pub pays: Money,
    /// What is left on it and not given back (the till says so before it confirms).
    pub forfeited: Money,
    /// What the customer still pays otherwise.
    pub rest: Money,
}

/// Why a voucher cannot be redeemed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedeemError {
    /// Already used.
    #[error("bon cadeau déjà utilisé : il ne paie qu'une fois")]
    Used,
    /// Deactivated by hand.
    #[error("bon cadeau désactivé : il ne peut plus être utilisé")]
    Deactivated,
    /// Past its last day.
    #[error("bon cadeau expiré le {0} : le prestataire peut prolonger sa validité (Bons cadeaux)")]
    Expired(String),
    /// Nothing in the cart it may pay for (A12).
    #[error("ce bon cadeau ne paie que ses prestations : il n'y en a aucune dans le panier")]
    NothingToPay,
    /// Beyond what money holds.
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// Redeems a voucher in `state` against a cart of which `eligible` may be paid by it
/// (the lines of its products, A12) and `cart` is the whole.
pub fn redeem(
    state: &VoucherState,
    eligible: Money,
    cart: Money,
) -> Result<Redemption, RedeemError> {
    match state.status {
        VoucherStatus::Used | VoucherStatus::Overdrawn => return Err(RedeemError::Used),
        VoucherStatus::Deactivated => return Err(RedeemError::Deactivated),
        VoucherStatus::Expired => {
            return Err(RedeemError::Expired(
                state
                    .valid_until
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_default(),
            ))
        }
        VoucherStatus::Valid | VoucherStatus::Unconfirmed => {}
    }
    if eligible <= Money::ZERO {
        return Err(RedeemError::NothingToPay);
    }
    let pays = state.balance.min(eligible);
    Ok(Redemption {
        pays,
        forfeited: state.balance.checked_sub(pays)?,
        rest: cart.checked_sub(pays)?,
    })
}

/// The last day of a voucher sold on `sold_on`, valid `months` months (A9).
pub fn valid_until(sold_on: NaiveDate, months: u32) -> Option<NaiveDate> {
    sold_on.checked_add_months(Months::new(months))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m(cents: i64) -> Money {
        Money::from_cents(cents)
    }

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn sold(cents: i64) -> VoucherEvent {
        VoucherEvent::Sold {
            amount: m(cents),
            valid_until: d("2027-11-27"),
        }
    }

    #[test]
    fn a10_a_redeemed_voucher_is_used_and_cannot_pay_again() {
        let today = d("2026-12-01");
        let fresh = state(&[sold(5_000)], today).unwrap();
        assert_eq!(fresh.status, VoucherStatus::Valid);
        // A bigger cart: the voucher pays its 50 €, the rest is paid otherwise.
        let r = redeem(&fresh, m(8_000), m(8_000)).unwrap();
        assert_eq!((r.pays, r.forfeited, r.rest), (m(5_000), m(0), m(3_000)));
        let used = state(
            &[
                sold(5_000),
                VoucherEvent::Redeemed {
                    amount: r.pays,
                    forfeited: r.forfeited,
                },
            ],
            today,
        )
        .unwrap();
        assert_eq!((used.status, used.balance), (VoucherStatus::Used, m(0)));
        assert_eq!(redeem(&used, m(1_000), m(1_000)), Err(RedeemError::Used));
    }

    #[test]
    fn a10_on_a_smaller_cart_the_difference_is_not_given_back() {
        let fresh = state(&[sold(5_000)], d("2026-12-01")).unwrap();
        let r = redeem(&fresh, m(3_200), m(3_200)).unwrap();
        assert_eq!((r.pays, r.forfeited, r.rest), (m(3_200), m(1_800), m(0)));
    }

    #[test]
    fn a12_a_voucher_pays_only_its_products_lines() {
        let fresh = state(&[sold(5_000)], d("2026-12-01")).unwrap();
        // A 70 € cart of which 20 € are the voucher's products.
        let r = redeem(&fresh, m(2_000), m(7_000)).unwrap();
        assert_eq!(
            (r.pays, r.forfeited, r.rest),
            (m(2_000), m(3_000), m(5_000))
        );
        assert_eq!(
            redeem(&fresh, m(0), m(7_000)),
            Err(RedeemError::NothingToPay)
        );
    }

    #[test]
    fn a9_an_expired_voucher_is_refused_until_extended() {
        let today = d("2027-12-01");
        let expired = state(&[sold(5_000)], today).unwrap();
        assert_eq!(expired.status, VoucherStatus::Expired);
        assert!(matches!(
            redeem(&expired, m(100), m(100)),
            Err(RedeemError::Expired(_))
        ));
        let extended = state(
            &[
                sold(5_000),
                VoucherEvent::Extended {
                    valid_until: d("2028-06-30"),
                },
            ],
            today,
        )
        .unwrap();
        assert_eq!(extended.status, VoucherStatus::Valid);
        assert_eq!(valid_until(d("2026-02-28"), 12), Some(d("2027-02-28")));
        assert_eq!(valid_until(d("2028-02-29"), 12), Some(d("2029-02-28")));
    }

    #[test]
    fn a7_a10_a_deactivated_voucher_is_refused() {
        let off = state(&[sold(5_000), VoucherEvent::Deactivated], d("2026-12-01")).unwrap();
        assert_eq!(off.status, VoucherStatus::Deactivated);
        assert_eq!(redeem(&off, m(100), m(100)), Err(RedeemError::Deactivated));
    }

    #[test]
    fn d4_a_voucher_redeemed_on_two_tills_is_overdrawn_not_hidden() {
        let twice = state(
            &[
                sold(5_000),
                VoucherEvent::Redeemed {
                    amount: m(5_000),
                    forfeited: m(0),
                },
                VoucherEvent::Redeemed {
                    amount: m(4_000),
                    forfeited: m(1_000),
                },
            ],
            d("2026-12-01"),
        )
        .unwrap();
        assert_eq!(twice.status, VoucherStatus::Overdrawn);
        assert_eq!(twice.balance, m(-5_000));
        assert_eq!(twice.redemptions, 2);
    }

    fn event() -> impl Strategy<Value = VoucherEvent> {
        prop_oneof![
            (1i64..100_000).prop_map(|c| VoucherEvent::Sold {
                amount: m(c),
                valid_until: d("2027-01-01")
            }),
            (0i64..100_000, 0i64..100_000).prop_map(|(a, f)| VoucherEvent::Redeemed {
                amount: m(a),
                forfeited: m(f)
            }),
            Just(VoucherEvent::Deactivated),
            (0u64..800).prop_map(|n| VoucherEvent::Extended {
                valid_until: d("2026-06-01") + chrono::Days::new(n)
            }),
        ]
    }

    proptest! {
        /// A voucher's balance is the sum of its ledger, whatever the order of events.
        #[test]
        fn a8_a_vouchers_state_is_its_ledger(events in proptest::collection::vec(event(), 0..12)) {
            let s = state(&events, d("2026-12-01")).unwrap();
            let mut redeemed = 0i64;
            let mut forfeited = 0i64;
            let mut count = 0u32;
            let mut amount = 0i64;
            for e in &events {
                match e {
                    VoucherEvent::Sold { amount: a, .. } => amount = a.to_cents().unwrap(),
                    VoucherEvent::Redeemed { amount: a, forfeited: f } => {
                        redeemed += a.to_cents().unwrap();
                        forfeited += f.to_cents().unwrap();
                        count += 1;
                    }
                    _ => {}
                }
            }
            prop_assert_eq!(s.balance, m(amount - redeemed - forfeited));
            prop_assert_eq!(s.redemptions, count);
            prop_assert_eq!(s.status == VoucherStatus::Overdrawn, count > 1);
            // A valid voucher's redemption never pays more than it holds.
            if s.status == VoucherStatus::Valid {
                let r = redeem(&s, m(1_000_000), m(1_000_000)).unwrap();
                prop_assert_eq!(r.pays.checked_add(r.forfeited).unwrap(), s.balance);
            }
        }
    }
}
