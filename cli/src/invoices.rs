//! `guichet invoices …` and the credit note a cancellation issues (B1, B3).

use guichet_app::error::AppResult;
use guichet_app::invoices::InvoiceView;
use guichet_app::planning::views::BookingView;
use guichet_app::App;
use serde_json::json;

use crate::args::InvoicesAction;
use crate::run::{lines, output, save_pdf, Output};

fn line(i: &InvoiceView) -> String {
    let kind = if i.kind == "credit_note" {
        "Avoir  "
    } else {
        "Facture"
    };
    let cites = i
        .cites
        .as_ref()
        .map(|c| format!(" (annule {c})"))
        .unwrap_or_default();
    format!(
        "{kind} {}  {}  {:>14}  {}{cites}  [{}]",
        i.number,
        i.issued_on.format("%d/%m/%Y"),
        i.total.to_french(),
        i.customer,
        i.id
    )
}

/// The list shape of cli.md.
fn listed(i: &InvoiceView) -> serde_json::Value {
    json!({
        "id": i.id,
        "number": i.number,
        "kind": i.kind,
        "total": i.total,
        "cites": i.cites,
        "booking": i.booking,
        "issued_on": i.issued_on,
        "customer": i.customer,
    })
}

pub(crate) fn invoices(app: &mut App, action: Option<InvoicesAction>) -> AppResult<Output> {
    match action.unwrap_or(InvoicesAction::List) {
        InvoicesAction::List => {
            let all = app.invoices(None)?;
            let text = lines(&all, line, "Aucune facture.");
            output(&all.iter().map(listed).collect::<Vec<_>>(), text)
        }
        InvoicesAction::Issue { booking } => {
            let invoice = app.issue_invoice(booking)?;
            let text = format!(
                "Facture émise : {} — {} (imprimez-la avec « guichet invoices pdf {} --out facture.pdf »)",
                invoice.number,
                invoice.total.to_french(),
                invoice.id
            );
            output(
                &json!({"invoice": invoice.id, "number": invoice.number, "total": invoice.total}),
                text,
            )
        }
        InvoicesAction::Pdf { invoice, out } => {
            let (number, pdf) = app.invoice_pdf(invoice)?;
            let path = save_pdf(&pdf, &out)?;
            output(
                &json!({"invoice": invoice, "number": number, "pdf": path}),
                format!("{number} : {path}"),
            )
        }
        InvoicesAction::Verify => {
            let check = app.verify_invoices()?;
            let text = match &check.problem {
                None => format!(
                    "{} facture(s) et avoir(s) : numérotation sans trou, PDF intacts.",
                    check.invoices
                ),
                Some(problem) => format!("Problème : {problem}"),
            };
            let mut out = output(&check, text)?;
            if !check.ok {
                out.exit = 1;
            }
            Ok(out)
        }
    }
}

/// A cancelled booking, with the credit note its cancellation issued (B1), if any.
/// `before`: how many documents the booking had before it was cancelled.
pub(crate) fn cancelled(app: &App, booking: &BookingView, before: usize) -> AppResult<Output> {
    let credit = app
        .invoices(Some(booking.id))?
        .into_iter()
        .skip(before)
        .find(|i| i.kind == "credit_note");
    let mut value = serde_json::to_value(booking).unwrap_or_default();
    value["credit_note"] = credit
        .as_ref()
        .map(listed)
        .unwrap_or(serde_json::Value::Null);
    let mut text = crate::french::booking(booking);
    if let Some(c) = &credit {
        text.push_str(&format!(
            "\nAvoir émis : {} ({}), qui annule la facture {}",
            c.number,
            c.total.to_french(),
            c.cites.clone().unwrap_or_default()
        ));
    }
    output(&value, text)
}
