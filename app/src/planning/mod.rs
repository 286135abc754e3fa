//! The planning of gîtes, rooms and pitches (rules P1–P8): units, tariffs, quotes,
//! holds and bookings — the use cases, their views and their store queries.

pub mod booking_file;
pub mod explain;
pub mod grid;
pub mod stays;
pub mod store;
pub mod tariff_file;
pub mod tariffs;
pub mod units;
pub mod views;
