//! A damaged store is never mistaken for a new one (issue 6, section 4), on real files:
//! an emptied, missing, truncated or overwritten database is refused at open with what
//! to do, never re-created; nothing sells or admits while the outbox cannot be read;
//! read-only opening writes nothing; the database files are private.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::sync::Arc;

use common::{app_in, at};
use guichet_app::clock::{ManualClock, UuidV7};
use guichet_app::error::{AppError, ErrorCode};
use guichet_app::{data_dir, database_path, App};
use uuid::Uuid;

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::at(at("2026-07-14T18:00:00Z")))
}

fn open(dir: &Path) -> Result<App, AppError> {
    App::open_with(dir, Box::new(clock()), Box::new(UuidV7))
}

/// A data dir that sold tickets (so it has a key file) and was closed cleanly.
fn used_dir() -> (tempfile::TempDir, Uuid) {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let mut app = app_in(dir.path(), &clock);
    let summary = app.load_demo().unwrap();
    assert!(summary.tickets > 0);
    let session = app.sessions().unwrap()[0].id;
    app.issue_tickets(session, None, 2, "Client au guichet")
        .unwrap();
    drop(app);
    (dir, session)
}

fn assert_refused_with_advice(result: Result<App, AppError>) -> AppError {
    let error = result.err().expect("a damaged database was opened");
    assert_eq!(error.code, ErrorCode::Storage, "{}", error.message);
    assert_eq!(error.exit_code(), 2);
    assert!(
        error.message.contains("guichet restore"),
        "the message does not say what to do: {}",
        error.message
    );
    error
}

#[test]
fn a_zero_byte_database_in_a_used_dir_is_refused_never_recreated() {
    let (dir, _) = used_dir();
    let db = database_path(dir.path());
    std::fs::write(&db, b"").unwrap();
    let error = assert_refused_with_advice(open(dir.path()));
    assert!(error.message.contains("vide"), "{}", error.message);
    assert!(
        error.message.contains("ticket-keys.json"),
        "{}",
        error.message
    );
    assert_eq!(
        std::fs::metadata(&db).unwrap().len(),
        0,
        "it was re-created"
    );
    // Read-only opening refuses it the same way.
    assert_refused_with_advice(App::open_read_only(dir.path()));
    assert_refused_with_advice(App::open_for_reading(dir.path()));
}

#[test]
fn a_missing_database_in_a_dir_that_ran_is_refused() {
    let (dir, _) = used_dir();
    std::fs::remove_file(database_path(dir.path())).unwrap();
    let error = assert_refused_with_advice(open(dir.path()));
    assert!(error.message.contains("absente"), "{}", error.message);
    assert!(error.message.contains("run"), "{}", error.message);
    assert!(!database_path(dir.path()).exists(), "it was re-created");
    // A key file alone is a sign of use too: its tickets' database is gone, and an
    // empty one must not take its place silently.
    let keys_only = tempfile::tempdir().unwrap();
    std::fs::copy(
        dir.path().join("ticket-keys.json"),
        keys_only.path().join("ticket-keys.json"),
    )
    .unwrap();
    let error = assert_refused_with_advice(open(keys_only.path()));
    assert!(
        error.message.contains("ticket-keys.json"),
        "{}",
        error.message
    );
    assert!(
        !database_path(keys_only.path()).exists(),
        "it was re-created"
    );
}

#[test]
fn a_brand_new_data_dir_still_initialises_even_with_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("neuf");
    let app = open(&fresh).unwrap();
    assert!(app.sessions().unwrap().is_empty());
    drop(app);
    // An empty file and nothing else: a first start that was interrupted.
    let other = dir.path().join("interrompu");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(database_path(&other), b"").unwrap();
    let app = open(&other).unwrap();
    assert!(app.outbox().unwrap().is_empty());
    assert!(std::fs::metadata(database_path(&other)).unwrap().len() > 0);
}

#[test]
fn a_truncated_database_is_refused() {
    let (dir, _) = used_dir();
    let db = database_path(dir.path());
    let bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    assert!(bytes.len() > 4 * page, "the demo is too small to truncate");
    for cut in [bytes.len() / 2 / page * page, bytes.len() - 1000, 60] {
        std::fs::write(&db, &bytes[..cut]).unwrap();
        let error = assert_refused_with_advice(open(dir.path()));
        assert!(
            error.message.contains("tronqué"),
            "{cut}: {}",
            error.message
        );
        assert_eq!(
            std::fs::read(&db).unwrap().len(),
            cut,
            "the file was changed"
        );
    }
    std::fs::write(&db, &bytes).unwrap();
    assert!(open(dir.path()).is_ok(), "the intact file is refused");
}

#[test]
fn header_garbage_is_refused() {
    let (dir, _) = used_dir();
    let db = database_path(dir.path());
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[..16].copy_from_slice(b"garbage garbage!");
    std::fs::write(&db, &bytes).unwrap();
    let error = assert_refused_with_advice(open(dir.path()));
    assert!(error.message.contains("SQLite"), "{}", error.message);
    // A page size that cannot be.
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[..16].copy_from_slice(b"SQLite format 3\0");
    bytes[16..18].copy_from_slice(&[0x03, 0x00]);
    std::fs::write(&db, &bytes).unwrap();
    assert_refused_with_advice(open(dir.path()));
    // Even with no sign of use beside it, a file that is not ours is never replaced.
    let lone = tempfile::tempdir().unwrap();
    std::fs::write(database_path(lone.path()), b"mes notes, pas une base").unwrap();
    assert_refused_with_advice(open(lone.path()));
    assert_eq!(
        std::fs::read(database_path(lone.path())).unwrap(),
        b"mes notes, pas une base"
    );
}

/// A small deterministic generator: the corruptions are the same at every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn random_corruptions_never_sell_or_admit_while_the_outbox_is_unreadable() {
    let (dir, session) = used_dir();
    let db = database_path(dir.path());
    let pristine = std::fs::read(&db).unwrap();
    let keys = std::fs::read(dir.path().join("ticket-keys.json")).unwrap();
    let mut random = Lcg(2026);
    let (mut refused, mut sound, mut silently_used, mut unnoticed_damage) = (0, 0, 0, 0);
    let total = 25;
    for n in 0..total {
        let copy = tempfile::tempdir().unwrap();
        std::fs::write(copy.path().join("ticket-keys.json"), &keys).unwrap();
        let mut bytes = pristine.clone();
        // Anywhere after the 100-byte file header, 64 bytes of noise.
        let offset = 100 + (n * (bytes.len() - 200) / total);
        for byte in &mut bytes[offset..offset + 64] {
            *byte = (random.next() & 0xff) as u8;
        }
        std::fs::write(database_path(copy.path()), &bytes).unwrap();
        let mut app = match open(copy.path()) {
            Err(error) => {
                assert_eq!(error.exit_code(), 2, "{}", error.message);
                assert!(
                    error.message.contains("guichet restore"),
                    "{}",
                    error.message
                );
                refused += 1;
                continue;
            }
            Ok(app) => app,
        };
        let sold = app.issue_tickets(session, None, 1, "Client").is_ok();
        let outbox = app.outbox();
        let integrity = app.store().integrity_problems();
        drop(app);
        if sold && outbox.is_err() {
            silently_used += 1;
            eprintln!(
                "offset {offset}: sold while the outbox is unreadable: {:?} {integrity:?}",
                outbox.err()
            );
        } else if integrity.as_ref().is_ok_and(Vec::is_empty) {
            sound += 1;
        } else {
            unnoticed_damage += 1;
            eprintln!("offset {offset}: opened although damaged: {integrity:?}");
        }
    }
    eprintln!(
        "{total} corruptions: {refused} refused, {sound} harmless (data readable and consistent), \
         {unnoticed_damage} opened although damaged, {silently_used} sold with an unreadable outbox"
    );
    assert_eq!(silently_used, 0);
    assert_eq!(unnoticed_damage, 0);
    assert_eq!(refused + sound, total);
    assert!(refused >= 10, "only {refused} of {total} refused");
}

#[test]
fn a_dead_process_mark_is_seen_and_cleared_a_live_one_is_kept() {
    let (dir, _) = used_dir();
    let run = dir.path().join(data_dir::RUN_DIR);
    let dead = run.join("424242-deadbeef.lock");
    std::fs::write(&dead, b"").unwrap();
    assert_eq!(data_dir::stale_marks(dir.path()), vec![dead.clone()]);
    let app = open(dir.path()).unwrap();
    assert!(!dead.exists(), "the dead process's mark was left");
    assert_eq!(data_dir::live_marks(dir.path()), 1, "no mark while open");
    assert!(data_dir::stale_marks(dir.path()).is_empty());
    drop(app);
    assert_eq!(data_dir::live_marks(dir.path()), 0);
    assert_eq!(
        std::fs::read_dir(&run).unwrap().count(),
        0,
        "a mark outlived its app"
    );
}

#[cfg(unix)]
#[test]
fn the_database_its_journal_and_the_key_file_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let mut app = app_in(dir.path(), &clock);
    app.load_demo().unwrap();
    let mode = |name: &str| {
        std::fs::metadata(dir.path().join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .permissions()
            .mode()
            & 0o777
    };
    // While the app is open its journal files exist.
    for name in [
        "guichet.db",
        "guichet.db-wal",
        "guichet.db-shm",
        "ticket-keys.json",
    ] {
        assert_eq!(mode(name), 0o600, "{name}");
    }
    drop(app);
    // A database made before the rule is made private at its next open.
    std::fs::set_permissions(
        database_path(dir.path()),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    drop(app_in(dir.path(), &clock));
    assert_eq!(mode("guichet.db"), 0o600);
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = walk(dir);
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                let mut inner = walk(&path);
                inner.push((path.display().to_string(), Vec::new()));
                inner
            } else {
                vec![(path.display().to_string(), std::fs::read(&path).unwrap())]
            }
        })
        .collect()
}

#[test]
fn a_read_only_open_writes_nothing_and_refuses_writes() {
    let (dir, session) = used_dir();
    let db = std::fs::read(database_path(dir.path())).unwrap();
    let keys = std::fs::read(dir.path().join("ticket-keys.json")).unwrap();
    let sold = App::open_read_only(dir.path())
        .unwrap()
        .ticket_bookings(session)
        .unwrap();
    assert!(sold.iter().any(|b| b.holder == "Client au guichet"));
    let before = listing(dir.path());
    let mut app = App::open_read_only(dir.path()).unwrap();
    assert!(!app.sessions().unwrap().is_empty());
    assert_eq!(app.ticket_bookings(session).unwrap(), sold);
    assert!(!app.outbox().unwrap().is_empty());
    assert_eq!(
        data_dir::live_marks(dir.path()),
        0,
        "a read-only app left a mark"
    );
    assert!(
        app.add_unit("Nouveau gîte", 4).is_err(),
        "a read-only app wrote"
    );
    drop(app);
    assert_eq!(
        listing(dir.path()),
        before,
        "opening read-only changed the data dir"
    );
    assert_eq!(std::fs::read(database_path(dir.path())).unwrap(), db);
    assert_eq!(
        std::fs::read(dir.path().join("ticket-keys.json")).unwrap(),
        keys
    );
    // SQLite may leave its empty coordination files (-wal, -shm) where it can: no data.
    let wal = dir.path().join("guichet.db-wal");
    assert!(!wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0);
}

#[test]
fn a_read_only_open_refuses_a_database_that_needs_migrating() {
    let (dir, _) = used_dir();
    {
        // Back to version 4: what migrations 5 to 9 added is taken away.
        let conn = rusqlite::Connection::open(database_path(dir.path())).unwrap();
        conn.execute_batch(
            "DROP TABLE booking_history;
             DROP TABLE payments;
             ALTER TABLE bookings DROP COLUMN adults;
             ALTER TABLE bookings DROP COLUMN children;
             ALTER TABLE units DROP COLUMN active;
             DROP TABLE sync_state;
             DROP TABLE conflicts;
             ALTER TABLE bookings DROP COLUMN rejected_by;
             CREATE TABLE outbox (seq INTEGER PRIMARY KEY CHECK (seq >= 1), id TEXT NOT NULL UNIQUE,
                 kind TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL, pushed_at TEXT);
             DROP TABLE outbox_ops;
             DROP TABLE applied_ops;
             DROP TABLE device_settings;
             ALTER TABLE organizers DROP COLUMN active;
             ALTER TABLE events DROP COLUMN active;
             ALTER TABLE sessions DROP COLUMN active;
             ALTER TABLE ticket_products DROP COLUMN active;
             DROP TABLE drafts;
             DROP TABLE operators;
             DROP TABLE products;
             DROP TABLE vouchers;
             DROP TABLE voucher_products;
             DROP TABLE voucher_events;
             DROP TABLE sales;
             DROP TABLE sale_lines;
             DROP TABLE sale_payments;
             DROP TABLE till_openings;
             DROP TABLE online_transactions;
             DROP TABLE payment_gateways;
             DROP TABLE journal;
             DROP TABLE product_questions;
             DROP TABLE sale_line_answers;
             DROP TABLE media;
             DROP TABLE sale_tickets;
             ALTER TABLE bookings DROP COLUMN guest_details;
             ALTER TABLE holds DROP COLUMN guest_details;
             DROP TABLE templates;
             DROP TABLE invoices;
             DROP TABLE ical_blocks;
             DROP TABLE ical_sources;
             DROP TABLE mail_attachments;
             DROP TABLE mail_queue;
             DROP TABLE mail_settings;
             DROP TABLE customers;
             DROP TABLE deleted_rows;
             PRAGMA user_version = 4;",
        )
        .unwrap();
    }
    let error = App::open_read_only(dir.path()).err().unwrap();
    assert_eq!(error.exit_code(), 2);
    assert!(
        error.message.contains("droit d'écriture"),
        "{}",
        error.message
    );
    // A command that only reads migrates it when it can write.
    let app = App::open_for_reading(dir.path()).unwrap();
    assert!(!app.sessions().unwrap().is_empty());
}

#[test]
fn check_reports_integrity_problems_without_writing() {
    let (dir, _) = used_dir();
    let report = data_dir::check(dir.path());
    assert!(report.ok, "{:?}", report.problems);
    assert!(report.problems.is_empty());
    let db = database_path(dir.path());
    let mut bytes = std::fs::read(&db).unwrap();
    // Noise over the second half of the file's pages: b-trees break.
    let half = bytes.len() / 2;
    for (i, byte) in bytes[half..half + 4096].iter_mut().enumerate() {
        *byte = (i * 7 % 251) as u8;
    }
    std::fs::write(&db, &bytes).unwrap();
    let before = listing(dir.path());
    let report = data_dir::check(dir.path());
    assert!(!report.ok);
    assert!(!report.problems.is_empty());
    assert_eq!(listing(dir.path()), before, "check changed the data dir");
}

#[test]
fn t5_a_damaged_index_is_refused_at_open_so_a_ticket_is_never_admitted_twice() {
    let (dir, session) = used_dir();
    let code = {
        let mut app = open(dir.path()).unwrap();
        let code = app.issue_tickets(session, None, 1, "Marie").unwrap().codes[0].clone();
        assert!(app.scan(session, &code, "test").unwrap().admits);
        code
    };
    // Checkpointed and closed: change one character of the code inside the index
    // that finds a ticket's admissions (not in the table): the index lies.
    let db = database_path(dir.path());
    let (root, page_size): (i64, i64) = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
            .unwrap();
        (
            conn.query_row(
                "SELECT rootpage FROM sqlite_schema WHERE name = 'scans_by_code'",
                [],
                |r| r.get(0),
            )
            .unwrap(),
            conn.pragma_query_value(None, "page_size", |r| r.get(0))
                .unwrap(),
        )
    };
    let mut bytes = std::fs::read(&db).unwrap();
    let page = usize::try_from((root - 1) * page_size).unwrap();
    let end = page + usize::try_from(page_size).unwrap();
    let at = bytes[page..end]
        .windows(code.len())
        .position(|w| w == code.as_bytes())
        .expect("the code is in the index page")
        + page
        + 5;
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    std::fs::write(&db, bytes).unwrap();
    // Before: the base opened (quick_check sees well-formed pages) and the same ticket
    // was admitted a second time. Now the open is refused.
    assert_refused_with_advice(open(dir.path()));
}
