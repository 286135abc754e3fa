//! The scan decision (T5): what the gate says about a scanned text, decided from
//! the local copy alone. No IO: the application looks the code up and passes in
//! what it found.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ticket_code::{session_tag, CodeError, TicketCode, TicketKey};

/// The verdicts of cli.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A known, valid ticket of this session, first scan: enter.
    Admitted,
    /// Scanned before (when, where): refused.
    AlreadyScanned,
    /// Genuine code of this session not yet synced here: enter, reconciled later.
    UnknownGenuine,
    /// Not issued by the provider: refused.
    Forged,
    /// A genuine ticket of another session: refused.
    WrongSession,
    /// A cancelled (revoked) ticket: refused.
    Cancelled,
    /// Not a ticket code (misread, garbage): scan again.
    Unreadable,
}

impl Verdict {
    /// True when the person may enter.
    pub fn admits(self) -> bool {
        matches!(self, Verdict::Admitted | Verdict::UnknownGenuine)
    }
}

/// A ticket the device knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownTicket {
    /// Its id.
    pub id: Uuid,
    /// Its session.
    pub session: Uuid,
    /// Cancelled (its code revoked).
    pub cancelled: bool,
}

/// The first admission of a code, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorScan {
    /// When.
    pub at: DateTime<Utc>,
    /// On which device (its name, e.g. `caisse 2`).
    pub device: String,
}

/// What the application found about a code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lookup {
    /// The ticket, if synced here.
    pub ticket: Option<KnownTicket>,
    /// Its first admission, if any.
    pub admitted: Option<PriorScan>,
}

/// The gate's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The verdict.
    pub verdict: Verdict,
    /// The code, when it was readable.
    pub code: Option<TicketCode>,
    /// The ticket, when known.
    pub ticket: Option<Uuid>,
    /// For `already_scanned`: the first admission.
    pub first_scan: Option<PriorScan>,
    /// For `forged`: why.
    pub reason: Option<CodeError>,
}

/// Decides the verdict of `text` scanned at the gate of `session`: parse, authenticate
/// under the provider's `keys`, then `lookup` what the device knows of the code.
pub fn decide(
    text: &str,
    session: Uuid,
    keys: &[TicketKey],
    lookup: impl FnOnce(&TicketCode) -> Lookup,
) -> Decision {
    let refused = |verdict, code, reason| Decision {
        verdict,
        code,
        ticket: None,
        first_scan: None,
        reason,
    };
    let code = match TicketCode::parse(text) {
        Ok(code) => code,
        Err(_) => return refused(Verdict::Unreadable, None, None),
    };
    if let Err(reason) = code.authenticate(keys) {
        return refused(Verdict::Forged, Some(code), Some(reason));
    }
    let found = lookup(&code);
    let ticket = found.ticket.as_ref().map(|t| t.id);
    let decision = |verdict, first_scan| Decision {
        verdict,
        code: Some(code.clone()),
        ticket,
        first_scan,
        reason: None,
    };
    match &found.ticket {
        Some(t) if t.session != session => decision(Verdict::WrongSession, None),
        None if code.session_tag() != session_tag(session) => decision(Verdict::WrongSession, None),
        Some(t) if t.cancelled => decision(Verdict::Cancelled, None),
        _ => match found.admitted {
            Some(prior) => decision(Verdict::AlreadyScanned, Some(prior)),
            None if ticket.is_some() => decision(Verdict::Admitted, None),
            None => decision(Verdict::UnknownGenuine, None),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket_code::SERIAL_BYTES;

    fn key() -> TicketKey {
        TicketKey::new(1, [42; 32]).unwrap()
    }

    fn session() -> Uuid {
        Uuid::from_u128(100)
    }

    fn code(serial: u8, session: Uuid) -> TicketCode {
        TicketCode::issue(&key(), session, [serial; SERIAL_BYTES])
    }

    fn known(session: Uuid, cancelled: bool) -> Lookup {
        Lookup {
            ticket: Some(KnownTicket {
                id: Uuid::from_u128(7),
                session,
                cancelled,
            }),
            admitted: None,
        }
    }

    #[test]
    fn t5_a_known_ticket_is_admitted_once_then_already_scanned_with_when_and_where() {
        let c = code(1, session());
        let first = decide(c.as_str(), session(), &[key()], |_| known(session(), false));
        assert_eq!(
            (first.verdict, first.ticket),
            (Verdict::Admitted, Some(Uuid::from_u128(7)))
        );
        let prior = PriorScan {
            at: "2026-07-14T19:02:00Z".parse().unwrap(),
            device: "caisse 2".into(),
        };
        let second = decide(c.as_str(), session(), &[key()], |_| Lookup {
            admitted: Some(prior.clone()),
            ..known(session(), false)
        });
        assert_eq!(
            (second.verdict, second.first_scan),
            (Verdict::AlreadyScanned, Some(prior))
        );
        assert!(!second.verdict.admits());
    }

    #[test]
    fn t5_a_genuine_code_not_synced_yet_is_admitted_and_flagged() {
        let decision = decide(code(2, session()).as_str(), session(), &[key()], |_| {
            Lookup::default()
        });
        assert_eq!(decision.verdict, Verdict::UnknownGenuine);
        assert!(decision.verdict.admits());
    }

    #[test]
    fn t5_another_sessions_ticket_is_refused_known_or_not() {
        let other = Uuid::from_u128(200);
        let c = code(3, other);
        assert_eq!(
            decide(c.as_str(), session(), &[key()], |_| Lookup::default()).verdict,
            Verdict::WrongSession
        );
        assert_eq!(
            decide(c.as_str(), session(), &[key()], |_| known(other, false)).verdict,
            Verdict::WrongSession
        );
    }

    #[test]
    fn t5_a_cancelled_ticket_is_refused() {
        let decision = decide(code(4, session()).as_str(), session(), &[key()], |_| {
            known(session(), true)
        });
        assert_eq!(decision.verdict, Verdict::Cancelled);
    }

    #[test]
    fn t5_forged_and_garbage_are_refused_without_a_lookup() {
        let mut looked_up = false;
        let forger = TicketKey::new(1, [7; 32]).unwrap();
        let forged = TicketCode::issue(&forger, session(), [5; SERIAL_BYTES]);
        let d = decide(forged.as_str(), session(), &[key()], |_| {
            looked_up = true;
            Lookup::default()
        });
        assert_eq!(
            (d.verdict, d.reason),
            (Verdict::Forged, Some(CodeError::Forged))
        );
        for garbage in ["", "&é\"'(-è_çà", "https://exemple.fr", "\u{0}\u{7f}"] {
            assert_eq!(
                decide(garbage, session(), &[key()], |_| Lookup::default()).verdict,
                Verdict::Unreadable
            );
        }
        assert!(!looked_up);
    }
}
