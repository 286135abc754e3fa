//! Issue 6, section 5: inputs are bounded and no write turns into a flood, checked
//! from outside on the real binary. Each test reproduces a failure of the binary
//! before the bounds (figures in the commit that added this file).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use guichet_tests::{guichet, guichet_bin, guichet_env, DataDir, Run};
use serde_json::Value;

/// Set-ups on a [`DataDir`].
trait Bounds {
    /// A unit.
    fn unit(&self) -> String;
    /// How many tariffs a unit has.
    fn tariff_count(&self, unit: &str) -> usize;
    /// `guichet ARGS…` on the data dir, output for people.
    fn text(&self, args: &[&str]) -> Run;
}

impl Bounds for DataDir {
    fn text(&self, args: &[&str]) -> Run {
        self.run_text(args, &[])
    }

    fn unit(&self) -> String {
        self.ok(&["units", "add", "--name", "Gîte", "--capacity", "4"])["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn tariff_count(&self, unit: &str) -> usize {
        self.ok(&["tariffs", "list", "--unit", unit])
            .as_array()
            .unwrap()
            .len()
    }
}

/// Refused as bad input (exit 2) with every one of `words` in the message.
fn refused(run: &Run, words: &[&str]) {
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    for word in words {
        assert!(run.stderr.contains(word), "{word:?} not in: {}", run.stderr);
    }
}

#[test]
fn bounds_a_two_digit_year_is_refused_and_writes_no_tariff() {
    // Before: `--from 26-07-01` was read as the year 26 and wrote 730 485 tariffs
    // (130 MB of database, one 40.9 MB outbox operation, 18.6 s).
    let data = DataDir::new();
    let unit = data.unit();
    let run = data.text(&[
        "tariffs",
        "add",
        "--unit",
        &unit,
        "--from",
        "26-07-01",
        "--until",
        "2026-07-01",
        "--price",
        "80",
    ]);
    refused(&run, &["26-07-01", "AAAA-MM-JJ", "2026-07-01"]);
    assert_eq!(data.tariff_count(&unit), 0);
}

#[test]
fn bounds_a_tariff_period_is_at_most_five_years() {
    // Before: 0001-01-01 … 9999-12-31 wrote 3.65 M tariffs.
    let data = DataDir::new();
    let unit = data.unit();
    let add = |from: &str, until: &str| {
        data.text(&[
            "tariffs", "add", "--unit", &unit, "--from", from, "--until", until, "--price", "80",
        ])
    };
    refused(&add("0001-01-01", "2026-01-01"), &["2000 à 2099"]);
    refused(&add("2026-01-01", "2099-12-31"), &["5 ans", "1 830 jours"]);
    assert_eq!(data.tariff_count(&unit), 0);
    assert_eq!(add("2026-01-01", "2031-01-01").code, 0);
    assert_eq!(data.tariff_count(&unit), 1_826);
}

#[test]
fn bounds_the_outbox_operation_of_a_tariff_plan_is_the_plan_not_its_rows() {
    // Before: one `tariffs_set` operation listed every tariff written (40.9 MB for
    // the two-digit year above; 60 bytes a night).
    let data = DataDir::new();
    let unit = data.unit();
    data.ok(&[
        "tariffs",
        "add",
        "--unit",
        &unit,
        "--from",
        "2026-01-01",
        "--until",
        "2031-01-01",
        "--price",
        "80",
    ]);
    let ops = data.ok(&["outbox"]);
    let op = ops
        .as_array()
        .unwrap()
        .iter()
        .find(|op| op["kind"] == "tariff_plan_applied")
        .unwrap()
        .clone();
    assert_eq!(
        op["payload"],
        serde_json::json!({"kind": "tariff_plan_applied", "data": {
            "unit": unit,
            "plan": {"plan": "every_night", "from": "2026-01-01", "until": "2031-01-01", "price": "80.00"},
        }})
    );
}

fn quote(file: &str, from: &str, nights: &str) -> Run {
    guichet(&[
        "quote",
        "--tariffs",
        file,
        "--from",
        from,
        "--nights",
        nights,
        "--json",
    ])
}

fn tariff_file(dir: &tempfile::TempDir, text: &str) -> String {
    let path = dir.path().join("tarifs.json");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn bounds_quote_refuses_a_stay_beyond_1096_nights_or_2099() {
    // Before: `--nights 90000000` took 3.5 GB (aborted under a 2 GB cap), and a
    // stay in 1999 was quoted.
    let dir = tempfile::tempdir().unwrap();
    let file = tariff_file(
        &dir,
        r#"[{"start": "2026-07-01", "nights": 1, "price": "80"}]"#,
    );
    refused(&quote(&file, "2026-07-01", "90000000"), &["1 096 nuits"]);
    refused(&quote(&file, "2026-07-01", "1097"), &["1 096 nuits"]);
    refused(&quote(&file, "1999-07-01", "1"), &["2000 à 2099"]);
    assert_eq!(quote(&file, "2026-07-01", "1").code, 0);
}

#[test]
fn bounds_a_tariff_file_beyond_the_bounds_is_bad_input_naming_the_tariff() {
    // Before: a tariff starting in 1999 was quoted (exit 0); 12 345 678 nights
    // was read as a tariff.
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            r#"[{"start": "1999-07-01", "nights": 1, "price": "10"}]"#,
            "1999-07-01",
            "2000 à 2099",
        ),
        (
            r#"[{"start": "2026-07-01", "nights": 12345678, "price": "10"}]"#,
            "2026-07-01",
            "1 096 nuits",
        ),
        (
            r#"[{"start": "2026-07-01", "nights": 1, "price": "2000000"}]"#,
            "2026-07-01",
            "1 000 000,00 €",
        ),
    ];
    for (text, start, words) in cases {
        let file = tariff_file(&dir, text);
        let run = quote(&file, "2026-07-01", "1");
        refused(&run, &[&file, "tarif n° 1", start, words]);
    }
}

/// Runs `guichet ARGS` and kills it after `limit` if it has not exited by itself.
fn run_within(args: &[&str], limit: Duration) -> (Option<i32>, String) {
    let mut child = Command::new(guichet_bin())
        .args(args)
        .env_remove("GUICHET_NOW")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let output = child.wait_with_output().unwrap();
            return (
                status.code(),
                String::from_utf8_lossy(&output.stderr).into_owned(),
            );
        }
        if started.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            return (None, "killed: it did not exit by itself".to_owned());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn quote_file_within(path: &str) -> (Option<i32>, String) {
    run_within(
        &[
            "quote",
            "--tariffs",
            path,
            "--from",
            "2026-07-01",
            "--nights",
            "1",
        ],
        Duration::from_secs(5),
    )
}

#[test]
fn bounds_a_fifo_is_refused_at_once_instead_of_hanging() {
    // Before: a FIFO as tariff file hung until killed.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("tarifs.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let (code, stderr) = quote_file_within(&fifo.display().to_string());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("fichier ordinaire"), "{stderr}");
}

#[test]
fn bounds_a_device_is_refused_at_once_instead_of_read_until_memory_runs_out() {
    // Before: /dev/zero was read until memory ran out.
    let (code, stderr) = quote_file_within("/dev/zero");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("fichier ordinaire"), "{stderr}");
}

#[test]
fn bounds_a_folder_is_refused_as_not_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = quote_file_within(&dir.path().display().to_string());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("pas un dossier"), "{stderr}");
}

#[test]
fn bounds_a_tariff_file_over_10_mb_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enorme.json");
    let mut text = String::from("[");
    text.push_str(&" ".repeat(11 * 1024 * 1024));
    text.push(']');
    std::fs::write(&path, text).unwrap();
    let (code, stderr) = quote_file_within(&path.display().to_string());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("10 Mo"), "{stderr}");
}

#[test]
fn bounds_a_tariff_file_can_come_from_standard_input() {
    let mut child = Command::new(guichet_bin())
        .args([
            "quote",
            "--tariffs",
            "-",
            "--from",
            "2026-07-01",
            "--nights",
            "1",
            "--json",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"[{"start": "2026-07-01", "nights": 1, "price": "80"}]"#)
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["total"], "80.00");
}

#[test]
fn bounds_amounts_quantities_and_names_state_their_limit() {
    let data = DataDir::new();
    let unit = data.unit();
    let add = |price: &str| {
        data.text(&[
            "tariffs",
            "add",
            "--unit",
            &unit,
            "--from",
            "2026-07-01",
            "--until",
            "2026-07-02",
            &format!("--price={price}"),
        ])
    };
    refused(&add("1000000.01"), &["1 000 000,00 €"]);
    refused(&add("-5"), &["négatif", "80.00"]);
    refused(
        &data.text(&["units", "add", "--name", "Dortoir", "--capacity", "10001"]),
        &["10 000"],
    );
    let long = "x".repeat(201);
    refused(
        &data.text(&["units", "add", "--name", &long, "--capacity", "2"]),
        &["200"],
    );
    assert_eq!(data.tariff_count(&unit), 0);
}

fn hold(data: &DataDir, unit: &str, name: &str, contact: [&str; 2]) -> Run {
    data.text(&[
        "holds",
        "create",
        "--unit",
        unit,
        "--from",
        "2026-07-01",
        "--nights",
        "1",
        "--name",
        name,
        contact[0],
        contact[1],
    ])
}

#[test]
fn bounds_phones_and_emails_are_validated_with_an_example() {
    // Before: `--phone abc` was taken (the hold was then refused for lack of tariffs).
    let data = DataDir::new();
    let unit = data.unit();
    refused(
        &hold(&data, &unit, "Marie Dupont", ["--phone", "abc"]),
        &[
            "« abc » n'est pas un numéro de téléphone",
            "+33 6 12 34 56 78",
        ],
    );
    refused(
        &hold(
            &data,
            &unit,
            "Marie Dupont",
            ["--email", "marie@@exemple.fr"],
        ),
        &["n'est pas une adresse e-mail", "marie.dupont@exemple.fr"],
    );
}

#[test]
fn bounds_terminal_escapes_in_names_never_reach_stdout_raw() {
    // Before: `units add --name $'Esc\e[2J'` was stored and echoed raw (the ESC byte
    // on stdout clears the operator's screen).
    let data = DataDir::new();
    let unit = data.unit();
    let escape = "X\u{1b}[2JY";
    let add = data.text(&["units", "add", "--name", escape, "--capacity", "2"]);
    refused(&add, &["caractères de contrôle", "\\u{1b}[2J"]);
    assert!(!add.stdout.contains('\u{1b}') && !add.stderr.contains('\u{1b}'));
    let held = hold(&data, &unit, escape, ["--phone", "06 12 34 56 78"]);
    refused(&held, &["caractères de contrôle"]);
    assert!(!held.stdout.contains('\u{1b}') && !held.stderr.contains('\u{1b}'));
    // A name that got into the database another way (an older version, a sync) is
    // escaped when printed.
    let db = rusqlite::Connection::open(format!("{}/guichet.db", data.path())).unwrap();
    db.execute(
        "UPDATE units SET name = ?1 WHERE id = ?2",
        (format!("Gîte {escape}\u{202E}"), &unit),
    )
    .unwrap();
    drop(db);
    let listed = data.text(&["units"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert!(!listed.stdout.contains('\u{1b}'), "{:?}", listed.stdout);
    assert!(!listed.stdout.contains('\u{202E}'), "{:?}", listed.stdout);
    assert!(
        listed.stdout.contains("Gîte X\\u{1b}[2JY\\u{202e}"),
        "{}",
        listed.stdout
    );
}

#[test]
fn bounds_an_invalid_guichet_now_is_refused_not_ignored() {
    // Before: `GUICHET_NOW=demain` was ignored silently (the system clock was used).
    let data = DataDir::new();
    let path = data.path();
    for bad in ["demain", "2026-07-01", "1999-07-01T10:00:00Z"] {
        let run = guichet_env(&["--data-dir", &path, "units"], &[("GUICHET_NOW", bad)]);
        refused(
            &run,
            &["GUICHET_NOW", "2026-07-01T10:00:00Z", "2000 à 2099"],
        );
        let stateless = guichet_env(
            &[
                "quote",
                "--tariffs",
                "-",
                "--from",
                "2026-07-01",
                "--nights",
                "1",
            ],
            &[("GUICHET_NOW", bad)],
        );
        refused(&stateless, &["GUICHET_NOW"]);
    }
    let pinned = guichet_env(
        &["--data-dir", &path, "--json", "planning", "--days", "1"],
        &[("GUICHET_NOW", "2026-07-01T10:00:00Z")],
    );
    assert_eq!(pinned.code, 0, "{}", pinned.stderr);
    assert_eq!(pinned.json()["days"][0], "2026-07-01");
}
