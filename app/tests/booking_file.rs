//! The booking file: the party against the unit's capacity, payments and the balance,
//! moving a booking whole, units edited, reordered, deactivated and deleted, and the
//! planning's arrival days for a gîte let by the week.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use common::{contact, stay, summer_setup, summer_unit};
use guichet_app::clock::ManualClock;
use guichet_app::error::ErrorCode;
use guichet_app::planning::booking_file::Party;
use guichet_app::planning::tariffs::TariffPlan;
use guichet_app::planning::units::{UnitEdit, UnitOrder};
use guichet_core::payment::PaymentMethod;

fn setup() -> (
    tempfile::TempDir,
    Arc<ManualClock>,
    guichet_app::App,
    uuid::Uuid,
) {
    summer_setup("Gîte du Meunier", 4)
}

fn party(adults: u32, children: u32) -> Option<Party> {
    Some(Party { adults, children })
}

/// A unit let Saturday to Saturday only: 650 € the week, no nightly price.
fn weekly_unit(app: &mut guichet_app::App) -> uuid::Uuid {
    let unit = app.add_unit("Gîte des Lilas", 6).unwrap().id;
    app.add_tariffs(
        unit,
        &TariffPlan::Weekly {
            from: "2026-07-04".parse().unwrap(),
            until: "2026-09-05".parse().unwrap(),
            weekday: chrono::Weekday::Sat,
            price: "650".parse().unwrap(),
        },
    )
    .unwrap();
    unit
}

#[test]
fn p1_a_weekly_gite_shows_its_saturdays_with_the_week_price_and_books_a_week() {
    let (_dir, _clock, mut app, _) = setup();
    let unit = weekly_unit(&mut app);
    let planning = app.planning("2026-07-01".parse().unwrap(), 14).unwrap();
    let row = planning.rows.iter().find(|r| r.unit.id == unit).unwrap();
    // Every night is covered and free, none has a one-night price; Saturdays are
    // arrival days at the week's price.
    assert!(row
        .cells
        .iter()
        .all(|c| c.occupant.is_none() && c.price.is_none()));
    assert!(
        row.cells.iter().skip(3).all(|c| c.covered),
        "from 04/07 every night is covered"
    );
    let arrivals: Vec<_> = row
        .cells
        .iter()
        .filter_map(|c| {
            c.arrival
                .as_ref()
                .map(|a| (c.date.to_string(), a.nights, a.price.to_string()))
        })
        .collect();
    assert_eq!(
        arrivals,
        [
            ("2026-07-04".into(), 7, "650.00".into()),
            ("2026-07-11".into(), 7, "650.00".into())
        ]
    );
    let week = app.quote(unit, stay("2026-07-04", 7)).unwrap();
    assert_eq!(
        (week.available, week.total.unwrap().to_string()),
        (true, "650.00".into())
    );
    let midweek = app.quote(unit, stay("2026-07-08", 3)).unwrap();
    assert!(!midweek.available);
    assert!(
        midweek
            .reason
            .as_deref()
            .unwrap()
            .starts_with("ce gîte se loue du samedi au samedi"),
        "{:?}",
        midweek.reason
    );
    let booked = app
        .book(
            unit,
            stay("2026-07-04", 7),
            contact("Famille Martin"),
            None,
            party(2, 2),
        )
        .unwrap();
    assert_eq!(booked.total.to_string(), "650.00");
    let refused = app
        .hold(unit, stay("2026-07-08", 3), contact("Paul"))
        .unwrap_err();
    assert!(
        refused
            .message
            .contains("chevauchent la réservation de Famille Martin"),
        "{}",
        refused.message
    );
}

#[test]
fn p8_the_party_is_checked_against_the_units_capacity() {
    let (_dir, _clock, mut app, unit) = setup();
    let too_many = app
        .book(
            unit,
            stay("2026-07-04", 7),
            contact("Famille Martin"),
            None,
            party(3, 2),
        )
        .unwrap_err();
    assert_eq!(too_many.code, ErrorCode::Rule);
    assert!(
        too_many
            .message
            .contains("accueille 4 personnes au plus, pas 5"),
        "{}",
        too_many.message
    );
    let no_adult = app
        .book(
            unit,
            stay("2026-07-04", 7),
            contact("Famille Martin"),
            None,
            party(0, 2),
        )
        .unwrap_err();
    assert!(no_adult.message.contains("au moins un adulte"));
    let booking = app
        .book(
            unit,
            stay("2026-07-04", 7),
            contact("Famille Martin"),
            None,
            party(2, 2),
        )
        .unwrap();
    let file = app.booking_file(booking.id).unwrap();
    assert_eq!(
        (file.adults, file.children, file.capacity),
        (Some(2), Some(2), 4)
    );
    let edited = app
        .edit_booking(booking.id, contact("Famille Martin-Roy"), 4, 1)
        .unwrap_err();
    assert!(edited.message.contains("pas 5"));
    let edited = app
        .edit_booking(booking.id, contact("Famille Martin-Roy"), 3, 1)
        .unwrap();
    assert_eq!(
        (edited.booking.guest.as_str(), edited.adults),
        ("Famille Martin-Roy", Some(3))
    );
    assert_eq!(
        edited
            .history
            .iter()
            .map(|h| h.kind.as_str())
            .collect::<Vec<_>>(),
        ["made", "edited"]
    );
}

#[test]
fn payments_make_the_balance_and_a_refund_never_exceeds_what_was_paid() {
    let (_dir, _clock, mut app, unit) = setup();
    let booking = app
        .book(
            unit,
            stay("2026-07-04", 7),
            contact("Famille Martin"),
            None,
            None,
        )
        .unwrap();
    let day = "2026-06-01".parse().unwrap();
    let file = app
        .record_payment(
            booking.id,
            "180".parse().unwrap(),
            PaymentMethod::Transfer,
            day,
        )
        .unwrap();
    assert_eq!(
        (file.paid.to_string(), file.balance.to_string()),
        ("180.00".into(), "420.00".into())
    );
    let file = app
        .record_payment(
            booking.id,
            "420".parse().unwrap(),
            PaymentMethod::AncvPaper,
            day,
        )
        .unwrap();
    assert_eq!(file.balance.to_string(), "0.00");
    assert_eq!(file.payments.len(), 2);
    let too_much = app
        .record_payment(
            booking.id,
            "-700".parse().unwrap(),
            PaymentMethod::Cash,
            day,
        )
        .unwrap_err();
    assert!(
        too_much.message.contains("600,00 €"),
        "{}",
        too_much.message
    );
    let voucher = app
        .record_payment(
            booking.id,
            "10".parse().unwrap(),
            PaymentMethod::GiftVoucher,
            day,
        )
        .unwrap_err();
    assert!(voucher.message.contains("bon cadeau"));
    let zero = app
        .record_payment(booking.id, "0".parse().unwrap(), PaymentMethod::Cash, day)
        .unwrap_err();
    assert!(zero.message.contains("0,00 €"));
    app.cancel_booking(booking.id).unwrap();
    let after = app
        .record_payment(booking.id, "50".parse().unwrap(), PaymentMethod::Cash, day)
        .unwrap_err();
    assert!(after.message.contains("remboursement"));
    let refunded = app
        .record_payment(
            booking.id,
            "-600".parse().unwrap(),
            PaymentMethod::Transfer,
            day,
        )
        .unwrap();
    assert_eq!(
        (refunded.paid.to_string(), refunded.balance.to_string()),
        ("0.00".into(), "0.00".into())
    );
    // The balance is the price less the sum of the payments' ledger.
    let sum = refunded
        .payments
        .iter()
        .fold(guichet_core::Money::ZERO, |s, p| {
            s.checked_add(p.amount).unwrap()
        });
    assert_eq!(sum, refunded.paid);
}

#[test]
fn a_booking_moves_whole_to_free_dates_or_another_unit_and_keeps_its_payments() {
    let (_dir, _clock, mut app, unit) = setup();
    let other = summer_unit(&mut app, "Roulotte", 2);
    let booking = app
        .book(
            unit,
            stay("2026-07-04", 7),
            contact("Famille Martin"),
            None,
            party(2, 1),
        )
        .unwrap();
    app.book(unit, stay("2026-07-18", 3), contact("Paul"), None, None)
        .unwrap();
    let day = "2026-06-01".parse().unwrap();
    app.record_payment(
        booking.id,
        "200".parse().unwrap(),
        PaymentMethod::Cheque,
        day,
    )
    .unwrap();
    // Over Paul's nights: refused, nothing changes.
    let refused = app
        .move_booking(booking.id, unit, stay("2026-07-16", 4), None)
        .unwrap_err();
    assert!(refused.message.contains("Paul"), "{}", refused.message);
    // To a unit too small for the party: refused.
    let small = app
        .move_booking(booking.id, other, stay("2026-07-04", 7), None)
        .unwrap_err();
    assert!(small.message.contains("Roulotte"), "{}", small.message);
    // A shorter stay the same week: repriced by the tariffs; the payment stays.
    let moved = app
        .move_booking(booking.id, unit, stay("2026-07-05", 3), None)
        .unwrap();
    assert_eq!(
        (
            moved.booking.start.to_string(),
            moved.booking.nights,
            moved.booking.total.to_string()
        ),
        ("2026-07-05".into(), 3, "300.00".into())
    );
    assert_eq!(
        (moved.paid.to_string(), moved.balance.to_string()),
        ("200.00".into(), "100.00".into())
    );
    let last = moved.history.last().unwrap();
    assert_eq!(last.kind, "moved");
    assert_eq!(last.detail["from"]["start"], "2026-07-04");
    // Its old nights are free again.
    assert!(app.quote(unit, stay("2026-07-08", 2)).unwrap().available);
    let outbox = app.outbox().unwrap();
    assert_eq!(
        outbox.iter().filter(|o| o.kind == "booking_moved").count(),
        1
    );
    // A cancelled booking is not moved: a new booking is made instead.
    app.cancel_booking(booking.id).unwrap();
    let cancelled = app
        .move_booking(booking.id, unit, stay("2026-07-25", 2), None)
        .unwrap_err();
    assert!(cancelled.message.contains("annulée"));
}

#[test]
fn p7_units_are_renamed_reordered_deactivated_and_deleted_only_while_never_booked() {
    let (_dir, _clock, mut app, unit) = setup();
    let second = app.add_unit("Roulotte", 2).unwrap().id;
    let third = app.add_unit("Yourte", 5).unwrap().id;
    let renamed = app
        .edit_unit(
            unit,
            UnitEdit {
                name: Some("Le Moulin".into()),
                capacity: Some(5),
                active: None,
            },
        )
        .unwrap();
    assert_eq!((renamed.name.as_str(), renamed.capacity), ("Le Moulin", 5));
    let order = app.reorder_unit(third, -1).unwrap();
    assert_eq!(
        order.iter().map(|u| u.name.as_str()).collect::<Vec<_>>(),
        ["Le Moulin", "Yourte", "Roulotte"]
    );
    // P7's sale order stays by capacity.
    let sale = app.units(UnitOrder::Sale).unwrap();
    assert_eq!(
        sale.iter().map(|u| u.capacity).collect::<Vec<_>>(),
        [2, 5, 5]
    );
    app.book(
        unit,
        stay("2026-07-04", 7),
        contact("Famille Martin"),
        None,
        None,
    )
    .unwrap();
    let refused = app.remove_unit(unit).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Rule);
    assert!(
        refused.message.contains("Vous pouvez le désactiver"),
        "{}",
        refused.message
    );
    let off = app
        .edit_unit(
            unit,
            UnitEdit {
                active: Some(false),
                ..UnitEdit::default()
            },
        )
        .unwrap();
    assert!(!off.active && off.booked);
    let hold = app
        .hold(unit, stay("2026-07-20", 2), contact("Paul"))
        .unwrap_err();
    assert!(hold.message.contains("désactivé"), "{}", hold.message);
    app.remove_unit(second).unwrap();
    assert_eq!(app.units(UnitOrder::BackOffice).unwrap().len(), 2);
}
