//! The end of a till journal checked against the sync server (rule A17): the closings
//! a device pushed are in the server's log, so removing a journal's last entries and
//! the closings that cited them from the SQLite file is still found by
//! `guichet journal verify` when the server can be reached, which names the missing
//! entries. The real `guichet` and `guichet-sync` binaries over loopback.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use guichet_tests::sync_device::{pair, sqlite_server, Device};
use serde_json::Value;

/// A sale of the first product sold at the till, paid by card.
fn sale(device: &Device) {
    let product = device
        .0
        .ok(&["products"])
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            p["channels"]
                .as_array()
                .is_some_and(|c| c.iter().any(|c| c == "till"))
        })
        .cloned()
        .unwrap();
    let price = product["price"].as_str().unwrap();
    device.0.ok(&[
        "till",
        "sell",
        "--line",
        &format!("{}:1", product["id"].as_str().unwrap()),
        "--pay",
        &format!("card:{price}"),
    ]);
}

fn verify(device: &Device) -> (i32, Value) {
    let run = device.0.run(&["journal", "verify"]);
    (run.code, run.json())
}

/// Edits the database file directly, as someone going around Guichet would (the
/// append-only triggers dropped first).
fn tamper(device: &Device, sql: &str) {
    let conn = rusqlite::Connection::open(device.0.file("guichet.db")).unwrap();
    conn.execute_batch(
        "DROP TRIGGER journal_append_only_update; DROP TRIGGER journal_append_only_delete;",
    )
    .unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn a17_the_last_entries_and_their_closing_removed_are_found_against_the_server() {
    let (_dir, mut server) = sqlite_server();
    let (_, a, _b) = pair(&server);
    for _ in 0..4 {
        sale(&a);
    }
    // Today in UTC: today or yesterday in Paris, a day begun either way.
    let today = {
        use guichet_app::clock::{Clock, SystemClock};
        SystemClock::default().now().date_naive().to_string()
    };
    let closing = a.0.ok(&["journal", "close", "--day", &today]);
    let head = closing["seq"].as_u64().unwrap();
    a.sync();
    assert_eq!(a.outbox_len(), 0, "the server holds the closing");
    assert_eq!(verify(&a).0, 0);

    // The last two sales and the closing removed, and the closing's operation too:
    // the file alone no longer says that its journal was longer.
    tamper(
        &a,
        &format!(
            "DELETE FROM journal WHERE seq >= {};
             DELETE FROM outbox_ops WHERE kind = 'journal_closed';",
            head - 2
        ),
    );
    server.kill();
    let (code, alone) = verify(&a);
    assert_eq!((code, &alone["ok"]), (0, &Value::from(true)), "{alone}");

    // With the server reachable, the removal is found and the missing entries named.
    server.restart();
    let (code, found) = verify(&a);
    assert_eq!(code, 1, "{found}");
    assert_eq!(found["ok"], false);
    assert_eq!(found["first_bad"]["seq"], head - 2);
    let reason = found["first_bad"]["reason"].as_str().unwrap();
    assert_eq!(
        reason,
        format!(
            "entrée supprimée : les entrées {} à {head} manquent ; la clôture envoyée au \
             serveur citait l'entrée {head} comme dernière",
            head - 2
        )
    );
    // In French for people too.
    let text = a.0.run_text(&["journal", "verify"], &[]);
    assert_eq!(text.code, 1);
    assert!(
        text.stdout.contains("manquent") || text.stderr.contains("manquent"),
        "{}",
        text.stdout
    );
}
