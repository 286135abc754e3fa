//! The till: its products, carts, sales, receipts, the cash drawer and the cash count.

use guichet_app::box_office::print::chosen_pdf_path;
use guichet_app::error::{AppError, AppResult};
use guichet_app::till::sales::{Cart, CartQuote, SaleView, TillView};
use tracing::instrument;
use uuid::Uuid;

use super::{blocking, on_app, Cmd};

/// See [`guichet_app::App::quote_cart`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn quote_cart(state: Cmd<'_>, cart: Cart) -> AppResult<CartQuote> {
    on_app(&state, move |app| app.quote_cart(&cart)).await
}

/// See [`guichet_app::App::sell`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn sell(state: Cmd<'_>, cart: Cart) -> AppResult<SaleView> {
    on_app(&state, move |app| app.sell(&cart)).await
}

/// See [`guichet_app::App::till`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn till_state(state: Cmd<'_>) -> AppResult<TillView> {
    on_app(&state, |app| app.till()).await
}

/// See [`guichet_app::App::open_till`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn open_till(state: Cmd<'_>, float: guichet_core::Money) -> AppResult<TillView> {
    on_app(&state, move |app| app.open_till(float)).await
}

/// See [`guichet_app::App::count_cash`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn count_cash(state: Cmd<'_>, counted: guichet_core::Money) -> AppResult<TillView> {
    on_app(&state, move |app| app.count_cash(counted)).await
}

/// See [`guichet_app::App::sales`]: today's.
#[tauri::command]
#[instrument(skip_all)]
pub async fn todays_sales(state: Cmd<'_>) -> AppResult<Vec<SaleView>> {
    on_app(&state, |app| {
        let today = app.today();
        app.sales(today)
    })
    .await
}

/// See [`guichet_app::App::void_sale`].
#[tauri::command]
#[instrument(skip_all, fields(%sale))]
pub async fn void_sale(state: Cmd<'_>, sale: Uuid, reason: String) -> AppResult<SaleView> {
    on_app(&state, move |app| app.void_sale(sale, &reason)).await
}

/// The receipt printer of this till, if it has one (then receipts print on it).
#[tauri::command]
#[instrument(skip_all)]
pub async fn receipt_printer(state: Cmd<'_>) -> AppResult<Option<String>> {
    on_app(&state, |app| app.receipt_printer()).await
}

/// Prints the receipt on the till's printer: the sale is read under the lock, the
/// printer is spoken to after it is released (a slow printer never blocks the till).
#[tauri::command]
#[instrument(skip_all, fields(%sale))]
pub async fn print_receipt(state: Cmd<'_>, sale: Uuid) -> AppResult<()> {
    on_app(&state, move |app| app.print_receipt(sale)).await
}

/// Where a receipt is offered to be saved: the home folder, `ticket-N.pdf`.
#[tauri::command]
pub async fn suggested_receipt_file(number: u32) -> AppResult<String> {
    let home = std::env::var_os("HOME").map_or_else(std::env::temp_dir, std::path::PathBuf::from);
    Ok(home
        .join(format!("ticket-{number}.pdf"))
        .display()
        .to_string())
}

/// Saves the receipt of `sale` as an 80 mm PDF at `file`, the path the user chose.
#[tauri::command]
#[instrument(skip_all, fields(%sale))]
pub async fn save_receipt(state: Cmd<'_>, sale: Uuid, file: String) -> AppResult<String> {
    let path = chosen_pdf_path(&file)?;
    let pdf = on_app(&state, move |app| app.receipt_pdf(sale)).await?;
    blocking(move || {
        std::fs::write(&path, pdf).map_err(|e| {
            AppError::input(format!(
                "{} : le ticket ne peut pas être enregistré ({})",
                path.display(),
                guichet_app::error::os_reason(&e)
            ))
        })?;
        Ok(path.display().to_string())
    })
    .await
}

/// See [`guichet_app::App::open_drawer`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn open_drawer(state: Cmd<'_>) -> AppResult<()> {
    on_app(&state, |app| app.open_drawer()).await
}
