//! The PDF of an invoice or a credit note, from its snapshot alone: the same snapshot
//! gives the same bytes (no clock, fixed ids). It carries the mentions French law asks
//! for: the provider's identity, SIRET and address, the customer, the date, the number,
//! the lines, VAT per rate or « TVA non applicable, art. 293 B du CGI » — and never
//! the payments (B2).

use guichet_core::invoice::{DocumentKind, InvoiceSnapshot, VatRegime, FRANCHISE_MENTION};

use crate::box_office::pdf::{line, render_pages, PrintLine, A4_HEIGHT_PT, A4_WIDTH_PT};
use crate::error::AppResult;

/// Columns.
const LEFT: i32 = 40;
const QUANTITY: i32 = 340;
const UNIT_PRICE: i32 = 390;
const AMOUNT: i32 = 480;

fn plain(text: impl Into<String>) -> PrintLine {
    line(10, false, vec![(LEFT, text.into())])
}

fn blank() -> PrintLine {
    plain("")
}

/// The printed lines of `s`.
fn lines(s: &InvoiceSnapshot) -> Vec<PrintLine> {
    let p = &s.provider;
    let mut out = vec![line(16, true, vec![(LEFT, p.name.clone())])];
    if !p.street.is_empty() {
        out.push(plain(p.street.clone()));
    }
    let town = format!("{} {}", p.postcode, p.town).trim().to_owned();
    if !town.is_empty() {
        out.push(plain(town));
    }
    if !p.country.is_empty() {
        out.push(plain(p.country.clone()));
    }
    if !p.siret.is_empty() {
        out.push(plain(format!("SIRET {}", p.siret)));
    }
    if !p.vat_number.is_empty() {
        out.push(plain(format!("TVA intracommunautaire {}", p.vat_number)));
    }
    let contact: Vec<&str> = [p.email.as_str(), p.phone.as_str()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect();
    if !contact.is_empty() {
        out.push(plain(contact.join(" — ")));
    }
    out.push(blank());
    let title = match s.kind {
        DocumentKind::Invoice => "FACTURE",
        DocumentKind::CreditNote => "AVOIR",
    };
    out.push(line(
        16,
        true,
        vec![(LEFT, format!("{title} n° {}", s.number))],
    ));
    out.push(plain(format!("Date : {}", s.issued_on.format("%d/%m/%Y"))));
    if let Some(cited) = &s.cites {
        out.push(plain(format!(
            "Avoir sur la facture n° {cited} (annulation)"
        )));
    }
    out.push(blank());
    out.push(line(11, true, vec![(LEFT, "Client".to_owned())]));
    out.push(plain(s.customer.name.clone()));
    let address = s.customer.address.lines().map(str::trim);
    let contact = [s.customer.email.as_str(), s.customer.phone.as_str()];
    for text in address.chain(contact) {
        if !text.is_empty() {
            out.push(plain(text.to_owned()));
        }
    }
    out.push(blank());
    out.push(line(
        10,
        true,
        vec![
            (LEFT, "Désignation".to_owned()),
            (QUANTITY, "Qté".to_owned()),
            (UNIT_PRICE, "Prix unitaire".to_owned()),
            (AMOUNT, "Montant".to_owned()),
        ],
    ));
    let charged = s.regime == VatRegime::Charged;
    for l in &s.lines {
        let amount = l.unit_price.checked_mul(l.quantity).unwrap_or(l.unit_price);
        out.push(line(
            10,
            false,
            vec![
                (LEFT, l.label.clone()),
                (QUANTITY, l.quantity.to_string()),
                (UNIT_PRICE, l.unit_price.to_french()),
                (AMOUNT, amount.to_french()),
            ],
        ));
        let mut detail = l.detail.clone();
        if charged {
            detail = format!("{detail} — TVA {}", l.vat.french());
        }
        if !detail.is_empty() {
            out.push(line(9, false, vec![(LEFT + 10, detail)]));
        }
    }
    out.push(blank());
    let total_label = if charged { "Total TTC" } else { "Total" };
    out.push(line(
        12,
        true,
        vec![
            (UNIT_PRICE, total_label.to_owned()),
            (AMOUNT, s.total.to_french()),
        ],
    ));
    if charged {
        for v in &s.vat {
            out.push(plain(format!(
                "TVA {} : base HT {}, TVA {}",
                v.rate.french(),
                v.net.to_french(),
                v.vat.to_french()
            )));
        }
    } else {
        out.push(plain(FRANCHISE_MENTION));
    }
    out
}

/// The PDF of `snapshot`.
pub fn render(snapshot: &InvoiceSnapshot) -> AppResult<Vec<u8>> {
    let title = format!("{} {}", snapshot.kind.french(), snapshot.number);
    render_pages(&title, A4_WIDTH_PT, Some(A4_HEIGHT_PT), &lines(snapshot))
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichet_core::invoice::{CustomerSnapshot, InvoiceLine, ProviderSnapshot, STAY_VAT};

    fn snapshot(regime: VatRegime) -> InvoiceSnapshot {
        let lines = vec![InvoiceLine {
            label: "Séjour — Gîte des Lilas".into(),
            detail: "du 04/07/2026 au 11/07/2026, 7 nuits".into(),
            quantity: 1,
            unit_price: "1100.00".parse().unwrap(),
            vat: STAY_VAT,
        }];
        let (total, vat) = InvoiceSnapshot::figures(&lines, regime).unwrap();
        InvoiceSnapshot {
            kind: DocumentKind::Invoice,
            number: "F2026-A-000001".into(),
            issued_on: "2026-06-01".parse().unwrap(),
            cites: None,
            booking: uuid::Uuid::from_u128(3),
            provider: ProviderSnapshot {
                name: "Les Gîtes du Vallon".into(),
                siret: "73282932000074".into(),
                ..ProviderSnapshot::default()
            },
            customer: CustomerSnapshot {
                name: "Marie Dupont".into(),
                ..CustomerSnapshot::default()
            },
            regime,
            lines,
            total,
            vat,
        }
    }

    #[test]
    fn b3_the_same_snapshot_renders_to_the_same_bytes() {
        let s = snapshot(VatRegime::Franchise);
        let first = render(&s).unwrap();
        let second = render(&s).unwrap();
        assert_eq!(first, second);
        assert!(first.starts_with(b"%PDF"));
        let mut renamed = s.clone();
        renamed.provider.name = "Autre".into();
        assert_ne!(render(&renamed).unwrap(), first);
    }

    #[test]
    fn b3_vat_per_rate_or_the_293_b_mention() {
        let free = lines(&snapshot(VatRegime::Franchise));
        let text = |ls: &[PrintLine]| {
            ls.iter()
                .flat_map(|l| l.cells.iter().map(|(_, t)| t.clone()))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert!(text(&free).contains(FRANCHISE_MENTION));
        let charged = text(&lines(&snapshot(VatRegime::Charged)));
        assert!(!charged.contains(FRANCHISE_MENTION));
        let money = |t: &str| t.parse::<guichet_core::Money>().unwrap().to_french();
        let expected = format!(
            "TVA 10 % : base HT {}, TVA {}",
            money("1000.00"),
            money("100.00")
        );
        assert!(charged.contains(&expected), "{charged}");
    }
}
