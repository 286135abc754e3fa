//! Append-only migrations, embedded at build time; `PRAGMA user_version` records
//! how many have been applied.

use rusqlite::Connection;

use crate::error::{AppError, AppResult};

/// Every migration, in order. Never edit or reorder one: append the next.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/local/0001_planning.sql"),
    include_str!("../../../migrations/local/0002_box_office.sql"),
    include_str!("../../../migrations/local/0003_session_counters.sql"),
    include_str!("../../../migrations/local/0004_ticket_kinds.sql"),
    include_str!("../../../migrations/local/0005_operations.sql"),
    include_str!("../../../migrations/local/0006_sync.sql"),
    include_str!("../../../migrations/local/0007_sync_error_code.sql"),
    include_str!("../../../migrations/local/0008_outbox_pending.sql"),
    include_str!("../../../migrations/local/0009_booking_file.sql"),
    include_str!("../../../migrations/local/0010_festival_setup.sql"),
    include_str!("../../../migrations/local/0011_drafts_operators.sql"),
    include_str!("../../../migrations/local/0012_till.sql"),
    include_str!("../../../migrations/local/0013_journal.sql"),
    include_str!("../../../migrations/local/0014_sales.sql"),
    include_str!("../../../migrations/local/0015_payouts.sql"),
    include_str!("../../../migrations/local/0016_forms.sql"),
    include_str!("../../../migrations/local/0017_media.sql"),
    include_str!("../../../migrations/local/0018_sale_pages.sql"),
];

/// The migration after which the first outbox's rows are converted to operations.
const OPERATIONS: usize = 5;

/// Whether a database at `user_version` still needs migrations.
pub fn pending(user_version: i64) -> bool {
    usize::try_from(user_version).map_or(true, |v| v < MIGRATIONS.len())
}

/// An upgrade of an existing database's schema, from one version to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Upgrade {
    /// The version it had.
    pub from: i64,
    /// The version it has now.
    pub to: i64,
}

/// Applies the migrations this database has not seen yet, each in its own transaction;
/// a database written by a newer Guichet is refused, untouched. Returns the upgrade
/// of a database that already held data (`None` for a new one, or one up to date).
pub fn apply(conn: &mut Connection) -> AppResult<Option<Upgrade>> {
    let applied: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if usize::try_from(applied).map_or(true, |v| v > MIGRATIONS.len()) {
        return Err(AppError::input(format!(
            "cette base a été écrite par une version plus récente de Guichet (schéma {applied}, \
             cette version connaît {}) : installez la dernière version de Guichet ; la base n'a \
             pas été modifiée",
            MIGRATIONS.len()
        )));
    }
    for (index, sql) in (0i64..)
        .zip(MIGRATIONS.iter())
        .skip(usize::try_from(applied).unwrap_or(0))
    {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if usize::try_from(index + 1) == Ok(OPERATIONS) {
            super::legacy_outbox::upgrade(&tx)?;
        }
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    let to = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
    Ok((applied > 0 && applied < to).then_some(Upgrade { from: applied, to }))
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
