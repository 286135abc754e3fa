//! The data dir from the command line (issue 6, section 4): a damaged store is never
//! taken for a new one, `check`, reading a read-only data dir, `backup` / `restore`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use guichet_tests::{guichet, guichet_bin, guichet_env, Run};
use serde_json::Value;

const PASS: (&str, &str) = ("GUICHET_BACKUP_PASSPHRASE", "une phrase assez longue");

fn demo() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("donnees");
    let data = dir.display().to_string();
    let run = guichet(&["--data-dir", &data, "--json", "demo"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (root, dir)
}

fn on(dir: &Path, args: &[&str]) -> Run {
    on_env(dir, args, &[])
}

fn on_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let data = dir.display().to_string();
    let mut all = vec!["--data-dir", data.as_str(), "--json"];
    all.extend_from_slice(args);
    guichet_env(&all, env)
}

fn ok(dir: &Path, args: &[&str]) -> Value {
    let run = on(dir, args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.json()
}

fn device_id(dir: &Path) -> String {
    let conn = rusqlite::Connection::open_with_flags(
        dir.join("guichet.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    conn.query_row("SELECT id FROM device", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_zero_byte_database_beside_its_keys_exits_2_and_is_never_recreated() {
    let (_root, dir) = demo();
    let session = ok(&dir, &["sessions"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(
        &dir,
        &["tickets", "issue", "--session", &session, "--quantity", "1"],
    );
    std::fs::write(dir.join("guichet.db"), b"").unwrap();
    for args in [
        vec!["sessions"],
        vec!["units", "add", "--name", "Gîte", "--capacity", "4"],
        vec!["tickets", "issue", "--session", &session, "--quantity", "1"],
    ] {
        let run = on(&dir, &args);
        assert_eq!(run.code, 2, "{args:?} went on: {}", run.stdout);
        assert!(run.stderr.contains("guichet restore"), "{}", run.stderr);
        assert!(run.stderr.contains("vide"), "{}", run.stderr);
    }
    assert_eq!(std::fs::metadata(dir.join("guichet.db")).unwrap().len(), 0);
}

#[test]
fn check_prints_ok_and_problems_and_exits_2_on_a_damaged_database() {
    let (_root, dir) = demo();
    assert_eq!(
        ok(&dir, &["check"]),
        serde_json::json!({ "ok": true, "problems": [] })
    );
    let db = dir.join("guichet.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let len = bytes.len();
    for (i, byte) in bytes[len / 2..len / 2 + 8192].iter_mut().enumerate() {
        *byte = (i % 251) as u8;
    }
    std::fs::write(&db, &bytes).unwrap();
    let run = on(&dir, &["check"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let report = run.json();
    assert_eq!(report["ok"], false);
    assert!(!report["problems"].as_array().unwrap().is_empty());
    // And nothing else opens it.
    let run = on(&dir, &["sessions"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("guichet restore"), "{}", run.stderr);
}

#[test]
fn a_process_killed_with_the_data_dir_open_leaves_a_mark_the_next_open_clears() {
    let (_root, dir) = demo();
    let session = ok(&dir, &["sessions"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut gate = Command::new(guichet_bin())
        .args(["--data-dir", &dir.display().to_string(), "--json"])
        .args(["gate", "--session", &session])
        .env_remove("GUICHET_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the gate holds its mark.
    let marks = || std::fs::read_dir(dir.join("run")).map_or(0, Iterator::count);
    for _ in 0..200 {
        if marks() > 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(marks(), 1, "the gate holds no run mark");
    gate.kill().unwrap();
    gate.wait().unwrap();
    assert_eq!(marks(), 1, "a killed process cannot remove its mark");
    ok(&dir, &["units", "add", "--name", "Gîte", "--capacity", "4"]);
    assert_eq!(marks(), 0, "the dead process's mark is still there");
}

fn listing(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

/// Runs `guichet` as user `nobody` when this runs as root (CI does): root ignores
/// permissions, so a read-only dir is only read-only for another user.
fn as_other_user(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let data = dir.display().to_string();
    let mut command = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(guichet_bin());
        c
    } else {
        Command::new(guichet_bin())
    };
    command
        .args(["--data-dir", &data, "--json"])
        .args(args)
        .env_remove("GUICHET_DATA_DIR")
        .stdin(Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    Run::from(command.output().unwrap())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[cfg(unix)]
#[test]
fn read_commands_work_on_a_read_only_data_dir_and_writes_say_why_not() {
    use std::os::unix::fs::PermissionsExt;
    if is_root()
        && !Command::new("setpriv")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    {
        panic!("setpriv (util-linux) is needed to test a read-only data dir as root");
    }
    let (root, dir) = demo();
    let session = ok(&dir, &["sessions"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let expected_sessions = ok(&dir, &["sessions"]);
    let set = |path: &Path, mode| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    // The other user must reach the dir, and write backups beside it.
    set(root.path(), 0o777);
    for file in listing(&dir) {
        set(&file.0, 0o444);
    }
    set(&dir.join("run"), 0o555);
    set(&dir, 0o555);
    let before = listing(&dir);
    for args in [
        vec!["sessions"],
        vec!["tickets", "list", "--session", &session],
        vec!["bookings"],
        vec!["bookings", "list"],
        vec!["units"],
        vec!["units", "list"],
        vec!["holds"],
        vec!["outbox"],
        vec!["planning"],
        vec!["settings"],
        vec!["check"],
    ] {
        let run = as_other_user(&dir, &args, &[]);
        assert_eq!(run.code, 0, "{args:?} on a read-only dir: {}", run.stderr);
        if args == ["sessions"] {
            assert_eq!(run.json(), expected_sessions);
        }
    }
    let copy = root.path().join("copie.guichet");
    let run = as_other_user(&dir, &["backup", &copy.display().to_string()], &[PASS]);
    assert_eq!(run.code, 0, "backup of a read-only dir: {}", run.stderr);
    let run = as_other_user(
        &dir,
        &["units", "add", "--name", "Gîte", "--capacity", "4"],
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("droit d'écrire"), "{}", run.stderr);
    assert_eq!(listing(&dir), before, "a read-only dir was changed");
    set(&dir, 0o755);
    set(&dir.join("run"), 0o755);
}

#[test]
fn backup_and_restore_round_trip_as_a_new_device_and_refuse_what_they_must() {
    let (root, dir) = demo();
    let session = ok(&dir, &["sessions"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(
        &dir,
        &["tickets", "issue", "--session", &session, "--quantity", "2"],
    );
    let sold = ok(&dir, &["tickets", "list", "--session", &session]);
    let device = device_id(&dir);
    let file = root.path().join("sauvegarde.guichet");
    let file_arg = file.display().to_string();

    // No passphrase and no terminal: exit 2, saying how to give one.
    let run = on(&dir, &["backup", &file_arg]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("GUICHET_BACKUP_PASSPHRASE"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--passphrase-file"), "{}", run.stderr);

    let run = on_env(&dir, &["backup", &file_arg], &[PASS]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["manifest"]["device"], device.as_str());

    // Over the data dir that holds a database: refused without --replace.
    let run = on_env(&dir, &["restore", &file_arg], &[PASS]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--replace"), "{}", run.stderr);

    // Wrong passphrase, from a file.
    let wrong = root.path().join("faux.txt");
    std::fs::write(&wrong, "pas la bonne\n").unwrap();
    let elsewhere = root.path().join("ailleurs");
    let run = on(
        &elsewhere,
        &[
            "restore",
            &file_arg,
            "--passphrase-file",
            &wrong.display().to_string(),
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("mot de passe incorrect"),
        "{}",
        run.stderr
    );

    // A changed byte.
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    let tampered = root.path().join("modifiee.guichet");
    std::fs::write(&tampered, &bytes).unwrap();
    let run = on_env(
        &elsewhere,
        &["restore", &tampered.display().to_string()],
        &[PASS],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("modifié"), "{}", run.stderr);
    assert!(!elsewhere.join("guichet.db").exists());

    // Wiped, then restored: the data are back, on a new device.
    std::fs::remove_dir_all(&dir).unwrap();
    let right = root.path().join("bon.txt");
    std::fs::write(&right, format!("{}\n", PASS.1)).unwrap();
    let restored = ok(
        &dir,
        &[
            "restore",
            &file_arg,
            "--passphrase-file",
            &right.display().to_string(),
        ],
    );
    assert_ne!(restored["device"], device.as_str());
    assert_eq!(ok(&dir, &["tickets", "list", "--session", &session]), sold);
    assert_eq!(device_id(&dir), restored["device"].as_str().unwrap());
    assert_ne!(device_id(&dir), device);
}
