//! Use cases of the box office: events and sessions, selling tickets (T1, T4),
//! scanning them at the gate (T5) and following up bookings (T3).

pub mod keys;
pub mod pdf;
pub mod print;
pub mod scanner;
pub mod setup;
pub mod store;
pub mod views;

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Paris;
use guichet_core::event::{sort_for_display_by, Session, TicketProduct};
use guichet_core::scan::{decide, DecideError, Decision, Gate, Verdict};
use guichet_core::sync::op::{
    Cancelled, EventAdded, OrganizerAdded, SessionAdded, TicketBookingMade, TicketKindWire,
    TicketProductAdded, TicketScanned, TicketWire,
};
use guichet_core::sync::wire::{Amount, Count, Name, Seats, Text};
use guichet_core::sync::Op;
use guichet_core::ticket_booking::{TicketBooking, TicketBookingError, TicketBookingStatus};
use guichet_core::ticket_code::{CodeKind, TicketCode, TicketKey, SERIAL_BYTES};
use guichet_core::Money;
use uuid::Uuid;

use crate::box_office::views::{
    FirstScanView, IssuedView, RecentScanView, ScanView, SessionView, TicketBookingView,
    TicketProductView, TicketView,
};
use crate::error::{AppError, AppResult};
use crate::store::Tx;
use crate::App;

impl From<TicketBookingError> for AppError {
    fn from(error: TicketBookingError) -> AppError {
        match error {
            TicketBookingError::NoTicket
            | TicketBookingError::NoHolder
            | TicketBookingError::TooExpensive(_) => AppError::input(error),
            TicketBookingError::SoldOut { .. }
            | TicketBookingError::AlreadyCancelled
            | TicketBookingError::AdmittedTickets { .. }
            | TicketBookingError::BelowAdmitted { .. }
            | TicketBookingError::AdmittedElsewhere { .. } => AppError::rule(error),
        }
    }
}

/// The most tickets one booking may hold (each gets its own code and PDF page).
pub const MAX_TICKETS_PER_BOOKING: u32 = guichet_core::bounds::MAX_QUANTITY;

/// The most characters of a scanner's input kept with its scan.
const MAX_INPUT: usize = 200;

/// `19:02` in the provider's zone (Europe/Paris).
fn local_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Paris).format("%H:%M").to_string()
}

/// `14/07/2026 20:30` in the provider's zone.
pub fn local_instant(at: DateTime<Utc>) -> String {
    at.with_timezone(&Paris)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// The big words of a verdict and its reason, in French (ux.md).
fn message(decision: &Decision) -> String {
    match decision.verdict {
        Verdict::Admitted => "ENTRÉE VALIDE".to_owned(),
        Verdict::UnknownGenuine => {
            "ENTRÉE VALIDE — billet authentique pas encore synchronisé sur ce poste : il sera rapproché".to_owned()
        }
        Verdict::AlreadyScanned => match (&decision.first_scan, decision.seconds_ago) {
            (Some(_), Some(seconds)) if decision.here => {
                format!("DÉJÀ ADMIS ICI — il y a {seconds} s")
            }
            (Some(first), _) => {
                format!("DÉJÀ SCANNÉ — {}, {}", local_time(first.at), first.device)
            }
            (None, _) => "DÉJÀ SCANNÉ".to_owned(),
        },
        Verdict::Forged => format!(
            "BILLET INVALIDE — {}",
            decision.reason.map_or_else(|| "code non émis par le prestataire".to_owned(), |r| r.to_string())
        ),
        Verdict::WrongSession if decision.code.as_ref().is_some_and(|c| c.kind() == CodeKind::Voucher) => {
            "BON CADEAU — ce n'est pas un billet : il s'encaisse à la caisse".to_owned()
        }
        Verdict::WrongSession => "MAUVAISE SÉANCE — ce billet est valable pour une autre séance".to_owned(),
        Verdict::Cancelled => "BILLET ANNULÉ — ce billet a été annulé ou remplacé : entrée refusée".to_owned(),
        Verdict::Unreadable => "CODE ILLISIBLE — rescannez le billet ou tapez son code".to_owned(),
    }
}

/// A booking with its tickets, controlled or not (T3).
fn booking_view(
    conn: &rusqlite::Connection,
    booking: TicketBooking,
) -> AppResult<TicketBookingView> {
    let tickets: Vec<TicketView> = store::tickets_of(conn, booking.id)?
        .into_iter()
        .map(|row| TicketView {
            id: row.id,
            number: row.number,
            code: row.code,
            scanned_at: row.first.as_ref().map(|f| f.at),
            scanned_on: row.first.map(|f| f.device),
        })
        .collect();
    Ok(TicketBookingView {
        id: booking.id,
        holder: booking.holder,
        quantity: booking.quantity,
        scanned: u32::try_from(tickets.iter().filter(|t| t.scanned_at.is_some()).count())
            .unwrap_or(u32::MAX),
        status: match booking.status {
            TicketBookingStatus::Confirmed => "confirmed".to_owned(),
            TicketBookingStatus::Cancelled => "cancelled".to_owned(),
        },
        replaces: booking.replaces,
        replaced_by: store::replaced_by(conn, booking.id)?,
        session: booking.session,
        total: booking.total,
        tickets,
    })
}

/// Ticket products with their event, in display order (T2).
fn products_in_display_order(
    conn: &rusqlite::Connection,
    event: Option<Uuid>,
) -> AppResult<Vec<(Uuid, TicketProduct)>> {
    let mut products = store::ticket_products(conn, event)?;
    sort_for_display_by(&mut products, |(_, product)| product);
    Ok(products)
}

/// A ticket product as the window shows it.
fn product_view(
    conn: &rusqlite::Connection,
    event: Uuid,
    p: TicketProduct,
) -> AppResult<TicketProductView> {
    let active =
        store::product_flags(conn, p.id)?.is_some_and(|(product, organizer)| product && organizer);
    Ok(TicketProductView {
        id: p.id,
        event,
        name: p.name,
        theme: p.theme,
        organizer: p.organizer.name,
        organizer_id: p.organizer.id,
        position: p.position,
        active,
        price: p.price,
    })
}

fn require_session(tx: &Tx<'_>, id: Uuid) -> AppResult<(Uuid, Session)> {
    store::session(tx.conn(), id)?.ok_or_else(|| {
        AppError::input(format!(
            "aucune séance n'a l'identifiant {id} : choisissez une séance de la liste (Festival, F3, ou « guichet sessions »)"
        ))
    })
}

/// The ticket product a sale of `session` sells — `product`, or the event's first on
/// sale in display order — with the event and the session; refused when the session or
/// the product is no longer on sale.
pub(crate) fn ticket_offer(
    conn: &rusqlite::Connection,
    session: Uuid,
    product: Option<Uuid>,
) -> AppResult<(Uuid, Session, TicketProduct)> {
    let (event, session) = store::session(conn, session)?.ok_or_else(|| {
        AppError::input(format!(
            "aucune séance n'a l'identifiant {session} : choisissez une séance de la liste (Festival, F3, ou « guichet sessions »)"
        ))
    })?;
    let (_, session_active, event_active) = store::session_flags(conn, session.id)?;
    if !(session_active && event_active) {
        return Err(AppError::rule(
            "cette séance n'est plus en vente (désactivée) : réactivez-la dans Festival (F3) ou choisissez-en une autre",
        ));
    }
    let mut ordered = Vec::new();
    for (_, p) in products_in_display_order(conn, Some(event))? {
        if store::product_flags(conn, p.id)?
            .is_some_and(|(product, organizer)| product && organizer)
        {
            ordered.push(p);
        }
    }
    let mut ordered = ordered.into_iter();
    let product = match product {
        Some(id) => ordered.find(|p| p.id == id),
        None => ordered.next(),
    }
    .ok_or_else(|| {
        AppError::input(
            "aucun billet en vente pour cet événement ne correspond : créez-en un (ou réactivez-le) dans Festival (F3)",
        )
    })?;
    Ok((event, session, product))
}

/// Tickets (or passes) of one session about to be sold, inside a write transaction.
pub(crate) struct TicketSale<'a> {
    /// The booking's id.
    pub id: Uuid,
    /// The session's event.
    pub event: Uuid,
    /// The session.
    pub session: Session,
    /// The ticket product.
    pub product: TicketProduct,
    /// How many.
    pub quantity: u32,
    /// Who holds them.
    pub holder: &'a str,
    /// Tickets or passes.
    pub kind: CodeKind,
}

impl TicketSale<'_> {
    /// Records the booking, each ticket with its own code signed by `key` from a fresh
    /// serial (T4); an amendment keeps the admitted tickets of the booking it replaces.
    pub(crate) fn issue(
        self,
        tx: &Tx<'_>,
        key: &TicketKey,
        serials: &[[u8; SERIAL_BYTES]],
        replaces: Option<&TicketBooking>,
    ) -> AppResult<IssuedView> {
        let TicketSale {
            id,
            event,
            session,
            product,
            quantity,
            holder,
            kind,
        } = self;
        let kept = match replaces {
            Some(old) => store::admitted_tickets(tx.conn(), old.id)?,
            None => Vec::new(),
        };
        let admitted = u32::try_from(kept.len()).unwrap_or(u32::MAX);
        let cancelled = replaces
            .map(|old| old.amend(admitted, quantity, session.id))
            .transpose()?;
        // B1: an invoiced booking amended is cancelled by a credit note and the new one
        // invoiced, in this transaction.
        let mut invoiced = false;
        if let Some(old) = &cancelled {
            tx.commit_op(Op::TicketBookingCancelled(Cancelled { id: old.id }))?;
            invoiced = crate::invoices::credit_booking(tx, old.id)?.is_some();
        }
        let seats = match kind {
            CodeKind::Pass => store::fullest_session(tx.conn(), event)?,
            CodeKind::Ticket | CodeKind::Voucher => None,
        };
        let seats = match seats {
            Some(seats) => seats,
            None => (store::sold(tx.conn(), session.id)?, session.capacity),
        };
        let booking = TicketBooking::new(
            id,
            session.id,
            product.id,
            quantity,
            holder,
            product.price,
            seats,
            replaces.map(|b| b.id),
        )?;
        let scope = match kind {
            CodeKind::Pass => event,
            CodeKind::Ticket | CodeKind::Voucher => session.id,
        };
        let fresh: Vec<String> = serials
            .iter()
            .skip(kept.len())
            .map(|serial| TicketCode::issue(key, kind, scope, *serial).to_string())
            .collect();
        let tickets = (kept.len() + 1..)
            .zip(&fresh)
            .map(|(number, code)| {
                Ok(TicketWire {
                    id: tx.new_id(),
                    number: Count::try_from(u32::try_from(number).unwrap_or(u32::MAX))?,
                    code: Text::try_from(code.clone())?,
                    kind: match kind {
                        CodeKind::Pass => TicketKindWire::Pass,
                        CodeKind::Ticket | CodeKind::Voucher => TicketKindWire::Ticket,
                    },
                })
            })
            .collect::<AppResult<Vec<_>>>()?;
        tx.commit_op(Op::TicketBookingMade(TicketBookingMade {
            id: booking.id,
            session: booking.session,
            product: booking.product,
            quantity: Count::try_from(booking.quantity)?,
            holder: Name::try_from(booking.holder.clone())?,
            total: Amount::try_from(booking.total)?,
            replaces: booking.replaces,
            moved: kept.iter().map(|(id, _)| *id).collect(),
            tickets,
        }))?;
        if invoiced {
            crate::invoices::invoice_booking(tx, booking.id)?;
        }
        Ok(IssuedView {
            booking: booking.id,
            codes: kept
                .into_iter()
                .map(|(_, code)| code)
                .chain(fresh)
                .collect(),
            total: booking.total,
        })
    }
}

fn session_view(conn: &rusqlite::Connection, session: Session) -> AppResult<SessionView> {
    let (event_id, active, event_active) = store::session_flags(conn, session.id)?;
    Ok(SessionView {
        event_id,
        active: active && event_active,
        sold: store::sold(conn, session.id)?,
        admitted: store::admitted(conn, session.id)?,
        id: session.id,
        event: session.event,
        starts_at: session.starts_at,
        capacity: session.capacity,
    })
}

/// A name a person typed: trimmed, not blank (else `missing`), within the bounds.
fn required_name(name: &str, missing: &str) -> AppResult<Name> {
    let name = guichet_core::bounds::check_name(name).map_err(AppError::input)?;
    if name.is_empty() {
        return Err(AppError::input(missing));
    }
    Ok(Name::try_from(name.to_owned())?)
}

impl App {
    /// Adds an organizer (they are listed in creation order, T2).
    pub fn add_organizer(&mut self, name: &str) -> AppResult<Uuid> {
        self.require(crate::operators::Permission::EditEvents)?;
        let name = required_name(name, "indiquez le nom de l'organisateur")?;
        self.write(|tx| {
            let id = tx.new_id();
            tx.commit_op(Op::OrganizerAdded(OrganizerAdded {
                id,
                name,
                rank: store::organizer_count(tx.conn())?,
            }))?;
            Ok(id)
        })
    }

    /// Adds an event.
    pub fn add_event(&mut self, name: &str) -> AppResult<Uuid> {
        self.require(crate::operators::Permission::EditEvents)?;
        let name = required_name(name, "indiquez le nom de l'événement")?;
        self.write(|tx| {
            let id = tx.new_id();
            tx.commit_op(Op::EventAdded(EventAdded { id, name }))?;
            Ok(id)
        })
    }

    /// Adds a session of an event.
    pub fn add_session(
        &mut self,
        event: Uuid,
        starts_at: DateTime<Utc>,
        capacity: u32,
    ) -> AppResult<SessionView> {
        self.require(crate::operators::Permission::EditEvents)?;
        if capacity == 0 {
            return Err(AppError::input(
                "une séance accueille au moins une personne",
            ));
        }
        self.write(|tx| {
            if !store::event_exists(tx.conn(), event)? {
                return Err(AppError::input(format!(
                    "aucun événement n'a l'identifiant {event}"
                )));
            }
            let id = tx.new_id();
            tx.commit_op(Op::SessionAdded(SessionAdded {
                id,
                event,
                starts_at,
                capacity: Seats::try_from(capacity)?,
            }))?;
            let (_, session) = require_session(tx, id)?;
            session_view(tx.conn(), session)
        })
    }

    /// Adds a ticket product to an event.
    pub fn add_ticket_product(
        &mut self,
        event: Uuid,
        name: &str,
        theme: &str,
        organizer: Uuid,
        price: Money,
    ) -> AppResult<TicketProductView> {
        self.require(crate::operators::Permission::EditEvents)?;
        if name.trim().is_empty() || price.is_negative() {
            return Err(AppError::input(
                "un billet a un nom et un prix positif ou nul",
            ));
        }
        guichet_core::bounds::check_name(name).map_err(AppError::input)?;
        guichet_core::bounds::check_name(theme).map_err(AppError::input)?;
        self.write(|tx| {
            let organizer = store::organizer(tx.conn(), organizer)?.ok_or_else(|| {
                AppError::input(format!("aucun organisateur n'a l'identifiant {organizer}"))
            })?;
            if !store::event_exists(tx.conn(), event)? {
                return Err(AppError::input(format!(
                    "aucun événement n'a l'identifiant {event}"
                )));
            }
            let position = u32::try_from(store::ticket_products(tx.conn(), Some(event))?.len())
                .unwrap_or(u32::MAX);
            let product = TicketProduct {
                id: tx.new_id(),
                name: name.trim().to_owned(),
                theme: theme.trim().to_owned(),
                organizer,
                position,
                price,
            };
            tx.commit_op(Op::TicketProductAdded(TicketProductAdded {
                id: product.id,
                event,
                name: Name::try_from(product.name.clone())?,
                theme: Text::try_from(product.theme.clone())?,
                organizer: product.organizer.id,
                position: product.position,
                price: Amount::try_from(price)?,
            }))?;
            product_view(tx.conn(), event, product)
        })
    }

    /// Every session with its counters, by start.
    pub fn sessions(&self) -> AppResult<Vec<SessionView>> {
        let conn = self.store.conn();
        store::sessions(conn)?
            .into_iter()
            .map(|s| session_view(conn, s))
            .collect()
    }

    /// Ticket products in display order (T2), optionally of one event.
    pub fn ticket_products(&self, event: Option<Uuid>) -> AppResult<Vec<TicketProductView>> {
        let conn = self.store.conn();
        products_in_display_order(conn, event)?
            .into_iter()
            .map(|(event, p)| product_view(conn, event, p))
            .collect()
    }

    /// Sells `quantity` tickets of a session (of `product`, or the event's first in
    /// display order) to `holder`; each gets its own signed code (T4).
    pub fn issue_tickets(
        &mut self,
        session: Uuid,
        product: Option<Uuid>,
        quantity: u32,
        holder: &str,
    ) -> AppResult<IssuedView> {
        self.require(crate::operators::Permission::Sell)?;
        self.issue(session, product, quantity, holder, CodeKind::Ticket, None)
    }

    /// Sells `quantity` passes: each admits once to every session of the event of
    /// `session` (counted against that session's seats).
    pub fn issue_passes(
        &mut self,
        session: Uuid,
        product: Option<Uuid>,
        quantity: u32,
        holder: &str,
    ) -> AppResult<IssuedView> {
        self.require(crate::operators::Permission::Sell)?;
        self.issue(session, product, quantity, holder, CodeKind::Pass, None)
    }

    /// Fresh random serials for `count` codes.
    pub(crate) fn serials(&self, count: u32) -> AppResult<Vec<[u8; SERIAL_BYTES]>> {
        (0..count)
            .map(|_| {
                let mut serial = [0u8; SERIAL_BYTES];
                self.entropy.fill(&mut serial)?;
                Ok(serial)
            })
            .collect()
    }

    fn issue(
        &mut self,
        session: Uuid,
        product: Option<Uuid>,
        quantity: u32,
        holder: &str,
        kind: CodeKind,
        replaces: Option<&TicketBooking>,
    ) -> AppResult<IssuedView> {
        if quantity > MAX_TICKETS_PER_BOOKING {
            return Err(AppError::input(format!(
                "au plus {MAX_TICKETS_PER_BOOKING} billets par réservation : faites-en plusieurs"
            )));
        }
        guichet_core::bounds::check_name(holder).map_err(AppError::input)?;
        let key = self.keys()?.current()?.clone();
        let serials = self.serials(quantity)?;
        self.write(|tx| {
            let (event, session, product) = ticket_offer(tx.conn(), session, product)?;
            let sale = TicketSale {
                id: tx.new_id(),
                event,
                session,
                product,
                quantity,
                holder,
                kind,
            };
            sale.issue(tx, &key, &serials, replaces)
        })
    }

    /// Cancels a ticket booking: its codes are revoked at every gate that syncs. A
    /// booking some of whose tickets were used is refused (amend it instead).
    pub fn cancel_tickets(&mut self, booking: Uuid) -> AppResult<TicketBookingView> {
        self.require(crate::operators::Permission::Sell)?;
        self.write(|tx| {
            let found = store::ticket_booking(tx.conn(), booking)?.ok_or_else(|| {
                AppError::input(format!(
                    "aucune réservation de billets n'a l'identifiant {booking}"
                ))
            })?;
            let admitted = store::admitted_tickets(tx.conn(), booking)?.len();
            found.cancel(u32::try_from(admitted).unwrap_or(u32::MAX))?;
            tx.commit_op(Op::TicketBookingCancelled(Cancelled { id: booking }))?;
            // B1: what was invoiced is cancelled by a credit note, in this transaction.
            crate::invoices::credit_booking(tx, booking)?;
            Ok(())
        })?;
        self.ticket_booking(booking)
    }

    /// T1: a booking is not edited in place; "amend" cancels it and books anew in one
    /// step, the new booking keeping the link to the old one. Tickets already admitted
    /// keep their codes and admissions in the new booking; the others get new codes.
    pub fn amend_tickets(
        &mut self,
        booking: Uuid,
        quantity: u32,
        session: Option<Uuid>,
    ) -> AppResult<IssuedView> {
        self.require(crate::operators::Permission::Sell)?;
        let old = store::ticket_booking(self.store.conn(), booking)?.ok_or_else(|| {
            AppError::input(format!(
                "aucune réservation de billets n'a l'identifiant {booking}"
            ))
        })?;
        let kind = store::booking_kind(self.store.conn(), booking)?;
        let holder = old.holder.clone();
        self.issue(
            session.unwrap_or(old.session),
            Some(old.product),
            quantity,
            &holder,
            kind,
            Some(&old),
        )
    }

    /// A ticket booking with its tickets, controlled or not (T3).
    pub fn ticket_booking(&self, id: Uuid) -> AppResult<TicketBookingView> {
        let conn = self.store.conn();
        let booking = store::ticket_booking(conn, id)?.ok_or_else(|| {
            AppError::input(format!(
                "aucune réservation de billets n'a l'identifiant {id}"
            ))
        })?;
        booking_view(conn, booking)
    }

    /// A session's bookings with "Scanné" beside "Quantité" (T3).
    pub fn ticket_bookings(&self, session: Uuid) -> AppResult<Vec<TicketBookingView>> {
        let conn = self.store.conn();
        store::ticket_bookings(conn, session)?
            .into_iter()
            .map(|booking| booking_view(conn, booking))
            .collect()
    }

    /// Scans `text` at the gate of `session`, from the local copy alone. The attempt
    /// and its verdict are written durably (with their outbox operation) before the
    /// verdict is returned, refusals included. A ticket known here is judged by the
    /// database whatever the keys say; a code not known here needs the keys, and
    /// without them gets no verdict (an error saying the keys are missing).
    pub fn scan(&mut self, session: Uuid, text: &str, source: &str) -> AppResult<ScanView> {
        self.require(crate::operators::Permission::Scan)?;
        let now = self.now();
        let keys = self.keys().map(|ring| ring.keys_at(now));
        self.write(|tx| {
            let (event, gate_session) = require_session(tx, session)?;
            let (device, device_name) = crate::store::device::device(tx.conn())?;
            let gate = Gate {
                session,
                event,
                device,
                now: tx.now(),
            };
            let decision = decide(text, &gate, keys.as_deref().ok(), |code| {
                store::lookup(tx.conn(), code, session)
            })
            .map_err(|error| match error {
                DecideError::Lookup(e) => AppError::from(e),
                DecideError::KeysMissing => keys.clone().err().unwrap_or_else(|| {
                    AppError::input("clés de billetterie absentes : code non vérifiable ici")
                }),
            })?;
            let id = tx.new_id();
            let clip =
                |text: &str| Text::try_from(text.chars().take(MAX_INPUT).collect::<String>());
            tx.commit_op(Op::TicketScanned(TicketScanned {
                id,
                session,
                device_name: clip(&device_name)?,
                at: tx.now(),
                input: clip(text)?,
                source: clip(source)?,
                code: decision
                    .code
                    .as_ref()
                    .map(|c| clip(c.as_str()))
                    .transpose()?,
                ticket: decision.ticket,
                verdict: decision.verdict,
            }))?;
            Ok(ScanView {
                verdict: decision.verdict,
                ticket: decision.ticket,
                message: message(&decision),
                admits: decision.verdict.admits(),
                here: decision.here,
                seconds_ago: decision.seconds_ago.filter(|_| decision.here),
                first_scan: decision.first_scan.map(|f| FirstScanView {
                    at: f.at,
                    device: f.device,
                }),
                scan: id,
                at: tx.now(),
                admitted: store::admitted(tx.conn(), session)?,
                capacity: gate_session.capacity,
            })
        })
    }

    /// The latest scans at a session's gate.
    pub fn recent_scans(&self, session: Uuid, limit: u32) -> AppResult<Vec<RecentScanView>> {
        Ok(store::recent_scans(self.store.conn(), session, limit)?
            .into_iter()
            .map(|s| RecentScanView {
                at: s.at,
                verdict: s.verdict,
                text: s.code.unwrap_or(s.input),
                device: s.device_name,
            })
            .collect())
    }

    /// Names this device (`caisse 2`), as shown in "already scanned on …".
    pub fn set_device_name(&mut self, name: &str) -> AppResult<()> {
        self.require(crate::operators::Permission::EditSettings)?;
        let name = name.trim().to_owned();
        if name.is_empty() {
            return Err(AppError::input(
                "indiquez un nom pour ce poste (par exemple « entrée nord »)",
            ));
        }
        guichet_core::bounds::check_name(&name).map_err(AppError::input)?;
        guichet_core::bounds::check_name(&name).map_err(AppError::input)?;
        self.write(|tx| Ok(tx.set_device_name(&name)?))
    }

    /// Adds a new ticket key; tickets issued from now on use it, older ones still verify.
    pub fn rotate_ticket_key(&mut self) -> AppResult<u16> {
        self.require(crate::operators::Permission::RotateKeys)?;
        self.keys()?;
        let entropy = self.entropy.as_ref();
        match &mut self.keys {
            Some(ring) => ring.rotate(entropy),
            None => Err(AppError::rule("clés de billetterie indisponibles")),
        }
    }

    /// The PDF of a booking's tickets, one page each (T4).
    pub fn ticket_pdf(&self, booking: Uuid) -> AppResult<Vec<u8>> {
        let (title, pages) = self.ticket_pages(booking)?;
        crate::box_office::pdf::render(&title, &pages)
    }

    /// Writes a booking's tickets to `billets/<booking number>.pdf` in the data dir
    /// (the system's temporary folder for an in-memory application); returns the path.
    pub fn save_ticket_pdf(&self, booking: Uuid) -> AppResult<std::path::PathBuf> {
        self.ticket_print(booking)?.render_and_save()
    }
}

/// The booking number printed on tickets: the last 8 hex digits of its id (random).
pub fn booking_reference(booking: Uuid) -> String {
    let hex = booking.simple().to_string().to_ascii_uppercase();
    hex[hex.len() - 8..].to_owned()
}
