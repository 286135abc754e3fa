//! The till journal (A17) through the application: one journal per device, written
//! in the operation's own transaction, the pinned clock's rules.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use common::{app_in, at, contact, stay, summer_unit};
use guichet_app::clock::{ManualClock, PinnedClock, SequentialIds};
use guichet_app::journal::{self, Amounts, Body, Kind, NewEntry};
use guichet_app::App;
use guichet_core::payment::PaymentMethod;
use guichet_core::Money;

fn paid_booking(app: &mut App) -> uuid::Uuid {
    let unit = summer_unit(app, "Gîte des Lilas", 4);
    let booking = app
        .book(
            unit,
            stay("2026-07-04", 7),
            contact("Famille Martin"),
            None,
            None,
        )
        .unwrap();
    app.record_payment(
        booking.id,
        "180".parse().unwrap(),
        PaymentMethod::Transfer,
        "2026-06-01".parse().unwrap(),
    )
    .unwrap();
    booking.id
}

#[test]
fn a17_a_payment_is_journaled_on_the_device_that_took_it_only() {
    let clock = Arc::new(ManualClock::at(at("2026-06-01T10:00:00Z")));
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut a = app_in(dir_a.path(), &clock);
    let booking = paid_booking(&mut a);
    let entries = a.journal_entries().unwrap();
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!((entry.seq, entry.kind.as_str()), (1, "payment"));
    assert_eq!(entry.amounts["transfer"], "180.00");
    assert_eq!(entry.body["booking"], booking.to_string());
    assert!(!entry.body.to_string().contains("Martin"));
    let file = a.booking_file(booking).unwrap();
    assert_eq!(entry.reference, file.payments[0].id);

    // Another device receives the payment through sync: it is not its till's.
    let mut b = App::open_with(
        dir_b.path(),
        Box::new(Arc::clone(&clock)),
        Box::new(SequentialIds::default()),
    )
    .unwrap();
    for envelope in a.pending_operations().unwrap() {
        b.apply_remote(&envelope.unwrap()).unwrap();
    }
    assert_eq!(b.booking_file(booking).unwrap().payments.len(), 1);
    assert!(b.journal_entries().unwrap().is_empty());
    assert!(b.journal_verify().unwrap().ok);
}

#[test]
fn a17_a_pinned_clock_marks_its_entries_and_may_not_add_to_a_real_journal() {
    let dir = tempfile::tempdir().unwrap();
    let pinned = Arc::new(PinnedClock(ManualClock::at(at("2026-06-01T10:00:00Z"))));
    let mut app = App::open_with(
        dir.path(),
        Box::new(Arc::clone(&pinned)),
        Box::new(SequentialIds::default()),
    )
    .unwrap();
    paid_booking(&mut app);
    let check = app.journal_verify().unwrap();
    assert!(
        check.ok && !check.certifiable && check.pinned == 1,
        "{check:?}"
    );
    drop(app);

    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-06-01T10:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    let booking = paid_booking(&mut app);
    drop(app);
    let mut app = App::open_with(
        dir.path(),
        Box::new(Arc::clone(&pinned)),
        Box::new(SequentialIds::default()),
    )
    .unwrap();
    let refused = app
        .record_payment(
            booking,
            "20".parse().unwrap(),
            PaymentMethod::Cash,
            "2026-06-01".parse().unwrap(),
        )
        .unwrap_err();
    assert_eq!(refused.exit_code(), 1);
    assert!(
        refused.message.contains("GUICHET_NOW"),
        "{}",
        refused.message
    );
    assert_eq!(app.booking_file(booking).unwrap().payments.len(), 1);
    assert_eq!(app.journal_entries().unwrap().len(), 1);
}

#[test]
fn a17_a_correction_is_a_counter_entry_that_cites_what_it_voids() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-06-01T10:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    paid_booking(&mut app);
    let mut store = guichet_app::store::Store::open(
        &guichet_app::database_path(dir.path()),
        &SequentialIds::default(),
        at("2026-06-01T10:00:00Z"),
    )
    .unwrap();
    drop(app);
    let mut amounts = Amounts::new();
    amounts
        .add(PaymentMethod::Cash, Money::from_cents(2_000))
        .unwrap();
    amounts
        .add(PaymentMethod::Card, Money::from_cents(1_550))
        .unwrap();
    let sale = NewEntry::new(Kind::Sale, uuid::Uuid::from_u128(7), amounts, Body::empty());
    let ids = guichet_app::clock::UuidV7;
    let (sale, voided) = store
        .write(&ids, at("2026-06-01T11:00:00Z"), |tx| {
            let appended = journal::append(tx, sale)?;
            let sale = journal::find(tx.conn(), uuid::Uuid::from_u128(7))?.unwrap();
            assert_eq!(sale, appended);
            assert!(journal::find(tx.conn(), uuid::Uuid::from_u128(9))?.is_none());
            let counter = NewEntry::counter(
                &sale,
                Kind::SaleVoided,
                uuid::Uuid::from_u128(8),
                Body::empty(),
            )
            .unwrap();
            Ok((sale, journal::append(tx, counter)?))
        })
        .unwrap();
    assert_eq!(voided.cites, Some(sale.reference));
    assert_eq!(
        voided.amounts.get(PaymentMethod::Card),
        Money::from_cents(-1_550)
    );
    assert_eq!(voided.prev_hash, sale.hash);
    assert!(journal::verify(store.conn()).unwrap().certifiable);
}
