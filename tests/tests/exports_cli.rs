//! Exports and the voucher report from outside, through the real `guichet` binary on a
//! real data dir under a pinned clock (rules A5, A8, T7): the sales CSV converted by
//! LibreOffice in a French locale and its cells read back, the XLSX read back with
//! calamine, the voucher report's figures across the period's edges, booking forms
//! refused without their required answers, and no secret in any export.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use guichet_tests::DataDir;
use serde_json::Value;

const DAY: &str = "2026-07-01T10:00:00Z";

fn ok(data: &DataDir, args: &[&str], now: &str) -> Value {
    data.ok_at(args, now)
}

/// Exit status and message of a refused command.
fn refused(data: &DataDir, args: &[&str], now: &str) -> (i32, String) {
    let run = data.run_at(args, Some(now));
    assert_ne!(run.code, 0, "{args:?} was accepted: {}", run.stdout);
    let message = run.json()["error"]["message"]
        .as_str()
        .map_or_else(|| run.stderr.clone(), str::to_owned);
    (run.code, message)
}

fn product(data: &DataDir, name: &str) -> String {
    data.product(name, DAY)
}

/// A demo data dir made on `DAY`, its till open, the pony ride asking « Taille ? »
/// (required) and « Allergies ? » (optional).
fn till() -> (DataDir, String) {
    let data = DataDir::new();
    ok(&data, &["demo"], DAY);
    let poney = product(&data, "Balade");
    let edited = ok(
        &data,
        &[
            "products",
            "edit",
            &poney,
            "--question",
            "Taille ?",
            "--question",
            "Allergies ?",
            "--optional",
            "Allergies ?",
        ],
        DAY,
    );
    assert_eq!(edited["questions"][0]["text"], "Taille ?");
    assert_eq!(edited["questions"][0]["required"], true);
    assert_eq!(edited["questions"][1]["required"], false);
    ok(&data, &["till", "open", "--float", "100.00"], DAY);
    (data, poney)
}

fn cells(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

fn sheet_names(path: &Path) -> Vec<String> {
    let workbook: Xlsx<_> = open_workbook(path).unwrap();
    workbook.sheet_names()
}

/// The column titled `title` in `rows`.
fn column(rows: &[Vec<Data>], title: &str) -> usize {
    rows[0]
        .iter()
        .position(|c| *c == title)
        .unwrap_or_else(|| panic!("no column {title}: {:?}", rows[0]))
}

fn date(cell: &Data) -> chrono::NaiveDate {
    match cell {
        Data::DateTime(d) => d.as_datetime().unwrap().date(),
        other => panic!("not a date: {other:?}"),
    }
}

/// `path` (a CSV) converted to XLSX by LibreOffice headless with the French CSV import
/// filter: `;` separator (59), `"` text delimiter (34), UTF-8 (76), from line 1, French
/// locale (1036) — as a French user opening it gets it.
fn libreoffice(path: &Path, out: &Path) -> PathBuf {
    let profile = out.join("profil-libreoffice");
    let run = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--infilter=CSV:59,34,76,1,,1036",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(out)
        .arg(path)
        // The French locale is the filter's (1036): the machine's may not be installed,
        // and a missing one would garble the file's name.
        .env("LC_ALL", "C.UTF-8")
        .output()
        .expect("soffice (libreoffice-calc) is installed: scripts/setup.sh installs it");
    let converted = out.join(path.with_extension("xlsx").file_name().unwrap());
    assert!(
        converted.is_file(),
        "LibreOffice did not convert {}: {} {}",
        path.display(),
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    converted
}

#[test]
fn a5_the_sales_csv_opens_in_columns_with_amounts_as_numbers_in_french_libreoffice() {
    let (data, poney) = till();
    let velo = product(&data, "Location de vélo");
    let first = ok(
        &data,
        &[
            "till",
            "sell",
            "--line",
            &format!("{poney}:2:2026-07-05"),
            "--answer",
            "Taille ?=M",
            "--line",
            &velo,
            "--pay",
            "cash:100.00",
        ],
        DAY,
    );
    assert_eq!(first["total"], "68.00");
    let second = ok(
        &data,
        &[
            "till",
            "sell",
            "--line",
            &format!("{velo}:70"),
            "--pay",
            "card:1260.00",
        ],
        DAY,
    );
    ok(
        &data,
        &[
            "till",
            "refund",
            second["id"].as_str().unwrap(),
            "--amount",
            "1234.50",
            "--method",
            "card",
        ],
        DAY,
    );
    let third = ok(
        &data,
        &["till", "sell", "--line", &velo, "--pay", "cheque:18.00"],
        DAY,
    );
    // A reason holding the separator, quotes, accents — and one that a spreadsheet
    // would run as a formula.
    ok(
        &data,
        &[
            "till",
            "void",
            third["id"].as_str().unwrap(),
            "--reason",
            "erreur; « client » parti, dit \"non\"",
        ],
        DAY,
    );
    let fourth = ok(
        &data,
        &["till", "sell", "--line", &velo, "--pay", "cash:18.00"],
        DAY,
    );
    ok(
        &data,
        &[
            "till",
            "void",
            fourth["id"].as_str().unwrap(),
            "--reason",
            "=HYPERLINK(\"http://exemple.fr\";\"clic\")",
        ],
        DAY,
    );
    let csv = data.scratch().join("ventes été.csv");
    let done = ok(
        &data,
        &[
            "till",
            "export",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-01",
            "--csv",
            csv.to_str().unwrap(),
        ],
        DAY,
    );
    assert_eq!(done[0]["rows"], 4);
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbf"), "UTF-8 with a BOM");
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("\r\n"), "CRLF");
    assert!(text.contains(";68,00;"), "decimal commas: {text}");
    assert!(!text.contains('€'), "amounts are plain numbers: {text}");
    assert!(text.contains(";01/07/2026;12:00;"), "jj/mm/aaaa: {text}");

    let out = data.scratch().join("libreoffice");
    std::fs::create_dir_all(&out).unwrap();
    let rows = cells(&libreoffice(&csv, &out), "ventes été");
    assert_eq!(rows.len(), 5, "a title row and 4 sales: {rows:?}");
    let width = rows[0].len();
    assert!(width >= 15, "in columns, not one: {:?}", rows[0]);
    assert_eq!(rows[0][0].to_string(), "N° de vente", "accents intact");
    let total = column(&rows, "Total TTC");
    let cash = column(&rows, "Espèces");
    let refunded = column(&rows, "Remboursé");
    let reason = column(&rows, "Motif d'annulation");
    assert_eq!(rows[1][total], Data::Float(68.0), "a number: {:?}", rows[1]);
    assert_eq!(rows[1][cash], Data::Float(68.0), "cash net of the change");
    assert_eq!(rows[1][column(&rows, "Monnaie rendue")], Data::Float(32.0));
    assert_eq!(rows[1][0], Data::Float(1.0));
    assert_eq!(
        date(&rows[1][1]),
        chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
        "a real date"
    );
    assert_eq!(
        rows[2][refunded],
        Data::Float(-1234.5),
        "a negative amount stays a number"
    );
    assert_eq!(
        rows[2][total],
        Data::Float(1260.0),
        "no thousands separator"
    );
    assert!(text.contains(";1260,00;"), "{text}");
    for row in &rows[1..] {
        assert_eq!(row.len(), width, "every row in the same columns: {row:?}");
    }
    assert_eq!(
        rows[3][reason],
        Data::String("erreur; « client » parti, dit \"non\"".to_owned()),
        "the separator stays inside its cell"
    );
    match &rows[4][reason] {
        Data::String(s) => assert!(s.contains("HYPERLINK"), "{s}"),
        other => panic!("the formula was run: {other:?}"),
    }
}

#[test]
fn t7_the_sales_workbook_has_ventes_and_produits_with_the_form_answers_in_one_cell() {
    let (data, poney) = till();
    ok(
        &data,
        &[
            "till",
            "sell",
            "--line",
            &format!("{poney}:2:2026-07-05"),
            "--answer",
            "Taille ?=M; « grand »",
            "--answer",
            "Allergies ?=aucune",
            "--pay",
            "cash:50.00",
        ],
        DAY,
    );
    let xlsx = data.scratch().join("ventes.xlsx");
    ok(
        &data,
        &[
            "till",
            "export",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-31",
            "--xlsx",
            xlsx.to_str().unwrap(),
        ],
        DAY,
    );
    assert_eq!(sheet_names(&xlsx), ["VENTES", "PRODUITS"]);
    let ventes = cells(&xlsx, "VENTES");
    assert_eq!(ventes.len(), 2);
    assert_eq!(ventes[1][column(&ventes, "Total TTC")], Data::Float(50.0));
    assert_eq!(ventes[1][column(&ventes, "Canal")].to_string(), "Guichet");
    assert_eq!(ventes[1][column(&ventes, "TVA 20 %")], Data::Float(8.33));
    assert_eq!(
        date(&ventes[1][column(&ventes, "Date")]),
        chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
    );
    let produits = cells(&xlsx, "PRODUITS");
    assert_eq!(produits.len(), 2);
    let line = &produits[1];
    assert_eq!(
        line[column(&produits, "Produit")].to_string(),
        "Balade à poney (1 h)"
    );
    assert_eq!(line[column(&produits, "Quantité")], Data::Float(2.0));
    assert_eq!(
        line[column(&produits, "Prix unitaire TTC")],
        Data::Float(25.0)
    );
    assert_eq!(line[column(&produits, "Montant TTC")], Data::Float(50.0));
    assert_eq!(
        date(&line[column(&produits, "Date de l'activité")]),
        chrono::NaiveDate::from_ymd_opt(2026, 7, 5).unwrap()
    );
    assert_eq!(
        line[column(&produits, "FORMULAIRES")],
        Data::String("Taille ? : M; « grand »\nAllergies ? : aucune".to_owned()),
        "every answer of the line in one cell"
    );
    // The sale keeps its answers as asked.
    let sales = ok(&data, &["till", "sales"], DAY);
    assert_eq!(sales[0]["lines"][0]["answers"][0]["answer"], "M; « grand »");
}

#[test]
fn t7_a_sale_without_a_required_answer_is_refused_in_french() {
    let (data, poney) = till();
    let (code, message) = refused(
        &data,
        &["till", "sell", "--line", &poney, "--pay", "cash:25.00"],
        DAY,
    );
    assert_eq!(code, 2, "{message}");
    assert!(
        message.contains("« Taille ? »") && message.contains("obligatoire"),
        "{message}"
    );
    // Only the optional one answered: still refused.
    let (_, message) = refused(
        &data,
        &[
            "till",
            "sell",
            "--line",
            &poney,
            "--answer",
            "Allergies ?=aucune",
            "--pay",
            "cash:25.00",
        ],
        DAY,
    );
    assert!(message.contains("« Taille ? »"), "{message}");
    // Two lines ask the same question: the line's number says which.
    let (_, message) = refused(
        &data,
        &[
            "till",
            "sell",
            "--line",
            &poney,
            "--line",
            &poney,
            "--answer",
            "Taille ?=M",
            "--pay",
            "cash:50.00",
        ],
        DAY,
    );
    assert!(message.contains("précisez la ligne"), "{message}");
    let sale = ok(
        &data,
        &[
            "till",
            "sell",
            "--line",
            &poney,
            "--line",
            &poney,
            "--answer",
            "1:Taille ?=M",
            "--answer",
            "2:Taille ?=XL",
            "--pay",
            "cash:50.00",
        ],
        DAY,
    );
    assert_eq!(sale["lines"][0]["answers"][0]["answer"], "M");
    assert_eq!(sale["lines"][1]["answers"][0]["answer"], "XL");
    // A product without a form takes no answer.
    let velo = product(&data, "Location de vélo");
    let (_, message) = refused(
        &data,
        &[
            "till",
            "sell",
            "--line",
            &velo,
            "--answer",
            "Taille ?=M",
            "--pay",
            "cash:18.00",
        ],
        DAY,
    );
    assert!(message.contains("aucune question"), "{message}");
    // The form removed: the sale goes through without answers.
    let edited = ok(&data, &["products", "edit", &poney, "--no-questions"], DAY);
    assert_eq!(edited["questions"], serde_json::json!([]));
    ok(
        &data,
        &["till", "sell", "--line", &poney, "--pay", "cash:25.00"],
        DAY,
    );
}

fn sell_voucher(data: &DataDir, product: &str, amount: &str, now: &str) -> String {
    let sold = ok(
        data,
        &["vouchers", "sell", "--product", product, "--amount", amount],
        now,
    );
    sold["code"].as_str().unwrap().to_owned()
}

fn redeem(data: &DataDir, code: &str, now: &str) {
    ok(data, &["vouchers", "redeem", code], now);
}

#[test]
fn a8_the_voucher_report_counts_sales_and_redemptions_within_the_periods_paris_days() {
    let data = DataDir::new();
    ok(&data, &["demo"], "2026-06-01T10:00:00Z");
    let poney = product(&data, "Balade");
    let baseline = ok(
        &data,
        &[
            "vouchers",
            "report",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-31",
        ],
        "2026-06-01T10:00:00Z",
    );
    assert_eq!(
        baseline["bought_count"], 0,
        "the demo's vouchers are sold in June"
    );
    // July in Paris is UTC+2: 30/06 21:59:59 UTC is still June there, 22:00 is July.
    let june = sell_voucher(&data, &poney, "10.00", "2026-06-30T21:59:59Z");
    let first = sell_voucher(&data, &poney, "20.00", "2026-06-30T22:00:00Z");
    let last = sell_voucher(&data, &poney, "40.00", "2026-07-31T21:59:00Z");
    let august = sell_voucher(&data, &poney, "80.00", "2026-07-31T22:00:00Z");
    // Used in the period: the June one (bought before), and `first`.
    redeem(&data, &june, "2026-07-01T08:00:00Z");
    redeem(&data, &first, "2026-07-31T21:59:59Z");
    // Used after the period: `last`.
    redeem(&data, &last, "2026-07-31T22:00:00Z");
    // `august` redeemed twice: once here, and once on a till that was offline, as its
    // pulled operation is written.
    redeem(&data, &august, "2026-08-01T09:00:00Z");
    {
        let db = rusqlite::Connection::open(data.file("guichet.db")).unwrap();
        db.execute(
            "INSERT INTO voucher_events (id, code, kind, amount, forfeited, at, device_name)
             VALUES ('autre-caisse', ?1, 'redeemed', '80.00', '0.00', '2026-08-01T09:30:00+00:00', 'Caisse 2')",
            [&august],
        )
        .unwrap();
    }
    let report = ok(
        &data,
        &[
            "vouchers",
            "report",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-31",
        ],
        "2026-08-02T10:00:00Z",
    );
    assert_eq!(report["bought_count"], 2, "{report}");
    assert_eq!(report["bought_total"], "60.00");
    assert_eq!(report["used_count"], 2);
    assert_eq!(report["used_total"], "30.00");
    assert_eq!(report["difference"], "30.00");
    assert_eq!(report["unused_count"], 0, "`last` was used since");
    let listed: Vec<&str> = report["vouchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["code"].as_str().unwrap())
        .collect();
    assert_eq!(listed, [june.as_str(), first.as_str(), last.as_str()]);
    let june_line = &report["vouchers"][0];
    assert_eq!(june_line["sold_on"], "2026-06-30");
    assert_eq!(june_line["used_on"][0], "2026-07-01");
    assert_eq!(june_line["status"], "used");
    assert_eq!(june_line["balance"], "0.00");
    assert_eq!(june_line["bought_in_period"], false);
    assert_eq!(june_line["products"][0], "Balade à poney (1 h)");
    assert_eq!(june_line["method"], "espèces");
    assert_eq!(report["vouchers"][1]["sold_on"], "2026-07-01");
    assert_eq!(report["overdrawn"], serde_json::json!([]));

    // August: the voucher redeemed twice is flagged, its balance negative.
    let xlsx = data.scratch().join("bons.xlsx");
    let csv = data.scratch().join("bons.csv");
    let report = ok(
        &data,
        &[
            "vouchers",
            "report",
            "--from",
            "2026-08-01",
            "--to",
            "2026-08-31",
            "--xlsx",
            xlsx.to_str().unwrap(),
            "--csv",
            csv.to_str().unwrap(),
        ],
        "2026-08-02T10:00:00Z",
    );
    assert_eq!(report["bought_count"], 1);
    assert_eq!(report["used_count"], 3, "`last`, and `august` twice");
    assert_eq!(report["used_total"], "200.00");
    assert_eq!(report["difference"], "-120.00");
    assert_eq!(report["overdrawn"], serde_json::json!([august]));
    let flagged = report["vouchers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["code"] == august.as_str())
        .unwrap();
    assert_eq!(flagged["overdrawn"], true);
    assert_eq!(flagged["balance"], "-80.00");
    assert_eq!(
        flagged["used_at"],
        serde_json::json!(["poste principal", "Caisse 2"])
    );
    // The same figures in the workbook, as numbers.
    assert_eq!(sheet_names(&xlsx), ["BONS CADEAUX", "SYNTHÈSE"]);
    let list = cells(&xlsx, "BONS CADEAUX");
    let row = list.iter().find(|r| r[0].to_string() == august).unwrap();
    assert_eq!(row[column(&list, "Solde")], Data::Float(-80.0));
    assert_eq!(row[column(&list, "Utilisé deux fois")].to_string(), "OUI");
    let figures = cells(&xlsx, "SYNTHÈSE");
    assert_eq!(figures[0][0].to_string(), "Du 01/08/2026 au 31/08/2026");
    let used = figures.iter().find(|r| r[0] == "Bons utilisés").unwrap();
    assert_eq!(used[1], Data::Float(3.0));
    assert_eq!(used[2], Data::Float(200.0));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains(";-80,00;"), "{text}");
    // A period that ends before it starts is refused by name.
    let (code, message) = refused(
        &data,
        &[
            "vouchers",
            "report",
            "--from",
            "2026-08-31",
            "--to",
            "2026-08-01",
        ],
        DAY,
    );
    assert_eq!(code, 2);
    assert!(message.contains("inversez"), "{message}");
}

/// Every cell of every sheet of a workbook, as text.
fn workbook_text(path: &Path) -> String {
    let mut workbook: Xlsx<_> = open_workbook(path).unwrap();
    let mut text = String::new();
    for name in workbook.sheet_names() {
        for row in workbook.worksheet_range(&name).unwrap().rows() {
            for cell in row {
                text.push_str(&cell.to_string());
                text.push('\n');
            }
        }
    }
    text
}

#[test]
fn no_operator_pin_hash_device_token_or_ticket_key_reaches_an_export() {
    let (data, poney) = till();
    let pin = data.scratch().join("pin");
    std::fs::write(&pin, "9018\n").unwrap();
    ok(
        &data,
        &[
            "operators",
            "add",
            "Anne Martin",
            "--role",
            "manager",
            "--pin-file",
            pin.to_str().unwrap(),
        ],
        DAY,
    );
    let token = "jeton-secret-du-poste-9f86d081884c7d659a2feaa0c55ad015";
    std::fs::write(
        data.file("sync-token.json"),
        serde_json::json!({
            "server": "https://sync.exemple.fr",
            "provider": "01a21cee-d1ce-7386-a0c9-66cc30ebf23c",
            "provider_name": "Les Gîtes du Vallon",
            "device": "01a21cee-d1ce-7386-a0c9-66cc30ebf23d",
            "token": token,
        })
        .to_string(),
    )
    .unwrap();
    let code = sell_voucher(&data, &poney, "25.00", DAY);
    ok(
        &data,
        &[
            "till",
            "sell",
            "--line",
            &poney,
            "--answer",
            "Taille ?=S",
            "--pay",
            &format!("gift_voucher:{code}"),
        ],
        DAY,
    );
    let mut secrets = vec![token.to_owned()];
    let db = rusqlite::Connection::open(data.file("guichet.db")).unwrap();
    let hash: String = db
        .query_row("SELECT pin_hash FROM operators", [], |r| r.get(0))
        .unwrap();
    assert!(hash.len() > 20);
    secrets.push(hash);
    let keys: Value =
        serde_json::from_str(&std::fs::read_to_string(data.file("ticket-keys.json")).unwrap())
            .unwrap();
    for key in keys["keys"].as_array().unwrap() {
        secrets.push(key["secret"].as_str().unwrap().to_owned());
    }
    assert!(secrets.len() >= 3);
    let out = data.scratch();
    let mut texts = Vec::new();
    for (command, name) in [("till", "ventes"), ("vouchers", "bons")] {
        let csv = out.join(format!("{name}.csv"));
        let xlsx = out.join(format!("{name}.xlsx"));
        let mut args = vec![command];
        args.push(if command == "till" {
            "export"
        } else {
            "report"
        });
        let (csv_arg, xlsx_arg) = (csv.to_str().unwrap(), xlsx.to_str().unwrap());
        args.extend([
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-01",
            "--csv",
            csv_arg,
            "--xlsx",
            xlsx_arg,
        ]);
        ok(&data, &args, DAY);
        texts.push(std::fs::read_to_string(&csv).unwrap());
        texts.push(workbook_text(&xlsx));
    }
    assert!(
        texts[1].contains("Taille ? : S"),
        "the exports hold the sale"
    );
    assert!(texts[2].contains(&code), "the report lists the voucher");
    for text in &texts {
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "a secret in an export");
        }
        assert!(!text.contains("9018"), "the PIN itself");
    }
}
