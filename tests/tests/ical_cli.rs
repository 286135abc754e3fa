//! iCal calendars from the command line (rule B4): the channels' feeds block exactly
//! the nights B4 says, a re-import replaces what a source blocked, our own feed never
//! blocks a night, feeds arrive by HTTPS from a server the client is told to trust,
//! malformed feeds are refused with their line, and real calendars of other projects'
//! test suites block what a reference reader says.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use guichet_tests::tls::{private_authority, FeedServer};
use guichet_tests::{workspace, DataDir};
use serde_json::Value;

/// The tests' today: the channels' feeds are in spring and summer 2027.
const NOW: &str = "2027-03-01T09:00:00Z";

fn fixture(name: &str) -> PathBuf {
    workspace().join("tests/fixtures/ical").join(name)
}

fn channel(name: &str) -> String {
    fixture(&format!("channels/{name}")).display().to_string()
}

/// A data dir with one unit; its id.
fn one_unit() -> (DataDir, String) {
    let data = DataDir::new();
    let unit = data.ok_at(
        &[
            "units",
            "add",
            "--name",
            "Gîte des Tilleuls",
            "--capacity",
            "4",
        ],
        NOW,
    )["id"]
        .as_str()
        .unwrap()
        .to_owned();
    (data, unit)
}

fn nights(value: &Value) -> Vec<String> {
    value["nights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_owned())
        .collect()
}

/// `first` and the nights after it, `n` in all.
fn run_of(first: &str, n: u64) -> Vec<String> {
    let first: chrono::NaiveDate = first.parse().unwrap();
    first
        .iter_days()
        .take(usize::try_from(n).unwrap())
        .map(|d| d.to_string())
        .collect()
}

fn import(data: &DataDir, unit: &str, source: &str) -> Value {
    data.ok_at(&["ical", "import", "--unit", unit, source], NOW)
}

fn taken(data: &DataDir, unit: &str, from: &str, days: &str) -> Vec<String> {
    data.ok_at(
        &[
            "availability",
            "--unit",
            unit,
            "--from",
            from,
            "--days",
            days,
        ],
        NOW,
    )
    .as_array()
    .unwrap()
    .iter()
    .filter(|n| n["free"] == false)
    .map(|n| n["date"].as_str().unwrap().to_owned())
    .collect()
}

#[test]
fn b4_an_airbnb_feed_blocks_its_stays_dtend_exclusive() {
    let (data, unit) = one_unit();
    let imported = import(&data, &unit, &channel("airbnb.ics"));
    assert_eq!(imported["events"], 3);
    let mut want = run_of("2027-04-05", 5);
    want.extend(run_of("2027-05-01", 2));
    want.extend(run_of("2027-07-15", 7));
    assert_eq!(nights(&imported), want);
    // The morning of departure (DTEND) is free; the night before it is not.
    assert_eq!(
        taken(&data, &unit, "2027-04-04", "8"),
        run_of("2027-04-05", 5)
    );
}

#[test]
fn b4_a_booking_com_feed_blocks_back_to_back_stays() {
    let (data, unit) = one_unit();
    let imported = import(&data, &unit, &channel("booking.ics"));
    assert_eq!(imported["events"], 2);
    assert_eq!(nights(&imported), run_of("2027-06-12", 9));
}

#[test]
fn b4_an_abritel_vrbo_feed_skips_its_transparent_event() {
    let (data, unit) = one_unit();
    let imported = import(&data, &unit, &channel("abritel.ics"));
    assert_eq!(imported["events"], 3);
    let mut want = run_of("2027-08-07", 7);
    want.push("2027-08-24".into());
    assert_eq!(nights(&imported), want);
    assert!(taken(&data, &unit, "2027-09-01", "1").is_empty());
}

#[test]
fn b4_a_google_calendar_feed_times_zones_recurrences_cancelled_and_transparent() {
    let (data, unit) = one_unit();
    let imported = import(&data, &unit, &channel("google.ics"));
    assert_eq!(imported["events"], 6);
    assert_eq!(
        nights(&imported),
        [
            // Friday 17:00 → Sunday 11:00, Paris: two nights.
            "2027-04-02",
            "2027-04-03",
            // 22:30 UTC is 00:30 in Paris the next day; ends 10:00 Paris on the 11th.
            "2027-04-10",
            // Every Monday four times, the 26th excluded (EXDATE), 3 May cancelled
            // (RECURRENCE-ID with STATUS:CANCELLED).
            "2027-04-19",
            "2027-05-10",
        ]
    );
}

#[test]
fn b4_a_stay_cancelled_on_the_channel_frees_its_nights_at_the_next_import() {
    let (data, unit) = one_unit();
    let airbnb = fixture("channels/airbnb.ics");
    let feed = data.scratch().join("airbnb.ics");
    std::fs::copy(&airbnb, &feed).unwrap();
    let source = feed.display().to_string();
    import(&data, &unit, &source);
    assert_eq!(
        taken(&data, &unit, "2027-07-14", "9"),
        run_of("2027-07-15", 7)
    );
    // The guest cancels on Airbnb: the event leaves the feed.
    std::fs::copy(fixture("channels/airbnb-after-cancel.ics"), &feed).unwrap();
    let again = import(&data, &unit, &source);
    assert_eq!(again["events"], 2);
    assert!(taken(&data, &unit, "2027-07-14", "9").is_empty());
    assert_eq!(taken(&data, &unit, "2027-04-05", "1"), ["2027-04-05"]);
    // One source, re-imported: not two.
    assert_eq!(
        data.ok_at(&["ical", "list"], NOW).as_array().unwrap().len(),
        1
    );
    // Booking.com marks it CANCELLED instead.
    let booking = data.scratch().join("booking.ics");
    std::fs::copy(fixture("channels/booking.ics"), &booking).unwrap();
    let source = booking.display().to_string();
    import(&data, &unit, &source);
    std::fs::copy(fixture("channels/booking-after-cancel.ics"), &booking).unwrap();
    assert_eq!(
        nights(&import(&data, &unit, &source)),
        run_of("2027-06-12", 7)
    );
    assert!(taken(&data, &unit, "2027-06-19", "2").is_empty());
}

#[test]
fn b4_imported_nights_refuse_holds_and_bookings() {
    let (data, unit) = one_unit();
    data.ok_at(
        &[
            "tariffs",
            "add",
            "--unit",
            &unit,
            "--from",
            "2027-04-01",
            "--until",
            "2027-05-01",
            "--price",
            "90",
        ],
        NOW,
    );
    import(&data, &unit, &channel("airbnb.ics"));
    for command in ["holds", "bookings"] {
        let refused = data.run_at(
            &[
                command,
                "create",
                "--unit",
                &unit,
                "--from",
                "2027-04-08",
                "--nights",
                "3",
                "--name",
                "Jeanne Petit",
                "--phone",
                "0612345678",
            ],
            Some(NOW),
        );
        assert_eq!(refused.code, 1, "{command}: {}", refused.stdout);
        assert!(
            refused.stderr.contains("calendrier importé"),
            "{command}: {}",
            refused.stderr
        );
    }
    // The morning of departure is free for the next guest.
    let booked = data.ok_at(
        &[
            "bookings",
            "create",
            "--unit",
            &unit,
            "--from",
            "2027-04-10",
            "--nights",
            "2",
            "--name",
            "Jeanne Petit",
            "--phone",
            "0612345678",
        ],
        NOW,
    );
    assert_eq!(booked["start"], "2027-04-10");
    // Removing the source frees its nights.
    let source = data.ok_at(&["ical", "list"], NOW)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    data.ok_at(&["ical", "remove", &source], NOW);
    assert!(taken(&data, &unit, "2027-04-05", "5").is_empty());
}

#[test]
fn b4_our_own_feed_imported_back_keeps_nothing_blocked() {
    let (data, unit) = one_unit();
    data.ok_at(
        &[
            "bookings",
            "create",
            "--unit",
            &unit,
            "--from",
            "2027-07-03",
            "--nights",
            "7",
            "--name",
            "Famille Martin",
            "--email",
            "martin@exemple.fr",
            "--price",
            "700",
        ],
        NOW,
    );
    // An imported calendar is not exported (no echo between channels).
    import(&data, &unit, &channel("booking.ics"));
    let out = data.scratch().join("tilleuls.ics");
    data.ok_at(
        &[
            "ical",
            "export",
            "--unit",
            &unit,
            "--out",
            &out.display().to_string(),
        ],
        NOW,
    );
    let feed = std::fs::read_to_string(&out).unwrap();
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 1, "{feed}");
    assert!(feed.contains("DTSTART;VALUE=DATE:20270703\r\n"), "{feed}");
    assert!(feed.contains("DTEND;VALUE=DATE:20270710\r\n"), "{feed}");
    assert!(feed.contains("SUMMARY:Réservé\r\n"), "{feed}");
    assert!(feed.contains("@guichet\r\n"), "{feed}");
    for personal in ["Martin", "martin@exemple.fr", "700"] {
        assert!(!feed.contains(personal), "{personal} in {feed}");
    }
    // Read back by the channel and echoed to us: blocks nothing by itself.
    let echoed = import(&data, &unit, &out.display().to_string());
    assert_eq!(echoed["events"], 1);
    assert!(nights(&echoed).is_empty());
    assert_eq!(
        taken(&data, &unit, "2027-07-02", "9"),
        run_of("2027-07-03", 7)
    );
    // In another unit, our echo blocks nothing either.
    let (other, other_unit) = one_unit();
    assert!(nights(&import(&other, &other_unit, &out.display().to_string())).is_empty());
}

#[test]
fn b4_an_https_feed_from_a_server_trusted_by_guichet_ca_file() {
    let certs_dir = tempfile::tempdir().unwrap();
    let certs = private_authority(certs_dir.path());
    let server = FeedServer::start(
        &certs,
        &std::fs::read(fixture("channels/airbnb.ics")).unwrap(),
    );
    let (data, unit) = one_unit();
    // Not trusted: refused (exit 1), and nothing blocked.
    let untrusted = data.run_at(&["ical", "import", "--unit", &unit, &server.url], Some(NOW));
    assert_eq!(untrusted.code, 1, "{}", untrusted.stdout);
    assert!(
        untrusted.stderr.contains("certificat"),
        "{}",
        untrusted.stderr
    );
    // A new source blocked nothing yet: the message says nothing was added.
    assert!(
        untrusted.stderr.contains("rien n'a été ajouté") && !untrusted.stderr.contains("bloquait"),
        "{}",
        untrusted.stderr
    );
    assert!(taken(&data, &unit, "2027-04-05", "5").is_empty());
    let ca = certs.ca.display().to_string();
    let env = [("GUICHET_CA_FILE", ca.as_str()), ("GUICHET_NOW", NOW)];
    let imported = data.run_text(
        &["--json", "ical", "import", "--unit", &unit, &server.url],
        &env,
    );
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert_eq!(imported.json()["nights"].as_array().unwrap().len(), 14);
    // The channel's stay of July is cancelled: the next poll frees it.
    server.set(&std::fs::read(fixture("channels/airbnb-after-cancel.ics")).unwrap());
    let later = "2027-03-01T11:00:00Z";
    let env = [("GUICHET_CA_FILE", ca.as_str()), ("GUICHET_NOW", later)];
    let polled = data.run_text(&["--json", "ical", "poll"], &env);
    assert_eq!(polled.code, 0, "{}", polled.stderr);
    assert_eq!(polled.json()["imported"], 1);
    assert!(taken(&data, &unit, "2027-07-15", "7").is_empty());
    // The server stops answering: the last error is kept, in French, and the nights stay.
    drop(server);
    let env = [
        ("GUICHET_CA_FILE", ca.as_str()),
        ("GUICHET_NOW", "2027-03-01T13:00:00Z"),
    ];
    let failed = data.run_text(&["--json", "ical", "poll"], &env);
    assert_eq!(failed.json()["imported"], 0);
    let list = data.ok_at(&["ical", "list"], "2027-03-01T13:00:00Z");
    let error = list[0]["last_error"].as_str().unwrap();
    assert!(error.contains("injoignable"), "{error}");
    assert!(
        error.contains("les nuits qu'il bloquait restent bloquées"),
        "{error}"
    );
    assert_eq!(list[0]["last_success"], "2027-03-01T11:00:00Z");
    assert_eq!(taken(&data, &unit, "2027-04-05", "5").len(), 5);
}

#[test]
fn b4_malformed_feeds_exit_2_naming_the_line() {
    let (data, unit) = one_unit();
    let airbnb = std::fs::read(fixture("channels/airbnb.ics")).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        // Cut in the middle of an event: the calendar is never closed.
        ("tronque.ics", airbnb[..airbnb.len() / 2].to_vec(), "ligne 1 "),
        // A PNG's first bytes.
        ("binaire.ics", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "ligne 1 "),
        // An event without its END line.
        (
            "sans-fin.ics",
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@airbnb.com\r\nDTSTART;VALUE=DATE:20270704\r\nEND:VCALENDAR\r\n".to_vec(),
            "ligne 6 ",
        ),
        // An HTML page (the channel's login page instead of the feed).
        ("page.ics", b"<!DOCTYPE html>\n<html><body>Connexion</body></html>\n".to_vec(), "ligne 1 "),
        // A date that is not one.
        (
            "date.ics",
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@airbnb.com\r\nDTSTART;VALUE=DATE:2027-07-04\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".to_vec(),
            "ligne 5 ",
        ),
    ];
    for (name, bytes, line) in cases {
        let path = data.scratch().join(name);
        std::fs::write(&path, bytes).unwrap();
        let refused = data.run_at(
            &[
                "ical",
                "import",
                "--unit",
                &unit,
                &path.display().to_string(),
            ],
            Some(NOW),
        );
        assert_eq!(refused.code, 2, "{name}: {}", refused.stdout);
        assert!(refused.stderr.contains(line), "{name}: {}", refused.stderr);
        assert!(
            refused.stderr.contains("iCalendar"),
            "{name}: {}",
            refused.stderr
        );
    }
    assert!(data
        .ok_at(&["ical", "list"], NOW)
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn b4_real_calendars_of_other_projects_block_what_the_reference_reader_says() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("peers/expected.json")).unwrap())
            .unwrap();
    let (data, unit) = one_unit();
    let mut read = 0;
    for (name, want) in expected.as_object().unwrap() {
        let now = format!("{}T12:00:00Z", want["today"].as_str().unwrap());
        let path = fixture(&format!("peers/{name}")).display().to_string();
        let run = data.run_at(&["ical", "import", "--unit", &unit, &path], Some(&now));
        if want["nights"].is_null() {
            assert_eq!(run.code, 2, "{name}: {}", run.stdout);
            assert!(run.stderr.contains("ligne "), "{name}: {}", run.stderr);
            continue;
        }
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(run.json()["nights"], want["nights"], "{name}");
        read += 1;
    }
    assert!(read >= 10, "{read}");
}

#[test]
fn b4_availability_says_each_night_and_checks_its_arguments() {
    let (data, unit) = one_unit();
    let nights = data.ok_at(
        &[
            "availability",
            "--unit",
            &unit,
            "--from",
            "2027-04-04",
            "--days",
            "3",
        ],
        NOW,
    );
    assert_eq!(
        nights,
        serde_json::json!([
            {"date": "2027-04-04", "free": true},
            {"date": "2027-04-05", "free": true},
            {"date": "2027-04-06", "free": true},
        ])
    );
    let bad = data.run_at(
        &[
            "availability",
            "--unit",
            &unit,
            "--from",
            "2027-04-04",
            "--days",
            "0",
        ],
        Some(NOW),
    );
    assert_eq!(bad.code, 2, "{}", bad.stdout);
    let unknown = data.run_at(
        &[
            "availability",
            "--unit",
            "00000000-0000-0000-0000-000000000001",
            "--from",
            "2027-04-04",
            "--days",
            "3",
        ],
        Some(NOW),
    );
    assert_ne!(unknown.code, 0);
}

#[test]
fn b4_imported_nights_reach_the_providers_other_device_through_sync() {
    let (_dir, server) = guichet_tests::sync_device::sqlite_server();
    let (_provider, a, b) = guichet_tests::sync_device::pair(&server);
    let unit = a.0.ok(&["units"])[0]["id"].as_str().unwrap().to_owned();
    let imported =
        a.0.ok(&["ical", "import", "--unit", &unit, &channel("airbnb.ics")]);
    assert_eq!(nights(&imported).len(), 14);
    a.sync();
    b.sync();
    let on_b = |from: &str, days: &str| -> Vec<String> {
        b.0.ok(&[
            "availability",
            "--unit",
            &unit,
            "--from",
            from,
            "--days",
            days,
        ])
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["free"] == false)
        .map(|n| n["date"].as_str().unwrap().to_owned())
        .collect()
    };
    assert_eq!(on_b("2027-07-14", "9"), run_of("2027-07-15", 7));
    // B knows the source (its address), not A's attempts.
    let sources = b.0.ok(&["ical", "list"]);
    assert_eq!(sources[0]["location"], channel("airbnb.ics"));
    assert_eq!(sources[0]["nights"], 14);
    assert_eq!(sources[0]["last_success"], Value::Null);
    // Removing the source on A frees its nights on B.
    let source = sources[0]["id"].as_str().unwrap().to_owned();
    a.0.ok(&["ical", "remove", &source]);
    a.sync();
    b.sync();
    assert!(on_b("2027-04-05", "120").is_empty());
    assert!(b.0.ok(&["ical", "list"]).as_array().unwrap().is_empty());
}

/// `GET path` on the server's plain-HTTP loopback port: (status, body).
fn http_get(port: u16, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    let status = text[9..12].parse().unwrap();
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn b4_the_sync_server_serves_a_units_feed_at_a_secret_address() {
    let (_dir, server) = guichet_tests::sync_device::sqlite_server();
    let provider = server.provider("Gîtes du Vallon");
    let a = guichet_tests::sync_device::Device::empty();
    a.enroll(&server, &provider);
    let unit = a.0.ok(&[
        "units",
        "add",
        "--name",
        "Gîte des Tilleuls",
        "--capacity",
        "4",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let booking = a.0.ok(&[
        "bookings",
        "create",
        "--unit",
        &unit,
        "--from",
        "2027-07-03",
        "--nights",
        "7",
        "--name",
        "Famille Martin",
        "--email",
        "martin@exemple.fr",
        "--price",
        "700",
    ])["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Imported nights never reach the feed.
    a.0.ok(&["ical", "import", "--unit", &unit, &channel("booking.ics")]);
    a.sync();
    let url = a.0.ok(&["ical", "url", "--unit", &unit])["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = &url[url.find("/ical/").unwrap()..];
    let (status, feed) = http_get(server.port, path);
    assert_eq!(status, 200, "{feed}");
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 1, "{feed}");
    assert!(
        feed.contains(&format!("UID:{booking}@guichet\r\n")),
        "{feed}"
    );
    assert!(
        feed.contains("DTSTART;VALUE=DATE:20270703\r\nDTEND;VALUE=DATE:20270710\r\n"),
        "{feed}"
    );
    assert!(feed.contains("SUMMARY:Réservé"), "{feed}");
    assert!(
        !feed.contains("Martin") && !feed.contains("exemple.fr"),
        "{feed}"
    );
    // The same address a second time: the same feed; a guessed one: nothing.
    assert_eq!(
        a.0.ok(&["ical", "url", "--unit", &unit])["url"],
        url.as_str()
    );
    let forged = format!("{}0000000000000000.ics", &path[..path.len() - 36]);
    assert_eq!(http_get(server.port, &forged).0, 404);
    let other_unit = path.replace(&unit, "00000000-0000-0000-0000-000000000001");
    assert_eq!(http_get(server.port, &other_unit).0, 404);
    // Cancelled, synced: the channel's next read frees the nights.
    a.0.ok(&["bookings", "cancel", &booking]);
    a.sync();
    let (_, feed) = http_get(server.port, path);
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 0, "{feed}");
}
