//! Use cases of the till: its products (activities, items), the box office's tickets
//! and gift vouchers, its sales, the voucher report and the exports.

pub mod exports;
pub mod products;
pub mod receipt;
pub mod report;
pub mod sales;
pub mod tickets;
pub mod voucher_pdf;
pub mod vouchers;

use crate::error::AppResult;
use guichet_core::sync::wire::Text;

/// A text of an operation, checked for its bounds.
fn text(value: &str) -> AppResult<Text> {
    Ok(Text::try_from(value.to_owned())?)
}
