//! PostgreSQL (`--database postgres://…`): the same queries, on the blocking
//! `postgres` client, in a pool; every transaction is `READ COMMITTED` and takes the
//! provider's row lock before it numbers a change, so numbers commit in order.

use postgres::types::{ToSql, Type};
use postgres::{Client, NoTls};

use crate::sql::{retrying, Database, DbError, Pool, Row, Sql, Value};

/// A PostgreSQL database.
pub struct Postgres {
    url: String,
    pool: Pool<Client>,
}

impl Postgres {
    /// Connects to `url` and migrates the schema.
    pub fn open(url: &str) -> Result<Postgres, crate::Error> {
        let db = Postgres {
            url: url.to_owned(),
            pool: Pool::new(16),
        };
        crate::schema::migrate(&db)?;
        Ok(db)
    }
}

fn backend(e: postgres::Error) -> DbError {
    use postgres::error::SqlState;
    match e.code() {
        Some(code)
            if *code == SqlState::T_R_SERIALIZATION_FAILURE
                || *code == SqlState::T_R_DEADLOCK_DETECTED
                || *code == SqlState::UNIQUE_VIOLATION =>
        {
            DbError::Retry(e.to_string())
        }
        Some(_) => DbError::Shape(e.to_string()),
        None => DbError::Backend(e.to_string()),
    }
}

struct Tx<'a, 'b>(&'a mut postgres::Transaction<'b>);

/// `NULL` for a parameter of any type.
#[derive(Debug)]
struct Null;

impl ToSql for Null {
    fn to_sql(
        &self,
        _: &Type,
        _: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        Ok(postgres::types::IsNull::Yes)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

fn params(values: &[Value]) -> Vec<Box<dyn ToSql + Sync>> {
    values
        .iter()
        .map(|v| -> Box<dyn ToSql + Sync> {
            match v {
                Value::Null => Box::new(Null),
                Value::Int(n) => Box::new(*n),
                Value::Text(t) => Box::new(t.clone()),
            }
        })
        .collect()
}

fn refs(boxed: &[Box<dyn ToSql + Sync>]) -> Vec<&(dyn ToSql + Sync)> {
    boxed.iter().map(|b| b.as_ref()).collect()
}

impl Sql for Tx<'_, '_> {
    fn exec(&mut self, sql: &str, values: &[Value]) -> Result<u64, DbError> {
        let boxed = params(values);
        self.0.execute(sql, &refs(&boxed)).map_err(backend)
    }

    fn query(&mut self, sql: &str, values: &[Value]) -> Result<Vec<Row>, DbError> {
        let boxed = params(values);
        let rows = self.0.query(sql, &refs(&boxed)).map_err(backend)?;
        rows.iter()
            .map(|row| {
                (0..row.len())
                    .map(|i| {
                        let ty = row.columns()[i].type_();
                        Ok(if *ty == Type::INT8 {
                            row.try_get::<_, Option<i64>>(i)
                                .map_err(backend)?
                                .map_or(Value::Null, Value::Int)
                        } else if *ty == Type::INT4 {
                            row.try_get::<_, Option<i32>>(i)
                                .map_err(backend)?
                                .map_or(Value::Null, |n| Value::Int(i64::from(n)))
                        } else {
                            row.try_get::<_, Option<String>>(i)
                                .map_err(backend)?
                                .map_or(Value::Null, Value::Text)
                        })
                    })
                    .collect::<Result<Vec<_>, DbError>>()
                    .map(Row)
            })
            .collect()
    }

    fn batch(&mut self, sql: &str) -> Result<(), DbError> {
        self.0.batch_execute(sql).map_err(backend)
    }
}

impl Database for Postgres {
    fn transaction<T>(
        &self,
        work: &mut dyn FnMut(&mut dyn Sql) -> Result<T, crate::Error>,
    ) -> Result<T, crate::Error> {
        retrying(|| {
            self.pool.with(
                || Client::connect(&self.url, NoTls).map_err(|e| DbError::Backend(e.to_string())),
                |client| {
                    let mut tx = client.transaction().map_err(backend)?;
                    let value = work(&mut Tx(&mut tx))?;
                    tx.commit().map_err(backend)?;
                    Ok(value)
                },
            )
        })
    }

    fn describe(&self) -> String {
        // The URL may carry a password: name the host part only.
        let host = self
            .url
            .rsplit('@')
            .next()
            .unwrap_or("?")
            .split('?')
            .next()
            .unwrap_or("?");
        format!("PostgreSQL {host}")
    }
}
