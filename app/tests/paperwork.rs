//! The paperwork of a booking file in the app: the provider's identity in the
//! templates (T6), the contract's conditions synced as a `settings_edited` carrying only
//! what changed (B2), a template saved as `template_saved` and applied on a device that
//! pulls it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use common::{app_in, at, contact, stay, summer_unit};
use guichet_app::clock::ManualClock;
use guichet_app::settings::Identity;
use guichet_core::sync::Op;

#[test]
fn t6_the_providers_identity_fills_its_placeholders_and_a_template_is_an_operation() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-03-01T10:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    app.set_provider_name("Les Gîtes du Vallon").unwrap();
    app.set_identity(&Identity {
        street: "12 chemin des Lilas".into(),
        postcode: "24200".into(),
        town: "Sarlat-la-Canéda".into(),
        country: "France".into(),
        email: "contact@gites-du-vallon.fr".into(),
        ..Identity::default()
    })
    .unwrap();
    let unit = summer_unit(&mut app, "Gîte", 4);
    let booking = app
        .book(
            unit,
            stay("2026-07-04", 7),
            contact("Marie Dupont"),
            Some("12345.60".parse().unwrap()),
            None,
        )
        .unwrap()
        .id;
    let text =
        "{PrestataireIdentite}|{PrestataireAdresse}|{PrestataireEMail}|{Total}|{MontantAcompte}";
    let saved = app.save_template("confirmation", text).unwrap();
    assert!(!saved.default);
    let last = app.pending_operations().unwrap().pop().unwrap().unwrap();
    let Op::TemplateSaved(op) = &last.op else {
        panic!("{:?}", last.op)
    };
    assert_eq!((op.name.as_str(), op.text.as_str()), ("confirmation", text));
    let rendered = app.render_template("confirmation", booking).unwrap();
    assert_eq!(
        rendered.body,
        "Les Gîtes du Vallon|12 chemin des Lilas, 24200 Sarlat-la-Canéda|contact@gites-du-vallon.fr|\
         12\u{202f}345,60\u{a0}€|3\u{202f}703,68\u{a0}€"
    );
    // An unknown placeholder: refused by the rule, nothing recorded.
    let before = app.outbox().unwrap().len();
    let refused = app
        .save_template("confirmation", "{Prestataire}")
        .unwrap_err();
    assert_eq!(refused.exit_code(), 1);
    assert_eq!(app.outbox().unwrap().len(), before);
    assert_eq!(app.template("confirmation").unwrap(), text);
}

#[test]
fn b2_only_the_conditions_that_changed_travel() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-03-01T10:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    let mut wanted = app.settings().unwrap().conditions;
    assert_eq!(
        (wanted.deposit_percent, wanted.deposit_kind.as_str()),
        (30, "arrhes"),
        "defaults"
    );
    wanted.deposit_kind = "acompte".into();
    wanted.extra_info = "Taxe de séjour : 0,88 € par adulte et par nuit.\r\n".into();
    let view = app.set_conditions(&wanted).unwrap();
    assert_eq!(view.conditions.deposit_kind, "acompte");
    assert!(view
        .conditions
        .consequence
        .contains("ne peut pas se désister"));
    let last = app.pending_operations().unwrap().pop().unwrap().unwrap();
    let Op::SettingsEdited(edit) = &last.op else {
        panic!("{:?}", last.op)
    };
    let names: Vec<&str> = edit.conditions().iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["deposit_kind", "extra_info"]);
    let before = app.outbox().unwrap().len();
    app.set_conditions(&view.conditions).unwrap();
    assert_eq!(
        app.outbox().unwrap().len(),
        before,
        "nothing changed, nothing recorded"
    );
    wanted.deposit_percent = 101;
    assert_eq!(app.set_conditions(&wanted).unwrap_err().exit_code(), 2);
}
