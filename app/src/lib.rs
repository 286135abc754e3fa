//! Guichet's headless application: what the window, the command line and the
//! tests call. One `pub fn` per user action on [`App`]; the rules themselves live
//! in `guichet-core`, the state in the local [`store::Store`].

pub mod backup;
pub mod box_office;
pub mod clock;
pub mod customers;
pub mod data_dir;
pub mod demo;
pub mod destination;
pub mod drafts;
pub mod entropy;
pub mod error;
pub mod export;
pub mod gateways;
pub mod ical;
pub mod import;
pub mod invoices;
pub mod journal;
pub mod logging;
pub mod mail;
pub mod media;
pub mod operators;
pub mod paperwork;
pub mod payouts;
pub mod planning;
pub mod privacy;
pub mod settings;
pub mod store;
pub mod sync;
pub mod till;

use std::path::{Path, PathBuf};

use clock::{Clock, IdGen, SystemClock, UuidV7};
use entropy::{Entropy, SystemEntropy};
use error::{AppError, AppResult};
use store::{Check, ReadOnlyRefusal, Store, Tx};

/// The database file's name inside the data dir.
pub const DATABASE_FILE: &str = "guichet.db";

/// The application over one data dir.
pub struct App {
    store: Store,
    clock: Box<dyn Clock>,
    ids: Box<dyn IdGen>,
    entropy: Box<dyn Entropy>,
    /// Where the ticket keys live; `None` in memory.
    data_dir: Option<PathBuf>,
    /// The ticket keys, loaded on first use.
    keys: Option<box_office::keys::KeyRing>,
    /// This process's run mark (after `store`: dropped once the database is closed);
    /// `None` in memory and read-only.
    _run_mark: Option<data_dir::RunMark>,
    /// Who is at this device, when its operators are in use.
    sessions: operators::Sessions,
}

/// Up to this size the database gets the full `PRAGMA integrity_check` at every open
/// (indexes against their tables: a damaged index could admit a ticket twice).
pub const FULL_CHECK_EVERY_OPEN_UP_TO: u64 = 64 << 20;

/// Up to this size the database gets at least `PRAGMA quick_check` at every open
/// (about 0.1 s for 64 MiB); above it, only when the last close was unclean.
pub const QUICK_CHECK_EVERY_OPEN_UP_TO: u64 = 256 << 20;

/// How much to check a database before use, from its size and the last close.
fn check_for(data_dir: &Path, unclean: bool) -> Check {
    let len = std::fs::metadata(database_path(data_dir)).map_or(0, |m| m.len());
    if len <= FULL_CHECK_EVERY_OPEN_UP_TO {
        Check::Full
    } else if unclean || len <= QUICK_CHECK_EVERY_OPEN_UP_TO {
        Check::Quick
    } else {
        Check::None
    }
}

impl App {
    /// Opens the data dir (created on first use) with the system clock (pinned by
    /// `GUICHET_NOW`: an invalid value is refused) and UUIDv7 ids.
    pub fn open(data_dir: &Path) -> AppResult<App> {
        App::open_with(
            data_dir,
            Box::new(SystemClock::from_env()?),
            Box::new(UuidV7),
        )
    }

    /// Opens the data dir with the given clock and ids.
    ///
    /// A brand-new dir is initialised. Any other is checked first: a database that is
    /// missing or empty while the dir shows it was used, a file that is not SQLite or is
    /// shorter than its header says, or one `PRAGMA quick_check` finds damaged is
    /// refused (exit 2, saying to restore a backup), never re-created.
    pub fn open_with(
        data_dir: &Path,
        clock: Box<dyn Clock>,
        ids: Box<dyn IdGen>,
    ) -> AppResult<App> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            AppError::input(format!(
                "le dossier de données {} ne peut pas être créé ({}) : choisissez-en un autre avec --data-dir",
                data_dir.display(), crate::error::os_reason(&e)
            ))
        })?;
        let fresh = data_dir::check_before_open(data_dir)?;
        data_dir::check_writable(data_dir)?;
        let stale = data_dir::stale_marks(data_dir);
        let check = if fresh {
            Check::None
        } else {
            check_for(data_dir, !stale.is_empty())
        };
        let store =
            Store::open_checked(&database_path(data_dir), ids.as_ref(), clock.now(), check)?;
        data_dir::restrict_database_files(data_dir);
        data_dir::remove_stale(&stale);
        let run_mark = data_dir::claim_run_mark(data_dir)?;
        Ok(App {
            store,
            clock,
            ids,
            entropy: Box::new(SystemEntropy),
            data_dir: Some(data_dir.to_owned()),
            keys: None,
            _run_mark: Some(run_mark),
            sessions: operators::Sessions::default(),
        })
    }

    /// Opens the data dir for reading only: no migration, no device row, no run mark,
    /// no data written (where the dir allows it, SQLite may create its empty `-wal` and
    /// `-shm` coordination files, as any reader does). Works on a read-only dir. A
    /// database that needs migrating is
    /// refused, saying to open it once with write access.
    pub fn open_read_only(data_dir: &Path) -> AppResult<App> {
        Ok(App::open_read_only_with(
            data_dir,
            Box::new(SystemClock::from_env()?),
            Box::new(UuidV7),
        )?)
    }

    /// [`App::open_read_only`] with the given clock and ids.
    pub fn open_read_only_with(
        data_dir: &Path,
        clock: Box<dyn Clock>,
        ids: Box<dyn IdGen>,
    ) -> Result<App, ReadOnlyRefusal> {
        if data_dir::check_before_open(data_dir)? {
            return Err(ReadOnlyRefusal::Failed(data_dir::storage_error(format!(
                "le dossier {} ne contient pas encore de base Guichet : vérifiez --data-dir, \
                 ou créez-la avec une commande qui enregistre",
                data_dir.display()
            ))));
        }
        let unclean = !data_dir::stale_marks(data_dir).is_empty();
        let store = Store::open_read_only(&database_path(data_dir), check_for(data_dir, unclean))?;
        Ok(App {
            store,
            clock,
            ids,
            entropy: Box::new(SystemEntropy),
            data_dir: Some(data_dir.to_owned()),
            keys: None,
            _run_mark: None,
            sessions: operators::Sessions::default(),
        })
    }

    /// Opens the data dir for a command that only reads: read-only when it holds a
    /// current database; a brand-new dir is initialised and an old database migrated,
    /// as [`App::open`] does, when the dir can be written.
    pub fn open_for_reading(data_dir: &Path) -> AppResult<App> {
        if data_dir::check_before_open(data_dir)? {
            return App::open(data_dir);
        }
        let clock = SystemClock::from_env()?;
        match App::open_read_only_with(data_dir, Box::new(clock), Box::new(UuidV7)) {
            Ok(app) => Ok(app),
            Err(refusal) => match refusal {
                ReadOnlyRefusal::NeedsMigration(why) => App::open(data_dir).map_err(|_| why),
                ReadOnlyRefusal::Failed(why) => Err(why),
            },
        }
    }

    /// An application on a private in-memory database, for tests.
    pub fn in_memory(clock: Box<dyn Clock>, ids: Box<dyn IdGen>) -> AppResult<App> {
        let store = Store::open_in_memory(ids.as_ref(), clock.now())?;
        Ok(App {
            store,
            clock,
            ids,
            entropy: Box::new(SystemEntropy),
            data_dir: None,
            keys: None,
            _run_mark: None,
            sessions: operators::Sessions::default(),
        })
    }

    /// The same application drawing its randomness (ticket serials, keys) from
    /// `entropy`, for seeded runs that replay.
    pub fn with_entropy(mut self, entropy: Box<dyn Entropy>) -> App {
        self.entropy = entropy;
        self
    }

    /// The data dir, unless in memory.
    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    /// This process's run mark's name, when it holds one.
    pub fn run_mark(&self) -> Option<String> {
        self._run_mark.as_ref().map(data_dir::RunMark::name)
    }

    /// The store, for reads.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Now, on the application's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Today's civil date in the provider's zone (Europe/Paris), on the application's clock.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock
            .now()
            .with_timezone(&chrono_tz::Europe::Paris)
            .date_naive()
    }

    /// Runs `work` in one transaction at the current instant.
    fn write<T>(&mut self, work: impl FnOnce(&mut Tx<'_>) -> AppResult<T>) -> AppResult<T> {
        let now = self.clock.now();
        let pinned = self.clock.is_pinned();
        self.store.write(self.ids.as_ref(), now, |tx| {
            tx.set_clock_pinned(pinned);
            work(tx)
        })
    }

    /// The ticket keys, re-read when another process changed them. The first key is
    /// created only in a data dir that has sold no ticket ([`box_office::keys::KeyRing::open`]).
    fn keys(&mut self) -> AppResult<&mut box_office::keys::KeyRing> {
        let read_anew = match &mut self.keys {
            Some(ring) => ring.refresh(),
            None => {
                let ring = match &self.data_dir {
                    Some(dir) => {
                        let sold = box_office::store::any_ticket(self.store.conn())?;
                        box_office::keys::KeyRing::open(dir, sold, self.entropy.as_ref())?
                    }
                    None => box_office::keys::KeyRing::in_memory(self.entropy.as_ref())?,
                };
                self.keys = Some(ring);
                true
            }
        };
        if read_anew {
            let sample = box_office::store::recent_codes(self.store.conn(), KEY_CHECK_SAMPLE)?;
            if let Some(Err(mismatch)) = self.keys.as_ref().map(|r| r.check_matches(&sample)) {
                self.keys = None;
                return Err(mismatch);
            }
        }
        self.keys
            .as_mut()
            .ok_or_else(|| AppError::rule("clés de billetterie indisponibles"))
    }

    /// The operations waiting for the sync server.
    pub fn outbox(&self) -> AppResult<Vec<store::OutboxOp>> {
        Ok(store::outbox_pending(self.store.conn())?)
    }

    /// The operations waiting for the sync server as envelopes, in order; a row that
    /// cannot be read is there with why, and never hides the rows after it.
    pub fn pending_operations(
        &self,
    ) -> AppResult<Vec<Result<guichet_core::sync::Envelope, String>>> {
        Ok(store::pending_envelopes(self.store.conn())?)
    }

    /// Applies an operation pulled from the sync server: once (a second delivery
    /// changes nothing and returns false), and without writing an outbox row.
    pub fn apply_remote(&mut self, envelope: &guichet_core::sync::Envelope) -> AppResult<bool> {
        let now = self.clock.now();
        self.store.apply_remote(self.ids.as_ref(), now, envelope)
    }
}

/// An application in memory at 20/12/2026 10:00 UTC with sequential ids, for the
/// unit tests.
#[cfg(test)]
pub(crate) fn test_app() -> App {
    App::in_memory(
        Box::new(clock::ManualClock::at(
            chrono::DateTime::parse_from_rfc3339("2026-12-20T10:00:00Z")
                .map(|t| t.with_timezone(&chrono::Utc))
                .unwrap_or_default(),
        )),
        Box::new(clock::SequentialIds::default()),
    )
    .unwrap_or_else(|e| panic!("test app: {e}"))
}

/// How many of the latest tickets a key file read anew must have signed.
const KEY_CHECK_SAMPLE: u32 = 16;

/// The identifier the desktop app is installed under; the default data dir is the
/// operating system's application-data folder joined with it.
pub const APP_IDENTIFIER: &str = "fr.guichet.app";

/// The data dir used when neither `--data-dir` nor `GUICHET_DATA_DIR` names one.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
}

/// The database file of a data dir.
pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DATABASE_FILE)
}
