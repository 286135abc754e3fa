//! `guichet gateways …` against the REAL keychain of the system (rule O6): a private
//! D-Bus session (`dbus-run-session`) with `gnome-keyring-daemon --unlock` as its
//! Secret Service, as build-notes.md says CI runs it (scripts/setup.sh installs
//! `gnome-keyring`). A secret set there is found in the keychain and nowhere else:
//! not in the database file nor its WAL, not in the backup once decrypted (restored),
//! not in the logs, not in any JSON output. Without a Secret Service, the command
//! refuses in French (exit 1) and stores nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use guichet_tests::guichet_bin;
use guichet_tests::keyring::{assert_nowhere, contains, run_with, KeyringSession};

/// A Paybox HMAC key: the secret looked for everywhere.
const HMAC: &str =
    "9F3C1A7E5B2D48C6A0E1F2D3C4B5A69788796A5B4C3D2E1F00112233445566778899AABBCCDDEEFF";

/// A password given on standard input.
const PASSWORD: &str = "Sable-Marin-42-Ouest";

const PAYBOX_FIELDS: &[&str] = &[
    "--field",
    "etransaction_id=123456789",
    "--field",
    "site=1999888",
    "--field",
    "rank=32",
];

#[test]
fn o6_secrets_live_in_the_real_keychain_and_nowhere_else() {
    let session = KeyringSession::start();
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("donnees");
    let mut outputs = Vec::new();

    // The HMAC key from a file, the Payzen password and code from standard input.
    let secrets = root.path().join("paybox.secrets");
    std::fs::write(&secrets, format!("# clé de la banque\nhmac_key={HMAC}\n")).unwrap();
    let mut args = vec!["--json", "gateways", "set", "paybox"];
    args.extend_from_slice(PAYBOX_FIELDS);
    let secrets_arg = secrets.display().to_string();
    args.extend_from_slice(&["--secrets-file", &secrets_arg]);
    let set = session.run(&dir, &args, None);
    assert_eq!(set.code, 0, "{}", set.stderr);
    let view = set.json();
    assert_eq!(view["configured"], true);
    assert_eq!(view["secrets"], serde_json::json!(["hmac_key"]));
    assert_eq!(view["values"]["site"], "1999888");
    outputs.push(set);
    let set = session.run(
        &dir,
        &[
            "--json",
            "--verbose",
            "gateways",
            "set",
            "payzen",
            "--field",
            "login=hotel-des-pins",
            "--secrets-file",
            "-",
        ],
        Some(&format!("password={PASSWORD}\r\nsecurity_code=774411\n")),
    );
    assert_eq!(set.code, 0, "{}", set.stderr);
    outputs.push(set);

    // The keychain holds them: read back by another process.
    let check = session.run(&dir, &["--json", "gateways", "check", "paybox"], None);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(
        check.json(),
        serde_json::json!({"name": "paybox", "secrets": {"hmac_key": true}})
    );
    outputs.push(check);
    let check = session.run(&dir, &["--json", "gateways", "check", "payzen"], None);
    assert_eq!(
        check.json()["secrets"],
        serde_json::json!({"password": true, "security_code": true})
    );
    outputs.push(check);
    let list = session.run(&dir, &["--json", "gateways", "list"], None);
    assert_eq!(list.code, 0);
    let configured: Vec<String> = list
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["configured"] == true)
        .map(|g| g["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(configured, ["paybox", "payzen"]);
    outputs.push(list);
    outputs.push(session.run(&dir, &["gateways", "list"], None));

    // A backup, decrypted by restoring it elsewhere.
    let passphrase = root.path().join("phrase.txt");
    std::fs::write(&passphrase, "une phrase de sauvegarde assez longue\n").unwrap();
    let backup = root.path().join("sauvegarde.guichet");
    let phrase_arg = passphrase.display().to_string();
    let backup_arg = backup.display().to_string();
    let restored = root.path().join("restauree");
    for (command, on) in [("backup", &dir), ("restore", &restored)] {
        let args = [
            "--json",
            command,
            &backup_arg,
            "--passphrase-file",
            &phrase_arg,
        ];
        let run = session.run(on, &args, None);
        assert_eq!(run.code, 0, "{command}: {}", run.stderr);
        outputs.push(run);
    }
    let copy = rusqlite::Connection::open(restored.join("guichet.db")).unwrap();
    let fields: String = copy
        .query_row(
            "SELECT fields FROM payment_gateways WHERE name = 'paybox'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        fields.contains("1999888"),
        "the backup lost the gateway: {fields}"
    );
    drop(copy);

    let secrets_list = [HMAC, PASSWORD, "774411"];
    // Raw bytes: the database, its WAL, the logs, the run marks… and the restored copy.
    assert!(dir.join("logs").is_dir(), "no log written");
    assert_nowhere(&dir, &secrets_list);
    assert_nowhere(&restored, &secrets_list);
    for secret in secrets_list {
        assert!(!contains(
            &std::fs::read(&backup).unwrap(),
            secret.as_bytes()
        ));
        for run in &outputs {
            assert!(!run.stdout.contains(secret), "in an output: {}", run.stdout);
            assert!(!run.stderr.contains(secret), "in an output: {}", run.stderr);
        }
    }

    // Removed: gone from the keychain too.
    let removed = session.run(&dir, &["--json", "gateways", "remove", "paybox"], None);
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    let check = session.run(&dir, &["--json", "gateways", "check", "paybox"], None);
    assert_eq!(check.json()["secrets"]["hmac_key"], false);
}

#[test]
fn o6_without_a_secret_service_the_command_refuses_in_french_and_stores_nothing() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("donnees");
    let runtime = root.path().join("run");
    std::fs::create_dir_all(&runtime).unwrap();
    let mut command = Command::new(guichet_bin());
    command
        .arg("--data-dir")
        .arg(&dir)
        .args([
            "--json",
            "gateways",
            "set",
            "systempay",
            "--field",
            "login=hotel",
        ])
        .args(["--secrets-file", "-"])
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env_remove("GUICHET_DATA_DIR")
        .env_remove("GUICHET_NOW")
        .env_remove("GUICHET_LANG")
        .env("HOME", root.path())
        .env("XDG_RUNTIME_DIR", &runtime);
    let run = run_with(
        command,
        Some(&format!("password={PASSWORD}\nsecurity_code=774411\n")),
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "Erreur : aucun trousseau du système n'est disponible : le service de secrets du système"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .trim_end()
            .ends_with("les identifiants ne sont jamais enregistrés ailleurs"),
        "{}",
        run.stderr
    );
    assert_eq!(run.json()["error"]["code"], "rule");
    let db = rusqlite::Connection::open(dir.join("guichet.db")).unwrap();
    let count: i64 = db
        .query_row("SELECT COUNT(*) FROM payment_gateways", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0);
    drop(db);
    assert_nowhere(&dir, &[PASSWORD, "774411"]);
    assert!(!run.stdout.contains(PASSWORD) && !run.stderr.contains(PASSWORD));
}
