//! The scan decision (T5): what the gate says about a scanned text, decided from
//! the local copy alone. No IO: the application looks the code up and passes in
//! what it found.
//!
//! A code this device knows (its ticket is in the local database) is judged by what
//! the database says — admitted, already scanned, cancelled, another session —
//! whatever the keys say: authentication never turns a known ticket into a forgery.
//! Only a code not known here is judged by its tag, and that needs the keys.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ticket_code::{session_tag, CodeError, CodeKind, TicketCode, TicketKey};

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
    /// A genuine ticket of another session (or a gift voucher): refused.
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

/// A re-scan on the same device within this many seconds of the admission is the same
/// person (a double-fired read, or a crash between commit and display), told apart
/// from a second person showing the same ticket.
pub const SAME_PERSON_SECONDS: i64 = 10;

/// Where a code is scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gate {
    /// The session at whose gate.
    pub session: Uuid,
    /// Its event (a pass is valid for every session of it).
    pub event: Uuid,
    /// This device.
    pub device: Uuid,
    /// Now.
    pub now: DateTime<Utc>,
}

/// What a known ticket is valid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    /// One session.
    Session(Uuid),
    /// Every session of one event, once each (a pass).
    Event(Uuid),
}

/// A ticket the device knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownTicket {
    /// Its id.
    pub id: Uuid,
    /// What it admits to.
    pub valid_for: Validity,
    /// Cancelled (its code revoked).
    pub cancelled: bool,
}

/// The admission of a code that counts at this gate, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorScan {
    /// When.
    pub at: DateTime<Utc>,
    /// On which device (its name, e.g. `caisse 2`).
    pub device: String,
    /// That device's id.
    pub device_id: Uuid,
}

/// What the application found about a code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lookup {
    /// The ticket, if synced here.
    pub ticket: Option<KnownTicket>,
    /// Its admission that counts at this gate (for a pass: in this session), if any.
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
    /// For `already_scanned`: the admission.
    pub first_scan: Option<PriorScan>,
    /// For `already_scanned`: admitted on this very device a few seconds ago
    /// ([`SAME_PERSON_SECONDS`]).
    pub here: bool,
    /// For `already_scanned`: seconds since the admission.
    pub seconds_ago: Option<i64>,
    /// For `forged`: why.
    pub reason: Option<CodeError>,
}

/// Why no verdict could be given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecideError<E> {
    /// The look-up in the local copy failed.
    Lookup(E),
    /// The code is not known here and the keys to authenticate it are missing: no
    /// verdict (never "forged").
    KeysMissing,
}

/// Decides the verdict of `text` scanned at `gate`: parse, `lookup` what the device
/// knows of the code, judge a known ticket by it, and authenticate an unknown code
/// under the provider's `keys` (`None` when the key file is missing).
pub fn decide<E>(
    text: &str,
    gate: &Gate,
    keys: Option<&[TicketKey]>,
    lookup: impl FnOnce(&TicketCode) -> Result<Lookup, E>,
) -> Result<Decision, DecideError<E>> {
    let code = match TicketCode::parse(text) {
        Ok(code) => code,
        Err(_) => return Ok(verdict(Verdict::Unreadable, None, None)),
    };
    let found = lookup(&code).map_err(DecideError::Lookup)?;
    let Some(ticket) = found.ticket else {
        return unknown(code, gate, keys, found.admitted);
    };
    let valid_here = match ticket.valid_for {
        Validity::Session(session) => session == gate.session,
        Validity::Event(event) => event == gate.event,
    };
    let mut decision = if !valid_here {
        verdict(Verdict::WrongSession, Some(code), None)
    } else if ticket.cancelled {
        verdict(Verdict::Cancelled, Some(code), None)
    } else {
        admission(code, gate, found.admitted, Verdict::Admitted)
    };
    decision.ticket = Some(ticket.id);
    Ok(decision)
}

/// A code not known here: its tag decides.
fn unknown<E>(
    code: TicketCode,
    gate: &Gate,
    keys: Option<&[TicketKey]>,
    admitted: Option<PriorScan>,
) -> Result<Decision, DecideError<E>> {
    let keys = keys.ok_or(DecideError::KeysMissing)?;
    if let Err(reason) = code.authenticate(keys) {
        return Ok(verdict(Verdict::Forged, Some(code), Some(reason)));
    }
    let scope = match code.kind() {
        CodeKind::Ticket => gate.session,
        CodeKind::Pass => gate.event,
        CodeKind::Voucher => return Ok(verdict(Verdict::WrongSession, Some(code), None)),
    };
    if code.session_tag() != session_tag(scope) {
        return Ok(verdict(Verdict::WrongSession, Some(code), None));
    }
    Ok(admission(code, gate, admitted, Verdict::UnknownGenuine))
}

/// A valid code at this gate: `first` unless it was admitted before.
fn admission(code: TicketCode, gate: &Gate, prior: Option<PriorScan>, first: Verdict) -> Decision {
    let Some(prior) = prior else {
        return verdict(first, Some(code), None);
    };
    let seconds = (gate.now - prior.at).num_seconds();
    Decision {
        here: prior.device_id == gate.device && (0..=SAME_PERSON_SECONDS).contains(&seconds),
        seconds_ago: Some(seconds),
        first_scan: Some(prior),
        ..verdict(Verdict::AlreadyScanned, Some(code), None)
    }
}

fn verdict(verdict: Verdict, code: Option<TicketCode>, reason: Option<CodeError>) -> Decision {
    Decision {
        verdict,
        code,
        ticket: None,
        first_scan: None,
        here: false,
        seconds_ago: None,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ticket_code::SERIAL_BYTES;
    use std::convert::Infallible;

    fn key() -> TicketKey {
        TicketKey::new(1, [42; 32]).unwrap()
    }

    fn gate() -> Gate {
        Gate {
            session: Uuid::from_u128(100),
            event: Uuid::from_u128(50),
            device: Uuid::from_u128(9),
            now: "2026-07-14T20:00:00Z".parse().unwrap(),
        }
    }

    fn code(serial: u8, kind: CodeKind, scope: Uuid) -> TicketCode {
        TicketCode::issue(&key(), kind, scope, [serial; SERIAL_BYTES])
    }

    fn ticket(serial: u8) -> TicketCode {
        code(serial, CodeKind::Ticket, gate().session)
    }

    fn known(valid_for: Validity, cancelled: bool) -> Lookup {
        Lookup {
            ticket: Some(KnownTicket {
                id: Uuid::from_u128(7),
                valid_for,
                cancelled,
            }),
            admitted: None,
        }
    }

    fn run(text: &str, keys: Option<&[TicketKey]>, found: Lookup) -> Decision {
        decide(text, &gate(), keys, |_| Ok::<_, Infallible>(found)).unwrap()
    }

    fn prior(at: &str, device: u128) -> PriorScan {
        PriorScan {
            at: at.parse().unwrap(),
            device: "caisse 2".into(),
            device_id: Uuid::from_u128(device),
        }
    }

    #[test]
    fn t5_a_known_ticket_is_admitted_once_then_already_scanned_with_when_and_where() {
        let c = ticket(1);
        let mine = Validity::Session(gate().session);
        let first = run(c.as_str(), Some(&[key()]), known(mine, false));
        assert_eq!(
            (first.verdict, first.ticket),
            (Verdict::Admitted, Some(Uuid::from_u128(7)))
        );
        let earlier = prior("2026-07-14T19:02:00Z", 3);
        let second = run(
            c.as_str(),
            Some(&[key()]),
            Lookup {
                admitted: Some(earlier.clone()),
                ..known(mine, false)
            },
        );
        assert_eq!(
            (second.verdict, second.first_scan, second.here),
            (Verdict::AlreadyScanned, Some(earlier), false)
        );
        assert_eq!(second.seconds_ago, Some(58 * 60));
        assert!(!second.verdict.admits());
    }

    #[test]
    fn t5_a_rescan_on_this_device_within_ten_seconds_is_told_apart() {
        let mine = Validity::Session(gate().session);
        let with = |at: &str, device| Lookup {
            admitted: Some(prior(at, device)),
            ..known(mine, false)
        };
        let c = ticket(1);
        let here = run(c.as_str(), None, with("2026-07-14T19:59:56Z", 9));
        assert_eq!(
            (here.verdict, here.here, here.seconds_ago),
            (Verdict::AlreadyScanned, true, Some(4))
        );
        // Another device, or more than 10 s ago: a second person.
        assert!(!run(c.as_str(), None, with("2026-07-14T19:59:56Z", 8)).here);
        assert!(!run(c.as_str(), None, with("2026-07-14T19:59:49Z", 9)).here);
    }

    #[test]
    fn t5_a_known_ticket_is_judged_by_the_database_even_without_keys_or_with_other_keys() {
        let c = ticket(2);
        let mine = Validity::Session(gate().session);
        let stranger = TicketKey::new(1, [1; 32]).unwrap();
        for keys in [None, Some(&[][..]), Some(&[stranger][..])] {
            assert_eq!(
                run(c.as_str(), keys, known(mine, false)).verdict,
                Verdict::Admitted
            );
            assert_eq!(
                run(c.as_str(), keys, known(mine, true)).verdict,
                Verdict::Cancelled
            );
            let other = Validity::Session(Uuid::from_u128(101));
            assert_eq!(
                run(c.as_str(), keys, known(other, false)).verdict,
                Verdict::WrongSession
            );
        }
    }

    #[test]
    fn t5_an_unknown_code_without_keys_gets_no_verdict_never_forged() {
        let result = decide(ticket(3).as_str(), &gate(), None, |_| {
            Ok::<_, Infallible>(Lookup::default())
        });
        assert_eq!(result, Err(DecideError::KeysMissing));
        // Garbage is still unreadable without keys.
        assert_eq!(
            run("&é\"'(", None, Lookup::default()).verdict,
            Verdict::Unreadable
        );
    }

    #[test]
    fn t5_a_lookup_failure_is_an_error_not_a_verdict() {
        let result = decide(ticket(3).as_str(), &gate(), Some(&[key()]), |_| {
            Err::<Lookup, _>("disque plein")
        });
        assert_eq!(result, Err(DecideError::Lookup("disque plein")));
    }

    #[test]
    fn t5_a_genuine_code_not_synced_yet_is_admitted_and_flagged() {
        let decision = run(ticket(2).as_str(), Some(&[key()]), Lookup::default());
        assert_eq!(decision.verdict, Verdict::UnknownGenuine);
        assert!(decision.verdict.admits());
    }

    #[test]
    fn t5_a_pass_admits_once_per_session_of_its_event() {
        let pass = code(4, CodeKind::Pass, gate().event);
        let valid = Validity::Event(gate().event);
        assert_eq!(
            run(pass.as_str(), None, known(valid, false)).verdict,
            Verdict::Admitted
        );
        // Unknown here: its event tag decides.
        assert_eq!(
            run(pass.as_str(), Some(&[key()]), Lookup::default()).verdict,
            Verdict::UnknownGenuine
        );
        let other_event = code(4, CodeKind::Pass, Uuid::from_u128(51));
        assert_eq!(
            run(other_event.as_str(), Some(&[key()]), Lookup::default()).verdict,
            Verdict::WrongSession
        );
        let elsewhere = Validity::Event(Uuid::from_u128(51));
        assert_eq!(
            run(pass.as_str(), None, known(elsewhere, false)).verdict,
            Verdict::WrongSession
        );
    }

    #[test]
    fn t5_a_gift_voucher_at_the_gate_is_not_a_way_in() {
        let voucher = code(5, CodeKind::Voucher, Uuid::nil());
        assert_eq!(
            run(voucher.as_str(), Some(&[key()]), Lookup::default()).verdict,
            Verdict::WrongSession
        );
    }

    #[test]
    fn t5_another_sessions_ticket_is_refused_known_or_not() {
        let other = Uuid::from_u128(200);
        let c = code(3, CodeKind::Ticket, other);
        assert_eq!(
            run(c.as_str(), Some(&[key()]), Lookup::default()).verdict,
            Verdict::WrongSession
        );
        assert_eq!(
            run(
                c.as_str(),
                Some(&[key()]),
                known(Validity::Session(other), false)
            )
            .verdict,
            Verdict::WrongSession
        );
    }

    #[test]
    fn t5_forged_and_garbage_are_refused() {
        let forger = TicketKey::new(1, [7; 32]).unwrap();
        let forged =
            TicketCode::issue(&forger, CodeKind::Ticket, gate().session, [5; SERIAL_BYTES]);
        let d = run(forged.as_str(), Some(&[key()]), Lookup::default());
        assert_eq!(
            (d.verdict, d.reason),
            (Verdict::Forged, Some(CodeError::Forged))
        );
        let mut looked_up = false;
        for garbage in [
            "",
            "&é\"'(-è_çà",
            "https://exemple.fr",
            "\u{0}\u{7f}",
            "\u{fffd}",
        ] {
            let d = decide(garbage, &gate(), Some(&[key()]), |_| {
                looked_up = true;
                Ok::<_, Infallible>(Lookup::default())
            });
            assert_eq!(d.unwrap().verdict, Verdict::Unreadable);
        }
        assert!(!looked_up);
    }
}
