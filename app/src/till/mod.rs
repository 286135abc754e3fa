//! Use cases of the till: its products (activities, items) and gift vouchers, its
//! sales, the voucher report and the exports.

pub mod exports;
pub mod products;
pub mod receipt;
pub mod report;
pub mod sales;
pub mod voucher_pdf;
pub mod vouchers;
