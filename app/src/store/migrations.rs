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
    include_str!("../../../migrations/local/0019_sale_tickets.sql"),
    include_str!("../../../migrations/local/0020_product_sold.sql"),
    include_str!("../../../migrations/local/0021_invoices.sql"),
    include_str!("../../../migrations/local/0022_paperwork_contract.sql"),
    include_str!("../../../migrations/local/0023_ical.sql"),
    include_str!("../../../migrations/local/0024_mail.sql"),
    include_str!("../../../migrations/local/0025_customers.sql"),
    include_str!("../../../migrations/local/0026_deleted_rows.sql"),
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

    #[test]
    fn migration_18_keeps_every_sale_line_and_payment_in_its_order() {
        let mut conn = Connection::open_in_memory().unwrap();
        // Version 17: the device row exists from version 1 on (migration 5 reads it).
        for (index, sql) in MIGRATIONS.iter().take(17).enumerate() {
            conn.execute_batch(sql).unwrap();
            if index == 0 {
                conn.execute(
                    "INSERT INTO device (id, created_at) VALUES ('d', '2026-07-01T10:00:00Z')",
                    [],
                )
                .unwrap();
            }
        }
        conn.pragma_update(None, "user_version", 17).unwrap();
        conn.execute_batch(
            "INSERT INTO sales (id, number, device_id, at, total, change)
             VALUES ('s1', 1, 'd', '2026-07-01T10:00:00Z', '30.00', '0.00'),
                    ('s2', 2, 'd', '2026-07-01T11:00:00Z', '12.00', '0.00');
             INSERT INTO sale_lines (sale_id, n, product_id, label, quantity, unit_price, vat_rate)
             VALUES ('s1', 1, 'p1', 'Poney', 1, '10.00', 2000),
                    ('s1', 2, 'p2', 'Vélo', 2, '10.00', 2000),
                    ('s2', 1, 'p1', 'Poney', 1, '12.00', 2000);
             INSERT INTO sale_payments (id, sale_id, kind, method, amount, at, device_id)
             VALUES ('s1:2', 's1', 'payment', 'cash', '10.00', '2026-07-01T10:00:00Z', 'd'),
                    ('s2:1', 's2', 'payment', 'card', '12.00', '2026-07-01T11:00:00Z', 'd'),
                    ('s1:1', 's1', 'payment', 'card', '20.00', '2026-07-01T10:00:00Z', 'd'),
                    ('r1', 's1', 'refund', 'cash', '-5.00', '2026-07-01T12:00:00Z', 'd');",
        )
        .unwrap();
        let upgrade = apply(&mut conn).unwrap();
        let latest = i64::try_from(MIGRATIONS.len()).unwrap();
        assert_eq!(
            upgrade,
            Some(Upgrade {
                from: 17,
                to: latest
            })
        );
        let sales: Vec<(String, i64)> = conn
            .prepare("SELECT id, number FROM sales ORDER BY at")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(sales, [("s1".to_owned(), 1), ("s2".to_owned(), 2)]);
        let lines: Vec<(String, i64, String)> = conn
            .prepare("SELECT sale_id, n, label FROM sale_lines ORDER BY sale_id, n")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[1], ("s1".to_owned(), 2, "Vélo".to_owned()));
        // Each sale's payments keep the order they were written in.
        let payments: Vec<(String, i64, String)> = conn
            .prepare("SELECT sale_id, n, id FROM sale_payments ORDER BY sale_id, n")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let expected = [
            ("s1", 1, "s1:2"),
            ("s1", 2, "s1:1"),
            ("s1", 3, "r1"),
            ("s2", 1, "s2:1"),
        ];
        assert_eq!(
            payments,
            expected.map(|(s, n, id)| (s.to_owned(), n, id.to_owned()))
        );
        // The cash a drawer should hold reads the cash payments by their own index.
        let plan: String = conn
            .query_row(
                "EXPLAIN QUERY PLAN SELECT amount FROM sale_payments
                 WHERE method = 'cash' AND device_id = ?1 AND at >= ?2",
                ["d", "2026-07-01"],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("sale_payments_cash"), "{plan}");
    }
}
