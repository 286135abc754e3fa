//! Guichet's headless application: what the window, the command line and the
//! tests call. One `pub fn` per user action on [`App`]; the rules themselves live
//! in `guichet-core`, the state in the local [`store::Store`].

pub mod box_office;
pub mod clock;
pub mod demo;
pub mod destination;
pub mod entropy;
pub mod error;
pub mod logging;
pub mod planning;
pub mod scanner;
pub mod settings;
pub mod stays;
pub mod store;
pub mod tariff_file;
pub mod tariffs;
pub mod ticket_keys;
pub mod ticket_pdf;
pub mod ticket_print;
pub mod ticket_views;
pub mod units;
pub mod views;

use std::path::{Path, PathBuf};

use clock::{Clock, IdGen, SystemClock, UuidV7};
use entropy::{Entropy, SystemEntropy};
use error::{AppError, AppResult};
use store::{Store, Tx};

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
    keys: Option<ticket_keys::KeyRing>,
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
    pub fn open_with(
        data_dir: &Path,
        clock: Box<dyn Clock>,
        ids: Box<dyn IdGen>,
    ) -> AppResult<App> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            AppError::input(format!(
                "le dossier de données {} ne peut pas être créé ({e}) : choisissez-en un autre avec --data-dir",
                data_dir.display()
            ))
        })?;
        let store = Store::open(&database_path(data_dir), ids.as_ref(), clock.now())?;
        Ok(App {
            store,
            clock,
            ids,
            entropy: Box::new(SystemEntropy),
            data_dir: Some(data_dir.to_owned()),
            keys: None,
        })
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
        })
    }

    /// The same application drawing its randomness (ticket serials, keys) from
    /// `entropy`, for seeded runs that replay.
    pub fn with_entropy(mut self, entropy: Box<dyn Entropy>) -> App {
        self.entropy = entropy;
        self
    }

    /// The store, for reads.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Now, on the application's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// Runs `work` in one transaction at the current instant.
    fn write<T>(&mut self, work: impl FnOnce(&mut Tx<'_>) -> AppResult<T>) -> AppResult<T> {
        let now = self.clock.now();
        self.store.write(self.ids.as_ref(), now, work)
    }

    /// The ticket keys, re-read when another process changed them. The first key is
    /// created only in a data dir that has sold no ticket ([`ticket_keys::KeyRing::open`]).
    fn keys(&mut self) -> AppResult<&mut ticket_keys::KeyRing> {
        if let Some(ring) = &mut self.keys {
            ring.refresh();
        } else {
            let ring = match &self.data_dir {
                Some(dir) => {
                    let sold = store::box_office::any_ticket(self.store.conn())?;
                    ticket_keys::KeyRing::open(dir, sold, self.entropy.as_ref())?
                }
                None => ticket_keys::KeyRing::in_memory(self.entropy.as_ref())?,
            };
            self.keys = Some(ring);
        }
        self.keys
            .as_mut()
            .ok_or_else(|| AppError::rule("clés de billetterie indisponibles"))
    }

    /// The operations waiting for the sync server.
    pub fn outbox(&self) -> AppResult<Vec<store::OutboxOp>> {
        Ok(store::read::outbox_pending(self.store.conn())?)
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
