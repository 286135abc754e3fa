//! Use cases of the till: its products (activities, items) and gift vouchers.

pub mod products;
pub mod receipt;
pub mod sales;
pub mod voucher_pdf;
pub mod vouchers;
