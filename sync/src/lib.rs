//! `guichet-sync`: the central sync server. A server-authoritative operation log per
//! provider (architecture.md, "Sync, in one paragraph"): devices push their outbox,
//! the server applies each operation once under core's conflict rules and numbers it,
//! devices pull what they lack. Stateless between requests: everything lives in the
//! database (SQLite in a data folder, or PostgreSQL), so several instances can serve
//! one database.

pub mod accounts;
pub mod clock;
pub mod feeds;
pub mod http;
pub mod ledger;
pub mod log;
pub mod postgres;
pub mod schema;
pub mod secrets;
pub mod sql;
pub mod sqlite;

/// Everything that can go wrong, each with what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sql::DbError),
    /// The server cannot start as asked.
    #[error("{0}")]
    Setup(String),
    /// No valid device token.
    #[error("ce poste n'est pas inscrit auprès de ce serveur (jeton absent ou inconnu) : inscrivez-le avec « guichet enroll »")]
    Unauthorized,
    /// The device was revoked.
    #[error("ce poste a été révoqué par le prestataire : il ne peut plus synchroniser ; ses données locales restent intactes")]
    Revoked,
    /// An enrolment refused.
    #[error("{0}")]
    Enrollment(String),
    /// A request that cannot be read.
    #[error("{0}")]
    BadRequest(String),
    /// A client of another protocol version.
    #[error("{0}")]
    Upgrade(String),
}

/// The result of the server's work.
pub type Result<T> = std::result::Result<T, Error>;

/// Either database, chosen at start.
pub enum AnyDb {
    /// Embedded.
    Sqlite(sqlite::Sqlite),
    /// `--database postgres://…`.
    Postgres(postgres::Postgres),
}

impl sql::Database for AnyDb {
    fn transaction<T>(&self, work: &mut dyn FnMut(&mut dyn sql::Sql) -> Result<T>) -> Result<T> {
        match self {
            AnyDb::Sqlite(db) => db.transaction(work),
            AnyDb::Postgres(db) => db.transaction(work),
        }
    }

    fn describe(&self) -> String {
        match self {
            AnyDb::Sqlite(db) => db.describe(),
            AnyDb::Postgres(db) => db.describe(),
        }
    }
}
