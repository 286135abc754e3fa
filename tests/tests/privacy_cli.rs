//! A guest's personal data (GDPR, issue 10 item 6): exported on request, anonymised on
//! request — on every device and in the payloads the real `guichet-sync` server keeps —
//! and after the retention period the provider sets, except a booking an invoice keeps
//! for ten years.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use guichet_tests::postgres::Postgres;
use guichet_tests::sync_device::{pair, sqlite_server, Device};
use guichet_tests::sync_server::{Backend, SyncServer};
use guichet_tests::DataDir;
use serde_json::Value;

const NAME: &str = "Camille Fontaine";
/// The guest's postal address (B2: on the contract), kept until anonymised.
const ADDRESS: &str = "12 rue des Lilas, 24200 Sarlat";
const EMAIL: &str = "camille.fontaine@exemple.fr";
const PHONE: &str = "06 11 22 33 44";
/// The old tool's customers' file: the guest (their street as the old tool wrote it)
/// and another customer who stays.
const CUSTOMERS: &str = "Civilité;Prénom;Nom;Adresse;CP;Ville;E-mail;Téléphone
Mme;Camille;Fontaine;8 impasse des Chênes;24200;Sarlat;camille.fontaine@exemple.fr;06 11 22 33 44
M.;Paul;Martin;3 place du Marché;24000;Périgueux;paul.martin@exemple.fr;
";

/// `guichet import customers` of [`CUSTOMERS`] on `device`: its report.
fn import_customers(device: &Device) -> Value {
    let file = device.0.scratch().join("clients.csv");
    std::fs::write(&file, CUSTOMERS).unwrap();
    device
        .0
        .ok(&["import", "customers", &file.display().to_string()])
}

/// Every byte of every file under `dir` (the SQLite files and their journals), after a
/// checkpoint of each database so that its journal is folded in and emptied.
fn bytes_under(dir: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    for file in &files {
        let is_db = std::fs::read(file)
            .map(|b| b.starts_with(b"SQLite format 3\0"))
            .unwrap_or(false);
        if is_db {
            let conn = rusqlite::Connection::open(file).unwrap();
            conn.busy_timeout(std::time::Duration::from_secs(10))
                .unwrap();
            let _: (i64, i64, i64) = conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .unwrap();
        }
    }
    for file in files {
        if let Ok(bytes) = std::fs::read(&file) {
            out.extend(bytes);
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn book(device: &Device, unit: &str) -> String {
    device.0.ok(&[
        "bookings",
        "create",
        "--unit",
        unit,
        "--from",
        "2027-05-08",
        "--nights",
        "4",
        "--name",
        NAME,
        "--email",
        EMAIL,
        "--phone",
        PHONE,
        "--address",
        ADDRESS,
        "--price",
        "480",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn gdpr_a_guest_is_exported_then_anonymised_on_every_device_and_on_the_server() {
    let (dir, server) = sqlite_server();
    let (provider, a, b) = pair(&server);
    let unit = a.0.ok(&["units"])[0]["id"].as_str().unwrap().to_owned();
    let booking = book(&a, &unit);
    a.0.ok(&[
        "bookings", "pay", &booking, "--amount", "150", "--method", "transfer",
    ]);
    let session = a.0.session();
    a.sell(&session, 2, NAME);
    let imported = import_customers(&a);
    assert_eq!(imported["imported"], 2, "{imported}");
    a.sync();
    b.sync();
    let on_b = b.0.ok(&["bookings", "show", &booking]);
    assert_eq!(on_b["booking"]["guest"], NAME, "{on_b}");
    let filed = b.0.ok(&["customers", "--search", "fontaine"]);
    assert_eq!(filed.as_array().unwrap().len(), 1, "{filed}");
    assert_eq!(
        filed[0]["customer"]["address"],
        "8 impasse des Chênes\n24200 Sarlat"
    );

    // Right of access: everything held on them, by e-mail or by name.
    let export = a.0.ok(&[
        "guests",
        "export",
        "--email",
        "CAMILLE.fontaine@exemple.fr",
        "--name",
        NAME,
    ]);
    assert_eq!(export["bookings"].as_array().unwrap().len(), 1, "{export}");
    assert_eq!(export["bookings"][0]["booking"]["email"], EMAIL);
    assert_eq!(export["bookings"][0]["payments"][0]["amount"], "150.00");
    assert_eq!(export["ticket_bookings"].as_array().unwrap().len(), 1);
    assert_eq!(export["ticket_bookings"][0]["holder"], NAME);
    assert_eq!(export["customers"].as_array().unwrap().len(), 1);
    assert_eq!(export["customers"][0]["customer"]["title"], "Mme");
    let text = serde_json::to_string(&export).unwrap();
    assert!(text.contains(PHONE));

    // Before: the server's database and both devices' hold them (so the checks below
    // can fail).
    assert!(contains(&bytes_under(dir.path()), EMAIL));
    assert!(contains(&bytes_under(Path::new(&b.0.path())), PHONE));
    assert!(contains(&bytes_under(Path::new(&b.0.path())), ADDRESS));
    assert!(contains(&bytes_under(dir.path()), "impasse des Chênes"));

    // Right to erasure.
    let done = a.0.ok(&[
        "guests",
        "anonymise",
        "--email",
        EMAIL,
        "--name",
        "camille FONTAINE",
    ]);
    assert_eq!(done["bookings"].as_array().unwrap().len(), 1, "{done}");
    assert_eq!(
        done["ticket_bookings"].as_array().unwrap().len(),
        1,
        "{done}"
    );
    assert_eq!(done["customers"].as_array().unwrap().len(), 1, "{done}");
    a.sync();
    b.sync();
    for device in [&a, &b] {
        let file = device.0.ok(&["bookings", "show", &booking]);
        assert_eq!(file["booking"]["guest"], "Client anonymisé", "{file}");
        assert_eq!(file["booking"]["phone"], Value::Null);
        assert_eq!(file["payments"][0]["amount"], "150.00", "the money stays");
        let nothing = device.0.ok(&["guests", "export", "--name", NAME]);
        assert!(
            nothing["bookings"].as_array().unwrap().is_empty(),
            "{nothing}"
        );
        assert!(nothing["ticket_bookings"].as_array().unwrap().is_empty());
        let left = device.0.ok(&["customers"]);
        let left: Vec<&str> = left
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(left, ["Paul Martin"], "the other customer stays");
    }
    // Importing the old tool's file again never brings them back.
    let again = import_customers(&b);
    assert_eq!(again["already"], 1, "{again}");
    assert_eq!(again["refused"], 1, "{again}");
    assert!(
        again["rows"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("anonymisé"),
        "{again}"
    );
    // Asked again: nobody left by that name.
    let again = a.0.run(&["guests", "anonymise", "--email", EMAIL]);
    assert_ne!(again.code, 0);

    // The server's stored payloads, and the files of both devices, no longer hold them.
    let stored = bytes_under(dir.path());
    assert!(stored.len() > 10_000, "the server's database was read");
    for device in [&a, &b] {
        let files = bytes_under(Path::new(&device.0.path()));
        for (what, bytes) in [("device", &files), ("server", &stored)] {
            for secret in [NAME, EMAIL, PHONE, ADDRESS, "impasse des Chênes"] {
                assert!(!contains(bytes, secret), "{what} still holds « {secret} »");
            }
        }
    }
    // A device enrolled afterwards pulls the booking already blank.
    let c = Device::empty();
    c.enroll(&server, &provider);
    c.sync();
    let on_c = c.0.ok(&["bookings", "show", &booking]);
    assert_eq!(on_c["booking"]["guest"], "Client anonymisé");
}

#[test]
fn gdpr_guests_are_anonymised_after_the_retention_period_but_an_invoice_keeps_its_guest() {
    let data = DataDir::new();
    data.ok_at(&["demo"], "2026-07-01T10:00:00Z");
    let bookings = data.ok(&["bookings"]);
    let all: Vec<(String, String, String)> = bookings
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["id"].as_str().unwrap().to_owned(),
                b["end"].as_str().unwrap().to_owned(),
                b["guest"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(all.len() >= 3);
    // The first booking is invoiced on 10/07/2026 (B3): French law keeps its invoice,
    // and so its guest, ten years.
    let invoiced = all[0].0.clone();
    let invoice = data.ok_at(
        &["invoices", "issue", "--booking", &invoiced],
        "2026-07-10T10:00:00Z",
    );
    assert!(invoice["number"].as_str().unwrap().starts_with("F2026-"));
    let later = "2028-09-01T10:00:00Z";
    // Three years by default: nothing is old enough yet.
    assert_eq!(
        data.ok_at(&["settings"], later)["guest_retention_months"],
        36
    );
    let none = data.ok_at(&["guests", "purge"], later);
    assert!(none["bookings"].as_array().unwrap().is_empty(), "{none}");
    // One year: every stay ended before 01/09/2027 is anonymised, but the invoiced one.
    let refused = data.run_at(&["settings", "--guest-retention", "6"], Some(later));
    assert_ne!(refused.code, 0, "a retention under a year is refused");
    data.ok_at(&["settings", "--guest-retention", "12"], later);
    let done = data.ok_at(&["guests", "purge"], later);
    let ended_before: Vec<&(String, String, String)> = all
        .iter()
        .filter(|(_, end, _)| end.as_str() < "2027-09-01")
        .collect();
    assert_eq!(
        done["bookings"].as_array().unwrap().len(),
        ended_before.len() - 1,
        "{done}"
    );
    assert_eq!(done["kept"][0]["booking"], invoiced.as_str());
    assert_eq!(done["kept"][0]["kept_until"], "2036-07-10");
    let after = data.ok_at(&["bookings"], later);
    for b in after.as_array().unwrap() {
        let id = b["id"].as_str().unwrap();
        let was = all.iter().find(|(i, _, _)| i == id).unwrap();
        if id == invoiced || was.1.as_str() >= "2027-09-01" {
            assert_eq!(b["guest"], was.2.as_str(), "{b}");
        } else {
            assert_eq!(b["guest"], "Client anonymisé", "{b}");
            assert_eq!(b["phone"], Value::Null);
        }
    }
    // Ten years after the invoice, it goes too.
    let much_later = "2036-07-10T10:00:00Z";
    let last = data.ok_at(&["guests", "purge"], much_later);
    assert_eq!(last["bookings"][0], invoiced.as_str(), "{last}");
}

/// What a device offline wrote into the customer before it learnt of the anonymisation.
const STALE_EMAIL: &str = "camille.nouvelle@exemple.fr";
const STALE_PHONE: &str = "07 98 76 54 32";
const STALE_ADDRESS: &str = "3 impasse des Tilleuls, 46000 Cahors";

/// The stored operations of the server (`envelope` and `conflict` of every row) that
/// contain `needle`: SQLite read with rusqlite, PostgreSQL with psql.
fn stored_with(backend: &Backend, needle: &str) -> usize {
    let sql = format!(
        "SELECT COUNT(*) FROM ops WHERE envelope LIKE '%{needle}%' OR conflict LIKE '%{needle}%'"
    );
    match backend {
        Backend::Sqlite(dir) => {
            let mut found = 0;
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                let is_db = std::fs::read(&path)
                    .map(|b| b.starts_with(b"SQLite format 3\0"))
                    .unwrap_or(false);
                if is_db {
                    let conn = rusqlite::Connection::open(&path).unwrap();
                    conn.busy_timeout(std::time::Duration::from_secs(10))
                        .unwrap();
                    let has_ops: bool = conn
                        .query_row(
                            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'ops')",
                            [],
                            |r| r.get(0),
                        )
                        .unwrap();
                    if has_ops {
                        let n: i64 = conn.query_row(&sql, [], |r| r.get(0)).unwrap();
                        found += usize::try_from(n).unwrap();
                    }
                }
            }
            found
        }
        Backend::Postgres(url, _) => {
            let out = std::process::Command::new("psql")
                .args([url.as_str(), "-tAc", &sql])
                .output()
                .expect("psql");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
        }
    }
}

/// The story on one server: B edits the customer offline (in her booking and in the
/// customers' file), A anonymises them and syncs, then B syncs (its stale edits reach
/// the server after the anonymisation).
fn anonymisation_wins_on(backend: Backend) {
    let server = SyncServer::start(backend.clone(), 0);
    let provider = server.provider("Les Gîtes du Vallon");
    let a = Device::empty();
    a.enroll(&server, &provider);
    let unit = a.0.ok(&[
        "units",
        "add",
        "--name",
        "Gîte des Lilas",
        "--capacity",
        "4",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let booking = book(&a, &unit);
    import_customers(&a);
    a.sync();
    let b = Device::empty();
    b.enroll(&server, &provider);
    b.sync();
    assert_eq!(
        b.0.ok(&["bookings", "show", &booking])["booking"]["guest"],
        NAME
    );
    // B, offline, also takes the old tool's newer customers' file: her new phone.
    let newer = b.0.scratch().join("clients-2.csv");
    std::fs::write(
        &newer,
        format!("Prénom;Nom;Adresse;E-mail;Téléphone\nCamille;Fontaine;3 impasse des Tilleuls;{EMAIL};{STALE_PHONE}\n"),
    )
    .unwrap();
    let taken = b.0.ok(&["import", "customers", newer.to_str().unwrap()]);
    assert_eq!(taken["imported"], 1, "{taken}");

    // B, offline, corrects the customer's contact.
    let edited = b.0.ok(&[
        "bookings",
        "edit",
        &booking,
        "--email",
        STALE_EMAIL,
        "--phone",
        STALE_PHONE,
        "--address",
        STALE_ADDRESS,
    ]);
    assert_eq!(edited["booking"]["email"], STALE_EMAIL, "{edited}");
    // Meanwhile A anonymises the guest, and the server learns it first.
    a.0.ok(&["guests", "anonymise", "--email", EMAIL]);
    a.sync();
    assert!(
        stored_with(&backend, EMAIL) == 0,
        "the server scrubbed the first payload"
    );
    // B comes back: its edit is pushed (after the anonymisation), then it pulls.
    b.sync();
    a.sync();
    b.sync();
    let c = Device::empty();
    c.enroll(&server, &provider);
    c.sync();
    for (who, device) in [("A", &a), ("B", &b), ("C", &c)] {
        let file = device.0.ok(&["bookings", "show", &booking]);
        assert_eq!(
            file["booking"]["guest"], "Client anonymisé",
            "{who}: {file}"
        );
        assert_eq!(file["booking"]["phone"], Value::Null, "{who}: {file}");
        assert_ne!(file["booking"]["email"], STALE_EMAIL, "{who}: {file}");
        let text = serde_json::to_string(&file).unwrap();
        for secret in [STALE_EMAIL, STALE_PHONE, STALE_ADDRESS, NAME, EMAIL] {
            assert!(
                !text.contains(secret),
                "{who}'s booking file holds « {secret} »"
            );
        }
        let files = bytes_under(Path::new(&device.0.path()));
        for secret in [STALE_EMAIL, STALE_PHONE, STALE_ADDRESS] {
            assert!(!contains(&files, secret), "{who}'s files hold « {secret} »");
        }
        let filed = device.0.ok(&["customers"]);
        assert!(
            filed.as_array().unwrap().iter().all(|c| c["name"] != NAME),
            "{who}: {filed}"
        );
        // Re-entering the customer there is refused, in French.
        let again = device
            .0
            .run(&["bookings", "edit", &booking, "--email", STALE_EMAIL]);
        assert_eq!(again.code, 1, "{who}: {}", again.stdout);
        assert!(
            again.stderr.contains("anonymisé"),
            "{who}: {}",
            again.stderr
        );
    }
    // The server's stored payloads hold none of it: its copy of B's edit is blank.
    for secret in [STALE_EMAIL, STALE_PHONE, STALE_ADDRESS, EMAIL, PHONE] {
        assert_eq!(
            stored_with(&backend, secret),
            0,
            "the server stores « {secret} »"
        );
    }
    assert!(
        stored_with(&backend, "booking_edited") >= 1,
        "B's edit reached the server"
    );
}

/// Anonymisation wins (GDPR): an edit of the customer made on a device offline before
/// the anonymisation, arriving after it, never brings their data back — on any device
/// nor in the server's stored payloads, with the server on SQLite.
#[test]
fn gdpr_anonymisation_wins_over_a_stale_edit_with_the_server_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    anonymisation_wins_on(Backend::Sqlite(dir.path().join("srv")));
}

/// The same, with the server on PostgreSQL.
#[test]
fn gdpr_anonymisation_wins_over_a_stale_edit_with_the_server_on_postgresql() {
    let pg = Postgres::start();
    let url = pg.database("anonymisation");
    let key = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(key.path(), "42".repeat(32)).unwrap();
    anonymisation_wins_on(Backend::Postgres(url, key.path().to_owned()));
}
