//! The paperwork's inputs under attack (issue 10, hostile pass): the real `guichet`
//! binary on a real data dir, fed what an old tool's export, a channel's calendar or a
//! hurried person can produce — invalid UTF-8, a zip bomb as a workbook, absurd
//! amounts and dates, a 10 MB calendar line, a truncated database — each refused with
//! a French message and exit code 1 or 2, never a panic nor a hang; and `invoices
//! issue` killed with SIGKILL at every moment of its life loses no number and takes
//! none twice (B3). The whole census, with counts, is `scripts/hostile-paperwork.py`
//! (docs/hostile-paperwork.md).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use guichet_tests::{guichet_bin, DataDir, Run};
use serde_json::Value;

const NOW: &str = "2026-06-01T10:00:00Z";
const UNIT: &str = "Gîte des Lilas";

fn setup() -> (DataDir, String) {
    let d = DataDir::new();
    let unit = d.ok_at(&["units", "add", "--name", UNIT, "--capacity", "4"], NOW)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (d, unit)
}

fn file(d: &DataDir, name: &str, bytes: &[u8]) -> String {
    let path: PathBuf = d.scratch().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

/// A run refused in French: exit 1 or 2, a message on stderr with no English or Rust
/// text in it; the message.
fn refused_in_french(run: &Run, what: &str) -> String {
    assert!(
        run.code == 1 || run.code == 2,
        "{what}: exit {} (stdout {})",
        run.code,
        run.stdout
    );
    let message = run.stderr.trim().to_owned();
    assert!(message.starts_with("Erreur"), "{what}: {message}");
    for raw in [
        "panicked",
        "error:",
        "Error",
        "invalid",
        "expected",
        "Zip",
        "EOCD",
        "UTF8",
        "Utf8",
        "serde",
        "SQLite error",
        "thread",
    ] {
        assert!(!message.contains(raw), "{what}: « {raw} » in {message}");
    }
    message
}

fn text_run(d: &DataDir, args: &[&str]) -> Run {
    d.run_text(args, &[("GUICHET_NOW", NOW)])
}

/// A minimal XLSX workbook whose one sheet is `sheet` (its XML), made with Python's
/// zipfile (as the SMTP tests use python3): `inflate` repeats `row` that many times.
fn xlsx_with(d: &DataDir, name: &str, row: &str, inflate: usize) -> String {
    let path = d.scratch().join(name);
    let script = r#"
import sys, zipfile
path, row, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    z.writestr('_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="' + rel + '/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr('xl/workbook.xml', '<?xml version="1.0"?><workbook ' + ns + ' xmlns:r="' + rel + '"><sheets><sheet name="F" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="' + rel + '/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    head = '<row><c t="inlineStr"><is><t>Code</t></is></c><c t="inlineStr"><is><t>Montant restant</t></is></c><c t="inlineStr"><is><t>Date de fin de validité</t></is></c></row>'
    with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as f:
        f.write(('<?xml version="1.0"?><worksheet ' + ns + '><sheetData>' + head).encode())
        chunk = (row * 1000).encode()
        for _ in range(count // 1000):
            f.write(chunk)
        f.write((row * (count % 1000)).encode())
        f.write(b'</sheetData></worksheet>')
"#;
    let status = Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .arg(row)
        .arg(inflate.to_string())
        .status()
        .expect("python3");
    assert!(status.success());
    path.display().to_string()
}

/// A workbook of a few hundred kilobytes that inflates to 300 MB is refused before
/// it is read, in seconds, in French; a truncated workbook too, without the reader's
/// English words.
#[test]
fn import_a_zip_bomb_or_a_truncated_workbook_is_refused_in_french_quickly() {
    let (d, _) = setup();
    let row = r#"<row><c t="inlineStr"><is><t>KDO</t></is></c><c t="n"><v>10</v></c></row>"#;
    let bomb = xlsx_with(&d, "bombe.xlsx", row, 300 * 1024 * 1024 / row.len());
    assert!(std::fs::metadata(&bomb).unwrap().len() < 2 * 1024 * 1024);
    let start = Instant::now();
    let run = text_run(&d, &["import", "vouchers", &bomb, "--dry-run"]);
    let message = refused_in_french(&run, "zip bomb");
    assert!(message.contains("décompressé"), "{message}");
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );

    let good = xlsx_with(
        &d,
        "bons.xlsx",
        r#"<row><c t="inlineStr"><is><t>KDO-1</t></is></c><c t="inlineStr"><is><t>10,00</t></is></c><c t="inlineStr"><is><t>31/12/2026</t></is></c></row>"#,
        1,
    );
    let report = d.ok_at(&["import", "vouchers", &good, "--dry-run"], NOW);
    assert_eq!(report["imported"], 1, "{report}");
    let bytes = std::fs::read(&good).unwrap();
    for (name, cut) in [("moitie.xlsx", bytes.len() / 2), ("debut.xlsx", 10)] {
        let path = file(&d, name, &bytes[..cut]);
        let run = text_run(&d, &["import", "vouchers", &path]);
        let message = refused_in_french(&run, name);
        assert!(message.contains("ne peut pas être lu"), "{message}");
    }
}

/// Absurd amounts and dates in an export are refused row by row, each with its line,
/// its column and a French reason; nothing is imported. A tab-separated export and a
/// `,` export with a byte order mark are read.
#[test]
fn import_absurd_amounts_and_dates_are_refused_row_by_row_and_odd_separators_read() {
    let (d, _) = setup();
    let amounts = [
        "1e30",
        "NaN",
        "inf",
        "99999999999999999999999",
        "12,345",
        "1,5,5",
        "0x10",
        "−5,00",
        "١٠",
        "€",
        "-0",
        "0",
    ];
    let dates = [
        "0000-00-00",
        "9999-12-31",
        "31/02/2026",
        "2026-13-01",
        "1e30",
        "45000",
        "1900-01-01",
    ];
    let mut csv = String::from("Code;Montant restant;Date de fin de validité\n");
    for (i, a) in amounts.iter().enumerate() {
        csv.push_str(&format!("KDO-A{i};{a};31/12/2026\n"));
    }
    for (i, day) in dates.iter().enumerate() {
        csv.push_str(&format!("KDO-D{i};10,00;{day}\n"));
    }
    let path = file(&d, "absurde.csv", csv.as_bytes());
    let report = d.ok_at(&["import", "vouchers", &path], NOW);
    assert_eq!(report["imported"], 0, "{report}");
    assert_eq!(
        report["refused"].as_u64().unwrap() as usize,
        amounts.len() + dates.len()
    );
    for row in report["rows"].as_array().unwrap() {
        let reason = row["reason"].as_str().unwrap();
        assert!(
            reason.contains("n'est pas un montant")
                || reason.contains("n'est pas une date")
                || reason.contains("plus rien sur ce bon"),
            "{row}"
        );
        assert!(row["column"].is_string(), "{row}");
    }
    assert!(d.ok_at(&["vouchers"], NOW).as_array().unwrap().is_empty());

    for (name, text) in [
        ("tab.csv", "\u{feff}Code\tMontant restant\tDate de fin de validité\r\nKDO-T\t10,00\t31/12/2026\r\n"),
        ("virgule.csv", "\u{feff}Code,Montant restant,Date de fin de validité\r\nKDO-V,\"10,00\",31/12/2026\r\n"),
    ] {
        let path = file(&d, name, text.as_bytes());
        let report = d.ok_at(&["import", "vouchers", &path, "--dry-run"], NOW);
        assert_eq!(report["imported"], 1, "{name}: {report}");
    }
    // A header naming one field twice is ambiguous: refused, naming it.
    let path = file(
        &d,
        "double.csv",
        "Code;Montant restant;Date de fin de validité;Code\nKDO-1;10,00;31/12/2026;KDO-2\n"
            .as_bytes(),
    );
    let message = refused_in_french(&text_run(&d, &["import", "vouchers", &path]), "two codes");
    assert!(message.contains("Code"), "{message}");
    // A 1 MB cell is refused, and the preview does not echo it whole.
    let huge = format!(
        "Code;Montant restant;Date de fin de validité\n{};10,00;31/12/2026\n",
        "A".repeat(1_000_000)
    );
    let path = file(&d, "cellule.csv", huge.as_bytes());
    let run = d.run_at(&["import", "vouchers", &path, "--dry-run"], Some(NOW));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.len() < 10_000,
        "the preview printed {} bytes",
        run.stdout.len()
    );
    assert_eq!(run.json()["refused"], 1);
}

/// Templates: invalid UTF-8, nested or unclosed braces, a 50 MB file — refused in
/// French, nothing saved (T6).
#[test]
fn t6_templates_fed_garbage_are_refused_in_french_and_nothing_is_saved() {
    let (d, _) = setup();
    let before = d.ok_at(&["templates", "show", "confirmation"], NOW);
    let cases: [(&str, Vec<u8>); 6] = [
        ("utf8.txt", b"Bonjour \xff\xfe {ContactNom}".to_vec()),
        ("imbrique.txt", b"Bonjour {{ContactNom}}".to_vec()),
        ("ouvert.txt", b"Bonjour {ContactNom".to_vec()),
        (
            "profond.txt",
            format!("{}ContactNom{}", "{".repeat(10_000), "}".repeat(10_000)).into_bytes(),
        ),
        ("binaire.txt", (0..=255u8).cycle().take(25_600).collect()),
        ("enorme.txt", vec![b'A'; 50_000_000]),
    ];
    for (name, bytes) in cases {
        let path = file(&d, name, &bytes);
        let run = text_run(&d, &["templates", "set", "confirmation", "--file", &path]);
        refused_in_french(&run, name);
    }
    assert_eq!(d.ok_at(&["templates", "show", "confirmation"], NOW), before);
}

/// iCal: a truncated feed, binary bytes, an empty file — refused in French (B4); a
/// 10 MB line read in time, blocking nothing.
#[test]
fn b4_a_truncated_or_binary_calendar_is_refused_in_french_and_a_10_mb_line_blocks_nothing() {
    let (d, unit) = setup();
    let good = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//FR\r\nBEGIN:VEVENT\r\nUID:a@b\r\n\
                DTSTART;VALUE=DATE:20260710\r\nDTEND;VALUE=DATE:20260713\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let long = format!(
        "BEGIN:VCALENDAR\r\nX-LONG:{}\r\nEND:VCALENDAR\r\n",
        "A".repeat(10_000_000)
    );
    let cases: [(&str, Vec<u8>); 4] = [
        ("moitie.ics", good.as_bytes()[..good.len() / 2].to_vec()),
        ("binaire.ics", (0..=255u8).cycle().take(1_000_000).collect()),
        ("ligne.ics", long.into_bytes()),
        ("vide.ics", Vec::new()),
    ];
    for (name, bytes) in cases {
        let path = file(&d, name, &bytes);
        let start = Instant::now();
        let run = text_run(&d, &["ical", "import", "--unit", &unit, &path]);
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{name}: {:?}",
            start.elapsed()
        );
        if name == "ligne.ics" {
            // A long property (an inline attachment, a description) is legal iCalendar:
            // read and ignored, no night blocked.
            assert_eq!(run.code, 0, "{}", run.stderr);
            assert!(run.stdout.contains("0 nuits bloquées"), "{}", run.stdout);
            continue;
        }
        refused_in_french(&run, name);
    }
    let path = file(&d, "bon.ics", good.as_bytes());
    d.ok_at(&["ical", "import", "--unit", &unit, &path], NOW);
}

/// A truncated database: every paperwork command says so in French (exit 1 or 2),
/// none panics.
#[test]
fn a_truncated_database_gets_a_french_error_from_every_paperwork_command() {
    let (d, _) = setup();
    d.ok_at(&["invoices"], NOW);
    let db = d.file("guichet.db");
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let size = std::fs::metadata(&db).unwrap().len();
    let ics = file(&d, "c.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
    let csv = file(
        &d,
        "v.csv",
        "Code;Montant restant;Date de fin de validité\nK;1;31/12/2026\n".as_bytes(),
    );
    for cut in [size / 2, 100] {
        let f = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
        f.set_len(cut).unwrap();
        drop(f);
        for args in [
            vec!["invoices", "verify"],
            vec!["invoices"],
            vec!["mail", "queue"],
            vec!["templates", "list"],
            vec!["import", "vouchers", csv.as_str()],
            vec!["ical", "import", "--unit", UNIT, ics.as_str()],
            vec!["guests", "export", "--name", "Marie Dupont"],
        ] {
            let run = text_run(&d, &args);
            refused_in_french(&run, &format!("{args:?} on {cut} bytes"));
        }
    }
}

fn invoice_numbers(d: &DataDir) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(d.file("guichet.db")).unwrap();
    conn.busy_timeout(Duration::from_secs(10)).unwrap();
    let mut s = conn
        .prepare("SELECT number, booking_id FROM invoices ORDER BY seq")
        .unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// B3 under SIGKILL: `invoices issue` processes killed at moments spread over their
/// life. After each kill the invoices are numbered 1..n with no gap and no number
/// twice, no booking has two invoices, each invoice has its operation, and `invoices
/// verify` is ok; at the end every booking is invoiced, the numbers still consecutive.
#[test]
fn b3_invoices_issue_killed_with_sigkill_loses_no_number_and_takes_none_twice() {
    let (d, _) = setup();
    // `GUICHET_INVOICE_KILLS=120` for a longer run (the dates stay in 2027–2099).
    let bookings_wanted: usize = std::env::var("GUICHET_INVOICE_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16);
    let bookings_wanted = bookings_wanted.clamp(1, 800);
    let mut csv = String::from("Hébergement;Date d'arrivée;Nuits;Nom;E-mail;Prix\n");
    for i in 0..bookings_wanted {
        // One stay a month, never two on the same nights.
        let (year, month) = (2027 + i / 12, i % 12 + 1);
        csv.push_str(&format!(
            "{UNIT};{year}-{month:02}-01;3;Client {i};client{i}@exemple.fr;300,00\n"
        ));
    }
    let path = file(&d, "sejours.csv", csv.as_bytes());
    let report = d.ok_at(&["import", "bookings", &path], NOW);
    assert_eq!(report["imported"], bookings_wanted, "{report}");
    let bookings: Vec<String> = d
        .ok_at(&["bookings"], NOW)
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(bookings.len(), bookings_wanted);

    let check = |d: &DataDir| -> usize {
        let numbers = invoice_numbers(d);
        for (i, (number, _)) in numbers.iter().enumerate() {
            let seq: usize = number.rsplit('-').next().unwrap().parse().unwrap();
            assert_eq!(seq, i + 1, "a gap or a number twice: {numbers:?}");
        }
        let booked: BTreeSet<&String> = numbers.iter().map(|(_, b)| b).collect();
        assert_eq!(
            booked.len(),
            numbers.len(),
            "a booking invoiced twice: {numbers:?}"
        );
        let ops = d.ok_at(&["outbox"], NOW);
        let issued = ops
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["kind"] == "invoice_issued")
            .count();
        assert_eq!(issued, numbers.len(), "each invoice has its operation");
        let verify = d.run_at(&["invoices", "verify"], Some(NOW));
        assert_eq!(verify.code, 0, "{}", verify.stdout);
        assert_eq!(verify.json()["ok"], true);
        numbers.len()
    };

    let mut killed = 0;
    for (i, booking) in bookings.iter().enumerate() {
        let mut child = Command::new(guichet_bin())
            .args([
                "--data-dir",
                &d.path(),
                "--json",
                "invoices",
                "issue",
                "--booking",
                booking,
            ])
            .env("GUICHET_NOW", NOW)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Moments spread from the start of the process to past its commit.
        std::thread::sleep(Duration::from_millis(15 * (i % 16) as u64));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();
        check(&d);
    }
    assert!(killed > 0, "no process was killed before it ended");
    // Whatever was left is invoiced now, after the last number.
    let before = check(&d);
    eprintln!(
        "{bookings_wanted} invoices issue, {killed} killed with SIGKILL, {before} invoices stored \
         at the end of the kills, verify ok after each"
    );
    let invoiced: BTreeSet<String> = invoice_numbers(&d).into_iter().map(|(_, b)| b).collect();
    for booking in &bookings {
        if !invoiced.contains(booking) {
            let issued: Value = d.ok_at(&["invoices", "issue", "--booking", booking], NOW);
            assert!(issued["number"].is_string());
        }
    }
    assert_eq!(check(&d), bookings_wanted);
    assert!(before <= bookings_wanted);
}
