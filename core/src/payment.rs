//! A payment recorded against a booking (a deposit, the balance; a refund is a
//! negative amount), and the methods a provider is paid by.

use serde::{Deserialize, Serialize};

/// How a payment was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Espèces.
    Cash,
    /// Carte bancaire (an external terminal).
    Card,
    /// Chèque.
    Cheque,
    /// Virement.
    Transfer,
    /// Chèques-Vacances on paper (ANCV).
    AncvPaper,
    /// Chèque-Vacances Connect (ANCV, online; 20 € minimum, O7).
    AncvConnect,
    /// A gift voucher (the till issue).
    GiftVoucher,
}

impl PaymentMethod {
    /// Every method, in the order the window offers them.
    pub const ALL: [PaymentMethod; 7] = [
        PaymentMethod::Cash,
        PaymentMethod::Card,
        PaymentMethod::Cheque,
        PaymentMethod::Transfer,
        PaymentMethod::AncvPaper,
        PaymentMethod::AncvConnect,
        PaymentMethod::GiftVoucher,
    ];

    /// The wire and database name (`ancv_paper`…).
    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Card => "card",
            PaymentMethod::Cheque => "cheque",
            PaymentMethod::Transfer => "transfer",
            PaymentMethod::AncvPaper => "ancv_paper",
            PaymentMethod::AncvConnect => "ancv_connect",
            PaymentMethod::GiftVoucher => "gift_voucher",
        }
    }

    /// The method named `code`.
    pub fn from_code(code: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Its French name, as on a receipt.
    pub fn french(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "espèces",
            PaymentMethod::Card => "carte bancaire",
            PaymentMethod::Cheque => "chèque",
            PaymentMethod::Transfer => "virement",
            PaymentMethod::AncvPaper => "Chèques-Vacances papier",
            PaymentMethod::AncvConnect => "Chèque-Vacances Connect",
            PaymentMethod::GiftVoucher => "bon cadeau",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_round_trips_through_its_code() {
        for method in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::from_code(method.code()), Some(method));
            let json = serde_json::to_string(&method).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", method.code()));
        }
        assert_eq!(PaymentMethod::from_code("bitcoin"), None);
    }
}
