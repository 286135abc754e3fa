//! Guichet's domain, pure: no IO, no clock, no randomness. Shared by the desktop
//! app and the sync server so that a price or a conflict is decided the same way
//! everywhere (rule D2). Rule IDs (P1, T5…) refer to `shared/spec/rules.md`.

pub mod availability;
pub mod booking;
pub mod bounds;
pub mod calendar;
pub mod contact;
pub mod contract;
pub mod csv_read;
pub mod event;
pub mod fee;
pub mod hex;
pub mod hold;
pub mod ical;
pub mod indicative;
pub mod invoice;
pub mod journal;
pub mod media;
pub mod money;
pub mod order;
pub mod payment;
pub mod payout;
pub mod pricing;
pub mod sale;
pub mod scan;
pub mod stay;
pub mod sync;
pub mod tariff;
pub mod template;
pub mod ticket_booking;
pub mod ticket_code;
pub mod unit;
pub mod voucher;
pub mod wallet;

pub use money::Money;
pub use pricing::{PricingMode, Quote, TariffGrid};
pub use stay::Stay;
pub use tariff::Tariff;
