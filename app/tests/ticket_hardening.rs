//! Issue 6, sections 1, 2 and 6: a genuine ticket is never refused, the gate tells a
//! re-scan apart, and the rules around an admitted ticket.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::sync::Arc;

use common::at;
use guichet_app::box_office::keys::KEY_FILE;
use guichet_app::clock::{ManualClock, UuidV7};
use guichet_app::entropy::SeededEntropy;
use guichet_app::error::ErrorCode;
use guichet_app::App;
use guichet_core::scan::Verdict;
use proptest::prelude::*;
use uuid::Uuid;

/// An app on `dir` whose clock the test moves; UUIDv7 ids so that several apps can
/// share the data dir as several processes do.
fn open(dir: &Path, clock: &Arc<ManualClock>) -> App {
    App::open_with(dir, Box::new(Arc::clone(clock)), Box::new(UuidV7)).unwrap()
}

struct Festival {
    clock: Arc<ManualClock>,
    app: App,
    session: Uuid,
    other: Uuid,
}

fn festival(dir: &Path) -> Festival {
    let clock = Arc::new(ManualClock::at(at("2026-07-14T18:00:00Z")));
    let mut app = open(dir, &clock);
    let org = app.add_organizer("Jazz en Vallon").unwrap();
    let event = app.add_event("Festival").unwrap();
    app.add_ticket_product(event, "Pass", "Concerts", org, "25".parse().unwrap())
        .unwrap();
    let session = app
        .add_session(event, at("2026-07-14T20:00:00Z"), 50)
        .unwrap()
        .id;
    let other = app
        .add_session(event, at("2026-07-15T20:00:00Z"), 50)
        .unwrap()
        .id;
    Festival {
        clock,
        app,
        session,
        other,
    }
}

/// A well-formed code of `session` under a key this device does not hold.
fn stranger(session: Uuid) -> String {
    guichet_core::ticket_code::TicketCode::issue(
        &guichet_core::ticket_code::TicketKey::new(0, [1; 32]).unwrap(),
        guichet_core::ticket_code::CodeKind::Ticket,
        session,
        [3; 10],
    )
    .to_string()
}

#[test]
fn t5_tickets_sold_here_are_admitted_after_the_key_file_is_deleted_or_emptied() {
    for damage in [None, Some(""), Some("{ cassé")] {
        let dir = tempfile::tempdir().unwrap();
        let mut f = festival(dir.path());
        let sold = f.app.issue_tickets(f.session, None, 10, "Marie").unwrap();
        drop(f.app);
        match damage {
            None => std::fs::remove_file(dir.path().join(KEY_FILE)).unwrap(),
            Some(text) => std::fs::write(dir.path().join(KEY_FILE), text).unwrap(),
        }
        let mut app = open(dir.path(), &f.clock);
        let admitted = sold
            .codes
            .iter()
            .filter(|code| app.scan(f.session, code, "test").unwrap().verdict == Verdict::Admitted)
            .count();
        assert_eq!(admitted, 10, "damage {damage:?}");
        // Selling refuses, saying what to do; no key was recreated.
        let refused = app.issue_tickets(f.session, None, 1, "Hugo").unwrap_err();
        assert_eq!(refused.code, ErrorCode::Input);
        assert!(
            refused.message.contains("guichet restore"),
            "{}",
            refused.message
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(KEY_FILE))
                .ok()
                .as_deref(),
            damage
        );
        // A code not known here is not judged at all: an error, never "forged".
        let before = app.recent_scans(f.session, 100).unwrap().len();
        assert_eq!(
            app.scan(f.session, &stranger(f.session), "test")
                .unwrap_err()
                .exit_code(),
            2
        );
        assert_eq!(app.recent_scans(f.session, 100).unwrap().len(), before);
    }
}

#[test]
fn t5_an_unknown_genuine_looking_code_without_keys_is_an_error_not_forged() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = festival(dir.path());
    f.app.issue_tickets(f.session, None, 1, "Marie").unwrap();
    // A code another device signed: unknown here.
    let foreign_code = stranger(f.session);
    drop(f.app);
    std::fs::remove_file(dir.path().join(KEY_FILE)).unwrap();
    let mut app = open(dir.path(), &f.clock);
    let error = app.scan(f.session, &foreign_code, "test").unwrap_err();
    assert_eq!(error.exit_code(), 2);
    assert!(error.message.contains("clés"), "{}", error.message);
    // Garbage is still just unreadable.
    assert_eq!(
        app.scan(f.session, "&é\"'(", "test").unwrap().verdict,
        Verdict::Unreadable
    );
}

#[test]
fn t5_forty_rotations_keep_every_ticket_sold_before_valid() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = festival(dir.path());
    let mut codes = Vec::new();
    for round in 1..=40u16 {
        codes.push(
            f.app
                .issue_tickets(f.session, None, 1, "Marie")
                .unwrap()
                .codes[0]
                .clone(),
        );
        assert_eq!(f.app.rotate_ticket_key().unwrap(), round);
    }
    // Judged by their tag too: a fresh device with the same keys and no tickets.
    let stranger = tempfile::tempdir().unwrap();
    let mut gate = festival(stranger.path());
    std::fs::copy(dir.path().join(KEY_FILE), stranger.path().join(KEY_FILE)).unwrap();
    let genuine = codes
        .iter()
        .filter(|code| {
            gate.app
                .scan(gate.session, code, "test")
                .map(|s| s.verdict)
                .ok()
                == Some(Verdict::WrongSession)
        })
        .count();
    // The stranger's sessions are other sessions: genuine codes read as wrong session,
    // never forged.
    assert_eq!(genuine, 40);
    let here = codes
        .iter()
        .filter(|code| f.app.scan(f.session, code, "test").unwrap().verdict == Verdict::Admitted)
        .count();
    assert_eq!(here, 40);
}

#[test]
fn t5_a_running_gate_admits_a_ticket_sold_after_another_process_rotated_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = festival(dir.path());
    f.app.issue_tickets(f.session, None, 1, "Marie").unwrap();
    // The gate has read the keys.
    let mut gate = open(dir.path(), &f.clock);
    gate.scan(f.session, "rien", "test").unwrap();
    // A gate on another data dir with a copy of the keys as they were before the
    // rotation, which has read them already.
    let elsewhere = tempfile::tempdir().unwrap();
    let mut remote = open(elsewhere.path(), &f.clock);
    std::fs::copy(dir.path().join(KEY_FILE), elsewhere.path().join(KEY_FILE)).unwrap();
    let org = remote.add_organizer("x").unwrap();
    let event = remote.add_event("x").unwrap();
    remote
        .add_ticket_product(event, "x", "x", org, "1".parse().unwrap())
        .unwrap();
    let remote_session = remote
        .add_session(event, at("2026-07-14T20:00:00Z"), 5)
        .unwrap()
        .id;
    remote.scan(remote_session, "rien", "test").unwrap();
    // The key file is replaced under the remote gate (as sync or a rotation would do).
    assert_eq!(f.app.rotate_ticket_key().unwrap(), 1);
    let after = f
        .app
        .issue_tickets(f.session, None, 1, "Hugo")
        .unwrap()
        .codes[0]
        .clone();
    std::fs::copy(dir.path().join(KEY_FILE), elsewhere.path().join(KEY_FILE)).unwrap();
    // Its session tag is another session there: genuine (wrong session), not forged.
    assert_eq!(
        remote.scan(remote_session, &after, "test").unwrap().verdict,
        Verdict::WrongSession
    );
    assert_eq!(
        gate.scan(f.session, &after, "test").unwrap().verdict,
        Verdict::Admitted
    );
}

#[test]
fn t5_a_rescan_on_this_device_within_ten_seconds_says_admitted_here_and_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = festival(dir.path());
    let code = f
        .app
        .issue_tickets(f.session, None, 1, "Marie")
        .unwrap()
        .codes[0]
        .clone();
    assert_eq!(
        f.app.scan(f.session, &code, "test").unwrap().verdict,
        Verdict::Admitted
    );
    f.clock.set(at("2026-07-14T18:00:04Z"));
    let again = f.app.scan(f.session, &code, "test").unwrap();
    assert_eq!(
        (again.verdict, again.here, again.seconds_ago, again.admitted),
        (Verdict::AlreadyScanned, true, Some(4), 1)
    );
    assert_eq!(again.message, "DÉJÀ ADMIS ICI — il y a 4 s");
    f.clock.set(at("2026-07-14T18:00:30Z"));
    let later = f.app.scan(f.session, &code, "test").unwrap();
    assert_eq!(
        (later.verdict, later.here),
        (Verdict::AlreadyScanned, false)
    );
    assert!(
        later.message.starts_with("DÉJÀ SCANNÉ — 20:00"),
        "{}",
        later.message
    );
}

#[test]
fn t5_a_pass_admits_once_in_each_session_of_its_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = festival(dir.path());
    let pass = f
        .app
        .issue_passes(f.session, None, 1, "Marie")
        .unwrap()
        .codes[0]
        .clone();
    assert!(pass.starts_with('P'), "{pass}");
    for session in [f.session, f.other] {
        assert_eq!(
            f.app.scan(session, &pass, "test").unwrap().verdict,
            Verdict::Admitted
        );
        assert_eq!(
            f.app.scan(session, &pass, "test").unwrap().verdict,
            Verdict::AlreadyScanned
        );
    }
    let ticket = f
        .app
        .issue_tickets(f.session, None, 1, "Hugo")
        .unwrap()
        .codes[0]
        .clone();
    assert_eq!(
        f.app.scan(f.other, &ticket, "test").unwrap().verdict,
        Verdict::WrongSession
    );
}

#[test]
fn t1_a_pass_takes_a_seat_in_every_session_of_its_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = festival(dir.path());
    // Both sessions hold 50: 49 tickets fill the other session but one.
    f.app.issue_tickets(f.other, None, 49, "Groupe").unwrap();
    f.app.issue_passes(f.session, None, 1, "Marie").unwrap();
    let sessions = f.app.sessions().unwrap();
    let other = sessions.iter().find(|s| s.id == f.other).unwrap();
    assert_eq!(
        other.sold, 50,
        "the pass takes a seat in the other session too"
    );
    // The other session is full now: neither a ticket nor a pass can be sold for it.
    let refused = f.app.issue_tickets(f.other, None, 1, "Hugo").unwrap_err();
    assert!(
        refused.message.contains("plus assez de places"),
        "{}",
        refused.message
    );
    assert!(f.app.issue_passes(f.session, None, 1, "Léa").is_err());
    // A ticket for the session that still has seats sells.
    assert_eq!(
        f.app
            .issue_tickets(f.session, None, 1, "Paul")
            .unwrap()
            .codes
            .len(),
        1
    );
}

#[test]
fn t1_an_amendment_keeps_admitted_tickets_admitted_and_the_counter_never_exceeds_entries() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = festival(dir.path());
    let old = f.app.issue_tickets(f.session, None, 4, "Marie").unwrap();
    for code in &old.codes[..2] {
        assert_eq!(
            f.app.scan(f.session, code, "test").unwrap().verdict,
            Verdict::Admitted
        );
    }
    // Fewer than were admitted: refused, nothing changes.
    let refused = f.app.amend_tickets(old.booking, 1, None).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Rule);
    assert!(
        refused.message.contains("au moins 2"),
        "{}",
        refused.message
    );
    // Cancelling as if unused: refused, saying what to do.
    let refused = f.app.cancel_tickets(old.booking).unwrap_err();
    assert!(refused.message.contains("amend"), "{}", refused.message);
    assert_eq!(
        f.app.ticket_booking(old.booking).unwrap().status,
        "confirmed"
    );
    // Amend to 4: the 2 admitted keep their codes and admissions.
    let new = f.app.amend_tickets(old.booking, 4, None).unwrap();
    assert_eq!(new.codes[..2], old.codes[..2]);
    assert!(new.codes[2..].iter().all(|c| !old.codes.contains(c)));
    let view = f.app.ticket_booking(new.booking).unwrap();
    assert_eq!((view.quantity, view.scanned), (4, 2));
    for code in &new.codes {
        f.app.scan(f.session, code, "test").unwrap();
    }
    assert_eq!(
        f.app
            .scan(f.session, &old.codes[2], "test")
            .unwrap()
            .verdict,
        Verdict::Cancelled
    );
    let session = f
        .app
        .sessions()
        .unwrap()
        .into_iter()
        .find(|s| s.id == f.session)
        .unwrap();
    assert_eq!(
        (session.admitted, session.sold),
        (4, 4),
        "not 6 / 4 entrées"
    );
}

#[derive(Debug, Clone)]
enum Step {
    Sell(u32),
    Amend(usize, u32),
    Cancel(usize),
    Scan(usize, usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1u32..4).prop_map(Step::Sell),
        (0usize..8, 1u32..5).prop_map(|(b, q)| Step::Amend(b, q)),
        (0usize..8).prop_map(Step::Cancel),
        (0usize..8, 0usize..5).prop_map(|(b, t)| Step::Scan(b, t)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Over any sequence of sales, amendments, cancellations and scans, the gate's
    /// counter equals the tickets admitted, and never exceeds the tickets sold.
    #[test]
    fn t1_the_admission_counter_never_exceeds_what_was_admitted(steps in prop::collection::vec(step(), 1..30)) {
        let clock = Arc::new(ManualClock::at(at("2026-07-14T18:00:00Z")));
        let mut app = App::in_memory(Box::new(Arc::clone(&clock)), Box::new(UuidV7))
            .unwrap()
            .with_entropy(Box::new(SeededEntropy::new(7)));
        let org = app.add_organizer("o").unwrap();
        let event = app.add_event("e").unwrap();
        app.add_ticket_product(event, "p", "t", org, "5".parse().unwrap()).unwrap();
        let session = app.add_session(event, at("2026-07-14T20:00:00Z"), 30).unwrap().id;
        let mut bookings: Vec<(Uuid, Vec<String>)> = Vec::new();
        let mut admitted = std::collections::HashSet::new();
        for (i, step) in steps.into_iter().enumerate() {
            clock.set(at("2026-07-14T18:00:00Z") + chrono::Duration::minutes(i as i64));
            match step {
                Step::Sell(q) => {
                    if let Ok(issued) = app.issue_tickets(session, None, q, "x") {
                        bookings.push((issued.booking, issued.codes));
                    }
                }
                Step::Amend(b, q) if b < bookings.len() => {
                    if let Ok(issued) = app.amend_tickets(bookings[b].0, q, None) {
                        bookings[b] = (issued.booking, issued.codes);
                    }
                }
                Step::Cancel(b) if b < bookings.len() => {
                    let _ = app.cancel_tickets(bookings[b].0);
                }
                Step::Scan(b, t) if b < bookings.len() && t < bookings[b].1.len() => {
                    let code = bookings[b].1[t].clone();
                    if app.scan(session, &code, "test").unwrap().admits {
                        prop_assert!(admitted.insert(code), "a code was admitted twice");
                    }
                }
                _ => {}
            }
            let s = app.sessions().unwrap().remove(0);
            prop_assert_eq!(s.admitted as usize, admitted.len());
            prop_assert!(s.admitted <= s.sold, "{} / {} entrées", s.admitted, s.sold);
        }
    }
}

#[test]
fn t5_a_key_file_from_another_provider_is_refused_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = festival(dir.path());
    let mine = f
        .app
        .issue_tickets(f.session, None, 2, "Marie")
        .unwrap()
        .codes;
    // Another provider's data dir and its key file (same id 0, another secret).
    let other = tempfile::tempdir().unwrap();
    let mut stranger = festival(other.path());
    let theirs = stranger
        .app
        .issue_tickets(stranger.session, None, 1, "Zoé")
        .unwrap()
        .codes;
    drop(f.app);
    std::fs::copy(other.path().join(KEY_FILE), dir.path().join(KEY_FILE)).unwrap();
    let mut app = open(dir.path(), &f.clock);
    // Selling refuses, saying what to do; the stranger's code is not taken as genuine.
    let refused = app.issue_tickets(f.session, None, 1, "Hugo").unwrap_err();
    assert!(
        refused.message.contains("ne correspond pas"),
        "{}",
        refused.message
    );
    assert_eq!(
        app.scan(f.session, &theirs[0], "test")
            .unwrap_err()
            .exit_code(),
        2
    );
    // The tickets sold here are still judged by the database.
    assert_eq!(
        app.scan(f.session, &mine[0], "test").unwrap().verdict,
        Verdict::Admitted
    );
}
