//! Invoices and credit notes (B1, B2, B3): issued from a booking file (a stay or a
//! ticket booking of the box office), numbered in this device's series in the same
//! transaction that stores them, kept as issued (their data, their PDF bytes and the
//! bytes' SHA-256), carried to every device by an `invoice_issued` operation. Cancelling
//! an invoiced booking issues a credit note that cites its invoice; deleting it is
//! refused; moving a stay or amending tickets issues a credit note and a new invoice.

pub mod pdf;

use chrono::NaiveDate;
use guichet_core::booking::{BookingId, BookingStatus};
use guichet_core::invoice::{
    check_sequences, CustomerSnapshot, DocumentKind, InvoiceLine, InvoiceNumber, InvoiceSnapshot,
    ProviderSnapshot, Sequence, Series, VatRegime, STAY_VAT, TICKET_VAT,
};
use guichet_core::sync::op::InvoiceIssued;
use guichet_core::sync::wire::{Blob, Text};
use guichet_core::sync::Op;
use guichet_core::Money;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::store::read::parse;
use crate::store::Tx;
use crate::App;

/// The device setting holding the series letter the sync server gave this device.
pub const SERIES_SETTING: &str = "invoice_series";

/// An invoice or a credit note, as listed.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct InvoiceView {
    /// Id.
    pub id: Uuid,
    /// `F2026-A-000123`.
    pub number: String,
    /// `invoice` or `credit_note`.
    pub kind: String,
    /// Total, VAT included (`"650.00"`; negative on a credit note).
    #[ts(type = "string")]
    pub total: Money,
    /// The number of the invoice a credit note cancels.
    pub cites: Option<String>,
    /// The booking.
    pub booking: Uuid,
    /// Its date.
    pub issued_on: NaiveDate,
    /// The customer's name.
    pub customer: String,
}

/// What `invoices verify` found.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct VerifyView {
    /// How many invoices and credit notes are stored.
    pub invoices: u32,
    /// No gap, no duplicate, chronological, every PDF as issued.
    pub ok: bool,
    /// The first problem, in French.
    pub problem: Option<String>,
    /// The number the problem is about.
    pub number: Option<String>,
}

const COLUMNS: &str = "id, number, kind, total, cites_number, booking_id, issued_on, snapshot";

fn view(r: &rusqlite::Row<'_>) -> rusqlite::Result<InvoiceView> {
    let snapshot: String = r.get(7)?;
    let customer = serde_json::from_str::<InvoiceSnapshot>(&snapshot)
        .map(|s| s.customer.name)
        .unwrap_or_default();
    Ok(InvoiceView {
        id: parse(r, 0)?,
        number: r.get(1)?,
        kind: r.get(2)?,
        total: parse(r, 3)?,
        cites: r.get(4)?,
        booking: parse(r, 5)?,
        issued_on: parse(r, 6)?,
        customer,
    })
}

/// Every invoice and credit note, of one booking or all, by number's date then number.
pub(crate) fn list(conn: &Connection, booking: Option<Uuid>) -> AppResult<Vec<InvoiceView>> {
    let mut statement = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM invoices WHERE ?1 IS NULL OR booking_id = ?1
         ORDER BY issued_on, series, year, seq"
    ))?;
    let rows = statement.query_map([booking.map(|b| b.to_string())], view)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether any invoice (or credit note) exists for `booking` (B1).
pub(crate) fn invoiced(conn: &Connection, booking: Uuid) -> AppResult<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM invoices WHERE booking_id = ?1)",
        [booking.to_string()],
        |r| r.get(0),
    )?)
}

/// The invoice of `booking` that no credit note cancels yet, with its snapshot.
pub(crate) fn live_invoice(
    conn: &Connection,
    booking: Uuid,
) -> AppResult<Option<(Uuid, InvoiceSnapshot)>> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT i.id, i.snapshot FROM invoices i WHERE i.booking_id = ?1 AND i.kind = 'invoice'
             AND NOT EXISTS (SELECT 1 FROM invoices c WHERE c.cites_id = i.id)
             ORDER BY i.issued_on DESC, i.seq DESC LIMIT 1",
            [booking.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(id, snapshot)| {
        let id = id
            .parse()
            .map_err(|_| AppError::input("identifiant de facture illisible"))?;
        let snapshot = serde_json::from_str(&snapshot)
            .map_err(|e| AppError::input(format!("facture illisible ({e})")))?;
        Ok((id, snapshot))
    })
    .transpose()
}

/// The series this device numbers in: the letter the server gave it, or its
/// provisional series (its device id).
pub(crate) fn series(conn: &Connection) -> AppResult<Series> {
    match crate::store::device::device_setting(conn, SERIES_SETTING)? {
        Some(letter) if !letter.is_empty() => Ok(Series::new(&letter)?),
        _ => Ok(Series::provisional(crate::store::device::device(conn)?.0)),
    }
}

/// The state of `series` as stored.
fn sequence(conn: &Connection, series: Series) -> AppResult<Sequence> {
    let last: Option<(String, String)> = conn
        .prepare_cached(
            "SELECT number, issued_on FROM invoices WHERE series = ?1 ORDER BY year DESC, seq DESC LIMIT 1",
        )?
        .query_row([series.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let last = match last {
        Some((number, day)) => Some((
            number.parse::<InvoiceNumber>()?,
            day.parse::<NaiveDate>()
                .map_err(|_| AppError::input("date de facture illisible"))?,
        )),
        None => None,
    };
    Ok(Sequence::new(series, last))
}

/// The provider as it is now.
fn provider(conn: &Connection) -> AppResult<(ProviderSnapshot, VatRegime)> {
    let s = crate::settings::load(conn)?;
    let i = s.identity;
    Ok((
        ProviderSnapshot {
            name: s.provider_name,
            street: i.street,
            postcode: i.postcode,
            town: i.town,
            country: i.country,
            siret: i.siret,
            vat_number: i.vat_number,
            email: i.email,
            phone: i.phone,
        },
        s.vat_regime,
    ))
}

/// Numbers, renders and stores `snapshot` (whose `number` is filled here) as issued,
/// in the transaction `tx`, with its operation.
fn issue(
    tx: &Tx<'_>,
    mut snapshot: InvoiceSnapshot,
    cites: Option<Uuid>,
) -> AppResult<InvoiceView> {
    let series = series(tx.conn())?;
    let (_, number) = sequence(tx.conn(), series)?.issue(snapshot.issued_on)?;
    snapshot.number = number.to_string();
    let bytes = pdf::render(&snapshot)?;
    let sha256 = guichet_core::media::sha256_hex(&bytes);
    let id = tx.new_id();
    let view = InvoiceView {
        id,
        number: snapshot.number.clone(),
        kind: snapshot.kind.code().to_owned(),
        total: snapshot.total,
        cites: snapshot.cites.clone(),
        booking: snapshot.booking,
        issued_on: snapshot.issued_on,
        customer: snapshot.customer.name.clone(),
    };
    tx.commit_op(Op::InvoiceIssued(Box::new(InvoiceIssued {
        id,
        cites,
        snapshot,
        sha256: Text::try_from(sha256)?,
        pdf: Blob::new(bytes)?,
    })))?;
    Ok(view)
}

/// The day of the transaction in France.
fn today(tx: &Tx<'_>) -> NaiveDate {
    tx.now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .date_naive()
}

/// Issues the invoice of `booking` in `tx`: a stay, or a ticket booking of the box
/// office.
pub(crate) fn invoice_booking(tx: &Tx<'_>, booking: Uuid) -> AppResult<InvoiceView> {
    let conn = tx.conn();
    let (customer, lines) = match crate::planning::store::booking(conn, BookingId(booking))? {
        Some(stay) => stay_services(conn, &stay)?,
        None => match crate::box_office::store::ticket_booking(conn, booking)? {
            Some(tickets) => ticket_services(conn, &tickets)?,
            None => {
                return Err(AppError::input(
                    "cette réservation n'existe pas (ou plus) sur ce poste",
                ))
            }
        },
    };
    if let Some((_, live)) = live_invoice(conn, booking)? {
        return Err(AppError::rule(format!(
            "cette réservation est déjà facturée ({}) : réimprimez cette facture plutôt que d'en émettre une autre",
            live.number
        )));
    }
    let (provider, regime) = provider(conn)?;
    let (total, vat) = InvoiceSnapshot::figures(&lines, regime)?;
    let snapshot = InvoiceSnapshot {
        kind: DocumentKind::Invoice,
        number: String::new(),
        issued_on: today(tx),
        cites: None,
        booking,
        provider,
        customer,
        regime,
        lines,
        total,
        vat,
    };
    issue(tx, snapshot, None)
}

/// The refusal to invoice a cancelled booking.
fn cancelled() -> AppError {
    AppError::rule("cette réservation est annulée : elle ne se facture plus")
}

/// A stay's customer and its one line (the stay, its nights).
fn stay_services(
    conn: &Connection,
    b: &guichet_core::booking::Booking,
) -> AppResult<(CustomerSnapshot, Vec<InvoiceLine>)> {
    if b.status == BookingStatus::Cancelled {
        return Err(cancelled());
    }
    let unit = crate::planning::units::require_unit(conn, b.unit.0)?;
    let nights = b.stay.nights();
    let lines = vec![InvoiceLine {
        label: format!("Séjour — {}", unit.name()),
        detail: format!(
            "du {} au {}, {} nuit{}",
            b.stay.start().format("%d/%m/%Y"),
            b.stay.end().format("%d/%m/%Y"),
            nights,
            if nights > 1 { "s" } else { "" }
        ),
        quantity: 1,
        unit_price: b.total,
        vat: STAY_VAT,
    }];
    let customer = CustomerSnapshot {
        name: match b.guest.title() {
            Some(title) => format!("{title} {}", b.guest.name()),
            None => b.guest.name().to_owned(),
        },
        address: b.guest.address().unwrap_or_default().to_owned(),
        email: b.guest.email().unwrap_or_default().to_owned(),
        phone: b.guest.phone().unwrap_or_default().to_owned(),
    };
    Ok((customer, lines))
}

/// A ticket booking's holder and its one line: its tickets of one product for one
/// session, at the price each was sold (the booking's total shared out when the
/// quantity does not divide it to the cent: one line for the lot).
fn ticket_services(
    conn: &Connection,
    t: &guichet_core::ticket_booking::TicketBooking,
) -> AppResult<(CustomerSnapshot, Vec<InvoiceLine>)> {
    if t.status == guichet_core::ticket_booking::TicketBookingStatus::Cancelled {
        return Err(cancelled());
    }
    let (event, session) = crate::box_office::store::session(conn, t.session)?
        .ok_or_else(|| AppError::input("la séance de ces billets n'existe plus sur ce poste"))?;
    let product = crate::box_office::store::ticket_products(conn, Some(event))?
        .into_iter()
        .map(|(_, p)| p)
        .find(|p| p.id == t.product)
        .ok_or_else(|| AppError::input("le tarif de ces billets n'existe plus sur ce poste"))?;
    let each = t.total.share(1, u64::from(t.quantity))?;
    let (quantity, unit_price) = match each.checked_mul(t.quantity) {
        Ok(whole) if whole == t.total => (t.quantity, each),
        _ => (1, t.total),
    };
    let starts = session.starts_at.with_timezone(&chrono_tz::Europe::Paris);
    let lines = vec![InvoiceLine {
        label: format!("Billets — {} : {}", session.event, product.name),
        detail: format!(
            "séance du {} à {}, {} billet{}",
            starts.format("%d/%m/%Y"),
            starts.format("%H:%M"),
            t.quantity,
            if t.quantity > 1 { "s" } else { "" }
        ),
        quantity,
        unit_price,
        vat: TICKET_VAT,
    }];
    let customer = CustomerSnapshot {
        name: t.holder.clone(),
        ..CustomerSnapshot::default()
    };
    Ok((customer, lines))
}

/// Issues, in `tx`, the credit note that cancels the invoice of `booking` that no
/// credit note cancels yet, if there is one (B1).
pub(crate) fn credit_booking(tx: &Tx<'_>, booking: Uuid) -> AppResult<Option<InvoiceView>> {
    let Some((invoice, snapshot)) = live_invoice(tx.conn(), booking)? else {
        return Ok(None);
    };
    let mut credit = snapshot.credit_note(String::new(), today(tx))?;
    // The provider as it is when the credit note is issued (B3).
    credit.provider = provider(tx.conn())?.0;
    issue(tx, credit, Some(invoice)).map(Some)
}

impl App {
    /// Issues the invoice of a booking (B2, B3): its services and total, never its
    /// payments, numbered in this device's series.
    pub fn issue_invoice(&mut self, booking: Uuid) -> AppResult<InvoiceView> {
        // Tickets are invoiced by whoever may sell them, stays by whoever may book.
        let tickets = crate::box_office::store::ticket_booking(self.store.conn(), booking)?;
        self.require(match tickets {
            Some(_) => crate::operators::Permission::Sell,
            None => crate::operators::Permission::Book,
        })?;
        self.write(|tx| invoice_booking(tx, booking))
    }

    /// Every invoice and credit note, or those of one booking.
    pub fn invoices(&self, booking: Option<Uuid>) -> AppResult<Vec<InvoiceView>> {
        list(self.store.conn(), booking)
    }

    /// The PDF of an invoice or credit note, as issued (its stored bytes).
    pub fn invoice_pdf(&self, id: Uuid) -> AppResult<(String, Vec<u8>)> {
        self.store
            .conn()
            .query_row(
                "SELECT number, pdf FROM invoices WHERE id = ?1 OR number = ?2",
                (id.to_string(), id.to_string()),
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| {
                AppError::input(format!(
                    "aucune facture n'a l'identifiant {id} : voyez la liste avec « guichet invoices »"
                ))
            })
    }

    /// Keeps the invoice series the sync server gave this device (B3); invoices issued
    /// before keep their provisional series.
    pub(crate) fn take_invoice_series(&mut self, letter: &str) -> AppResult<()> {
        let series = Series::new(letter)?;
        let known = crate::store::device::device_setting(self.store.conn(), SERIES_SETTING)?;
        if known.as_deref() == Some(series.as_str()) {
            return Ok(());
        }
        self.write(|tx| Ok(tx.set_device_setting(SERIES_SETTING, series.as_str())?))
    }

    /// Sends the stored PDF of an invoice where `to` says (a printer, or the file the
    /// user chose); a printed one is kept in the data dir's `factures/`. Returns its path.
    pub fn deliver_invoice(
        &self,
        id: Uuid,
        to: &crate::box_office::print::PrintTo,
    ) -> AppResult<std::path::PathBuf> {
        let (number, pdf) = self.invoice_pdf(id)?;
        let kept = self
            .data_dir
            .as_deref()
            .unwrap_or_else(|| std::path::Path::new("."))
            .join("factures")
            .join(format!("{number}.pdf"));
        crate::box_office::print::deliver_pdf(&pdf, &number, &kept, to)
    }

    /// The series this device numbers its invoices in (`A`, or its provisional series).
    pub fn invoice_series(&self) -> AppResult<String> {
        Ok(series(self.store.conn())?.to_string())
    }

    /// Checks every series (no gap, no number twice, dates in order) and every stored
    /// PDF against its hash and against its snapshot rendered again.
    pub fn verify_invoices(&self) -> AppResult<VerifyView> {
        let conn = self.store.conn();
        let mut statement = conn.prepare(
            "SELECT number, issued_on, pdf, sha256, snapshot FROM invoices ORDER BY series, year, seq",
        )?;
        let rows = statement.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Vec<u8>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut numbers = Vec::new();
        let mut problem: Option<(String, String)> = None;
        let mut count = 0u32;
        for row in rows {
            let (number, day, bytes, sha256, snapshot) = row?;
            count += 1;
            if problem.is_some() {
                continue;
            }
            if guichet_core::media::sha256_hex(&bytes) != sha256 {
                problem = Some((
                    format!("le PDF de {number} a été modifié depuis son émission (empreinte SHA-256 différente)"),
                    number.clone(),
                ));
                continue;
            }
            match serde_json::from_str::<InvoiceSnapshot>(&snapshot) {
                Ok(s) if s.number == number && s.issued_on.to_string() == day => {
                    // The stored data must give back the stored bytes (B3): data
                    // changed beside an untouched PDF, or a PDF replaced with its hash,
                    // both show here.
                    if pdf::render(&s).ok().as_deref() != Some(bytes.as_slice()) {
                        problem = Some((
                            format!(
                                "les données de {number} ne redonnent plus le PDF émis : \
                                 la facture ou son PDF a été modifié depuis son émission"
                            ),
                            number.clone(),
                        ));
                        continue;
                    }
                }
                _ => {
                    problem = Some((
                        format!("les données de {number} ne correspondent plus à la facture émise"),
                        number.clone(),
                    ));
                    continue;
                }
            }
            match (number.parse::<InvoiceNumber>(), day.parse::<NaiveDate>()) {
                (Ok(n), Ok(d)) => numbers.push((n, d)),
                _ => {
                    problem = Some((
                        format!("numéro ou date illisible : {number}"),
                        number.clone(),
                    ))
                }
            }
        }
        if problem.is_none() {
            if let Err(p) = check_sequences(&numbers) {
                let about = match &p {
                    guichet_core::invoice::SequenceProblem::Gap { found, .. } => found.clone(),
                    guichet_core::invoice::SequenceProblem::Duplicate(n) => n.clone(),
                    guichet_core::invoice::SequenceProblem::NotChronological { later, .. } => {
                        later.clone()
                    }
                };
                problem = Some((p.to_string(), about));
            }
        }
        Ok(VerifyView {
            invoices: count,
            ok: problem.is_none(),
            number: problem.as_ref().map(|(_, n)| n.clone()),
            problem: problem.map(|(p, _)| p),
        })
    }

    /// Deletes a booking (B1): refused once it is invoiced (cancel it instead, which
    /// issues a credit note) or once a payment is recorded.
    pub fn delete_booking(&mut self, booking: Uuid) -> AppResult<()> {
        self.require(crate::operators::Permission::Book)?;
        self.write(|tx| {
            crate::planning::store::booking(tx.conn(), BookingId(booking))?.ok_or_else(|| {
                AppError::input("cette réservation n'existe pas (ou plus) sur ce poste")
            })?;
            if invoiced(tx.conn(), booking)? {
                return Err(AppError::rule(
                    "cette réservation a été facturée : elle ne peut plus être supprimée (la loi \
                     impose de garder ses factures) ; annulez-la, ce qui émet un avoir \
                     (« guichet bookings cancel ID »)",
                ));
            }
            let paid: bool = tx.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM payments WHERE booking_id = ?1)",
                [booking.to_string()],
                |r| r.get(0),
            )?;
            if paid {
                return Err(AppError::rule(
                    "des paiements sont enregistrés sur cette réservation : annulez-la et \
                     remboursez-les plutôt que de la supprimer",
                ));
            }
            tx.commit_op(Op::BookingDeleted(guichet_core::sync::op::Cancelled {
                id: booking,
            }))
        })
    }
}
