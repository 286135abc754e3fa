//! The local store on a real SQLite file: durability, and each write committed with
//! its outbox operation in one transaction.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use common::{app_in, at, contact, stay, summer_unit};
use guichet_app::clock::ManualClock;
use guichet_app::planning::units::UnitOrder;
use guichet_app::{database_path, App};

#[test]
fn d1_reopening_the_data_dir_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-06-01T10:00:00Z")));
    let (units, tariffs, bookings, holds, outbox, settings) = {
        let mut app = app_in(dir.path(), &clock);
        let unit = summer_unit(&mut app, "Gîte du Meunier", 6);
        app.set_pricing_mode(guichet_core::PricingMode::Cheapest)
            .unwrap();
        app.book(
            unit,
            stay("2026-07-04", 7),
            contact("Famille Martin"),
            None,
            None,
        )
        .unwrap();
        app.hold(unit, stay("2026-07-20", 2), contact("Léa Bernard"))
            .unwrap();
        (
            app.units(UnitOrder::BackOffice).unwrap(),
            app.tariffs(unit).unwrap(),
            app.bookings().unwrap(),
            app.live_holds().unwrap(),
            app.outbox().unwrap(),
            app.settings().unwrap(),
        )
    };
    assert!(database_path(dir.path()).is_file());
    let app = app_in(dir.path(), &clock);
    assert_eq!(app.units(UnitOrder::BackOffice).unwrap(), units);
    assert_eq!(app.tariffs(units[0].id).unwrap(), tariffs);
    assert_eq!(app.bookings().unwrap(), bookings);
    assert_eq!(app.live_holds().unwrap(), holds);
    assert_eq!(app.outbox().unwrap(), outbox);
    assert_eq!(app.settings().unwrap(), settings);
    assert_eq!((bookings.len(), holds.len(), tariffs.len()), (1, 1, 31 + 4));
}

#[test]
fn d4_every_write_leaves_one_outbox_operation_with_a_gap_free_sequence() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-06-01T10:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    let unit = summer_unit(&mut app, "Gîte", 4);
    let hold = app
        .hold(unit, stay("2026-07-04", 7), contact("Famille Martin"))
        .unwrap();
    app.go_to_payment(hold.id).unwrap();
    let booking = app.book_hold(hold.id, None).unwrap();
    app.cancel_booking(booking.id).unwrap();
    let kinds: Vec<String> = app
        .outbox()
        .unwrap()
        .iter()
        .map(|op| op.kind.clone())
        .collect();
    assert_eq!(
        kinds,
        [
            "unit_added",
            "tariff_plan_applied",
            "tariff_plan_applied",
            "hold_placed",
            "hold_extended",
            "booking_made",
            "booking_cancelled"
        ]
    );
    let seqs: Vec<i64> = app.outbox().unwrap().iter().map(|op| op.seq).collect();
    assert_eq!(seqs, (1..=7).collect::<Vec<i64>>());
    let ids: std::collections::HashSet<_> = app.outbox().unwrap().iter().map(|op| op.id).collect();
    assert_eq!(ids.len(), 7);
    // A refused action writes nothing, not even an operation.
    assert!(app.cancel_booking(booking.id).is_err());
    assert_eq!(app.outbox().unwrap().len(), 7);
}

#[test]
fn d4_a_write_whose_outbox_operation_fails_is_rolled_back_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-06-01T10:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    // SequentialIds: the device took id 1; the next unit takes 2 and its operation 3.
    // Plant an operation with id 3 so that the unit's own operation cannot be written.
    app.store()
        .conn()
        .execute(
            "INSERT INTO outbox_ops (device_id, seq, id, v, kind, payload, created_at) VALUES ('planted', 1000, ?1, 1, 'planted', '{}', '2026-06-01T10:00:00Z')",
            [uuid::Uuid::from_u128(3).to_string()],
        )
        .unwrap();
    let err = app.add_unit("Gîte fantôme", 4).unwrap_err();
    assert_eq!(err.code, guichet_app::error::ErrorCode::Storage);
    assert!(
        err.message.contains("rien n'a été modifié"),
        "{}",
        err.message
    );
    assert!(
        app.units(UnitOrder::BackOffice).unwrap().is_empty(),
        "the unit was written without its operation"
    );
    drop(app);
    let app = app_in(dir.path(), &clock);
    assert!(app.units(UnitOrder::BackOffice).unwrap().is_empty());
}

#[test]
fn the_database_runs_in_wal_with_full_sync_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(dir.path()).unwrap();
    let conn = app.store().conn();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    let sync: i64 = conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
    let orphan = conn.execute(
        "INSERT INTO tariffs (unit_id, start, nights, price) VALUES ('nope', '2026-07-01', 1, '1.00')",
        [],
    );
    assert!(orphan.is_err(), "a tariff of an unknown unit was accepted");
}

#[test]
fn a_data_dir_that_cannot_be_created_is_a_clear_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("un-fichier");
    std::fs::write(&file, "pas un dossier").unwrap();
    let err = App::open(&file.join("data")).err().unwrap();
    assert_eq!(err.exit_code(), 2);
    assert!(err.message.contains("--data-dir"), "{}", err.message);
}
