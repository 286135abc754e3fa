//! The till's products and gift vouchers: list, add, edit, delete products; sell,
//! find, redeem, deactivate, extend and print vouchers. A voucher's code is its only
//! secret and is never logged.

use chrono::NaiveDate;
use guichet_app::error::AppResult;
use guichet_app::till::products::{ProductEdit, ProductView};
use guichet_app::till::voucher_pdf::code_end;
use guichet_app::till::vouchers::{RedeemedVoucher, SoldVoucher, VoucherView};
use guichet_core::payment::PaymentMethod;
use guichet_core::Money;
use tracing::instrument;
use uuid::Uuid;

use super::box_office::{home_file, print_to};
use super::{blocking, on_app, Cmd};

/// See [`guichet_app::App::products`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn products(state: Cmd<'_>) -> AppResult<Vec<ProductView>> {
    on_app(&state, |app| app.products()).await
}

/// See [`guichet_app::App::add_product`].
#[tauri::command]
#[instrument(skip_all, fields(vat_rate))]
pub async fn add_product(
    state: Cmd<'_>,
    name: String,
    price: Money,
    vat_rate: u32,
    channels: Vec<String>,
) -> AppResult<ProductView> {
    on_app(&state, move |app| {
        app.add_product(&name, price, vat_rate, &channels)
    })
    .await
}

/// See [`guichet_app::App::edit_product`].
#[tauri::command]
#[instrument(skip_all, fields(%product))]
pub async fn edit_product(
    state: Cmd<'_>,
    product: Uuid,
    edit: ProductEdit,
) -> AppResult<ProductView> {
    on_app(&state, move |app| app.edit_product(product, edit)).await
}

/// See [`guichet_app::App::remove_product`].
#[tauri::command]
#[instrument(skip_all, fields(%product))]
pub async fn remove_product(state: Cmd<'_>, product: Uuid) -> AppResult<()> {
    on_app(&state, move |app| app.remove_product(product)).await
}

/// See [`guichet_app::App::vouchers`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn vouchers(state: Cmd<'_>) -> AppResult<Vec<VoucherView>> {
    on_app(&state, |app| app.vouchers()).await
}

/// See [`guichet_app::App::voucher`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn voucher(state: Cmd<'_>, code: String) -> AppResult<VoucherView> {
    on_app(&state, move |app| app.voucher(&code)).await
}

/// See [`guichet_app::App::sell_voucher`].
#[tauri::command]
#[instrument(skip_all, fields(?method))]
pub async fn sell_voucher(
    state: Cmd<'_>,
    products: Vec<Uuid>,
    amount: Money,
    method: PaymentMethod,
) -> AppResult<SoldVoucher> {
    on_app(&state, move |app| {
        app.sell_voucher(&products, amount, method)
    })
    .await
}

/// See [`guichet_app::App::redeem_voucher`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn redeem_voucher(
    state: Cmd<'_>,
    code: String,
    printed: Option<Money>,
    cart: Option<Money>,
) -> AppResult<RedeemedVoucher> {
    on_app(&state, move |app| app.redeem_voucher(&code, printed, cart)).await
}

/// See [`guichet_app::App::deactivate_voucher`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn deactivate_voucher(
    state: Cmd<'_>,
    code: String,
    reason: String,
) -> AppResult<VoucherView> {
    on_app(&state, move |app| app.deactivate_voucher(&code, &reason)).await
}

/// See [`guichet_app::App::extend_voucher`].
#[tauri::command]
#[instrument(skip_all, fields(%until))]
pub async fn extend_voucher(
    state: Cmd<'_>,
    code: String,
    until: NaiveDate,
) -> AppResult<VoucherView> {
    on_app(&state, move |app| app.extend_voucher(&code, until)).await
}

/// Where the save dialog proposes to write a voucher: the home folder.
#[tauri::command]
#[instrument(skip_all)]
pub async fn suggested_voucher_file(code: String) -> AppResult<String> {
    Ok(home_file(&format!(
        "bon-cadeau-{}.pdf",
        code_end(code.trim())
    )))
}

/// Writes the voucher's PDF and sends it to `printer` (CUPS) or saves it at `file`,
/// the path the user chose; returns the PDF's path. The page is read under the lock
/// and rendered after it is released.
#[tauri::command]
#[instrument(skip_all, fields(to_printer = printer.is_some()))]
pub async fn print_voucher(
    state: Cmd<'_>,
    code: String,
    printer: Option<String>,
    file: Option<String>,
) -> AppResult<String> {
    let to = print_to(printer, file)?;
    let print = on_app(&state, move |app| app.voucher_print(&code)).await?;
    let path = blocking(move || print.deliver(&to)).await?;
    tracing::info!("bon cadeau imprimé");
    Ok(path.display().to_string())
}
