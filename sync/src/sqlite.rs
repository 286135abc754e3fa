//! The embedded store: one SQLite file in the data folder (WAL, `synchronous=FULL`),
//! on rusqlite like the devices.

use std::path::{Path, PathBuf};

use rusqlite::{types::ValueRef, Connection, TransactionBehavior};

use crate::sql::{retrying, sqlite_placeholders, Database, DbError, Pool, Row, Sql, Value};

/// The database file's name in the data folder.
pub const FILE: &str = "guichet-sync.db";

/// SQLite in a data folder.
pub struct Sqlite {
    path: PathBuf,
    pool: Pool<Connection>,
}

impl Sqlite {
    /// Opens (creating) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Sqlite, crate::Error> {
        std::fs::create_dir_all(dir).map_err(|e| {
            crate::Error::Setup(format!(
                "le dossier de données {} ne peut pas être créé ({e})",
                dir.display()
            ))
        })?;
        let db = Sqlite {
            path: dir.join(FILE),
            pool: Pool::new(8),
        };
        crate::schema::migrate(&db)?;
        Ok(db)
    }

    fn connect(path: &Path) -> Result<Connection, DbError> {
        let conn = Connection::open(path).map_err(backend)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(backend)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(backend)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(backend)?;
        // An anonymised guest's old payloads are zeroed, not left in free space.
        conn.pragma_update(None, "secure_delete", "ON")
            .map_err(backend)?;
        Ok(conn)
    }
}

fn backend(e: rusqlite::Error) -> DbError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            DbError::Retry(e.to_string())
        }
        _ => DbError::Backend(e.to_string()),
    }
}

struct Tx<'a>(&'a rusqlite::Transaction<'a>);

fn bind(params: &[Value]) -> Vec<rusqlite::types::Value> {
    params
        .iter()
        .map(|p| match p {
            Value::Null => rusqlite::types::Value::Null,
            Value::Int(n) => rusqlite::types::Value::Integer(*n),
            Value::Text(t) => rusqlite::types::Value::Text(t.clone()),
        })
        .collect()
}

impl Sql for Tx<'_> {
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError> {
        let mut statement = self
            .0
            .prepare_cached(&sqlite_placeholders(sql))
            .map_err(backend)?;
        let changed = statement
            .execute(rusqlite::params_from_iter(bind(params)))
            .map_err(backend)?;
        Ok(changed as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError> {
        let mut statement = self
            .0
            .prepare_cached(&sqlite_placeholders(sql))
            .map_err(backend)?;
        let columns = statement.column_count();
        let mut rows = statement
            .query(rusqlite::params_from_iter(bind(params)))
            .map_err(backend)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(backend)? {
            let mut values = Vec::with_capacity(columns);
            for i in 0..columns {
                values.push(match row.get_ref(i).map_err(backend)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(n) => Value::Int(n),
                    ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                    other => {
                        return Err(DbError::Shape(format!(
                            "type de colonne inattendu : {:?}",
                            other.data_type()
                        )))
                    }
                });
            }
            out.push(Row(values));
        }
        Ok(out)
    }

    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        self.0.execute_batch(sql).map_err(backend)
    }
}

impl Database for Sqlite {
    fn transaction<T>(
        &self,
        work: &mut dyn FnMut(&mut dyn Sql) -> Result<T, crate::Error>,
    ) -> Result<T, crate::Error> {
        retrying(|| {
            self.pool.with(
                || Sqlite::connect(&self.path),
                |conn| {
                    let tx = conn
                        .transaction_with_behavior(TransactionBehavior::Immediate)
                        .map_err(backend)?;
                    let value = work(&mut Tx(&tx))?;
                    tx.commit().map_err(backend)?;
                    Ok(value)
                },
            )
        })
    }

    fn describe(&self) -> String {
        format!("SQLite {}", self.path.display())
    }
}
