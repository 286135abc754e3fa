//! A guest's personal data (GDPR): everything held on one guest exported on request,
//! and anonymised on request or once the provider's retention period after the stay
//! has passed — except a booking an invoice was issued for in the last ten years, whose
//! guest stays as the invoice printed them (the invoice itself is never touched).
//! Anonymising is an operation (`guest_anonymised`) that sync carries to every device
//! and to the server, which rewrites the operations it keeps.

use chrono::{Months, NaiveDate};
use guichet_core::bounds::printable;
use guichet_core::csv_read::normalise_name;
use guichet_core::sync::op::{AnonymisedWhy, GuestAnonymised};
use guichet_core::sync::wire::ANONYMOUS_NAME;
use guichet_core::sync::Op;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::box_office::views::TicketBookingView;
use crate::error::{AppError, AppResult};
use crate::operators::Permission;
use crate::planning::booking_file::BookingFileView;
use crate::planning::views::HoldView;
use crate::App;

/// How long an invoice keeps the guest it was made out to (French commercial law:
/// ten years).
pub const INVOICE_KEEP_YEARS: u32 = 10;

/// Which guest: by e-mail (exact, whatever the case) or by name (whatever the case,
/// accents or spaces).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize, TS)]
#[ts(export)]
pub struct GuestQuery {
    /// The guest's e-mail address.
    pub email: Option<String>,
    /// The guest's name.
    pub name: Option<String>,
}

/// Everything held on one guest.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct GuestExport {
    /// Their stays, each with its payments and history.
    pub bookings: Vec<BookingFileView>,
    /// Their holds (a stay held for them, booked or not).
    pub holds: Vec<HoldView>,
    /// Their ticket bookings, with their tickets.
    pub ticket_bookings: Vec<TicketBookingView>,
    /// The e-mails sent to them (none kept on this device yet).
    pub emails: Vec<String>,
    /// Their entries in the customers' file.
    pub customers: Vec<crate::customers::CustomerRecord>,
}

/// A booking whose guest is kept: an invoice was made out to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct KeptBooking {
    /// The booking.
    pub booking: Uuid,
    /// The day its last invoice was issued.
    #[ts(type = "string")]
    pub invoiced_on: NaiveDate,
    /// The first day its guest may be anonymised.
    #[ts(type = "string")]
    pub kept_until: NaiveDate,
}

/// What an anonymisation did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Anonymised {
    /// Bookings anonymised.
    pub bookings: Vec<Uuid>,
    /// Holds anonymised.
    pub holds: Vec<Uuid>,
    /// Ticket bookings anonymised.
    pub ticket_bookings: Vec<Uuid>,
    /// Entries of the customers' file anonymised.
    pub customers: Vec<Uuid>,
    /// Bookings kept as invoiced.
    pub kept: Vec<KeptBooking>,
}

/// The ids of the records of one guest.
#[derive(Default)]
struct Found {
    bookings: Vec<Uuid>,
    holds: Vec<Uuid>,
    ticket_bookings: Vec<Uuid>,
    customers: Vec<Uuid>,
}

fn matches(query: &GuestQuery, name: &str, email: Option<&str>) -> bool {
    let by_email = query
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .is_some_and(|wanted| email.is_some_and(|e| e.trim().eq_ignore_ascii_case(wanted)));
    let by_name = query
        .name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .is_some_and(|wanted| normalise_name(wanted) == normalise_name(name));
    by_email || by_name
}

fn ids(
    conn: &Connection,
    sql: &str,
    keep: &mut dyn FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<bool>,
) -> AppResult<Vec<Uuid>> {
    let mut statement = conn.prepare(sql)?;
    let mut rows = statement.query([])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        if keep(row)? {
            let id: String = row.get(0)?;
            if let Ok(id) = id.parse() {
                out.push(id);
            }
        }
    }
    Ok(out)
}

/// The records of the guest `query` names (never an already anonymised one).
fn find(conn: &Connection, query: &GuestQuery) -> AppResult<Found> {
    let mut guest = |r: &rusqlite::Row<'_>| -> rusqlite::Result<bool> {
        let name: String = r.get(1)?;
        let email: Option<String> = r.get(2)?;
        Ok(name != ANONYMOUS_NAME && matches(query, &name, email.as_deref()))
    };
    let bookings = ids(
        conn,
        "SELECT id, guest_name, guest_email FROM bookings ORDER BY start, created_at",
        &mut guest,
    )?;
    let holds = ids(
        conn,
        "SELECT id, guest_name, guest_email FROM holds ORDER BY start, created_at",
        &mut guest,
    )?;
    let ticket_bookings = ids(
        conn,
        "SELECT id, holder, NULL FROM ticket_bookings ORDER BY created_at",
        &mut guest,
    )?;
    let customers = ids(
        conn,
        "SELECT id, name, email FROM customers WHERE forgotten_at IS NULL ORDER BY name",
        &mut guest,
    )?;
    Ok(Found {
        bookings,
        holds,
        ticket_bookings,
        customers,
    })
}

/// The day the last invoice (or credit note) of `booking` was issued, if it has one.
fn invoiced_on(conn: &Connection, booking: Uuid) -> AppResult<Option<NaiveDate>> {
    let day: Option<String> = conn
        .query_row(
            "SELECT MAX(issued_on) FROM invoices WHERE booking_id = ?1",
            [booking.to_string()],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    Ok(day.and_then(|d| d.get(..10).and_then(|d| d.parse().ok())))
}

/// Splits `bookings` into those that may be anonymised on `today` and those an
/// invoice keeps.
fn without_invoiced(
    conn: &Connection,
    bookings: Vec<Uuid>,
    today: NaiveDate,
) -> AppResult<(Vec<Uuid>, Vec<KeptBooking>)> {
    let mut free = Vec::new();
    let mut kept = Vec::new();
    for booking in bookings {
        match invoiced_on(conn, booking)? {
            Some(day) => {
                let until = day
                    .checked_add_months(Months::new(12 * INVOICE_KEEP_YEARS))
                    .unwrap_or(NaiveDate::MAX);
                if today < until {
                    kept.push(KeptBooking {
                        booking,
                        invoiced_on: day,
                        kept_until: until,
                    });
                } else {
                    free.push(booking);
                }
            }
            None => free.push(booking),
        }
    }
    Ok((free, kept))
}

/// The holds a kept booking came from (they keep its guest too).
fn holds_of(conn: &Connection, kept: &[KeptBooking]) -> AppResult<Vec<Uuid>> {
    let mut out = Vec::new();
    for k in kept {
        let hold: Option<String> = conn
            .query_row(
                "SELECT hold_id FROM bookings WHERE id = ?1",
                [k.booking.to_string()],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        if let Some(hold) = hold.and_then(|h| h.parse().ok()) {
            out.push(hold);
        }
    }
    Ok(out)
}

fn refuse_empty(query: &GuestQuery) -> AppResult<()> {
    let given = |v: &Option<String>| v.as_deref().is_some_and(|t| !t.trim().is_empty());
    if !given(&query.email) && !given(&query.name) {
        return Err(AppError::input(
            "dites de quel client il s'agit : son e-mail ou son nom",
        ));
    }
    Ok(())
}

impl App {
    /// Everything this device holds on the guest `query` names (GDPR, right of
    /// access): their stays with payments and history, holds, ticket bookings.
    pub fn export_guest(&self, query: &GuestQuery) -> AppResult<GuestExport> {
        self.require(Permission::Book)?;
        refuse_empty(query)?;
        let conn = self.store().conn();
        let found = find(conn, query)?;
        let mut bookings = Vec::new();
        for id in &found.bookings {
            bookings.push(self.booking_file(*id)?);
        }
        let mut holds = Vec::new();
        for id in &found.holds {
            if let Some(hold) = crate::planning::store::hold(conn, guichet_core::hold::HoldId(*id))?
            {
                holds.push(HoldView::from(&hold));
            }
        }
        let mut ticket_bookings = Vec::new();
        for id in &found.ticket_bookings {
            ticket_bookings.push(self.ticket_booking(*id)?);
        }
        let customers = self
            .customers(None)?
            .into_iter()
            .filter(|c| found.customers.contains(&c.id))
            .collect();
        Ok(GuestExport {
            bookings,
            holds,
            ticket_bookings,
            emails: Vec::new(),
            customers,
        })
    }

    /// Anonymises the guest `query` names, on their request (GDPR, right to
    /// erasure): their name, e-mail and phone, on every device and on the server —
    /// except in a booking invoiced less than ten years ago.
    pub fn anonymise_guest(&mut self, query: &GuestQuery) -> AppResult<Anonymised> {
        self.require(Permission::Book)?;
        refuse_empty(query)?;
        let today = self.today();
        let conn = self.store().conn();
        let found = find(conn, query)?;
        if found.bookings.is_empty()
            && found.holds.is_empty()
            && found.ticket_bookings.is_empty()
            && found.customers.is_empty()
        {
            return Err(AppError::input(format!(
                "aucun client « {} » sur ce poste : vérifiez l'e-mail ou le nom (ou il est déjà anonymisé)",
                printable(
                    query
                        .email
                        .as_deref()
                        .or(query.name.as_deref())
                        .unwrap_or_default()
                )
            )));
        }
        let (bookings, kept) = without_invoiced(conn, found.bookings, today)?;
        let kept_holds = holds_of(conn, &kept)?;
        let holds = found
            .holds
            .into_iter()
            .filter(|h| !kept_holds.contains(h))
            .collect();
        self.commit_anonymised(
            Found {
                bookings,
                holds,
                ticket_bookings: found.ticket_bookings,
                customers: found.customers,
            },
            kept,
            AnonymisedWhy::Request,
        )
    }

    /// Anonymises the guests whose stay (or session) ended more than the provider's
    /// retention period ago, except in a booking invoiced less than ten years ago.
    /// Returns what it did (nothing to do: empty lists, no operation).
    pub fn anonymise_expired(&mut self) -> AppResult<Anonymised> {
        let today = self.today();
        let conn = self.store().conn();
        let months = crate::settings::guest_retention(conn)?;
        let limit = today
            .checked_sub_months(Months::new(months))
            .unwrap_or(NaiveDate::MIN);
        let ended = |r: &rusqlite::Row<'_>| -> rusqlite::Result<bool> {
            let name: String = r.get(1)?;
            let end: String = r.get(2)?;
            Ok(name != ANONYMOUS_NAME
                && end
                    .get(..10)
                    .and_then(|d| d.parse::<NaiveDate>().ok())
                    .is_some_and(|end| end < limit))
        };
        let mut keep = ended;
        let stays = "date(start, '+' || nights || ' days')";
        let bookings = ids(
            conn,
            &format!("SELECT id, guest_name, {stays} FROM bookings"),
            &mut keep,
        )?;
        let (bookings, kept) = without_invoiced(conn, bookings, today)?;
        let kept_holds = holds_of(conn, &kept)?;
        let holds = ids(
            conn,
            &format!("SELECT id, guest_name, {stays} FROM holds"),
            &mut keep,
        )?
        .into_iter()
        .filter(|h| !kept_holds.contains(h))
        .collect();
        let ticket_bookings = ids(
            conn,
            "SELECT b.id, b.holder, s.starts_at FROM ticket_bookings b
             JOIN sessions s ON s.id = b.session_id",
            &mut keep,
        )?;
        // A customer of the file saved before the limit, with no stay of theirs (same
        // e-mail or name) ending after it.
        let customers = ids(
            conn,
            &format!(
                "SELECT c.id, c.name, c.saved_at FROM customers c WHERE c.forgotten_at IS NULL
                 AND NOT EXISTS (SELECT 1 FROM bookings b WHERE {stays} >= '{limit}'
                   AND (lower(b.guest_email) = lower(c.email) OR b.guest_name = c.name))"
            ),
            &mut keep,
        )?;
        self.commit_anonymised(
            Found {
                bookings,
                holds,
                ticket_bookings,
                customers,
            },
            kept,
            AnonymisedWhy::Retention,
        )
    }

    fn commit_anonymised(
        &mut self,
        found: Found,
        kept: Vec<KeptBooking>,
        why: AnonymisedWhy,
    ) -> AppResult<Anonymised> {
        let done = Anonymised {
            bookings: found.bookings,
            holds: found.holds,
            ticket_bookings: found.ticket_bookings,
            customers: found.customers,
            kept,
        };
        for chunk in chunks(&done) {
            self.write(|tx| {
                let at = tx.now();
                tx.commit_op(Op::GuestAnonymised(GuestAnonymised { at, why, ..chunk }))
            })?;
        }
        Ok(done)
    }
}

/// The operations of `done`, each naming at most [`MAX_ANONYMISED`] records.
///
/// [`MAX_ANONYMISED`]: guichet_core::sync::op::MAX_ANONYMISED
fn chunks(done: &Anonymised) -> Vec<GuestAnonymised> {
    use guichet_core::sync::op::MAX_ANONYMISED;
    let mut out = Vec::new();
    let empty = || GuestAnonymised {
        bookings: Vec::new(),
        holds: Vec::new(),
        ticket_bookings: Vec::new(),
        customers: Vec::new(),
        why: AnonymisedWhy::Request,
        at: chrono::DateTime::<chrono::Utc>::MIN_UTC,
    };
    let mut current = empty();
    let mut count = 0;
    let all = done
        .bookings
        .iter()
        .map(|id| (0, *id))
        .chain(done.holds.iter().map(|id| (1, *id)))
        .chain(done.ticket_bookings.iter().map(|id| (2, *id)))
        .chain(done.customers.iter().map(|id| (3, *id)));
    for (kind, id) in all {
        match kind {
            0 => current.bookings.push(id),
            1 => current.holds.push(id),
            2 => current.ticket_bookings.push(id),
            _ => current.customers.push(id),
        }
        count += 1;
        if count == MAX_ANONYMISED {
            out.push(std::mem::replace(&mut current, empty()));
            count = 0;
        }
    }
    if count > 0 {
        out.push(current);
    }
    out
}
