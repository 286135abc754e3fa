//! Coming from the old tools (issue 10, item 6): their exports — CSV with `;` and a
//! byte order mark, CSV with `,`, XLSX with French headers, dates as text and as real
//! Excel dates, amounts with decimal commas — imported through the real `guichet`
//! binary on a real data dir; a voucher of the old tool then redeemed at the till by
//! the code printed on it (A9, A10, A12); malformed files refused, nothing stored.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use guichet_tests::DataDir;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

const DAY: &str = "2026-07-01T10:00:00Z";

fn demo() -> DataDir {
    let data = DataDir::new();
    let run = data.run_at(&["demo"], Some(DAY));
    assert_eq!(run.code, 0, "{}", run.stderr);
    data
}

fn write(data: &DataDir, name: &str, bytes: &[u8]) -> String {
    let path: PathBuf = data.scratch().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

fn ok(data: &DataDir, args: &[&str]) -> Value {
    data.ok_at(args, DAY)
}

fn refused(data: &DataDir, args: &[&str]) -> String {
    let run = data.run_at(args, Some(DAY));
    assert_ne!(run.code, 0, "{args:?} was accepted: {}", run.stdout);
    run.json()["error"]["message"].as_str().unwrap().to_owned()
}

fn outbox(data: &DataDir) -> usize {
    ok(data, &["outbox"]).as_array().unwrap().len()
}

/// The outcome of the row at `line`.
fn row(report: &Value, line: u64) -> &Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["line"] == line)
        .unwrap_or_else(|| panic!("no line {line} in {report}"))
}

/// The vouchers' export of an old tool: `;`, a byte order mark, CRLF, French headers,
/// decimal commas, dates written 31/12/2026.
const VOUCHERS: &str =
    "\u{feff}Code;Montant;Montant restant;Date de fin de validité;Prestation;Statut\r\n\
kdo 2026 0042;50,00;35,50;31/12/2026;Balade à poney (1 h);Actif\r\n\
KDO-0043;20,00;20,00;01/01/2026;;Actif\r\n\
KDO-0044;30,00;0,00;31/12/2026;;Actif\r\n\
KDO-0045;15,00;15,00;31/12/2026;Parapente;Actif\r\n\
KDO-0046;1 100,00;1 100,00 €;2027-12-31;;Actif\r\n\
KDO-0047;25,00;25,00;31/12/2026;;Utilisé\r\n";

#[test]
fn a9_a12_vouchers_still_valid_are_imported_once_and_the_rest_refused_with_the_reason() {
    let data = demo();
    let file = write(&data, "bons.csv", VOUCHERS.as_bytes());
    let before = outbox(&data);
    let vouchers = ok(&data, &["vouchers"]).as_array().unwrap().len();
    // The dry run: the columns found, the first rows as read, what would be refused.
    let dry = ok(&data, &["import", "vouchers", &file, "--dry-run"]);
    assert_eq!(dry["dry_run"], true);
    let columns: Vec<(String, Value)> = dry["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["field"].as_str().unwrap().to_owned(), c["column"].clone()))
        .collect();
    assert!(columns.contains(&("montant".into(), "Montant restant".into())));
    assert!(columns.contains(&("fin_validite".into(), "Date de fin de validité".into())));
    assert_eq!(dry["preview"][0]["line"], 2);
    assert_eq!(dry["preview"][0]["values"][0], "kdo 2026 0042");
    assert_eq!(
        (dry["imported"].clone(), dry["refused"].clone()),
        (2.into(), 4.into())
    );
    assert_eq!(outbox(&data), before, "a dry run stores nothing");
    assert_eq!(ok(&data, &["vouchers"]).as_array().unwrap().len(), vouchers);

    let report = ok(&data, &["import", "vouchers", &file]);
    assert_eq!(report["read"], 6);
    assert_eq!(report["imported"], 2, "{report}");
    assert_eq!(row(&report, 2)["status"], "imported");
    let expired = row(&report, 3);
    assert_eq!(expired["status"], "refused");
    assert_eq!(expired["column"], "Date de fin de validité");
    assert!(expired["reason"]
        .as_str()
        .unwrap()
        .contains("expiré le 01/01/2026"));
    assert!(row(&report, 4)["reason"]
        .as_str()
        .unwrap()
        .contains("plus rien"));
    let unknown = row(&report, 5);
    assert_eq!(unknown["column"], "Prestation");
    assert!(unknown["reason"]
        .as_str()
        .unwrap()
        .contains("« Parapente » inconnu"));
    assert!(row(&report, 7)["reason"]
        .as_str()
        .unwrap()
        .contains("Utilisé"));
    assert_eq!(
        outbox(&data),
        before + 2,
        "one operation per voucher imported"
    );

    // A12: its product, found by name; A9: its last day kept.
    let kept = ok(&data, &["vouchers", "show", "KDO20260042"]);
    assert_eq!(kept["amount"], "35.50");
    assert_eq!(kept["valid_until"], "2026-12-31");
    assert_eq!(kept["status"], "valid");
    assert_eq!(kept["method"], "imported");
    assert_eq!(kept["product_names"][0], "Balade à poney (1 h)");
    assert_eq!(
        ok(&data, &["vouchers", "show", "kdo-0046"])["amount"],
        "1100.00"
    );

    // Imported again: nothing twice.
    let again = ok(&data, &["import", "vouchers", &file]);
    assert_eq!(
        (again["imported"].clone(), again["already"].clone()),
        (0.into(), 2.into())
    );
    assert_eq!(outbox(&data), before + 2);
    assert_eq!(
        ok(&data, &["vouchers"]).as_array().unwrap().len(),
        vouchers + 2
    );
}

#[test]
fn a10_an_imported_voucher_pays_at_the_till_by_its_old_code_once() {
    let data = demo();
    let file = write(&data, "bons.csv", VOUCHERS.as_bytes());
    ok(&data, &["import", "vouchers", &file]);
    // Any case, any spaces: the code as the old tool printed it.
    let paid = ok(
        &data,
        &["vouchers", "redeem", "Kdo 2026 0042", "--cart", "50.00"],
    );
    assert_eq!(paid["redeemed"], "35.50");
    assert_eq!(paid["rest"], "14.50");
    assert_eq!(paid["unconfirmed"], false);
    // A10: once.
    let again = refused(&data, &["vouchers", "redeem", "KDO20260042"]);
    assert!(again.contains("déjà utilisé"), "{again}");
    // Its balance is the sum of its ledger: imported 35,50, redeemed 35,50.
    let used = ok(&data, &["vouchers", "show", "kdo20260042"]);
    assert_eq!(used["status"], "used");
    assert_eq!(used["balance"], "0.00");
    let events: Vec<&str> = used["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["imported", "redeemed"]);

    // At the till, in a cart: the voucher without products pays any line.
    let line = data.product("Balade", DAY);
    let sale = ok(
        &data,
        &[
            "till",
            "sell",
            "--line",
            &line,
            "--pay",
            "gift_voucher:kdo-0046",
            "--accept-loss",
        ],
    );
    assert_eq!(sale["payments"][0]["method"], "gift_voucher", "{sale}");
    let second = refused(
        &data,
        &[
            "till",
            "sell",
            "--line",
            &line,
            "--pay",
            "gift_voucher:KDO-0046",
        ],
    );
    assert!(second.contains("déjà utilisé"), "{second}");

    // A code nobody imported is still refused as before.
    let unknown = refused(&data, &["vouchers", "redeem", "KDO-9999"]);
    assert!(
        unknown.contains("n'est pas un code de bon cadeau lisible"),
        "{unknown}"
    );
    // A8: a voucher of the old tool was bought there, not in this period: only the
    // demo's own three sales count as bought; both imported ones count as used.
    let report = ok(
        &data,
        &[
            "vouchers",
            "report",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-01",
        ],
    );
    assert_eq!(report["bought_count"], 3, "{report}");
    assert_eq!(report["used_count"], 2, "{report}");
    for line in report["vouchers"].as_array().unwrap() {
        let imported = line["method"] == "imported";
        assert_eq!(line["bought_in_period"], !imported, "{line}");
    }
}

/// The bookings' export of an old tool as an XLSX workbook: French headers, an arrival
/// written as text (dd/mm/yyyy) or as a real Excel date, a departure instead of the
/// nights, amounts as text with a decimal comma or as numbers.
fn bookings_xlsx(unit: &str, other_unit: &str, overlap_day: (u16, u8, u8)) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let header = [
        "N° de réservation",
        "Hébergement",
        "Date d'arrivée",
        "Nuits",
        "Date de départ",
        "Nom",
        "Prénom",
        "E-mail",
        "Téléphone",
        "Montant total",
    ];
    for (c, h) in (0u16..).zip(header) {
        sheet.write_string(0, c, h).unwrap();
    }
    // Line 2: arrival as text, nights, amount with a decimal comma.
    for (c, v) in (0u16..).zip([
        "R-1001",
        unit,
        "12/09/2026",
        "3",
        "",
        "Dupont",
        "Marie",
        "marie.dupont@exemple.fr",
        "",
        "1 234,50",
    ]) {
        if !v.is_empty() {
            sheet.write_string(1, c, v).unwrap();
        }
    }
    // Line 3: arrival and departure as real Excel dates, the price a number.
    sheet.write_string(2, 0, "R-1002").unwrap();
    sheet.write_string(2, 1, unit).unwrap();
    let arrival = ExcelDateTime::from_ymd(2026, 10, 3).unwrap();
    let departure = ExcelDateTime::from_ymd(2026, 10, 10).unwrap();
    sheet
        .write_datetime_with_format(2, 2, &arrival, &date)
        .unwrap();
    sheet
        .write_datetime_with_format(2, 4, &departure, &date)
        .unwrap();
    sheet.write_string(2, 5, "Martin").unwrap();
    sheet.write_string(2, 8, "06 12 34 56 78").unwrap();
    sheet.write_number(2, 9, 640.5).unwrap();
    // Line 4: an unknown unit.
    sheet.write_string(3, 0, "R-1003").unwrap();
    sheet.write_string(3, 1, "Cabane perchée").unwrap();
    sheet.write_string(3, 2, "12/09/2026").unwrap();
    sheet.write_number(3, 3, 2.0).unwrap();
    sheet.write_string(3, 5, "Roux").unwrap();
    sheet.write_string(3, 7, "roux@exemple.fr").unwrap();
    sheet.write_string(3, 9, "100,00").unwrap();
    // Line 5: dates over a booking the data dir already has.
    let (y, m, d) = overlap_day;
    sheet.write_string(4, 0, "R-1004").unwrap();
    sheet.write_string(4, 1, other_unit).unwrap();
    sheet
        .write_datetime_with_format(4, 2, ExcelDateTime::from_ymd(y, m, d).unwrap(), &date)
        .unwrap();
    sheet.write_number(4, 3, 2.0).unwrap();
    sheet.write_string(4, 5, "Lefèvre").unwrap();
    sheet.write_string(4, 7, "lefevre@exemple.fr").unwrap();
    sheet.write_string(4, 9, "300,00").unwrap();
    // Line 6: no way to reach the guest.
    sheet.write_string(5, 0, "R-1005").unwrap();
    sheet.write_string(5, 1, unit).unwrap();
    sheet.write_string(5, 2, "20/11/2026").unwrap();
    sheet.write_number(5, 3, 2.0).unwrap();
    sheet.write_string(5, 5, "Sans Contact").unwrap();
    sheet.write_string(5, 9, "100,00").unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn p8_bookings_of_an_xlsx_export_are_imported_by_unit_name_and_overlaps_refused() {
    let data = demo();
    let bookings = ok(&data, &["bookings"]);
    let units = ok(&data, &["units"]);
    let first = &bookings.as_array().unwrap()[0];
    let busy_unit = units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == first["unit"])
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let start: chrono::NaiveDate = first["start"].as_str().unwrap().parse().unwrap();
    use chrono::Datelike;
    let day = (
        u16::try_from(start.year()).unwrap(),
        u8::try_from(start.month()).unwrap(),
        u8::try_from(start.day()).unwrap(),
    );
    let unit = "Grand Gîte de la Source";
    let file = write(
        &data,
        "reservations.xlsx",
        &bookings_xlsx(unit, &busy_unit, day),
    );
    let count = |data: &DataDir| ok(data, &["bookings"]).as_array().unwrap().len();
    let before = count(&data);

    let dry = ok(&data, &["import", "bookings", &file, "--dry-run"]);
    assert_eq!(dry["imported"], 2, "{dry}");
    assert_eq!(
        dry["preview"][1]["values"][1], "2026-10-03",
        "a real date, read as a day"
    );
    assert_eq!(count(&data), before, "a dry run stores nothing");

    let report = ok(&data, &["import", "bookings", &file]);
    assert_eq!(
        (report["imported"].clone(), report["refused"].clone()),
        (2.into(), 3.into())
    );
    let unknown = row(&report, 4);
    assert_eq!(unknown["column"], "Hébergement");
    assert!(unknown["reason"]
        .as_str()
        .unwrap()
        .contains("« Cabane perchée » inconnu"));
    let overlap = row(&report, 5);
    assert_eq!(overlap["column"], "Date d'arrivée");
    assert!(
        overlap["reason"].as_str().unwrap().contains("chevauchent"),
        "{overlap}"
    );
    assert!(row(&report, 6)["reason"]
        .as_str()
        .unwrap()
        .contains("e-mail ou un téléphone"));

    let all = ok(&data, &["bookings"]);
    let find = |guest: &str| {
        all.as_array()
            .unwrap()
            .iter()
            .find(|b| b["guest"] == guest)
            .unwrap_or_else(|| panic!("no booking of {guest}"))
            .clone()
    };
    let marie = find("Marie Dupont");
    assert_eq!(
        (
            marie["start"].clone(),
            marie["nights"].clone(),
            marie["total"].clone()
        ),
        ("2026-09-12".into(), 3.into(), "1234.50".into())
    );
    let martin = find("Martin");
    assert_eq!(
        (
            martin["start"].clone(),
            martin["nights"].clone(),
            martin["total"].clone()
        ),
        ("2026-10-03".into(), 7.into(), "640.50".into())
    );
    assert_eq!(martin["phone"], "06 12 34 56 78");

    // Again: nothing twice (known by their reference), nothing refused for overlapping
    // themselves.
    let again = ok(&data, &["import", "bookings", &file]);
    assert_eq!(
        (again["imported"].clone(), again["already"].clone()),
        (0.into(), 2.into())
    );
    assert_eq!(count(&data), before + 2);
}

#[test]
fn p1_tariffs_of_a_comma_separated_export_are_imported_once() {
    let data = demo();
    let text = "Hébergement,Début,Nuits,Prix\n\
                Roulotte des Prés,2027-09-04,7,\"420,00\"\n\
                Roulotte des Prés,05/09/2027,1,65.5\n\
                Roulotte des Prés,05/09/2027,0,65\n";
    let file = write(&data, "tarifs.csv", text.as_bytes());
    let report = ok(&data, &["import", "tariffs", &file]);
    assert_eq!(report["imported"], 2, "{report}");
    let zero = row(&report, 4);
    assert_eq!(zero["status"], "refused");
    assert_eq!(zero["column"], "Nuits");
    let unit = ok(&data, &["units"])
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "Roulotte des Prés")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let quote = ok(
        &data,
        &[
            "price",
            "--unit",
            &unit,
            "--from",
            "2027-09-04",
            "--nights",
            "7",
        ],
    );
    assert_eq!(quote["total"], "420.00", "{quote}");
    let again = ok(&data, &["import", "tariffs", &file]);
    assert_eq!(
        (again["imported"].clone(), again["already"].clone()),
        (0.into(), 2.into())
    );
}

/// The customers' file of an old tool (XLSX, its own column names mapped by hand):
/// found again by e-mail, else by name and phone; a customer with no way to reach them
/// refused; a changed address changes only that customer at the next import.
#[test]
fn b2_the_customers_file_is_imported_found_again_and_updated_once() {
    let data = DataDir::new();
    let build = |second_street: &str| {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let rows = [
            [
                "Titre", "Prénom", "Nom", "Rue", "CP", "Ville", "Mail", "Portable",
            ],
            [
                "Mme",
                "Marie",
                "Dupont",
                "12 rue des Lilas",
                "24200",
                "Sarlat",
                "marie@exemple.fr",
                "",
            ],
            [
                "M.",
                "Éric",
                "Lefèvre",
                second_street,
                "24000",
                "Périgueux",
                "",
                "06 12 34 56 78",
            ],
            ["", "Jean", "Sansnouvelles", "", "", "", "", ""],
            ["", "", "", "", "", "", "sans-nom@exemple.fr", ""],
        ];
        for (r, values) in rows.iter().enumerate() {
            for (c, v) in values.iter().enumerate() {
                sheet
                    .write_string(u32::try_from(r).unwrap(), u16::try_from(c).unwrap(), *v)
                    .unwrap();
            }
        }
        book.save_to_buffer().unwrap()
    };
    let file = write(&data, "clients.xlsx", &build("5 quai Bugeaud"));
    let map = ["--map", "adresse=Rue", "--map", "telephone=Portable"];
    let mut args = vec!["import", "customers", file.as_str(), "--dry-run"];
    args.extend_from_slice(&map);
    let trial = ok(&data, &args);
    assert_eq!(trial["imported"], 2, "{trial}");
    assert!(ok(&data, &["customers"]).as_array().unwrap().is_empty());
    args.retain(|a| *a != "--dry-run");
    let report = ok(&data, &args);
    assert_eq!(
        (report["imported"].clone(), report["refused"].clone()),
        (2.into(), 2.into()),
        "{report}"
    );
    assert!(
        row(&report, 4)["reason"]
            .as_str()
            .unwrap()
            .contains("e-mail ou un téléphone"),
        "{report}"
    );
    assert_eq!(row(&report, 5)["status"], "refused");
    let found = ok(&data, &["customers", "--search", "LEFEVRE"]);
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0]["name"], "Éric Lefèvre");
    assert_eq!(found[0]["customer"]["title"], "M.");
    assert_eq!(
        found[0]["customer"]["address"],
        "5 quai Bugeaud\n24000 Périgueux"
    );
    assert_eq!(
        ok(&data, &["customers", "--search", "5678"])[0]["name"],
        "Éric Lefèvre"
    );
    // The same file again: nothing; his new address: only him, the same entry.
    let again = ok(&data, &args);
    assert_eq!(
        (again["imported"].clone(), again["already"].clone()),
        (0.into(), 2.into())
    );
    let moved = write(&data, "clients.xlsx", &build("9 rue Taillefer"));
    assert_eq!(moved, file);
    let third = ok(&data, &args);
    assert_eq!(
        (third["imported"].clone(), third["already"].clone()),
        (1.into(), 1.into()),
        "{third}"
    );
    let all = ok(&data, &["customers"]);
    assert_eq!(all.as_array().unwrap().len(), 2, "{all}");
    assert_eq!(
        all[0]["customer"]["address"],
        "9 rue Taillefer\n24000 Périgueux"
    );
    assert_eq!(all[0]["id"], found[0]["id"]);
}

#[test]
fn malformed_exports_are_refused_with_a_clear_message_and_nothing_stored() {
    let data = demo();
    let before = outbox(&data);
    // Windows-1252 (« é » as one byte): the line named, what to do said.
    let latin1 = write(
        &data,
        "latin1.csv",
        b"Code;Montant;Date de fin de validit\xe9\nKDO-1;10,00;31/12/2026\n",
    );
    let message = refused(&data, &["import", "vouchers", &latin1]);
    assert!(
        message.contains("ligne 1") && message.contains("UTF-8"),
        "{message}"
    );
    // A missing column: named, with the mapping that would replace it.
    let missing = write(
        &data,
        "sans_date.csv",
        "Code;Montant\nKDO-1;10,00\n".as_bytes(),
    );
    let message = refused(&data, &["import", "vouchers", &missing]);
    assert!(
        message.contains("« fin_validite »")
            && message.contains("désignez celle qui la remplace : fin_validite=Nom de la colonne (ici : --map fin_validite=\"Nom de la colonne\")")
            && message.contains("colonnes du fichier : « Code », « Montant »"),
        "{message}"
    );
    // A binary file, an old .xls: refused by their bytes.
    let png = write(&data, "image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    let message = refused(&data, &["import", "bookings", &png]);
    assert!(
        message.contains("ni un CSV ni un classeur XLSX"),
        "{message}"
    );
    let xls = write(
        &data,
        "vieux.xls",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00",
    );
    let message = refused(&data, &["import", "bookings", &xls]);
    assert!(message.contains(".xlsx"), "{message}");
    // A torn XLSX (a ZIP cut short).
    let torn = write(&data, "coupe.xlsx", b"PK\x03\x04\x14\x00\x00\x00");
    let message = refused(&data, &["import", "bookings", &torn]);
    assert!(message.contains("ne peut pas être lu"), "{message}");
    // A mapping naming a column the file does not have.
    let other = write(
        &data,
        "autre.csv",
        "N° du bon;Reste;Expire le\nKDO-1;10,00;31/12/2026\n".as_bytes(),
    );
    let message = refused(
        &data,
        &["import", "vouchers", &other, "--map", "code=Numéro"],
    );
    assert!(message.contains("« Numéro »"), "{message}");
    assert_eq!(outbox(&data), before, "nothing stored");
    // The right mapping reads it.
    let report = ok(
        &data,
        &[
            "import",
            "vouchers",
            &other,
            "--map",
            "code=N° du bon",
            "--map",
            "fin_validite=Expire le",
        ],
    );
    assert_eq!(report["imported"], 1, "{report}");
}
