//! A sale at the till: how its payments settle its order (rules A1, O1, O7). Cash alone
//! gives change; a card, a cheque or holiday vouchers never pay more than is due; a
//! free order is confirmed with no payment at all.

use serde::Serialize;

use crate::money::{Money, MoneyError};
use crate::order::Order;
use crate::payment::PaymentMethod;

/// The smallest Chèque-Vacances Connect payment, in cents (O7).
pub const ANCV_CONNECT_MINIMUM_CENTS: i64 = 2_000;

/// How a sale's payments settle it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Settlement {
    /// What the order comes to.
    pub total: Money,
    /// What was handed over.
    pub paid: Money,
    /// The change given back, in cash.
    pub change: Money,
}

/// Why payments do not settle an order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaleError {
    /// Not enough.
    #[error("il manque {0} : ajoutez un paiement")]
    Unpaid(String),
    /// More than is due, and not in cash.
    #[error(
        "les paiements dépassent le total de {0} sans espèces pour rendre la monnaie : \
         seule la monnaie des espèces se rend ; corrigez le montant"
    )]
    NoChange(String),
    /// A payment of zero or less in a sale (a refund is recorded on its own).
    #[error("un paiement de {0} n'a pas de sens dans une vente : indiquez un montant positif")]
    NotPositive(String),
    /// Chèque-Vacances Connect under 20 € (O7).
    #[error(
        "Chèque-Vacances Connect accepte les paiements de 20,00 € ou plus (règle O7), pas {0} : \
         payez le reste autrement"
    )]
    AncvConnectMinimum(String),
    /// An empty cart.
    #[error("le panier est vide : ajoutez un produit")]
    Empty,
    /// Beyond what money holds.
    #[error(transparent)]
    Money(#[from] MoneyError),
}

/// Settles `order` by its payments.
pub fn settle(order: &Order) -> Result<Settlement, SaleError> {
    if order.lines.is_empty() {
        return Err(SaleError::Empty);
    }
    let totals = order.totals()?;
    let mut cash = Money::ZERO;
    for payment in &order.payments {
        if payment.amount <= Money::ZERO {
            return Err(SaleError::NotPositive(payment.amount.to_french()));
        }
        if payment.method == PaymentMethod::AncvConnect
            && payment.amount < Money::from_cents(ANCV_CONNECT_MINIMUM_CENTS)
        {
            return Err(SaleError::AncvConnectMinimum(payment.amount.to_french()));
        }
        if payment.method == PaymentMethod::Cash {
            cash = cash.checked_add(payment.amount)?;
        }
    }
    if totals.due > Money::ZERO {
        return Err(SaleError::Unpaid(totals.due.to_french()));
    }
    let change = Money::ZERO.checked_sub(totals.due)?;
    if change > cash {
        return Err(SaleError::NoChange(change.to_french()));
    }
    Ok(Settlement {
        total: totals.total,
        paid: totals.paid,
        change,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::{Line, Payment, VatRate};
    use proptest::prelude::*;

    fn m(cents: i64) -> Money {
        Money::from_cents(cents)
    }

    fn order(prices: &[i64], payments: &[(PaymentMethod, i64)]) -> Order {
        Order {
            lines: prices
                .iter()
                .map(|p| Line {
                    label: "x".into(),
                    quantity: 1,
                    unit_price: m(*p),
                    vat: VatRate(2000),
                })
                .collect(),
            payments: payments
                .iter()
                .map(|(method, amount)| Payment {
                    method: *method,
                    amount: m(*amount),
                })
                .collect(),
        }
    }

    #[test]
    fn cash_gives_change_and_a_split_payment_settles_exactly() {
        // 62,00 €: 20,00 € by voucher, 50,00 € cash → 8,00 € change.
        let s = settle(&order(
            &[2_500, 3_700],
            &[
                (PaymentMethod::GiftVoucher, 2_000),
                (PaymentMethod::Cash, 5_000),
            ],
        ))
        .unwrap();
        assert_eq!((s.total, s.paid, s.change), (m(6_200), m(7_000), m(800)));
    }

    #[test]
    fn a_card_never_pays_more_than_is_due() {
        let e = settle(&order(&[2_500], &[(PaymentMethod::Card, 3_000)]));
        assert_eq!(e, Err(SaleError::NoChange(m(500).to_french())));
        // Change beyond the cash handed over is refused too.
        let e = settle(&order(
            &[2_500],
            &[
                (PaymentMethod::Cheque, 2_000),
                (PaymentMethod::Cash, 1_000),
                (PaymentMethod::AncvPaper, 2_000),
            ],
        ));
        assert!(matches!(e, Err(SaleError::NoChange(_))));
    }

    #[test]
    fn an_unpaid_order_says_what_is_missing() {
        let e = settle(&order(&[2_500], &[(PaymentMethod::Card, 2_000)]));
        assert_eq!(e, Err(SaleError::Unpaid(m(500).to_french())));
    }

    #[test]
    fn a1_o1_a_free_order_is_confirmed_without_payment() {
        let s = settle(&order(&[0], &[])).unwrap();
        assert_eq!((s.total, s.paid, s.change), (m(0), m(0), m(0)));
        assert_eq!(settle(&order(&[], &[])), Err(SaleError::Empty));
    }

    #[test]
    fn o7_cheque_vacances_connect_takes_20_euros_or_more() {
        let e = settle(&order(&[1_500], &[(PaymentMethod::AncvConnect, 1_500)]));
        assert!(matches!(e, Err(SaleError::AncvConnectMinimum(_))));
        assert!(settle(&order(&[2_000], &[(PaymentMethod::AncvConnect, 2_000)])).is_ok());
        // Paper holiday vouchers have no minimum.
        assert!(settle(&order(&[500], &[(PaymentMethod::AncvPaper, 500)])).is_ok());
    }

    fn method() -> impl Strategy<Value = PaymentMethod> {
        proptest::sample::select(PaymentMethod::ALL.to_vec())
    }

    proptest! {
        /// Whatever the cart and payments, a settled sale's figures add up: what was
        /// handed over less the change is the total, and the change is cash.
        #[test]
        fn a_settled_sales_figures_add_up(
            prices in proptest::collection::vec(0i64..50_000, 1..6),
            payments in proptest::collection::vec((method(), 1i64..60_000), 0..4),
        ) {
            let o = order(&prices, &payments);
            if let Ok(s) = settle(&o) {
                prop_assert_eq!(s.paid.checked_sub(s.change).unwrap(), s.total);
                let cash: i64 = payments.iter().filter(|(m, _)| *m == PaymentMethod::Cash).map(|(_, a)| a).sum();
                prop_assert!(s.change <= m(cash));
                prop_assert!(s.change >= Money::ZERO);
            }
        }
    }
}
