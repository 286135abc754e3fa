//! The planning laptop from the command line: several `guichet` processes on one
//! real data dir (the window and a script may run at once), P7 and P8 from outside.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::thread;

use guichet_tests::{guichet_env, DataDir, Run};

/// Planning set-ups on a [`DataDir`].
trait Planning {
    /// A unit with every night of July 2026 at 100 €.
    fn unit(&self, name: &str, capacity: &str) -> String;
}

impl Planning for DataDir {
    fn unit(&self, name: &str, capacity: &str) -> String {
        let unit = self.ok(&["units", "add", "--name", name, "--capacity", capacity])["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let written = self.ok(&[
            "tariffs",
            "add",
            "--unit",
            &unit,
            "--from",
            "2026-07-01",
            "--until",
            "2026-08-01",
            "--price",
            "100",
        ]);
        assert_eq!(written["written"], 31);
        unit
    }
}

#[test]
fn demo_fills_the_data_dir_and_the_planning_shows_it() {
    let data = DataDir::new();
    let summary = data.ok(&["demo"]);
    assert_eq!(summary["units"], 5);
    let units = data.ok(&["units"]);
    assert_eq!(units.as_array().unwrap().len(), 5);
    let planning = data.ok(&["planning", "--days", "21"]);
    let occupied = planning["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row["cells"].as_array().unwrap())
        .filter(|cell| !cell["occupant"].is_null())
        .count();
    assert!(
        occupied >= 10,
        "{occupied} occupied nights in the demo planning"
    );
    let again = data.run(&["demo"]);
    assert_eq!(
        again.code, 1,
        "a second demo must be refused: {}",
        again.stderr
    );
}

#[test]
fn p7_units_list_in_sale_order_from_the_command_line() {
    let data = DataDir::new();
    for (name, capacity) in [
        ("Grand gîte", "12"),
        ("Roulotte", "2"),
        ("Gîte", "6"),
        ("Chambre", "2"),
    ] {
        data.ok(&["units", "add", "--name", name, "--capacity", capacity]);
    }
    let names = |order: &str| -> Vec<String> {
        data.ok(&["units", "list", "--order", order])
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names("sale"), ["Roulotte", "Chambre", "Gîte", "Grand gîte"]);
    assert_eq!(
        names("back-office"),
        ["Grand gîte", "Roulotte", "Gîte", "Chambre"]
    );
}

#[test]
fn p8_a_hold_made_by_one_process_refuses_another_then_expires_after_an_hour() {
    let data = DataDir::new();
    let unit = data.unit("Gîte", "4");
    let hold = data.run_at(
        &[
            "holds",
            "create",
            "--unit",
            &unit,
            "--from",
            "2026-07-04",
            "--nights",
            "3",
            "--name",
            "Marie Dupont",
            "--email",
            "marie@exemple.fr",
        ],
        Some("2026-06-01T10:00:00Z"),
    );
    assert_eq!(hold.code, 0, "{}", hold.stderr);
    assert_eq!(hold.json()["expires_at"], "2026-06-01T11:00:00Z");
    let other = [
        "holds",
        "create",
        "--unit",
        &unit,
        "--from",
        "2026-07-05",
        "--nights",
        "1",
        "--name",
        "Léa",
        "--phone",
        "0600000000",
    ];
    let refused = data.run_at(&other, Some("2026-06-01T10:59:00Z"));
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("Marie Dupont"),
        "{}",
        refused.stderr
    );
    let expired = data.run_at(&["holds", "expire"], Some("2026-06-01T11:00:00Z"));
    assert_eq!(expired.json()["released"].as_array().unwrap().len(), 1);
    assert_eq!(data.run_at(&other, Some("2026-06-01T11:00:00Z")).code, 0);
}

#[test]
fn p8_no_overbooking_when_processes_race_for_the_same_nights() {
    let data = DataDir::new();
    let unit = data.unit("Gîte", "4");
    let runs: Vec<Run> = thread::scope(|scope| {
        let handles: Vec<_> = (0..6)
            .map(|i| {
                let (data, unit) = (&data, &unit);
                scope.spawn(move || {
                    let name = format!("Client {i}");
                    let from = format!("2026-07-{:02}", 10 + i % 2);
                    data.run(&[
                        "holds",
                        "create",
                        "--unit",
                        unit,
                        "--from",
                        &from,
                        "--nights",
                        "3",
                        "--name",
                        &name,
                        "--phone",
                        "0600000000",
                    ])
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let won: Vec<&Run> = runs.iter().filter(|r| r.code == 0).collect();
    assert_eq!(won.len(), 1, "{runs:#?}");
    assert!(
        runs.iter()
            .all(|r| r.code == 0 || (r.code == 1 && r.stderr.contains("bloquées pour Client"))),
        "{runs:#?}"
    );
    assert_eq!(data.ok(&["holds"]).as_array().unwrap().len(), 1);
}

#[test]
fn bookings_from_a_hold_and_cancelled_stay_in_the_history() {
    let data = DataDir::new();
    let unit = data.unit("Gîte", "4");
    let hold = data.ok(&[
        "holds",
        "create",
        "--unit",
        &unit,
        "--from",
        "2026-07-04",
        "--nights",
        "2",
        "--name",
        "Hugo Petit",
        "--email",
        "hugo@exemple.fr",
    ]);
    let hold_id = hold["id"].as_str().unwrap();
    assert_eq!(hold["total"], "200.00");
    data.ok(&["holds", "pay", hold_id]);
    let booking = data.ok(&["bookings", "confirm", "--hold", hold_id]);
    assert_eq!(
        (booking["total"].as_str(), booking["status"].as_str()),
        (Some("200.00"), Some("confirmed"))
    );
    let booking_id = booking["id"].as_str().unwrap();
    assert_eq!(
        data.run(&["bookings", "confirm", "--hold", hold_id]).code,
        1,
        "a hold is booked once"
    );
    data.ok(&["bookings", "cancel", booking_id]);
    let history = data.ok(&["bookings"]);
    assert_eq!(history[0]["status"], "cancelled");
    assert_eq!(
        data.ok(&[
            "price",
            "--unit",
            &unit,
            "--from",
            "2026-07-04",
            "--nights",
            "2"
        ])["available"],
        true
    );
}

#[test]
fn store_commands_refuse_bad_input_with_exit_2() {
    let data = DataDir::new();
    let unit = data.unit("Gîte", "4");
    for args in [
        vec!["units", "add", "--name", " ", "--capacity", "2"],
        vec!["units", "add", "--name", "Gîte", "--capacity", "0"],
        vec!["tariffs", "list", "--unit", "pas-un-id"],
        vec![
            "tariffs",
            "list",
            "--unit",
            "00000000-0000-0000-0000-000000000000",
        ],
        vec![
            "tariffs",
            "add",
            "--unit",
            &unit,
            "--from",
            "2026-07-10",
            "--until",
            "2026-07-01",
            "--price",
            "10",
        ],
        vec![
            "tariffs",
            "add",
            "--unit",
            &unit,
            "--from",
            "2026-07-01",
            "--until",
            "2026-07-10",
            "--price",
            "dix",
        ],
        vec![
            "holds",
            "create",
            "--unit",
            &unit,
            "--from",
            "2026-07-01",
            "--nights",
            "1",
            "--name",
            "Sans contact",
        ],
        vec![
            "holds",
            "create",
            "--unit",
            &unit,
            "--from",
            "2026-07-01",
            "--nights",
            "1",
            "--name",
            "X",
            "--email",
            "pas-un-mail",
        ],
        vec!["bookings", "cancel", "00000000-0000-0000-0000-000000000000"],
        vec!["planning", "--days", "0"],
        vec!["settings", "--pricing-mode", "random"],
    ] {
        let run = data.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.trim().is_empty(), "{args:?} said nothing");
    }
    assert_eq!(
        data.ok(&["outbox"]).as_array().unwrap().len(),
        2,
        "refused commands wrote nothing"
    );
}

#[test]
fn the_data_dir_comes_from_guichet_data_dir_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("via-env");
    let env = [("GUICHET_DATA_DIR", path.to_str().unwrap())];
    assert_eq!(
        guichet_env(&["units", "add", "--name", "Gîte", "--capacity", "4"], &env).code,
        0
    );
    assert!(path.join("guichet.db").is_file());
    let run = guichet_env(&["units", "--json"], &env);
    assert_eq!(run.json().as_array().unwrap().len(), 1);
}

#[test]
fn p8_a_hold_made_while_the_clock_said_2027_is_explained_and_released_by_the_operator() {
    let data = DataDir::new();
    let unit = data.unit("Gîte", "4");
    let hold = data.run_at(
        &[
            "holds",
            "create",
            "--unit",
            &unit,
            "--from",
            "2026-07-04",
            "--nights",
            "3",
            "--name",
            "Marie Dupont",
            "--email",
            "marie@exemple.fr",
        ],
        Some("2027-06-01T10:00:00Z"),
    );
    assert_eq!(hold.code, 0, "{}", hold.stderr);
    let id = hold.json()["id"].as_str().unwrap().to_owned();
    // The clock is corrected: the hold would block the nights for a year.
    let now = Some("2026-06-01T10:00:00Z");
    let expire = data.run_at(&["holds", "expire"], now);
    let report = expire.json();
    assert_eq!(report["released"].as_array().unwrap().len(), 0);
    assert_eq!(report["implausible"][0]["id"], id.as_str());
    let human = data.run_text(
        &["holds", "expire"],
        &[("GUICHET_NOW", "2026-06-01T10:00:00Z")],
    );
    assert!(
        human.stdout.contains("guichet holds release"),
        "{}",
        human.stdout
    );
    assert_eq!(data.run_at(&["holds", "release", &id], now).code, 0);
    let again = data.run_at(&["holds", "expire"], now).json();
    assert_eq!(again["implausible"].as_array().unwrap().len(), 0);
}
