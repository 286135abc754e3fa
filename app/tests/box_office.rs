//! The box office on a real data dir: selling (T1, T2), the PDF ticket (T4), the
//! gate's verdicts from the local copy alone (T5) and the follow-up (T3).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;
use std::sync::Arc;

use common::{app_in, at};
use guichet_app::clock::ManualClock;
use guichet_app::error::ErrorCode;
use guichet_app::App;
use guichet_core::scan::Verdict;
use uuid::Uuid;

struct Gate {
    _dir: tempfile::TempDir,
    clock: Arc<ManualClock>,
    app: App,
    event: Uuid,
    session: Uuid,
    other: Uuid,
}

fn gate() -> Gate {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-07-14T18:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    app.set_provider_name("Les Gîtes du Vallon").unwrap();
    let jazz = app.add_organizer("Jazz en Vallon").unwrap();
    let event = app.add_event("Concert du 14 juillet").unwrap();
    app.add_ticket_product(
        event,
        "Plein tarif",
        "Concerts",
        jazz,
        "25".parse().unwrap(),
    )
    .unwrap();
    let session = app
        .add_session(event, at("2026-07-14T18:30:00Z"), 5)
        .unwrap()
        .id;
    let other = app
        .add_session(event, at("2026-07-15T18:30:00Z"), 5)
        .unwrap()
        .id;
    app.set_device_name("entrée nord").unwrap();
    Gate {
        _dir: dir,
        clock,
        app,
        event,
        session,
        other,
    }
}

/// A booking's tickets as printed: the PDF file, and the codes its pages' QR give back
/// once rendered by `pdftoppm` at `dpi`.
struct Printed {
    _dir: tempfile::TempDir,
    pdf: std::path::PathBuf,
    pages: Vec<Vec<String>>,
}

fn print(app: &App, booking: Uuid, dpi: &str) -> Printed {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("billets.pdf");
    std::fs::write(&pdf, app.ticket_pdf(booking).unwrap()).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-r", dpi, "-png"])
        .arg(&pdf)
        .arg(dir.path().join("page"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut pages = Vec::new();
    for n in 1.. {
        let Ok(frame) = guichet_devices::qr::Frame::open(&dir.path().join(format!("page-{n}.png")))
        else {
            break;
        };
        pages.push(guichet_devices::qr::decode(&frame));
    }
    Printed {
        _dir: dir,
        pdf,
        pages,
    }
}

#[test]
fn t5_a_sold_ticket_is_admitted_once_then_refused_with_when_and_where() {
    let mut g = gate();
    let issued = g
        .app
        .issue_tickets(g.session, None, 2, "Marie Dupont")
        .unwrap();
    assert_eq!(issued.total.to_string(), "50.00");
    let first = g.app.scan(g.session, &issued.codes[0], "keyboard").unwrap();
    assert_eq!(
        (first.verdict, first.admits, first.admitted),
        (Verdict::Admitted, true, 1)
    );
    assert_eq!(first.message, "ENTRÉE VALIDE");
    g.clock.set(at("2026-07-14T18:05:00Z"));
    let again = g
        .app
        .scan(g.session, &issued.codes[0].to_lowercase(), "webcam")
        .unwrap();
    assert_eq!(again.verdict, Verdict::AlreadyScanned);
    assert!(!again.admits);
    // 18:00 UTC is 20:00 in Paris in July.
    assert_eq!(again.message, "DÉJÀ SCANNÉ — 20:00, entrée nord");
    assert_eq!(again.first_scan.unwrap().at, at("2026-07-14T18:00:00Z"));
    assert_eq!(
        g.app
            .scan(g.session, &issued.codes[1], "keyboard")
            .unwrap()
            .admitted,
        2
    );
}

#[test]
fn t5_forged_changed_and_made_up_codes_are_never_admitted() {
    let mut g = gate();
    let code = g
        .app
        .issue_tickets(g.session, None, 1, "Marie")
        .unwrap()
        .codes
        .remove(0);
    let mut changed = code.clone().into_bytes();
    changed[10] = if changed[10] == b'A' { b'B' } else { b'A' };
    let changed = String::from_utf8(changed).unwrap();
    for text in [
        changed.as_str(),
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
        "",
        "&é\"'(-è_çà)=",
        "https://exemple.fr/?t=1",
    ] {
        let scan = g.app.scan(g.session, text, "keyboard").unwrap();
        assert!(!scan.admits, "{text} was admitted: {scan:?}");
        assert!(
            matches!(scan.verdict, Verdict::Unreadable | Verdict::Forged),
            "{text}: {:?}",
            scan.verdict
        );
    }
    assert_eq!(
        g.app.scan(g.session, &code, "keyboard").unwrap().verdict,
        Verdict::Admitted
    );
}

#[test]
fn t5_another_sessions_ticket_and_a_cancelled_one_are_refused() {
    let mut g = gate();
    let tomorrow = g.app.issue_tickets(g.other, None, 1, "Hugo").unwrap();
    let scan = g
        .app
        .scan(g.session, &tomorrow.codes[0], "keyboard")
        .unwrap();
    assert_eq!(scan.verdict, Verdict::WrongSession);
    let cancelled = g.app.issue_tickets(g.session, None, 1, "Léa").unwrap();
    g.app.cancel_tickets(cancelled.booking).unwrap();
    let scan = g
        .app
        .scan(g.session, &cancelled.codes[0], "keyboard")
        .unwrap();
    assert_eq!((scan.verdict, scan.admits), (Verdict::Cancelled, false));
}

#[test]
fn t5_a_genuine_ticket_sold_on_another_device_is_admitted_offline_and_flagged() {
    let mut g = gate();
    let key = guichet_app::box_office::keys::KeyRing::open(
        g._dir.path(),
        false,
        &guichet_app::entropy::SystemEntropy,
    )
    .unwrap()
    .current()
    .unwrap()
    .clone();
    // A second till of the same provider: its own database, the provider's keys.
    let till = tempfile::tempdir().unwrap();
    let mut other = app_in(till.path(), &g.clock);
    // Given the provider's keys once its database exists (a key file without its
    // database is refused: sync will hand keys to an enrolled device).
    std::fs::copy(
        g._dir.path().join("ticket-keys.json"),
        till.path().join("ticket-keys.json"),
    )
    .unwrap();
    let event = other.add_event("Concert du 14 juillet").unwrap();
    let org = other.add_organizer("Jazz").unwrap();
    other
        .add_ticket_product(event, "Plein tarif", "Concerts", org, "25".parse().unwrap())
        .unwrap();
    // The till's own session is another session for this gate.
    let foreign = other
        .add_session(event, at("2026-07-14T18:30:00Z"), 5)
        .unwrap()
        .id;
    let code = other
        .issue_tickets(foreign, None, 1, "Chloé")
        .unwrap()
        .codes
        .remove(0);
    assert_eq!(
        g.app.scan(g.session, &code, "keyboard").unwrap().verdict,
        Verdict::WrongSession
    );
    // A genuine code for the gate's session that this device never sold (not synced yet).
    let genuine = guichet_core::ticket_code::TicketCode::issue(
        &key,
        guichet_core::ticket_code::CodeKind::Ticket,
        g.session,
        [7; 10],
    )
    .to_string();
    let scan = g.app.scan(g.session, &genuine, "keyboard").unwrap();
    assert_eq!(
        (scan.verdict, scan.admits, scan.ticket),
        (Verdict::UnknownGenuine, true, None)
    );
    assert_eq!(
        g.app.scan(g.session, &genuine, "keyboard").unwrap().verdict,
        Verdict::AlreadyScanned
    );
}

#[test]
fn t5_old_tickets_stay_valid_after_a_key_rotation() {
    let mut g = gate();
    let before = g
        .app
        .issue_tickets(g.session, None, 1, "Marie")
        .unwrap()
        .codes
        .remove(0);
    assert_eq!(g.app.rotate_ticket_key().unwrap(), 1);
    let after = g
        .app
        .issue_tickets(g.session, None, 1, "Hugo")
        .unwrap()
        .codes
        .remove(0);
    assert_ne!(
        before[1..3],
        after[1..3],
        "the new code carries the new key id"
    );
    assert_eq!(
        g.app.scan(g.session, &before, "keyboard").unwrap().verdict,
        Verdict::Admitted
    );
    assert_eq!(
        g.app.scan(g.session, &after, "keyboard").unwrap().verdict,
        Verdict::Admitted
    );
}

#[test]
fn t5_every_attempt_is_recorded_with_its_outbox_operation_refusals_included() {
    let mut g = gate();
    let before = g.app.outbox().unwrap().len();
    for text in ["n'importe quoi", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ""] {
        g.app.scan(g.session, text, "keyboard").unwrap();
    }
    let ops = g.app.outbox().unwrap();
    assert_eq!(ops.len(), before + 3);
    assert!(ops[before..]
        .iter()
        .all(|op| op.kind == "ticket_scanned" && op.payload["data"]["verdict"] == "unreadable"));
    let recent = g.app.recent_scans(g.session, 10).unwrap();
    assert_eq!(recent.len(), 3);
    assert_eq!(recent[0].text, "");
}

#[test]
fn t1_amending_cancels_and_rebooks_in_one_step_and_keeps_the_link() {
    let mut g = gate();
    let old = g.app.issue_tickets(g.session, None, 2, "Marie").unwrap();
    let new = g.app.amend_tickets(old.booking, 3, None).unwrap();
    assert_eq!(new.codes.len(), 3);
    assert!(new.codes.iter().all(|c| !old.codes.contains(c)));
    assert_eq!(
        g.app.ticket_booking(new.booking).unwrap().replaces,
        Some(old.booking)
    );
    assert_eq!(
        g.app.ticket_booking(old.booking).unwrap().status,
        "cancelled"
    );
    assert_eq!(
        g.app
            .scan(g.session, &old.codes[0], "keyboard")
            .unwrap()
            .verdict,
        Verdict::Cancelled
    );
    assert_eq!(
        g.app
            .scan(g.session, &new.codes[0], "keyboard")
            .unwrap()
            .verdict,
        Verdict::Admitted
    );
    // An amendment the session cannot hold changes nothing: the booking stays as it was.
    let err = g.app.amend_tickets(new.booking, 9, None).unwrap_err();
    assert_eq!(err.code, ErrorCode::Rule);
    assert!(
        err.message.contains("plus assez de places"),
        "{}",
        err.message
    );
    assert_eq!(
        g.app.ticket_booking(new.booking).unwrap().status,
        "confirmed"
    );
    assert_eq!(g.app.sessions().unwrap()[0].sold, 3);
    // A booking whose tickets were used cannot move to another session; one whose
    // tickets were not can, and an amended booking cannot be amended twice.
    assert_eq!(
        g.app
            .amend_tickets(new.booking, 3, Some(g.other))
            .unwrap_err()
            .code,
        ErrorCode::Rule
    );
    let unused = g.app.issue_tickets(g.session, None, 1, "Hugo").unwrap();
    let moved = g
        .app
        .amend_tickets(unused.booking, 3, Some(g.other))
        .unwrap();
    assert_eq!(
        g.app
            .scan(g.other, &moved.codes[0], "keyboard")
            .unwrap()
            .verdict,
        Verdict::Admitted
    );
    assert_eq!(
        g.app
            .amend_tickets(unused.booking, 1, None)
            .unwrap_err()
            .code,
        ErrorCode::Rule
    );
}

#[test]
fn t2_ticket_products_list_by_theme_then_organizer_creation_then_order() {
    let mut g = gate();
    let town = g.app.add_organizer("Mairie").unwrap();
    g.app
        .add_ticket_product(g.event, "Visite", "Visites", town, "8".parse().unwrap())
        .unwrap();
    g.app
        .add_ticket_product(
            g.event,
            "Concert mairie",
            "Concerts",
            town,
            "10".parse().unwrap(),
        )
        .unwrap();
    let other = g.app.add_organizer("Autre").unwrap();
    g.app
        .add_ticket_product(
            g.event,
            "Tarif réduit",
            "Concerts",
            other,
            "5".parse().unwrap(),
        )
        .unwrap();
    let names: Vec<String> = g
        .app
        .ticket_products(Some(g.event))
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(
        names,
        ["Plein tarif", "Concert mairie", "Tarif réduit", "Visite"]
    );
}

#[test]
fn t3_each_booking_shows_scanned_beside_quantity_and_which_tickets_were_controlled() {
    let mut g = gate();
    let issued = g
        .app
        .issue_tickets(g.session, None, 3, "Famille Martin")
        .unwrap();
    g.app.scan(g.session, &issued.codes[0], "keyboard").unwrap();
    g.app.scan(g.session, &issued.codes[2], "keyboard").unwrap();
    g.app.scan(g.session, &issued.codes[2], "keyboard").unwrap();
    let view = g.app.ticket_booking(issued.booking).unwrap();
    assert_eq!((view.quantity, view.scanned), (3, 2));
    let controlled: Vec<bool> = view
        .tickets
        .iter()
        .map(|t| t.scanned_at.is_some())
        .collect();
    assert_eq!(controlled, [true, false, true]);
    assert_eq!(view.tickets[0].scanned_on.as_deref(), Some("entrée nord"));
    assert_eq!(g.app.ticket_bookings(g.session).unwrap().len(), 1);
    let session = &g.app.sessions().unwrap()[0];
    assert_eq!(
        (session.sold, session.admitted, session.capacity),
        (3, 2, 5)
    );
}

#[test]
fn t4_the_pdf_ticket_reads_back_with_pdftotext_and_its_qr_decodes_to_the_code() {
    let mut g = gate();
    let issued = g
        .app
        .issue_tickets(g.session, None, 2, "Marie Dupont")
        .unwrap();
    let printed = print(&g.app, issued.booking, "150");
    let text = Command::new("pdftotext")
        .arg(&printed.pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8(text.stdout).unwrap();
    let reference = guichet_app::box_office::booking_reference(issued.booking);
    for expected in [
        "Les Gîtes du Vallon",
        "Concert du 14 juillet",
        "Séance du 14/07/2026 à 20:30",
        "Plein tarif — 25,00 €",
        "Détenteur : Marie Dupont",
        &format!("Réservation n° {reference}"),
        "Billet 1 / 2",
        "Billet 2 / 2",
        &issued.codes[0],
        &issued.codes[1],
    ] {
        assert!(
            text.contains(expected),
            "« {expected} » missing from:\n{text}"
        );
    }
    let expected: Vec<Vec<String>> = issued.codes.iter().map(|c| vec![c.clone()]).collect();
    assert_eq!(
        printed.pages, expected,
        "each page's QR gives back its ticket's code"
    );
    g.app.cancel_tickets(issued.booking).unwrap();
    assert_eq!(
        g.app.ticket_pdf(issued.booking).unwrap_err().code,
        ErrorCode::Rule
    );
}

#[test]
fn t1_a_session_is_never_oversold() {
    let mut g = gate();
    let huge = g
        .app
        .issue_tickets(g.session, None, 10_001, "Hugo")
        .unwrap_err();
    assert_eq!(huge.code, ErrorCode::Input);
    assert!(
        huge.message.contains("au plus 10000 billets"),
        "{}",
        huge.message
    );
    g.app.issue_tickets(g.session, None, 4, "Marie").unwrap();
    let err = g.app.issue_tickets(g.session, None, 2, "Hugo").unwrap_err();
    assert_eq!(err.code, ErrorCode::Rule);
    assert!(
        err.message.contains("1 place(s) restante(s)"),
        "{}",
        err.message
    );
    assert_eq!(
        g.app
            .issue_tickets(g.session, None, 0, "Hugo")
            .unwrap_err()
            .code,
        ErrorCode::Input
    );
    assert_eq!(
        g.app
            .issue_tickets(Uuid::nil(), None, 1, "Hugo")
            .unwrap_err()
            .code,
        ErrorCode::Input
    );
}

#[test]
fn t5_a_printed_ticket_typed_by_an_azerty_keyboard_scanner_is_admitted_once_with_no_network() {
    use guichet_devices::keyboard::{recorded, Layout, CALIBRATION};
    let mut g = gate();
    let issued = g
        .app
        .issue_tickets(g.session, None, 2, "Marie Dupont")
        .unwrap();
    // The ticket as printed: the code is what its QR gives back.
    let printed = print(&g.app, issued.booking, "100").pages.remove(0);
    assert_eq!(printed, std::slice::from_ref(&issued.codes[0]));
    // The settings' calibration scan, on a French machine with a US scanner.
    let calibration = g
        .app
        .calibrate_scanner(&recorded(&Layout::Azerty.typed(CALIBRATION, false), 0, 5))
        .unwrap();
    assert_eq!(calibration.layout, Layout::Azerty);
    // Someone typing in a field, then the scanner's burst (Caps Lock on, for good measure).
    let mut strokes = recorded("Dupont", 0, 140);
    strokes.pop();
    strokes.extend(recorded(&Layout::Azerty.typed(&printed[0], true), 5_000, 4));
    let verdicts = g.app.keyboard_scan(g.session, &strokes).unwrap();
    assert_eq!(
        verdicts.iter().map(|v| v.verdict).collect::<Vec<_>>(),
        [Verdict::Admitted]
    );
    g.clock.set(at("2026-07-14T18:12:00Z"));
    let again = g
        .app
        .keyboard_scan(
            g.session,
            &recorded(&Layout::Azerty.typed(&printed[0], false), 9_000, 4),
        )
        .unwrap();
    assert_eq!(again[0].verdict, Verdict::AlreadyScanned);
    assert_eq!(again[0].message, "DÉJÀ SCANNÉ — 20:00, entrée nord");
    // The same ticket shown to the webcam afterwards: refused too.
    assert_eq!(
        g.app
            .scan(g.session, &printed[0], "webcam")
            .unwrap()
            .verdict,
        Verdict::AlreadyScanned
    );
    // Typing alone never scans.
    assert!(g
        .app
        .keyboard_scan(g.session, &recorded(&issued.codes[1], 0, 150))
        .unwrap()
        .is_empty());
}
