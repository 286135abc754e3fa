//! The planning's store queries: units, tariffs, holds and bookings rebuilt from their
//! rows through the domain's constructors, so a value read back is as valid as one
//! just made.

use chrono::{DateTime, NaiveDate, Utc};
use guichet_core::availability::Blocker;
use guichet_core::booking::{Booking, BookingId, BookingStatus};
use guichet_core::contact::Contact;
use guichet_core::hold::{Hold, HoldId, HoldState};
use guichet_core::unit::{Unit, UnitId};
use guichet_core::{Money, Stay, Tariff};
use rusqlite::{Connection, OptionalExtension, Row};

use crate::store::read::{conversion, enum_column, parse};

fn stay(row: &Row<'_>, start: usize) -> rusqlite::Result<Stay> {
    let from: NaiveDate = parse(row, start)?;
    Stay::new(from, row.get(start + 1)?).map_err(|e| conversion(start, e))
}

/// A customer's details beyond name, e-mail and phone, as stored (`guest_details`).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct GuestDetails {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    address: Option<String>,
}

/// The `guest_details` column of `contact`: NULL when it has none.
pub(crate) fn guest_details(contact: &Contact) -> Option<String> {
    let d = contact.details();
    let details = GuestDetails {
        title: d.title.map(str::to_owned),
        first_name: d.first_name.map(str::to_owned),
        last_name: d.last_name.map(str::to_owned),
        address: d.address.map(str::to_owned),
    };
    let empty = details.title.is_none()
        && details.first_name.is_none()
        && details.last_name.is_none()
        && details.address.is_none();
    (!empty).then(|| serde_json::to_string(&details).unwrap_or_default())
}

/// The contact of columns `name`, `name + 1` (e-mail), `name + 2` (phone) and
/// `details` (the JSON of [`GuestDetails`]).
pub(crate) fn contact(row: &Row<'_>, name: usize, details: usize) -> rusqlite::Result<Contact> {
    let (n, e, p): (String, Option<String>, Option<String>) =
        (row.get(name)?, row.get(name + 1)?, row.get(name + 2)?);
    let stored: Option<String> = row.get(details)?;
    let d: GuestDetails = stored
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    let details_ref = guichet_core::contact::Details {
        title: d.title.as_deref(),
        first_name: d.first_name.as_deref(),
        last_name: d.last_name.as_deref(),
        address: d.address.as_deref(),
    };
    Contact::with_details(&n, e.as_deref(), p.as_deref(), &details_ref)
        .map_err(|e| conversion(name, e))
}

fn unit_row(row: &Row<'_>) -> rusqlite::Result<Unit> {
    let name: String = row.get(1)?;
    Unit::new(UnitId(parse(row, 0)?), &name, row.get(2)?, row.get(3)?).map_err(|e| conversion(1, e))
}

/// Every unit, in no particular order (callers sort: P7).
pub fn units(conn: &Connection) -> rusqlite::Result<Vec<Unit>> {
    let mut statement = conn.prepare("SELECT id, name, capacity, position FROM units")?;
    let rows = statement.query_map([], unit_row)?;
    rows.collect()
}

/// One unit.
pub fn unit(conn: &Connection, id: UnitId) -> rusqlite::Result<Option<Unit>> {
    conn.query_row(
        "SELECT id, name, capacity, position FROM units WHERE id = ?1",
        [id.0.to_string()],
        unit_row,
    )
    .optional()
}

/// A unit's tariffs, by start then length.
pub fn tariffs(conn: &Connection, unit: UnitId) -> rusqlite::Result<Vec<Tariff>> {
    let mut statement = conn.prepare(
        "SELECT start, nights, price FROM tariffs WHERE unit_id = ?1 ORDER BY start, nights",
    )?;
    let rows = statement.query_map([unit.0.to_string()], |row| {
        let price: Money = parse(row, 2)?;
        Tariff::new(parse(row, 0)?, row.get(1)?, price).map_err(|e| conversion(0, e))
    })?;
    rows.collect()
}

const HOLD_COLUMNS: &str =
    "id, unit_id, start, nights, guest_name, guest_email, guest_phone, expires_at, state, total, created_at, guest_details FROM holds";

fn hold_row(row: &Row<'_>) -> rusqlite::Result<Hold> {
    let state = enum_column(
        row,
        8,
        &[
            ("active", HoldState::Active),
            ("released", HoldState::Released),
            ("booked", HoldState::Booked),
        ],
    )?;
    let expires_at: DateTime<Utc> = parse(row, 7)?;
    let created_at: DateTime<Utc> = parse(row, 10)?;
    let start = Hold::start(
        HoldId(parse(row, 0)?),
        UnitId(parse(row, 1)?),
        stay(row, 2)?,
        contact(row, 4, 11)?,
        parse(row, 9)?,
        created_at,
    );
    Ok(Hold::restore(start, expires_at, state))
}

/// Holds still marked active (live or past their hour), optionally of one unit.
pub fn active_holds(conn: &Connection, unit: Option<UnitId>) -> rusqlite::Result<Vec<Hold>> {
    let mut statement = conn.prepare(&format!(
        "SELECT {HOLD_COLUMNS} WHERE state = 'active' AND (?1 IS NULL OR unit_id = ?1) ORDER BY start"
    ))?;
    let rows = statement.query_map([unit.map(|u| u.0.to_string())], hold_row)?;
    rows.collect()
}

/// One hold.
pub fn hold(conn: &Connection, id: HoldId) -> rusqlite::Result<Option<Hold>> {
    conn.query_row(
        &format!("SELECT {HOLD_COLUMNS} WHERE id = ?1"),
        [id.0.to_string()],
        hold_row,
    )
    .optional()
}

const BOOKING_COLUMNS: &str =
    "id, unit_id, start, nights, guest_name, guest_email, guest_phone, total, status, guest_details FROM bookings";

fn booking_row(row: &Row<'_>) -> rusqlite::Result<Booking> {
    let status = enum_column(
        row,
        8,
        &[
            ("confirmed", BookingStatus::Confirmed),
            ("cancelled", BookingStatus::Cancelled),
        ],
    )?;
    Ok(Booking {
        id: BookingId(parse(row, 0)?),
        unit: UnitId(parse(row, 1)?),
        stay: stay(row, 2)?,
        guest: contact(row, 4, 9)?,
        total: parse(row, 7)?,
        status,
    })
}

/// Bookings (all statuses), optionally of one unit, by arrival date.
pub fn bookings(conn: &Connection, unit: Option<UnitId>) -> rusqlite::Result<Vec<Booking>> {
    let mut statement = conn.prepare(&format!(
        "SELECT {BOOKING_COLUMNS} WHERE ?1 IS NULL OR unit_id = ?1 ORDER BY start, created_at"
    ))?;
    let rows = statement.query_map([unit.map(|u| u.0.to_string())], booking_row)?;
    rows.collect()
}

/// One booking.
pub fn booking(conn: &Connection, id: BookingId) -> rusqlite::Result<Option<Booking>> {
    conn.query_row(
        &format!("SELECT {BOOKING_COLUMNS} WHERE id = ?1"),
        [id.0.to_string()],
        booking_row,
    )
    .optional()
}

/// What blocks nights of `unit` at `now`: confirmed bookings, live holds and the
/// nights imported calendars block (B4).
pub fn blockers(
    conn: &Connection,
    unit: UnitId,
    now: DateTime<Utc>,
) -> rusqlite::Result<Vec<Blocker>> {
    let mut blockers: Vec<Blocker> = bookings(conn, Some(unit))?
        .iter()
        .filter_map(Blocker::of_booking)
        .collect();
    blockers.extend(
        active_holds(conn, Some(unit))?
            .iter()
            .filter_map(|h| Blocker::of_hold(h, now)),
    );
    blockers.extend(crate::ical::calendar_blockers(conn, unit)?);
    Ok(blockers)
}
