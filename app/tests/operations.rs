//! The operation model (issue 6, section 8): every local write is a typed operation,
//! applying a device's operations to another store reproduces its data exactly and
//! writes no outbox row, each operation is applied once, and the outbox of the first
//! release migrates.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use common::{at, contact, stay, summer_unit};
use guichet_app::clock::{ManualClock, UuidV7};
use guichet_app::App;
use rusqlite::Connection;

/// Every table of the provider's data, each row as text, in a stable order.
fn dump(conn: &Connection) -> Vec<(String, Vec<String>)> {
    [
        "units",
        "tariffs",
        "holds",
        "bookings",
        "settings",
        "organizers",
        "events",
        "sessions",
        "ticket_products",
        "ticket_bookings",
        "tickets",
        "scans",
    ]
    .iter()
    .map(|table| {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let row = columns
            .iter()
            .map(|c| format!("quote({c})"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let mut rows: Vec<String> = conn
            .prepare(&format!("SELECT {row} FROM {table}"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        ((*table).to_owned(), rows)
    })
    .collect()
}

/// A device that did a bit of everything: every kind of operation is in its outbox.
fn busy_device(dir: &std::path::Path, clock: &Arc<ManualClock>) -> App {
    let mut app = App::open_with(dir, Box::new(Arc::clone(clock)), Box::new(UuidV7)).unwrap();
    app.set_provider_name("Les Gîtes du Vallon").unwrap();
    app.set_pricing_mode(guichet_core::PricingMode::Cheapest)
        .unwrap();
    let unit = summer_unit(&mut app, "Gîte des Lilas", 4);
    let tariffs =
        [
            guichet_core::Tariff::new("2026-08-01".parse().unwrap(), 7, "700".parse().unwrap())
                .unwrap(),
        ];
    app.set_tariffs(unit, &tariffs).unwrap();
    app.remove_tariffs(
        unit,
        "2026-07-20".parse().unwrap(),
        "2026-07-22".parse().unwrap(),
    )
    .unwrap();
    let hold = app
        .hold(unit, stay("2026-07-04", 3), contact("Marie Dupont"))
        .unwrap();
    app.go_to_payment(hold.id).unwrap();
    app.book_hold(hold.id, None).unwrap();
    let released = app
        .hold(unit, stay("2026-07-10", 2), contact("Léa"))
        .unwrap();
    app.release_hold(released.id).unwrap();
    app.hold(unit, stay("2026-07-14", 2), contact("Hugo"))
        .unwrap();
    clock.set(at("2026-06-01T12:00:00Z"));
    app.expire_holds().unwrap();
    let direct = app
        .book(unit, stay("2026-07-25", 3), contact("Paul"), None, None)
        .unwrap();
    app.cancel_booking(direct.id).unwrap();
    let org = app.add_organizer("Jazz en Vallon").unwrap();
    let event = app.add_event("Festival").unwrap();
    let product = app
        .add_ticket_product(event, "Plein tarif", "Concerts", org, "25".parse().unwrap())
        .unwrap()
        .id;
    let session = app
        .add_session(event, at("2026-07-14T18:00:00Z"), 50)
        .unwrap()
        .id;
    app.edit_organizer(org, Some("Jazz au Vallon"), None)
        .unwrap();
    app.edit_event(event, Some("Festival d'été"), None).unwrap();
    app.edit_session(session, Some(at("2026-07-14T18:30:00Z")), Some(60), None)
        .unwrap();
    app.edit_ticket_product(
        product,
        guichet_app::box_office::setup::ProductEdit {
            theme: Some("Concerts du soir".into()),
            price: Some("27.50".parse().unwrap()),
            ..Default::default()
        },
    )
    .unwrap();
    let sold = app.issue_tickets(session, None, 3, "Chloé").unwrap();
    app.scan(session, &sold.codes[0], "test").unwrap();
    app.scan(session, "n'importe quoi", "test").unwrap();
    app.amend_tickets(sold.booking, 2, None).unwrap();
    let pass = app.issue_passes(session, None, 1, "Zoé").unwrap();
    app.cancel_tickets(pass.booking).unwrap();
    app.set_device_name("entrée nord").unwrap();
    app
}

#[test]
fn d4_applying_every_operation_to_a_second_store_reproduces_the_data_and_writes_no_outbox_row() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-06-01T10:00:00Z")));
    let device = busy_device(dir.path(), &clock);
    let envelopes: Vec<_> = device
        .pending_operations()
        .unwrap()
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let mut kinds: Vec<&str> = envelopes.iter().map(|e| e.op.kind()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(
        kinds.len(),
        21,
        "every kind of operation was made: {kinds:?}"
    );
    // Device-local changes (its name) are not operations.
    assert!(envelopes.iter().all(|e| e.seq >= 1));
    let seqs: Vec<u64> = envelopes.iter().map(|e| e.seq).collect();
    assert_eq!(
        seqs,
        (1..=envelopes.len() as u64).collect::<Vec<_>>(),
        "gap-free"
    );

    let other_dir = tempfile::tempdir().unwrap();
    let mut other = App::open_with(
        other_dir.path(),
        Box::new(Arc::clone(&clock)),
        Box::new(UuidV7),
    )
    .unwrap();
    for envelope in &envelopes {
        // Round trip through the wire form, as the server would send it.
        let wire = serde_json::to_string(envelope).unwrap();
        let pulled = guichet_core::sync::Envelope::decode(&wire).unwrap();
        assert!(other.apply_remote(&pulled).unwrap(), "{}", pulled.op.kind());
    }
    assert_eq!(dump(other.store().conn()), dump(device.store().conn()));
    assert!(
        other.outbox().unwrap().is_empty(),
        "applying wrote outbox rows"
    );
    // Exactly once: a second delivery changes nothing.
    for envelope in &envelopes {
        assert!(!other.apply_remote(envelope).unwrap());
    }
    assert_eq!(dump(other.store().conn()), dump(device.store().conn()));
    // The device's name stayed its own.
    let name: String = other
        .store()
        .conn()
        .query_row("SELECT name FROM device", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "poste principal");
}

#[test]
fn d4_an_operation_comes_back_to_its_device_without_being_applied_twice() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-06-01T10:00:00Z")));
    let mut device = busy_device(dir.path(), &clock);
    let before = dump(device.store().conn());
    for envelope in device.pending_operations().unwrap() {
        assert!(!device.apply_remote(&envelope.unwrap()).unwrap());
    }
    assert_eq!(dump(device.store().conn()), before);
}

/// A database as the first releases wrote it: schema version 4, the first outbox.
fn first_release_database(path: &std::path::Path) {
    let conn = Connection::open(path).unwrap();
    for sql in [
        include_str!("../../migrations/local/0001_planning.sql"),
        include_str!("../../migrations/local/0002_box_office.sql"),
        include_str!("../../migrations/local/0003_session_counters.sql"),
        include_str!("../../migrations/local/0004_ticket_kinds.sql"),
    ] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 4).unwrap();
    conn.execute(
        "INSERT INTO device (id, created_at, name) VALUES ('00000000-0000-0000-0000-0000000000aa', '2026-05-01T08:00:00Z', 'caisse 2')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('scanner_calibration', '{\"layout\":\"azerty\",\"timing\":{\"max_gap_ms\":30,\"min_length\":8}}')",
        [],
    )
    .unwrap();
    let rows = [
        (
            "unit_saved",
            r#"{"id":"00000000-0000-0000-0000-000000000001","name":"Gîte","capacity":4,"position":0}"#,
        ),
        (
            "tariffs_set",
            r#"{"unit":"00000000-0000-0000-0000-000000000001","tariffs":[{"start":"2026-07-04","nights":7,"price":"650.00"}]}"#,
        ),
        ("device_renamed", r#"{"name":"caisse 2"}"#),
        (
            "setting_set",
            r#"{"key":"scanner_calibration","value":"{}"}"#,
        ),
        (
            "hold_saved",
            r#"{"id":"00000000-0000-0000-0000-000000000002","unit":"00000000-0000-0000-0000-000000000001","stay":{"start":"2026-07-04","nights":7},"contact":{"name":"Marie","email":"m@exemple.fr","phone":null},"total":"650.00","expires_at":"2026-06-01T11:00:00Z","state":"active"}"#,
        ),
        (
            "hold_saved",
            r#"{"id":"00000000-0000-0000-0000-000000000002","unit":"00000000-0000-0000-0000-000000000001","stay":{"start":"2026-07-04","nights":7},"contact":{"name":"Marie","email":"m@exemple.fr","phone":null},"total":"650.00","expires_at":"2026-06-01T11:30:00Z","state":"active"}"#,
        ),
        ("garbage", "{not json"),
        (
            "hold_saved",
            r#"{"id":"00000000-0000-0000-0000-000000000002","unit":"00000000-0000-0000-0000-000000000001","stay":{"start":"2026-07-04","nights":7},"contact":{"name":"Marie","email":"m@exemple.fr","phone":null},"total":"650.00","expires_at":"2026-06-01T11:30:00Z","state":"booked"}"#,
        ),
        (
            "booking_saved",
            r#"{"booking":{"id":"00000000-0000-0000-0000-000000000003","unit":"00000000-0000-0000-0000-000000000001","stay":{"start":"2026-07-04","nights":7},"guest":{"name":"Marie","email":"m@exemple.fr","phone":null},"total":"650.00","status":"confirmed"},"hold":"00000000-0000-0000-0000-000000000002"}"#,
        ),
        (
            "setting_set",
            r#"{"key":"provider_name","value":"Les Gîtes"}"#,
        ),
        (
            "scan_recorded",
            r#"{"id":"00000000-0000-0000-0000-000000000004","session":"00000000-0000-0000-0000-000000000005","device":"00000000-0000-0000-0000-0000000000aa","device_name":"caisse 2","at":"2026-07-14T18:00:00Z","input":"xyz","source":"keyboard","code":null,"ticket":null,"verdict":"unreadable"}"#,
        ),
    ];
    for (seq, (kind, payload)) in (1..).zip(rows) {
        conn.execute(
            "INSERT INTO outbox (seq, id, kind, payload, created_at) VALUES (?1, ?2, ?3, ?4, '2026-06-01T10:00:00Z')",
            (seq, format!("00000000-0000-0000-0000-0000000001{seq:02}"), kind, payload),
        )
        .unwrap();
    }
}

#[test]
fn d4_the_outbox_of_the_first_release_migrates_and_one_bad_row_hides_nothing() {
    let dir = tempfile::tempdir().unwrap();
    first_release_database(&dir.path().join("guichet.db"));
    let clock = Arc::new(ManualClock::at(at("2026-06-01T10:00:00Z")));
    let app = App::open_with(dir.path(), Box::new(Arc::clone(&clock)), Box::new(UuidV7)).unwrap();
    // The upgrade is said, once.
    let notice = app.store().upgrade_notice().unwrap();
    assert!(notice.contains("schéma 4 → "), "{notice}");
    drop(app);
    let app = App::open_with(dir.path(), Box::new(Arc::clone(&clock)), Box::new(UuidV7)).unwrap();
    assert_eq!(app.store().upgrade_notice(), None);
    let ops = app.outbox().unwrap();
    let kinds: Vec<&str> = ops.iter().map(|op| op.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "unit_added",
            "tariffs_set",
            "hold_placed",
            "hold_extended",
            "garbage",
            "booking_made",
            "settings_edited",
            "ticket_scanned"
        ],
        "device-local rows dropped, the rest converted in order"
    );
    assert_eq!(
        ops.iter().map(|op| op.seq).collect::<Vec<_>>(),
        (1..=8).collect::<Vec<_>>()
    );
    let bad: Vec<_> = ops.iter().filter(|op| op.error.is_some()).collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].kind, "garbage");
    let envelopes = app.pending_operations().unwrap();
    assert_eq!(envelopes.iter().filter(|e| e.is_ok()).count(), 7);
    // The calibration is the device's own now; the provider's settings no longer hold it.
    let conn = app.store().conn();
    let moved: String = conn
        .query_row(
            "SELECT value FROM device_settings WHERE key = 'scanner_calibration'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(moved.contains("azerty"));
    let left: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM settings WHERE key = 'scanner_calibration'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn d4_a_database_written_by_a_newer_guichet_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-06-01T10:00:00Z")));
    drop(App::open_with(dir.path(), Box::new(Arc::clone(&clock)), Box::new(UuidV7)).unwrap());
    let path = dir.path().join("guichet.db");
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let Err(error) = App::open_with(dir.path(), Box::new(Arc::clone(&clock)), Box::new(UuidV7))
    else {
        panic!("a newer database was opened")
    };
    assert_eq!(error.exit_code(), 2);
    assert!(error.message.contains("plus récente"), "{}", error.message);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
