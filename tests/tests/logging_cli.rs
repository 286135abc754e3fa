//! The log (issue 6): a run of `guichet` writes `logs/guichet.<date>.log` in its data
//! dir, naming the command, and nothing personal: no guest name, no e-mail, no
//! ticket code. Without a writable log folder, the command still works.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use guichet_tests::{guichet, Run};

fn run(dir: &Path, args: &[&str]) -> Run {
    let path = dir.display().to_string();
    let mut all = vec!["--data-dir", path.as_str(), "--json"];
    all.extend_from_slice(args);
    guichet(&all)
}

/// Every log file of the data dir, read together.
fn logs(dir: &Path) -> (Vec<String>, String) {
    let mut names = Vec::new();
    let mut text = String::new();
    for file in std::fs::read_dir(dir.join("logs")).unwrap() {
        let path = file.unwrap().path();
        names.push(path.file_name().unwrap().to_string_lossy().into_owned());
        text.push_str(&std::fs::read_to_string(&path).unwrap());
    }
    (names, text)
}

#[test]
fn log_names_the_commands_and_holds_no_guest_name_email_or_ticket_code() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(dir.path(), &["demo"]).code, 0);
    let sessions = run(dir.path(), &["sessions"]).json();
    let session = sessions[0]["id"].as_str().unwrap().to_owned();
    let issued = run(
        dir.path(),
        &[
            "tickets",
            "issue",
            "--session",
            &session,
            "--quantity",
            "2",
            "--holder",
            "Zoé Confidentielle",
        ],
    );
    assert_eq!(issued.code, 0, "{}", issued.stderr);
    let code = issued.json()["codes"][0].as_str().unwrap().to_owned();
    let units = run(dir.path(), &["units"]).json();
    let unit = units[0]["id"].as_str().unwrap().to_owned();
    // Refused (the e-mail is not one): the error message quotes it, the log must not.
    let refused = run(
        dir.path(),
        &[
            "holds",
            "create",
            "--unit",
            &unit,
            "--from",
            "2026-07-04",
            "--nights",
            "2",
            "--name",
            "Hugo Secret",
            "--email",
            "hugo.secret@@exemple",
        ],
    );
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("hugo.secret@@exemple"),
        "{}",
        refused.stderr
    );

    let (names, text) = logs(dir.path());
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].starts_with("guichet.") && names[0].ends_with(".log"),
        "{names:?}"
    );
    assert!(text.contains("name=tickets issue"), "{text}");
    assert!(text.contains("name=holds create"), "{text}");
    assert!(text.contains("code=Input"), "{text}");
    for secret in [
        "Zoé",
        "Confidentielle",
        "Hugo",
        "hugo.secret",
        "exemple",
        &code,
    ] {
        assert!(!text.contains(secret), "« {secret} » in the log:\n{text}");
    }
}

#[test]
fn log_verbose_also_writes_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let quiet = run(dir.path(), &["units"]);
    assert!(!quiet.stderr.contains("commande"), "{}", quiet.stderr);
    let verbose = run(dir.path(), &["--verbose", "units"]);
    assert_eq!(verbose.code, 0);
    assert!(verbose.stderr.contains("name=units"), "{}", verbose.stderr);
}

#[test]
fn log_that_cannot_be_written_never_fails_the_command() {
    let dir = tempfile::tempdir().unwrap();
    // `logs` is a file: no log folder can be made there (as on a read-only folder,
    // which root, running CI, would write anyway).
    std::fs::write(dir.path().join("logs"), "pas un dossier").unwrap();
    let run = run(
        dir.path(),
        &["units", "add", "--name", "Gîte", "--capacity", "4"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("logs")).unwrap(),
        "pas un dossier"
    );
}
