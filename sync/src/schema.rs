//! The server's schema: append-only migrations, each run once in its own
//! transaction, recorded in `schema_migrations`. The same text runs on SQLite and
//! PostgreSQL (TEXT and BIGINT only).

use crate::sql::{Database, Value};

/// The migrations, in order; never edit one that shipped, add the next.
const MIGRATIONS: &[&str] = &[
    // 1: providers, devices, the log, and the state core's conflict rules read.
    "CREATE TABLE providers (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        head        BIGINT NOT NULL DEFAULT 0
    );
    CREATE TABLE provider_keys (
        provider     TEXT NOT NULL REFERENCES providers(id),
        fingerprint  TEXT NOT NULL,
        key_id       BIGINT NOT NULL,
        sealed       TEXT NOT NULL,
        retired_at   TEXT,
        added_at     TEXT NOT NULL,
        PRIMARY KEY (provider, fingerprint)
    );
    CREATE TABLE enrollment_codes (
        code_hash   TEXT PRIMARY KEY,
        provider    TEXT NOT NULL REFERENCES providers(id),
        expires_at  TEXT NOT NULL,
        used_at     TEXT,
        used_by     TEXT
    );
    CREATE TABLE devices (
        id           TEXT PRIMARY KEY,
        provider     TEXT NOT NULL REFERENCES providers(id),
        name         TEXT NOT NULL,
        token_hash   TEXT NOT NULL UNIQUE,
        enrolled_at  TEXT NOT NULL,
        revoked_at   TEXT
    );
    CREATE TABLE device_seqs (
        provider  TEXT NOT NULL,
        device    TEXT NOT NULL,
        last_seq  BIGINT NOT NULL,
        PRIMARY KEY (provider, device)
    );
    CREATE TABLE ops (
        provider     TEXT NOT NULL,
        id           TEXT NOT NULL,
        seq          BIGINT,
        device       TEXT NOT NULL,
        device_seq   BIGINT NOT NULL,
        hash         TEXT NOT NULL,
        envelope     TEXT NOT NULL,
        status       TEXT NOT NULL,
        conflict     TEXT,
        received_at  TEXT NOT NULL,
        PRIMARY KEY (provider, id)
    );
    CREATE UNIQUE INDEX ops_by_seq ON ops (provider, seq);
    CREATE TABLE l_bookings (
        provider  TEXT NOT NULL,
        id        TEXT NOT NULL,
        unit      TEXT NOT NULL,
        start     TEXT NOT NULL,
        end_date  TEXT NOT NULL,
        guest     TEXT NOT NULL,
        live      BIGINT NOT NULL,
        PRIMARY KEY (provider, id)
    );
    CREATE INDEX l_bookings_by_unit ON l_bookings (provider, unit, live);
    CREATE TABLE l_admissions (
        provider     TEXT NOT NULL,
        code         TEXT NOT NULL,
        session      TEXT NOT NULL,
        device       TEXT NOT NULL,
        device_name  TEXT NOT NULL,
        at           TEXT NOT NULL,
        PRIMARY KEY (provider, code, session)
    );
    CREATE TABLE l_sessions (
        provider  TEXT NOT NULL,
        id        TEXT NOT NULL,
        capacity  BIGINT NOT NULL,
        PRIMARY KEY (provider, id)
    );
    CREATE TABLE l_sales (
        provider  TEXT NOT NULL,
        booking   TEXT NOT NULL,
        session   TEXT NOT NULL,
        seats     BIGINT NOT NULL,
        live      BIGINT NOT NULL,
        PRIMARY KEY (provider, booking)
    );
    CREATE INDEX l_sales_by_session ON l_sales (provider, session, live);
    CREATE TABLE l_fields (
        provider  TEXT NOT NULL,
        record    TEXT NOT NULL,
        field     TEXT NOT NULL,
        value     TEXT NOT NULL,
        seq       BIGINT NOT NULL,
        device    TEXT NOT NULL,
        PRIMARY KEY (provider, record, field)
    );",
    // 2: the gift voucher redemption that counts (the till).
    "CREATE TABLE l_vouchers (
        provider     TEXT NOT NULL,
        code         TEXT NOT NULL,
        device       TEXT NOT NULL,
        device_name  TEXT NOT NULL,
        at           TEXT NOT NULL,
        PRIMARY KEY (provider, code)
    );",
    // 3: the invoice series given to each device of a provider (B3): one letter per
    // device, never given twice.
    "CREATE TABLE invoice_series (
        provider      TEXT NOT NULL REFERENCES providers(id),
        letter        TEXT NOT NULL,
        device        TEXT NOT NULL,
        allocated_at  TEXT NOT NULL,
        PRIMARY KEY (provider, letter)
    );
    CREATE UNIQUE INDEX invoice_series_by_device ON invoice_series (provider, device);",
    // 4: what the server remembers of a record beyond its place: a booking invoiced
    // (never deleted, B1), a guest anonymised (no later operation brings them back).
    "CREATE TABLE l_marks (
        provider  TEXT NOT NULL,
        id        TEXT NOT NULL,
        mark      TEXT NOT NULL,
        value     TEXT NOT NULL,
        PRIMARY KEY (provider, id, mark)
    );",
];

/// Brings the schema up to date; refuses a database a newer server migrated.
pub fn migrate<D: Database>(db: &D) -> crate::Result<()> {
    db.transaction(&mut |sql| {
        sql.batch("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)")?;
        Ok(())
    })?;
    let known = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
    for (version, script) in (1i64..).zip(MIGRATIONS) {
        db.transaction(&mut |sql| {
            let done = sql
                .query_opt(
                    "SELECT version FROM schema_migrations WHERE version = $1",
                    &[Value::Int(version)],
                )?
                .is_some();
            if !done {
                sql.batch(script)?;
                sql.exec(
                    "INSERT INTO schema_migrations (version) VALUES ($1)",
                    &[Value::Int(version)],
                )?;
            }
            Ok(())
        })?;
    }
    let newest = db.transaction(&mut |sql| {
        Ok(sql
            .query_opt("SELECT MAX(version) FROM schema_migrations", &[])?
            .and_then(|r| r.opt_int(0).ok().flatten())
            .unwrap_or(0))
    })?;
    if newest > known {
        return Err(crate::Error::Setup(format!(
            "la base du serveur est au schéma {newest}, plus récent que ce guichet-sync ({known}) : \
             mettez guichet-sync à jour"
        )));
    }
    Ok(())
}
