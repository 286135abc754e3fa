//! Use cases of the booking file (dossier): the guest and the party, what was paid,
//! its history; moving a booking to other dates or another unit, whole.

use chrono::{DateTime, NaiveDate, Utc};
use guichet_core::availability::ensure_free;
use guichet_core::booking::{BookingId, BookingStatus};
use guichet_core::contact::Contact;
use guichet_core::payment::PaymentMethod;
use guichet_core::sync::op::{BookingEdited, BookingMade, BookingMoved, PaymentRecorded};
use guichet_core::sync::wire::{Amount, Day, Name, Nights};
use guichet_core::sync::Op;
use guichet_core::unit::UnitId;
use guichet_core::{Money, Stay};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::store;
use crate::error::{AppError, AppResult};
use crate::planning::stays::tariff_price;
use crate::planning::units::require_unit;
use crate::planning::views::BookingView;
use crate::store::read::{parse, parse_opt};
use crate::App;

/// A payment recorded against a booking.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PaymentView {
    /// Id.
    pub id: Uuid,
    /// Amount, `"300.00"`; negative for a refund.
    #[ts(type = "string")]
    pub amount: Money,
    /// `cash`, `card`, `cheque`, `transfer`, `ancv_paper`, `ancv_connect`.
    pub method: String,
    /// The day it was paid.
    pub paid_on: NaiveDate,
}

/// One line of a booking's history.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct HistoryView {
    /// When (on the clock of the device that did it).
    pub at: DateTime<Utc>,
    /// `made`, `edited`, `moved`, `move_refused`, `paid`, `cancelled`.
    pub kind: String,
    /// What changed, as recorded (the window words it).
    #[ts(type = "Record<string, unknown>")]
    pub detail: serde_json::Value,
    /// Made on this device.
    pub here: bool,
}

/// The customer of a booking file: title, names apart, address, e-mail, phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CustomerView {
    /// M., Mme… (empty: none).
    pub title: String,
    /// First name (empty: none).
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Postal address, lines separated by `\n` (empty: none).
    pub address: String,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
}

impl From<&Contact> for CustomerView {
    fn from(c: &Contact) -> CustomerView {
        CustomerView {
            title: c.title().unwrap_or_default().to_owned(),
            first_name: c.first_name(),
            last_name: c.last_name(),
            address: c.address().unwrap_or_default().to_owned(),
            email: c.email().map(str::to_owned),
            phone: c.phone().map(str::to_owned),
        }
    }
}

/// Everything about one booking, for its file.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BookingFileView {
    /// The booking.
    pub booking: BookingView,
    /// Its number, as the customer reads it (`R-…`).
    pub number: String,
    /// The customer.
    pub customer: CustomerView,
    /// Its unit's name.
    pub unit_name: String,
    /// How many people the unit sleeps.
    pub capacity: u32,
    /// Adults (null: not recorded).
    pub adults: Option<u32>,
    /// Children.
    pub children: Option<u32>,
    /// Payments, oldest first.
    pub payments: Vec<PaymentView>,
    /// The sum of the payments.
    #[ts(type = "string")]
    pub paid: Money,
    /// What remains due (the price less what was paid; zero once cancelled).
    #[ts(type = "string")]
    pub balance: Money,
    /// The server refused it (it lost an overlap): the conflict that says so.
    pub rejected_by: Option<String>,
    /// What happened to it, oldest first.
    pub history: Vec<HistoryView>,
}

fn require_booking(conn: &Connection, id: Uuid) -> AppResult<guichet_core::booking::Booking> {
    store::booking(conn, BookingId(id))?
        .ok_or_else(|| AppError::input("cette réservation n'existe pas (ou plus) sur ce poste"))
}

/// The party of a booking: (adults, children).
fn party(
    conn: &Connection,
    id: Uuid,
) -> rusqlite::Result<(Option<u32>, Option<u32>, Option<String>)> {
    conn.query_row(
        "SELECT adults, children, rejected_by FROM bookings WHERE id = ?1",
        [id.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

fn payments(conn: &Connection, id: Uuid) -> AppResult<Vec<PaymentView>> {
    let mut statement = conn.prepare(
        "SELECT id, amount, method, paid_on FROM payments WHERE booking_id = ?1 ORDER BY paid_on, recorded_at",
    )?;
    let rows = statement.query_map([id.to_string()], |r| {
        Ok(PaymentView {
            id: parse(r, 0)?,
            amount: parse(r, 1)?,
            method: r.get(2)?,
            paid_on: parse(r, 3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What the payments add up to.
fn paid(payments: &[PaymentView]) -> AppResult<Money> {
    payments.iter().try_fold(Money::ZERO, |sum, p| {
        sum.checked_add(p.amount).map_err(|_| {
            AppError::input("les paiements de cette réservation dépassent les montants gérés")
        })
    })
}

fn history(conn: &Connection, id: Uuid, device: Uuid) -> AppResult<Vec<HistoryView>> {
    let mut statement = conn.prepare(
        "SELECT at, kind, detail, device_id FROM booking_history WHERE booking_id = ?1 ORDER BY at, rowid",
    )?;
    let rows = statement.query_map([id.to_string()], |r| {
        let by: Option<Uuid> = parse_opt(r, 3)?;
        Ok(HistoryView {
            at: parse(r, 0)?,
            kind: r.get(1)?,
            detail: serde_json::from_str(&r.get::<_, String>(2)?).unwrap_or_default(),
            here: by == Some(device),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Checks a party against the unit's capacity: at least one adult, at most `capacity`
/// people in all.
fn check_party(unit_name: &str, capacity: u32, adults: u32, children: u32) -> AppResult<()> {
    if adults == 0 {
        return Err(AppError::input("un séjour compte au moins un adulte"));
    }
    let people = adults.saturating_add(children);
    if people > capacity {
        return Err(AppError::rule(format!(
            "« {unit_name} » accueille {capacity} personne{} au plus, pas {people} : choisissez un autre hébergement ou réduisez le groupe",
            if capacity > 1 { "s" } else { "" }
        )));
    }
    Ok(())
}

/// Who comes: adults and children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, TS)]
#[ts(export)]
pub struct Party {
    /// Adults (at least one).
    pub adults: u32,
    /// Children.
    pub children: u32,
}

/// Checks a party for a new booking of `unit` (when it is given).
pub(crate) fn check_party_for(
    conn: &Connection,
    unit: Uuid,
    party: Option<Party>,
) -> AppResult<()> {
    let Some(party) = party else { return Ok(()) };
    let unit = require_unit(conn, unit)?;
    check_party(unit.name(), unit.capacity(), party.adults, party.children)
}

impl App {
    /// The file of one booking.
    pub fn booking_file(&self, id: Uuid) -> AppResult<BookingFileView> {
        let conn = self.store.conn();
        let booking = require_booking(conn, id)?;
        let unit = require_unit(conn, booking.unit.0)?;
        let (adults, children, rejected_by) = party(conn, id)?;
        let payments = payments(conn, id)?;
        let paid = paid(&payments)?;
        let balance = if booking.status == BookingStatus::Cancelled {
            Money::ZERO
        } else {
            booking
                .total
                .checked_sub(paid)
                .map_err(|_| AppError::input("le solde dépasse les montants gérés"))?
        };
        let (device, _) = crate::store::device::device(conn)?;
        Ok(BookingFileView {
            booking: BookingView::from(&booking),
            number: crate::paperwork::booking_number(id),
            customer: CustomerView::from(&booking.guest),
            unit_name: unit.name().to_owned(),
            capacity: unit.capacity(),
            adults,
            children,
            payments,
            paid,
            balance,
            rejected_by,
            history: history(conn, id, device)?,
        })
    }

    /// Records a payment (a deposit, the balance) or, negative, a refund.
    pub fn record_payment(
        &mut self,
        booking: Uuid,
        amount: Money,
        method: PaymentMethod,
        paid_on: NaiveDate,
    ) -> AppResult<BookingFileView> {
        self.require(crate::operators::Permission::Book)?;
        if method == PaymentMethod::GiftVoucher {
            return Err(AppError::input(
                "un paiement par bon cadeau se fait avec le code du bon, que Guichet vérifie : \
                 donnez-le (--voucher CODE)",
            ));
        }
        if amount == Money::ZERO {
            return Err(AppError::input(
                "un paiement de 0,00 € n'est pas enregistré : indiquez le montant reçu",
            ));
        }
        Amount::try_from(amount).map_err(|e| AppError::input(e.0))?;
        guichet_core::bounds::check_date(paid_on).map_err(AppError::input)?;
        self.write(|tx| {
            let b = require_booking(tx.conn(), booking)?;
            let paid = paid(&payments(tx.conn(), booking)?)?;
            if amount.is_negative() && paid.checked_add(amount).map_or(true, Money::is_negative) {
                return Err(AppError::rule(format!(
                    "on ne rembourse pas plus que ce qui a été payé ({}) : corrigez le montant",
                    paid.to_french()
                )));
            }
            if b.status == BookingStatus::Cancelled && !amount.is_negative() {
                return Err(AppError::rule(
                    "cette réservation est annulée : on n'y enregistre plus qu'un remboursement (montant négatif)",
                ));
            }
            let payment = tx.new_id();
            tx.commit_op(Op::PaymentRecorded(PaymentRecorded {
                id: payment,
                booking,
                amount: Amount::try_from(amount)?,
                method,
                paid_on: Day::try_from(paid_on)?,
            }))?;
            // The till journal (A17), in the same transaction.
            crate::journal::append(
                tx,
                crate::journal::payment_entry(payment, booking, amount, method, paid_on)?,
            )?;
            Ok(())
        })?;
        self.booking_file(booking)
    }

    /// Pays part of a booking with the gift voucher `code_text`, once (A10): it pays up
    /// to `amount`; what it leaves on itself is not given back, which the cashier
    /// confirms first (`accept_forfeit`). A voucher not known here yet needs the amount
    /// `printed` on it.
    pub fn pay_with_voucher(
        &mut self,
        booking: Uuid,
        code_text: &str,
        amount: Money,
        printed: Option<Money>,
        accept_forfeit: bool,
    ) -> AppResult<BookingFileView> {
        self.require(crate::operators::Permission::Book)?;
        if amount <= Money::ZERO {
            return Err(AppError::input(
                "indiquez le montant à payer avec le bon, positif (par exemple 150.00)",
            ));
        }
        let code = self.authentic_voucher(code_text)?;
        let (today, stamp) = (self.today(), self.redemption_stamp()?);
        self.write(|tx| {
            let b = require_booking(tx.conn(), booking)?;
            if b.status == BookingStatus::Cancelled {
                return Err(AppError::rule(
                    "cette réservation est annulée : elle ne se paie plus",
                ));
            }
            let plan = crate::till::vouchers::plan_redemption(
                tx.conn(),
                &code,
                printed,
                None,
                Some(amount),
                today,
            )?;
            if !accept_forfeit {
                plan.refuse_forfeit()?;
            }
            let redemption = tx.new_id();
            tx.commit_op(plan.op(redemption, &stamp)?)?;
            plan.journal(tx, redemption)?;
            let payment = tx.new_id();
            tx.commit_op(Op::PaymentRecorded(PaymentRecorded {
                id: payment,
                booking,
                amount: Amount::try_from(plan.redeemed.redeemed)?,
                method: PaymentMethod::GiftVoucher,
                paid_on: Day::try_from(today)?,
            }))?;
            crate::journal::append(
                tx,
                crate::journal::payment_entry(
                    payment,
                    booking,
                    plan.redeemed.redeemed,
                    PaymentMethod::GiftVoucher,
                    today,
                )?,
            )?;
            Ok(())
        })?;
        self.booking_file(booking)
    }

    /// Edits the guest, the contact and the party (checked against the unit's capacity).
    pub fn edit_booking(
        &mut self,
        booking: Uuid,
        guest: Contact,
        adults: u32,
        children: u32,
    ) -> AppResult<BookingFileView> {
        self.require(crate::operators::Permission::Book)?;
        self.write(|tx| {
            let b = require_booking(tx.conn(), booking)?;
            let unit = require_unit(tx.conn(), b.unit.0)?;
            check_party(unit.name(), unit.capacity(), adults, children)?;
            if b.guest.name() == guichet_core::sync::wire::ANONYMOUS_NAME && guest != b.guest {
                return Err(AppError::rule(
                    "le client de cette réservation a été anonymisé : ses coordonnées ne se \
                     saisissent plus ici (l'anonymisation l'emporte) ; pour le même client, \
                     faites une nouvelle réservation",
                ));
            }
            tx.commit_op(Op::BookingEdited(BookingEdited {
                id: booking,
                guest: (guest != b.guest).then(|| guest.into()),
                adults: Some(adults),
                children: Some(children),
            }))?;
            Ok(())
        })?;
        self.booking_file(booking)
    }

    /// Moves a booking, whole, to `stay` in `unit` (the same or another), at `price` or
    /// the tariffs' price there. A booking the server refused is placed again this way.
    pub fn move_booking(
        &mut self,
        booking: Uuid,
        unit: Uuid,
        stay: Stay,
        price: Option<Money>,
    ) -> AppResult<BookingFileView> {
        self.require(crate::operators::Permission::Book)?;
        self.write(|tx| {
            let b = require_booking(tx.conn(), booking)?;
            let (adults, children, rejected_by) = party(tx.conn(), booking)?;
            if b.status == BookingStatus::Cancelled && rejected_by.is_none() {
                return Err(AppError::rule(
                    "cette réservation est annulée : faites une nouvelle réservation plutôt que de la déplacer",
                ));
            }
            if b.unit.0 == unit && b.stay == stay {
                return Err(AppError::input("ce sont déjà les dates et l'hébergement de la réservation"));
            }
            let target = require_unit(tx.conn(), unit)?;
            if adults.is_some() || children.is_some() {
                check_party(target.name(), target.capacity(), adults.unwrap_or(1), children.unwrap_or(0))?;
            }
            let blockers = store::blockers(tx.conn(), UnitId(unit), tx.now())?;
            ensure_free(stay, &blockers, Some(booking))?;
            let total = match price {
                Some(p) if p.is_negative() => {
                    return Err(AppError::input("le prix d'une réservation ne peut pas être négatif"))
                }
                Some(p) => p,
                None => tariff_price(tx.conn(), unit, stay)?,
            };
            let (start, nights, total) = (
                Day::try_from(stay.start())?,
                Nights::try_from(stay.nights())?,
                Amount::try_from(total)?,
            );
            // A booking the server refused exists nowhere else: it is made again, whole,
            // under its id (its payments, already on every device, find it there).
            let op = if rejected_by.is_some() {
                Op::BookingMade(BookingMade {
                    id: booking,
                    unit,
                    start,
                    nights,
                    guest: b.guest.clone().into(),
                    total,
                    hold: None,
                    adults,
                    children,
                })
            } else {
                Op::BookingMoved(BookingMoved {
                    id: booking,
                    unit,
                    start,
                    nights,
                    total,
                    guest: Name::try_from(b.guest.name().to_owned())?,
                })
            };
            tx.commit_op(op)?;
            // An invoiced booking that moves: its invoice is cancelled by a credit note
            // and the stay as it now is invoiced anew (B3), in this transaction.
            if crate::invoices::credit_booking(tx, booking)?.is_some() {
                crate::invoices::invoice_booking(tx, booking)?;
            }
            Ok(())
        })?;
        self.booking_file(booking)
    }
}
