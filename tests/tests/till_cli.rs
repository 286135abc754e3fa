//! The till and gift vouchers from outside, through the real `guichet` binary on a real
//! data dir (rules A1, A3, A6, A7, A9–A13, O1, O7, T5). The clock is pinned so that
//! days are known: a sale's day, a voucher's validity, a past activity.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use guichet_tests::DataDir;
use serde_json::Value;

const DAY: &str = "2026-07-01T10:00:00Z";
const NEXT_DAY: &str = "2026-07-02T09:00:00Z";

/// A demo data dir made on `DAY`.
fn till() -> DataDir {
    let data = DataDir::new();
    let run = data.run_at(&["demo"], Some(DAY));
    assert_eq!(run.code, 0, "{}", run.stderr);
    data
}

fn ok(data: &DataDir, args: &[&str], now: &str) -> Value {
    data.ok_at(args, now)
}

/// Exit status and message of a refused command.
fn refused(data: &DataDir, args: &[&str], now: &str) -> (i32, String) {
    let run = data.run_at(args, Some(now));
    assert_ne!(run.code, 0, "{args:?} was accepted: {}", run.stdout);
    (
        run.code,
        run.json()["error"]["message"].as_str().unwrap().to_owned(),
    )
}

/// A command refused with exit status `exit` and a message saying `words`.
fn refuses(data: &DataDir, args: &[&str], now: &str, exit: i32, words: &str) {
    let (code, message) = refused(data, args, now);
    assert_eq!(code, exit, "{args:?}: {message}");
    assert!(message.contains(words), "{args:?}: {message}");
}

fn product(data: &DataDir, name: &str) -> String {
    data.product(name, DAY)
}

fn sell_voucher(data: &DataDir, product: &str, amount: &str) -> String {
    let sold = ok(
        data,
        &["vouchers", "sell", "--product", product, "--amount", amount],
        DAY,
    );
    assert_eq!(sold["amount"], amount);
    sold["code"].as_str().unwrap().to_owned()
}

#[test]
fn a11_a12_a_voucher_is_sold_in_full_for_its_products_and_valid_a_year() {
    let data = till();
    let poney = product(&data, "Balade");
    let sold = ok(
        &data,
        &[
            "vouchers",
            "sell",
            "--product",
            &poney,
            "--amount",
            "40.00",
            "--method",
            "card",
        ],
        DAY,
    );
    assert_eq!(sold["valid_until"], "2027-07-01");
    assert!(sold["code"].as_str().unwrap().starts_with('V'));
    // A12: no product, no voucher; an unknown product is named.
    let run = data.run_at(&["vouchers", "sell", "--amount", "40.00"], Some(DAY));
    assert_eq!(run.code, 2);
    let (code, _) = refused(
        &data,
        &[
            "vouchers",
            "sell",
            "--product",
            "01a21cee-d1ce-7386-a0c9-66cc30ebf23c",
            "--amount",
            "40.00",
        ],
        DAY,
    );
    assert_eq!(code, 2);
    // A11 and O7: not paid by another voucher; ANCV Connect from 20 €.
    let (code, message) = refused(
        &data,
        &[
            "vouchers",
            "sell",
            "--product",
            &poney,
            "--amount",
            "40.00",
            "--method",
            "gift_voucher",
        ],
        DAY,
    );
    assert_eq!(code, 1, "{message}");
    let (code, message) = refused(
        &data,
        &[
            "vouchers",
            "sell",
            "--product",
            &poney,
            "--amount",
            "15.00",
            "--method",
            "ancv_connect",
        ],
        DAY,
    );
    assert_eq!(code, 1);
    assert!(message.contains("20,00 €"), "{message}");
    ok(
        &data,
        &[
            "vouchers",
            "sell",
            "--product",
            &poney,
            "--amount",
            "20.00",
            "--method",
            "ancv_connect",
        ],
        DAY,
    );
}

#[test]
fn a9_the_validity_of_the_vouchers_sold_is_the_providers_setting() {
    let data = till();
    let poney = product(&data, "Balade");
    let before = sell_voucher(&data, &poney, "30.00");
    let settings = ok(&data, &["settings", "--voucher-validity", "6"], DAY);
    assert_eq!(settings["voucher_validity_months"], 6);
    let sold = ok(
        &data,
        &["vouchers", "sell", "--product", &poney, "--amount", "30.00"],
        DAY,
    );
    assert_eq!(sold["valid_until"], "2027-01-01");
    // A voucher sold before keeps its date.
    let shown = ok(&data, &["vouchers", "show", &before], DAY);
    assert_eq!(shown["valid_until"], "2027-07-01");
    for months in ["0", "61", "300"] {
        refuses(
            &data,
            &["settings", "--voucher-validity", months],
            DAY,
            2,
            "de 1 à 60 mois",
        );
    }
    let settings = ok(&data, &["settings"], DAY);
    assert_eq!(settings["voucher_validity_months"], 6);
}

#[test]
fn a10_a_voucher_pays_once_and_a_second_redemption_is_refused_with_the_reason() {
    let data = till();
    let code = sell_voucher(&data, &product(&data, "Balade"), "50.00");
    let first = ok(&data, &["vouchers", "redeem", &code], DAY);
    assert_eq!(
        (&first["redeemed"], &first["forfeited"]),
        (&Value::from("50.00"), &Value::from("0.00"))
    );
    refuses(
        &data,
        &["vouchers", "redeem", &code],
        DAY,
        1,
        "déjà utilisé",
    );
    let shown = ok(&data, &["vouchers", "show", &code], DAY);
    assert_eq!(shown["status"], "used");
    assert_eq!(
        shown["events"].as_array().unwrap().len(),
        2,
        "sold, redeemed"
    );
    // T5: at a gate a voucher is no way in, and says it is a gift voucher.
    let session = ok(&data, &["sessions"], DAY)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let scan = ok(&data, &["scan", "--session", &session, &code], DAY);
    assert_eq!(scan["verdict"], "wrong_session");
    assert!(scan["message"].as_str().unwrap().contains("BON CADEAU"));
}

#[test]
fn a7_a10_a9_deactivated_by_hand_expired_then_extended() {
    let data = till();
    let poney = product(&data, "Balade");
    let off = sell_voucher(&data, &poney, "30.00");
    let shown = ok(
        &data,
        &[
            "vouchers",
            "deactivate",
            &off,
            "--reason",
            "remboursé par chèque le 01/07",
        ],
        DAY,
    );
    assert_eq!(shown["status"], "deactivated");
    refuses(&data, &["vouchers", "redeem", &off], DAY, 1, "désactivé");

    let old = sell_voucher(&data, &poney, "30.00");
    let later = "2027-08-01T10:00:00Z";
    refuses(
        &data,
        &["vouchers", "redeem", &old],
        later,
        1,
        "expiré le 01/07/2027",
    );
    let (exit, _) = refused(
        &data,
        &["vouchers", "extend", &old, "--until", "2027-06-01"],
        later,
    );
    assert_eq!(exit, 2, "an extension goes forward");
    let extended = ok(
        &data,
        &["vouchers", "extend", &old, "--until", "2027-12-31"],
        later,
    );
    assert_eq!(extended["valid_until"], "2027-12-31");
    assert_eq!(
        ok(&data, &["vouchers", "redeem", &old], later)["redeemed"],
        "30.00"
    );
}

#[test]
fn a13_a_sold_product_cannot_be_deleted_and_deactivation_is_offered() {
    let data = till();
    let poney = product(&data, "Balade");
    sell_voucher(&data, &poney, "25.00");
    refuses(
        &data,
        &["products", "remove", &poney],
        DAY,
        1,
        "désactivez-le",
    );
    let off = ok(
        &data,
        &["products", "edit", &poney, "--active", "false"],
        DAY,
    );
    assert_eq!(off["active"], false);
    // A product sold at the till, not through a voucher: the same.
    let panier = product(&data, "Panier");
    let sold = |data: &DataDir| {
        ok(data, &["products"], DAY)
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == panier.as_str())
            .unwrap()["sold"]
            .clone()
    };
    assert_eq!(sold(&data), false, "never sold yet");
    let line = format!("{panier}:1");
    ok(
        &data,
        &["till", "sell", "--line", &line, "--pay", "card:32.00"],
        DAY,
    );
    assert_eq!(sold(&data), true);
    refuses(
        &data,
        &["products", "remove", &panier],
        DAY,
        1,
        "a déjà été vendu",
    );
    // A product never sold is deleted.
    let fresh = ok(
        &data,
        &[
            "products",
            "add",
            "--name",
            "Atelier pain",
            "--price",
            "12.00",
        ],
        DAY,
    );
    let id = fresh["id"].as_str().unwrap();
    ok(&data, &["products", "remove", id], DAY);
    assert!(ok(&data, &["products"], DAY)
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["id"] != id));
}

#[test]
fn a10_a_split_payment_cash_and_voucher_gives_change_and_the_till_counts_it() {
    let data = till();
    let poney = product(&data, "Balade");
    let panier = product(&data, "Panier");
    ok(&data, &["till", "open", "--float", "100.00"], DAY);
    // A voucher sold alone is a cash sale of its own: 30,00 € in the drawer.
    let code = sell_voucher(&data, &poney, "30.00");
    // 2 × 25,00 + 32,00 = 82,00 €: the voucher pays 30,00 of the pony rides, 60,00 cash.
    let line = format!("{poney}:2");
    let voucher = format!("gift_voucher:{code}");
    let sale = ok(
        &data,
        &[
            "till",
            "sell",
            "--line",
            &line,
            "--line",
            &panier,
            "--pay",
            &voucher,
            "--pay",
            "cash:60.00",
        ],
        DAY,
    );
    assert_eq!(sale["total"], "82.00");
    assert_eq!(sale["change"], "8.00");
    assert_eq!(sale["channel"], "Guichet");
    let vat = sale["vat"].as_array().unwrap();
    assert_eq!(
        (vat[0]["label"].as_str(), vat[0]["vat"].as_str()),
        (Some("5,5 %"), Some("1.67"))
    );
    assert_eq!(vat[1]["vat"], "8.33");
    assert_eq!(
        ok(&data, &["vouchers", "show", &code], DAY)["status"],
        "used"
    );
    // The drawer: 100 float + 30 for the voucher + 60 handed over − 8 change.
    assert_eq!(ok(&data, &["till", "status"], DAY)["expected"], "182.00");
    let count = ok(&data, &["till", "count", "--counted", "180.00"], DAY);
    assert_eq!(count["difference"], "-2.00");
    // Not enough, or a card over the total: refused, nothing recorded.
    refuses(
        &data,
        &["till", "sell", "--line", &panier, "--pay", "card:20.00"],
        DAY,
        1,
        "il manque 12,00 €",
    );
    let (exit, _) = refused(
        &data,
        &["till", "sell", "--line", &panier, "--pay", "card:40.00"],
        DAY,
    );
    assert_eq!(exit, 1);
    // The voucher's sale and the split one: the refused carts left nothing.
    assert_eq!(
        ok(&data, &["till", "sales"], DAY).as_array().unwrap().len(),
        2
    );
}

#[test]
fn a10_a_voucher_on_a_smaller_cart_needs_the_customers_consent() {
    let data = till();
    let velo = product(&data, "Location");
    let code = sell_voucher(&data, &velo, "50.00");
    let line = velo.clone();
    let voucher = format!("gift_voucher:{code}");
    let (exit, message) = refused(
        &data,
        &["till", "sell", "--line", &line, "--pay", &voucher],
        DAY,
    );
    assert_eq!(exit, 1);
    assert!(
        message.contains("32,00 €") && message.contains("pas rendus"),
        "{message}"
    );
    assert_eq!(
        ok(&data, &["vouchers", "show", &code], DAY)["status"],
        "valid",
        "nothing used"
    );
    let sale = ok(
        &data,
        &[
            "till",
            "sell",
            "--line",
            &line,
            "--pay",
            &voucher,
            "--accept-loss",
        ],
        DAY,
    );
    assert_eq!(sale["total"], "18.00");
    let v = ok(&data, &["vouchers", "show", &code], DAY);
    assert_eq!(
        (&v["status"], &v["balance"]),
        (&Value::from("used"), &Value::from("0.00"))
    );
}

#[test]
fn a12_a_voucher_pays_only_for_its_products() {
    let data = till();
    let code = sell_voucher(&data, &product(&data, "Balade"), "50.00");
    let panier = product(&data, "Panier");
    let voucher = format!("gift_voucher:{code}");
    refuses(
        &data,
        &[
            "till",
            "sell",
            "--line",
            &panier,
            "--pay",
            &voucher,
            "--pay",
            "cash:32.00",
        ],
        DAY,
        1,
        "ne paie que ses prestations",
    );
}

#[test]
fn a1_o1_a_free_activity_is_sold_with_no_payment() {
    let data = till();
    let free = ok(
        &data,
        &[
            "products",
            "add",
            "--name",
            "Visite libre",
            "--price",
            "0.00",
        ],
        DAY,
    );
    let sale = ok(
        &data,
        &["till", "sell", "--line", free["id"].as_str().unwrap()],
        DAY,
    );
    assert_eq!(sale["total"], "0.00");
    assert!(sale["payments"].as_array().unwrap().is_empty());
    // A payment of nothing is no payment: refused, named.
    refuses(
        &data,
        &[
            "till",
            "sell",
            "--line",
            free["id"].as_str().unwrap(),
            "--pay",
            "cash:0.00",
        ],
        DAY,
        2,
        "plus de 0,00 €",
    );
}

#[test]
fn a7_a_sale_is_voided_the_same_day_only_and_a_used_voucher_sold_in_it_stops_the_void() {
    let data = till();
    let poney = product(&data, "Balade");
    let line = format!("{poney}:1");
    let first = ok(
        &data,
        &["till", "sell", "--line", &line, "--pay", "card:25.00"],
        DAY,
    );
    let id = first["id"].as_str().unwrap();
    refuses(
        &data,
        &["till", "void", id, "--reason", "erreur"],
        NEXT_DAY,
        1,
        "seule une vente du jour",
    );
    let voided = ok(
        &data,
        &["till", "void", id, "--reason", "erreur de saisie"],
        DAY,
    );
    assert_eq!(voided["net"], "0.00", "a counter-entry, not a deletion");
    assert_eq!(voided["payments"].as_array().unwrap().len(), 2);

    // A voucher sold in a cart: the sale voids while the voucher is unused…
    let gift = format!("50.00:{poney}");
    let sale = ok(
        &data,
        &["till", "sell", "--voucher", &gift, "--pay", "cash:50.00"],
        DAY,
    );
    let code = sale["vouchers"][0]["code"].as_str().unwrap().to_owned();
    ok(&data, &["vouchers", "redeem", &code], DAY);
    // …and not once it is used (A7: no refund of a voucher in the tool).
    refuses(
        &data,
        &[
            "till",
            "void",
            sale["id"].as_str().unwrap(),
            "--reason",
            "x",
        ],
        DAY,
        1,
        "règle A7",
    );
}

/// The demo's session of `day` (AAAA-MM-JJ, Paris) and its sold count.
fn session_of(data: &DataDir, day: &str) -> (String, u64, u64) {
    let sessions = ok(data, &["sessions"], DAY);
    let session = sessions
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["starts_at"].as_str().unwrap().starts_with(day))
        .unwrap_or_else(|| panic!("no session on {day}: {sessions}"));
    (
        session["id"].as_str().unwrap().to_owned(),
        session["sold"].as_u64().unwrap(),
        session["capacity"].as_u64().unwrap(),
    )
}

#[test]
fn a4_t4_tickets_sold_at_the_till_admit_at_the_gate_and_a_void_before_entry_revokes_them() {
    let data = till();
    let (session, sold, capacity) = session_of(&data, "2026-07-02");
    let poney = product(&data, "Balade");
    let tickets = format!("{session}:2");
    let line = format!("{poney}:1");
    let sale = ok(
        &data,
        &[
            "till",
            "sell",
            "--ticket",
            &tickets,
            "--line",
            &line,
            "--pay",
            "cash:100.00",
        ],
        DAY,
    );
    let ticket_line = &sale["lines"][1];
    assert!(
        ticket_line["label"]
            .as_str()
            .unwrap()
            .starts_with("Billet Plein tarif — "),
        "{ticket_line}"
    );
    assert_eq!(ticket_line["quantity"], 2);
    assert_eq!(ticket_line["vat_rate"], 550, "shows bear 5,5 % VAT");
    assert_eq!(ticket_line["activity_date"], "2026-07-02");
    let codes: Vec<String> = sale["tickets"][0]["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 2);
    assert_eq!(session_of(&data, "2026-07-02").1, sold + 2, "seats counted");
    // The gate admits a ticket sold at the till, once.
    let scan = ok(&data, &["scan", "--session", &session, &codes[0]], DAY);
    assert_eq!(scan["verdict"], "admitted", "{scan}");
    let scan = ok(&data, &["scan", "--session", &session, &codes[0]], DAY);
    assert_eq!(scan["verdict"], "already_scanned", "{scan}");
    // A sale one of whose tickets was used does not void.
    refuses(
        &data,
        &[
            "till",
            "void",
            sale["id"].as_str().unwrap(),
            "--reason",
            "erreur",
        ],
        DAY,
        1,
        "déjà été contrôlé",
    );
    // A sale voided before anyone came in revokes its tickets at the gate.
    let other = ok(
        &data,
        &["till", "sell", "--ticket", &session, "--pay", "card:25.00"],
        DAY,
    );
    let code = other["tickets"][0]["codes"][0].as_str().unwrap().to_owned();
    ok(
        &data,
        &[
            "till",
            "void",
            other["id"].as_str().unwrap(),
            "--reason",
            "erreur de séance",
        ],
        DAY,
    );
    let scan = ok(&data, &["scan", "--session", &session, &code], DAY);
    assert_eq!(scan["verdict"], "cancelled", "{scan}");
    assert_eq!(session_of(&data, "2026-07-02").1, sold + 2);
    // More tickets than seats left: refused, and nothing is recorded.
    let sales = ok(&data, &["till", "sales", "--day", "2026-07-01"], DAY);
    let too_many = format!("{session}:{}", capacity - sold - 1);
    let (code, message) = refused(
        &data,
        &[
            "till",
            "sell",
            "--ticket",
            &too_many,
            "--pay",
            "card:9999.00",
        ],
        DAY,
    );
    assert_eq!(code, 1, "{message}");
    assert_eq!(
        ok(&data, &["till", "sales", "--day", "2026-07-01"], DAY),
        sales
    );
    assert_eq!(session_of(&data, "2026-07-02").1, sold + 2);
    // A session over is not sold any more.
    refuses(
        &data,
        &["till", "quote", "--ticket", &session],
        "2026-07-03T10:00:00Z",
        1,
        "a eu lieu le 02/07/2026",
    );
    let verified = data.run_at(&["journal", "verify"], Some(DAY)).json();
    assert_eq!(verified["ok"], true, "{verified}");
}

#[test]
fn a3_a6_a_past_activity_is_never_refunded() {
    let data = till();
    let poney = product(&data, "Balade");
    let line = format!("{poney}:2:2026-07-01");
    let sale = ok(
        &data,
        &["till", "sell", "--line", &line, "--pay", "card:50.00"],
        DAY,
    );
    let id = sale["id"].as_str().unwrap();
    let partly = ok(
        &data,
        &[
            "till", "refund", id, "--amount", "25.00", "--method", "card",
        ],
        DAY,
    );
    assert_eq!(partly["net"], "25.00");
    let (exit, message) = refused(&data, &["till", "refund", id, "--amount", "30.00"], DAY);
    assert_eq!(exit, 1, "never more than what is left: {message}");
    refuses(
        &data,
        &["till", "refund", id, "--amount", "5.00"],
        NEXT_DAY,
        1,
        "activité passée",
    );
}

#[test]
fn a10_a_booking_is_paid_by_gift_voucher_once() {
    let data = till();
    let code = sell_voucher(&data, &product(&data, "Séjour"), "150.00");
    let booking = ok(&data, &["bookings"], DAY)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (exit, _) = refused(
        &data,
        &[
            "bookings",
            "pay",
            &booking,
            "--amount",
            "150.00",
            "--method",
            "gift_voucher",
        ],
        DAY,
    );
    assert_eq!(exit, 2, "the code is needed");
    let file = ok(
        &data,
        &[
            "bookings",
            "pay",
            &booking,
            "--amount",
            "400.00",
            "--method",
            "gift_voucher",
            "--voucher",
            &code,
        ],
        DAY,
    );
    let paid = file["payments"].as_array().unwrap();
    assert_eq!(paid.last().unwrap()["amount"], "150.00");
    assert_eq!(paid.last().unwrap()["method"], "gift_voucher");
    refuses(
        &data,
        &[
            "bookings",
            "pay",
            &booking,
            "--amount",
            "100.00",
            "--method",
            "gift_voucher",
            "--voucher",
            &code,
        ],
        DAY,
        1,
        "déjà utilisé",
    );
}

/// A PDF's text as `pdftotext -layout` reads it, and its page size line.
fn pdf_text(path: &std::path::Path) -> (String, String) {
    let text = std::process::Command::new("pdftotext")
        .args(["-layout".as_ref(), path.as_os_str(), "-".as_ref()])
        .output()
        .expect("pdftotext (poppler-utils): scripts/setup.sh");
    let info = std::process::Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8(info.stdout).unwrap();
    let size = info
        .lines()
        .find(|l| l.starts_with("Page size"))
        .unwrap_or_default()
        .to_owned();
    (String::from_utf8(text.stdout).unwrap(), size)
}

#[test]
fn a4_the_receipt_is_an_80_mm_pdf_of_the_sale_sold_at_guichet() {
    let data = till();
    let poney = product(&data, "Balade");
    let panier = product(&data, "Panier");
    let line = format!("{poney}:2");
    let file = data.scratch().join("ticket.pdf");
    let sale = ok(
        &data,
        &[
            "till",
            "sell",
            "--line",
            &line,
            "--line",
            &panier,
            "--pay",
            "card:32.00",
            "--pay",
            "cash:60.00",
            "--receipt",
            file.to_str().unwrap(),
        ],
        DAY,
    );
    let (text, size) = pdf_text(&file);
    // 80 mm is 226.77 points.
    assert!(size.contains("227 x"), "{size}");
    for expected in [
        "Les Gîtes du Vallon",
        "Ticket n° 1 — Guichet",
        "01/07/2026 12:00",
        "2 × Balade à poney (1 h)",
        "TOTAL TTC",
        "82,00 €",
        "TVA 5,5 % : 30,33 € HT, 1,67 € de TVA",
        "Payé (carte bancaire)",
        "60,00 €",
        "Monnaie rendue",
        "10,00 €",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
    // The same receipt again, from the sale; an unwritable destination is refused before
    // the sale, which is then not recorded.
    let again = data.scratch().join("encore.pdf");
    ok(
        &data,
        &[
            "till",
            "receipt",
            sale["id"].as_str().unwrap(),
            "--out",
            again.to_str().unwrap(),
        ],
        DAY,
    );
    assert_eq!(pdf_text(&again).0, text);
    let run = data.run_at(
        &[
            "till",
            "sell",
            "--line",
            &panier,
            "--pay",
            "cash:32.00",
            "--receipt",
            "/nonexistent/ticket.pdf",
        ],
        Some(DAY),
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert_eq!(
        ok(&data, &["till", "sales"], DAY).as_array().unwrap().len(),
        1
    );
}

/// A receipt printer on loopback: what it received, once the connection closes.
fn fake_printer() -> (String, std::thread::JoinHandle<Vec<u8>>) {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let job = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        bytes
    });
    (address, job)
}

#[test]
fn a_sale_printed_on_a_network_receipt_printer_opens_the_drawer_for_cash() {
    let data = till();
    let panier = product(&data, "Panier");
    // No printer yet: the sale is kept, the print is a warning beside it.
    let run = data.run_at(
        &[
            "till",
            "sell",
            "--line",
            &panier,
            "--pay",
            "cash:50.00",
            "--print",
        ],
        Some(DAY),
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.json()["warnings"][0]["step"], "print");
    assert!(run.stderr.contains("aucune imprimante"), "{}", run.stderr);
    refuses(
        &data,
        &["till", "printer", "imprimante du bureau"],
        DAY,
        2,
        "",
    );

    let (address, job) = fake_printer();
    ok(&data, &["till", "printer", &address], DAY);
    let sale = ok(
        &data,
        &[
            "till",
            "sell",
            "--line",
            &panier,
            "--pay",
            "cash:50.00",
            "--print",
        ],
        DAY,
    );
    assert!(sale.get("warnings").is_none(), "{sale}");
    let bytes = job.join().unwrap();
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"Panier du terroir"), "the line is printed");
    // 32,00 € in code page PC858, where € is 0xD5.
    assert!(
        has(b"32,00 \xD5"),
        "the euro sign in the printer's code page"
    );
    assert!(has(&[0x1B, 0x70]), "ESC p: the drawer kick");
    assert!(has(&[0x1D, 0x56]), "GS V: the cut");
    let (address, job) = fake_printer();
    ok(&data, &["till", "printer", &address], DAY);
    ok(&data, &["till", "drawer"], DAY);
    assert!(job.join().unwrap().windows(2).any(|w| w == [0x1B, 0x70]));
}
