//! The one seam between the server's logic and its two databases: a transaction that
//! runs SQL with `$1`-style placeholders over text, integers and nulls. Every query
//! is written once and runs on both (SQLite reads `$N` as `?N`).

use std::fmt;

/// A parameter or a column value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `NULL`.
    Null,
    /// `BIGINT`.
    Int(i64),
    /// `TEXT`.
    Text(String),
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::Text(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::Text(text)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Int(n)
    }
}

impl From<uuid::Uuid> for Value {
    fn from(id: uuid::Uuid) -> Value {
        Value::Text(id.to_string())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Value {
        value.map_or(Value::Null, Into::into)
    }
}

/// A row of a result.
#[derive(Debug, Clone)]
pub struct Row(pub Vec<Value>);

impl Row {
    /// Column `i` as text.
    pub fn text(&self, i: usize) -> Result<String, DbError> {
        match self.0.get(i) {
            Some(Value::Text(t)) => Ok(t.clone()),
            other => Err(DbError::Shape(format!(
                "colonne {i} : texte attendu, {other:?}"
            ))),
        }
    }

    /// Column `i` as text, or none.
    pub fn opt_text(&self, i: usize) -> Result<Option<String>, DbError> {
        match self.0.get(i) {
            Some(Value::Null) => Ok(None),
            _ => self.text(i).map(Some),
        }
    }

    /// Column `i` as an integer.
    pub fn int(&self, i: usize) -> Result<i64, DbError> {
        match self.0.get(i) {
            Some(Value::Int(n)) => Ok(*n),
            other => Err(DbError::Shape(format!(
                "colonne {i} : entier attendu, {other:?}"
            ))),
        }
    }

    /// Column `i` as an integer, or none.
    pub fn opt_int(&self, i: usize) -> Result<Option<i64>, DbError> {
        match self.0.get(i) {
            Some(Value::Null) => Ok(None),
            _ => self.int(i).map(Some),
        }
    }

    /// Column `i` parsed (a UUID, a date…).
    pub fn parse<T: std::str::FromStr>(&self, i: usize) -> Result<T, DbError>
    where
        T::Err: fmt::Display,
    {
        let text = self.text(i)?;
        text.parse()
            .map_err(|e| DbError::Shape(format!("colonne {i} « {text} » : {e}")))
    }
}

/// A database failure.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The database refused or failed.
    #[error("base de données : {0}")]
    Backend(String),
    /// Another transaction got in the way (retry).
    #[error("transaction concurrente : {0}")]
    Retry(String),
    /// A stored value does not read back.
    #[error("donnée illisible : {0}")]
    Shape(String),
}

/// One transaction.
pub trait Sql {
    /// Runs a statement; returns the rows it changed.
    fn exec(&mut self, sql: &str, params: &[Value]) -> Result<u64, DbError>;
    /// Runs a query.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, DbError>;
    /// Runs a query expected to give at most one row.
    fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, DbError> {
        Ok(self.query(sql, params)?.into_iter().next())
    }
    /// Runs a script of statements without parameters (the schema).
    fn batch(&mut self, sql: &str) -> Result<(), DbError>;
}

/// A database the server runs on: a pool of connections, each use one transaction.
pub trait Database: Send + Sync + 'static {
    /// Runs `work` in one transaction, committed when it returns `Ok`, retried a few
    /// times when another transaction got in the way.
    fn transaction<T>(
        &self,
        work: &mut dyn FnMut(&mut dyn Sql) -> Result<T, crate::Error>,
    ) -> Result<T, crate::Error>;
    /// What it is, for logs (never a password).
    fn describe(&self) -> String;
}

/// `$1` → `?1` (SQLite's numbered parameters).
pub fn sqlite_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

/// A small pool: connections are made on demand up to `max`, kept for reuse.
pub struct Pool<C> {
    idle: std::sync::Mutex<Vec<C>>,
    slots: std::sync::Arc<tokio::sync::Semaphore>,
}

impl<C> Pool<C> {
    /// A pool of at most `max` connections.
    pub fn new(max: usize) -> Pool<C> {
        Pool {
            idle: std::sync::Mutex::new(Vec::new()),
            slots: std::sync::Arc::new(tokio::sync::Semaphore::new(max)),
        }
    }

    /// Runs `work` on a connection (an idle one, or one `connect` makes), waiting for
    /// a free slot; a connection that failed is dropped, not returned.
    pub fn with<T>(
        &self,
        connect: impl FnOnce() -> Result<C, DbError>,
        work: impl FnOnce(&mut C) -> Result<T, crate::Error>,
    ) -> Result<T, crate::Error> {
        let _slot = loop {
            match self.slots.clone().try_acquire_owned() {
                Ok(permit) => break permit,
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(2)),
            }
        };
        let idle = self.idle.lock().map(|mut v| v.pop()).unwrap_or(None);
        let mut conn = match idle {
            Some(conn) => conn,
            None => connect()?,
        };
        let result = work(&mut conn);
        let broken = matches!(result, Err(crate::Error::Db(DbError::Backend(_))));
        if !broken {
            if let Ok(mut idle) = self.idle.lock() {
                idle.push(conn);
            }
        }
        result
    }
}

/// How many times a transaction that met another is tried.
pub const TRIES: u32 = 20;

/// Runs `attempt` again while it meets another transaction, up to [`TRIES`] times.
pub fn retrying<T>(
    mut attempt: impl FnMut() -> Result<T, crate::Error>,
) -> Result<T, crate::Error> {
    let mut tries = 0;
    loop {
        tries += 1;
        match attempt() {
            Err(crate::Error::Db(DbError::Retry(_))) if tries < TRIES => continue,
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn d4_placeholders_are_numbered_for_sqlite() {
        assert_eq!(
            super::sqlite_placeholders("SELECT $1, '$', $12 WHERE a = $2"),
            "SELECT ?1, '$', ?12 WHERE a = ?2"
        );
    }
}
