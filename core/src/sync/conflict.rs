//! The conflict rules (rule D4), used by the sync server when it applies an operation
//! and by every device when it settles one: pure, over a [`Ledger`] of the little
//! state the rules need. Conflicts are facts, not errors: device time is for
//! display, server order decides.
//!
//! - a ticket admitted on two devices: the first in server order is the entry, the
//!   later one a [`Fact::DuplicateScan`] (applied: the scan happened, it admits nobody);
//! - a booking that overlaps a live one, made or moved there: [`Fact::BookingOverlap`],
//!   rejected whole (a refused move leaves the booking where it was);
//! - a session sold beyond its capacity by offline box offices: every ticket stays
//!   valid, [`Fact::Oversold`] says by how many;
//! - two edits of one record: merged field by field; on the same field the later in
//!   server order wins and the value it replaced is kept in [`Fact::EditClash`];
//! - a gift voucher redeemed again after its redemption that counts (two offline tills):
//!   applied (the customer left with what was paid), with a [`Fact::VoucherOverdraw`],
//!   the voucher's balance staying the sum of its ledger, negative, for a person to see.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::op::TicketScanned;
use super::{Envelope, Op};

/// What the server found about one operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fact {
    /// A ticket already admitted (in server order) was admitted again elsewhere.
    DuplicateScan {
        /// The code.
        code: String,
        /// The session.
        session: Uuid,
        /// The later scan, which admits nobody.
        scan: Uuid,
        /// The device of the entry that counts.
        first_device: Uuid,
        /// Its name.
        first_device_name: String,
        /// When it admitted, on its clock.
        first_at: DateTime<Utc>,
    },
    /// A booking overlapping a live one of the same unit: rejected.
    BookingOverlap {
        /// The rejected booking.
        booking: Uuid,
        /// The unit.
        unit: Uuid,
        /// First night.
        start: NaiveDate,
        /// Nights.
        nights: u32,
        /// Its guest.
        guest: String,
        /// The booking that holds those nights.
        other: Uuid,
        /// That booking's guest.
        other_guest: String,
    },
    /// A session sold beyond its capacity: every ticket stays valid.
    Oversold {
        /// The session.
        session: Uuid,
        /// The booking that went past the capacity.
        booking: Uuid,
        /// Seats of the session.
        capacity: u32,
        /// Seats sold, this booking included.
        sold: u32,
    },
    /// Fields of a record edited on two devices: the later in server order wins.
    EditClash {
        /// The record (`settings`, `unit:ID`…).
        record: String,
        /// Each field both edited.
        fields: Vec<FieldClash>,
    },
    /// A gift voucher redeemed again after the redemption that counts (in server order).
    VoucherOverdraw {
        /// The voucher's code.
        code: String,
        /// The later redemption.
        redemption: Uuid,
        /// What it paid.
        amount: crate::Money,
        /// The till of the redemption that counts.
        first_device: Uuid,
        /// Its name.
        first_device_name: String,
        /// When it redeemed, on its clock.
        first_at: DateTime<Utc>,
    },
    /// An operation the server cannot apply (unreadable, newer than it, an id reused
    /// with another payload): rejected.
    Refused {
        /// Why, in French.
        reason: String,
    },
}

/// One field edited on two devices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldClash {
    /// The field.
    pub field: String,
    /// The value kept (this operation's).
    pub kept: serde_json::Value,
    /// The value it replaced, from another device's edit this one had not seen.
    pub lost: serde_json::Value,
    /// The device whose value was replaced.
    pub lost_device: Uuid,
}

impl Fact {
    /// The kind, as on the wire (`duplicate_scan`…).
    pub fn kind(&self) -> &'static str {
        match self {
            Fact::DuplicateScan { .. } => "duplicate_scan",
            Fact::BookingOverlap { .. } => "booking_overlap",
            Fact::Oversold { .. } => "oversold",
            Fact::EditClash { .. } => "edit_clash",
            Fact::VoucherOverdraw { .. } => "voucher_overdraw",
            Fact::Refused { .. } => "refused",
        }
    }

    /// What happened, in French, for the conflicts inbox.
    pub fn summary(&self) -> String {
        match self {
            Fact::DuplicateScan {
                code,
                first_device_name,
                first_at,
                ..
            } => format!(
                "billet {code} déjà scanné sur le poste « {first_device_name} » le {} : \
                 ce second passage n'est pas compté",
                crate::calendar::french_instant(*first_at)
            ),
            Fact::BookingOverlap {
                start,
                nights,
                guest,
                other_guest,
                ..
            } => format!(
                "réservation de {guest} du {} ({}) refusée : ces nuits sont déjà \
                 réservées pour {other_guest}",
                start.format("%d/%m/%Y"),
                crate::calendar::plural(*nights, "nuit", "nuits")
            ),
            Fact::Oversold { capacity, sold, .. } => format!(
                "séance survendue de {} ({sold} vendues pour {capacity}) : tous les \
                 billets restent valables",
                crate::calendar::plural(sold.saturating_sub(*capacity), "place", "places")
            ),
            Fact::EditClash { record, fields } => format!(
                "{record} modifié sur deux postes : {}",
                fields
                    .iter()
                    .map(|f| format!("{} = {} gardé, {} remplacé", f.field, f.kept, f.lost))
                    .collect::<Vec<_>>()
                    .join(" ; ")
            ),
            Fact::VoucherOverdraw {
                code,
                amount,
                first_device_name,
                first_at,
                ..
            } => format!(
                "bon cadeau {code} déjà utilisé sur le poste « {first_device_name} » le {} : \
                 ce second paiement de {} a été accepté hors ligne et n'est pas couvert",
                crate::calendar::french_instant(*first_at),
                amount.to_french()
            ),
            Fact::Refused { reason } => format!("opération refusée : {reason}"),
        }
    }
}

/// What the server does with an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Judgement {
    /// Applied.
    Applied,
    /// Applied, and a person must know this.
    Conflict(Fact),
    /// Not applied.
    Rejected(Fact),
}

/// An admission that counts (the first in server order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admission {
    /// The device.
    pub device: Uuid,
    /// Its name then.
    pub device_name: String,
    /// When, on its clock.
    pub at: DateTime<Utc>,
}

/// What the server remembers of a record beyond its place (B1, privacy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A booking an invoice or a credit note was issued for (its value: the first
    /// number): it is never deleted (B1).
    Invoiced,
    /// A booking, hold, ticket booking or customer whose guest was anonymised: no later
    /// operation brings their data back (anonymisation wins).
    Anonymised,
}

impl Mark {
    /// Its code in the ledger.
    pub fn code(self) -> &'static str {
        match self {
            Mark::Invoiced => "invoiced",
            Mark::Anonymised => "anonymised",
        }
    }
}

/// The last value written to a field, and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldWrite {
    /// The value.
    pub value: serde_json::Value,
    /// Its server sequence number.
    pub seq: u64,
    /// The device.
    pub device: Uuid,
}

/// A live booking in the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveBooking {
    /// The booking.
    pub id: Uuid,
    /// Its guest.
    pub guest: String,
}

/// The state the rules read and keep, per provider.
pub trait Ledger {
    /// A storage failure.
    type Error;
    /// A live booking of `unit` other than `except` with a night in `[start, end)`.
    fn overlapping(
        &mut self,
        unit: Uuid,
        start: NaiveDate,
        end: NaiveDate,
        except: Uuid,
    ) -> Result<Option<LiveBooking>, Self::Error>;
    /// Records a live booking, or moves it (a booking is live in one place).
    fn book(
        &mut self,
        id: Uuid,
        unit: Uuid,
        start: NaiveDate,
        end: NaiveDate,
        guest: &str,
    ) -> Result<(), Self::Error>;
    /// Whether the server knows booking `id` and it is live (`Some(false)`: cancelled;
    /// `None`: never placed, as a refused booking).
    fn booking_live(&mut self, id: Uuid) -> Result<Option<bool>, Self::Error>;
    /// A booking is no longer live.
    fn unbook(&mut self, id: Uuid) -> Result<(), Self::Error>;
    /// The admission that counts for `code` at `session`.
    fn admission(&mut self, code: &str, session: Uuid) -> Result<Option<Admission>, Self::Error>;
    /// Records the admission that counts.
    fn admit(&mut self, code: &str, session: Uuid, admission: Admission)
        -> Result<(), Self::Error>;
    /// Records a session's seats.
    fn add_session(&mut self, session: Uuid, capacity: u32) -> Result<(), Self::Error>;
    /// Records a ticket booking's seats; returns (capacity, sold) of its session after it.
    fn sell(
        &mut self,
        booking: Uuid,
        session: Uuid,
        seats: u32,
    ) -> Result<Option<(u32, u32)>, Self::Error>;
    /// A ticket booking no longer takes seats (cancelled, or replaced by an amendment).
    fn unsell(&mut self, booking: Uuid) -> Result<(), Self::Error>;
    /// The last write of `field` of `record`.
    fn last_write(&mut self, record: &str, field: &str) -> Result<Option<FieldWrite>, Self::Error>;
    /// Records a write.
    fn write(&mut self, record: &str, field: &str, write: FieldWrite) -> Result<(), Self::Error>;
    /// The redemption that counts for the voucher `code`.
    fn voucher_redemption(&mut self, code: &str) -> Result<Option<Admission>, Self::Error>;
    /// Records the redemption that counts.
    fn redeem_voucher(&mut self, code: &str, redemption: Admission) -> Result<(), Self::Error>;
    /// The value of `mark` on record `id`, if it has it.
    fn marked(&mut self, id: Uuid, mark: Mark) -> Result<Option<String>, Self::Error>;
    /// Marks record `id` (a second mark of the same kind keeps the first value).
    fn mark(&mut self, id: Uuid, mark: Mark, value: &str) -> Result<(), Self::Error>;
}

/// Anonymisation wins: an operation that carries the guest of a record whose guest
/// was anonymised before it (in server order; a device offline edited the customer,
/// say) has that guest blanked before it is judged, stored or sent to any device.
/// Returns whether it changed `op`.
pub fn anonymisation_wins<L: Ledger>(op: &mut Op, ledger: &mut L) -> Result<bool, L::Error> {
    let Some(record) = op.guest_record() else {
        return Ok(false);
    };
    if ledger.marked(record, Mark::Anonymised)?.is_none() {
        return Ok(false);
    }
    let blank = super::op::GuestAnonymised {
        bookings: vec![record],
        holds: vec![record],
        ticket_bookings: vec![record],
        customers: vec![record],
        why: super::op::AnonymisedWhy::Request,
        at: DateTime::<Utc>::MIN_UTC,
    };
    Ok(blank.scrub(op))
}

/// Judges `envelope`, given the server sequence number it takes and `base`, the last
/// server number its device had pulled when it made it; updates the ledger.
pub fn judge<L: Ledger>(
    envelope: &Envelope,
    base: u64,
    seq: u64,
    ledger: &mut L,
) -> Result<Judgement, L::Error> {
    match &envelope.op {
        Op::BookingMade(b) => {
            let place = Place {
                booking: b.id,
                unit: b.unit,
                start: b.start.get(),
                nights: b.nights.get(),
                guest: b.guest.contact().name(),
            };
            return place_booking(&place, ledger);
        }
        // A move is one rule with a booking: the whole stay in its new place, or nothing
        // (the booking stays where it was, so a guest never ends with no booking).
        Op::BookingMoved(m) => {
            if ledger.booking_live(m.id)? == Some(false) {
                return Ok(Judgement::Rejected(Fact::Refused {
                    reason: format!(
                        "la réservation de {} a été annulée sur un autre poste : elle n'est pas déplacée",
                        m.guest.as_str()
                    ),
                }));
            }
            let place = Place {
                booking: m.id,
                unit: m.unit,
                start: m.start.get(),
                nights: m.nights.get(),
                guest: m.guest.as_str(),
            };
            return place_booking(&place, ledger);
        }
        Op::UnitEdited(u) => {
            return edited(
                envelope,
                &format!("unit:{}", u.id),
                &given(u),
                base,
                seq,
                ledger,
            )
        }
        Op::BookingEdited(b) => {
            return edited(
                envelope,
                &format!("booking:{}", b.id),
                &given(b),
                base,
                seq,
                ledger,
            )
        }
        Op::OrganizerEdited(o) => {
            let record = format!("organizer:{}", o.id);
            return edited(envelope, &record, &given(o), base, seq, ledger);
        }
        Op::EventEdited(e) => {
            let record = format!("event:{}", e.id);
            return edited(envelope, &record, &given(e), base, seq, ledger);
        }
        Op::SessionEdited(s) => {
            if let Some(capacity) = s.capacity {
                ledger.add_session(s.id, capacity.get())?;
            }
            let record = format!("session:{}", s.id);
            return edited(envelope, &record, &given(s), base, seq, ledger);
        }
        Op::TicketProductEdited(p) => {
            let record = format!("ticket_product:{}", p.id);
            return edited(envelope, &record, &given(p), base, seq, ledger);
        }
        Op::BookingCancelled(c) => ledger.unbook(c.id)?,
        // B1: a booking invoiced (on any device) is never deleted, even by a device
        // that did not know of the invoice yet; it is cancelled instead, with a
        // credit note.
        Op::BookingDeleted(c) => {
            if let Some(number) = ledger.marked(c.id, Mark::Invoiced)? {
                return Ok(Judgement::Rejected(Fact::Refused {
                    reason: format!(
                        "la réservation a été facturée ({number}) : elle ne peut pas être \
                         supprimée (la loi garde les factures) ; annulez-la, un avoir sera émis"
                    ),
                }));
            }
            ledger.unbook(c.id)?
        }
        Op::InvoiceIssued(i) => {
            ledger.mark(i.snapshot.booking, Mark::Invoiced, &i.snapshot.number)?
        }
        Op::GuestAnonymised(a) => {
            for id in a.records() {
                ledger.mark(*id, Mark::Anonymised, "")?;
            }
        }
        Op::TicketScanned(s) => return scanned(envelope, s, ledger),
        Op::VoucherRedeemed(r) => return redeemed(envelope, r, ledger),
        Op::ProductEdited(p) => {
            let record = format!("product:{}", p.id);
            return edited(envelope, &record, &given(p), base, seq, ledger);
        }
        Op::SessionAdded(s) => ledger.add_session(s.id, s.capacity.get())?,
        Op::TicketBookingMade(b) => {
            if let Some(old) = b.replaces {
                ledger.unsell(old)?;
            }
            let seats = b.quantity.get();
            if let Some((capacity, sold)) = ledger.sell(b.id, b.session, seats)? {
                if sold > capacity {
                    return Ok(Judgement::Conflict(Fact::Oversold {
                        session: b.session,
                        booking: b.id,
                        capacity,
                        sold,
                    }));
                }
            }
        }
        Op::TicketBookingCancelled(c) => ledger.unsell(c.id)?,
        Op::SettingsEdited(s) => {
            return edited(envelope, "settings", &s.values(), base, seq, ledger)
        }
        Op::CustomerSaved(c) => {
            let record = format!("customer:{}", c.id);
            return edited(envelope, &record, &given(c), base, seq, ledger);
        }
        // Two devices rewording one template: the later wins, the other is told.
        Op::TemplateSaved(t) => {
            if let Ok(name) = crate::template::check_notification(t.name.as_str()) {
                let text = serde_json::Value::from(t.text.as_str());
                return edited(envelope, "templates", &[(name, text)], base, seq, ledger);
            }
        }
        Op::UnitAdded(_)
        | Op::TariffsSet(_)
        | Op::TariffPlanApplied(_)
        | Op::TariffsRemoved(_)
        | Op::HoldPlaced(_)
        | Op::HoldExtended(_)
        | Op::HoldReleased(_)
        | Op::OrganizerAdded(_)
        | Op::EventAdded(_)
        | Op::TicketProductAdded(_)
        | Op::UnitRemoved(_)
        | Op::PaymentRecorded(_)
        | Op::ProductAdded(_)
        | Op::ProductRemoved(_)
        | Op::VoucherSold(_)
        | Op::VoucherImported(_)
        | Op::VoucherDeactivated(_)
        | Op::VoucherExtended(_)
        | Op::SaleMade(_)
        | Op::SaleVoided(_)
        | Op::SaleRefunded(_)
        | Op::TillOpened(_)
        | Op::CashCounted(_)
        | Op::JournalClosed(_)
        | Op::MediaAdded(_)
        | Op::MediaRemoved(_)
        | Op::MediaReordered(_)
        | Op::CalendarImported(_)
        | Op::CalendarRemoved(_)
        | Op::ConflictSettled(_) => {}
    }
    Ok(Judgement::Applied)
}

/// Where a booking wants to be.
struct Place<'a> {
    booking: Uuid,
    unit: Uuid,
    start: NaiveDate,
    nights: u32,
    guest: &'a str,
}

/// A booking made or moved: rejected whole when another live booking of the unit
/// holds one of its nights, else live there.
fn place_booking<L: Ledger>(place: &Place<'_>, ledger: &mut L) -> Result<Judgement, L::Error> {
    let end = place.start + chrono::Days::new(u64::from(place.nights));
    if let Some(other) = ledger.overlapping(place.unit, place.start, end, place.booking)? {
        return Ok(Judgement::Rejected(Fact::BookingOverlap {
            booking: place.booking,
            unit: place.unit,
            start: place.start,
            nights: place.nights,
            guest: place.guest.to_owned(),
            other: other.id,
            other_guest: other.guest,
        }));
    }
    ledger.book(place.booking, place.unit, place.start, end, place.guest)?;
    Ok(Judgement::Applied)
}

/// A voucher pays once: a later redemption (in server order) is applied — the customer
/// left with what it paid — and shown as a [`Fact::VoucherOverdraw`].
fn redeemed<L: Ledger>(
    envelope: &Envelope,
    r: &super::op::VoucherRedeemed,
    ledger: &mut L,
) -> Result<Judgement, L::Error> {
    if let Some(first) = ledger.voucher_redemption(r.code.as_str())? {
        return Ok(Judgement::Conflict(Fact::VoucherOverdraw {
            code: r.code.as_str().to_owned(),
            redemption: r.id,
            amount: r.amount.get(),
            first_device: first.device,
            first_device_name: first.device_name,
            first_at: first.at,
        }));
    }
    ledger.redeem_voucher(
        r.code.as_str(),
        Admission {
            device: envelope.device,
            device_name: r.device_name.as_str().to_owned(),
            at: r.at,
        },
    )?;
    Ok(Judgement::Applied)
}

fn scanned<L: Ledger>(
    envelope: &Envelope,
    s: &TicketScanned,
    ledger: &mut L,
) -> Result<Judgement, L::Error> {
    let Some(code) = s.code.as_ref().filter(|_| s.verdict.admits()) else {
        return Ok(Judgement::Applied);
    };
    if let Some(first) = ledger.admission(code.as_str(), s.session)? {
        return Ok(Judgement::Conflict(Fact::DuplicateScan {
            code: code.as_str().to_owned(),
            session: s.session,
            scan: s.id,
            first_device: first.device,
            first_device_name: first.device_name,
            first_at: first.at,
        }));
    }
    ledger.admit(
        code.as_str(),
        s.session,
        Admission {
            device: envelope.device,
            device_name: s.device_name.as_str().to_owned(),
            at: s.at,
        },
    )?;
    Ok(Judgement::Applied)
}

/// The fields an edit of a record may set (units, bookings, the festival's records).
const EDITABLE: &[&str] = &[
    "name",
    "theme",
    "organizer",
    "position",
    "price",
    "starts_at",
    "capacity",
    "active",
    "guest",
    "adults",
    "children",
    "vat",
    "channels",
];

/// The fields an edit sets (those present in its wire form), as JSON values.
fn given(edit: &impl Serialize) -> Vec<(&'static str, serde_json::Value)> {
    let value = serde_json::to_value(edit).unwrap_or(serde_json::Value::Null);
    EDITABLE
        .iter()
        .filter_map(|field| {
            value
                .get(field)
                .filter(|v| !v.is_null())
                .map(|v| (*field, v.clone()))
        })
        .collect()
}

/// The rule for any edit: field by field, the later in server order wins; a field
/// another device wrote after `base` (unseen by this edit's author) is a clash.
fn edited<L: Ledger>(
    envelope: &Envelope,
    record: &str,
    fields: &[(&'static str, serde_json::Value)],
    base: u64,
    seq: u64,
    ledger: &mut L,
) -> Result<Judgement, L::Error> {
    let mut clashes = Vec::new();
    for (field, value) in fields {
        if let Some(last) = ledger.last_write(record, field)? {
            if last.seq > base && last.device != envelope.device && last.value != *value {
                clashes.push(FieldClash {
                    field: (*field).to_owned(),
                    kept: value.clone(),
                    lost: last.value,
                    lost_device: last.device,
                });
            }
        }
        ledger.write(
            record,
            field,
            FieldWrite {
                value: value.clone(),
                seq,
                device: envelope.device,
            },
        )?;
    }
    Ok(if clashes.is_empty() {
        Judgement::Applied
    } else {
        Judgement::Conflict(Fact::EditClash {
            record: record.to_owned(),
            fields: clashes,
        })
    })
}
