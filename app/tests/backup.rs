//! Backups (cli.md, `guichet backup` / `guichet restore`): an encrypted, authenticated
//! copy of the database and the key file; restore checks what it restores, never
//! replaces a database unless asked, and makes the copy a new device.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::sync::Arc;

use common::{app_in, at};
use guichet_app::backup::{self, MAGIC};
use guichet_app::box_office::keys::KEY_FILE;
use guichet_app::clock::{ManualClock, UuidV7};
use guichet_app::error::AppError;
use guichet_app::{database_path, App};
use guichet_core::scan::Verdict;

const PASS: &str = "correct cheval pile agrafe";

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::at(at("2026-07-14T18:00:00Z")))
}

fn restore(
    dir: &Path,
    file: &Path,
    passphrase: &str,
    replace: bool,
) -> Result<backup::RestoreSummary, AppError> {
    backup::restore(dir, file, passphrase, replace, clock().as_ref(), &UuidV7)
}

fn device(app: &App) -> (uuid::Uuid, String) {
    guichet_app::store::device::device(app.store().conn()).unwrap()
}

/// A data dir that sold tickets, and one code sold there.
fn sold() -> (tempfile::TempDir, uuid::Uuid, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_in(dir.path(), &clock());
    app.load_demo().unwrap();
    app.set_device_name("caisse 2").unwrap();
    let session = app.sessions().unwrap()[0].id;
    let issued = app
        .issue_tickets(session, None, 2, "Famille Martin")
        .unwrap();
    (dir, session, issued.codes[0].clone())
}

#[test]
fn a_backup_restored_into_a_wiped_dir_brings_the_data_back_as_a_new_device() {
    let (dir, session, code) = sold();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("sauvegarde.guichet");
    let (bookings, outbox, old_device, keys) = {
        let app = app_in(dir.path(), &clock());
        let summary = app.backup(&file, PASS).unwrap();
        assert_eq!(summary.manifest.device_name, "caisse 2");
        assert!(summary.manifest.key_file_bytes.is_some());
        (
            app.ticket_bookings(session).unwrap(),
            app.outbox().unwrap(),
            device(&app),
            std::fs::read(dir.path().join(KEY_FILE)).unwrap(),
        )
    };
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(MAGIC));
    let db = std::fs::read(database_path(dir.path())).unwrap();
    assert!(
        !bytes.windows(16).any(|w| w == &db[..16]),
        "the backup holds the database in clear"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the backup is readable by others");
    }

    std::fs::remove_dir_all(dir.path()).unwrap();
    let summary = restore(dir.path(), &file, PASS, false).unwrap();
    assert_eq!(summary.manifest.device, old_device.0);
    assert_ne!(summary.device, old_device.0, "the copy kept the device id");
    assert_eq!(summary.previous_database, None);

    let mut app = App::open(dir.path()).unwrap();
    assert_eq!(app.ticket_bookings(session).unwrap(), bookings);
    assert_eq!(app.outbox().unwrap(), outbox);
    assert_eq!(device(&app), (summary.device, "caisse 2".to_owned()));
    assert_eq!(std::fs::read(dir.path().join(KEY_FILE)).unwrap(), keys);
    // The keys came back: a ticket sold before the backup is admitted.
    let scan = app.scan(session, &code, "cli").unwrap();
    assert_eq!(scan.verdict, Verdict::Admitted, "{}", scan.message);
}

#[test]
fn a_wrong_passphrase_is_refused_with_a_clear_message() {
    let (dir, _, _) = sold();
    let file = dir.path().join("s.guichet");
    app_in(dir.path(), &clock()).backup(&file, PASS).unwrap();
    let target = tempfile::tempdir().unwrap();
    let error = restore(target.path(), &file, "pas le bon", false).unwrap_err();
    assert_eq!(error.exit_code(), 2);
    assert!(
        error.message.contains("mot de passe incorrect"),
        "{}",
        error.message
    );
    assert!(!database_path(target.path()).exists());
}

#[test]
fn a_changed_byte_anywhere_is_refused_and_nothing_is_restored() {
    let (dir, _, _) = sold();
    let file = dir.path().join("s.guichet");
    app_in(dir.path(), &clock()).backup(&file, PASS).unwrap();
    let pristine = std::fs::read(&file).unwrap();
    let target = tempfile::tempdir().unwrap();
    // In the body (database), at the very end (tag), in the header's nonce.
    for at in [
        pristine.len() / 2,
        pristine.len() - 1,
        MAGIC.len() + 1 + 12 + 16 + 16 + 3,
    ] {
        let mut bytes = pristine.clone();
        bytes[at] ^= 0x01;
        let tampered = dir.path().join(format!("t{at}.guichet"));
        std::fs::write(&tampered, &bytes).unwrap();
        let error = restore(target.path(), &tampered, PASS, false).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert!(error.message.contains("modifié"), "{at}: {}", error.message);
    }
    assert_eq!(
        std::fs::read_dir(target.path()).unwrap().count(),
        0,
        "something was written"
    );
    // Not a backup at all.
    let other = dir.path().join("notes.txt");
    std::fs::write(&other, "liste de courses").unwrap();
    let error = restore(target.path(), &other, PASS, false).unwrap_err();
    assert!(
        error.message.contains("n'est pas une sauvegarde Guichet"),
        "{}",
        error.message
    );
    // The database itself is not a backup either.
    let error = restore(target.path(), &database_path(dir.path()), PASS, false).unwrap_err();
    assert!(
        error.message.contains("n'est pas une sauvegarde Guichet"),
        "{}",
        error.message
    );
}

#[test]
fn restore_over_a_database_is_refused_without_replace_and_keeps_it_aside_with() {
    let (dir, session, _) = sold();
    let file = dir.path().join("s.guichet");
    let before = {
        let app = app_in(dir.path(), &clock());
        app.backup(&file, PASS).unwrap();
        app.ticket_bookings(session).unwrap()
    };
    // Sold after the backup: restoring must not drop it silently.
    let later = {
        let mut app = App::open_with(dir.path(), Box::new(clock()), Box::new(UuidV7)).unwrap();
        app.issue_tickets(session, None, 1, "Après la sauvegarde")
            .unwrap()
    };
    let current = std::fs::read(database_path(dir.path())).unwrap();
    let error = restore(dir.path(), &file, PASS, false).unwrap_err();
    assert_eq!(error.exit_code(), 2);
    assert!(error.message.contains("--replace"), "{}", error.message);
    assert_eq!(std::fs::read(database_path(dir.path())).unwrap(), current);

    let summary = restore(dir.path(), &file, PASS, true).unwrap();
    let kept = summary
        .previous_database
        .expect("the previous database was not kept");
    assert!(
        kept.contains("guichet.db.avant-restauration-20260714T180000Z"),
        "{kept}"
    );
    assert!(summary.previous_key_file.is_some());
    let app = App::open(dir.path()).unwrap();
    assert_eq!(app.ticket_bookings(session).unwrap(), before);
    drop(app);
    // The database kept aside still holds the later sale.
    let old = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.display().to_string() == kept)
        .unwrap();
    let conn = rusqlite::Connection::open(&old).unwrap();
    let found: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM ticket_bookings WHERE id = ?1",
            [later.booking.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(found, 1, "the sale made after the backup is lost");
}

#[test]
fn restore_refuses_a_backup_whose_database_is_damaged() {
    // Sealed by the real code with the right passphrase, but the database inside is not one.
    let manifest = backup::Manifest {
        kind: "guichet-backup".to_owned(),
        app_version: "0.1.0".to_owned(),
        created_at: "2026-07-14T18:00:00+00:00".to_owned(),
        device: uuid::Uuid::nil(),
        device_name: "caisse".to_owned(),
        database_bytes: 8192,
        key_file_bytes: Some(2),
    };
    let mut database = vec![0u8; 8192];
    database[..16].copy_from_slice(b"SQLite format 3\0");
    let sealed = backup::seal(PASS, &manifest, &database, Some(b"[]")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("abimee.guichet");
    std::fs::write(&file, sealed).unwrap();
    let target = tempfile::tempdir().unwrap();
    let error = restore(target.path(), &file, PASS, false).unwrap_err();
    assert_eq!(error.exit_code(), 2);
    assert!(error.message.contains("endommagée"), "{}", error.message);
    assert_eq!(std::fs::read_dir(target.path()).unwrap().count(), 0);
    // And a key file that is not JSON.
    let database = {
        let (source, _, _) = sold();
        std::fs::read(database_path(source.path())).unwrap()
    };
    let manifest = backup::Manifest {
        database_bytes: database.len() as u64,
        key_file_bytes: Some(5),
        ..manifest
    };
    std::fs::write(
        &file,
        backup::seal(PASS, &manifest, &database, Some(b"{cass")).unwrap(),
    )
    .unwrap();
    let error = restore(target.path(), &file, PASS, false).unwrap_err();
    assert!(error.message.contains("clés"), "{}", error.message);
    assert_eq!(std::fs::read_dir(target.path()).unwrap().count(), 0);
}

#[test]
fn the_window_restores_into_its_own_open_data_dir_and_keeps_working_as_a_new_device() {
    let (dir, session, code) = sold();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("sauvegarde.guichet");
    let mut app = App::open_with(dir.path(), Box::new(clock()), Box::new(UuidV7)).unwrap();
    app.backup(&file, PASS).unwrap();
    let (before, name) = device(&app);
    // After the backup: a ticket admitted and a provider renamed, which the restore rewinds.
    assert_eq!(
        app.scan(session, &code, "test").unwrap().verdict,
        Verdict::Admitted
    );
    app.set_provider_name("Nom après la sauvegarde").unwrap();
    // Refused without --replace: the open data is untouched and still usable.
    assert!(app.restore_here(&file, PASS, false).is_err());
    assert_eq!(
        app.settings().unwrap().provider_name,
        "Nom après la sauvegarde"
    );
    let done = app.restore_here(&file, PASS, true).unwrap();
    assert!(done.previous_database.is_some());
    let (after, kept_name) = device(&app);
    assert_ne!(after, before, "a restored copy is a new device");
    assert_eq!((kept_name, done.device), (name, after));
    assert_ne!(
        app.settings().unwrap().provider_name,
        "Nom après la sauvegarde"
    );
    // The application goes on with the restored data: the ticket was not admitted then.
    assert_eq!(
        app.scan(session, &code, "test").unwrap().verdict,
        Verdict::Admitted
    );
}

#[test]
fn t5_a_ticket_sold_after_the_backup_stays_genuine_after_the_restore() {
    let (dir, session, _) = sold();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("sauvegarde.guichet");
    let mut app = App::open_with(dir.path(), Box::new(clock()), Box::new(UuidV7)).unwrap();
    app.backup(&file, PASS).unwrap();
    // After the backup: a new key, and a ticket sold under it.
    assert_eq!(app.rotate_ticket_key().unwrap(), 1);
    let later = app.issue_tickets(session, None, 1, "Hugo").unwrap().codes[0].clone();
    app.restore_here(&file, PASS, true).unwrap();
    // Not in the restored database, but its key was kept: genuine, not forged.
    let scan = app.scan(session, &later, "test").unwrap();
    assert_eq!(scan.verdict, Verdict::UnknownGenuine, "{}", scan.message);
    // And the next key never reuses id 1.
    assert_eq!(app.rotate_ticket_key().unwrap(), 2);
}

#[test]
fn restore_refuses_what_is_not_a_file_at_once() {
    let dir = tempfile::tempdir().unwrap();
    for not_a_file in ["/dev/zero", "/dev/null", "/tmp"] {
        let error = restore(dir.path(), Path::new(not_a_file), PASS, true).unwrap_err();
        assert_eq!(error.exit_code(), 2, "{not_a_file}");
        assert!(
            error.message.contains("n'est pas un fichier"),
            "{}",
            error.message
        );
    }
}
