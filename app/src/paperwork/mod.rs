//! The paperwork of a booking file: its contract (B2, P9) and the notification texts
//! filled for it (T6).

pub mod contract;
pub mod templates;

use uuid::Uuid;

/// A booking's number, as the customer reads it on the contract and in e-mails
/// (`{Numero}`): `R-` and the last 8 hexadecimal digits of its id, the random part of a
/// UUIDv7, so that two bookings made in the same second still differ.
pub fn booking_number(id: Uuid) -> String {
    let hex = id.simple().to_string().to_uppercase();
    format!("R-{}", &hex[hex.len() - 8..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_booking_number_is_the_random_end_of_its_id() {
        let id: Uuid = "019c0a4e-8d2b-7c3e-9f00-0a1b3f9a21bc".parse().unwrap();
        assert_eq!(booking_number(id), "R-3F9A21BC");
    }
}
