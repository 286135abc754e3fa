//! Views of the box office, for the window (ts-rs types) and the command line.

use chrono::{DateTime, Utc};
use guichet_core::scan::Verdict;
use guichet_core::Money;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

/// A session and its counters.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SessionView {
    /// Id.
    pub id: Uuid,
    /// The event's name.
    pub event: String,
    /// The event's id.
    pub event_id: Uuid,
    /// Offered for sale (the session and its event active).
    pub active: bool,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// Seats.
    pub capacity: u32,
    /// Tickets sold (confirmed bookings).
    pub sold: u32,
    /// Admissions at the gate so far.
    pub admitted: u32,
}

/// A ticket product.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TicketProductView {
    /// Id.
    pub id: Uuid,
    /// The event.
    pub event: Uuid,
    /// Name.
    pub name: String,
    /// Theme.
    pub theme: String,
    /// Organizer's name.
    pub organizer: String,
    /// Organizer's id.
    pub organizer_id: Uuid,
    /// Its own order within the organizer (T2).
    pub position: u32,
    /// Offered for sale (the product and its organizer active).
    pub active: bool,
    /// Price of one ticket.
    #[ts(type = "string")]
    pub price: Money,
}

/// An organizer (T2: listed in creation order).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OrganizerView {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Creation order (0 for the first).
    pub rank: u32,
    /// Its tickets are offered for sale.
    pub active: bool,
}

/// An event.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct EventView {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Offered for sale.
    pub active: bool,
}

/// Tickets just issued.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct IssuedView {
    /// The booking.
    pub booking: Uuid,
    /// Their codes, ticket 1 to N.
    pub codes: Vec<String>,
    /// Total paid.
    #[ts(type = "string")]
    pub total: Money,
}

/// One ticket of a booking, controlled or not (T3).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TicketView {
    /// Id.
    pub id: Uuid,
    /// n of N.
    pub number: u32,
    /// Its code.
    pub code: String,
    /// When it was admitted, if it was.
    pub scanned_at: Option<DateTime<Utc>>,
    /// On which device.
    pub scanned_on: Option<String>,
}

/// A ticket booking with its scan follow-up (T3).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TicketBookingView {
    /// Id.
    pub id: Uuid,
    /// Holder.
    pub holder: String,
    /// Tickets in the booking ("Quantité").
    pub quantity: u32,
    /// Tickets already controlled ("Scanné").
    pub scanned: u32,
    /// `confirmed` or `cancelled`.
    pub status: String,
    /// The booking it replaced (T1).
    pub replaces: Option<Uuid>,
    /// The booking that replaced it (amended, T1).
    pub replaced_by: Option<Uuid>,
    /// Its session.
    pub session: Uuid,
    /// Total.
    #[ts(type = "string")]
    pub total: Money,
    /// Its tickets.
    pub tickets: Vec<TicketView>,
}

/// A scan's first admission, for "already scanned".
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FirstScanView {
    /// When.
    pub at: DateTime<Utc>,
    /// Where.
    pub device: String,
}

/// The verdict of a scan, as the gate shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ScanView {
    /// The verdict.
    #[ts(
        type = "\"admitted\" | \"already_scanned\" | \"unknown_genuine\" | \"forged\" | \"wrong_session\" | \"cancelled\" | \"unreadable\""
    )]
    pub verdict: Verdict,
    /// The ticket, when known.
    pub ticket: Option<Uuid>,
    /// The big words and the reason, in French.
    pub message: String,
    /// Whether the person may enter.
    pub admits: bool,
    /// For `already_scanned`: the first admission.
    pub first_scan: Option<FirstScanView>,
    /// For `already_scanned`: admitted on this very device a few seconds ago (the same
    /// person scanned twice, not a second person).
    pub here: bool,
    /// With `here`: seconds since that admission.
    #[ts(type = "number | null")]
    pub seconds_ago: Option<i64>,
    /// The recorded scan's id.
    pub scan: Uuid,
    /// When this scan was recorded.
    pub at: DateTime<Utc>,
    /// Admissions of the session so far, this one included.
    pub admitted: u32,
    /// The session's capacity.
    pub capacity: u32,
}

/// A recent scan, for the gate's list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RecentScanView {
    /// When.
    pub at: DateTime<Utc>,
    /// The verdict.
    #[ts(type = "string")]
    pub verdict: Verdict,
    /// The code when readable, else what was typed.
    pub text: String,
    /// Where.
    pub device: String,
}
