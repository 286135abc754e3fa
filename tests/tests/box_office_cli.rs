//! The box office from the command line, as cli.md fixes it, and the durability of
//! scans: kill -9 during a burst, and every verdict printed is in the database.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

use guichet_tests::{guichet, guichet_bin, workspace, DataDir};
use serde_json::Value;

#[test]
fn t4_demo_sessions_issue_and_scan_have_the_fixed_shapes() {
    let b = DataDir::demo();
    let sessions = b.ok(&["sessions"]);
    let first = &sessions[0];
    assert!(first["id"].is_string() && first["starts_at"].is_string());
    assert_eq!(first["event"], "Festival Lumières du Vallon");
    assert!(first["sold"].as_u64().unwrap() > 0, "the demo sold tickets");
    let session = first["id"].as_str().unwrap();
    let issued = b.ok(&["tickets", "issue", "--session", session, "--quantity", "3"]);
    let codes: Vec<&str> = issued["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 3);
    assert!(codes.iter().all(|c| c.len() <= 40
        && c.bytes()
            .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b))));
    let scan = b.ok(&["scan", "--session", session, codes[0]]);
    assert_eq!(
        (scan["verdict"].as_str(), scan["ticket"].is_string()),
        (Some("admitted"), true)
    );
    assert_eq!(scan["message"], "ENTRÉE VALIDE");
    let again = b.ok(&["scan", "--session", session, &codes[0].to_lowercase()]);
    assert_eq!(again["verdict"], "already_scanned");
    assert!(again["message"]
        .as_str()
        .unwrap()
        .starts_with("DÉJÀ ADMIS ICI — il y a "));
    assert_eq!(again["here"], true, "the same device, seconds later");
    assert!(again["first_scan"]["at"].is_string());
    for (text, verdict) in [("n'importe quoi", "unreadable"), ("", "unreadable")] {
        let refused = b.ok(&["scan", "--session", session, text]);
        assert_eq!(
            (refused["verdict"].as_str(), refused["ticket"].is_null()),
            (Some(verdict), true)
        );
    }
    let unknown = b.run(&[
        "scan",
        "--session",
        "00000000-0000-0000-0000-000000000000",
        codes[1],
    ]);
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
}

#[test]
fn t3_tickets_show_lists_scanned_beside_quantity() {
    let b = DataDir::demo();
    let session = b.session();
    let issued = b.ok(&[
        "tickets",
        "issue",
        "--session",
        &session,
        "--quantity",
        "2",
        "--holder",
        "Marie Dupont",
    ]);
    b.ok(&[
        "scan",
        "--session",
        &session,
        issued["codes"][1].as_str().unwrap(),
    ]);
    let shown = b.ok(&["tickets", "show", issued["booking"].as_str().unwrap()]);
    assert_eq!(
        (shown["quantity"].as_u64(), shown["scanned"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(
        shown["tickets"][0]["scanned_at"].is_null()
            && shown["tickets"][1]["scanned_at"].is_string()
    );
}

#[test]
fn t4_tickets_pdf_is_written_and_decode_reads_it_back() {
    let b = DataDir::demo();
    let session = b.session();
    let pdf = b.scratch().join("billets.pdf");
    let issued = b.ok(&[
        "tickets",
        "issue",
        "--session",
        &session,
        "--quantity",
        "1",
        "--pdf",
        pdf.to_str().unwrap(),
    ]);
    let page = b.scratch().join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "120", "-png"])
        .arg(&pdf)
        .arg(&page)
        .status()
        .unwrap();
    assert!(status.success());
    let decoded = guichet(&[
        "decode",
        b.scratch().join("page-1.png").to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(decoded.code, 0, "{}", decoded.stderr);
    let line: Value = serde_json::from_str(decoded.stdout.trim()).unwrap();
    assert_eq!(line["codes"][0], issued["codes"][0]);
}

#[test]
fn d3_decode_prints_one_line_per_image_and_exits_2_after_a_bad_one() {
    let corpus = workspace().join("devices/tests/corpus/qr/zxing-cpp/qrcode-1");
    let good = corpus.join("1.webp");
    let expected = std::fs::read_to_string(corpus.join("1.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("pas-une-image.png");
    std::fs::write(&bad, b"rien").unwrap();
    let blank = dir.path().join("blanc.png");
    std::fs::write(&blank, include_bytes!("../../icons/32x32.png")).unwrap();
    let run = guichet(&[
        "decode",
        "--json",
        good.to_str().unwrap(),
        bad.to_str().unwrap(),
        blank.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["codes"][0].as_str(), Some(expected.as_str()));
    assert!(lines[1]["error"]
        .as_str()
        .unwrap()
        .contains("pas-une-image.png"));
    assert_eq!(lines[2]["codes"], serde_json::json!([]));
}

#[test]
fn t5_kill_9_during_a_burst_loses_no_printed_verdict() {
    let b = DataDir::demo();
    let session = b.session();
    let issued = b.ok(&[
        "tickets",
        "issue",
        "--session",
        &session,
        "--quantity",
        "60",
    ]);
    let codes: Vec<String> = issued["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    let mut gate = Command::new(guichet_bin())
        .args([
            "--data-dir",
            &b.path(),
            "--json",
            "gate",
            "--session",
            &session,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = gate.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // A burst: every ticket, some twice, some garbage, as fast as the pipe takes them.
        for (i, code) in codes.iter().cycle().take(400).enumerate() {
            let line = if i % 7 == 3 {
                "code abîmé".to_owned()
            } else {
                code.clone()
            };
            if writeln!(stdin, "{line}").is_err() {
                break;
            }
        }
    });
    let mut printed = Vec::new();
    for line in BufReader::new(gate.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        printed.push(serde_json::from_str::<Value>(&line).unwrap());
        if printed.len() == 50 {
            gate.kill().unwrap(); // SIGKILL: no destructor, no flush, no commit of anything pending.
        }
    }
    gate.wait().unwrap();
    writer.join().unwrap();
    assert!(printed.len() >= 50, "{} verdicts printed", printed.len());
    let db = rusqlite::Connection::open(b.file("guichet.db")).unwrap();
    for verdict in &printed {
        let id = verdict["scan"].as_str().unwrap();
        let stored: String = db
            .query_row("SELECT verdict FROM scans WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap_or_else(|e| panic!("printed verdict {id} is not in the database: {e}"));
        assert_eq!(stored, verdict["verdict"].as_str().unwrap());
        let ops: i64 = db
            .query_row(
                "SELECT COUNT(*) FROM outbox_ops WHERE kind = 'ticket_scanned' AND payload LIKE ?1",
                [format!("%{id}%")],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(ops, 1, "scan {id} has no outbox operation");
    }
    // After a restart the gate remembers: the first admitted ticket is already scanned.
    let first_admitted = printed.iter().find(|v| v["verdict"] == "admitted").unwrap();
    let first_code = issued["codes"][0].as_str().unwrap();
    assert!(first_admitted["ticket"].is_string());
    assert_eq!(
        b.ok(&["scan", "--session", &session, first_code])["verdict"],
        "already_scanned"
    );
}
