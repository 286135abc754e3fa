//! The contract of a booking (B2, P9): who, what, when, the price, the deposit the
//! provider's conditions ask for (arrhes or acompte, with what cancelling costs), what
//! was paid and what remains due by when, the conditions of sale and the additional
//! information where the tourist tax is stated. Unlike the invoice, it shows payments.

use chrono::{DateTime, NaiveDate, Utc};
use guichet_core::booking::BookingStatus;
use guichet_core::contract::{balance, Conditions};
use guichet_core::payment::PaymentMethod;
use guichet_core::Money;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::box_office::pdf::{line, render_pages, PrintLine, A4_HEIGHT_PT, A4_WIDTH_PT};
use crate::error::{AppError, AppResult};
use crate::planning::booking_file::CustomerView;
use crate::till::receipt::{address, wrap};
use crate::App;

/// Where the text starts, and where amounts and values start.
const LEFT: i32 = 50;
const VALUES: i32 = 250;
const AMOUNTS: i32 = 450;
/// Characters of a paragraph's line at 9 points, before it wraps.
const PARAGRAPH_CHARS: usize = 95;

/// One payment as the contract lists it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ContractPayment {
    /// The day it was paid.
    pub paid_on: NaiveDate,
    /// How, in French (« chèque »…).
    pub method: String,
    /// Amount, `"300.00"`; negative for a refund.
    #[ts(type = "string")]
    pub amount: Money,
}

/// Everything the contract of a booking says.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ContractView {
    /// The booking.
    pub booking: Uuid,
    /// Its number (`R-…`).
    pub number: String,
    /// The provider's name.
    pub provider: String,
    /// Its address, SIRET, e-mail and phone, one line each (empty ones left out).
    pub provider_lines: Vec<String>,
    /// The customer.
    pub customer: CustomerView,
    /// The unit's name.
    pub unit: String,
    /// Arrival.
    pub arrival: NaiveDate,
    /// Departure.
    pub departure: NaiveDate,
    /// Nights.
    pub nights: u32,
    /// Adults (null: not recorded).
    pub adults: Option<u32>,
    /// Children.
    pub children: Option<u32>,
    /// The price of the stay.
    #[ts(type = "string")]
    pub total: Money,
    /// The deposit asked, in percent.
    pub deposit_percent: u32,
    /// The deposit asked, in euros.
    #[ts(type = "string")]
    pub deposit: Money,
    /// `arrhes` or `acompte`.
    pub deposit_kind: String,
    /// What cancelling costs with that kind of deposit.
    pub consequence: String,
    /// Payments, oldest first (a refund is negative).
    pub payments: Vec<ContractPayment>,
    /// Their sum.
    #[ts(type = "string")]
    pub paid: Money,
    /// What remains due (never below zero; zero once cancelled).
    #[ts(type = "string")]
    pub balance: Money,
    /// When the balance is due.
    pub balance_due: NaiveDate,
    /// The booking was cancelled.
    pub cancelled: bool,
    /// The provider's conditions of sale.
    pub terms: String,
    /// The additional information (tourist tax, P9).
    pub extra_info: String,
}

fn day(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

fn text(t: impl Into<String>) -> PrintLine {
    line(9, false, vec![(LEFT, t.into())])
}

fn heading(t: &str) -> [PrintLine; 2] {
    [
        line(6, false, Vec::new()),
        line(11, true, vec![(LEFT, t.to_owned())]),
    ]
}

fn field(label: &str, value: impl Into<String>) -> PrintLine {
    line(
        9,
        false,
        vec![(LEFT, label.to_owned()), (VALUES, value.into())],
    )
}

fn amount(label: impl Into<String>, money: Money, bold: bool) -> PrintLine {
    line(
        9,
        bold,
        vec![(LEFT, label.into()), (AMOUNTS, money.to_french())],
    )
}

/// A free text as paragraphs: each of its lines wrapped, blank lines kept.
fn paragraphs(free: &str) -> Vec<PrintLine> {
    free.lines()
        .flat_map(|l| {
            let wrapped = wrap(l, PARAGRAPH_CHARS);
            if wrapped.is_empty() {
                vec![line(5, false, Vec::new())]
            } else {
                wrapped.into_iter().map(text).collect()
            }
        })
        .collect()
}

fn people(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

/// The lines of the contract.
fn contract_lines(c: &ContractView) -> Vec<PrintLine> {
    let mut lines = vec![
        line(16, true, vec![(LEFT, "Contrat de location".to_owned())]),
        line(
            10,
            false,
            vec![(LEFT, format!("Réservation n° {}", c.number))],
        ),
    ];
    if c.cancelled {
        lines.push(line(
            10,
            true,
            vec![(LEFT, "Réservation annulée".to_owned())],
        ));
    }
    lines.extend(heading("Le prestataire"));
    lines.push(line(10, true, vec![(LEFT, c.provider.clone())]));
    lines.extend(c.provider_lines.iter().cloned().map(text));
    lines.extend(heading("Le client"));
    let who = [
        c.customer.title.as_str(),
        c.customer.first_name.as_str(),
        c.customer.last_name.as_str(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" ");
    lines.push(line(10, true, vec![(LEFT, who)]));
    lines.extend(c.customer.address.lines().map(text));
    if let Some(email) = &c.customer.email {
        lines.push(text(format!("E-mail : {email}")));
    }
    if let Some(phone) = &c.customer.phone {
        lines.push(text(format!("Téléphone : {phone}")));
    }
    lines.extend(heading("Le séjour"));
    lines.push(field("Hébergement", c.unit.clone()));
    lines.push(field("Arrivée", day(c.arrival)));
    lines.push(field("Départ", day(c.departure)));
    lines.push(field("Durée", people(c.nights, "nuit", "nuits")));
    if let Some(adults) = c.adults {
        let mut party = people(adults, "adulte", "adultes");
        if let Some(children) = c.children.filter(|n| *n > 0) {
            party.push_str(&format!(", {}", people(children, "enfant", "enfants")));
        }
        lines.push(field("Personnes", party));
    }
    lines.extend(heading("Le prix et les paiements"));
    lines.push(amount("Prix du séjour", c.total, true));
    let (kind, asked) = if c.deposit_kind == "acompte" {
        ("Acompte", "Acompte demandé")
    } else {
        ("Arrhes", "Arrhes demandées")
    };
    lines.push(amount(
        format!("{asked} : {} % du prix", c.deposit_percent),
        c.deposit,
        false,
    ));
    if c.payments.is_empty() {
        lines.push(text("Aucun paiement reçu à ce jour."));
    } else {
        lines.push(text("Paiements reçus :"));
        for p in &c.payments {
            let what = if p.amount.is_negative() {
                "remboursement"
            } else {
                "paiement"
            };
            lines.push(amount(
                format!("  {} — {what} par {}", day(p.paid_on), p.method),
                p.amount,
                false,
            ));
        }
        lines.push(amount("Total payé", c.paid, false));
    }
    if c.cancelled {
        lines.push(text("La réservation est annulée : plus rien n'est dû."));
    } else {
        lines.push(amount(
            format!("Solde restant dû au {}", day(c.balance_due)),
            c.balance,
            true,
        ));
    }
    lines.extend(heading(&format!("{kind} et annulation")));
    lines.extend(paragraphs(&c.consequence));
    if !c.terms.trim().is_empty() {
        lines.extend(heading("Conditions générales de vente"));
        lines.extend(paragraphs(&c.terms));
    }
    if !c.extra_info.trim().is_empty() {
        lines.extend(heading("Informations complémentaires"));
        lines.extend(paragraphs(&c.extra_info));
    }
    lines
}

/// The contract as a PDF (A4, as many pages as it needs).
pub fn render(contract: &ContractView) -> AppResult<Vec<u8>> {
    render_pages(
        &format!("Contrat — réservation n° {}", contract.number),
        A4_WIDTH_PT,
        Some(A4_HEIGHT_PT),
        &contract_lines(contract),
    )
}

impl App {
    /// What the contract of `booking` says (B2): the deposit asked by the provider's
    /// conditions, the payments, the balance and its due date.
    pub fn contract(&self, booking: Uuid) -> AppResult<ContractView> {
        let file = self.booking_file(booking)?;
        let settings = self.settings()?;
        let conn = self.store.conn();
        let conditions: Conditions = crate::settings::conditions(conn)?;
        let created: String = conn.query_row(
            "SELECT created_at FROM bookings WHERE id = ?1",
            [booking.to_string()],
            |r| r.get(0),
        )?;
        let booked_on = created
            .parse::<DateTime<Utc>>()
            .map(|at| at.with_timezone(&chrono_tz::Europe::Paris).date_naive())
            .unwrap_or(file.booking.start);
        let too_big =
            |_| AppError::input("les montants de cette réservation dépassent les montants gérés");
        let amounts: Vec<Money> = file.payments.iter().map(|p| p.amount).collect();
        let cancelled = file.booking.status == BookingStatus::Cancelled;
        let rest = if cancelled {
            Money::ZERO
        } else {
            balance(file.booking.total, &amounts).map_err(too_big)?
        };
        let identity = &settings.identity;
        let mut provider_lines = address(identity);
        if !identity.country.is_empty() && !identity.country.eq_ignore_ascii_case("france") {
            provider_lines.push(identity.country.clone());
        }
        for (label, value) in [
            ("SIRET", &identity.siret),
            ("E-mail", &identity.email),
            ("Téléphone", &identity.phone),
        ] {
            if !value.is_empty() {
                provider_lines.push(format!("{label} : {value}"));
            }
        }
        Ok(ContractView {
            booking,
            number: super::booking_number(booking),
            provider: settings.provider_name.clone(),
            provider_lines,
            customer: file.customer.clone(),
            unit: file.unit_name.clone(),
            arrival: file.booking.start,
            departure: file.booking.end,
            nights: file.booking.nights,
            adults: file.adults,
            children: file.children,
            total: file.booking.total,
            deposit_percent: conditions.deposit_percent,
            deposit: conditions.deposit(file.booking.total).map_err(too_big)?,
            deposit_kind: conditions.deposit_kind.code().to_owned(),
            consequence: conditions.deposit_kind.consequence().to_owned(),
            payments: file
                .payments
                .iter()
                .map(|p| ContractPayment {
                    paid_on: p.paid_on,
                    method: PaymentMethod::from_code(&p.method)
                        .map_or_else(|| p.method.clone(), |m| m.french().to_owned()),
                    amount: p.amount,
                })
                .collect(),
            paid: file.paid,
            balance: rest,
            balance_due: conditions.balance_due(file.booking.start, booked_on),
            cancelled,
            terms: conditions.terms,
            extra_info: conditions.extra_info,
        })
    }

    /// The contract of `booking` as a PDF (B2, P9), for saving or attaching to an e-mail.
    pub fn contract_pdf(&self, booking: Uuid) -> AppResult<Vec<u8>> {
        render(&self.contract(booking)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b2_a_long_text_wraps_into_lines_and_keeps_its_blank_lines() {
        let lines = paragraphs(&format!("{}\n\nfin", "mot ".repeat(40)));
        assert_eq!(lines.len(), 4, "two wrapped lines, a blank one, « fin »");
    }
}
