//! The ticket code (T4, T5): what a ticket's QR holds and a scanner types.
//!
//! 32 characters of uppercase RFC 4648 Base32 (`A–Z`, `2–7`), so that a keyboard-mode
//! scanner types it in well under a second and any layout damage can be repaired:
//!
//! | chars | content |
//! |---|---|
//! | 1 | the provider key's id (0–31): keys rotate, old tickets still verify |
//! | 4 | a 20-bit tag of the session, so a ticket for another session is told apart offline |
//! | 16 | an 80-bit random serial: unguessable |
//! | 10 | a 50-bit HMAC-SHA256 tag over the above under the provider key: unforgeable |
//! | 1 | a Luhn mod 32 check character: catches any one character changed |
//!
//! Lower-case input (Caps Lock) reads as the same code.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The Base32 alphabet, RFC 4648.
pub const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
/// Length of every ticket code.
pub const CODE_LEN: usize = 32;
const SERIAL_CHARS: usize = 16;
const TAG_CHARS: usize = 10;
const SESSION_CHARS: usize = 4;

/// Bytes of randomness a new code needs (80 bits); the caller draws them.
pub const SERIAL_BYTES: usize = 10;

/// A provider's signing key: an id carried in each code, and a 32-byte secret.
#[derive(Clone, PartialEq, Eq)]
pub struct TicketKey {
    id: u8,
    secret: [u8; 32],
}

impl fmt::Debug for TicketKey {
    /// Never prints the secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TicketKey({})", self.id)
    }
}

impl TicketKey {
    /// A key with id `id` (0–31) and `secret`.
    pub fn new(id: u8, secret: [u8; 32]) -> Option<TicketKey> {
        (id < 32).then_some(TicketKey { id, secret })
    }

    /// Its id.
    pub fn id(&self) -> u8 {
        self.id
    }

    /// The secret, for the key file.
    pub fn secret(&self) -> &[u8; 32] {
        &self.secret
    }

    fn tag(&self, body: &str) -> String {
        // HMAC accepts keys of any length: this cannot fail with 32 bytes.
        let mut mac = match <Hmac<Sha256> as KeyInit>::new_from_slice(&self.secret) {
            Ok(mac) => mac,
            Err(_) => return String::new(),
        };
        mac.update(b"guichet-ticket-v1:");
        mac.update(body.as_bytes());
        encode_bits(&mac.finalize().into_bytes(), TAG_CHARS)
    }
}

/// The 20-bit tag of a session as four Base32 characters.
pub fn session_tag(session: Uuid) -> String {
    encode_bits(&Sha256::digest(session.as_bytes()), SESSION_CHARS)
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

fn value_of(c: u8) -> Option<u32> {
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .and_then(|p| u32::try_from(p).ok())
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
    char::from(ALPHABET[check as usize])
}

/// A ticket code whose shape and check character are right (not yet authenticated).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TicketCode(String);

/// Why a text is not a ticket code, or not a genuine one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Not 32 characters of the alphabet, or the check character is wrong: a misread.
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
    /// Issues the code of a new ticket of `session`, under `key`, from `serial` random bytes.
    pub fn issue(key: &TicketKey, session: Uuid, serial: [u8; SERIAL_BYTES]) -> TicketCode {
        let mut body = String::with_capacity(CODE_LEN);
        body.push(char::from(ALPHABET[usize::from(key.id)]));
        body.push_str(&session_tag(session));
        body.push_str(&encode_bits(&serial, SERIAL_CHARS));
        let tag = key.tag(&body);
        body.push_str(&tag);
        body.push(check_char(&body));
        TicketCode(body)
    }

    /// Reads a scanned or typed text: trims it, folds lower case (Caps Lock), and checks
    /// the shape and the check character.
    pub fn parse(text: &str) -> Result<TicketCode, CodeError> {
        let code = text.trim().to_ascii_uppercase();
        if code.len() != CODE_LEN || !code.bytes().all(|c| value_of(c).is_some()) {
            return Err(CodeError::Unreadable);
        }
        let (body, check) = code.split_at(CODE_LEN - 1);
        if !check.starts_with(check_char(body)) {
            return Err(CodeError::Unreadable);
        }
        Ok(TicketCode(code))
    }

    /// The id of the key it claims.
    pub fn key_id(&self) -> u8 {
        self.0
            .bytes()
            .next()
            .and_then(value_of)
            .and_then(|v| u8::try_from(v).ok())
            .unwrap_or(u8::MAX)
    }

    /// The session tag it carries.
    pub fn session_tag(&self) -> &str {
        &self.0[1..1 + SESSION_CHARS]
    }

    /// Verifies the authentication tag with the provider's keys (any rotation).
    pub fn authenticate(&self, keys: &[TicketKey]) -> Result<(), CodeError> {
        let key = keys
            .iter()
            .find(|k| k.id == self.key_id())
            .ok_or(CodeError::UnknownKey)?;
        let split = 1 + SESSION_CHARS + SERIAL_CHARS;
        let expected = key.tag(&self.0[..split]);
        let given = &self.0[split..split + TAG_CHARS];
        // Constant time: compare every byte whatever the first difference.
        let same = expected
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
        if same && expected.len() == given.len() {
            Ok(())
        } else {
            Err(CodeError::Forged)
        }
    }

    /// The code's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TicketCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn key(id: u8) -> TicketKey {
        TicketKey::new(id, [id.wrapping_mul(7).wrapping_add(1); 32]).unwrap()
    }

    fn session() -> Uuid {
        Uuid::from_u128(0x1234)
    }

    #[test]
    fn t4_a_code_is_32_uppercase_base32_characters_and_verifies() {
        let code = TicketCode::issue(&key(3), session(), [9; SERIAL_BYTES]);
        assert_eq!(code.as_str().len(), CODE_LEN);
        assert!(code.as_str().bytes().all(|c| ALPHABET.contains(&c)));
        assert_eq!(code.key_id(), 3);
        assert_eq!(code.session_tag(), session_tag(session()));
        let parsed = TicketCode::parse(code.as_str()).unwrap();
        assert_eq!(parsed.authenticate(&[key(1), key(3)]), Ok(()));
    }

    #[test]
    fn t5_caps_lock_and_spaces_read_as_the_same_code() {
        let code = TicketCode::issue(&key(0), session(), [1; SERIAL_BYTES]);
        let typed = format!("  {}\r\n", code.as_str().to_ascii_lowercase());
        assert_eq!(TicketCode::parse(&typed), Ok(code));
    }

    #[test]
    fn t5_keys_rotate_and_old_codes_still_verify_with_their_key() {
        let old = TicketCode::issue(&key(0), session(), [2; SERIAL_BYTES]);
        let new = TicketCode::issue(&key(1), session(), [2; SERIAL_BYTES]);
        assert_ne!(old, new);
        assert_eq!(old.authenticate(&[key(0), key(1)]), Ok(()));
        assert_eq!(old.authenticate(&[key(1)]), Err(CodeError::UnknownKey));
        // The same id with another secret: forged.
        let stolen_id = TicketKey::new(0, [0xAB; 32]).unwrap();
        assert_eq!(old.authenticate(&[stolen_id]), Err(CodeError::Forged));
    }

    #[test]
    fn t5_made_up_codes_are_unreadable_or_forged() {
        for text in [
            "",
            "A",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
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
            let code = TicketCode::issue(&key(2), session(), serial);
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
            let code = TicketCode::issue(&key(2), session(), serial);
            let body = format!("{}{}", &code.as_str()[..21], tag);
            prop_assume!(body != code.as_str()[..31]);
            let forged = TicketCode::parse(&format!("{body}{}", check_char(&body))).unwrap();
            prop_assert_eq!(forged.authenticate(&[key(2)]), Err(CodeError::Forged));
        }

        #[test]
        fn t5_parsing_any_text_never_panics(text in ".{0,64}") {
            let _ = TicketCode::parse(&text).map(|c| c.authenticate(&[key(0)]));
        }
    }
}
