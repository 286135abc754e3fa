//! Invoices and credit notes (B1, B3): issue one from a booking file, list them, send
//! the stored PDF to a printer or a file, the VAT regime.

use guichet_app::error::AppResult;
use guichet_app::invoices::InvoiceView;
use guichet_app::planning::views::SettingsView;
use guichet_core::invoice::VatRegime;
use tracing::instrument;
use uuid::Uuid;

use super::box_office::{home_file, print_to};
use super::{on_app, Cmd};

/// See [`guichet_app::App::issue_invoice`].
#[tauri::command]
#[instrument(skip_all, fields(%booking))]
pub async fn issue_invoice(state: Cmd<'_>, booking: Uuid) -> AppResult<InvoiceView> {
    on_app(&state, move |app| app.issue_invoice(booking)).await
}

/// See [`guichet_app::App::invoices`]: all of them, or a booking's.
#[tauri::command]
#[instrument(skip_all)]
pub async fn invoices(state: Cmd<'_>, booking: Option<Uuid>) -> AppResult<Vec<InvoiceView>> {
    on_app(&state, move |app| app.invoices(booking)).await
}

/// Where the save dialog proposes to write an invoice: the home folder, by number.
#[tauri::command]
#[instrument(skip_all)]
pub async fn suggested_invoice_file(number: String) -> AppResult<String> {
    let name: String = number
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    Ok(home_file(&format!("{name}.pdf")))
}

/// Sends the stored PDF of invoice `id` to `printer` (CUPS) or saves it at `file`;
/// returns the PDF's path.
#[tauri::command]
#[instrument(skip_all, fields(%id, to_printer = printer.is_some()))]
pub async fn print_invoice(
    state: Cmd<'_>,
    id: Uuid,
    printer: Option<String>,
    file: Option<String>,
) -> AppResult<String> {
    let to = print_to(printer, file)?;
    let path = on_app(&state, move |app| app.deliver_invoice(id, &to)).await?;
    Ok(path.display().to_string())
}

/// See [`guichet_app::App::set_vat_regime`].
#[tauri::command]
#[instrument(skip_all, fields(?regime))]
pub async fn set_vat_regime(state: Cmd<'_>, regime: VatRegime) -> AppResult<SettingsView> {
    on_app(&state, move |app| app.set_vat_regime(regime)).await
}
