//! Use cases of the planning laptop: quoting, holding (P8), booking, units (P7).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use common::{app_in, at, contact, stay, summer_setup};
use guichet_app::clock::ManualClock;
use guichet_app::error::ErrorCode;
use guichet_app::planning::units::UnitOrder;
use guichet_core::PricingMode;

fn setup() -> (
    tempfile::TempDir,
    Arc<ManualClock>,
    guichet_app::App,
    uuid::Uuid,
) {
    summer_setup("Gîte du Meunier", 6)
}

#[test]
fn p2_the_store_quotes_in_priority_mode_by_default_and_p3_on_request() {
    let (_dir, _clock, mut app, unit) = setup();
    // Ten nights from Saturday 4 July: ten one-night tariffs (priority) cost 1 000 €;
    // a week and three nights (cheapest) cost 900 €.
    let priority = app.quote(unit, stay("2026-07-04", 10)).unwrap();
    assert_eq!(
        (priority.available, priority.total.unwrap().to_string()),
        (true, "1000.00".to_owned())
    );
    app.set_pricing_mode(PricingMode::Cheapest).unwrap();
    let cheapest = app.quote(unit, stay("2026-07-04", 10)).unwrap();
    assert_eq!(cheapest.total.unwrap().to_string(), "900.00");
    assert_eq!(
        cheapest.parts.iter().map(|p| p.nights).collect::<Vec<_>>(),
        [7, 1, 1, 1]
    );
    let uncovered = app.quote(unit, stay("2026-07-30", 5)).unwrap();
    assert!(!uncovered.available && uncovered.total.is_none());
    assert!(uncovered.reason.unwrap().contains("pas de 5 nuits"));
}

#[test]
fn p8_a_hold_blocks_the_stay_for_others_for_one_hour() {
    let (_dir, clock, mut app, unit) = setup();
    let hold = app
        .hold(unit, stay("2026-07-04", 7), contact("Famille Martin"))
        .unwrap();
    assert_eq!(hold.expires_at, at("2026-06-01T11:00:00Z"));
    assert_eq!(hold.total.to_string(), "600.00");
    let err = app
        .hold(unit, stay("2026-07-08", 2), contact("Léa Bernard"))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Rule);
    assert!(err.message.contains("Famille Martin"), "{}", err.message);
    let err = app
        .book(
            unit,
            stay("2026-07-10", 3),
            contact("Léa Bernard"),
            None,
            None,
        )
        .unwrap_err();
    assert!(err.message.contains("Famille Martin"), "{}", err.message);
    assert!(!app.quote(unit, stay("2026-07-10", 1)).unwrap().available);
    // After the hour the nights are free again, without anyone asking.
    clock.set(at("2026-06-01T11:00:00Z"));
    assert!(app.quote(unit, stay("2026-07-10", 1)).unwrap().available);
    assert!(app.live_holds().unwrap().is_empty());
    let released = app.expire_holds().unwrap();
    assert_eq!(released.iter().map(|h| h.id).collect::<Vec<_>>(), [hold.id]);
    assert!(app
        .hold(unit, stay("2026-07-08", 2), contact("Léa Bernard"))
        .is_ok());
}

#[test]
fn p8_going_to_payment_restarts_the_hour_and_a_live_hold_becomes_a_booking() {
    let (_dir, clock, mut app, unit) = setup();
    let hold = app
        .hold(unit, stay("2026-07-04", 7), contact("Famille Martin"))
        .unwrap();
    clock.set(at("2026-06-01T10:50:00Z"));
    let paying = app.go_to_payment(hold.id).unwrap();
    assert_eq!(paying.expires_at, at("2026-06-01T11:50:00Z"));
    clock.set(at("2026-06-01T11:30:00Z"));
    assert!(!app.quote(unit, stay("2026-07-05", 1)).unwrap().available);
    let booking = app.book_hold(hold.id, None).unwrap();
    assert_eq!(
        (booking.total.to_string(), booking.guest.as_str()),
        ("600.00".to_owned(), "Famille Martin")
    );
    // The hold is over; the booking now blocks the nights, for good.
    clock.set(at("2026-06-02T10:00:00Z"));
    assert!(app.live_holds().unwrap().is_empty());
    let err = app
        .hold(unit, stay("2026-07-05", 1), contact("Léa Bernard"))
        .unwrap_err();
    assert!(
        err.message.contains("réservation de Famille Martin"),
        "{}",
        err.message
    );
}

#[test]
fn p8_an_expired_hold_cannot_be_paid_or_booked() {
    let (_dir, clock, mut app, unit) = setup();
    let hold = app
        .hold(unit, stay("2026-07-04", 7), contact("Famille Martin"))
        .unwrap();
    clock.set(at("2026-06-01T11:00:01Z"));
    for err in [
        app.go_to_payment(hold.id).unwrap_err(),
        app.book_hold(hold.id, None).unwrap_err(),
    ] {
        assert_eq!(err.code, ErrorCode::Rule);
        assert!(err.message.contains("expiré"), "{}", err.message);
    }
    assert!(app.bookings().unwrap().is_empty());
}

#[test]
fn cancelling_a_booking_frees_its_nights_and_keeps_it_in_the_history() {
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
    assert!(!app.quote(unit, stay("2026-07-04", 7)).unwrap().available);
    app.cancel_booking(booking.id).unwrap();
    assert!(app.quote(unit, stay("2026-07-04", 7)).unwrap().available);
    let history = app.bookings().unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].status,
        guichet_core::booking::BookingStatus::Cancelled
    );
    let again = app.cancel_booking(booking.id).unwrap_err();
    assert_eq!(again.code, ErrorCode::Rule);
}

#[test]
fn a_back_office_booking_can_take_an_agreed_price_where_no_tariff_covers() {
    let (_dir, _clock, mut app, unit) = setup();
    let err = app
        .book(
            unit,
            stay("2026-09-01", 2),
            contact("Hugo Petit"),
            None,
            None,
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Rule);
    let booking = app
        .book(
            unit,
            stay("2026-09-01", 2),
            contact("Hugo Petit"),
            Some("180".parse().unwrap()),
            None,
        )
        .unwrap();
    assert_eq!(booking.total.to_string(), "180.00");
    let unknown = app
        .book(
            uuid::Uuid::nil(),
            stay("2026-09-01", 2),
            contact("Hugo Petit"),
            None,
            None,
        )
        .unwrap_err();
    assert_eq!(unknown.code, ErrorCode::Input);
}

#[test]
fn p7_units_list_for_sale_by_capacity_and_for_the_back_office_in_the_provider_order() {
    let (_dir, _clock, mut app, _unit) = setup();
    app.add_unit("Roulotte", 2).unwrap();
    app.add_unit("Grand gîte", 12).unwrap();
    app.add_unit("Chambre", 2).unwrap();
    let names = |order| {
        app.units(order)
            .unwrap()
            .into_iter()
            .map(|u| u.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(UnitOrder::BackOffice),
        ["Gîte du Meunier", "Roulotte", "Grand gîte", "Chambre"]
    );
    assert_eq!(
        names(UnitOrder::Sale),
        ["Roulotte", "Chambre", "Gîte du Meunier", "Grand gîte"]
    );
}

#[test]
fn the_planning_shows_prices_bookings_and_live_holds_per_night() {
    let (_dir, clock, mut app, unit) = setup();
    app.book(
        unit,
        stay("2026-07-04", 2),
        contact("Famille Martin"),
        None,
        None,
    )
    .unwrap();
    let hold = app
        .hold(unit, stay("2026-07-07", 1), contact("Léa Bernard"))
        .unwrap();
    let view = app.planning("2026-07-03".parse().unwrap(), 6).unwrap();
    let row = &view.rows[0];
    let kinds: Vec<Option<&str>> = row
        .cells
        .iter()
        .map(|c| c.occupant.as_ref().map(|o| o.kind.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            None,
            Some("booking"),
            Some("booking"),
            None,
            Some("hold"),
            None
        ]
    );
    assert_eq!(row.cells[0].price.unwrap().to_string(), "100.00");
    assert_eq!(
        row.cells[4].occupant.as_ref().unwrap().expires_at,
        Some(hold.expires_at)
    );
    clock.set(at("2026-06-01T12:00:00Z"));
    let later = app.planning("2026-07-03".parse().unwrap(), 6).unwrap();
    assert!(
        later.rows[0].cells[4].occupant.is_none(),
        "an expired hold still shows"
    );
    assert!(app.planning("2026-07-03".parse().unwrap(), 0).is_err());
}

#[test]
fn the_demo_fills_an_empty_data_dir_only() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-11-26T09:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    let summary = app.load_demo().unwrap();
    assert_eq!((summary.units, summary.bookings, summary.holds), (5, 4, 1));
    assert!(summary.tariffs > 5 * 365, "a season of tariffs per unit");
    let view = app.planning("2026-11-26".parse().unwrap(), 30).unwrap();
    let booked = view
        .rows
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| c.occupant.is_some())
        .count();
    assert!(booked >= 10, "the demo planning shows bookings");
    assert_eq!(app.load_demo().unwrap_err().code, ErrorCode::Rule);
}
