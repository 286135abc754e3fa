//! Reads of the box office: events, sessions, ticket products, ticket bookings,
//! tickets and scans (their writes are operations: `store::apply`).

use chrono::{DateTime, Utc};
use guichet_core::event::{Organizer, Session, TicketProduct};
use guichet_core::scan::{KnownTicket, Lookup, PriorScan, Validity, Verdict};
use guichet_core::ticket_booking::{TicketBooking, TicketBookingStatus};
use guichet_core::ticket_code::{CodeKind, TicketCode};
use guichet_core::Money;
use rusqlite::{Connection, OptionalExtension, Row};
use uuid::Uuid;

use crate::store::read::{enum_column, parse};
use crate::store::VERDICTS;

/// A recorded scan attempt.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ScanRecord {
    /// Its id.
    pub id: Uuid,
    /// The session at whose gate it was made.
    pub session: Uuid,
    /// The device's id.
    pub device: Uuid,
    /// The device's name.
    pub device_name: String,
    /// When.
    pub at: DateTime<Utc>,
    /// What the scanner gave (at most 200 characters).
    pub input: String,
    /// `keyboard`, `hid`, `serial`, `webcam`, `cli`…
    pub source: String,
    /// The normalised code, when readable.
    pub code: Option<String>,
    /// The ticket, when known.
    pub ticket: Option<Uuid>,
    /// The verdict.
    pub verdict: Verdict,
}

/// The number of organizers (the next one's creation rank).
pub fn organizer_count(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("SELECT COUNT(*) FROM organizers", [], |r| r.get(0))
}

/// One organizer.
pub fn organizer(conn: &Connection, id: Uuid) -> rusqlite::Result<Option<Organizer>> {
    conn.query_row(
        "SELECT id, name, rank FROM organizers WHERE id = ?1",
        [id.to_string()],
        |r| {
            Ok(Organizer {
                id: parse(r, 0)?,
                name: r.get(1)?,
                rank: r.get(2)?,
            })
        },
    )
    .optional()
}

/// Whether an event exists.
pub fn event_exists(conn: &Connection, id: Uuid) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM events WHERE id = ?1)",
        [id.to_string()],
        |r| r.get(0),
    )
}

/// A session with its event id.
pub fn session(conn: &Connection, id: Uuid) -> rusqlite::Result<Option<(Uuid, Session)>> {
    conn.prepare_cached(
        "SELECT s.id, e.name, s.starts_at, s.capacity, e.id FROM sessions s JOIN events e ON e.id = s.event_id WHERE s.id = ?1",
    )?
    .query_row([id.to_string()], |r| Ok((parse(r, 4)?, session_row(r)?)))
    .optional()
}

fn session_row(r: &Row<'_>) -> rusqlite::Result<Session> {
    Ok(Session {
        id: parse(r, 0)?,
        event: r.get(1)?,
        starts_at: parse(r, 2)?,
        capacity: r.get(3)?,
    })
}

/// Every session, by start.
pub fn sessions(conn: &Connection) -> rusqlite::Result<Vec<Session>> {
    let mut statement = conn.prepare(
        "SELECT s.id, e.name, s.starts_at, s.capacity FROM sessions s JOIN events e ON e.id = s.event_id ORDER BY s.starts_at, e.name",
    )?;
    let rows = statement.query_map([], session_row)?;
    rows.collect()
}

/// Tickets sold (confirmed bookings) for a session.
/// A pass sold for any session of the event takes a seat in every one of them.
pub fn sold(conn: &Connection, session: Uuid) -> rusqlite::Result<u32> {
    conn.prepare_cached(
        "SELECT COALESCE(SUM(b.quantity), 0) FROM ticket_bookings b JOIN sessions s ON s.id = b.session_id
         WHERE b.status = 'confirmed' AND (b.session_id = ?1 OR (
             s.event_id = (SELECT event_id FROM sessions WHERE id = ?1)
             AND EXISTS (SELECT 1 FROM tickets t WHERE t.booking_id = b.id AND t.kind = 'pass')))",
    )?
    .query_row([session.to_string()], |r| r.get(0))
}

/// Seats taken and seats of the fullest session of an event: what a pass, which takes
/// a seat in every session, can still be sold for.
pub fn fullest_session(conn: &Connection, event: Uuid) -> rusqlite::Result<Option<(u32, u32)>> {
    let ids: Vec<(Uuid, u32)> = conn
        .prepare_cached("SELECT id, capacity FROM sessions WHERE event_id = ?1")?
        .query_map([event.to_string()], |r| Ok((parse(r, 0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut fullest: Option<(u32, u32)> = None;
    for (id, capacity) in ids {
        let taken = sold(conn, id)?;
        let left = capacity.saturating_sub(taken);
        if fullest.is_none_or(|(t, c)| left < c.saturating_sub(t)) {
            fullest = Some((taken, capacity));
        }
    }
    Ok(fullest)
}

/// Admissions at a session's gate (admitted and unknown-genuine verdicts), kept by
/// [`Tx::record_scan`].
pub fn admitted(conn: &Connection, session: Uuid) -> rusqlite::Result<u32> {
    conn.prepare_cached("SELECT admitted FROM sessions WHERE id = ?1")?
        .query_row([session.to_string()], |r| r.get(0))
}

/// Ticket products, optionally of one event (callers sort them: T2).
pub fn ticket_products(
    conn: &Connection,
    event: Option<Uuid>,
) -> rusqlite::Result<Vec<(Uuid, TicketProduct)>> {
    let mut statement = conn.prepare(
        "SELECT p.id, p.name, p.theme, o.id, o.name, o.rank, p.position, p.price, p.event_id
         FROM ticket_products p JOIN organizers o ON o.id = p.organizer_id WHERE ?1 IS NULL OR p.event_id = ?1",
    )?;
    let rows = statement.query_map([event.map(|e| e.to_string())], |r| {
        let price: Money = parse(r, 7)?;
        Ok((
            parse(r, 8)?,
            TicketProduct {
                id: parse(r, 0)?,
                name: r.get(1)?,
                theme: r.get(2)?,
                organizer: Organizer {
                    id: parse(r, 3)?,
                    name: r.get(4)?,
                    rank: r.get(5)?,
                },
                position: r.get(6)?,
                price,
            },
        ))
    })?;
    rows.collect()
}

const BOOKING_COLUMNS: &str =
    "id, session_id, product_id, quantity, holder, total, status, replaces FROM ticket_bookings";

fn booking_row(r: &Row<'_>) -> rusqlite::Result<TicketBooking> {
    let status = enum_column(
        r,
        6,
        &[
            ("confirmed", TicketBookingStatus::Confirmed),
            ("cancelled", TicketBookingStatus::Cancelled),
        ],
    )?;
    let replaces: Option<String> = r.get(7)?;
    Ok(TicketBooking {
        id: parse(r, 0)?,
        session: parse(r, 1)?,
        product: parse(r, 2)?,
        quantity: r.get(3)?,
        holder: r.get(4)?,
        total: parse(r, 5)?,
        status,
        replaces: replaces.and_then(|r| r.parse().ok()),
    })
}

/// One ticket booking.
pub fn ticket_booking(conn: &Connection, id: Uuid) -> rusqlite::Result<Option<TicketBooking>> {
    conn.query_row(
        &format!("SELECT {BOOKING_COLUMNS} WHERE id = ?1"),
        [id.to_string()],
        booking_row,
    )
    .optional()
}

/// A session's ticket bookings, oldest first.
pub fn ticket_bookings(conn: &Connection, session: Uuid) -> rusqlite::Result<Vec<TicketBooking>> {
    let mut statement = conn.prepare(&format!(
        "SELECT {BOOKING_COLUMNS} WHERE session_id = ?1 ORDER BY created_at, id"
    ))?;
    let rows = statement.query_map([session.to_string()], booking_row)?;
    rows.collect()
}

/// A ticket of a booking and its first admission.
pub struct TicketRow {
    /// Id.
    pub id: Uuid,
    /// n of N.
    pub number: u32,
    /// Its code.
    pub code: String,
    /// Its first admission, if any.
    pub first: Option<PriorScan>,
}

/// A booking's tickets, by number.
pub fn tickets_of(conn: &Connection, booking: Uuid) -> rusqlite::Result<Vec<TicketRow>> {
    // One look-up of each ticket's first admission, joined for its time and device.
    let mut statement = conn.prepare(
        "SELECT t.id, t.number, t.code, s.at, s.device_name, s.device_id
         FROM tickets t
         LEFT JOIN scans s ON s.id = (
             SELECT f.id FROM scans f
             WHERE f.code = t.code AND f.verdict IN ('admitted', 'unknown_genuine')
             ORDER BY f.at LIMIT 1)
         WHERE t.booking_id = ?1 ORDER BY t.number",
    )?;
    let rows = statement.query_map([booking.to_string()], |r| {
        let at: Option<String> = r.get(3)?;
        let device: Option<String> = r.get(4)?;
        let device_id: Option<String> = r.get(5)?;
        let prior = match (
            at.and_then(|a| a.parse().ok()),
            device,
            device_id.and_then(|d| d.parse().ok()),
        ) {
            (Some(at), Some(device), Some(device_id)) => Some(PriorScan {
                at,
                device,
                device_id,
            }),
            _ => None,
        };
        Ok(TicketRow {
            id: parse(r, 0)?,
            number: r.get(1)?,
            code: r.get(2)?,
            first: prior,
        })
    })?;
    rows.collect()
}

/// What the device knows of a code at the gate of `session`: its ticket (with what
/// it is valid for) and its admission that counts there — for a pass, in this session.
pub fn lookup(conn: &Connection, code: &TicketCode, session: Uuid) -> rusqlite::Result<Lookup> {
    let ticket = conn
        .prepare_cached(
            "SELECT t.id, t.session_id, t.cancelled, t.kind, s.event_id
             FROM tickets t JOIN sessions s ON s.id = t.session_id WHERE t.code = ?1",
        )?
        .query_row([code.as_str()], |r| {
            let valid_for = match enum_column(r, 3, KINDS)? {
                CodeKind::Pass => Validity::Event(parse(r, 4)?),
                CodeKind::Ticket | CodeKind::Voucher => Validity::Session(parse(r, 1)?),
            };
            Ok(KnownTicket {
                id: parse(r, 0)?,
                valid_for,
                cancelled: r.get(2)?,
            })
        })
        .optional()?;
    let pass = matches!(
        ticket.as_ref().map(|t| t.valid_for),
        Some(Validity::Event(_))
    ) || (ticket.is_none() && code.kind() == CodeKind::Pass);
    let admitted = conn
        .prepare_cached(
            "SELECT at, device_name, device_id FROM scans
             WHERE code = ?1 AND verdict IN ('admitted', 'unknown_genuine') AND (?2 IS NULL OR session_id = ?2)
             ORDER BY at LIMIT 1",
        )?
        .query_row(
            (code.as_str(), pass.then(|| session.to_string())),
            |r| {
                Ok(PriorScan {
                    at: parse(r, 0)?,
                    device: r.get(1)?,
                    device_id: parse(r, 2)?,
                })
            },
        )
        .optional()?;
    Ok(Lookup { ticket, admitted })
}

/// The kinds a ticket row holds.
const KINDS: &[(&str, CodeKind)] = &[("ticket", CodeKind::Ticket), ("pass", CodeKind::Pass)];

/// The codes of the latest `limit` tickets this device holds.
pub fn recent_codes(conn: &Connection, limit: u32) -> rusqlite::Result<Vec<String>> {
    conn.prepare_cached(
        "SELECT code FROM (SELECT code FROM tickets ORDER BY rowid DESC LIMIT ?1)
         UNION ALL SELECT code FROM (SELECT code FROM vouchers ORDER BY rowid DESC LIMIT ?1)",
    )?
    .query_map([limit], |r| r.get(0))?
    .collect()
}

/// Whether this device has ever sold a ticket or a gift voucher (then its keys must
/// never be recreated).
pub fn any_ticket(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM tickets) OR EXISTS (SELECT 1 FROM vouchers)",
        [],
        |r| r.get(0),
    )
}

/// The tickets of a booking that were admitted at the gate, by number: (id, code).
pub fn admitted_tickets(conn: &Connection, booking: Uuid) -> rusqlite::Result<Vec<(Uuid, String)>> {
    let mut statement = conn.prepare(
        "SELECT t.id, t.code FROM tickets t WHERE t.booking_id = ?1 AND EXISTS (
             SELECT 1 FROM scans s WHERE s.code = t.code AND s.verdict IN ('admitted', 'unknown_genuine'))
         ORDER BY t.number",
    )?;
    let rows = statement.query_map([booking.to_string()], |r| Ok((parse(r, 0)?, r.get(1)?)))?;
    rows.collect()
}

/// Whether a booking holds tickets or passes.
pub fn booking_kind(conn: &Connection, booking: Uuid) -> rusqlite::Result<CodeKind> {
    Ok(conn
        .query_row(
            "SELECT kind FROM tickets WHERE booking_id = ?1 ORDER BY number LIMIT 1",
            [booking.to_string()],
            |r| enum_column(r, 0, KINDS),
        )
        .optional()?
        .unwrap_or(CodeKind::Ticket))
}

/// Scans of a session, newest first, at most `limit`.
pub fn recent_scans(
    conn: &Connection,
    session: Uuid,
    limit: u32,
) -> rusqlite::Result<Vec<ScanRecord>> {
    let mut statement = conn.prepare(
        "SELECT id, session_id, device_id, device_name, at, input, source, code, ticket_id, verdict
         FROM scans WHERE session_id = ?1 ORDER BY rowid DESC LIMIT ?2",
    )?;
    let rows = statement.query_map((session.to_string(), limit), |r| {
        let ticket: Option<String> = r.get(8)?;
        Ok(ScanRecord {
            id: parse(r, 0)?,
            session: parse(r, 1)?,
            device: parse(r, 2)?,
            device_name: r.get(3)?,
            at: parse(r, 4)?,
            input: r.get(5)?,
            source: r.get(6)?,
            code: r.get(7)?,
            ticket: ticket.and_then(|t| t.parse().ok()),
            verdict: enum_column(r, 9, VERDICTS)?,
        })
    })?;
    rows.collect()
}

/// Every organizer, in creation order (T2), with whether it is active.
pub fn organizers(conn: &Connection) -> rusqlite::Result<Vec<(Organizer, bool)>> {
    let mut statement =
        conn.prepare("SELECT id, name, rank, active FROM organizers ORDER BY rank")?;
    let rows = statement.query_map([], |r| {
        Ok((
            Organizer {
                id: parse(r, 0)?,
                name: r.get(1)?,
                rank: r.get(2)?,
            },
            r.get(3)?,
        ))
    })?;
    rows.collect()
}

/// An event as the setup lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Offered for sale.
    pub active: bool,
}

/// Every event, in creation order.
pub fn events(conn: &Connection) -> rusqlite::Result<Vec<EventRow>> {
    let mut statement = conn.prepare("SELECT id, name, active FROM events ORDER BY rowid")?;
    let rows = statement.query_map([], |r| {
        Ok(EventRow {
            id: parse(r, 0)?,
            name: r.get(1)?,
            active: r.get(2)?,
        })
    })?;
    rows.collect()
}

/// One event.
pub fn event(conn: &Connection, id: Uuid) -> rusqlite::Result<Option<EventRow>> {
    Ok(events(conn)?.into_iter().find(|e| e.id == id))
}

/// A session's event and whether the session and its event are active.
pub fn session_flags(conn: &Connection, id: Uuid) -> rusqlite::Result<(Uuid, bool, bool)> {
    conn.prepare_cached(
        "SELECT s.event_id, s.active, e.active FROM sessions s JOIN events e ON e.id = s.event_id WHERE s.id = ?1",
    )?
    .query_row([id.to_string()], |r| Ok((parse(r, 0)?, r.get(1)?, r.get(2)?)))
}

/// Whether a ticket product and its organizer are active: (product, organizer).
pub fn product_flags(conn: &Connection, id: Uuid) -> rusqlite::Result<Option<(bool, bool)>> {
    conn.prepare_cached(
        "SELECT p.active, o.active FROM ticket_products p JOIN organizers o ON o.id = p.organizer_id WHERE p.id = ?1",
    )?
    .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}

/// The booking that replaced `booking` (amended, T1), if any.
pub fn replaced_by(conn: &Connection, booking: Uuid) -> rusqlite::Result<Option<Uuid>> {
    conn.prepare_cached("SELECT id FROM ticket_bookings WHERE replaces = ?1")?
        .query_row([booking.to_string()], |r| parse(r, 0))
        .optional()
}
