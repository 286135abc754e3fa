//! Invoices and credit notes end to end (B1, B2, B3): the real `guichet` binary on a
//! real SQLite data dir, the real `guichet-sync` server process for the series, PDFs
//! read back with `pdftotext`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use guichet_tests::paperwork::book_week_at;
use guichet_tests::sync_device::{sqlite_server, Device};
use guichet_tests::{guichet_bin, DataDir};
use serde_json::Value;

const NOW: &str = "2026-06-01T10:00:00Z";

fn ok(d: &DataDir, args: &[&str]) -> Value {
    d.ok_at(args, NOW)
}

fn unit(d: &DataDir) -> String {
    ok(
        d,
        &[
            "units",
            "add",
            "--name",
            "Gîte des Lilas",
            "--capacity",
            "4",
        ],
    )["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn book(d: &DataDir, unit: &str, from: &str, guest: &str) -> String {
    book_week_at(d, NOW, unit, from, &["--name", guest])
}

fn issue(d: &DataDir, booking: &str) -> Value {
    ok(d, &["invoices", "issue", "--booking", booking])
}

fn pdf_bytes(d: &DataDir, invoice: &str, name: &str) -> Vec<u8> {
    let out = d.scratch().join(name);
    let out_arg = out.display().to_string();
    ok(d, &["invoices", "pdf", invoice, "--out", &out_arg]);
    std::fs::read(&out).unwrap()
}

fn pdf_text(d: &DataDir, invoice: &str) -> String {
    let out = d.scratch().join(format!("{invoice}.pdf"));
    pdf_bytes(d, invoice, &format!("{invoice}.pdf"));
    let text = Command::new("pdftotext")
        .args([out.as_os_str(), "-".as_ref()])
        .output()
        .expect("pdftotext (poppler-utils) must be installed: scripts/setup.sh");
    assert!(text.status.success());
    String::from_utf8(text.stdout).unwrap()
}

fn seq(number: &str) -> u32 {
    number.rsplit('-').next().unwrap().parse().unwrap()
}

fn series(number: &str) -> String {
    let parts: Vec<&str> = number.split('-').collect();
    parts[1..parts.len() - 1].join("-")
}

#[test]
fn b1_b2_b3_a_paid_booking_invoiced_then_cancelled_gets_a_credit_note_citing_the_unchanged_invoice()
{
    let d = DataDir::new();
    ok(
        &d,
        &[
            "settings",
            "--provider-name",
            "Les Gîtes du Vallon",
            "--siret",
            "732 829 320 00074",
            "--street",
            "12 chemin des Lilas",
            "--postcode",
            "24200",
            "--town",
            "Sarlat",
        ],
    );
    let u = unit(&d);
    let b = book(&d, &u, "2026-07-04", "Marie Dupont");
    ok(
        &d,
        &[
            "bookings", "pay", &b, "--amount", "300.00", "--method", "transfer",
        ],
    );
    // The customer's title and postal address (the booking file's) go on the invoice.
    ok(
        &d,
        &[
            "bookings",
            "edit",
            &b,
            "--title",
            "Mme",
            "--address",
            "3 place du Marché\n75011 Paris",
        ],
    );

    let invoice = issue(&d, &b);
    let number = invoice["number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("F2026-"), "{number}");
    assert_eq!(seq(&number), 1);
    assert_eq!(invoice["total"], "1100.00");
    let id = invoice["invoice"].as_str().unwrap().to_owned();

    // B2: the services and the total, the French mentions, never the payments.
    let text = pdf_text(&d, &id);
    for wanted in [
        "FACTURE",
        number.as_str(),
        "Les Gîtes du Vallon",
        "SIRET 73282932000074",
        "12 chemin des Lilas",
        "24200 Sarlat",
        "Mme Marie Dupont",
        "3 place du Marché",
        "75011 Paris",
        "marie@exemple.fr",
        "Date : 01/06/2026",
        "Séjour — Gîte des Lilas",
        "du 04/07/2026 au 11/07/2026, 7 nuits",
        "1 100,00",
        "TVA non applicable, art. 293 B du CGI",
    ] {
        assert!(text.contains(wanted), "{wanted} missing from:\n{text}");
    }
    for never in [
        "300,00", "800,00", "Acompte", "acompte", "Solde", "Payé", "virement",
    ] {
        assert!(
            !text.contains(never),
            "{never} printed on the invoice:\n{text}"
        );
    }
    let issued = pdf_bytes(&d, &id, "avant.pdf");

    // A second invoice of the same booking is refused (it is reprinted instead).
    let again = d.run_at(&["invoices", "issue", "--booking", &b], Some(NOW));
    assert_eq!(again.code, 1, "{}", again.stdout);
    assert!(again.stderr.contains("déjà facturée"), "{}", again.stderr);

    // B3: renaming the provider changes only later documents.
    ok(&d, &["settings", "--provider-name", "Gîtes Vallon et Cie"]);

    // B1: deletion refused once invoiced, with what to do instead.
    let delete = d.run_at(&["bookings", "delete", &b], Some(NOW));
    assert_eq!(delete.code, 1, "{}", delete.stdout);
    assert!(delete.stderr.contains("annulez-la"), "{}", delete.stderr);

    let cancelled = ok(&d, &["bookings", "cancel", &b]);
    assert_eq!(cancelled["status"], "cancelled");
    let credit = &cancelled["credit_note"];
    let credit_number = credit["number"].as_str().unwrap();
    assert_eq!(credit["kind"], "credit_note");
    assert_eq!(credit["cites"], number.as_str());
    assert_eq!(credit["total"], "-1100.00");
    assert_eq!(series(credit_number), series(&number));
    assert_eq!(seq(credit_number), 2, "numbered next in the series");

    assert_eq!(
        pdf_bytes(&d, &id, "apres.pdf"),
        issued,
        "the invoice as issued"
    );
    assert!(pdf_text(&d, &id).contains("Les Gîtes du Vallon"));
    let credit_text = pdf_text(&d, credit["id"].as_str().unwrap());
    assert!(credit_text.contains("AVOIR"), "{credit_text}");
    assert!(
        credit_text.contains(&format!("Avoir sur la facture n° {number}")),
        "{credit_text}"
    );
    assert!(credit_text.contains("Gîtes Vallon et Cie"), "{credit_text}");

    let list = ok(&d, &["invoices"]);
    let kinds: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["invoice", "credit_note"]);
    assert_eq!(list[0]["cites"], Value::Null);
    assert_eq!(list[0]["booking"], b.as_str());
    assert_eq!(list[1]["cites"], number.as_str());

    let verify = ok(&d, &["invoices", "verify"]);
    assert_eq!(verify["ok"], true, "{verify}");
    assert_eq!(verify["invoices"], 2);
}

#[test]
fn b3_ten_invoices_issued_at_once_get_ten_consecutive_numbers() {
    let d = DataDir::new();
    let u = unit(&d);
    let bookings: Vec<String> = (0..10)
        .map(|i| {
            let from = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
                + chrono::Duration::days(7 * i);
            book(&d, &u, &from.to_string(), &format!("Client {i}"))
        })
        .collect();
    let path = d.path();
    let children: Vec<_> = bookings
        .iter()
        .map(|b| {
            Command::new(guichet_bin())
                .args([
                    "--data-dir",
                    &path,
                    "--json",
                    "invoices",
                    "issue",
                    "--booking",
                    b,
                ])
                .env("GUICHET_NOW", NOW)
                .env_remove("GUICHET_DATA_DIR")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut numbers: Vec<u32> = children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let v: Value = serde_json::from_slice(&out.stdout).unwrap();
            seq(v["number"].as_str().unwrap())
        })
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=10).collect::<Vec<_>>());
    assert_eq!(ok(&d, &["invoices", "verify"])["ok"], true);
}

#[test]
fn b3_a_stored_pdf_altered_in_the_database_is_named_by_verify() {
    let d = DataDir::new();
    let u = unit(&d);
    let first = issue(&d, &book(&d, &u, "2026-07-04", "Marie Dupont"));
    let second = issue(&d, &book(&d, &u, "2026-07-18", "Paul Martin"));
    assert_eq!(ok(&d, &["invoices", "verify"])["ok"], true);

    let db = rusqlite::Connection::open(d.file("guichet.db")).unwrap();
    let id = second["invoice"].as_str().unwrap();
    let mut pdf: Vec<u8> = db
        .query_row("SELECT pdf FROM invoices WHERE id = ?1", [id], |r| r.get(0))
        .unwrap();
    let at = pdf
        .windows(7)
        .position(|w| w == b"Paul Ma")
        .unwrap_or(pdf.len() / 2);
    pdf[at] ^= 1;
    db.execute("UPDATE invoices SET pdf = ?2 WHERE id = ?1", (id, pdf))
        .unwrap();
    drop(db);

    let verify = d.run_at(&["invoices", "verify"], Some(NOW));
    assert_eq!(verify.code, 1, "{}", verify.stdout);
    let v = verify.json();
    assert_eq!(v["ok"], false);
    assert_eq!(v["invoices"], 2);
    assert_eq!(v["number"], second["number"]);
    assert!(v["problem"].as_str().unwrap().contains("modifié"), "{v}");
    assert_ne!(v["number"], first["number"]);

    // A removed number is a gap.
    let db = rusqlite::Connection::open(d.file("guichet.db")).unwrap();
    db.execute("DELETE FROM invoices WHERE id = ?1", [id])
        .unwrap();
    db.execute(
        "DELETE FROM invoices WHERE id = ?1",
        [first["invoice"].as_str().unwrap()],
    )
    .unwrap();
    drop(db);
    let third = issue(&d, &book(&d, &u, "2026-08-01", "Jeanne Roux"));
    assert_eq!(
        seq(third["number"].as_str().unwrap()),
        1,
        "the store's last number is gone"
    );
}

#[test]
fn b1_b3_moving_an_invoiced_booking_issues_a_credit_note_and_a_new_invoice() {
    let d = DataDir::new();
    let u = unit(&d);
    let b = book(&d, &u, "2026-07-04", "Marie Dupont");
    let first = issue(&d, &b)["number"].as_str().unwrap().to_owned();
    ok(
        &d,
        &[
            "bookings",
            "move",
            &b,
            "--from",
            "2026-08-01",
            "--nights",
            "3",
            "--price",
            "480.00",
        ],
    );
    let list = ok(&d, &["invoices"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[1]["kind"], "credit_note");
    assert_eq!(list[1]["cites"], first.as_str());
    assert_eq!(list[1]["total"], "-1100.00");
    assert_eq!(list[2]["kind"], "invoice");
    assert_eq!(list[2]["total"], "480.00");
    assert_eq!(seq(list[2]["number"].as_str().unwrap()), 3);
    let text = pdf_text(&d, list[2]["id"].as_str().unwrap());
    assert!(
        text.contains("du 01/08/2026 au 04/08/2026, 3 nuits"),
        "{text}"
    );
    // A booking never invoiced nor paid can be deleted.
    let other = book(&d, &u, "2026-09-05", "Paul Martin");
    ok(&d, &["bookings", "delete", &other]);
    assert!(ok(&d, &["bookings"])
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["id"] != other.as_str()));
}

#[test]
fn b3_vat_charged_per_rate_when_the_provider_is_not_in_the_franchise() {
    let d = DataDir::new();
    ok(&d, &["settings", "--vat", "charged"]);
    assert_eq!(ok(&d, &["settings"])["vat_regime"], "charged");
    let u = unit(&d);
    let id = issue(&d, &book(&d, &u, "2026-07-04", "Marie Dupont"))["invoice"]
        .as_str()
        .unwrap()
        .to_owned();
    let text = pdf_text(&d, &id);
    assert!(text.contains("TVA 10 % : base HT 1 000,00"), "{text}");
    assert!(text.contains("Total TTC"), "{text}");
    assert!(!text.contains("293 B"), "{text}");
}

/// The series letter the server gives, what a device numbered before, another
/// device that knows the invoices (B1 there too), and a restored copy.
#[test]
fn b3_series_letters_come_from_the_server_and_a_restored_copy_gets_a_new_one() {
    let (_dir, server) = sqlite_server();
    let provider = server.provider("Les Gîtes du Vallon");
    let a = Device::empty();
    let u = unit(&a.0);
    let early = issue(&a.0, &book(&a.0, &u, "2026-07-04", "Marie Dupont"));
    let early_number = early["number"].as_str().unwrap().to_owned();
    assert_eq!(seq(&early_number), 1);
    let provisional = series(&early_number);
    assert_eq!(
        provisional.len(),
        16,
        "named after the device id: {early_number}"
    );

    a.enroll(&server, &provider);
    let b1 = book(&a.0, &u, "2026-07-18", "Paul Martin");
    let after = issue(&a.0, &b1)["number"].as_str().unwrap().to_owned();
    assert_eq!(after, "F2026-A-000001");
    a.sync();

    let b = Device::empty();
    b.enroll(&server, &provider);
    b.sync();
    let on_b = b.0.ok(&["invoices"]);
    let numbers: Vec<&str> = on_b
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_str().unwrap())
        .collect();
    assert!(
        numbers.contains(&early_number.as_str()) && numbers.contains(&after.as_str()),
        "{on_b}"
    );
    // B prints A's invoice as issued, and refuses to delete its booking (B1).
    let id = early["invoice"].as_str().unwrap();
    assert_eq!(pdf_bytes(&b.0, id, "b.pdf"), pdf_bytes(&a.0, id, "a.pdf"));
    let delete = b.0.run(&["bookings", "delete", &b1]);
    assert_eq!(delete.code, 1, "{}", delete.stderr);
    assert_eq!(b.0.ok(&["invoices", "verify"])["ok"], true);
    let on_b_number = issue(&b.0, &book(&b.0, &u, "2026-08-01", "Jeanne Roux"))["number"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(on_b_number, "F2026-B-000001");

    // A restored copy of A is a new device: a new series, never A's numbers again.
    let phrase = a.0.scratch().join("phrase.txt");
    std::fs::write(&phrase, "une phrase de sauvegarde assez longue\n").unwrap();
    let backup = a.0.scratch().join("sauvegarde.guichet");
    let (phrase, backup) = (phrase.display().to_string(), backup.display().to_string());
    a.0.ok(&["backup", &backup, "--passphrase-file", &phrase]);
    let copy = Device::empty();
    copy.0
        .ok(&["restore", &backup, "--passphrase-file", &phrase]);
    let copied = issue(&copy.0, &book(&copy.0, &u, "2026-08-15", "Luc Petit"))["number"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(series(&copied), "A", "{copied}");
    assert_ne!(series(&copied), provisional, "{copied}");
    copy.enroll(&server, &provider);
    let later = issue(&copy.0, &book(&copy.0, &u, "2026-08-29", "Léa Blanc"))["number"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(later, "F2026-C-000001");
    copy.sync();
    a.sync();
    assert_eq!(a.0.ok(&["invoices", "verify"])["ok"], true);
}

/// A booking invoiced offline that the server then rejects (it lost an overlap) is
/// cancelled by a credit note, and its conflict says so.
#[test]
fn b1_a_booking_invoiced_offline_and_rejected_gets_a_credit_note_named_in_its_conflict() {
    let (_dir, mut server) = sqlite_server();
    let provider = server.provider("Les Gîtes du Vallon");
    let a = Device::empty();
    a.enroll(&server, &provider);
    let u = unit(&a.0);
    a.sync();
    let b = Device::empty();
    b.enroll(&server, &provider);
    b.sync();

    server.kill();
    let on_a = book(&a.0, &u, "2026-07-04", "Client de A");
    issue(&a.0, &on_a);
    let on_b = book(&b.0, &u, "2026-07-04", "Client de B");
    let invoice = issue(&b.0, &on_b)["number"].as_str().unwrap().to_owned();
    server.restart();
    a.sync();
    b.sync();

    let conflict = b
        .conflicts()
        .into_iter()
        .find(|c| c["kind"] == "booking_overlap")
        .expect("the overlap is in B's inbox");
    let credit = conflict["credit_note"].as_str().unwrap_or_else(|| {
        panic!(
            "no credit note named: {conflict}\n{}\n{}",
            b.0.ok(&["invoices"]),
            b.0.ok(&["bookings"])
        )
    });
    assert!(
        conflict["summary"].as_str().unwrap().contains(credit),
        "{conflict}"
    );
    let list = b.0.ok(&["invoices"]);
    let note = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["number"] == credit)
        .unwrap()
        .clone();
    assert_eq!(note["kind"], "credit_note");
    assert_eq!(note["cites"], invoice.as_str());
    assert_eq!(seq(credit), seq(&invoice) + 1);
    b.sync();
    a.sync();
    assert!(a
        .0
        .ok(&["invoices"])
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["number"] == credit));
    assert_eq!(a.0.ok(&["invoices", "verify"])["ok"], true);
}

/// B1, B3 at the box office: a ticket booking is invoiced with its tickets at the
/// price each was sold and the tickets' VAT; amended, its invoice is cancelled by a
/// credit note and the new booking invoiced; cancelled, a credit note again, each
/// numbered next.
#[test]
fn b1_b3_a_ticket_booking_is_invoiced_then_amended_and_cancelled_by_credit_notes() {
    let d = DataDir::demo();
    ok(&d, &["settings", "--vat", "charged"]);
    let sessions = ok(&d, &["sessions"]);
    let session = &sessions[0];
    let id = session["id"].as_str().unwrap();
    let sold = ok(
        &d,
        &["tickets", "issue", "--session", id, "--quantity", "3"],
    );
    let booking = sold["booking"].as_str().unwrap().to_owned();
    let invoice = issue(&d, &booking);
    assert_eq!(invoice["total"], sold["total"]);
    let text = pdf_text(&d, invoice["invoice"].as_str().unwrap());
    let event = session["event"].as_str().unwrap();
    assert!(text.contains(&format!("Billets — {event}")), "{text}");
    assert!(text.contains("3 billets"), "{text}");
    assert!(text.contains("TVA 5,5 %"), "{text}");
    // Invoiced twice: refused, naming the invoice to reprint.
    let again = d.run_at(&["invoices", "issue", "--booking", &booking], Some(NOW));
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert!(
        again.stderr.contains(invoice["number"].as_str().unwrap()),
        "{}",
        again.stderr
    );

    let amended = ok(&d, &["tickets", "amend", &booking, "--quantity", "2"]);
    let renewed = amended["booking"].as_str().unwrap().to_owned();
    let list = ok(&d, &["invoices"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3, "{list:?}");
    assert_eq!(list[1]["kind"], "credit_note");
    assert_eq!(list[1]["cites"], invoice["number"]);
    assert_eq!(list[1]["booking"], booking.as_str());
    assert_eq!(list[2]["kind"], "invoice");
    assert_eq!(list[2]["booking"], renewed.as_str());
    assert_eq!(list[2]["total"], amended["total"]);
    assert_eq!(seq(list[2]["number"].as_str().unwrap()), 3);

    ok(&d, &["tickets", "cancel", &renewed]);
    let list = ok(&d, &["invoices"]);
    let last = list.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "credit_note");
    assert_eq!(last["cites"], list[2]["number"]);
    assert_eq!(seq(last["number"].as_str().unwrap()), 4);
    assert_eq!(ok(&d, &["invoices", "verify"])["ok"], true);
}

/// `invoices verify` proves both halves of B3's "stored as issued": the PDF still has
/// its hash, and the stored data still renders to the stored bytes. Each tamper is
/// caught: the PDF changed alone, the PDF replaced together with its hash, the data
/// changed beside an untouched PDF.
#[test]
fn b3_verify_proves_the_hash_and_that_the_data_re_renders_to_the_stored_bytes() {
    let d = DataDir::new();
    let u = unit(&d);
    let first = issue(&d, &book(&d, &u, "2026-07-04", "Marie Dupont"));
    let second = issue(&d, &book(&d, &u, "2026-07-18", "Paul Martin"));
    assert_eq!(ok(&d, &["invoices", "verify"])["ok"], true);
    let id = second["invoice"].as_str().unwrap().to_owned();
    let db = || rusqlite::Connection::open(d.file("guichet.db")).unwrap();
    let (pdf, sha, snapshot): (Vec<u8>, String, String) = db()
        .query_row(
            "SELECT pdf, sha256, snapshot FROM invoices WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let restore = || {
        db().execute(
            "UPDATE invoices SET pdf = ?2, sha256 = ?3, snapshot = ?4 WHERE id = ?1",
            (&id, &pdf, &sha, &snapshot),
        )
        .unwrap();
        assert_eq!(ok(&d, &["invoices", "verify"])["ok"], true);
    };
    let refused = |what: &str, needle: &str| {
        let run = d.run_at(&["invoices", "verify"], Some(NOW));
        assert_eq!(run.code, 1, "{what}: {}", run.stdout);
        let v = run.json();
        assert_eq!(v["ok"], false, "{what}");
        assert_eq!(v["number"], second["number"], "{what}: {v}");
        assert_ne!(v["number"], first["number"]);
        let problem = v["problem"].as_str().unwrap();
        assert!(problem.contains(needle), "{what}: {problem}");
    };

    // 1. The PDF changed alone: its hash no longer matches.
    let mut altered = pdf.clone();
    let at = altered
        .windows(7)
        .position(|w| w == b"Paul Ma")
        .unwrap_or(altered.len() / 2);
    altered[at] ^= 1;
    db().execute(
        "UPDATE invoices SET pdf = ?2 WHERE id = ?1",
        (&id, &altered),
    )
    .unwrap();
    refused("PDF alone", "empreinte SHA-256");
    restore();

    // 2. The PDF replaced with a hash that matches it: the data renders otherwise.
    let hash = guichet_core::media::sha256_hex(&altered);
    db().execute(
        "UPDATE invoices SET pdf = ?2, sha256 = ?3 WHERE id = ?1",
        (&id, &altered, &hash),
    )
    .unwrap();
    refused("PDF and hash", "ne redonnent plus le PDF émis");
    restore();

    // 3. The data changed (the customer renamed), the PDF and its hash untouched.
    let renamed = snapshot.replace("Paul Martin", "Paul Durand");
    assert_ne!(renamed, snapshot);
    db().execute(
        "UPDATE invoices SET snapshot = ?2 WHERE id = ?1",
        (&id, &renamed),
    )
    .unwrap();
    refused("data", "ne redonnent plus le PDF émis");
    // And the total changed.
    let total: Value = serde_json::from_str(&snapshot).unwrap();
    let mut richer = total.clone();
    richer["total"] = Value::from("1.00");
    db().execute(
        "UPDATE invoices SET snapshot = ?2 WHERE id = ?1",
        (&id, richer.to_string()),
    )
    .unwrap();
    refused("total", "ne redonnent plus le PDF émis");
    restore();
}

/// B1 on the server: a device that did not know of the invoice yet (it was issued on
/// another device) deletes the booking; its local check passes, but the real
/// `guichet-sync` refuses the deletion — a conflict in its inbox that says why — and
/// the booking stays on every other device, its invoice sound.
#[test]
fn b1_the_server_refuses_deleting_a_booking_another_device_invoiced() {
    let (_dir, server) = sqlite_server();
    let provider = server.provider("Les Gîtes du Vallon");
    let a = Device::empty();
    a.enroll(&server, &provider);
    let u = unit(&a.0);
    let booking = book(&a.0, &u, "2026-07-04", "Marie Dupont");
    a.sync();
    let b = Device::empty();
    b.enroll(&server, &provider);
    b.sync();
    assert_eq!(
        ok(&b.0, &["bookings", "show", &booking])["booking"]["id"],
        booking.as_str()
    );

    // A invoices; B, not synced since, deletes: its own check knows of no invoice.
    let invoice = issue(&a.0, &booking)["number"].as_str().unwrap().to_owned();
    a.sync();
    // The local refusal still stands where the invoice is known.
    let refused_here = a.0.run_at(&["bookings", "delete", &booking], Some(NOW));
    assert_eq!(refused_here.code, 1, "{}", refused_here.stdout);
    ok(&b.0, &["bookings", "delete", &booking]);
    b.sync();

    let conflict = b
        .conflicts()
        .into_iter()
        .find(|c| c["op_kind"] == "booking_deleted" || c["kind"] == "refused")
        .unwrap_or_else(|| panic!("no conflict on B: {:?}", b.conflicts()));
    let summary = conflict["summary"].as_str().unwrap();
    assert!(summary.contains("facturée"), "{conflict}");
    assert!(summary.contains(&invoice), "{conflict}");
    assert_eq!(conflict["rejected"], true, "{conflict}");
    // B gets the booking back, with its history, and learns its invoice: nothing
    // recorded on a device is lost.
    let back = ok(&b.0, &["bookings", "show", &booking]);
    assert_eq!(back["booking"]["guest"], "Marie Dupont", "{back}");
    assert!(
        !back["history"].as_array().unwrap().is_empty(),
        "its history came back: {back}"
    );
    assert!(ok(&b.0, &["invoices"])
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["number"] == invoice.as_str() && i["booking"] == booking.as_str()));
    assert_eq!(ok(&b.0, &["invoices", "verify"])["ok"], true);
    // A deletion the server applies is gone for good: nothing kept aside for it.
    let never_invoiced = book(&b.0, &u, "2026-09-05", "Paul Martin");
    ok(&b.0, &["bookings", "delete", &never_invoiced]);
    let aside = |d: &Device| -> i64 {
        rusqlite::Connection::open(d.0.file("guichet.db"))
            .unwrap()
            .query_row("SELECT count(*) FROM deleted_rows", [], |r| r.get(0))
            .unwrap()
    };
    assert!(aside(&b) > 0, "kept aside until the server applies it");
    b.sync();
    assert_eq!(aside(&b), 0);
    assert!(ok(&b.0, &["bookings"])
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["id"] != never_invoiced.as_str()));

    // A still has the booking and its invoice; a device enrolled now gets both.
    a.sync();
    assert_eq!(
        ok(&a.0, &["bookings", "show", &booking])["booking"]["id"],
        booking.as_str()
    );
    assert!(
        a.conflicts()
            .iter()
            .any(|c| c["op_kind"] == "booking_deleted"),
        "the refusal shows in every device's inbox: {:?}",
        a.conflicts()
    );
    assert_eq!(ok(&a.0, &["invoices", "verify"])["ok"], true);
    let c = Device::empty();
    c.enroll(&server, &provider);
    c.sync();
    assert_eq!(
        ok(&c.0, &["bookings", "show", &booking])["booking"]["id"],
        booking.as_str()
    );
    assert!(ok(&c.0, &["invoices"])
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["number"] == invoice.as_str()));
}
