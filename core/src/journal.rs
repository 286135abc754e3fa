//! The till journal (rule A17): every till operation of a device is appended to an
//! append-only journal whose entries are hash-chained, so that an entry changed,
//! removed or inserted behind the application's back is found by [`verify`].
//!
//! # Stored form and canonical bytes (version 1)
//!
//! An entry is stored as ten fields ([`Stored`]): `seq` (integer, 1, 2, 3… per
//! device), `at` (text, `2026-07-01T10:00:00.000000Z`: UTC, always microseconds),
//! `pinned` (integer 0 or 1: written under the pinned clock `GUICHET_NOW`), `kind`
//! (text, [`Kind::code`]), `reference` (text, the operation's id, lowercase UUID),
//! `cites` (text or absent: the reference of the entry a counter-entry corrects),
//! `amounts` (text, `cash=12.30;card=-5.00`: one `method=amount` per payment method,
//! in [`PaymentMethod::ALL`] order, never a zero one, empty when none), `body` (text,
//! canonical JSON: keys sorted, no spaces, ids, amounts, dates and codes only, never
//! a customer's name or e-mail), `prev_hash` and `hash` (text, 64 lowercase hex
//! digits).
//!
//! The canonical bytes of an entry are the ASCII tag `GJ1` followed by its first eight
//! fields in the order above, each as a 4-byte big-endian length and the field's
//! stored bytes (`seq` and `pinned` in decimal); an absent `cites` is the length
//! `0xFFFFFFFF` and no bytes. Then
//!
//! ```text
//! hash = SHA-256(prev_hash as 32 raw bytes || canonical bytes)
//! ```
//!
//! and the first entry's `prev_hash` is 32 zero bytes. The hash covers the stored
//! bytes themselves, so that any changed byte of any field is found, even one that
//! would read back as the same value.
//!
//! A restored copy of the data carries on the chain with a `restored` entry that cites
//! the head of the backup and the last head this device pushed to the sync server in
//! a closing: entries made on the original device after the backup are missing, a
//! declared break that [`verify`] reports, not tampering.
//!
//! Corrections are only counter-entries ([`NewEntry::counter`]): a voided sale is a
//! new entry with the opposite amounts, citing the one it voids.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike, NaiveDate, SubsecRound, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::money::{Money, MoneyError};
use crate::payment::PaymentMethod;

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// The `prev_hash` of the first entry.
pub const GENESIS: Hash = [0; 32];

/// The tag that starts the canonical bytes of every entry (format version 1).
pub const CANONICAL_TAG: &[u8] = b"GJ1";

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A payment (or, negative, a refund) recorded against a booking.
    Payment,
    /// A sale at the till.
    Sale,
    /// A sale voided the same day (a counter-entry).
    SaleVoided,
    /// A gift voucher sold.
    VoucherSold,
    /// A voucher sale voided the same day (a counter-entry).
    VoucherSaleVoided,
    /// A gift voucher redeemed (its money is in the sale it paid).
    VoucherRedeemed,
    /// A gift voucher deactivated by hand.
    VoucherDeactivated,
    /// A gift voucher's validity extended.
    VoucherExtended,
    /// The opening float of the cash drawer.
    FloatOpened,
    /// The cash counted at closing.
    CashCounted,
    /// A daily closing.
    ClosingDay,
    /// A monthly closing.
    ClosingMonth,
    /// A yearly closing.
    ClosingYear,
    /// A restored copy carries on the journal: a declared break.
    Restored,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 14] = [
        Kind::Payment,
        Kind::Sale,
        Kind::SaleVoided,
        Kind::VoucherSold,
        Kind::VoucherSaleVoided,
        Kind::VoucherRedeemed,
        Kind::VoucherDeactivated,
        Kind::VoucherExtended,
        Kind::FloatOpened,
        Kind::CashCounted,
        Kind::ClosingDay,
        Kind::ClosingMonth,
        Kind::ClosingYear,
        Kind::Restored,
    ];

    /// The stored name (`sale_voided`…).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Payment => "payment",
            Kind::Sale => "sale",
            Kind::SaleVoided => "sale_voided",
            Kind::VoucherSold => "voucher_sold",
            Kind::VoucherSaleVoided => "voucher_sale_voided",
            Kind::VoucherRedeemed => "voucher_redeemed",
            Kind::VoucherDeactivated => "voucher_deactivated",
            Kind::VoucherExtended => "voucher_extended",
            Kind::FloatOpened => "float_opened",
            Kind::CashCounted => "cash_counted",
            Kind::ClosingDay => "closing_day",
            Kind::ClosingMonth => "closing_month",
            Kind::ClosingYear => "closing_year",
            Kind::Restored => "restored",
        }
    }

    /// The kind named `code`.
    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Its French name.
    pub fn french(self) -> &'static str {
        match self {
            Kind::Payment => "paiement",
            Kind::Sale => "vente",
            Kind::SaleVoided => "vente annulée",
            Kind::VoucherSold => "bon cadeau vendu",
            Kind::VoucherSaleVoided => "vente de bon cadeau annulée",
            Kind::VoucherRedeemed => "bon cadeau utilisé",
            Kind::VoucherDeactivated => "bon cadeau désactivé",
            Kind::VoucherExtended => "bon cadeau prolongé",
            Kind::FloatOpened => "fond de caisse",
            Kind::CashCounted => "comptage de caisse",
            Kind::ClosingDay => "clôture journalière",
            Kind::ClosingMonth => "clôture mensuelle",
            Kind::ClosingYear => "clôture annuelle",
            Kind::Restored => "reprise d'une sauvegarde",
        }
    }

    /// Whether its amounts are takings, summed by the closings (a float, a count, a
    /// voucher used in a sale and a closing itself carry amounts that are not).
    pub fn is_takings(self) -> bool {
        matches!(
            self,
            Kind::Payment
                | Kind::Sale
                | Kind::SaleVoided
                | Kind::VoucherSold
                | Kind::VoucherSaleVoided
        )
    }

    /// Whether it is a closing.
    pub fn is_closing(self) -> bool {
        matches!(
            self,
            Kind::ClosingDay | Kind::ClosingMonth | Kind::ClosingYear
        )
    }
}

/// Why an entry cannot be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JournalError {
    /// A body value that is not an id, an amount, a date or a code.
    #[error(
        "le journal de caisse ne garde que des identifiants, des montants, des dates et des codes : \
         « {0} » n'en est pas un (un client y est désigné par son identifiant)"
    )]
    NotPlain(String),
    /// Amounts beyond what can be added.
    #[error("les montants du journal de caisse dépassent la limite de calcul")]
    Overflow,
}

impl From<MoneyError> for JournalError {
    fn from(_: MoneyError) -> JournalError {
        JournalError::Overflow
    }
}

/// An amount as the journal writes it: `12.30`, `-5.00`, any size.
pub fn money_text(amount: Money) -> String {
    amount.to_string()
}

/// An amount the journal wrote ([`money_text`]), read strictly: any other spelling of
/// the same value (`12.3`, `+12.30`, `-0.00`, `012.30`) is refused.
pub fn parse_money(text: &str) -> Option<Money> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, cents) = digits.split_once('.')?;
    if whole.is_empty()
        || whole.len() > 15
        || (whole.len() > 1 && whole.starts_with('0'))
        || cents.len() != 2
        || !whole
            .bytes()
            .chain(cents.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let value = whole
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents.parse::<i64>().ok()?)?;
    if negative && value == 0 {
        return None;
    }
    Some(Money::from_cents(if negative {
        value.checked_neg()?
    } else {
        value
    }))
}

/// Amounts per payment method: at most one per method, in [`PaymentMethod::ALL`]
/// order, never a zero one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Amounts(Vec<(PaymentMethod, Money)>);

impl Amounts {
    /// No amount.
    pub fn new() -> Amounts {
        Amounts::default()
    }

    /// One amount.
    pub fn one(method: PaymentMethod, amount: Money) -> Amounts {
        let mut amounts = Amounts::new();
        // Adding to nothing cannot overflow.
        let _ = amounts.add(method, amount);
        amounts
    }

    /// Adds `amount` to `method`'s.
    pub fn add(&mut self, method: PaymentMethod, amount: Money) -> Result<(), JournalError> {
        match self.0.iter().position(|(m, _)| *m == method) {
            Some(i) => {
                if let Some(slot) = self.0.get_mut(i) {
                    slot.1 = slot.1.checked_add(amount)?;
                    if slot.1 == Money::ZERO {
                        self.0.remove(i);
                    }
                }
            }
            None if amount == Money::ZERO => {}
            None => {
                let at = self
                    .0
                    .iter()
                    .position(|(m, _)| rank(*m) > rank(method))
                    .unwrap_or(self.0.len());
                self.0.insert(at, (method, amount));
            }
        }
        Ok(())
    }

    /// Adds the amounts of a stored text, read strictly as [`Amounts::encode`] writes
    /// it (methods in order, none twice, none zero); `None` when it is not.
    pub fn add_encoded(&mut self, text: &str) -> Option<Result<(), JournalError>> {
        if text.is_empty() {
            return Some(Ok(()));
        }
        let mut last = None;
        for part in text.split(';') {
            let (method, amount) = part.split_once('=')?;
            let method = PaymentMethod::from_code(method)?;
            let amount = parse_money(amount)?;
            if amount == Money::ZERO || last.is_some_and(|l| l >= rank(method)) {
                return None;
            }
            last = Some(rank(method));
            if let Err(e) = self.add(method, amount) {
                return Some(Err(e));
            }
        }
        Some(Ok(()))
    }

    /// Adds every amount of `other`.
    pub fn add_all(&mut self, other: &Amounts) -> Result<(), JournalError> {
        for (method, amount) in other.iter() {
            self.add(method, amount)?;
        }
        Ok(())
    }

    /// The amount of `method` (zero when none).
    pub fn get(&self, method: PaymentMethod) -> Money {
        self.0
            .iter()
            .find(|(m, _)| *m == method)
            .map_or(Money::ZERO, |(_, a)| *a)
    }

    /// Each method's amount, in [`PaymentMethod::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (PaymentMethod, Money)> + '_ {
        self.0.iter().copied()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The sum of every method's amount.
    pub fn total(&self) -> Result<Money, JournalError> {
        self.0
            .iter()
            .try_fold(Money::ZERO, |sum, (_, a)| sum.checked_add(*a))
            .map_err(JournalError::from)
    }

    /// The opposite amounts (a counter-entry's).
    pub fn negated(&self) -> Result<Amounts, JournalError> {
        let mut negated = Amounts::new();
        for (method, amount) in self.iter() {
            negated.add(method, Money::ZERO.checked_sub(amount)?)?;
        }
        Ok(negated)
    }

    /// The stored text: `cash=12.30;card=-5.00`.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        for (i, (method, amount)) in self.0.iter().enumerate() {
            if i > 0 {
                text.push(';');
            }
            let _ = write!(text, "{}={}", method.code(), money_text(*amount));
        }
        text
    }

    /// The stored text read back, strictly: `None` unless it is exactly what
    /// [`Amounts::encode`] writes.
    pub fn decode(text: &str) -> Option<Amounts> {
        let mut amounts = Amounts::new();
        amounts.add_encoded(text)?.ok()?;
        Some(amounts)
    }

    /// As a JSON object `{"cash": "12.30", …}` (a closing's body).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.iter()
                .map(|(m, a)| (m.code().to_owned(), money_text(a).into()))
                .collect(),
        )
    }

    /// Read from [`Amounts::to_json`].
    pub fn from_json(value: &serde_json::Value) -> Option<Amounts> {
        let mut amounts = Amounts::new();
        for (method, amount) in value.as_object()? {
            let method = PaymentMethod::from_code(method)?;
            amounts.add(method, parse_money(amount.as_str()?)?).ok()?;
        }
        Some(amounts)
    }
}

fn rank(method: PaymentMethod) -> usize {
    PaymentMethod::ALL
        .iter()
        .position(|m| *m == method)
        .unwrap_or(usize::MAX)
}

/// An entry's body: canonical JSON (keys sorted, no spaces) of ids, amounts, dates,
/// codes, whole numbers and booleans only. A customer is named by id, never by name
/// or e-mail, so that anonymising a guest later breaks no chain.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Body(String);

impl Body {
    /// The body of `value`, checked and canonical.
    pub fn new(value: &serde_json::Value) -> Result<Body, JournalError> {
        let mut text = String::new();
        canonical(value, &mut text)?;
        Ok(Body(text))
    }

    /// `{}`.
    pub fn empty() -> Body {
        Body("{}".to_owned())
    }

    /// The canonical text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As JSON.
    pub fn value(&self) -> serde_json::Value {
        serde_json::from_str(&self.0).unwrap_or_default()
    }

    /// A stored body read back: `None` unless canonical and plain.
    pub fn decode(text: &str) -> Option<Body> {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        Body::new(&value).ok().filter(|b| b.0 == text)
    }
}

/// Whether a body's text is plain: an id, an amount, a date, a hash or a code.
fn plain(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 80
        && text.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.' | b':')
        })
}

fn canonical(value: &serde_json::Value, out: &mut String) -> Result<(), JournalError> {
    use serde_json::Value;
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            let _ = write!(out, "{n}");
        }
        Value::Number(n) => return Err(JournalError::NotPlain(n.to_string())),
        Value::String(s) if plain(s) => {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        Value::String(s) => {
            return Err(JournalError::NotPlain(
                crate::bounds::printable(s).into_owned(),
            ))
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if !plain(key) {
                    return Err(JournalError::NotPlain(
                        crate::bounds::printable(key).into_owned(),
                    ));
                }
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "\"{key}\":");
                if let Some(item) = map.get(key) {
                    canonical(item, out)?;
                }
            }
            out.push('}');
        }
    }
    Ok(())
}

/// What a till operation asks the journal to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// What it is.
    pub kind: Kind,
    /// The operation's id (a payment, a sale, a voucher…).
    pub reference: Uuid,
    /// The reference of the entry this one corrects (a counter-entry).
    pub cites: Option<Uuid>,
    /// The amounts per payment method (negative in a counter-entry).
    pub amounts: Amounts,
    /// Ids and amounts only.
    pub body: Body,
}

impl NewEntry {
    /// An entry of `kind` for the operation `reference`.
    pub fn new(kind: Kind, reference: Uuid, amounts: Amounts, body: Body) -> NewEntry {
        NewEntry {
            kind,
            reference,
            cites: None,
            amounts,
            body,
        }
    }

    /// The counter-entry of `original` (a voided sale): the opposite amounts, citing
    /// it; the only way the journal corrects anything.
    pub fn counter(
        original: &Entry,
        kind: Kind,
        reference: Uuid,
        body: Body,
    ) -> Result<NewEntry, JournalError> {
        Ok(NewEntry {
            kind,
            reference,
            cites: Some(original.reference),
            amounts: original.amounts.negated()?,
            body,
        })
    }
}

/// The head of a chain: its last entry's number and hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    /// The last entry's number.
    pub seq: u64,
    /// Its hash.
    pub hash: Hash,
}

impl Head {
    /// As JSON `{"hash": "…", "seq": N}`.
    pub fn to_json(self) -> serde_json::Value {
        serde_json::json!({"seq": self.seq, "hash": hash_hex(&self.hash)})
    }

    /// Read from [`Head::to_json`].
    pub fn from_json(value: &serde_json::Value) -> Option<Head> {
        Some(Head {
            seq: value.get("seq")?.as_u64()?,
            hash: parse_hash(value.get("hash")?.as_str()?.as_bytes())?,
        })
    }
}

/// One entry of the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// 1, 2, 3… on this device.
    pub seq: u64,
    /// When (to the microsecond).
    pub at: DateTime<Utc>,
    /// Written under the pinned clock (`GUICHET_NOW`): not certifiable.
    pub pinned: bool,
    /// What it records.
    pub kind: Kind,
    /// The operation's id.
    pub reference: Uuid,
    /// The entry a counter-entry corrects.
    pub cites: Option<Uuid>,
    /// Amounts per payment method.
    pub amounts: Amounts,
    /// Ids and amounts.
    pub body: Body,
    /// The hash of the entry before (zeros for the first).
    pub prev_hash: Hash,
    /// SHA-256 of `prev_hash` and the canonical bytes.
    pub hash: Hash,
}

impl Entry {
    /// The entry that follows `head` (`None`: the first) with `new`, made at `at`.
    pub fn chain(head: Option<Head>, new: NewEntry, at: DateTime<Utc>, pinned: bool) -> Entry {
        let (seq, prev_hash) = match head {
            Some(head) => (head.seq.saturating_add(1), head.hash),
            None => (1, GENESIS),
        };
        let mut entry = Entry {
            seq,
            at: at.trunc_subsecs(6),
            pinned,
            kind: new.kind,
            reference: new.reference,
            cites: new.cites,
            amounts: new.amounts,
            body: new.body,
            prev_hash,
            hash: GENESIS,
        };
        entry.hash = entry.stored().computed_hash(&prev_hash);
        entry
    }

    /// Its head.
    pub fn head(&self) -> Head {
        Head {
            seq: self.seq,
            hash: self.hash,
        }
    }

    /// How it is stored.
    pub fn stored(&self) -> Stored {
        Stored {
            seq: i64::try_from(self.seq).unwrap_or(i64::MAX),
            at: at_text(self.at).into_bytes(),
            pinned: i64::from(self.pinned),
            kind: self.kind.code().as_bytes().to_vec(),
            reference: self.reference.to_string().into_bytes(),
            cites: self.cites.map(|c| c.to_string().into_bytes()),
            amounts: self.amounts.encode().into_bytes(),
            body: self.body.as_str().as_bytes().to_vec(),
            prev_hash: hash_hex(&self.prev_hash).into_bytes(),
            hash: hash_hex(&self.hash).into_bytes(),
        }
    }
}

/// An instant as the journal writes it: `2026-07-01T10:00:00.000000Z`.
pub fn at_text(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// A hash as 64 lowercase hex digits.
pub fn hash_hex(hash: &Hash) -> String {
    crate::hex::encode(hash)
}

/// 64 lowercase hex digits back to a hash (uppercase is refused: one spelling only).
pub fn parse_hash(text: &[u8]) -> Option<Hash> {
    if text.len() != 64 {
        return None;
    }
    let mut hash = GENESIS;
    for (i, pair) in text.chunks_exact(2).enumerate() {
        let digit = |b: u8| match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            _ => None,
        };
        *hash.get_mut(i)? = digit(*pair.first()?)? << 4 | digit(*pair.get(1)?)?;
    }
    Some(hash)
}

/// An entry as stored: each field's bytes exactly as the database holds them, so that
/// [`verify`] sees every byte (a text that is not UTF-8 included).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stored {
    /// `seq`.
    pub seq: i64,
    /// `at`.
    pub at: Vec<u8>,
    /// `pinned`.
    pub pinned: i64,
    /// `kind`.
    pub kind: Vec<u8>,
    /// `reference`.
    pub reference: Vec<u8>,
    /// `cites`.
    pub cites: Option<Vec<u8>>,
    /// `amounts`.
    pub amounts: Vec<u8>,
    /// `body`.
    pub body: Vec<u8>,
    /// `prev_hash`.
    pub prev_hash: Vec<u8>,
    /// `hash`.
    pub hash: Vec<u8>,
}

fn field(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX - 1);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(bytes);
}

fn decimal(out: &mut Vec<u8>, value: i64) {
    use std::io::Write as _;
    let mut digits = [0u8; 20];
    let mut cursor = std::io::Cursor::new(&mut digits[..]);
    // An i64 has at most 20 characters in decimal.
    let _ = write!(cursor, "{value}");
    let len = usize::try_from(cursor.position()).unwrap_or(0);
    field(out, digits.get(..len).unwrap_or_default());
}

impl Stored {
    /// The canonical bytes (see the module's documentation), appended to `out`.
    pub fn canonical_into(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(CANONICAL_TAG);
        decimal(out, self.seq);
        field(out, &self.at);
        decimal(out, self.pinned);
        field(out, &self.kind);
        field(out, &self.reference);
        match &self.cites {
            Some(cites) => field(out, cites),
            None => out.extend_from_slice(&u32::MAX.to_be_bytes()),
        }
        field(out, &self.amounts);
        field(out, &self.body);
    }

    /// The canonical bytes.
    pub fn canonical(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(256);
        self.canonical_into(&mut out);
        out
    }

    /// SHA-256 of `prev` and the canonical bytes.
    pub fn computed_hash(&self, prev: &Hash) -> Hash {
        let mut buffer = Vec::with_capacity(256);
        self.hash_with(prev, &mut buffer)
    }

    fn hash_with(&self, prev: &Hash, buffer: &mut Vec<u8>) -> Hash {
        buffer.clear();
        buffer.extend_from_slice(prev);
        self.canonical_into(buffer);
        Sha256::digest(buffer.as_slice()).into()
    }

    /// The entry, read strictly: `None` when a field is not exactly what the journal
    /// writes.
    pub fn parse(&self) -> Option<Entry> {
        let text = |bytes: &[u8]| std::str::from_utf8(bytes).ok().map(str::to_owned);
        let at_str = text(&self.at)?;
        let at = chrono::NaiveDateTime::parse_from_str(&at_str, "%Y-%m-%dT%H:%M:%S%.6fZ")
            .ok()?
            .and_utc();
        let uuid = |bytes: &[u8]| {
            let s = text(bytes)?;
            let id = Uuid::parse_str(&s).ok()?;
            (id.to_string() == s).then_some(id)
        };
        let entry = Entry {
            seq: u64::try_from(self.seq).ok().filter(|s| *s >= 1)?,
            at,
            pinned: match self.pinned {
                0 => false,
                1 => true,
                _ => return None,
            },
            kind: Kind::from_code(&text(&self.kind)?)?,
            reference: uuid(&self.reference)?,
            cites: match &self.cites {
                Some(c) => Some(uuid(c)?),
                None => None,
            },
            amounts: Amounts::decode(&text(&self.amounts)?)?,
            body: Body::decode(&text(&self.body)?)?,
            prev_hash: parse_hash(&self.prev_hash)?,
            hash: parse_hash(&self.hash)?,
        };
        (at_text(entry.at) == at_str).then_some(entry)
    }
}

/// The first bad entry [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad {
    /// Its number (for a removed entry, the number it had).
    pub seq: u64,
    /// What is wrong, in French.
    pub reason: String,
}

/// A declared break: a restored copy carried on the journal from its backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredBreak {
    /// The `restored` entry.
    pub seq: u64,
    /// When it was written.
    pub at: Option<DateTime<Utc>>,
    /// The head of the backup it was restored from (`None`: an empty journal).
    pub backup_head: Option<Head>,
    /// The last head this device had pushed to the server in a closing, if any.
    pub pushed_head: Option<Head>,
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// How many entries were read.
    pub entries: u64,
    /// No entry changed, removed or inserted.
    pub ok: bool,
    /// Sound and written on the real clock only (no pinned entry).
    pub certifiable: bool,
    /// How many entries were written under the pinned clock.
    pub pinned: u64,
    /// The first bad entry.
    pub first_bad: Option<Bad>,
    /// The restored copies declared in the journal.
    pub breaks: Vec<DeclaredBreak>,
    /// The head of the chain (`None`: empty).
    pub head: Option<Head>,
}

pub(crate) const CHANGED: &str = "entrée modifiée";
pub(crate) const REMOVED: &str = "entrée supprimée";
pub(crate) const INSERTED: &str = "entrée insérée";
pub(crate) const SWAPPED: &str = "entrées interverties";

/// Checks the journal `entries` (in stored order, by `seq`) against its chain and
/// against `pushed`, the heads this device pushed to the sync server in its closings
/// (so that removing the last entries is found too). Names the first bad entry.
pub fn verify(entries: &[Stored], pushed: &[Pushed]) -> Verification {
    let mut verifier = Verifier::new(pushed);
    for entry in entries {
        verifier.push(entry);
    }
    verifier.finish()
}

/// An entry whose link to the one before is broken, waiting for the next entry to
/// tell an insertion from a swap or a change.
struct Broken {
    expected: u64,
    prev_hash: Vec<u8>,
    hash: Vec<u8>,
    /// It follows the same entry as the one before it.
    sibling: bool,
}

/// [`verify`] one entry at a time, for a journal read as it streams from the
/// database: holds nothing but the last entry's hashes.
pub struct Verifier {
    pushed: Vec<Pushed>,
    /// The hashes of the entries the pushed heads name, as met.
    held: Vec<(u64, Vec<u8>)>,
    count: u64,
    prev: Hash,
    prev_text: [u8; 64],
    /// The `prev_hash` of the last entry accepted.
    last_prev: Vec<u8>,
    pinned: u64,
    breaks: Vec<DeclaredBreak>,
    first_bad: Option<Bad>,
    broken: Option<Broken>,
    buffer: Vec<u8>,
}

impl Verifier {
    /// A verifier of a journal whose closings pushed `pushed`.
    pub fn new(pushed: &[Pushed]) -> Verifier {
        let mut prev_text = [0u8; 64];
        hex_into(&GENESIS, &mut prev_text);
        Verifier {
            pushed: pushed.to_vec(),
            held: Vec::new(),
            count: 0,
            prev: GENESIS,
            prev_text,
            last_prev: Vec::new(),
            pinned: 0,
            breaks: Vec::new(),
            first_bad: None,
            broken: None,
            buffer: Vec::with_capacity(512),
        }
    }

    /// The next entry, in stored order.
    pub fn push(&mut self, entry: &Stored) {
        self.count = self.count.saturating_add(1);
        let expected = self.count;
        if let Some(broken) = self.broken.take() {
            self.first_bad = Some(broken.classify(Some(entry), &self.prev_text));
        }
        if self.first_bad.is_some() {
            return;
        }
        let linked = entry.prev_hash == self.prev_text;
        if u64::try_from(entry.seq).ok() != Some(expected) {
            let reason = if linked {
                CHANGED
            } else if u64::try_from(entry.seq).is_ok_and(|s| s > expected) {
                REMOVED
            } else {
                INSERTED
            };
            self.first_bad = Some(bad(expected, reason));
            return;
        }
        if !linked {
            self.broken = Some(Broken {
                expected,
                prev_hash: entry.prev_hash.clone(),
                hash: entry.hash.clone(),
                sibling: expected > 1 && self.last_prev == entry.prev_hash,
            });
            return;
        }
        let computed = entry.hash_with(&self.prev, &mut self.buffer);
        let mut hex = [0u8; 64];
        hex_into(&computed, &mut hex);
        if entry.hash != hex || !matches!(entry.pinned, 0 | 1) {
            self.first_bad = Some(bad(expected, CHANGED));
            return;
        }
        if entry.pinned == 1 {
            self.pinned += 1;
        }
        if entry.kind == Kind::Restored.code().as_bytes() {
            self.breaks.push(declared(entry, expected));
        }
        if self.pushed.iter().any(|p| p.head.seq == expected) {
            self.held.push((expected, entry.hash.clone()));
        }
        self.prev = computed;
        self.prev_text = hex;
        self.last_prev.clear();
        self.last_prev.extend_from_slice(&entry.prev_hash);
    }

    /// What was found.
    pub fn finish(mut self) -> Verification {
        if let Some(broken) = self.broken.take() {
            self.first_bad = Some(broken.classify(None, &self.prev_text));
        }
        let head = (self.count > 0 && self.first_bad.is_none()).then_some(Head {
            seq: self.count,
            hash: self.prev,
        });
        if self.first_bad.is_none() {
            self.first_bad = check_pushed(self.count, &self.held, &self.pushed, &self.breaks);
        }
        let ok = self.first_bad.is_none();
        Verification {
            entries: self.count,
            ok,
            certifiable: ok && self.pinned == 0,
            pinned: self.pinned,
            first_bad: self.first_bad,
            breaks: self.breaks,
            head,
        }
    }
}

impl Broken {
    /// What is wrong, now that the entry after it (if any) is known; `prev_text` is the
    /// hash of the last good entry.
    fn classify(self, next: Option<&Stored>, prev_text: &[u8]) -> Bad {
        match next {
            Some(n) if n.prev_hash == prev_text && n.hash == self.prev_hash => {
                bad(self.expected, SWAPPED)
            }
            Some(n) if n.prev_hash == prev_text => bad(self.expected, INSERTED),
            // Two entries follow the same one: the one the chain goes on from is
            // genuine, the other was slipped in.
            Some(n) if self.sibling && n.prev_hash == self.hash => {
                bad(self.expected.saturating_sub(1), INSERTED)
            }
            _ if self.sibling => bad(self.expected, INSERTED),
            _ => bad(self.expected, CHANGED),
        }
    }
}

/// A head this device pushed to the sync server in a closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pushed {
    /// The head.
    pub head: Head,
    /// Pushed by this device since its last restore (`false`: by the device a restored
    /// copy came from, whose later entries a declared break may have lost).
    pub here: bool,
}

fn bad(seq: u64, reason: &str) -> Bad {
    Bad {
        seq,
        reason: reason.to_owned(),
    }
}

fn hex_into(hash: &Hash, out: &mut [u8; 64]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for (byte, pair) in hash.iter().zip(out.chunks_exact_mut(2)) {
        if let [high, low] = pair {
            *high = DIGITS[usize::from(byte >> 4)];
            *low = DIGITS[usize::from(byte & 0x0f)];
        }
    }
}

fn declared(entry: &Stored, seq: u64) -> DeclaredBreak {
    let parsed = entry.parse();
    let body = parsed.as_ref().map(|e| e.body.value()).unwrap_or_default();
    DeclaredBreak {
        seq,
        at: parsed.map(|e| e.at),
        backup_head: body.get("backup_head").and_then(Head::from_json),
        pushed_head: body.get("pushed_head").and_then(Head::from_json),
    }
}

/// The first pushed head the journal no longer holds, unless a declared break before
/// it explains it. `held`: the hashes of the entries the heads name, as found.
fn check_pushed(
    count: u64,
    held: &[(u64, Vec<u8>)],
    pushed: &[Pushed],
    breaks: &[DeclaredBreak],
) -> Option<Bad> {
    let mut missing: Vec<Bad> = Vec::new();
    for p in pushed {
        let found = held
            .iter()
            .any(|(seq, hash)| *seq == p.head.seq && *hash == hash_hex(&p.head.hash).as_bytes());
        let declared = !p.here && breaks.iter().any(|b| b.seq <= p.head.seq);
        if found || declared {
            continue;
        }
        missing.push(if p.head.seq > count {
            let range = if p.head.seq == count + 1 {
                format!("l'entrée {} manque", p.head.seq)
            } else {
                format!("les entrées {} à {} manquent", count + 1, p.head.seq)
            };
            Bad {
                seq: count + 1,
                reason: format!(
                    "{REMOVED} : {range} ; la clôture envoyée au serveur citait l'entrée {} comme dernière",
                    p.head.seq
                ),
            }
        } else {
            Bad {
                seq: p.head.seq,
                reason: format!(
                    "{CHANGED} : elle ne correspond plus à la clôture envoyée au serveur"
                ),
            }
        });
    }
    missing.into_iter().min_by_key(|b| b.seq)
}

/// A period a closing covers, in the provider's zone (Europe/Paris).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// One day.
    Day(NaiveDate),
    /// One month (the first day of it).
    Month(NaiveDate),
    /// One year (its first day).
    Year(NaiveDate),
}

impl Period {
    /// The month of `year`/`month`, if it is a month.
    pub fn month(year: i32, month: u32) -> Option<Period> {
        NaiveDate::from_ymd_opt(year, month, 1).map(Period::Month)
    }

    /// The year `year`.
    pub fn year(year: i32) -> Option<Period> {
        NaiveDate::from_ymd_opt(year, 1, 1).map(Period::Year)
    }

    /// Its first day.
    pub fn first_day(self) -> NaiveDate {
        match self {
            Period::Day(d) | Period::Month(d) | Period::Year(d) => d,
        }
    }

    /// The day after its last.
    pub fn end_day(self) -> Option<NaiveDate> {
        match self {
            Period::Day(d) => d.succ_opt(),
            Period::Month(d) => d.checked_add_months(chrono::Months::new(1)),
            Period::Year(d) => NaiveDate::from_ymd_opt(d.year().checked_add(1)?, 1, 1),
        }
    }

    /// The closing entry's kind.
    pub fn kind(self) -> Kind {
        match self {
            Period::Day(_) => Kind::ClosingDay,
            Period::Month(_) => Kind::ClosingMonth,
            Period::Year(_) => Kind::ClosingYear,
        }
    }

    /// `day`, `month` or `year`.
    pub fn code(self) -> &'static str {
        match self {
            Period::Day(_) => "day",
            Period::Month(_) => "month",
            Period::Year(_) => "year",
        }
    }

    /// `2026-07-01`, `2026-07`, `2026`.
    pub fn label(self) -> String {
        match self {
            Period::Day(d) => d.format("%Y-%m-%d").to_string(),
            Period::Month(d) => d.format("%Y-%m").to_string(),
            Period::Year(d) => d.format("%Y").to_string(),
        }
    }

    /// In French: `le 01/07/2026`, `juillet 2026`, `l'année 2026`.
    pub fn french(self) -> String {
        const MONTHS: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        match self {
            Period::Day(d) => format!("le {}", d.format("%d/%m/%Y")),
            Period::Month(d) => format!(
                "{} {}",
                MONTHS
                    .get(usize::try_from(d.month0()).unwrap_or(0))
                    .copied()
                    .unwrap_or_default(),
                d.year()
            ),
            Period::Year(d) => format!("l'année {}", d.year()),
        }
    }

    /// The instants it covers, `[from, until)`: from midnight of its first day to
    /// midnight after its last, in Europe/Paris.
    pub fn instants(self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        Some((midnight(self.first_day())?, midnight(self.end_day()?)?))
    }
}

/// Midnight at the start of `day` in Europe/Paris, in UTC.
pub fn midnight(day: NaiveDate) -> Option<DateTime<Utc>> {
    Paris
        .from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

/// The civil day of `at` in Europe/Paris.
pub fn paris_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Paris).date_naive()
}

/// What a closing records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    /// The period closed.
    pub period: Period,
    /// Its takings per payment method.
    pub totals: Amounts,
    /// How many entries of takings it counts.
    pub entries: u64,
    /// The perpetual grand total per method: every entry of takings since the start.
    pub grand: Amounts,
    /// The chain head at closing.
    pub head: Option<Head>,
}

impl Closing {
    /// The closing's journal entry, `reference` its id.
    pub fn entry(&self, reference: Uuid) -> Result<NewEntry, JournalError> {
        let body = serde_json::json!({
            "period": self.period.code(),
            "from": self.period.first_day().to_string(),
            "entries": self.entries,
            "total": money_text(self.totals.total()?),
            "grand": self.grand.to_json(),
            "grand_total": money_text(self.grand.total()?),
            "head": self.head.map(Head::to_json),
        });
        Ok(NewEntry::new(
            self.period.kind(),
            reference,
            self.totals.clone(),
            Body::new(&body)?,
        ))
    }

    /// A closing entry read back (`None` when `entry` is not one).
    pub fn from_entry(entry: &Entry) -> Option<Closing> {
        let body = entry.body.value();
        let first: NaiveDate = body.get("from")?.as_str()?.parse().ok()?;
        let period = match entry.kind {
            Kind::ClosingDay => Period::Day(first),
            Kind::ClosingMonth => Period::Month(first),
            Kind::ClosingYear => Period::Year(first),
            _ => return None,
        };
        Some(Closing {
            period,
            totals: entry.amounts.clone(),
            entries: body.get("entries")?.as_u64()?,
            grand: Amounts::from_json(body.get("grand")?)?,
            head: body.get("head").and_then(Head::from_json),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    /// A journal of `n` payments, the i-th of `cents[i]` by `methods[i]`.
    fn journal(amounts: &[(usize, i64)]) -> Vec<Entry> {
        let mut entries: Vec<Entry> = Vec::new();
        for (i, (method, cents)) in amounts.iter().enumerate() {
            let method = PaymentMethod::ALL[method % PaymentMethod::ALL.len()];
            let n = u128::try_from(i).unwrap() + 1;
            let body = Body::new(&serde_json::json!({
                "booking": id(1000 + n).to_string(),
                "amount": money_text(Money::from_cents(*cents)),
            }))
            .unwrap();
            let new = NewEntry::new(
                Kind::Payment,
                id(n),
                Amounts::one(method, Money::from_cents(*cents)),
                body,
            );
            let head = entries.last().map(Entry::head);
            let when = at("2026-07-01T08:00:00.123456789Z") + chrono::Duration::minutes(i as i64);
            entries.push(Entry::chain(head, new, when, i % 5 == 4));
        }
        entries
    }

    fn stored(entries: &[Entry]) -> Vec<Stored> {
        entries.iter().map(Entry::stored).collect()
    }

    #[test]
    fn a17_an_untouched_journal_verifies_and_its_entries_read_back() {
        let entries = journal(&[(0, 1230), (1, -500), (2, 99_999_999)]);
        let rows = stored(&entries);
        for (entry, row) in entries.iter().zip(&rows) {
            assert_eq!(row.parse().as_ref(), Some(entry));
        }
        assert_eq!(entries[0].prev_hash, GENESIS);
        assert_eq!(entries[1].prev_hash, entries[0].hash);
        assert_eq!(
            String::from_utf8(rows[0].at.clone()).unwrap(),
            "2026-07-01T08:00:00.123456Z"
        );
        assert_eq!(
            String::from_utf8(rows[1].amounts.clone()).unwrap(),
            "card=-5.00"
        );
        let v = verify(&rows, &[]);
        assert!(v.ok && v.certifiable, "{v:?}");
        assert_eq!(
            (v.entries, v.first_bad, v.head),
            (3, None, Some(entries[2].head()))
        );
    }

    #[test]
    fn a17_the_hash_is_sha256_of_the_previous_hash_and_the_documented_bytes() {
        let entries = journal(&[(0, 1230)]);
        let row = entries[0].stored();
        let mut expected = b"GJ1".to_vec();
        for (len, bytes) in [
            (1u32, b"1".as_slice()),
            (27, b"2026-07-01T08:00:00.123456Z".as_slice()),
            (1, b"0".as_slice()),
            (7, b"payment".as_slice()),
            (36, b"00000000-0000-0000-0000-000000000001".as_slice()),
        ] {
            expected.extend_from_slice(&len.to_be_bytes());
            expected.extend_from_slice(bytes);
        }
        expected.extend_from_slice(&u32::MAX.to_be_bytes());
        for bytes in [
            b"cash=12.30".as_slice(),
            br#"{"amount":"12.30","booking":"00000000-0000-0000-0000-0000000003e9"}"#.as_slice(),
        ] {
            expected.extend_from_slice(&u32::try_from(bytes.len()).unwrap().to_be_bytes());
            expected.extend_from_slice(bytes);
        }
        assert_eq!(row.canonical(), expected);
        let mut input = GENESIS.to_vec();
        input.extend_from_slice(&expected);
        let hash: Hash = Sha256::digest(&input).into();
        assert_eq!(entries[0].hash, hash);
    }

    #[test]
    fn a17_a_pinned_entry_makes_the_journal_not_certifiable() {
        let entries = journal(&[(0, 100), (0, 100), (0, 100), (0, 100), (0, 100)]);
        assert!(entries[4].pinned);
        let v = verify(&stored(&entries), &[]);
        assert!(v.ok && !v.certifiable);
        assert_eq!(v.pinned, 1);
    }

    #[test]
    fn a17_removed_inserted_and_swapped_entries_are_named() {
        let entries = journal(&[(0, 100), (1, 200), (2, 300), (3, 400), (0, 500)]);
        let rows = stored(&entries);
        let first = |rows: &[Stored]| verify(rows, &[]).first_bad.unwrap();

        let mut removed = rows.clone();
        removed.remove(3);
        assert_eq!(first(&removed), bad(4, REMOVED));

        // An entry slipped in at 3, the ones after renumbered.
        let mut inserted = rows.clone();
        let mut forged = rows[1].clone();
        forged.seq = 3;
        forged.prev_hash = rows[1].hash.clone();
        forged.hash = hash_hex(&forged.computed_hash(&entries[1].hash)).into_bytes();
        inserted.insert(2, forged);
        for (i, row) in inserted.iter_mut().enumerate().skip(3) {
            row.seq = i64::try_from(i).unwrap() + 1;
        }
        assert_eq!(first(&inserted), bad(3, INSERTED));

        // A copy added at the end.
        let mut appended = rows.clone();
        let mut copy = rows[4].clone();
        copy.seq = 6;
        appended.push(copy);
        assert_eq!(first(&appended), bad(6, INSERTED));

        let mut swapped = rows.clone();
        swapped.swap(1, 2);
        swapped[1].seq = 2;
        swapped[2].seq = 3;
        assert_eq!(first(&swapped), bad(2, SWAPPED));

        let mut truncated = rows.clone();
        truncated.truncate(3);
        let pushed = [Pushed {
            head: entries[3].head(),
            here: true,
        }];
        let v = verify(&truncated, &pushed);
        assert!(!v.ok);
        assert_eq!(v.first_bad.unwrap().seq, 4);
        assert!(verify(&rows, &pushed).ok);
    }

    #[test]
    fn a17_a_restored_copy_is_a_declared_break_not_tampering() {
        let entries = journal(&[(0, 100), (1, 200), (2, 300)]);
        // The original device went on to entry 3 and pushed it; the backup had 2.
        let pushed_before = Pushed {
            head: entries[2].head(),
            here: false,
        };
        let mut restored: Vec<Entry> = entries[..2].to_vec();
        let body = Body::new(&serde_json::json!({
            "backup_head": restored[1].head().to_json(),
            "pushed_head": null,
        }))
        .unwrap();
        let new = NewEntry::new(Kind::Restored, id(99), Amounts::new(), body);
        restored.push(Entry::chain(
            Some(restored[1].head()),
            new,
            at("2026-07-02T08:00:00Z"),
            false,
        ));
        let v = verify(&stored(&restored), &[pushed_before]);
        assert!(v.ok, "{v:?}");
        assert_eq!(v.breaks.len(), 1);
        assert_eq!(v.breaks[0].seq, 3);
        assert_eq!(v.breaks[0].backup_head, Some(entries[1].head()));
        // Without the declared break the same journal is tampered with.
        let v = verify(&stored(&entries[..2]), &[pushed_before]);
        assert_eq!(v.first_bad.unwrap().seq, 3);
    }

    #[test]
    fn a17_a_counter_entry_negates_and_cites_the_entry_it_voids() {
        let entries = journal(&[(0, 1230)]);
        let counter =
            NewEntry::counter(&entries[0], Kind::SaleVoided, id(7), Body::empty()).unwrap();
        assert_eq!(counter.cites, Some(entries[0].reference));
        assert_eq!(
            counter.amounts,
            Amounts::one(PaymentMethod::Cash, Money::from_cents(-1230))
        );
    }

    #[test]
    fn a17_a_body_holds_ids_and_amounts_never_a_name_or_an_email() {
        for bad in [
            serde_json::json!({"guest": "Marie Dupont"}),
            serde_json::json!({"email": "marie@exemple.fr"}),
            serde_json::json!({"x": 1.5}),
            serde_json::json!({"Nom": "x"}),
        ] {
            assert!(Body::new(&bad).is_err(), "{bad}");
        }
        let body = Body::new(&serde_json::json!({"b": "12.30", "a": [1, true, null]})).unwrap();
        assert_eq!(body.as_str(), r#"{"a":[1,true,null],"b":"12.30"}"#);
    }

    #[test]
    fn a17_amounts_and_money_read_back_one_spelling_only() {
        assert_eq!(parse_money("12.30"), Some(Money::from_cents(1230)));
        assert_eq!(
            parse_money("123456789.00"),
            Some(Money::from_cents(12_345_678_900))
        );
        for bad in [
            "12.3", "+12.30", "-0.00", "012.30", "12,30", "", "-", "-01.00", "1.234",
        ] {
            assert_eq!(parse_money(bad), None, "{bad}");
        }
        let mut a = Amounts::new();
        a.add(PaymentMethod::Card, Money::from_cents(500)).unwrap();
        a.add(PaymentMethod::Cash, Money::from_cents(1230)).unwrap();
        assert_eq!(a.encode(), "cash=12.30;card=5.00");
        assert_eq!(Amounts::decode("cash=12.30;card=5.00"), Some(a.clone()));
        assert_eq!(Amounts::decode("card=5.00;cash=12.30"), None);
        for bad in [
            "cash=12.30;cash=1.00",
            "cash=0.00",
            "cash=12.30;",
            "bitcoin=1.00",
            "cash:1.00",
        ] {
            assert_eq!(Amounts::decode(bad), None, "{bad}");
        }
        assert_eq!(parse_money("0.00"), Some(Money::ZERO));
        assert_eq!(parse_money("-0.05"), Some(Money::from_cents(-5)));
        a.add(PaymentMethod::Card, Money::from_cents(-500)).unwrap();
        assert_eq!(a.encode(), "cash=12.30");
    }

    #[test]
    fn a17_a_day_runs_from_midnight_to_midnight_in_paris() {
        let day = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        let (from, until) = Period::Day(day).instants().unwrap();
        assert_eq!(from, at("2026-06-30T22:00:00Z"));
        assert_eq!(until, at("2026-07-01T22:00:00Z"));
        // 23:30 in Paris on 1 July is still 1 July.
        assert_eq!(paris_day(at("2026-07-01T21:30:00Z")), day);
        let winter = Period::month(2026, 12).unwrap().instants().unwrap();
        assert_eq!(
            winter,
            (at("2026-11-30T23:00:00Z"), at("2026-12-31T23:00:00Z"))
        );
    }

    #[test]
    fn a17_a_closing_entry_reads_back() {
        let closing = Closing {
            period: Period::Day(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()),
            totals: Amounts::one(PaymentMethod::Cash, Money::from_cents(1230)),
            entries: 1,
            grand: Amounts::one(PaymentMethod::Cash, Money::from_cents(2_000_000_000)),
            head: Some(Head {
                seq: 1,
                hash: [7; 32],
            }),
        };
        let entry = Entry::chain(
            None,
            closing.entry(id(5)).unwrap(),
            at("2026-07-01T21:00:00Z"),
            false,
        );
        assert_eq!(Closing::from_entry(&entry), Some(closing));
    }

    /// Every stored field of an entry, as bytes to change.
    fn field_bytes(row: &mut Stored, field: usize) -> Option<Vec<u8>> {
        Some(match field {
            0 => row.seq.to_be_bytes().to_vec(),
            1 => row.at.clone(),
            2 => row.pinned.to_be_bytes().to_vec(),
            3 => row.kind.clone(),
            4 => row.reference.clone(),
            5 => row.cites.clone()?,
            6 => row.amounts.clone(),
            7 => row.body.clone(),
            8 => row.prev_hash.clone(),
            _ => row.hash.clone(),
        })
    }

    fn set_field(row: &mut Stored, field: usize, bytes: Vec<u8>) {
        let int = |b: &[u8]| i64::from_be_bytes(b.try_into().unwrap());
        match field {
            0 => row.seq = int(&bytes),
            1 => row.at = bytes,
            2 => row.pinned = int(&bytes),
            3 => row.kind = bytes,
            4 => row.reference = bytes,
            5 => row.cites = Some(bytes),
            6 => row.amounts = bytes,
            7 => row.body = bytes,
            8 => row.prev_hash = bytes,
            _ => row.hash = bytes,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn a17_any_single_byte_change_is_found_at_that_entry(
            amounts in prop::collection::vec((0usize..7, -100_000i64..100_000), 1..12),
            pick in any::<prop::sample::Index>(),
            field in 0usize..10,
            byte in any::<prop::sample::Index>(),
            delta in 1u8..=255,
            countered in any::<bool>(),
        ) {
            let mut entries = journal(&amounts);
            if countered {
                let new = NewEntry::counter(&entries[0], Kind::SaleVoided, id(500), Body::empty()).unwrap();
                let head = entries.last().map(Entry::head);
                entries.push(Entry::chain(head, new, at("2026-07-02T08:00:00Z"), false));
            }
            let mut rows = stored(&entries);
            prop_assert!(verify(&rows, &[]).ok);
            let target = pick.index(rows.len());
            let Some(mut bytes) = field_bytes(&mut rows[target], field) else {
                return Ok(());
            };
            let at = byte.index(bytes.len());
            bytes[at] = bytes[at].wrapping_add(delta);
            set_field(&mut rows[target], field, bytes);
            let v = verify(&rows, &[]);
            prop_assert!(!v.ok);
            prop_assert_eq!(v.first_bad.map(|b| b.seq), Some(u64::try_from(target).unwrap() + 1));
        }
    }
}
