//! Applies an operation to the local store: the one place where each intent becomes
//! rows. Local use cases reach it through [`Tx::commit_op`] (which also records the
//! operation); operations pulled from the server through [`super::Store::apply_remote`],
//! which records none.

use guichet_core::scan::Verdict;
use guichet_core::sync::op::{
    BookingMade, CalendarImported, HoldPlaced, SessionAdded, Settlement, TicketBookingMade,
    TicketKindWire, TicketProductAdded, TicketScanned,
};
use guichet_core::sync::Op;
use guichet_core::Tariff;
use uuid::Uuid;

use super::Tx;
use crate::error::AppResult;
use crate::planning::tariffs::TariffPlan;

/// The provider settings' keys.
pub(crate) const PROVIDER_NAME: &str = "provider_name";
/// See [`PROVIDER_NAME`].
pub(crate) const PRICING_MODE: &str = "pricing_mode";
/// See [`PROVIDER_NAME`].
pub(crate) const VOUCHER_VALIDITY: &str = "voucher_validity_months";
/// Months after a stay its guest's data is anonymised (GDPR).
pub(crate) const GUEST_RETENTION: &str = "guest_retention_months";
/// The prefix of the provider's identity settings (`identity.siret`…).
pub(crate) const IDENTITY: &str = "identity.";
/// The prefix of the provider's contract conditions (`conditions.deposit_percent`…).
pub(crate) const CONDITIONS: &str = "conditions.";
/// How VAT is charged on invoices (B3): `franchise` (default) or `charged`.
pub(crate) const VAT_REGIME: &str = "vat_regime";

/// The texts verdicts are stored as.
pub(crate) const VERDICTS: &[(&str, Verdict)] = &[
    ("admitted", Verdict::Admitted),
    ("already_scanned", Verdict::AlreadyScanned),
    ("unknown_genuine", Verdict::UnknownGenuine),
    ("forged", Verdict::Forged),
    ("wrong_session", Verdict::WrongSession),
    ("cancelled", Verdict::Cancelled),
    ("unreadable", Verdict::Unreadable),
];

fn verdict_name(verdict: Verdict) -> &'static str {
    VERDICTS
        .iter()
        .find(|(_, v)| *v == verdict)
        .map_or("unreadable", |(name, _)| name)
}

impl Tx<'_> {
    /// Makes the change `op` states, writing no outbox row.
    pub fn apply(&self, op: &Op) -> AppResult<()> {
        let c = &self.tx;
        match op {
            Op::UnitAdded(u) => {
                c.execute(
                    "INSERT INTO units (id, name, capacity, position) VALUES (?1, ?2, ?3, ?4)",
                    (
                        u.id.to_string(),
                        u.name.as_str(),
                        u.capacity.get(),
                        u.position,
                    ),
                )?;
            }
            Op::TariffsSet(t) => {
                let tariffs = t
                    .tariffs
                    .iter()
                    .map(|w| Tariff::new(w.start.get(), w.nights.get(), w.price.get()))
                    .collect::<Result<Vec<_>, _>>()?;
                self.upsert_tariffs(t.unit, &tariffs)?;
            }
            Op::TariffPlanApplied(p) => {
                self.upsert_tariffs(p.unit, &TariffPlan::from(p.plan).tariffs()?)?;
            }
            Op::TariffsRemoved(r) => {
                c.execute(
                    "DELETE FROM tariffs WHERE unit_id = ?1 AND start >= ?2 AND start < ?3",
                    (
                        r.unit.to_string(),
                        r.from.get().to_string(),
                        r.until.get().to_string(),
                    ),
                )?;
            }
            Op::HoldPlaced(h) => self.place_hold(h)?,
            Op::HoldExtended(h) => {
                c.execute(
                    "UPDATE holds SET expires_at = ?2 WHERE id = ?1 AND state = 'active'",
                    (h.id.to_string(), h.expires_at.to_rfc3339()),
                )?;
            }
            Op::HoldReleased(h) => {
                c.execute(
                    "UPDATE holds SET state = 'released' WHERE id = ?1 AND state = 'active'",
                    [h.id.to_string()],
                )?;
            }
            Op::BookingMade(b) => self.make_booking(b)?,
            Op::BookingCancelled(b) => {
                let changed = c.execute(
                    "UPDATE bookings SET status = 'cancelled' WHERE id = ?1",
                    [b.id.to_string()],
                )?;
                if changed > 0 {
                    self.history(b.id, "cancelled", &serde_json::json!({}))?;
                }
            }
            Op::UnitEdited(u) => self.edit_unit(u)?,
            Op::UnitRemoved(r) => {
                self.remove_unit(r.id)?;
                self.remove_media_of(r.id)?;
            }
            Op::ProductAdded(p) => self.add_product(p)?,
            Op::ProductEdited(p) => self.edit_product(p)?,
            Op::ProductRemoved(r) => {
                self.remove_product(r.id)?;
                self.remove_media_of(r.id)?;
            }
            Op::VoucherSold(v) => self.sell_voucher(v)?,
            Op::VoucherImported(v) => self.import_voucher(v)?,
            Op::GuestAnonymised(a) => self.anonymise(a)?,
            Op::VoucherRedeemed(r) => self.redeem_voucher(r)?,
            Op::VoucherDeactivated(d) => self.deactivate_voucher(d)?,
            Op::VoucherExtended(e) => self.extend_voucher(e)?,
            Op::SaleMade(sale) => self.make_sale(sale)?,
            Op::SaleVoided(v) => self.void_sale(v)?,
            Op::SaleRefunded(r) => self.refund_sale(r)?,
            Op::TillOpened(o) => self.open_till(o)?,
            Op::CashCounted(c) => self.count_cash(c)?,
            Op::MediaAdded(m) => self.add_media(m)?,
            Op::MediaRemoved(r) => self.remove_media(r.id)?,
            Op::MediaReordered(r) => self.reorder_media(r)?,
            Op::InvoiceIssued(i) => self.store_invoice(i)?,
            Op::BookingDeleted(d) => self.delete_booking(d.id)?,
            Op::CalendarImported(i) => self.import_calendar(i)?,
            Op::CalendarRemoved(r) => {
                c.execute(
                    "DELETE FROM ical_blocks WHERE source_id = ?1",
                    [r.id.to_string()],
                )?;
                c.execute("DELETE FROM ical_sources WHERE id = ?1", [r.id.to_string()])?;
            }
            Op::BookingMoved(m) => self.move_booking(m)?,
            Op::BookingEdited(b) => self.edit_booking(b)?,
            Op::PaymentRecorded(p) => self.record_payment(p)?,
            Op::SettingsEdited(s) => {
                if let Some(name) = &s.provider_name {
                    self.set_setting(PROVIDER_NAME, name.as_str())?;
                }
                if let Some(mode) = s.pricing_mode {
                    let mode = guichet_core::PricingMode::from(mode);
                    self.set_setting(PRICING_MODE, &mode.to_string())?;
                }
                for (name, value) in s.identity() {
                    self.set_setting(&format!("{IDENTITY}{name}"), value)?;
                }
                if let Some(months) = s.voucher_validity_months {
                    self.set_setting(VOUCHER_VALIDITY, &months.to_string())?;
                }
                if let Some(months) = s.guest_retention_months {
                    self.set_setting(GUEST_RETENTION, &months.to_string())?;
                }
                for (name, value) in s.conditions() {
                    let text = match value {
                        serde_json::Value::String(text) => text,
                        other => other.to_string(),
                    };
                    self.set_setting(&format!("{CONDITIONS}{name}"), &text)?;
                }
                if let Some(regime) = s.vat_regime {
                    self.set_setting(VAT_REGIME, regime.code())?;
                }
            }
            // A customer anonymised stays forgotten: an older save never brings them back.
            Op::CustomerSaved(cs) => {
                let guest = cs.guest.contact();
                c.execute(
                    "INSERT INTO customers (id, name, email, phone, details, saved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (id) DO UPDATE SET name = ?2, email = ?3, phone = ?4, details = ?5, saved_at = ?6
                     WHERE forgotten_at IS NULL",
                    (
                        cs.id.to_string(),
                        guest.name(),
                        guest.email(),
                        guest.phone(),
                        crate::planning::store::guest_details(guest),
                        self.now().to_rfc3339(),
                    ),
                )?;
            }
            Op::TemplateSaved(t) => {
                c.execute(
                    "INSERT INTO templates (name, text, saved_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT (name) DO UPDATE SET text = ?2, saved_at = ?3",
                    (t.name.as_str(), t.text.as_str(), self.now().to_rfc3339()),
                )?;
            }
            Op::OrganizerAdded(o) => {
                c.execute(
                    "INSERT INTO organizers (id, name, rank) VALUES (?1, ?2, ?3)",
                    (o.id.to_string(), o.name.as_str(), o.rank),
                )?;
            }
            Op::EventAdded(e) => {
                c.execute(
                    "INSERT INTO events (id, name) VALUES (?1, ?2)",
                    (e.id.to_string(), e.name.as_str()),
                )?;
            }
            Op::SessionAdded(s) => self.add_session(s)?,
            Op::TicketProductAdded(p) => self.add_ticket_product(p)?,
            Op::TicketBookingMade(b) => self.make_ticket_booking(b)?,
            Op::TicketBookingCancelled(b) => {
                c.execute(
                    "UPDATE ticket_bookings SET status = 'cancelled' WHERE id = ?1",
                    [b.id.to_string()],
                )?;
                c.execute(
                    "UPDATE tickets SET cancelled = 1 WHERE booking_id = ?1",
                    [b.id.to_string()],
                )?;
            }
            Op::TicketScanned(s) => self.record_scan(s)?,
            Op::OrganizerEdited(o) => {
                c.execute(
                    "UPDATE organizers SET name = COALESCE(?2, name), active = COALESCE(?3, active) WHERE id = ?1",
                    (o.id.to_string(), o.name.as_ref().map(|n| n.as_str()), o.active),
                )?;
            }
            Op::EventEdited(e) => {
                c.execute(
                    "UPDATE events SET name = COALESCE(?2, name), active = COALESCE(?3, active) WHERE id = ?1",
                    (e.id.to_string(), e.name.as_ref().map(|n| n.as_str()), e.active),
                )?;
            }
            Op::SessionEdited(s) => {
                c.execute(
                    "UPDATE sessions SET starts_at = COALESCE(?2, starts_at), capacity = COALESCE(?3, capacity),
                     active = COALESCE(?4, active) WHERE id = ?1",
                    (
                        s.id.to_string(),
                        s.starts_at.map(|at| at.to_rfc3339()),
                        s.capacity.map(|seats| seats.get()),
                        s.active,
                    ),
                )?;
            }
            Op::TicketProductEdited(p) => {
                c.execute(
                    "UPDATE ticket_products SET name = COALESCE(?2, name), theme = COALESCE(?3, theme),
                     organizer_id = COALESCE(?4, organizer_id), position = COALESCE(?5, position),
                     price = COALESCE(?6, price), active = COALESCE(?7, active) WHERE id = ?1",
                    (
                        p.id.to_string(),
                        p.name.as_ref().map(|n| n.as_str()),
                        p.theme.as_ref().map(|t| t.as_str()),
                        p.organizer.map(|o| o.to_string()),
                        p.position,
                        p.price.map(|price| price.get().to_string()),
                        p.active,
                    ),
                )?;
            }
            // The closing is this device's journal entry already; the operation carries its
            // totals and chain head to the server, which keeps it.
            Op::JournalClosed(_) => {}
            Op::ConflictSettled(s) => {
                c.execute(
                    "UPDATE conflicts SET settled_at = ?2, settled_how = ?3 WHERE id = ?1 AND settled_at IS NULL",
                    (
                        s.conflict.to_string(),
                        self.now().to_rfc3339(),
                        match s.how {
                            Settlement::Acknowledged => "acknowledged",
                            Settlement::BookingCancelled => "booking_cancelled",
                            Settlement::BookingMoved => "booking_moved",
                        },
                    ),
                )?;
            }
        }
        Ok(())
    }

    fn upsert_tariffs(&self, unit: Uuid, tariffs: &[Tariff]) -> rusqlite::Result<()> {
        let mut statement = self.tx.prepare_cached(
            "INSERT INTO tariffs (unit_id, start, nights, price) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (unit_id, start, nights) DO UPDATE SET price = ?4",
        )?;
        for tariff in tariffs {
            statement.execute((
                unit.to_string(),
                tariff.start().to_string(),
                tariff.nights(),
                tariff.price().to_string(),
            ))?;
        }
        Ok(())
    }

    fn place_hold(&self, h: &HoldPlaced) -> rusqlite::Result<()> {
        let guest = h.guest.contact();
        self.tx.execute(
            "INSERT INTO holds (id, unit_id, start, nights, guest_name, guest_email, guest_phone, expires_at, state, created_at, total, guest_details)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'active', ?9, ?10, ?11)",
            (
                h.id.to_string(),
                h.unit.to_string(),
                h.start.get().to_string(),
                h.nights.get(),
                guest.name(),
                guest.email(),
                guest.phone(),
                h.expires_at.to_rfc3339(),
                self.now().to_rfc3339(),
                h.total.get().to_string(),
                crate::planning::store::guest_details(guest),
            ),
        )?;
        Ok(())
    }

    /// Makes a booking, or places again one the server refused (the same id, made anew
    /// where it now is).
    fn make_booking(&self, b: &BookingMade) -> rusqlite::Result<()> {
        let guest = b.guest.contact();
        let before = self.booking_place(b.id)?;
        self.tx.execute(
            "INSERT INTO bookings (id, unit_id, start, nights, guest_name, guest_email, guest_phone, total, status, hold_id, created_at, adults, children, guest_details)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'confirmed', ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT (id) DO UPDATE SET unit_id = ?2, start = ?3, nights = ?4, total = ?8,
             status = 'confirmed', rejected_by = NULL",
            (
                b.id.to_string(),
                b.unit.to_string(),
                b.start.get().to_string(),
                b.nights.get(),
                guest.name(),
                guest.email(),
                guest.phone(),
                b.total.get().to_string(),
                b.hold.map(|h| h.to_string()),
                self.now().to_rfc3339(),
                b.adults,
                b.children,
                crate::planning::store::guest_details(guest),
            ),
        )?;
        if let Some(hold) = b.hold {
            self.tx.execute(
                "UPDATE holds SET state = 'booked' WHERE id = ?1",
                [hold.to_string()],
            )?;
        }
        match before {
            None => self.made_history(b),
            Some(from) => self.moved_history(b.id, from),
        }
    }

    /// A calendar's nights replace what it blocked before (B4); the source is known
    /// from then on (its address too, so any device can import it again).
    fn import_calendar(&self, i: &CalendarImported) -> rusqlite::Result<()> {
        let (source, unit) = (i.source.to_string(), i.unit.to_string());
        self.tx.execute(
            "INSERT INTO ical_sources (id, unit_id, location) VALUES (?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET unit_id = ?2, location = ?3",
            (&source, &unit, i.location.as_str()),
        )?;
        self.tx
            .execute("DELETE FROM ical_blocks WHERE source_id = ?1", [&source])?;
        let mut insert = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO ical_blocks (source_id, unit_id, night) VALUES (?1, ?2, ?3)",
        )?;
        for night in &i.nights {
            insert.execute((&source, &unit, night.get().to_string()))?;
        }
        Ok(())
    }

    fn set_setting(&self, key: &str, value: &str) -> rusqlite::Result<()> {
        self.tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
            (key, value),
        )?;
        Ok(())
    }

    fn add_session(&self, s: &SessionAdded) -> rusqlite::Result<()> {
        self.tx.execute(
            "INSERT INTO sessions (id, event_id, starts_at, capacity) VALUES (?1, ?2, ?3, ?4)",
            (
                s.id.to_string(),
                s.event.to_string(),
                s.starts_at.to_rfc3339(),
                s.capacity.get(),
            ),
        )?;
        Ok(())
    }

    fn add_ticket_product(&self, p: &TicketProductAdded) -> rusqlite::Result<()> {
        self.tx.execute(
            "INSERT INTO ticket_products (id, event_id, name, theme, organizer_id, position, price)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            (
                p.id.to_string(),
                p.event.to_string(),
                p.name.as_str(),
                p.theme.as_str(),
                p.organizer.to_string(),
                p.position,
                p.price.get().to_string(),
            ),
        )?;
        Ok(())
    }

    fn make_ticket_booking(&self, b: &TicketBookingMade) -> rusqlite::Result<()> {
        self.tx.execute(
            "INSERT INTO ticket_bookings (id, session_id, product_id, quantity, holder, total, status, replaces, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'confirmed', ?7, ?8)",
            (
                b.id.to_string(),
                b.session.to_string(),
                b.product.to_string(),
                b.quantity.get(),
                b.holder.as_str(),
                b.total.get().to_string(),
                b.replaces.map(|r| r.to_string()),
                self.now().to_rfc3339(),
            ),
        )?;
        for (number, ticket) in (1u32..).zip(&b.moved) {
            self.tx.execute(
                "UPDATE tickets SET booking_id = ?1, number = ?2, cancelled = 0 WHERE id = ?3",
                (b.id.to_string(), number, ticket.to_string()),
            )?;
        }
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO tickets (id, booking_id, session_id, number, code, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for ticket in &b.tickets {
            insert.execute((
                ticket.id.to_string(),
                b.id.to_string(),
                b.session.to_string(),
                ticket.number.get(),
                ticket.code.as_str(),
                match ticket.kind {
                    TicketKindWire::Ticket => "ticket",
                    TicketKindWire::Pass => "pass",
                },
            ))?;
        }
        Ok(())
    }

    fn record_scan(&self, s: &TicketScanned) -> AppResult<()> {
        if s.verdict.admits() {
            self.tx
                .prepare_cached("UPDATE sessions SET admitted = admitted + 1 WHERE id = ?1")?
                .execute([s.session.to_string()])?;
        }
        self.tx
            .prepare_cached(
                "INSERT INTO scans (id, session_id, device_id, device_name, at, input, source, code, ticket_id, verdict)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute((
                s.id.to_string(),
                s.session.to_string(),
                self.author()?.to_string(),
                s.device_name.as_str(),
                s.at.to_rfc3339(),
                s.input.as_str(),
                s.source.as_str(),
                s.code.as_ref().map(|c| c.as_str()),
                s.ticket.map(|t| t.to_string()),
                verdict_name(s.verdict),
            ))?;
        Ok(())
    }
}
