//! The ticket code (T4, T5): what a ticket's, a pass's or a gift voucher's QR holds and
//! a scanner types. Uppercase RFC 4648 Base32 (`A–Z`, `2–7`), so that a keyboard-mode
//! scanner types it in well under a second and any layout damage can be repaired.
//!
//! The current form, 34 characters (architecture.md, "Ticket codes and scanning"):
//!
//! | chars | content |
//! |---|---|
//! | 1 | the kind: `T` ticket, `P` pass (every session of an event), `V` gift voucher |
//! | 2 | the provider key's id, 10 bits (0–1023): rotations never run out |
//! | 4 | a 20-bit tag of the session (ticket), the event (pass) or zeros (voucher) |
//! | 16 | an 80-bit random serial: unguessable |
//! | 10 | a 50-bit HMAC-SHA256 tag over all the above under the provider key: unforgeable |
//! | 1 | a Luhn mod 32 check character: catches any one character changed |
//!
//! The first form, 32 characters, printed before: a ticket, a key id of 5 bits (0–31),
//! then the same session tag, serial, tag and check character. It still reads.
//!
//! Lower-case input (Caps Lock) reads as the same code.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The Base32 alphabet, RFC 4648.
pub const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/// Length of a code in the current form.
pub const CODE_LEN: usize = 34;
/// Length of a code in the first form (tickets printed before the kinds existed).
pub const CODE_LEN_V1: usize = 32;
/// The largest key id a code can carry.
pub const MAX_KEY_ID: u16 = 1023;
const SERIAL_CHARS: usize = 16;
const TAG_CHARS: usize = 10;
const SCOPE_CHARS: usize = 4;

/// Bytes of randomness a new code needs (80 bits); the caller draws them.
pub const SERIAL_BYTES: usize = 10;

/// What a code admits to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeKind {
    /// One session.
    Ticket,
    /// Every session of one event, once each.
    Pass,
    /// A gift voucher: paid at the till, never a way in.
    Voucher,
}

impl CodeKind {
    fn letter(self) -> u8 {
        match self {
            CodeKind::Ticket => b'T',
            CodeKind::Pass => b'P',
            CodeKind::Voucher => b'V',
        }
    }

    fn from_letter(letter: u8) -> Option<CodeKind> {
        match letter {
            b'T' => Some(CodeKind::Ticket),
            b'P' => Some(CodeKind::Pass),
            b'V' => Some(CodeKind::Voucher),
            _ => None,
        }
    }
}

/// A provider's signing key: an id carried in each code, and a 32-byte secret.
/// Several keys may share an id (a device's own keys and the server's, after sync):
/// a code is checked against each.
#[derive(Clone, PartialEq, Eq)]
pub struct TicketKey {
    id: u16,
    secret: [u8; 32],
}

impl fmt::Debug for TicketKey {
    /// Never prints the secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TicketKey({})", self.id)
    }
}

impl TicketKey {
    /// A key with id `id` (0–1023) and `secret`.
    pub fn new(id: u16, secret: [u8; 32]) -> Option<TicketKey> {
        (id <= MAX_KEY_ID).then_some(TicketKey { id, secret })
    }

    /// Its id.
    pub fn id(&self) -> u16 {
        self.id
    }

    /// The secret, for the key file.
    pub fn secret(&self) -> &[u8; 32] {
        &self.secret
    }

    fn tag(&self, domain: &[u8], body: &str) -> String {
        // HMAC accepts keys of any length: this cannot fail with 32 bytes.
        let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(&self.secret) {
            Ok(mac) => mac,
            Err(_) => return String::new(),
        };
        mac.update(domain);
        mac.update(body.as_bytes());
        encode_bits(&mac.finalize().into_bytes(), TAG_CHARS)
    }
}

/// The 20-bit tag of a session (or of an event, for a pass) as four Base32 characters.
pub fn session_tag(scope: Uuid) -> String {
    encode_bits(&Sha256::digest(scope.as_bytes()), SCOPE_CHARS)
}

/// Encodes the first `chars × 5` bits of `bytes` in Base32.
fn encode_bits(bytes: &[u8], chars: usize) -> String {
    (0..chars)
        .map(|i| {
            let bit = i * 5;
            let pair =
                u16::from(bytes[bit / 8]) << 8 | u16::from(*bytes.get(bit / 8 + 1).unwrap_or(&0));
            let value = (pair >> (11 - bit % 8)) & 31;
            char::from(ALPHABET[usize::from(value)])
        })
        .collect()
}

fn value_of(c: u8) -> Option<u16> {
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .and_then(|p| u16::try_from(p).ok())
}

/// Luhn mod 32 check character of `body` (all characters in the alphabet).
fn check_char(body: &str) -> char {
    let mut factor = 2;
    let mut sum = 0;
    for c in body.bytes().rev() {
        let addend = factor * value_of(c).unwrap_or(0);
        factor = if factor == 2 { 1 } else { 2 };
        sum += addend / 32 + addend % 32;
    }
    let check = (32 - sum % 32) % 32;
    char::from(ALPHABET[usize::from(check)])
}

/// The two forms of code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Form {
    /// 32 characters, tickets only, key ids 0–31.
    V1,
    /// 34 characters, a kind, key ids 0–1023.
    V2,
}

impl Form {
    const fn domain(self) -> &'static [u8] {
        match self {
            Form::V1 => b"guichet-ticket-v1:",
            Form::V2 => b"guichet-code-v2:",
        }
    }

    /// Where the scope tag starts.
    const fn scope_at(self) -> usize {
        match self {
            Form::V1 => 1,
            Form::V2 => 3,
        }
    }
}

/// A code whose shape and check character are right (not yet authenticated).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TicketCode {
    text: String,
    form: Form,
}

/// Why a text is not a code, or not a genuine one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Not a code of the alphabet and length, or the check character is wrong: a misread.
    #[error("code illisible : rescannez le billet ou tapez son code")]
    Unreadable,
    /// Well formed, but its key is not known on this device.
    #[error("clé de signature inconnue sur ce poste : billet contrefait, ou poste à synchroniser")]
    UnknownKey,
    /// Well formed, but the authentication tag is wrong: not issued by the provider.
    #[error("billet contrefait : ce code n'a pas été émis par le prestataire")]
    Forged,
}

impl TicketCode {
    /// Issues the code of a new ticket, pass or voucher, under `key`, for `scope` (the
    /// session of a ticket, the event of a pass; ignored for a voucher), from `serial`
    /// random bytes. Always the current form.
    pub fn issue(
        key: &TicketKey,
        kind: CodeKind,
        scope: Uuid,
        serial: [u8; SERIAL_BYTES],
    ) -> TicketCode {
        let mut body = String::with_capacity(CODE_LEN);
        body.push(char::from(kind.letter()));
        body.push(char::from(ALPHABET[usize::from(key.id >> 5)]));
        body.push(char::from(ALPHABET[usize::from(key.id & 31)]));
        match kind {
            CodeKind::Voucher => body.push_str("AAAA"),
            CodeKind::Ticket | CodeKind::Pass => body.push_str(&session_tag(scope)),
        }
        body.push_str(&encode_bits(&serial, SERIAL_CHARS));
        let tag = key.tag(Form::V2.domain(), &body);
        body.push_str(&tag);
        body.push(check_char(&body));
        TicketCode {
            text: body,
            form: Form::V2,
        }
    }

    /// Reads a scanned or typed text in either form: trims it, folds lower case (Caps
    /// Lock), and checks the shape and the check character.
    pub fn parse(text: &str) -> Result<TicketCode, CodeError> {
        let code = text.trim().to_ascii_uppercase();
        let form = match code.len() {
            CODE_LEN_V1 => Form::V1,
            CODE_LEN if CodeKind::from_letter(code.as_bytes()[0]).is_some() => Form::V2,
            _ => return Err(CodeError::Unreadable),
        };
        if !code.bytes().all(|c| value_of(c).is_some()) {
            return Err(CodeError::Unreadable);
        }
        let (body, check) = code.split_at(code.len() - 1);
        if !check.starts_with(check_char(body)) {
            return Err(CodeError::Unreadable);
        }
        Ok(TicketCode { text: code, form })
    }

    /// What it admits to.
    pub fn kind(&self) -> CodeKind {
        match self.form {
            Form::V1 => CodeKind::Ticket,
            Form::V2 => CodeKind::from_letter(self.text.as_bytes()[0]).unwrap_or(CodeKind::Ticket),
        }
    }

    /// The id of the key it claims.
    pub fn key_id(&self) -> u16 {
        let digit = |i: usize| self.text.as_bytes().get(i).copied().and_then(value_of);
        match self.form {
            Form::V1 => digit(0).unwrap_or(u16::MAX),
            Form::V2 => match (digit(1), digit(2)) {
                (Some(high), Some(low)) => high << 5 | low,
                _ => u16::MAX,
            },
        }
    }

    /// The session (ticket) or event (pass) tag it carries.
    pub fn session_tag(&self) -> &str {
        let at = self.form.scope_at();
        &self.text[at..at + SCOPE_CHARS]
    }

    /// Verifies the authentication tag with the provider's keys: every key with the
    /// code's id is tried (keys from several devices may share an id).
    pub fn authenticate(&self, keys: &[TicketKey]) -> Result<(), CodeError> {
        let id = self.key_id();
        let mut candidates = keys.iter().filter(|k| k.id == id).peekable();
        if candidates.peek().is_none() {
            return Err(CodeError::UnknownKey);
        }
        let split = self.form.scope_at() + SCOPE_CHARS + SERIAL_CHARS;
        let given = &self.text[split..split + TAG_CHARS];
        let genuine = candidates.fold(false, |found, key| {
            let expected = key.tag(self.form.domain(), &self.text[..split]);
            // Constant time: compare every byte whatever the first difference.
            let same = expected
                .bytes()
                .zip(given.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
            found | (same && expected.len() == given.len())
        });
        if genuine {
            Ok(())
        } else {
            Err(CodeError::Forged)
        }
    }

    /// The code's text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for TicketCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn key(id: u16) -> TicketKey {
        TicketKey::new(id, [(id as u8).wrapping_mul(7).wrapping_add(1); 32]).unwrap()
    }

    fn session() -> Uuid {
        Uuid::from_u128(0x1234)
    }

    fn ticket(key: &TicketKey, serial: [u8; SERIAL_BYTES]) -> TicketCode {
        TicketCode::issue(key, CodeKind::Ticket, session(), serial)
    }

    #[test]
    fn t4_a_code_is_34_uppercase_base32_characters_with_its_kind_and_verifies() {
        let code = ticket(&key(3), [9; SERIAL_BYTES]);
        assert_eq!(code.as_str().len(), CODE_LEN);
        assert!(code.as_str().len() <= 40);
        assert!(code.as_str().bytes().all(|c| ALPHABET.contains(&c)));
        assert_eq!((code.kind(), code.key_id()), (CodeKind::Ticket, 3));
        assert_eq!(code.session_tag(), session_tag(session()));
        let parsed = TicketCode::parse(code.as_str()).unwrap();
        assert_eq!(parsed.authenticate(&[key(1), key(3)]), Ok(()));
    }

    #[test]
    fn t4_key_ids_reach_1023_and_every_kind_reads_back() {
        for (id, kind) in [
            (0, CodeKind::Pass),
            (31, CodeKind::Ticket),
            (32, CodeKind::Voucher),
            (1023, CodeKind::Ticket),
        ] {
            let code = TicketCode::issue(&key(id), kind, session(), [4; SERIAL_BYTES]);
            let parsed = TicketCode::parse(code.as_str()).unwrap();
            assert_eq!((parsed.key_id(), parsed.kind()), (id, kind));
            assert_eq!(parsed.authenticate(&[key(id)]), Ok(()));
        }
        assert!(TicketKey::new(1024, [0; 32]).is_none());
    }

    #[test]
    fn t4_a_code_printed_in_the_first_32_character_form_still_verifies() {
        // Computed by an independent implementation of the first form (key 3, secret
        // 22 × 32, session 0x1234, serial 9 × 10).
        let printed = "DWCOUBEEQSCIJBEEQSCIJ2UYPYANUGB6";
        let old_key = TicketKey::new(3, [22; 32]).unwrap();
        let code = TicketCode::parse(&printed.to_ascii_lowercase()).unwrap();
        assert_eq!((code.kind(), code.key_id()), (CodeKind::Ticket, 3));
        assert_eq!(code.session_tag(), session_tag(session()));
        assert_eq!(code.authenticate(&[key(1), old_key]), Ok(()));
        let other = TicketKey::new(3, [23; 32]).unwrap();
        assert_eq!(code.authenticate(&[other]), Err(CodeError::Forged));
    }

    #[test]
    fn t4_the_kind_is_signed_a_ticket_cannot_be_turned_into_a_pass() {
        let code = ticket(&key(2), [8; SERIAL_BYTES]);
        let body = format!("P{}", &code.as_str()[1..CODE_LEN - 1]);
        let relabelled = TicketCode::parse(&format!("{body}{}", check_char(&body))).unwrap();
        assert_eq!(relabelled.kind(), CodeKind::Pass);
        assert_eq!(relabelled.authenticate(&[key(2)]), Err(CodeError::Forged));
    }

    #[test]
    fn t5_caps_lock_and_spaces_read_as_the_same_code() {
        let code = ticket(&key(0), [1; SERIAL_BYTES]);
        let typed = format!("  {}\r\n", code.as_str().to_ascii_lowercase());
        assert_eq!(TicketCode::parse(&typed), Ok(code));
    }

    #[test]
    fn t5_keys_rotate_and_old_codes_still_verify_with_their_key() {
        let old = ticket(&key(0), [2; SERIAL_BYTES]);
        let new = ticket(&key(1), [2; SERIAL_BYTES]);
        assert_ne!(old, new);
        assert_eq!(old.authenticate(&[key(0), key(1)]), Ok(()));
        assert_eq!(old.authenticate(&[key(1)]), Err(CodeError::UnknownKey));
        // The same id with another secret only: forged.
        let other = TicketKey::new(0, [0xAB; 32]).unwrap();
        assert_eq!(
            old.authenticate(std::slice::from_ref(&other)),
            Err(CodeError::Forged)
        );
        // Two keys sharing the id (another device's and ours): each is tried.
        assert_eq!(old.authenticate(&[other, key(0)]), Ok(()));
    }

    #[test]
    fn t5_made_up_codes_are_unreadable_or_forged() {
        for text in [
            "",
            "A",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
            "TABCDEFGHIJKLMNOPQRSTUVWXYZ2345672",
            "0000000000000000000000000000000000",
            "ÉÉÉ",
        ] {
            let verdict = TicketCode::parse(text).and_then(|c| c.authenticate(&[key(0)]));
            assert!(verdict.is_err(), "{text}");
        }
    }

    #[test]
    fn the_secret_never_prints() {
        assert_eq!(format!("{:?}", key(5)), "TicketKey(5)");
    }

    proptest! {
        #[test]
        fn t5_any_one_character_changed_is_never_accepted(
            serial in any::<[u8; SERIAL_BYTES]>(), position in 0usize..CODE_LEN, replacement in 0usize..32,
        ) {
            let code = ticket(&key(2), serial);
            let mut bytes = code.as_str().as_bytes().to_vec();
            prop_assume!(bytes[position] != ALPHABET[replacement]);
            bytes[position] = ALPHABET[replacement];
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert_eq!(TicketCode::parse(&changed), Err(CodeError::Unreadable));
        }

        #[test]
        fn t5_a_valid_check_character_does_not_make_a_forgery_genuine(
            serial in any::<[u8; SERIAL_BYTES]>(), tag in "[A-Z2-7]{10}",
        ) {
            let code = ticket(&key(2), serial);
            let body = format!("{}{}", &code.as_str()[..23], tag);
            prop_assume!(body != code.as_str()[..33]);
            let forged = TicketCode::parse(&format!("{body}{}", check_char(&body))).unwrap();
            prop_assert_eq!(forged.authenticate(&[key(2)]), Err(CodeError::Forged));
        }

        #[test]
        fn t5_parsing_any_text_never_panics(text in ".{0,64}") {
            let _ = TicketCode::parse(&text).map(|c| c.authenticate(&[key(0)]));
        }
    }
}
