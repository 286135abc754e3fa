//! Paramètres (issue 8): the provider's identity — address, SIRET, VAT number, e-mail,
//! phone, logo — checked, stored, and synced as a `settings_edited` operation that
//! carries only the fields that changed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use common::{app_in, at};
use guichet_app::clock::ManualClock;
use guichet_app::settings::Identity;
use guichet_core::sync::Op;

fn identity() -> Identity {
    Identity {
        street: "12 chemin des Lilas".into(),
        postcode: "24200".into(),
        town: "Sarlat-la-Canéda".into(),
        country: "France".into(),
        siret: "732 829 320 00074".into(),
        vat_number: "FR 44 732829320".into(),
        email: "contact@gites-du-vallon.fr".into(),
        phone: "05 53 12 34 56".into(),
        logo: "data:image/png;base64,iVBORw0KGgo=".into(),
    }
}

#[test]
fn the_identity_is_stored_checked_and_synced_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-07-01T10:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    let view = app.set_identity(&identity()).unwrap();
    assert_eq!(view.identity.siret, "73282932000074", "kept without spaces");
    assert_eq!(view.identity.vat_number, "FR44732829320");
    assert_eq!(view.identity.town, "Sarlat-la-Canéda");
    assert!(!view.device_name.is_empty());
    let last = app.pending_operations().unwrap().pop().unwrap().unwrap();
    let Op::SettingsEdited(edit) = &last.op else {
        panic!("{:?}", last.op)
    };
    assert_eq!(edit.identity().len(), 9);

    // Only what changed travels.
    let mut changed = identity();
    changed.phone = "06 12 34 56 78".into();
    app.set_identity(&changed).unwrap();
    let last = app.pending_operations().unwrap().pop().unwrap().unwrap();
    let Op::SettingsEdited(edit) = &last.op else {
        panic!()
    };
    assert_eq!(edit.identity(), vec![("phone", "06 12 34 56 78")]);
    let before = app.outbox().unwrap().len();
    app.set_identity(&changed).unwrap();
    assert_eq!(
        app.outbox().unwrap().len(),
        before,
        "nothing changed, nothing recorded"
    );

    // Reopened: still there.
    drop(app);
    let app = app_in(dir.path(), &clock);
    assert_eq!(app.settings().unwrap().identity.phone, "06 12 34 56 78");
}

#[test]
fn a_wrong_siret_vat_number_postcode_or_logo_is_refused_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-07-01T10:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    type Spoil = fn(&mut Identity);
    let cases: [(Spoil, &str); 5] = [
        (|i| i.siret = "73282932000075".into(), "SIRET invalide"),
        (
            |i| i.vat_number = "FR45732829320".into(),
            "numéro de TVA invalide",
        ),
        (
            |i| i.vat_number = "FR40303265045".into(),
            "ne correspond pas au SIRET",
        ),
        (|i| i.postcode = "2420".into(), "code postal invalide"),
        (
            |i| i.logo = "data:image/gif;base64,R0lGOD".into(),
            "PNG ou JPEG",
        ),
    ];
    for (spoil, expected) in cases {
        let mut bad = identity();
        spoil(&mut bad);
        let error = app.set_identity(&bad).unwrap_err();
        assert!(error.message.contains(expected), "{}", error.message);
        assert_eq!(error.exit_code(), 2);
    }
    let mut big = identity();
    big.logo = format!("data:image/png;base64,{}", "A".repeat(700_000));
    assert!(app
        .set_identity(&big)
        .unwrap_err()
        .message
        .contains("500 ko"));
    assert!(app.outbox().unwrap().is_empty(), "nothing was recorded");
    // La Poste's establishments follow their own rule.
    let mut poste = identity();
    poste.siret = "35600000000001".into();
    poste.vat_number = String::new();
    app.set_identity(&poste).unwrap();
}
