//! Sync end to end (rule D4, issue 7's "done when"): the real `guichet-sync` server and
//! real `guichet` devices, each a separate process on its own data dir, over loopback.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use guichet_tests::sync_device::{pair, sqlite_server, Device};
use guichet_tests::sync_server::admin;
use serde_json::Value;

#[test]
fn d4_two_offline_devices_scan_one_ticket_and_book_overlapping_stays_then_agree() {
    let (_dir, mut server) = sqlite_server();
    let (_, a, b) = pair(&server);
    let session = a.0.session();
    let code = a.sell(&session, 1, "Famille Roux").remove(0);
    a.sync();
    b.sync();
    let unit = a.0.ok(&["units"])[0]["id"].as_str().unwrap().to_owned();

    server.kill();
    // Offline: both admit the same ticket, both book the same nights of one gîte.
    assert_eq!(a.scan(&session, &code)["verdict"], "admitted");
    assert_eq!(b.scan(&session, &code)["verdict"], "admitted");
    for (device, guest) in [(&a, "Client de A"), (&b, "Client de B")] {
        book(device, &unit, "2027-03-06", guest);
    }
    let offline = a.0.run(&["sync"]);
    assert_eq!(offline.code, 1, "{}", offline.stdout);
    assert!(offline.stderr.contains("injoignable"), "{}", offline.stderr);
    assert_eq!(a.outbox_len(), 2, "nothing lost while offline");

    server.restart();
    a.sync();
    let report = b.sync();
    assert_eq!(report["conflicts"], 2, "{report}");
    a.sync();

    for device in [&a, &b] {
        assert_eq!(device.kinds(), ["booking_overlap", "duplicate_scan"]);
        assert_eq!(device.outbox_len(), 0);
    }
    assert_eq!(a.state(), b.state(), "the devices agree on everything else");
    // The ticket counts once, on both.
    let admitted = |d: &Device| {
        d.0.ok(&["sessions"])
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == session.as_str())
            .unwrap()["admitted"]
            .clone()
    };
    assert_eq!(admitted(&a), 1);
    assert_eq!(admitted(&b), 1);
    // The second admission names the first: device and time.
    let duplicate = b
        .conflicts()
        .into_iter()
        .find(|c| c["kind"] == "duplicate_scan")
        .unwrap();
    assert!(duplicate["summary"]
        .as_str()
        .unwrap()
        .contains("déjà scanné"));
    // B's booking lost (A pushed first): kept on B, marked, its nights free there.
    let on_b = b.0.ok(&["bookings"]);
    let lost = on_b
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["guest"] == "Client de B")
        .expect("the rejected booking is kept");
    assert_eq!(lost["status"], "cancelled");
    let on_a = a.0.ok(&["bookings"]);
    assert!(on_a
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["guest"] != "Client de B"));
    assert!(on_a
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["guest"] == "Client de A"));

    // A person settles the overlap on A; B learns it is settled.
    let overlap = a
        .conflicts()
        .into_iter()
        .find(|c| c["kind"] == "booking_overlap")
        .unwrap();
    a.0.ok(&["conflicts", "settle", overlap["id"].as_str().unwrap()]);
    a.sync();
    b.sync();
    let settled = b
        .conflicts()
        .into_iter()
        .find(|c| c["kind"] == "booking_overlap")
        .unwrap();
    assert_eq!(settled["settled_how"], "acknowledged");
}

#[test]
fn d4_a_scan_made_while_the_server_is_down_is_pushed_when_it_is_back() {
    let (_dir, mut server) = sqlite_server();
    let (_, a, b) = pair(&server);
    let session = a.0.session();
    let code = a.sell(&session, 1, "Lucie").remove(0);
    a.sync();
    b.sync();
    server.kill();
    assert_eq!(a.scan(&session, &code)["verdict"], "admitted");
    assert_eq!(a.0.run(&["sync"]).code, 1);
    assert_eq!(a.outbox_len(), 1);
    server.restart();
    assert_eq!(a.sync()["pushed"], 1);
    b.sync();
    let again = b.scan(&session, &code);
    assert_eq!(again["verdict"], "already_scanned", "{again}");
    assert!(again["first_scan"]["at"].is_string());
}

#[test]
fn d4_a_device_of_another_provider_sees_none_of_it() {
    let (_dir, server) = sqlite_server();
    let (_, a, _b) = pair(&server);
    let other = server.provider("Camping des Dunes");
    let c = Device::empty();
    c.enroll(&server, &other);
    let report = c.sync();
    assert_eq!(report["pulled"], 0, "{report}");
    assert_eq!(c.0.ok(&["units"]), serde_json::json!([]));
    assert_eq!(c.0.ok(&["sessions"]), serde_json::json!([]));
    c.0.ok(&[
        "units",
        "add",
        "--name",
        "Emplacement 12",
        "--capacity",
        "4",
    ]);
    assert_eq!(c.sync()["pushed"], 1);
    let seen = a.sync();
    assert_eq!(seen["pulled"], 0, "{seen}");
    let names: Vec<Value> =
        a.0.ok(&["units"])
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].clone())
            .collect();
    assert!(!names.contains(&Value::from("Emplacement 12")));
    // A's tickets mean nothing to C's keys: C cannot tell them from forgeries.
    let session = a.0.session();
    let code = a.sell(&session, 1, "X").remove(0);
    let keys: Value =
        serde_json::from_str(&std::fs::read_to_string(c.0.file("ticket-keys.json")).unwrap())
            .unwrap();
    let a_keys: Value =
        serde_json::from_str(&std::fs::read_to_string(a.0.file("ticket-keys.json")).unwrap())
            .unwrap();
    for k in keys["keys"].as_array().unwrap() {
        assert!(!a_keys["keys"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["secret"] == k["secret"]));
    }
    assert!(!code.is_empty());
}

fn forged_code(session: &str) -> String {
    use guichet_core::ticket_code::{CodeKind, TicketCode, TicketKey};
    let forger = TicketKey::new(0, [0x5a; 32]).unwrap();
    TicketCode::issue(&forger, CodeKind::Ticket, session.parse().unwrap(), [7; 10])
        .as_str()
        .to_owned()
}

#[test]
fn t5_a_laptop_that_sold_before_enrolling_keeps_its_tickets_genuine_everywhere() {
    let (_dir, server) = sqlite_server();
    let provider = server.provider("Festival du Vallon");
    // The gate enrolled first; the laptop sold for weeks before it enrolls.
    let gate = Device::empty();
    gate.enroll(&server, &provider);
    let laptop = Device::demo();
    let session = laptop.0.session();
    let before = laptop.sell(&session, 3, "Avant inscription");
    laptop.enroll(&server, &provider);
    laptop.sync();
    gate.sync();
    for code in &before {
        assert_eq!(gate.scan(&session, code)["verdict"], "admitted");
    }
    // Sold after the last sync, not known at the gate: genuine by its tag, 20 of 20.
    let offline = laptop.sell(&session, 20, "Hors ligne");
    for code in &offline {
        assert_eq!(
            gate.scan(&session, code)["verdict"],
            "unknown_genuine",
            "{code}"
        );
    }
    assert_eq!(
        gate.scan(&session, &forged_code(&session))["verdict"],
        "forged"
    );
}

#[test]
fn t5_revoking_a_device_rotates_the_key_with_a_grace_period_for_its_codes() {
    let (_dir, server) = sqlite_server();
    let (provider, a, b) = pair(&server);
    let session = a.0.session();
    // B sells offline, then is revoked before it ever syncs again.
    let sold_by_b = b.sell(&session, 2, "Avant révocation");
    let device_b = b.0.ok(&["device"])["id"].as_str().unwrap().to_owned();
    let revoked = admin(
        &server.backend,
        &["device", "revoke", &device_b, "--provider", &provider],
    );
    assert!(revoked["new_key"].is_u64());
    let refused = b.0.run(&["sync"]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("révoqué"), "{}", refused.stderr);
    a.sync();
    // The key B signed with is retired on A, at the revocation's instant.
    let ring: Value =
        serde_json::from_str(&std::fs::read_to_string(a.0.file("ticket-keys.json")).unwrap())
            .unwrap();
    let retired: Vec<&str> = ring["keys"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|k| k["retired_at"].as_str())
        .collect();
    assert!(!retired.is_empty(), "{ring}");
    let now: chrono::DateTime<chrono::Utc> = retired[0].parse().unwrap();
    let within = (now + chrono::Duration::days(6)).to_rfc3339();
    let after = (now + chrono::Duration::days(8)).to_rfc3339();
    let verdict = |code: &str, at: &str| {
        a.0.run_at(&["scan", "--session", &session, code], Some(at))
            .json()["verdict"]
            .clone()
    };
    assert_eq!(verdict(&sold_by_b[0], &within), "unknown_genuine");
    assert_eq!(verdict(&sold_by_b[1], &after), "forged");
    // A sells under the provider's new key, which other devices verify.
    let fresh = a.sell(&session, 1, "Après révocation").remove(0);
    a.sync();
    let c = Device::empty();
    c.enroll(&server, &provider);
    c.sync();
    let key_id = |code: &str| code[1..3].to_owned();
    assert_ne!(key_id(&fresh), key_id(&sold_by_b[0]));
    assert_eq!(c.scan(&session, &fresh)["verdict"], "admitted");
}

#[test]
fn d4_a_restored_copy_enrolls_again_and_its_known_operations_are_acknowledged() {
    let (_dir, server) = sqlite_server();
    let (provider, a, _b) = pair(&server);
    let backup = a.0.scratch().join("sauvegarde.guichet");
    let pass = a.0.scratch().join("pass.txt");
    std::fs::write(&pass, "un mot de passe assez long\n").unwrap();
    let session = a.0.session();
    let unsynced = a.sell(&session, 2, "Pas encore envoyé");
    a.0.ok(&[
        "backup",
        backup.to_str().unwrap(),
        "--passphrase-file",
        pass.to_str().unwrap(),
    ]);
    a.sync();
    let copy = Device::empty();
    copy.0.ok(&[
        "restore",
        backup.to_str().unwrap(),
        "--passphrase-file",
        pass.to_str().unwrap(),
    ]);
    let not_enrolled = copy.0.run(&["sync"]);
    assert_eq!(not_enrolled.code, 1, "{}", not_enrolled.stdout);
    assert!(!copy.0.file("sync-token.json").exists());
    copy.enroll(&server, &provider);
    let report = copy.sync();
    // The sale it holds was already on the server: acknowledged, not applied twice.
    assert_eq!(report["pushed"], 1, "{report}");
    assert_eq!(copy.outbox_len(), 0);
    let tickets = copy.0.ok(&["tickets", "list", "--session", &session]);
    let count = tickets
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["holder"] == "Pas encore envoyé")
        .count();
    assert_eq!(count, 1);
    // Its own numbering starts afresh, under its new identity.
    copy.0
        .ok(&["units", "add", "--name", "Gîte restauré", "--capacity", "4"]);
    let outbox = copy.0.ok(&["outbox"]);
    assert_eq!(outbox[0]["seq"], 1, "{outbox}");
    assert_eq!(copy.sync()["pushed"], 1);
    assert_eq!(unsynced.len(), 2);
}

#[test]
fn d4_no_token_or_key_appears_in_a_log() {
    let (_dir, server) = sqlite_server();
    let (_, a, _b) = pair(&server);
    a.0.ok(&["sync"]);
    let token: Value =
        serde_json::from_str(&std::fs::read_to_string(a.0.file("sync-token.json")).unwrap())
            .unwrap();
    let token = token["token"].as_str().unwrap();
    let keys: Value =
        serde_json::from_str(&std::fs::read_to_string(a.0.file("ticket-keys.json")).unwrap())
            .unwrap();
    let secret = keys["keys"][0]["secret"].as_str().unwrap();
    let server_log = std::fs::read_to_string(&server.log).unwrap();
    assert!(server_log.contains("/v1/push"), "the server logs requests");
    let mut logs = vec![server_log];
    for entry in std::fs::read_dir(a.0.file("logs")).unwrap() {
        logs.push(std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default());
    }
    for log in &logs {
        assert!(!log.contains(token));
        assert!(!log.contains(secret));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(a.0.file("sync-token.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the token file is its owner's only");
    }
}

#[test]
fn d4_plain_http_is_refused_except_to_this_machine() {
    let device = Device::empty();
    let refused = device.0.run(&[
        "enroll",
        "--server",
        "http://sync.exemple.fr",
        "--code",
        "ABCD",
    ]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("HTTPS"), "{}", refused.stderr);
    assert!(!device.0.file("sync-token.json").exists());
}

#[test]
fn d4_https_with_a_given_certificate_and_an_untrusted_one_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let authority = guichet_tests::tls::private_authority(dir.path());
    let (cert, key, ca) = (&authority.cert, &authority.key, &authority.ca);
    let server = guichet_tests::sync_server::SyncServer::start_with(
        guichet_tests::sync_server::Backend::Sqlite(dir.path().join("srv")),
        0,
        &[
            "--tls-cert".into(),
            cert.clone(),
            "--tls-key".into(),
            key.clone(),
        ],
    );
    assert!(server.url.starts_with("https://"), "{}", server.url);
    let url = format!("https://localhost:{}", server.port);
    let provider = server.provider("Festival");
    let device = Device::demo();
    // Not trusted: refused, nothing kept.
    let code = server.code(&provider);
    let untrusted = device.0.run(&["enroll", "--server", &url, "--code", &code]);
    assert_eq!(untrusted.code, 1, "{}", untrusted.stdout);
    assert!(
        untrusted.stderr.contains("certificat"),
        "{}",
        untrusted.stderr
    );
    assert!(!device.0.file("sync-token.json").exists());
    // Trusted (a private authority given by GUICHET_SYNC_CA): enrols and syncs.
    let env = [("GUICHET_SYNC_CA", ca.as_str())];
    let enrolled = device.0.run_text(
        &["--json", "enroll", "--server", &url, "--code", &code],
        &env,
    );
    assert_eq!(enrolled.code, 0, "{}", enrolled.stderr);
    let synced = device.0.run_text(&["--json", "sync"], &env);
    assert_eq!(synced.code, 0, "{}", synced.stderr);
    assert!(synced.json()["pushed"].as_u64().unwrap() > 100);
}

#[test]
fn d4_an_old_client_is_told_to_upgrade_and_keeps_its_operations() {
    use std::io::{Read, Write};
    let (_dir, server) = sqlite_server();
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "GET /v1/pull?after=0&limit=10 HTTP/1.1\r\nhost: localhost\r\nguichet-protocol: 0\r\nconnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 426"), "{answer}");
    assert!(answer.contains("mettez Guichet à jour"), "{answer}");
    assert!(answer.contains("rien n'est perdu"), "{answer}");
}

#[test]
fn d4_a_server_restored_from_an_older_copy_gets_back_what_it_lost() {
    let (dir, mut server) = sqlite_server();
    let (_, a, b) = pair(&server);
    let session = a.0.session();
    // A copy of the server's files, taken while it is stopped.
    server.kill();
    let data = dir.path().join("srv");
    let copy = dir.path().join("copie");
    std::fs::create_dir_all(&copy).unwrap();
    for entry in std::fs::read_dir(&data).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    server.restart();
    // After the copy: A sells and scans, B books; both sync.
    let code = a.sell(&session, 2, "Après la copie").remove(0);
    assert_eq!(a.scan(&session, &code)["verdict"], "admitted");
    let unit = b.0.ok(&["units"])[1]["id"].as_str().unwrap().to_owned();
    b.0.ok(&[
        "bookings",
        "create",
        "--unit",
        &unit,
        "--from",
        "2027-05-01",
        "--nights",
        "3",
        "--name",
        "Après la copie",
        "--phone",
        "0601020304",
        "--price",
        "300",
    ]);
    a.sync();
    b.sync();
    a.sync();
    let before = a.state();
    assert_eq!(before, b.state());
    // The server comes back from the older copy: what it lost, the devices send again.
    server.kill();
    for entry in std::fs::read_dir(&copy).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), data.join(entry.file_name())).unwrap();
    }
    for stale in ["guichet-sync.db-wal", "guichet-sync.db-shm"] {
        if !copy.join(stale).exists() {
            let _ = std::fs::remove_file(data.join(stale));
        }
    }
    server.restart();
    for _ in 0..3 {
        a.sync();
        b.sync();
    }
    assert_eq!(a.state(), before, "nothing lost, nothing doubled");
    assert_eq!(b.state(), before);
    let c = Device::empty();
    c.enroll(&server, &provider_of(&a));
    c.sync();
    assert_eq!(
        c.state(),
        before,
        "a new device gets everything from the restored server"
    );
}

fn provider_of(device: &Device) -> String {
    device.0.ok(&["device"])["provider"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn d4_an_enrolled_screenless_gate_syncs_in_the_background() {
    use std::io::Write;
    let (_dir, server) = sqlite_server();
    let (_, a, b) = pair(&server);
    let session = a.0.session();
    let code = b.sell(&session, 1, "Vendu sur B").remove(0);
    b.sync();
    let mut gate = std::process::Command::new(guichet_tests::guichet_bin())
        .args([
            "--data-dir",
            &a.0.path(),
            "--json",
            "gate",
            "--session",
            &session,
        ])
        .env_remove("GUICHET_DATA_DIR")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(gate.stdin.take().unwrap(), "{code}").unwrap();
    let out = gate.wait_with_output().unwrap();
    assert!(out.status.success());
    let verdict: Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    // B's sale: genuine by its tag, or already pulled by the gate's background sync.
    assert_eq!(verdict["admits"], true, "{verdict}");
    // The gate pushed its scan by itself: A never ran `guichet sync`.
    assert_eq!(a.outbox_len(), 0);
    b.sync();
    assert_eq!(b.scan(&session, &code)["verdict"], "already_scanned");
}

fn book(device: &Device, unit: &str, from: &str, guest: &str) -> String {
    device.0.ok(&[
        "bookings",
        "create",
        "--unit",
        unit,
        "--from",
        from,
        "--nights",
        "7",
        "--name",
        guest,
        "--phone",
        "0601020304",
        "--price",
        "650",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn booking_on(device: &Device, id: &str) -> Value {
    device.0.ok(&["bookings", "show", id])
}

#[test]
fn d4_a_move_the_server_refuses_leaves_the_booking_where_it_was_and_a_refused_booking_is_placed_again(
) {
    let (_dir, mut server) = sqlite_server();
    let (_, a, b) = pair(&server);
    let unit = a.0.ok(&["units"])[0]["id"].as_str().unwrap().to_owned();
    let moved = book(&a, &unit, "2027-03-06", "Client de A");
    a.sync();
    b.sync();

    server.kill();
    // Offline: B books the week of 13/03; A moves its booking onto that same week.
    book(&b, &unit, "2027-03-13", "Client de B");
    let on_a = a.0.ok(&[
        "bookings",
        "move",
        &moved,
        "--from",
        "2027-03-13",
        "--nights",
        "7",
        "--price",
        "700",
    ]);
    assert_eq!(on_a["booking"]["start"], "2027-03-13");
    a.0.ok(&[
        "bookings",
        "pay",
        &moved,
        "--amount",
        "200",
        "--method",
        "cheque",
        "--date",
        "2027-01-10",
    ]);

    server.restart();
    b.sync();
    a.sync();
    // The move lost whole: A's booking is back on its first week, at its first price,
    // confirmed, with its payment; the inbox says why.
    let back = booking_on(&a, &moved);
    assert_eq!(
        (
            &back["booking"]["start"],
            &back["booking"]["total"],
            &back["booking"]["status"]
        ),
        (
            &Value::from("2027-03-06"),
            &Value::from("650.00"),
            &Value::from("confirmed")
        ),
        "{back}"
    );
    assert_eq!(back["paid"], "200.00");
    let kinds: Vec<_> = back["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].clone())
        .collect();
    assert_eq!(kinds, ["made", "moved", "paid", "move_refused"], "{back}");
    let overlap = a
        .conflicts()
        .into_iter()
        .find(|c| c["kind"] == "booking_overlap")
        .unwrap();
    assert_eq!(overlap["op_kind"], "booking_moved");
    // B never saw the move, and has A's booking where it stays.
    assert_eq!(booking_on(&b, &moved)["booking"]["start"], "2027-03-06");

    // The same move to a free week is applied everywhere. Meanwhile B, not synced yet,
    // books that week: the server refuses B's booking.
    a.0.ok(&[
        "bookings",
        "move",
        &moved,
        "--from",
        "2027-03-20",
        "--nights",
        "7",
    ]);
    a.sync();
    let lost = book(&b, &unit, "2027-03-20", "Client perdu");
    b.sync();
    assert_eq!(booking_on(&b, &moved)["booking"]["start"], "2027-03-20");
    assert_eq!(booking_on(&b, &moved)["paid"], "200.00");
    assert_eq!(a.state(), b.state());

    // B's refused booking is placed again by a move, from the inbox's conflict: both
    // devices end with both bookings.
    assert_eq!(booking_on(&b, &lost)["booking"]["status"], "cancelled");
    let conflict = b
        .conflicts()
        .into_iter()
        .find(|c| c["booking"] == lost.as_str())
        .unwrap();
    b.0.ok(&[
        "bookings",
        "move",
        &lost,
        "--from",
        "2027-03-27",
        "--nights",
        "7",
    ]);
    b.0.ok(&["conflicts", "settle", conflict["id"].as_str().unwrap()]);
    b.sync();
    a.sync();
    for device in [&a, &b] {
        let placed = booking_on(device, &lost);
        assert_eq!(
            (&placed["booking"]["start"], &placed["booking"]["status"]),
            (&Value::from("2027-03-27"), &Value::from("confirmed")),
            "{placed}"
        );
    }
}

#[test]
fn d4_a_move_of_a_booking_cancelled_on_another_device_is_refused_by_name() {
    let (_dir, mut server) = sqlite_server();
    let (_, a, b) = pair(&server);
    let unit = a.0.ok(&["units"])[0]["id"].as_str().unwrap().to_owned();
    let id = book(&a, &unit, "2027-04-03", "Client annulé");
    a.sync();
    b.sync();

    server.kill();
    a.0.ok(&["bookings", "cancel", &id]);
    b.0.ok(&[
        "bookings",
        "move",
        &id,
        "--from",
        "2027-04-10",
        "--nights",
        "7",
    ]);
    server.restart();
    a.sync();
    b.sync();
    // B's move is refused whole, saying why; both devices end with the booking cancelled.
    let refused = b
        .conflicts()
        .into_iter()
        .find(|c| c["op_kind"] == "booking_moved")
        .unwrap();
    assert_eq!(refused["kind"], "refused", "{refused}");
    assert!(
        refused["summary"]
            .as_str()
            .unwrap()
            .contains("a été annulée sur un autre poste"),
        "{refused}"
    );
    for device in [&a, &b] {
        let file = booking_on(device, &id);
        assert_eq!(
            (&file["booking"]["status"], &file["booking"]["start"]),
            (&Value::from("cancelled"), &Value::from("2027-04-03")),
            "{file}"
        );
    }
}
