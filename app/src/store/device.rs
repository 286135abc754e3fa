//! What belongs to this device alone — its id, its name, its own settings (the
//! scanner's calibration) — written without an operation: never synced as the
//! provider's.

use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;

use super::read::parse;
use super::Tx;

impl Tx<'_> {
    /// Renames this device (shown in "already scanned on …").
    pub fn set_device_name(&self, name: &str) -> rusqlite::Result<()> {
        self.conn().execute("UPDATE device SET name = ?1", [name])?;
        Ok(())
    }

    /// Sets one of this device's own settings.
    pub fn set_device_setting(&self, key: &str, value: &str) -> rusqlite::Result<()> {
        self.conn().execute(
            "INSERT INTO device_settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = ?2",
            (key, value),
        )?;
        Ok(())
    }
}

/// This device's id and name.
pub fn device(conn: &Connection) -> rusqlite::Result<(Uuid, String)> {
    conn.prepare_cached("SELECT id, name FROM device")?
        .query_row([], |r| Ok((parse(r, 0)?, r.get(1)?)))
}

/// One of this device's own settings.
pub fn device_setting(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row(
        "SELECT value FROM device_settings WHERE key = ?1",
        [key],
        |r| r.get(0),
    )
    .optional()
}
