//! Setting up a festival as the window does it (issue 8): organizers, events,
//! sessions and ticket products created, edited and deactivated on a real SQLite
//! file; each edit is one operation naming only what changed; T2's order is the
//! organizers' creation order and the tickets' own order; amended bookings link both
//! ways (T1).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use common::{app_in, at};
use guichet_app::box_office::setup::{paris_start, ProductEdit};
use guichet_app::clock::ManualClock;
use guichet_app::error::ErrorCode;
use guichet_app::App;
use uuid::Uuid;

struct Festival {
    app: App,
    jazz: Uuid,
    mairie: Uuid,
    event: Uuid,
    session: Uuid,
    plein: Uuid,
}

fn festival(dir: &std::path::Path) -> Festival {
    let clock = Arc::new(ManualClock::at(at("2026-06-01T10:00:00Z")));
    let mut app = app_in(dir, &clock);
    // The window starts from an empty data dir: nothing to sell yet.
    assert!(app.sessions().unwrap().is_empty());
    assert!(app.organizers().unwrap().is_empty());
    let jazz = app.add_organizer("Jazz en Vallon").unwrap();
    let mairie = app.add_organizer("Mairie").unwrap();
    let event = app.add_event("Festival Lumières").unwrap();
    let session = app
        .add_session_local(
            event,
            "2026-07-14".parse().unwrap(),
            "20:30".parse().unwrap(),
            5,
        )
        .unwrap()
        .id;
    let plein = app
        .add_ticket_product(
            event,
            "Plein tarif",
            "Concerts",
            jazz,
            "25".parse().unwrap(),
        )
        .unwrap()
        .id;
    Festival {
        app,
        jazz,
        mairie,
        event,
        session,
        plein,
    }
}

fn ops(app: &App) -> Vec<String> {
    app.pending_operations()
        .unwrap()
        .into_iter()
        .map(|e| e.unwrap().op.kind().to_owned())
        .collect()
}

#[test]
fn a_session_typed_in_paris_time_starts_at_the_right_instant_and_a_skipped_hour_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = festival(dir.path());
    let session = &f.app.sessions().unwrap()[0];
    assert_eq!(
        session.starts_at,
        at("2026-07-14T18:30:00Z"),
        "summer: UTC+2"
    );
    assert_eq!(session.event_id, f.event);
    assert!(session.active);
    let winter = paris_start("2026-12-31".parse().unwrap(), "20:30".parse().unwrap()).unwrap();
    assert_eq!(winter, at("2026-12-31T19:30:00Z"), "winter: UTC+1");
    let gap = paris_start("2026-03-29".parse().unwrap(), "02:30".parse().unwrap()).unwrap_err();
    assert_eq!(gap.code, ErrorCode::Input);
    assert!(
        gap.message.contains("29/03/2026 à 02:30 n'existe pas"),
        "{}",
        gap.message
    );
}

#[test]
fn t2_organizers_keep_their_creation_order_when_renamed_and_an_edit_names_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = festival(dir.path());
    let before = ops(&f.app).len();
    let renamed = f
        .app
        .edit_organizer(f.jazz, Some("  Zénith Jazz "), None)
        .unwrap();
    assert_eq!(renamed.name, "Zénith Jazz");
    let names: Vec<(String, u32)> = f
        .app
        .organizers()
        .unwrap()
        .into_iter()
        .map(|o| (o.name, o.rank))
        .collect();
    assert_eq!(
        names,
        [("Zénith Jazz".to_owned(), 0), ("Mairie".to_owned(), 1)],
        "creation order, not the name"
    );
    // The same name again changes nothing and writes no operation.
    f.app
        .edit_organizer(f.jazz, Some("Zénith Jazz"), Some(true))
        .unwrap();
    assert_eq!(ops(&f.app).len(), before + 1);
    let last = f.app.pending_operations().unwrap().pop().unwrap().unwrap();
    let wire = serde_json::to_value(&last.op).unwrap();
    assert_eq!(wire["kind"], "organizer_edited");
    assert_eq!(
        wire["data"],
        serde_json::json!({"id": f.jazz, "name": "Zénith Jazz"}),
        "only the name travels"
    );
    let blank = f.app.edit_organizer(f.jazz, Some("  "), None).unwrap_err();
    assert_eq!(blank.message, "indiquez le nom de l'organisateur");
}

#[test]
fn t2_tickets_list_by_theme_then_organizer_then_their_own_order_which_the_window_moves() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = festival(dir.path());
    let enfant = f
        .app
        .add_ticket_product(f.event, "Enfant", "Concerts", f.jazz, "10".parse().unwrap())
        .unwrap()
        .id;
    f.app
        .add_ticket_product(f.event, "Balade", "Visites", f.jazz, "5".parse().unwrap())
        .unwrap();
    f.app
        .add_ticket_product(
            f.event,
            "Concert mairie",
            "Concerts",
            f.mairie,
            "8".parse().unwrap(),
        )
        .unwrap();
    let names = |app: &App| -> Vec<String> {
        app.ticket_products(None)
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect()
    };
    assert_eq!(
        names(&f.app),
        ["Plein tarif", "Enfant", "Concert mairie", "Balade"]
    );
    let moved = f.app.move_ticket_product(enfant, true).unwrap();
    assert_eq!(
        moved.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["Enfant", "Plein tarif", "Concert mairie", "Balade"]
    );
    assert_eq!(moved[0].position, 0);
    assert_eq!(moved[1].position, 1);
    // Already first: nothing moves, nothing is written.
    let count = ops(&f.app).len();
    f.app.move_ticket_product(enfant, true).unwrap();
    assert_eq!(ops(&f.app).len(), count);
    // A theme changed moves the ticket to that theme's group.
    f.app
        .edit_ticket_product(
            enfant,
            ProductEdit {
                theme: Some("Visites".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        names(&f.app),
        ["Plein tarif", "Concert mairie", "Balade", "Enfant"]
    );
}

#[test]
fn a_deactivated_organizer_product_session_or_event_is_no_longer_sold_and_reactivated_sells_again()
{
    let dir = tempfile::tempdir().unwrap();
    let mut f = festival(dir.path());
    let (session, plein) = (f.session, f.plein);
    let sell = |app: &mut App| app.issue_tickets(session, Some(plein), 1, "Client");

    f.app.edit_organizer(f.jazz, None, Some(false)).unwrap();
    assert!(!f.app.ticket_products(None).unwrap()[0].active);
    let refused = sell(&mut f.app).unwrap_err();
    assert!(
        refused.message.contains("Festival (F3)"),
        "{}",
        refused.message
    );
    f.app.edit_organizer(f.jazz, None, Some(true)).unwrap();

    f.app
        .edit_ticket_product(
            plein,
            ProductEdit {
                active: Some(false),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(sell(&mut f.app).is_err());
    f.app
        .edit_ticket_product(
            plein,
            ProductEdit {
                active: Some(true),
                ..Default::default()
            },
        )
        .unwrap();

    f.app
        .edit_session(session, None, None, Some(false))
        .unwrap();
    assert!(!f.app.sessions().unwrap()[0].active);
    let refused = sell(&mut f.app).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Rule);
    assert!(
        refused.message.contains("n'est plus en vente"),
        "{}",
        refused.message
    );
    f.app.edit_session(session, None, None, Some(true)).unwrap();

    f.app.edit_event(f.event, None, Some(false)).unwrap();
    assert!(!f.app.sessions().unwrap()[0].active, "its event is off");
    assert!(sell(&mut f.app).is_err());
    f.app.edit_event(f.event, None, Some(true)).unwrap();

    assert_eq!(sell(&mut f.app).unwrap().codes.len(), 1);
}

#[test]
fn a_session_is_moved_and_resized_but_never_below_the_tickets_sold() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = festival(dir.path());
    f.app
        .issue_tickets(f.session, None, 4, "Famille Martin")
        .unwrap();
    let refused = f
        .app
        .edit_session(f.session, None, Some(3), None)
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Rule);
    assert_eq!(
        refused.message,
        "4 billets sont déjà vendus pour cette séance : sa jauge ne peut pas descendre sous 4"
    );
    let zero = f
        .app
        .edit_session(f.session, None, Some(0), None)
        .unwrap_err();
    assert_eq!(zero.code, ErrorCode::Input);
    let edited = f
        .app
        .edit_session(f.session, Some(at("2026-07-14T19:00:00Z")), Some(8), None)
        .unwrap();
    assert_eq!((edited.capacity, edited.sold), (8, 4));
    assert_eq!(edited.starts_at, at("2026-07-14T19:00:00Z"));
    // Four more seats now exist.
    f.app.issue_tickets(f.session, None, 4, "Groupe").unwrap();
    assert!(f
        .app
        .issue_tickets(f.session, None, 1, "Un de trop")
        .is_err());
}

#[test]
fn a_product_price_edit_applies_to_new_sales_and_old_bookings_keep_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = festival(dir.path());
    let first = f.app.issue_tickets(f.session, None, 2, "Avant").unwrap();
    let edited = f
        .app
        .edit_ticket_product(
            f.plein,
            ProductEdit {
                name: Some("Plein tarif soir".into()),
                organizer: Some(f.mairie),
                price: Some("30".parse().unwrap()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(edited.name, "Plein tarif soir");
    assert_eq!(edited.organizer, "Mairie");
    assert_eq!(edited.price.to_string(), "30.00");
    let second = f.app.issue_tickets(f.session, None, 2, "Après").unwrap();
    assert_eq!(first.total.to_string(), "50.00");
    assert_eq!(second.total.to_string(), "60.00");
    let negative = f
        .app
        .edit_ticket_product(
            f.plein,
            ProductEdit {
                price: Some("-1".parse().unwrap()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(negative.code, ErrorCode::Input);
    let unknown = f
        .app
        .edit_ticket_product(Uuid::from_u128(9), ProductEdit::default())
        .unwrap_err();
    assert!(
        unknown.message.contains("rouvrez l'écran Festival"),
        "{}",
        unknown.message
    );
}

#[test]
fn t1_an_amended_booking_and_its_replacement_name_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let mut f = festival(dir.path());
    let sold = f
        .app
        .issue_tickets(f.session, None, 4, "Famille Martin")
        .unwrap();
    let amended = f.app.amend_tickets(sold.booking, 2, None).unwrap();
    let old = f.app.ticket_booking(sold.booking).unwrap();
    let new = f.app.ticket_booking(amended.booking).unwrap();
    assert_eq!(old.status, "cancelled");
    assert_eq!(old.replaced_by, Some(amended.booking));
    assert_eq!(new.replaces, Some(sold.booking));
    assert_eq!(new.replaced_by, None);
    assert_eq!(new.session, f.session);
    assert_eq!(new.quantity, 2);
}
