//! Append-only migrations, embedded at build time; `PRAGMA user_version` records
//! how many have been applied.

use rusqlite::Connection;

/// Every migration, in order. Never edit or reorder one: append the next.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/local/0001_planning.sql"),
    include_str!("../../../migrations/local/0002_box_office.sql"),
    include_str!("../../../migrations/local/0003_session_counters.sql"),
];

/// Whether a database at `user_version` still needs migrations.
pub fn pending(user_version: i64) -> bool {
    usize::try_from(user_version).map_or(true, |v| v < MIGRATIONS.len())
}

/// Applies the migrations this database has not seen yet, each in its own transaction.
pub fn apply(conn: &mut Connection) -> rusqlite::Result<()> {
    let applied: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    for (index, sql) in (0i64..)
        .zip(MIGRATIONS.iter())
        .skip(usize::try_from(applied).unwrap_or(0))
    {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_apply_once_and_record_their_count() {
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn).unwrap();
        apply(&mut conn).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version as usize, MIGRATIONS.len());
    }
}
