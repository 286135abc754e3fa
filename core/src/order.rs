//! An order: its lines (what was sold, at a price with VAT included, as French retail
//! prices are) and its payments by method. Its totals and VAT per rate are computed
//! once, here, exactly: the till sells with it, and the booking files carry the same
//! lines and payments (the paperwork issue builds invoices on them).

use serde::{Deserialize, Serialize};

use crate::money::{Money, MoneyError};
use crate::payment::PaymentMethod;

/// A VAT rate in hundredths of a percent: `2000` is 20 %, `550` is 5,5 %, `0` none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VatRate(pub u32);

impl VatRate {
    /// « 20 % », « 5,5 % », « 0 % ».
    pub fn french(self) -> String {
        let (whole, hundredths) = (self.0 / 100, self.0 % 100);
        match hundredths {
            0 => format!("{whole} %"),
            h if h % 10 == 0 => format!("{whole},{} %", h / 10),
            h => format!("{whole},{h:02} %"),
        }
    }
}

/// What was sold: `quantity` times `unit_price` (VAT included) at `vat`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// What it is, as printed.
    pub label: String,
    /// How many.
    pub quantity: u32,
    /// The price of one, VAT included.
    pub unit_price: Money,
    /// Its VAT rate.
    pub vat: VatRate,
}

/// How part of an order was paid (negative: a refund).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// How.
    pub method: PaymentMethod,
    /// How much.
    pub amount: Money,
}

/// The VAT of one rate: the lines' total at that rate, split into net and VAT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatLine {
    /// The rate.
    pub rate: VatRate,
    /// What the lines at this rate come to, VAT included.
    pub gross: Money,
    /// The same without VAT.
    pub net: Money,
    /// The VAT: `gross × rate / (1 + rate)`, rounded to the cent half away from zero.
    pub vat: Money,
}

/// An order's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// What the order comes to, VAT included.
    pub total: Money,
    /// VAT per rate, lowest rate first.
    pub vat: Vec<VatLine>,
    /// The sum of the payments.
    pub paid: Money,
    /// What remains to pay (negative: paid too much, change to give).
    pub due: Money,
}

/// Lines and payments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// What was sold.
    pub lines: Vec<Line>,
    /// How it was paid.
    pub payments: Vec<Payment>,
}

impl Order {
    /// The order's figures; an amount beyond what money holds is an error.
    pub fn totals(&self) -> Result<Totals, MoneyError> {
        let mut by_rate: Vec<(VatRate, Money)> = Vec::new();
        for line in &self.lines {
            let amount = line.unit_price.checked_mul(line.quantity)?;
            match by_rate.iter_mut().find(|(rate, _)| *rate == line.vat) {
                Some((_, sum)) => *sum = sum.checked_add(amount)?,
                None => by_rate.push((line.vat, amount)),
            }
        }
        by_rate.sort_by_key(|(rate, _)| *rate);
        let mut total = Money::ZERO;
        let mut vat = Vec::with_capacity(by_rate.len());
        for (rate, gross) in by_rate {
            total = total.checked_add(gross)?;
            let tax = gross.share(u64::from(rate.0), 10_000 + u64::from(rate.0))?;
            vat.push(VatLine {
                rate,
                gross,
                net: gross.checked_sub(tax)?,
                vat: tax,
            });
        }
        let paid = self
            .payments
            .iter()
            .try_fold(Money::ZERO, |sum, p| sum.checked_add(p.amount))?;
        Ok(Totals {
            total,
            vat,
            paid,
            due: total.checked_sub(paid)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    fn money(text: &str) -> Money {
        text.parse().unwrap_or(Money::ZERO)
    }

    fn line(quantity: u32, price: &str, rate: u32) -> Line {
        Line {
            label: "x".into(),
            quantity,
            unit_price: money(price),
            vat: VatRate(rate),
        }
    }

    #[test]
    fn vat_per_rate_is_computed_once_on_each_rates_total() {
        let order = Order {
            lines: vec![
                line(3, "12.50", 2000),
                line(1, "22", 1000),
                line(2, "0.10", 2000),
            ],
            payments: vec![
                Payment {
                    method: PaymentMethod::Card,
                    amount: money("50"),
                },
                Payment {
                    method: PaymentMethod::Cash,
                    amount: money("10"),
                },
            ],
        };
        let totals = order.totals().unwrap_or_else(|_| unreachable!());
        assert_eq!(totals.total, money("59.70"));
        // 10 %: 22,00 → VAT 2,00; 20 %: 37,70 → VAT 6,283… → 6,28.
        let figures: Vec<_> = totals
            .vat
            .iter()
            .map(|v| {
                (
                    v.rate.french(),
                    v.gross.to_string(),
                    v.net.to_string(),
                    v.vat.to_string(),
                )
            })
            .collect();
        assert_eq!(
            figures,
            [
                (
                    "10 %".to_owned(),
                    "22.00".to_owned(),
                    "20.00".to_owned(),
                    "2.00".to_owned()
                ),
                (
                    "20 %".to_owned(),
                    "37.70".to_owned(),
                    "31.42".to_owned(),
                    "6.28".to_owned()
                ),
            ]
        );
        assert_eq!((totals.paid, totals.due), (money("60"), money("-0.30")));
        assert_eq!(VatRate(550).french(), "5,5 %");
    }

    #[test]
    fn o1_a_free_order_is_paid_without_payment() {
        let order = Order {
            lines: vec![line(2, "0", 0)],
            payments: vec![],
        };
        let totals = order.totals().unwrap_or_else(|_| unreachable!());
        assert_eq!((totals.total, totals.due), (Money::ZERO, Money::ZERO));
    }

    proptest! {
        /// The rates' totals add up to the order's; each splits exactly into net and
        /// VAT, the VAT within half a cent of its exact value; what is due is the total
        /// less the sum of the payments.
        #[test]
        fn an_orders_figures_always_add_up(
            lines in prop::collection::vec((1u32..20, 0i64..50_000, prop::sample::select(vec![0u32, 550, 1000, 2000])), 0..12),
            payments in prop::collection::vec(-5_000i64..100_000, 0..5),
        ) {
            let order = Order {
                lines: lines.iter().map(|(q, cents, rate)| Line {
                    label: "x".into(), quantity: *q, unit_price: Money::from_cents(*cents), vat: VatRate(*rate),
                }).collect(),
                payments: payments.iter().map(|c| Payment { method: PaymentMethod::Cash, amount: Money::from_cents(*c) }).collect(),
            };
            let totals = order.totals().unwrap_or_else(|_| unreachable!());
            let gross = totals.vat.iter().try_fold(Money::ZERO, |s, v| s.checked_add(v.gross)).unwrap_or(Money::ZERO);
            prop_assert_eq!(gross, totals.total);
            for v in &totals.vat {
                prop_assert_eq!(v.net.checked_add(v.vat).unwrap_or(Money::ZERO), v.gross);
                let exact = v.gross.as_decimal() * Decimal::from(v.rate.0) / Decimal::from(10_000 + v.rate.0);
                prop_assert!((v.vat.as_decimal() - exact).abs() <= Decimal::new(5, 3));
            }
            let paid: i64 = payments.iter().sum();
            prop_assert_eq!(totals.paid, Money::from_cents(paid));
            prop_assert_eq!(totals.due, totals.total.checked_sub(totals.paid).unwrap_or(Money::ZERO));
        }
    }
}
