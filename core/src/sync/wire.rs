//! Wire types of sync operations: each validates when it is decoded (`try_from`), so
//! that an operation pulled from the server can never build an invalid value here.
//! Their serde forms are the wire format, pinned by golden files: never derive them
//! from a domain struct.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::bounds::{self, MAX_AMOUNT_CENTS, MAX_NAME_CHARS};
use crate::contact::Contact;
use crate::money::Money;

/// Why a value on the wire is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("opération de synchronisation invalide : {0}")]
pub struct WireError(pub String);

impl From<bounds::BoundError> for WireError {
    fn from(error: bounds::BoundError) -> WireError {
        WireError(error.to_string())
    }
}

/// A trimmed, non-empty name of at most [`MAX_NAME_CHARS`] characters without control
/// characters ([`bounds::check_name`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Name(String);

impl TryFrom<String> for Name {
    type Error = WireError;

    fn try_from(text: String) -> Result<Name, WireError> {
        let name = bounds::check_name(&text)?;
        if name.is_empty() {
            return Err(WireError("un nom ne peut pas être vide".into()));
        }
        Ok(Name(name.to_owned()))
    }
}

impl From<Name> for String {
    fn from(name: Name) -> String {
        name.0
    }
}

impl Name {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A text that may be empty (a theme, a scanner's raw input), at most 200 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Text(String);

impl TryFrom<String> for Text {
    type Error = WireError;

    fn try_from(text: String) -> Result<Text, WireError> {
        if text.chars().count() > MAX_NAME_CHARS {
            return Err(WireError(format!(
                "un texte compte au plus {MAX_NAME_CHARS} caractères"
            )));
        }
        Ok(Text(text))
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.0
    }
}

impl Text {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The longest long text (conditions of sale, a template), in characters.
pub const MAX_LONG_TEXT_CHARS: usize = 20_000;

/// A long text that may be empty, with line breaks and tabs but no other control
/// characters: the provider's conditions, a notification template.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LongText(String);

impl TryFrom<String> for LongText {
    type Error = WireError;

    fn try_from(text: String) -> Result<LongText, WireError> {
        if text.chars().count() > MAX_LONG_TEXT_CHARS {
            return Err(WireError(format!(
                "un texte long compte au plus {MAX_LONG_TEXT_CHARS} caractères"
            )));
        }
        if text
            .chars()
            .any(|c| !matches!(c, '\n' | '\t') && crate::bounds::is_control(c))
        {
            return Err(WireError(
                "un texte long ne contient pas de caractère de contrôle (hors retours à la ligne)"
                    .to_owned(),
            ));
        }
        Ok(LongText(text))
    }
}

impl From<LongText> for String {
    fn from(text: LongText) -> String {
        text.0
    }
}

impl LongText {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The largest logo on the wire, as a data URL (500 kB of image in base64, and its
/// `data:image/…;base64,` prefix).
pub const MAX_LOGO_CHARS: usize = 500_000 / 3 * 4 + 8 + 32;

/// The provider's logo: empty (none), or a PNG or JPEG image as a base64 data URL of
/// at most [`MAX_LOGO_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Logo(String);

impl TryFrom<String> for Logo {
    type Error = WireError;

    fn try_from(text: String) -> Result<Logo, WireError> {
        let body = text
            .strip_prefix("data:image/png;base64,")
            .or_else(|| text.strip_prefix("data:image/jpeg;base64,"));
        let base64 = |b: &str| {
            b.bytes()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='))
        };
        match body {
            _ if text.is_empty() => Ok(Logo(text)),
            Some(body) if text.len() <= MAX_LOGO_CHARS && !body.is_empty() && base64(body) => {
                Ok(Logo(text))
            }
            _ => Err(WireError(
                "un logo est une image PNG ou JPEG de 500 ko au plus".into(),
            )),
        }
    }
}

impl From<Logo> for String {
    fn from(logo: Logo) -> String {
        logo.0
    }
}

impl Logo {
    /// The data URL (empty: no logo).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The bytes of a photo or an attachment, in standard base64 on the wire: not empty, at
/// most [`crate::media::MAX_ATTACHMENT_BYTES`] once decoded (the operation that carries
/// it checks its kind's own limit and its fingerprint).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Blob(Vec<u8>);

impl std::fmt::Debug for Blob {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Blob({} bytes)", self.0.len())
    }
}

impl TryFrom<String> for Blob {
    type Error = WireError;

    fn try_from(text: String) -> Result<Blob, WireError> {
        use base64::Engine as _;
        let max = crate::media::MAX_ATTACHMENT_BYTES;
        if text.len() > max.div_ceil(3) * 4 {
            return Err(WireError(format!(
                "un fichier joint pèse au plus {} Mo",
                max / 1_000_000
            )));
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text.as_bytes())
            .map_err(|_| WireError("fichier joint illisible (base64 invalide)".into()))?;
        Blob::new(bytes)
    }
}

impl From<Blob> for String {
    fn from(blob: Blob) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(blob.0)
    }
}

impl Blob {
    /// Bytes of a file, not empty and within the largest size.
    pub fn new(bytes: Vec<u8>) -> Result<Blob, WireError> {
        if bytes.is_empty() {
            return Err(WireError("un fichier joint ne peut pas être vide".into()));
        }
        if bytes.len() > crate::media::MAX_ATTACHMENT_BYTES {
            return Err(WireError(format!(
                "un fichier joint pèse au plus {} Mo",
                crate::media::MAX_ATTACHMENT_BYTES / 1_000_000
            )));
        }
        Ok(Blob(bytes))
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Never true (kept for clippy's `len_without_is_empty`).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A count of 1 to [`bounds::MAX_QUANTITY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Count(u32);

impl TryFrom<u32> for Count {
    type Error = WireError;

    fn try_from(n: u32) -> Result<Count, WireError> {
        if n == 0 {
            return Err(WireError("un nombre vaut au moins 1".into()));
        }
        Ok(Count(bounds::check_quantity(n)?))
    }
}

impl From<Count> for u32 {
    fn from(count: Count) -> u32 {
        count.0
    }
}

impl Count {
    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// A session's seats, 1 to [`bounds::MAX_SEATS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Seats(u32);

impl TryFrom<u32> for Seats {
    type Error = WireError;

    fn try_from(n: u32) -> Result<Seats, WireError> {
        if (1..=bounds::MAX_SEATS).contains(&n) {
            Ok(Seats(n))
        } else {
            Err(WireError(format!(
                "une séance compte de 1 à {} places, pas {n}",
                bounds::MAX_SEATS
            )))
        }
    }
}

impl From<Seats> for u32 {
    fn from(seats: Seats) -> u32 {
        seats.0
    }
}

impl Seats {
    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// A number of nights, 1 to [`bounds::MAX_STAY_NIGHTS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Nights(u32);

impl TryFrom<u32> for Nights {
    type Error = WireError;

    fn try_from(n: u32) -> Result<Nights, WireError> {
        if n == 0 {
            return Err(WireError("un séjour compte au moins une nuit".into()));
        }
        Ok(Nights(bounds::check_nights(n)?))
    }
}

impl From<Nights> for u32 {
    fn from(nights: Nights) -> u32 {
        nights.0
    }
}

impl Nights {
    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// A civil date in the years 2000–2099 (or the morning after the last night of 2099).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "NaiveDate", into = "NaiveDate")]
pub struct Day(NaiveDate);

impl TryFrom<NaiveDate> for Day {
    type Error = WireError;

    fn try_from(date: NaiveDate) -> Result<Day, WireError> {
        Ok(Day(bounds::check_departure(date)?))
    }
}

impl From<Day> for NaiveDate {
    fn from(day: Day) -> NaiveDate {
        day.0
    }
}

impl Day {
    /// The date.
    pub fn get(self) -> NaiveDate {
        self.0
    }
}

/// An amount of at most 1,000,000.00 € either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Money", into = "Money")]
pub struct Amount(Money);

impl TryFrom<Money> for Amount {
    type Error = WireError;

    fn try_from(money: Money) -> Result<Amount, WireError> {
        match money.to_cents() {
            Some(cents) if cents.abs() <= MAX_AMOUNT_CENTS => Ok(Amount(money)),
            _ => Err(WireError(format!(
                "un montant va jusqu'à 1 000 000,00 €, pas {money}"
            ))),
        }
    }
}

impl From<Amount> for Money {
    fn from(amount: Amount) -> Money {
        amount.0
    }
}

impl Amount {
    /// The amount.
    pub fn get(self) -> Money {
        self.0
    }
}

/// A customer: a name and at least one of an e-mail and a phone, as [`Contact`] checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "GuestWire", into = "GuestWire")]
pub struct Guest(Contact);

/// The wire form of a [`Guest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuestWire {
    /// The name.
    pub name: String,
    /// The e-mail.
    pub email: Option<String>,
    /// The phone.
    pub phone: Option<String>,
    /// The title (M., Mme…); absent in operations made before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The first name, when given apart (else: the name before its first space).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// The last name, when given apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// The postal address, lines separated by `\n`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl TryFrom<GuestWire> for Guest {
    type Error = WireError;

    fn try_from(wire: GuestWire) -> Result<Guest, WireError> {
        Name::try_from(wire.name.clone())?;
        let details = crate::contact::Details {
            title: wire.title.as_deref(),
            first_name: wire.first_name.as_deref(),
            last_name: wire.last_name.as_deref(),
            address: wire.address.as_deref(),
        };
        let contact = Contact::with_details(
            &wire.name,
            wire.email.as_deref(),
            wire.phone.as_deref(),
            &details,
        )
        .map_err(|e| WireError(e.to_string()))?;
        if contact.name() != wire.name.trim() {
            return Err(WireError(
                "le nom du client ne correspond pas à son prénom et à son nom".to_owned(),
            ));
        }
        Ok(Guest(contact))
    }
}

impl From<Guest> for GuestWire {
    fn from(guest: Guest) -> GuestWire {
        let c = &guest.0;
        let details = c.details();
        GuestWire {
            name: c.name().to_owned(),
            email: c.email().map(str::to_owned),
            phone: c.phone().map(str::to_owned),
            title: details.title.map(str::to_owned),
            first_name: details.first_name.map(str::to_owned),
            last_name: details.last_name.map(str::to_owned),
            address: details.address.map(str::to_owned),
        }
    }
}

impl From<Contact> for Guest {
    fn from(contact: Contact) -> Guest {
        Guest(contact)
    }
}

/// The name an anonymised guest keeps (GDPR).
pub const ANONYMOUS_NAME: &str = "Client anonymisé";
/// The e-mail address an anonymised guest keeps: a guest has a way to be reached, and
/// `.invalid` is a domain that never exists (RFC 2606).
pub const ANONYMOUS_EMAIL: &str = "anonyme@anonyme.invalid";

impl Guest {
    /// An anonymised guest: [`ANONYMOUS_NAME`], [`ANONYMOUS_EMAIL`], no phone.
    pub fn anonymous() -> Guest {
        Guest(Contact::anonymous(ANONYMOUS_NAME, ANONYMOUS_EMAIL))
    }

    /// An anonymised ticket holder's name.
    pub fn anonymous_name() -> Name {
        Name(ANONYMOUS_NAME.to_owned())
    }

    /// The contact.
    pub fn contact(&self) -> &Contact {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode<T: for<'de> Deserialize<'de>>(json: &str) -> Result<T, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn d4_wire_values_refuse_what_the_domain_refuses() {
        assert!(decode::<Name>("\"  \"").is_err());
        assert!(decode::<Name>(&format!("\"{}\"", "é".repeat(201))).is_err());
        assert!(decode::<Name>("\"a\\u001b[2J\"").is_err());
        assert_eq!(decode::<Name>("\" Gîte \"").unwrap().as_str(), "Gîte");
        assert!(decode::<Count>("0").is_err() && decode::<Count>("10001").is_err());
        assert!(decode::<Nights>("1097").is_err());
        assert!(decode::<Seats>("0").is_err() && decode::<Seats>("1000001").is_err());
        assert_eq!(decode::<Seats>("80000").unwrap().get(), 80_000);
        assert!(
            decode::<Day>("\"1999-12-31\"").is_err() && decode::<Day>("\"2026-02-30\"").is_err()
        );
        assert!(
            decode::<Amount>("\"1000000.01\"").is_err() && decode::<Amount>("\"1.001\"").is_err()
        );
        assert!(decode::<Amount>("\"-12.50\"").is_ok());
        assert!(decode::<Guest>(r#"{"name":"Marie","email":null,"phone":null}"#).is_err());
        assert!(decode::<Guest>(r#"{"name":"Marie","email":"m@exemple.fr","phone":null}"#).is_ok());
    }
}

/// A total of the till journal: an amount of any size, written `1234567.89` (one
/// spelling only, [`crate::journal::parse_money`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Total(Money);

impl TryFrom<String> for Total {
    type Error = WireError;

    fn try_from(text: String) -> Result<Total, WireError> {
        crate::journal::parse_money(&text)
            .map(Total)
            .ok_or_else(|| {
                WireError(format!(
                    "« {} » n'est pas un total",
                    bounds::printable(&text)
                ))
            })
    }
}

impl From<Total> for String {
    fn from(total: Total) -> String {
        crate::journal::money_text(total.0)
    }
}

impl From<Money> for Total {
    fn from(money: Money) -> Total {
        Total(money)
    }
}

impl Total {
    /// The amount.
    pub fn get(self) -> Money {
        self.0
    }
}

/// A SHA-256 hash of the till journal: 64 lowercase hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ChainHash(crate::journal::Hash);

impl TryFrom<String> for ChainHash {
    type Error = WireError;

    fn try_from(text: String) -> Result<ChainHash, WireError> {
        crate::journal::parse_hash(text.as_bytes())
            .map(ChainHash)
            .ok_or_else(|| {
                WireError("une empreinte de journal compte 64 chiffres hexadécimaux".into())
            })
    }
}

impl From<ChainHash> for String {
    fn from(hash: ChainHash) -> String {
        crate::journal::hash_hex(&hash.0)
    }
}

impl From<crate::journal::Hash> for ChainHash {
    fn from(hash: crate::journal::Hash) -> ChainHash {
        ChainHash(hash)
    }
}

impl ChainHash {
    /// The hash.
    pub fn get(self) -> crate::journal::Hash {
        self.0
    }
}
