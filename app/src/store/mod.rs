//! The device's local SQLite store: one file in the data dir, WAL, `synchronous=FULL`,
//! foreign keys on, migrations from `migrations/local/` applied on open.
//!
//! Reads go through [`Store::conn`] and the functions of [`read`]; every write goes
//! through [`Store::write`], whose [`Tx`] methods each append their outbox operation
//! in the same transaction, so no write can reach the disk without it.

mod apply;
mod booking_file;
pub mod device;
mod invoices;
mod legacy_outbox;
mod media;
mod migrations;
mod outbox;
mod privacy;
pub mod read;
mod sales;
pub mod sync;
pub(crate) mod till;
mod write;

use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub(crate) use apply::{
    CONDITIONS, GUEST_RETENTION, IDENTITY, PRICING_MODE, PROVIDER_NAME, VAT_REGIME, VERDICTS,
    VOUCHER_VALIDITY,
};
pub use outbox::{outbox_pending, pending_envelopes, OutboxOp};
pub use privacy::{MAIL_ANONYMISED, MAIL_ANONYMISED_SUBJECT};
pub use write::Tx;

use crate::clock::IdGen;
use crate::error::{AppError, AppResult};

/// How long a write waits for another process's write to finish.
pub const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// The local database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    /// The schema upgrade this open made, if any (said to the person: migrations run
    /// when the app opens, and say so).
    upgraded: Option<migrations::Upgrade>,
    /// This device's id, read once (every operation names it).
    device: std::cell::OnceCell<uuid::Uuid>,
    /// The operator signed in, who signs this device's operations.
    made_by: Option<String>,
}

/// How much to check a database file before using it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Nothing beyond what SQLite does (a file just created).
    None,
    /// `PRAGMA quick_check`: every page readable, b-trees well formed (linear in size).
    Quick,
    /// `PRAGMA integrity_check`: also every index agrees with its table (a damaged
    /// index could admit a ticket twice).
    Full,
}

impl Check {
    /// The pragma that makes this check, if any.
    fn pragma(self) -> Option<&'static str> {
        match self {
            Check::None => None,
            Check::Quick => Some("quick_check"),
            Check::Full => Some("integrity_check"),
        }
    }
}

/// A refusal to open a database read-only.
#[derive(Debug)]
pub enum ReadOnlyRefusal {
    /// It needs migrations, which only a writable open applies.
    NeedsMigration(AppError),
    /// Anything else.
    Failed(AppError),
}

impl From<AppError> for ReadOnlyRefusal {
    fn from(error: AppError) -> ReadOnlyRefusal {
        ReadOnlyRefusal::Failed(error)
    }
}

impl From<rusqlite::Error> for ReadOnlyRefusal {
    fn from(error: rusqlite::Error) -> ReadOnlyRefusal {
        ReadOnlyRefusal::Failed(error.into())
    }
}

impl From<ReadOnlyRefusal> for AppError {
    fn from(refusal: ReadOnlyRefusal) -> AppError {
        match refusal {
            ReadOnlyRefusal::NeedsMigration(e) | ReadOnlyRefusal::Failed(e) => e,
        }
    }
}

impl Store {
    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub fn open(path: &Path, ids: &dyn IdGen, now: DateTime<Utc>) -> AppResult<Store> {
        Store::open_checked(path, ids, now, Check::Quick)
    }

    /// Opens (creating if needed, readable by its owner only) the database file at
    /// `path`, runs `check` on it before anything is written, then migrates it.
    pub fn open_checked(
        path: &Path,
        ids: &dyn IdGen,
        now: DateTime<Utc>,
        check: Check,
    ) -> AppResult<Store> {
        crate::data_dir::create_private_file(path).map_err(|e| {
            crate::data_dir::storage_error(format!(
                "la base {} ne peut pas être créée ({}) : vérifiez les droits du dossier de données",
                path.display(), crate::error::os_reason(&e)
            ))
        })?;
        let conn = Connection::open(path)?;
        if let Some(pragma) = check.pragma() {
            verify(&conn, pragma, path)?;
        }
        let store = Store::prepare(conn, ids, now)?;
        store.probe_outbox(path)?;
        Ok(store)
    }

    /// Reads every operation the sync server has not accepted yet: a database whose
    /// outbox cannot be read must not sell or admit anything (its writes would never
    /// reach the server). Page-level checks cannot see a changed byte inside a row.
    pub fn probe_outbox(&self, path: &Path) -> AppResult<()> {
        outbox_pending(&self.conn).map(drop).map_err(|e| {
            crate::data_dir::storage_error(format!(
                "la base {} est endommagée : ses opérations en attente d'envoi sont illisibles ({e}) ; {}",
                path.display(),
                crate::data_dir::RESTORE_ADVICE
            ))
        })
    }

    /// Opens the database at `path` for reading only: no data is written (SQLite may
    /// create its empty `-wal`/`-shm` coordination files where the folder allows it).
    /// When SQLite cannot read it that way (a read-only folder where the
    /// shared-memory index cannot be created), it reads the file as immutable, provided
    /// no unmerged journal (`-wal`) is left beside it.
    pub fn open_read_only(path: &Path, check: Check) -> Result<Store, ReadOnlyRefusal> {
        let store = Store::open_read_only_any_version(path, check)?;
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if migrations::pending(version) {
            return Err(ReadOnlyRefusal::NeedsMigration(
                crate::data_dir::storage_error(format!(
                    "la base {} vient d'une version précédente de Guichet et doit être mise à jour : \
                     ouvrez ce dossier une fois avec le droit d'écriture (n'importe quelle commande \
                     qui enregistre, ou « guichet device »), puis réessayez",
                    path.display()
                )),
            ));
        }
        store.probe_outbox(path)?;
        Ok(store)
    }

    /// [`Store::open_read_only`] whatever the database's version (for `guichet check`).
    pub fn open_read_only_any_version(path: &Path, check: Check) -> AppResult<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let wal = wal_path(path);
        let mut shm = path.as_os_str().to_owned();
        shm.push("-shm");
        // A shared-memory index this process cannot write cannot coordinate with a writer
        // either: SQLite's read-only-index mode then stalls some operations (the online
        // backup). Read such a database as immutable straight away.
        let shm_read_only = std::fs::metadata(&shm).is_ok()
            && std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(&shm)
                .is_err();
        let normal = if shm_read_only {
            Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_READONLY),
                Some("index partagé en lecture seule".to_owned()),
            ))
        } else {
            Connection::open_with_flags(path, flags).and_then(|c| {
                c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))?;
                Ok(c)
            })
        };
        let conn = match normal {
            Ok(conn) => conn,
            Err(first) => {
                if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
                    return Err(crate::data_dir::storage_error(format!(
                        "la base {} ne peut pas être lue en lecture seule ({first}) et son journal {} \
                         n'est pas intégré (Guichet est ouvert ailleurs, ou sa dernière fermeture a été \
                         interrompue) : fermez l'autre Guichet, ou ouvrez ce dossier une fois avec le \
                         droit d'écriture (n'importe quelle commande qui enregistre), puis réessayez",
                        path.display(),
                        wal.display()
                    )));
                }
                Connection::open_with_flags(
                    immutable_uri(path),
                    flags | OpenFlags::SQLITE_OPEN_URI,
                )?
            }
        };
        conn.pragma_update(None, "query_only", "ON")?;
        tune(&conn)?;
        if let Some(pragma) = check.pragma() {
            verify(&conn, pragma, path)?;
        }
        Ok(Store {
            conn,
            upgraded: None,
            device: std::cell::OnceCell::new(),
            made_by: None,
        })
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory(ids: &dyn IdGen, now: DateTime<Utc>) -> AppResult<Store> {
        Store::prepare(Connection::open_in_memory()?, ids, now)
    }

    fn prepare(mut conn: Connection, ids: &dyn IdGen, now: DateTime<Utc>) -> AppResult<Store> {
        // A busy database is waited for, not failed on: no user write holds the lock
        // for more than a fraction of a second, so this is only ever a short wait.
        conn.busy_timeout(BUSY_WAIT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Content deleted or overwritten (an anonymised guest) is zeroed in the pages
        // written anyway, not left readable in the file (GDPR).
        conn.pragma_update(None, "secure_delete", "FAST")?;
        tune(&conn)?;
        let upgraded = migrations::apply(&mut conn)?;
        // Read first: an open that writes nothing never waits for another writer.
        let known: bool =
            conn.query_row("SELECT EXISTS (SELECT 1 FROM device)", [], |r| r.get(0))?;
        if !known {
            conn.execute(
                "INSERT INTO device (id, created_at) SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM device)",
                (ids.next_id().to_string(), now.to_rfc3339()),
            )?;
        }
        Ok(Store {
            conn,
            upgraded,
            device: std::cell::OnceCell::new(),
            made_by: None,
        })
    }

    /// `PRAGMA integrity_check`: every problem SQLite finds, in its words (empty when
    /// the database is sound).
    pub fn integrity_problems(&self) -> AppResult<Vec<String>> {
        match problems(&self.conn, "integrity_check") {
            Err(e) if is_damage(&e) => Ok(vec![format!("base illisible : {e}")]),
            other => Ok(other?),
        }
    }

    /// Gives this database a new device identity: a restored copy is a new device and
    /// must never speak to the sync server as the one it was copied from. Keeps the
    /// device's name. Returns the new device id.
    ///
    /// Everything else that belongs to one device goes here too when it exists (the
    /// device token given at enrolment, the sync cursor): a copy starts without them.
    pub fn renew_device_identity(&mut self, ids: &dyn IdGen) -> AppResult<uuid::Uuid> {
        let id = ids.next_id();
        let tx = self.conn.transaction()?;
        let changed = tx.execute("UPDATE device SET id = ?1", [id.to_string()])?;
        if changed != 1 {
            return Err(crate::data_dir::storage_error(format!(
                "la base compte {changed} poste(s) au lieu d'un : {}",
                crate::data_dir::RESTORE_ADVICE
            )));
        }
        // Its invoice series belonged to the device it was copied from (B3): the copy
        // gets its own from the server, and meanwhile numbers in a provisional one.
        tx.execute(
            "DELETE FROM device_settings WHERE key = ?1",
            [crate::invoices::SERIES_SETTING],
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// What this open upgraded, to say so: `« la base a été mise à jour (schéma 4 → 5) »`.
    pub fn upgrade_notice(&self) -> Option<String> {
        self.upgraded.map(|u| {
            format!(
                "la base de ce poste a été mise à jour pour cette version de Guichet (schéma {} → {}) ; rien n'a été perdu",
                u.from, u.to
            )
        })
    }

    /// How long a write waits for another process's write before it fails (a kiosk
    /// that must answer every scan waits less, and retries).
    pub fn set_busy_wait(&self, wait: std::time::Duration) -> AppResult<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }

    /// Names the operator who signs this device's operations from now on (`None`:
    /// nobody signed in, or a device without operators).
    pub fn set_made_by(&mut self, operator: Option<String>) {
        self.made_by = operator;
    }

    /// The connection, for reads.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `work` in one IMMEDIATE transaction: everything it wrote, outbox
    /// operations included, commits together, or nothing does.
    pub fn write<T>(
        &mut self,
        ids: &dyn IdGen,
        now: DateTime<Utc>,
        work: impl FnOnce(&mut Tx<'_>) -> AppResult<T>,
    ) -> AppResult<T> {
        let device = match self.device.get() {
            Some(device) => *device,
            None => {
                let device = device::device(&self.conn)?.0;
                *self.device.get_or_init(|| device)
            }
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut tx = Tx::new(tx, ids, now);
        let _ = tx.device.set(device);
        tx.made_by.clone_from(&self.made_by);
        let value = work(&mut tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Applies an operation pulled from the server, once: its id is remembered, and a
    /// second delivery (or one of this device's own operations coming back) changes
    /// nothing. Writes no outbox row. Returns whether it changed anything.
    pub fn apply_remote(
        &mut self,
        ids: &dyn IdGen,
        now: DateTime<Utc>,
        envelope: &guichet_core::sync::Envelope,
    ) -> AppResult<bool> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = envelope.id.to_string();
        let seen: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM applied_ops WHERE id = ?1)
                 OR EXISTS (SELECT 1 FROM outbox_ops WHERE id = ?1)",
            [&id],
            |row| row.get(0),
        )?;
        if seen {
            return Ok(false);
        }
        let mut tx = Tx::new(tx, ids, envelope.at);
        tx.author = Some(envelope.device);
        tx.op_id.set(Some(envelope.id));
        tx.apply(&envelope.op)?;
        tx.conn().execute(
            "INSERT INTO applied_ops (id, device_id, seq, applied_at, made_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            (
                id,
                envelope.device.to_string(),
                i64::try_from(envelope.seq).unwrap_or(i64::MAX),
                now.to_rfc3339(),
                envelope.by.as_ref().map(|b| b.as_str()),
            ),
        )?;
        tx.commit()?;
        Ok(true)
    }
}

/// How many prepared statements a connection keeps (rusqlite keeps 16 by default:
/// fewer than one sale uses, so that each of them was prepared anew every time).
const STATEMENT_CACHE: usize = 256;

/// Makes the statements the store keeps prepared stay prepared. SQLite re-prepares a
/// statement whose plan may depend on a bound value (any `column = ?` filter) each
/// time its bindings are cleared — which rusqlite does whenever a cached statement
/// goes back to its cache —, unless the query planner stability guarantee is on: with
/// it, one statement keeps one plan whatever the values bound.
fn tune(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

/// The `-wal` journal beside a database file.
pub fn wal_path(path: &Path) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    std::path::PathBuf::from(name)
}

/// `file:PATH?immutable=1`, the path percent-encoded where a URI needs it.
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii() && !matches!(byte, b'?' | b'#' | b'%') {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// The problems a check pragma reports (`ok` alone means none).
fn problems(conn: &Connection, pragma: &str) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare(&format!("PRAGMA {pragma}"))?;
    let rows = statement.query_map([], |r| r.get::<_, String>(0))?;
    let lines = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines.into_iter().filter(|l| l != "ok").collect())
}

/// Whether SQLite says the file itself is damaged (rather than busy, read-only, …).
fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

/// Refuses a database a check pragma finds damaged (or cannot even read).
fn verify(conn: &Connection, pragma: &str, path: &Path) -> AppResult<()> {
    let found = match problems(conn, pragma) {
        Ok(found) => found,
        Err(e) if is_damage(&e) => {
            return Err(crate::data_dir::storage_error(format!(
                "la base {} est illisible ({}) : {}",
                path.display(),
                crate::data_dir::RESTORE_ADVICE,
                crate::error::sqlite_reason(&e)
            )))
        }
        Err(e) => return Err(e.into()),
    };
    match found.first() {
        None => Ok(()),
        Some(first) => Err(crate::data_dir::storage_error(format!(
            "la base {} est endommagée ({} problème(s), dont : {first}) : {}",
            path.display(),
            found.len(),
            crate::data_dir::RESTORE_ADVICE
        ))),
    }
}
