//! kill -9 in the middle of sync (rule D4): the server killed while it applies a
//! device's backlog, a device killed while it pushes or pulls, each restarted on the
//! same files. Nothing acknowledged is lost or applied twice.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use guichet_tests::sync_device::{sqlite_server, Device};
use guichet_tests::{guichet_bin, DataDir};

/// Records `count` scans at the gate (unreadable input: each is an operation).
fn backlog(device: &DataDir, session: &str, count: usize) {
    let mut gate = Command::new(guichet_bin())
        .args([
            "--data-dir",
            &device.path(),
            "--json",
            "gate",
            "--session",
            session,
        ])
        .env_remove("GUICHET_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut input = gate.stdin.take().unwrap();
    for n in 0..count {
        writeln!(input, "pas-un-billet-{n}").unwrap();
    }
    drop(input);
    assert!(gate.wait().unwrap().success());
    assert!(made(device) >= count as i64);
}

/// Every operation this device ever made.
fn made(device: &DataDir) -> i64 {
    let conn = rusqlite::Connection::open(device.file("guichet.db")).unwrap();
    conn.query_row("SELECT COUNT(*) FROM outbox_ops", [], |r| r.get(0))
        .unwrap()
}

/// `guichet sync` started in the background, killed (SIGKILL) after `after`.
fn sync_killed_after(device: &DataDir, after: Duration) {
    let mut child = Command::new(guichet_bin())
        .args(["--data-dir", &device.path(), "--json", "sync"])
        .env_remove("GUICHET_DATA_DIR")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let _ = child.kill();
    let _ = child.wait();
}

/// Syncs until it succeeds (a run killed before may leave the server a push short).
fn sync_until_done(device: &Device) -> serde_json::Value {
    for _ in 0..10 {
        let run = device.0.run(&["sync"]);
        if run.code == 0 {
            return run.json();
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("sync never succeeded")
}

#[test]
fn d4_the_server_killed_mid_push_loses_and_doubles_nothing() {
    let (_dir, mut server) = sqlite_server();
    let provider = server.provider("Festival");
    // The backlog is made before enrolling (an enrolled gate would push it itself).
    let a = Device::demo();
    let session = a.0.session();
    backlog(&a.0, &session, 3000);
    a.enroll(&server, &provider);
    let mut interrupted = 0;
    for delay in [40, 120, 250, 400] {
        let mut sync = Command::new(guichet_bin())
            .args(["--data-dir", &a.0.path(), "--json", "sync"])
            .env_remove("GUICHET_DATA_DIR")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        server.kill();
        interrupted += usize::from(!sync.wait().unwrap().success());
        server.restart();
    }
    assert!(interrupted > 0, "the server was killed while it worked");
    sync_until_done(&a);
    assert_eq!(a.outbox_len(), 0);
    let b = Device::empty();
    b.enroll(&server, &provider);
    let pulled = sync_until_done(&b);
    assert_eq!(
        pulled["pulled"].as_i64().unwrap(),
        made(&a.0),
        "every operation once"
    );
    assert_eq!(a.state(), b.state());
}

#[test]
fn d4_a_device_killed_mid_pull_or_mid_push_loses_and_doubles_nothing() {
    let (_dir, server) = sqlite_server();
    let provider = server.provider("Festival");
    let a = Device::demo();
    let session = a.0.session();
    backlog(&a.0, &session, 3000);
    a.enroll(&server, &provider);
    // A killed while it pushes.
    sync_killed_after(&a.0, Duration::from_millis(60));
    assert!(a.outbox_len() > 0, "killed mid-push");
    for delay in [200, 350] {
        sync_killed_after(&a.0, Duration::from_millis(delay));
    }
    sync_until_done(&a);
    // B killed while it pulls and applies.
    let b = Device::empty();
    b.enroll(&server, &provider);
    sync_killed_after(&b.0, Duration::from_millis(120));
    let partial: i64 = rusqlite::Connection::open(b.0.file("guichet.db"))
        .unwrap()
        .query_row("SELECT COUNT(*) FROM applied_ops", [], |r| r.get(0))
        .unwrap();
    assert!(partial < made(&a.0), "killed mid-pull ({partial} applied)");
    for delay in [250, 500, 900] {
        sync_killed_after(&b.0, Duration::from_millis(delay));
    }
    sync_until_done(&b);
    assert_eq!(a.outbox_len(), 0);
    assert_eq!(a.state(), b.state());
    let conn = rusqlite::Connection::open(b.0.file("guichet.db")).unwrap();
    let applied: i64 = conn
        .query_row("SELECT COUNT(*) FROM applied_ops", [], |r| r.get(0))
        .unwrap();
    let scans: i64 = conn
        .query_row("SELECT COUNT(*) FROM scans", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        applied,
        made(&a.0),
        "each of A's operations applied once on B"
    );
    assert_eq!(scans, 3000);
    let report = b.sync();
    assert_eq!(report["pulled"], 0);
}
