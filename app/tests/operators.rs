//! Operators (issue 8): each role × each guarded action, checked in the application
//! (not only hidden in the window); every write names who made it; PINs are never
//! kept in clear; the kiosk is left with a manager's PIN only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;

use common::{app_in, at, contact, stay, summer_unit};
use guichet_app::clock::ManualClock;
use guichet_app::error::AppError;
use guichet_app::operators::{Permission, Role, PERMISSIONS};
use guichet_app::planning::tariffs::TariffPlan;
use guichet_app::App;
use uuid::Uuid;

struct Device {
    _dir: tempfile::TempDir,
    app: App,
    unit: Uuid,
    session: Uuid,
    code: String,
    voucher: String,
}

/// A device in operator mode with Anne (manager, 1234), Carl (cashier, 2345) and
/// Gaby (gate, 3456), a unit with tariffs and a session with one ticket sold.
fn device() -> Device {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-07-01T10:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    app.use_operators();
    app.add_operator("Anne", Role::Manager, "1234").unwrap();
    app.add_operator("Carl", Role::Cashier, "2345").unwrap();
    app.add_operator("Gaby", Role::Gate, "3456").unwrap();
    app.load_demo().unwrap();
    let unit = summer_unit(&mut app, "Gîte des Lilas", 4);
    let session = app.sessions().unwrap()[0].id;
    let code = app
        .issue_tickets(session, None, 1, "Marie")
        .unwrap()
        .codes
        .remove(0);
    let voucher = app.vouchers().unwrap()[1].code.clone();
    Device {
        _dir: dir,
        app,
        unit,
        session,
        code,
        voucher,
    }
}

/// The expected matrix, written out (not computed from the code under test).
fn expected(role: Role, permission: Permission) -> bool {
    use Permission::*;
    match role {
        Role::Manager => true,
        Role::Cashier => matches!(permission, Book | Sell | Scan | SettleConflicts | Backup),
        Role::Gate => permission == Scan,
    }
}

fn sign_in(app: &mut App, role: Role) {
    let (who, pin) = match role {
        Role::Manager => ("Anne", "1234"),
        Role::Cashier => ("Carl", "2345"),
        Role::Gate => ("Gaby", "3456"),
    };
    app.sign_in(who, pin).unwrap();
}

/// Runs the use case that `permission` guards, as the person signed in.
fn attempt(d: &mut Device, permission: Permission) -> Result<(), AppError> {
    let app = &mut d.app;
    match permission {
        Permission::Book => app
            .hold(d.unit, stay("2026-07-04", 7), contact("Marie"))
            .map(drop),
        Permission::Sell => app.issue_tickets(d.session, None, 1, "Paul").map(drop),
        Permission::Scan => app.scan(d.session, &d.code, "test").map(drop),
        Permission::SettleConflicts => app.require(permission),
        Permission::EditTariffs => app
            .add_tariffs(
                d.unit,
                &TariffPlan::EveryNight {
                    from: "2026-09-01".parse().unwrap(),
                    until: "2026-09-05".parse().unwrap(),
                    price: "90".parse().unwrap(),
                },
            )
            .map(drop),
        Permission::EditUnits => app.add_unit("Roulotte", 2).map(drop),
        Permission::DeleteUnits => app.require(permission),
        Permission::EditEvents => app.add_event("Bal").map(drop),
        Permission::EditSettings => app.set_provider_name("Les Gîtes").map(drop),
        Permission::ManageOperators => app.add_operator("Zoé", Role::Gate, "9999").map(drop),
        Permission::RotateKeys => app.rotate_ticket_key().map(drop),
        Permission::Backup => {
            let file = d._dir.path().join("sauvegarde.guichet");
            app.backup(&file, "mot de passe long").map(drop)
        }
        Permission::RestoreBackup => app
            .restore_here(&d._dir.path().join("absente.guichet"), "x", true)
            .map(drop),
        Permission::EditProducts => app
            .add_product(
                "Balade à poney",
                "25".parse().unwrap(),
                2000,
                &["till".to_owned()],
            )
            .map(drop),
        Permission::ManageVouchers => app
            .deactivate_voucher(&d.voucher, "remboursé par chèque")
            .map(drop),
        Permission::LeaveKiosk => {
            app.enter_kiosk()?;
            let (who, pin) = match app.who()?.current.map(|c| c.role) {
                Some(Role::Manager) => ("Anne", "1234"),
                Some(Role::Cashier) => ("Carl", "2345"),
                _ => ("Gaby", "3456"),
            };
            app.leave_kiosk(who, pin)
        }
    }
}

#[test]
fn every_role_times_every_guarded_action_is_checked_in_the_application() {
    for role in [Role::Manager, Role::Cashier, Role::Gate] {
        let mut d = device();
        for permission in PERMISSIONS {
            sign_in(&mut d.app, role);
            let result = attempt(&mut d, permission);
            let refused = matches!(&result, Err(e) if e.message.contains(" le peut"));
            assert_eq!(
                !refused,
                expected(role, permission),
                "{role:?} × {permission:?}: {result:?}"
            );
            if !refused && permission != Permission::RestoreBackup {
                assert!(result.is_ok(), "{role:?} × {permission:?}: {result:?}");
            }
            if refused {
                let message = result.unwrap_err().message;
                assert!(message.contains("seul un responsable"), "{message}");
            }
            assert_eq!(
                d.app.who().unwrap().allowed.contains(&permission),
                expected(role, permission)
            );
        }
    }
}

#[test]
fn a_refusal_says_who_is_refused_and_who_may_in_french() {
    let mut d = device();
    sign_in(&mut d.app, Role::Gate);
    let error = d.app.rotate_ticket_key().unwrap_err();
    assert_eq!(
        error.message,
        "Gaby (contrôle d'accès) ne peut pas changer la clé des billets : seul un responsable le peut ; \
         demandez-lui de s'identifier (bouton en haut à droite)"
    );
    let error = d.app.issue_tickets(d.session, None, 1, "Paul").unwrap_err();
    assert!(
        error
            .message
            .contains("seul un responsable ou la caisse le peut"),
        "{}",
        error.message
    );
}

#[test]
fn with_operators_nobody_signed_in_may_do_nothing_guarded_and_the_command_line_acts_as_manager() {
    let mut d = device();
    d.app.sign_out();
    let error = d.app.add_unit("Roulotte", 2).unwrap_err();
    assert!(error.message.contains("Qui est là ?"), "{}", error.message);
    assert!(d.app.who().unwrap().allowed.is_empty());
    // The same data dir opened as the command line does: no check.
    let dir = d._dir.path().to_owned();
    drop(d.app);
    let mut cli = App::open(&dir).unwrap();
    cli.add_unit("Roulotte", 2).unwrap();
}

#[test]
fn a_device_without_operators_works_as_before_and_the_first_operator_is_a_manager() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-07-01T10:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    app.use_operators();
    app.add_unit("Roulotte", 2).unwrap();
    assert_eq!(app.who().unwrap().allowed.len(), PERMISSIONS.len());
    let error = app.add_operator("Carl", Role::Cashier, "2345").unwrap_err();
    assert!(
        error.message.contains("premier opérateur"),
        "{}",
        error.message
    );
    app.add_operator("Anne", Role::Manager, "1234").unwrap();
    assert_eq!(
        app.who().unwrap().current.unwrap().name,
        "Anne",
        "the owner is signed in"
    );
}

#[test]
fn the_last_manager_can_be_neither_removed_nor_demoted() {
    let mut d = device();
    sign_in(&mut d.app, Role::Manager);
    let error = d.app.remove_operator("Anne").unwrap_err();
    assert!(
        error.message.contains("seul responsable"),
        "{}",
        error.message
    );
    let error = d.app.set_operator_role("anne", Role::Cashier).unwrap_err();
    assert!(
        error.message.contains("seul responsable"),
        "{}",
        error.message
    );
    d.app.set_operator_role("Carl", Role::Manager).unwrap();
    d.app.remove_operator("Anne").unwrap();
    assert_eq!(
        d.app.who().unwrap().current,
        None,
        "Anne was signed in: the device locks"
    );
    let names: Vec<String> = d
        .app
        .operators()
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(names, ["Carl", "Gaby"]);
}

#[test]
fn pins_are_salted_hashes_a_wrong_one_is_refused_and_five_wait_thirty_seconds() {
    let mut d = device();
    let db = d._dir.path().join("guichet.db");
    let hashes: Vec<String> = rusqlite::Connection::open(&db)
        .unwrap()
        .prepare("SELECT pin_hash FROM operators")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(hashes.len(), 3);
    for (hash, pin) in hashes.iter().zip(["1234", "2345", "3456"]) {
        assert!(
            hash.starts_with("argon2id$") && !hash.contains(pin),
            "{hash}"
        );
    }
    let error = d.app.sign_in("Anne", "0000").unwrap_err();
    assert_eq!(
        error.message,
        "nom ou code PIN incorrect : retapez votre code"
    );
    for _ in 0..4 {
        d.app.sign_in("Anne", "0000").unwrap_err();
    }
    let error = d.app.sign_in("Anne", "1234").unwrap_err();
    assert!(error.message.contains("attendez 30 s"), "{}", error.message);
    d.app.set_operator_pin("Gaby", "12").unwrap_err();
}

#[test]
fn every_write_names_its_operator_in_the_envelope_and_old_envelopes_still_read() {
    let mut d = device();
    sign_in(&mut d.app, Role::Cashier);
    d.app
        .hold(d.unit, stay("2026-07-04", 7), contact("Marie"))
        .unwrap();
    let last = d.app.pending_operations().unwrap().pop().unwrap().unwrap();
    assert_eq!(last.op.kind(), "hold_placed");
    assert_eq!(last.by.as_ref().map(|b| b.as_str()), Some("Carl"));
    let json = serde_json::to_value(&last).unwrap();
    assert_eq!(json["by"], "Carl");
    let outbox = d.app.outbox().unwrap();
    assert_eq!(outbox.last().unwrap().by.as_deref(), Some("Carl"));
    // The CLI (no operator) writes envelopes without `by`, as before.
    let dir = d._dir.path().to_owned();
    drop(d.app);
    let mut cli = App::open(&dir).unwrap();
    cli.add_unit("Roulotte", 2).unwrap();
    let last = cli.pending_operations().unwrap().pop().unwrap().unwrap();
    assert_eq!(last.by, None);
    assert!(serde_json::to_value(&last).unwrap().get("by").is_none());
}

#[test]
fn the_kiosk_survives_a_relaunch_and_only_a_managers_pin_leaves_it() {
    let mut d = device();
    sign_in(&mut d.app, Role::Gate);
    d.app.enter_kiosk().unwrap();
    let dir = d._dir.path().to_owned();
    drop(d.app);
    let clock = Arc::new(ManualClock::at(at("2026-07-01T11:00:00Z")));
    let mut app = app_in(&dir, &clock);
    app.use_operators();
    assert!(app.kiosk().unwrap(), "back in kiosk mode after a relaunch");
    let error = app.leave_kiosk("Gaby", "3456").unwrap_err();
    assert!(
        error.message.contains("quitter le mode borne"),
        "{}",
        error.message
    );
    let error = app.leave_kiosk("Carl", "2345").unwrap_err();
    assert!(
        error.message.contains("seul un responsable"),
        "{}",
        error.message
    );
    app.leave_kiosk("Anne", "0000").unwrap_err();
    assert!(app.kiosk().unwrap());
    app.leave_kiosk("Anne", "1234").unwrap();
    assert!(!app.kiosk().unwrap());
    assert_eq!(
        app.who().unwrap().current,
        None,
        "leaving does not sign Anne in"
    );
}
