//! `guichet payout-date`, `guichet fee` and `guichet wallet cashout`, stateless, checked
//! from outside as cli.md fixes them (rules O2, O4, O5, A1, A2).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use guichet_tests::guichet;
use serde_json::json;

#[test]
fn o4_payout_date_is_the_wednesday_after_the_period_ending_friday() {
    for (paid, payout) in [
        ("2026-11-21", "2026-12-02"), // Saturday: first day of a period
        ("2026-11-27", "2026-12-02"), // Friday: its last day
        ("2026-11-28", "2026-12-09"), // Saturday again: the next period
        ("2026-12-02", "2026-12-09"), // a payout Wednesday itself
        ("2026-12-30", "2027-01-06"),
    ] {
        let run = guichet(&["payout-date", paid, "--json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.json(),
            json!({"payment_date": paid, "payout_date": payout})
        );
    }
    let text = guichet(&["payout-date", "2026-11-27"]);
    assert!(
        text.stdout.contains("mercredi 02/12/2026"),
        "{}",
        text.stdout
    );
    let bad = guichet(&["payout-date", "27/11/2026", "--json"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[test]
fn o5_fee_is_1_8_percent_plus_20_cents_and_o2_refuses_under_one_euro() {
    for (amount, fee, net) in [
        ("1.00", "0.22", "0.78"),
        ("2.50", "0.25", "2.25"),
        ("19.75", "0.56", "19.19"),
        ("1100.00", "20.00", "1080.00"),
    ] {
        let run = guichet(&["fee", amount, "--json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.json(),
            json!({"amount": amount, "fee": fee, "net": net})
        );
    }
    // A1: a free order bears no fee.
    let free = guichet(&["fee", "0.00", "--json"]);
    assert_eq!(
        free.json(),
        json!({"amount": "0.00", "fee": "0.00", "net": "0.00"})
    );
    // O2: 0,01 € to 0,99 € refused by the rule (exit 1), in French.
    for amount in ["0.01", "0.50", "0.99"] {
        let run = guichet(&["fee", amount, "--json"]);
        assert_eq!(run.code, 1, "{amount}: {}", run.stdout);
        assert!(run.stdout.contains("1,00 €"), "{}", run.stdout);
    }
    for bad in ["abc", "1.001", "-5.00", "1e3"] {
        assert_eq!(guichet(&["fee", bad, "--json"]).code, 2, "{bad}");
    }
}

#[test]
fn a2_wallet_cashout_keeps_the_deposit_and_needs_120() {
    for (balance, allowed, amount, after) in [
        ("120.00", true, "60.00", "60.00"),
        ("350.42", true, "290.42", "60.00"),
        ("119.99", false, "0.00", "119.99"),
        ("-15.00", false, "0.00", "-15.00"),
    ] {
        let run = guichet(&["wallet", "cashout", "--balance", balance, "--json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(
            run.json(),
            json!({"allowed": allowed, "amount": amount, "balance_after": after})
        );
    }
    let forced = guichet(&[
        "wallet",
        "cashout",
        "--balance",
        "80.00",
        "--force",
        "--json",
    ]);
    assert_eq!(
        forced.json(),
        json!({"allowed": true, "amount": "80.00", "balance_after": "0.00"})
    );
}
