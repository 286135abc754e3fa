//! Issue 6 from outside, on the real binary: the gate never dies quietly, no sale goes
//! unreported, and concurrent key rotations lose no key.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use guichet_tests::{guichet_bin, DataDir};
use serde_json::Value;

/// Box-office steps on a [`DataDir`].
trait BoxOffice {
    /// Sells `quantity` tickets of `session`; their codes.
    fn sell(&self, session: &str, quantity: &str) -> Vec<String>;
    fn gate(&self, session: &str, input: &[u8]) -> (i32, Vec<Value>);
}

impl BoxOffice for DataDir {
    fn sell(&self, session: &str, quantity: &str) -> Vec<String> {
        self.ok(&[
            "tickets",
            "issue",
            "--session",
            session,
            "--quantity",
            quantity,
        ])["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect()
    }

    fn gate(&self, session: &str, input: &[u8]) -> (i32, Vec<Value>) {
        let mut child = Command::new(guichet_bin())
            .args([
                "--data-dir",
                &self.path(),
                "--json",
                "gate",
                "--session",
                session,
            ])
            .env_remove("GUICHET_NOW")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let output = child.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        let lines = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect();
        (output.status.code().unwrap_or(-1), lines)
    }
}

/// What a US-QWERTY scanner types on a French AZERTY machine (A↔Q, Z↔W, digits shifted).
fn azerty(code: &str, caps_lock: bool) -> String {
    code.chars()
        .map(|c| {
            let typed = match c {
                'A' => 'Q',
                'Q' => 'A',
                'Z' => 'W',
                'W' => 'Z',
                'M' => ',',
                '2' => 'é',
                '3' => '"',
                '4' => '\'',
                '5' => '(',
                '6' => '-',
                '7' => 'è',
                other => other,
            };
            if caps_lock {
                typed.to_lowercase().next().unwrap()
            } else {
                typed
            }
        })
        .collect()
}

#[test]
fn t5_the_gate_reads_invalid_bytes_as_unreadable_and_goes_on() {
    let d = DataDir::demo();
    let session = d.session();
    let codes = d.sell(&session, "2");
    let mut input = Vec::new();
    input.extend_from_slice(b"\xff\xfe\xc3\x28 garbage\n");
    input.extend_from_slice(format!("{}\n", codes[0]).as_bytes());
    input.extend_from_slice(b"\x1b[2J\x00\x80\n");
    input.extend_from_slice(&[b'Z'; 10_000]);
    input.push(b'\n');
    input.extend_from_slice(format!("{}\n", codes[1]).as_bytes());
    let (status, mut lines) = d.gate(&session, &input);
    assert_eq!(status, 0);
    let summary = lines.pop().unwrap();
    assert_eq!(
        (summary["scanned"].as_u64(), summary["errors"].as_u64()),
        (Some(5), Some(0))
    );
    let verdicts: Vec<&str> = lines
        .iter()
        .map(|l| l["verdict"].as_str().unwrap_or_else(|| panic!("{l}")))
        .collect();
    assert_eq!(
        verdicts,
        [
            "unreadable",
            "admitted",
            "unreadable",
            "unreadable",
            "admitted"
        ]
    );
}

#[test]
fn t5_the_gate_admits_a_qwerty_scanner_typing_on_an_azerty_machine() {
    let d = DataDir::demo();
    let session = d.session();
    let codes = d.sell(&session, "20");
    let input: String = codes
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{}\n", azerty(c, i % 2 == 1)))
        .collect();
    let (status, lines) = d.gate(&session, input.as_bytes());
    assert_eq!(status, 0);
    let admitted = lines.iter().filter(|l| l["verdict"] == "admitted").count();
    assert_eq!(admitted, 20, "{lines:?}");
}

#[test]
fn t5_a_missing_key_file_gives_an_error_line_for_unknown_codes_and_judges_known_ones() {
    let d = DataDir::demo();
    let session = d.session();
    let codes = d.sell(&session, "3");
    std::fs::remove_file(d.file("ticket-keys.json")).unwrap();
    // A well-formed code this device never sold (another provider's).
    let other = DataDir::demo();
    let unknown = other.sell(&other.session(), "1").remove(0);
    let input = format!("{}\n{unknown}\n{}\n", codes[0], codes[1]);
    let (status, lines) = d.gate(&session, input.as_bytes());
    assert_eq!(status, 0);
    assert_eq!(lines[0]["verdict"], "admitted");
    // Not judged at all: an error line saying the keys are missing, never "forged".
    assert_eq!(lines[1]["code"], unknown.as_str());
    assert!(
        lines[1]["error"].as_str().unwrap().contains("clés"),
        "{}",
        lines[1]
    );
    assert!(lines[1].get("verdict").is_none());
    assert_eq!(lines[2]["verdict"], "admitted");
    // Selling refuses with what to do; `scan` of a known ticket still works.
    let sale = d.run(&["tickets", "issue", "--session", &session, "--quantity", "1"]);
    assert_eq!(sale.code, 2);
    assert!(sale.stderr.contains("guichet restore"), "{}", sale.stderr);
    assert_eq!(
        d.ok(&["scan", "--session", &session, &codes[2]])["verdict"],
        "admitted"
    );
    assert!(!d.file("ticket-keys.json").exists(), "a key was recreated");
}

#[test]
fn t4_a_sale_with_an_unwritable_pdf_path_is_refused_before_it_is_stored() {
    let d = DataDir::demo();
    let session = d.session();
    let before = d
        .ok(&["tickets", "list", "--session", &session])
        .as_array()
        .unwrap()
        .len();
    for bad in ["/nonexistent/dir/billets.pdf", "/proc/billets.pdf", "/tmp"] {
        let run = d.run(&[
            "tickets",
            "issue",
            "--session",
            &session,
            "--quantity",
            "2",
            "--pdf",
            bad,
        ]);
        assert_eq!(run.code, 2, "{bad}: {}", run.stdout);
        assert!(run.stderr.contains("rien n'a été vendu"), "{}", run.stderr);
    }
    let after = d
        .ok(&["tickets", "list", "--session", &session])
        .as_array()
        .unwrap()
        .len();
    assert_eq!(after, before, "a sale was stored");
    // A good path: sold and written, no warning.
    let out = d.file("billets.pdf");
    let sale = d.ok(&[
        "tickets",
        "issue",
        "--session",
        &session,
        "--quantity",
        "2",
        "--pdf",
        out.to_str().unwrap(),
    ]);
    assert_eq!(sale["codes"].as_array().unwrap().len(), 2);
    assert!(sale.get("warnings").is_none());
    assert!(std::fs::metadata(&out).unwrap().len() > 1000);
}

#[test]
fn t5_concurrent_rotations_and_sales_lose_no_key() {
    let d = DataDir::demo();
    let session = d.session();
    let path = d.path();
    let children: Vec<_> = (0..8)
        .map(|i| {
            let args: Vec<String> = if i % 2 == 0 {
                ["--data-dir", &path, "device", "--rotate-ticket-key"]
                    .map(str::to_owned)
                    .to_vec()
            } else {
                [
                    "--data-dir",
                    &path,
                    "--json",
                    "tickets",
                    "issue",
                    "--session",
                    &session,
                    "--quantity",
                    "5",
                ]
                .map(str::to_owned)
                .to_vec()
            };
            Command::new(guichet_bin())
                .args(&args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut codes = Vec::new();
    for (i, child) in children.into_iter().enumerate() {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        if i % 2 == 1 {
            let sale: Value = serde_json::from_slice(&output.stdout).unwrap();
            for code in sale["codes"].as_array().unwrap() {
                codes.push(code.as_str().unwrap().to_owned());
            }
        }
    }
    assert_eq!(codes.len(), 20);
    let keys: Value =
        serde_json::from_str(&std::fs::read_to_string(d.file("ticket-keys.json")).unwrap())
            .unwrap();
    let mut ids: Vec<u64> = keys["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_u64().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        (0..=4).collect::<Vec<_>>(),
        "4 rotations, no id lost or reused"
    );
    // Every ticket verifies by its tag on a device that holds the keys but not the
    // sales (another festival there: genuine codes read as another session, not forged).
    let fresh = DataDir::new();
    let event = fresh.ok(&["events", "add", "--name", "Autre festival"])["event"]
        .as_str()
        .unwrap()
        .to_owned();
    let elsewhere = fresh.ok(&[
        "events",
        "session",
        "--event",
        &event,
        "--starts-at",
        "2026-08-01T20:00:00Z",
        "--capacity",
        "10",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    std::fs::copy(d.file("ticket-keys.json"), fresh.file("ticket-keys.json")).unwrap();
    for code in &codes {
        let scan = fresh.ok(&["scan", "--session", &elsewhere, code]);
        assert_eq!(scan["verdict"], "wrong_session", "{code}");
        assert_eq!(
            d.ok(&["scan", "--session", &session, code])["verdict"],
            "admitted"
        );
    }
}

#[test]
fn t5_a_gate_blocked_by_a_stuck_writer_prints_an_error_line_then_goes_on() {
    use std::io::{BufRead, BufReader};
    let d = DataDir::demo();
    let session = d.session();
    let codes = d.sell(&session, "2");
    // Another process holds the write lock and does not let go.
    let stuck = rusqlite::Connection::open(d.file("guichet.db")).unwrap();
    stuck.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut gate = Command::new(guichet_bin())
        .args([
            "--data-dir",
            &d.path(),
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
    let mut input = gate.stdin.take().unwrap();
    let mut output = BufReader::new(gate.stdout.take().unwrap());
    let started = std::time::Instant::now();
    writeln!(input, "{}", codes[0]).unwrap();
    let mut line = String::new();
    output.read_line(&mut line).unwrap();
    let waited = started.elapsed();
    let first: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(first["code"], codes[0].as_str());
    assert!(first["error"].is_string(), "{first}");
    assert!(
        waited < Duration::from_secs(20),
        "waited {waited:?} before saying so"
    );
    // The writer lets go: the gate goes on with the next line, and the first code
    // scanned again is admitted (the failed scan was not recorded).
    stuck.execute_batch("ROLLBACK").unwrap();
    writeln!(input, "{}", codes[1]).unwrap();
    writeln!(input, "{}", codes[0]).unwrap();
    drop(input);
    let rest: Vec<Value> = output
        .lines()
        .map(|l| serde_json::from_str(&l.unwrap()).unwrap())
        .collect();
    assert_eq!(rest[0]["verdict"], "admitted");
    assert_eq!(rest[1]["verdict"], "admitted");
    assert!(gate.wait().unwrap().success());
}
