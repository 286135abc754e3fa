//! A unit's occupancy as an iCal feed at a secret address that a channel (Airbnb,
//! Booking.com…) subscribes to (rule B4). The server renders it from the live bookings
//! it holds (`l_bookings`, what the devices pushed and the server applied), so it is
//! current without any device online; it carries our UIDs and `SUMMARY:Réservé`, no
//! personal data, and never the nights imported calendars block (no echo).
//!
//! The address is `/ical/PROVIDER/UNIT/TAG.ics`, TAG an HMAC of provider and unit under
//! the server key: nothing is stored, and nobody without the address can read a feed.
//! An enrolled device asks for it (`GET /v1/feed-url?unit=…`).

use uuid::Uuid;

use crate::secrets::ServerKey;
use crate::sql::Database;

/// The tag of a unit's feed address (32 hex digits).
pub fn tag(key: &ServerKey, provider: Uuid, unit: Uuid) -> String {
    let mut message = b"guichet ical feed v1".to_vec();
    message.extend_from_slice(provider.as_bytes());
    message.extend_from_slice(unit.as_bytes());
    guichet_core::hex::encode(&key.tag(&message)[..16])
}

/// The path of a unit's feed.
pub fn path(key: &ServerKey, provider: Uuid, unit: Uuid) -> String {
    format!("/ical/{provider}/{unit}/{}.ics", tag(key, provider, unit))
}

/// Whether `file` (`TAG.ics`) is the feed of `provider`'s `unit`.
pub fn genuine(key: &ServerKey, provider: Uuid, unit: Uuid, file: &str) -> bool {
    let Some(given) = file.strip_suffix(".ics") else {
        return false;
    };
    let want = tag(key, provider, unit);
    // Compared in constant time.
    given.len() == want.len()
        && given
            .bytes()
            .zip(want.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The feed of `provider`'s `unit`: its live bookings not over at `today`.
pub fn render<D: Database>(
    db: &D,
    provider: Uuid,
    unit: Uuid,
    today: chrono::NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::Result<String> {
    let rows = db.transaction(&mut |sql| {
        Ok(sql.query(
            "SELECT id, start, end_date FROM l_bookings WHERE provider = $1 AND unit = $2
             AND live = 1 AND end_date > $3 ORDER BY start, id",
            &[provider.into(), unit.into(), today.to_string().into()],
        )?)
    })?;
    let mut stays = Vec::with_capacity(rows.len());
    for row in rows {
        stays.push(guichet_core::ical::Occupied {
            id: row.parse(0)?,
            start: row.parse(1)?,
            end: row.parse(2)?,
        });
    }
    Ok(guichet_core::ical::render("Guichet", &stays, now))
}
