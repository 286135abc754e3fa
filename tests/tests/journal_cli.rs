//! The till journal from the command line (issue 9, rule A17): the real `guichet`
//! binary on real data dirs; the SQLite file edited behind its back with rusqlite.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use guichet_tests::{DataDir, Run};
use serde_json::Value;

const PASS: (&str, &str) = ("GUICHET_BACKUP_PASSPHRASE", "une phrase assez longue");

/// Today in UTC: today or yesterday in Paris, a day begun either way.
fn today() -> String {
    use guichet_app::clock::{Clock, SystemClock};
    SystemClock::default().now().date_naive().to_string()
}

/// A confirmed booking of the demo.
fn booking(data: &DataDir, now: Option<&str>) -> String {
    let run = data.run_at(&["bookings"], now);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["status"] == "confirmed")
        .and_then(|b| b["id"].as_str())
        .unwrap()
        .to_owned()
}

fn pay(data: &DataDir, booking: &str, amount: &str, method: &str, now: Option<&str>) -> Run {
    data.run_at(
        &[
            "bookings", "pay", booking, "--amount", amount, "--method", method,
        ],
        now,
    )
}

/// A demo data dir on the real clock with five payments journaled.
fn journaled() -> (DataDir, u64) {
    let data = DataDir::demo();
    let id = booking(&data, None);
    for (amount, method) in [
        ("100.00", "cash"),
        ("50.50", "card"),
        ("20.00", "cheque"),
        ("-10.00", "cash"),
        ("30.00", "ancv_paper"),
    ] {
        let run = pay(&data, &id, amount, method, None);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let verify = data.ok(&["journal", "verify"]);
    let entries = verify["entries"].as_u64().unwrap();
    assert!(entries >= 5, "{verify}");
    (data, entries)
}

/// Edits the database file directly, as someone going around Guichet would (the
/// append-only triggers dropped first).
fn tamper(data: &DataDir, sql: &str) {
    let conn = rusqlite::Connection::open(data.file("guichet.db")).unwrap();
    conn.execute_batch(
        "DROP TRIGGER journal_append_only_update; DROP TRIGGER journal_append_only_delete;",
    )
    .unwrap();
    conn.execute_batch(sql).unwrap();
}

/// `journal verify` on a tampered journal: exit 1 and the first bad entry.
fn first_bad(data: &DataDir) -> (u64, String, Value) {
    let run = data.run(&["journal", "verify"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let json = run.json();
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["entries", "first_bad", "ok"], "{json}");
    assert_eq!(json["ok"], false);
    let bad = &json["first_bad"];
    (
        bad["seq"].as_u64().unwrap(),
        bad["reason"].as_str().unwrap().to_owned(),
        json.clone(),
    )
}

#[test]
fn a17_an_untouched_journal_verifies_and_is_certifiable() {
    let (data, entries) = journaled();
    let run = data.run(&["journal", "verify"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.json(),
        serde_json::json!({"entries": entries, "ok": true, "certifiable": true})
    );
    let list = data.ok(&["journal", "list"]);
    let last = &list.as_array().unwrap()[usize::try_from(entries).unwrap() - 1];
    assert_eq!(last["kind"], "payment");
    assert_eq!(last["amounts"], serde_json::json!({"ancv_paper": "30.00"}));
    assert_eq!(last["pinned"], false);
    // Customers are named by id only.
    let text = list.to_string();
    for row in data.ok(&["bookings"]).as_array().unwrap() {
        let name = row["guest"]["name"].as_str().or(row["guest"].as_str());
        if let Some(name) = name {
            assert!(!text.contains(name), "{name} in the journal");
        }
    }
    let french = data.run_text(&["journal", "verify"], &[]);
    assert!(
        french.stdout.contains("intègre") && french.stdout.contains("certifiable"),
        "{}",
        french.stdout
    );
}

#[test]
fn a17_a_changed_amount_is_named() {
    let (data, _) = journaled();
    tamper(
        &data,
        "UPDATE journal SET amounts = 'card=5.50' WHERE amounts = 'card=50.50'",
    );
    let seq: i64 = {
        let conn = rusqlite::Connection::open(data.file("guichet.db")).unwrap();
        conn.query_row(
            "SELECT seq FROM journal WHERE amounts = 'card=5.50'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let (bad, reason, _) = first_bad(&data);
    assert_eq!((bad, reason.as_str()), (seq as u64, "entrée modifiée"));
    let french = data.run_text(&["journal", "verify"], &[]);
    assert_eq!(french.code, 1);
    assert!(
        french
            .stdout
            .contains(&format!("entrée modifiée à l'entrée {seq}")),
        "{}",
        french.stdout
    );
}

#[test]
fn a17_a_removed_entry_is_named() {
    let (data, entries) = journaled();
    tamper(
        &data,
        &format!("DELETE FROM journal WHERE seq = {}", entries - 1),
    );
    let (bad, reason, json) = first_bad(&data);
    assert_eq!((bad, reason.as_str()), (entries - 1, "entrée supprimée"));
    assert_eq!(json["entries"], entries - 1);
}

#[test]
fn a17_an_inserted_entry_is_named_at_the_end_and_in_the_middle() {
    let (data, entries) = journaled();
    tamper(
        &data,
        &format!(
            "INSERT INTO journal SELECT seq + 1, at, pinned, kind, reference, cites, amounts, body, prev_hash, hash
             FROM journal WHERE seq = {entries}"
        ),
    );
    let (bad, reason, _) = first_bad(&data);
    assert_eq!((bad, reason.as_str()), (entries + 1, "entrée insérée"));

    let (data, _) = journaled();
    // A copy of entry 2 slipped in as 3, the entries after it renumbered.
    tamper(
        &data,
        "UPDATE journal SET seq = seq + 1000 WHERE seq >= 3;
         UPDATE journal SET seq = seq - 999 WHERE seq >= 1000;
         INSERT INTO journal SELECT 3, at, pinned, kind, reference, cites, amounts, body, prev_hash, hash
         FROM journal WHERE seq = 2;",
    );
    let (bad, reason, _) = first_bad(&data);
    assert_eq!((bad, reason.as_str()), (3, "entrée insérée"));
}

#[test]
fn a17_two_swapped_entries_are_named() {
    let (data, entries) = journaled();
    let (a, b) = (entries - 2, entries - 1);
    tamper(
        &data,
        &format!(
            "UPDATE journal SET seq = 1000000 WHERE seq = {a};
             UPDATE journal SET seq = {a} WHERE seq = {b};
             UPDATE journal SET seq = {b} WHERE seq = 1000000;"
        ),
    );
    let (bad, reason, _) = first_bad(&data);
    assert_eq!((bad, reason.as_str()), (a, "entrées interverties"));
}

#[test]
fn a17_removing_the_last_entries_is_found_by_the_head_a_closing_pushed() {
    let (data, entries) = journaled();
    let day = today();
    let closing = data.ok(&["journal", "close", "--day", &day]);
    assert_eq!(closing["seq"], entries + 1);
    assert_eq!(closing["head"]["seq"], entries);
    let outbox = data.ok(&["outbox"]);
    let op = outbox
        .as_array()
        .unwrap()
        .iter()
        .find(|op| op["kind"] == "journal_closed")
        .unwrap();
    assert_eq!(op["payload"]["data"]["hash"], closing["hash"]);
    assert_eq!(op["payload"]["data"]["seq"], entries + 1);
    assert!(data.ok(&["journal", "verify"])["ok"] == true);
    // The closing and the last payment removed: a chain that is whole, but shorter
    // than the head the server holds.
    tamper(
        &data,
        &format!("DELETE FROM journal WHERE seq >= {entries}"),
    );
    let (bad, reason, _) = first_bad(&data);
    assert_eq!(bad, entries);
    assert!(reason.starts_with("entrée supprimée"), "{reason}");
}

#[test]
fn a17_a_pinned_clock_journal_is_not_certifiable_and_a_real_one_refuses_it() {
    let now = "2026-07-01T10:00:00Z";
    let pinned = DataDir::new();
    assert_eq!(pinned.run_at(&["demo"], Some(now)).code, 0);
    let id = booking(&pinned, Some(now));
    let run = pay(&pinned, &id, "42.00", "cash", Some(now));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = pinned.run_at(&["journal", "verify"], Some(now));
    assert_eq!(run.code, 0);
    let verify = run.json();
    assert_eq!(verify["ok"], true);
    assert_eq!(verify["certifiable"], false, "{verify}");
    let list = pinned.ok(&["journal", "list"]);
    let entry = list.as_array().unwrap().last().unwrap().clone();
    assert_eq!(entry["pinned"], true);
    assert_eq!(entry["at"], "2026-07-01T10:00:00Z");
    let french = pinned.run_text(&["journal", "verify"], &[]);
    assert!(
        french.stdout.contains("non certifiable"),
        "{}",
        french.stdout
    );

    let (real, entries) = journaled();
    let id = booking(&real, None);
    let run = pay(&real, &id, "10.00", "cash", Some(now));
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("GUICHET_NOW") && run.stderr.contains("réelles"),
        "{}",
        run.stderr
    );
    let verify = real.ok(&["journal", "verify"]);
    assert_eq!(verify["entries"], entries, "nothing was written");
    assert_eq!(verify["certifiable"], true);
    // Nor the payment itself: the journal and the operation are one transaction.
    let file = real.ok(&["bookings", "show", &id]);
    assert!(
        !file["payments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["amount"] == "10.00"),
        "{file}"
    );
}

#[test]
fn a17_a_payment_at_2330_paris_time_belongs_to_that_day_s_closing() {
    let data = DataDir::new();
    let morning = "2026-07-01T08:00:00Z";
    assert_eq!(data.run_at(&["demo"], Some(morning)).code, 0);
    let id = booking(&data, Some(morning));
    // 23:30 in Paris on 1 July (UTC+2), then 00:30 on 2 July.
    let run = pay(&data, &id, "100.00", "cash", Some("2026-07-01T21:30:00Z"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = pay(&data, &id, "40.00", "card", Some("2026-07-01T22:30:00Z"));
    assert_eq!(run.code, 0, "{}", run.stderr);

    let close = |args: &[&str], now: &str| {
        let run = data.run_at(args, Some(now));
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        run.json()
    };
    // Not yet begun: refused.
    let run = data.run_at(
        &["journal", "close", "--day", "2026-07-03"],
        Some("2026-07-02T08:00:00Z"),
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    let first = close(
        &["journal", "close", "--day", "2026-07-01"],
        "2026-07-02T08:00:00Z",
    );
    assert_eq!(first["totals"], serde_json::json!({"cash": "100.00"}));
    assert_eq!(first["entries"], 1);
    assert_eq!(first["total"], "100.00");
    // The perpetual grand total counts every entry so far.
    assert_eq!(first["grand_total"], "140.00");
    let second = close(
        &["journal", "close", "--day", "2026-07-02"],
        "2026-07-03T08:00:00Z",
    );
    assert_eq!(second["totals"], serde_json::json!({"card": "40.00"}));
    assert_eq!(second["grand_total"], "140.00");
    assert_eq!(second["head"]["seq"], first["seq"]);
    // Closed once only.
    let run = data.run_at(
        &["journal", "close", "--day", "2026-07-01"],
        Some("2026-07-03T08:00:00Z"),
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("déjà clôturée"), "{}", run.stderr);
    let month = close(
        &["journal", "close", "--month", "2026-07"],
        "2026-08-01T08:00:00Z",
    );
    assert_eq!(
        month["totals"],
        serde_json::json!({"card": "40.00", "cash": "100.00"})
    );
    assert_eq!(month["entries"], 2);
    let year = close(
        &["journal", "close", "--year", "2026"],
        "2026-08-01T09:00:00Z",
    );
    assert_eq!(year["total"], "140.00");
    assert_eq!(year["grand_total"], "140.00");
    let verify = data.ok(&["journal", "verify"]);
    assert_eq!(verify["ok"], true);
    assert_eq!(verify["certifiable"], false);
    let kinds: Vec<String> = data
        .ok(&["journal", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kinds.iter().rev().take(4).rev().collect::<Vec<_>>(),
        [
            "closing_day",
            "closing_day",
            "closing_month",
            "closing_year"
        ]
    );
}

#[test]
fn a17_a_restored_copy_declares_its_break_and_still_verifies() {
    let (data, entries) = journaled();
    let day = today();
    let closing = data.ok(&["journal", "close", "--day", &day]);
    let file = data.scratch().join("sauvegarde.guichet");
    let file_arg = file.display().to_string();
    let run = data.run_text(&["--json", "backup", &file_arg], &[PASS]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The original goes on after the backup.
    let id = booking(&data, None);
    assert_eq!(pay(&data, &id, "7.00", "cash", None).code, 0);

    let run = data.run_text(&["--json", "restore", "--replace", &file_arg], &[PASS]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = data.run(&["journal", "verify"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let verify = run.json();
    assert_eq!(verify["ok"], true);
    assert_eq!(verify["certifiable"], true);
    assert_eq!(verify["entries"], entries + 2, "{verify}");
    let declared = &verify["declared_breaks"][0];
    assert_eq!(declared["seq"], entries + 2);
    assert_eq!(declared["backup_head"]["seq"], entries + 1);
    assert_eq!(declared["backup_head"]["hash"], closing["hash"]);
    assert_eq!(declared["pushed_head"]["seq"], closing["seq"]);
    let french = data.run_text(&["journal", "verify"], &[]);
    assert!(
        french.stdout.contains("Reprise d'une sauvegarde déclarée"),
        "{}",
        french.stdout
    );
    // The restored copy journals on.
    assert_eq!(pay(&data, &id, "8.00", "cash", None).code, 0);
    let verify = data.ok(&["journal", "verify"]);
    assert_eq!(
        (verify["ok"].clone(), verify["entries"].clone()),
        (true.into(), (entries + 3).into())
    );
}

#[test]
fn a17_a_closing_reaches_the_server_and_another_device_s_journal_stays_its_own() {
    use guichet_tests::sync_device::{pair, sqlite_server};
    let (_dir, server) = sqlite_server();
    let (_, a, b) = pair(&server);
    let id = booking(&a.0, None);
    assert_eq!(pay(&a.0, &id, "25.00", "card", None).code, 0);
    let day = today();
    let closing = a.0.ok(&["journal", "close", "--day", &day]);
    a.sync();
    assert_eq!(a.outbox_len(), 0, "the server accepted the closing");
    b.sync();
    // B has A's payment, not A's till: its journal is empty and sound.
    assert_eq!(
        b.0.ok(&["journal", "verify"]),
        serde_json::json!({"entries": 0, "ok": true, "certifiable": true})
    );
    let on_a = a.0.ok(&["journal", "verify"]);
    assert_eq!(on_a["entries"], closing["seq"]);
}
