//! Gift vouchers across tills (rules A10, D4): the real `guichet-sync` server and two
//! real `guichet` tills, each on its own data dir, over loopback.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use guichet_tests::sync_device::{pair, sqlite_server, Device};
use serde_json::Value;

fn voucher(device: &Device, code: &str) -> Value {
    device.0.ok(&["vouchers", "show", code])
}

/// Sells a voucher for the first product at `device`; its code.
fn sell(device: &Device, amount: &str) -> String {
    let product = device.0.ok(&["products"])[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sold = device.0.ok(&[
        "vouchers",
        "sell",
        "--product",
        &product,
        "--amount",
        amount,
        "--method",
        "card",
    ]);
    sold["code"].as_str().unwrap().to_owned()
}

#[test]
fn a10_d4_one_voucher_redeemed_on_two_offline_tills_is_a_voucher_overdraw_everywhere() {
    let (_dir, mut server) = sqlite_server();
    let (_, a, b) = pair(&server);
    let code = sell(&a, "50.00");
    a.sync();
    b.sync();
    assert_eq!(voucher(&b, &code)["status"], "valid", "B knows the sale");

    server.kill();
    // Offline, the same voucher pays at both tills: A for a 50 € cart, B for a 40 € one.
    let on_a = a.0.ok(&["vouchers", "redeem", &code, "--cart", "50.00"]);
    assert_eq!(on_a["redeemed"], "50.00");
    let on_b = b.0.ok(&["vouchers", "redeem", &code, "--cart", "40.00"]);
    assert_eq!(
        (&on_b["redeemed"], &on_b["forfeited"]),
        (&Value::from("40.00"), &Value::from("10.00"))
    );
    // Each till refuses a second use by itself, with the reason.
    let again = a.0.run(&["vouchers", "redeem", &code]);
    assert_eq!(again.code, 1, "{}", again.stdout);
    assert!(again.stdout.contains("déjà utilisé"), "{}", again.stdout);

    server.restart();
    a.sync();
    let report = b.sync();
    assert_eq!(report["conflicts"], 1, "{report}");
    a.sync();
    for device in [&a, &b] {
        assert_eq!(device.kinds(), ["voucher_overdraw"]);
        let overdraw = device
            .conflicts()
            .into_iter()
            .find(|c| c["kind"] == "voucher_overdraw")
            .unwrap();
        assert!(
            overdraw["summary"]
                .as_str()
                .unwrap()
                .contains("déjà utilisé"),
            "{overdraw}"
        );
        // The voucher's state is its ledger: sold 50, paid 50 and 40, 10 not given back.
        let v = voucher(device, &code);
        assert_eq!(v["status"], "overdrawn", "{v}");
        assert_eq!(v["redeemed"], "90.00");
        assert_eq!(v["balance"], "-50.00");
        assert_eq!(device.outbox_len(), 0);
    }
    assert_eq!(a.state(), b.state(), "the tills agree on every voucher");
}

#[test]
fn a10_a_genuine_voucher_sold_on_another_till_is_taken_on_its_printed_amount_until_sync() {
    let (_dir, mut server) = sqlite_server();
    let (_, a, b) = pair(&server);
    server.kill();
    let code = sell(&a, "30.00");

    // B has never heard of it: it asks for the printed amount, then takes it, flagged.
    let unknown = b.0.run(&["vouchers", "redeem", &code, "--json"]);
    assert_eq!(unknown.code, 2, "{}", unknown.stdout);
    assert!(
        unknown.stdout.contains("montant imprimé"),
        "{}",
        unknown.stdout
    );
    let taken = b.0.ok(&["vouchers", "redeem", &code, "--amount", "30.00"]);
    assert_eq!(taken["unconfirmed"], true);
    assert!(taken["voucher"].is_null());
    assert_eq!(voucher(&b, &code)["status"], "unconfirmed");
    // A forged code is refused outright.
    let mut forged = code.clone().into_bytes();
    forged[20] = if forged[20] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    let refused =
        b.0.run(&["vouchers", "redeem", &forged, "--amount", "30.00", "--json"]);
    assert_ne!(refused.code, 0, "{}", refused.stdout);

    server.restart();
    a.sync();
    b.sync();
    a.sync();
    for device in [&a, &b] {
        let v = voucher(device, &code);
        assert_eq!(v["status"], "used", "confirmed by sync: {v}");
        assert_eq!(v["balance"], "0.00");
        assert!(device.kinds().is_empty());
    }
    assert_eq!(a.state(), b.state());
}

#[test]
fn a4_t4_tickets_sold_at_one_till_admit_at_another_gate_and_stop_the_void_there() {
    let (_dir, server) = sqlite_server();
    let (_, a, b) = pair(&server);
    // The demo's last session: whatever the day, it is still to come.
    let sessions = a.0.ok(&["sessions"]);
    let session = sessions
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|s| s["starts_at"].as_str().unwrap().to_owned())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let tickets = format!("{session}:2");
    let sale =
        a.0.ok(&["till", "sell", "--ticket", &tickets, "--pay", "card:50.00"]);
    let sale_id = sale["id"].as_str().unwrap().to_owned();
    let codes = sale["tickets"][0]["codes"].clone();
    a.sync();
    b.sync();
    // B knows the sale with its tickets, and its gate admits them as sold, not as
    // genuine codes it has never seen.
    let on_b = b.0.ok(&["till", "show", &sale_id]);
    assert_eq!(on_b["tickets"][0]["codes"], codes, "{on_b}");
    let code = codes[0].as_str().unwrap();
    let scan = b.0.ok(&["scan", "--session", &session, code]);
    assert_eq!(scan["verdict"], "admitted", "{scan}");
    b.sync();
    a.sync();
    // A learns of the admission: its sale no longer voids.
    let void = a.0.run(&["till", "void", &sale_id, "--reason", "erreur"]);
    assert_eq!(void.code, 1, "{}", void.stdout);
    assert!(void.stdout.contains("déjà été contrôlé"), "{}", void.stdout);
    assert_eq!(a.kinds(), Vec::<String>::new());
}
