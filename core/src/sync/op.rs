//! The operations: typed intents, one variant per thing a person did, each with an
//! explicit wire payload. An edit names the fields it changes (`None`: unchanged), so
//! that two edits of different fields of one record merge.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::wire::{
    Amount, Blob, ChainHash, Count, Day, Guest, Logo, LongText, Name, Nights, Seats, Text, Total,
    WireError,
};
use crate::pricing::PricingMode;
use crate::scan::Verdict;

/// One intent, as it travels between devices and the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum Op {
    /// A unit (gîte, room, pitch) was added.
    UnitAdded(UnitAdded),
    /// Tariffs were set one by one (a tariff file).
    TariffsSet(TariffsSet),
    /// Tariffs were set by a plan ("every night from … to … at …"): the plan, not the rows.
    TariffPlanApplied(TariffPlanApplied),
    /// Tariffs starting in a period were removed.
    TariffsRemoved(TariffsRemoved),
    /// A one-hour hold was placed (P8).
    HoldPlaced(HoldPlaced),
    /// A hold's end moved (going to payment restarts the hour).
    HoldExtended(HoldExtended),
    /// A hold was released (by a person, or because it expired).
    HoldReleased(HoldReleased),
    /// A firm booking was made (from a hold, or directly).
    BookingMade(BookingMade),
    /// A booking was cancelled.
    BookingCancelled(Cancelled),
    /// The provider's settings were edited.
    SettingsEdited(SettingsEdited),
    /// An organizer was added (T2).
    OrganizerAdded(OrganizerAdded),
    /// An event was added.
    EventAdded(EventAdded),
    /// A session of an event was added.
    SessionAdded(SessionAdded),
    /// A ticket product was added.
    TicketProductAdded(TicketProductAdded),
    /// Tickets were sold (or a booking amended: T1), with their codes.
    TicketBookingMade(TicketBookingMade),
    /// A ticket booking was cancelled: its codes are revoked.
    TicketBookingCancelled(Cancelled),
    /// A code was scanned at a gate, with its verdict.
    TicketScanned(TicketScanned),
    /// A person settled a conflict of the inbox.
    ConflictSettled(ConflictSettled),
    /// A unit was renamed, resized, moved in the provider's order, (de)activated.
    UnitEdited(UnitEdited),
    /// A unit never booked was deleted.
    UnitRemoved(Removed),
    /// A booking moved to other dates or another unit: applied whole or rejected whole.
    BookingMoved(BookingMoved),
    /// A booking's guest or party was edited.
    BookingEdited(BookingEdited),
    /// A payment (or, negative, a refund) was recorded against a booking.
    PaymentRecorded(PaymentRecorded),
    /// An organizer was renamed, deactivated or reactivated.
    OrganizerEdited(NamedEdited),
    /// An event was renamed, deactivated or reactivated.
    EventEdited(NamedEdited),
    /// A session was moved, resized, deactivated or reactivated.
    SessionEdited(SessionEdited),
    /// A ticket product was edited (name, theme, organizer, order, price, active).
    TicketProductEdited(TicketProductEdited),
    /// A product (an activity, an item) was added to the till (A16).
    ProductAdded(ProductAdded),
    /// A product was edited: name, price, VAT rate, channels, (de)activated.
    ProductEdited(ProductEdited),
    /// A product never sold was deleted (A13).
    ProductRemoved(Removed),
    /// A gift voucher was sold, paid in full (A11).
    VoucherSold(VoucherSold),
    /// A gift voucher paid (part of) a sale, once (A10).
    VoucherRedeemed(VoucherRedeemed),
    /// A gift voucher was deactivated by hand (A7, A10).
    VoucherDeactivated(VoucherDeactivated),
    /// A gift voucher's validity was extended (A9).
    VoucherExtended(VoucherExtended),
    /// A sale at the till: its lines, its payments, the change given (A4: « Guichet »).
    SaleMade(SaleMade),
    /// A sale voided the same day by a counter-entry.
    SaleVoided(SaleVoided),
    /// Part of a sale refunded (a negative payment; never for a past activity, A3/A6).
    SaleRefunded(SaleRefunded),
    /// The till opened with its float.
    TillOpened(TillOpened),
    /// The cash counted at closing, with what was expected.
    CashCounted(CashCounted),
    /// A till journal was closed for a day, a month or a year (A17): its totals and
    /// its chain head reach the server, so that removing the last entries is found.
    JournalClosed(JournalClosed),
    /// A photo (of a product or a unit) or a PDF attachment (of a product) was added,
    /// its bytes carried whole (A14, A15, P10).
    MediaAdded(MediaAdded),
    /// A photo or an attachment was removed.
    MediaRemoved(Removed),
    /// The photos (or attachments) of a product or unit were put in a new order.
    MediaReordered(MediaReordered),
    /// A gift voucher sold in the provider's old tool, still valid, taken over with
    /// the code printed on it (redeemable at the till by that code).
    VoucherImported(VoucherImported),
    /// A guest's personal data was anonymised (on request, or after the retention
    /// period): every device and the server blank it, stored operations included.
    GuestAnonymised(GuestAnonymised),
    /// A notification template was saved (T6): provider data, on every device.
    TemplateSaved(TemplateSaved),
    /// An invoice or a credit note was issued (B3), carried as issued: its data, its
    /// PDF bytes and their hash, so that every device knows it (B1) and can print it.
    InvoiceIssued(Box<InvoiceIssued>),
    /// A booking never invoiced was deleted (B1: an invoiced one is cancelled instead).
    BookingDeleted(Cancelled),
    /// An external calendar of a unit was imported: the nights it now blocks (B4),
    /// replacing what that source blocked before.
    CalendarImported(CalendarImported),
    /// An external calendar was removed from its unit: its nights are free again.
    CalendarRemoved(Removed),
    /// A customer of the provider's customers' file was added or changed (imported
    /// from the old tool, or written by hand): the later save wins.
    CustomerSaved(CustomerSaved),
}

impl Op {
    /// The kind, as on the wire (`ticket_scanned`…).
    pub fn kind(&self) -> &'static str {
        match self {
            Op::UnitAdded(_) => "unit_added",
            Op::TariffsSet(_) => "tariffs_set",
            Op::TariffPlanApplied(_) => "tariff_plan_applied",
            Op::TariffsRemoved(_) => "tariffs_removed",
            Op::HoldPlaced(_) => "hold_placed",
            Op::HoldExtended(_) => "hold_extended",
            Op::HoldReleased(_) => "hold_released",
            Op::BookingMade(_) => "booking_made",
            Op::BookingCancelled(_) => "booking_cancelled",
            Op::SettingsEdited(_) => "settings_edited",
            Op::OrganizerAdded(_) => "organizer_added",
            Op::EventAdded(_) => "event_added",
            Op::SessionAdded(_) => "session_added",
            Op::TicketProductAdded(_) => "ticket_product_added",
            Op::TicketBookingMade(_) => "ticket_booking_made",
            Op::TicketBookingCancelled(_) => "ticket_booking_cancelled",
            Op::TicketScanned(_) => "ticket_scanned",
            Op::ConflictSettled(_) => "conflict_settled",
            Op::UnitEdited(_) => "unit_edited",
            Op::UnitRemoved(_) => "unit_removed",
            Op::BookingMoved(_) => "booking_moved",
            Op::BookingEdited(_) => "booking_edited",
            Op::PaymentRecorded(_) => "payment_recorded",
            Op::OrganizerEdited(_) => "organizer_edited",
            Op::EventEdited(_) => "event_edited",
            Op::SessionEdited(_) => "session_edited",
            Op::TicketProductEdited(_) => "ticket_product_edited",
            Op::ProductAdded(_) => "product_added",
            Op::ProductEdited(_) => "product_edited",
            Op::ProductRemoved(_) => "product_removed",
            Op::VoucherSold(_) => "voucher_sold",
            Op::VoucherRedeemed(_) => "voucher_redeemed",
            Op::VoucherDeactivated(_) => "voucher_deactivated",
            Op::VoucherExtended(_) => "voucher_extended",
            Op::SaleMade(_) => "sale_made",
            Op::SaleVoided(_) => "sale_voided",
            Op::SaleRefunded(_) => "sale_refunded",
            Op::TillOpened(_) => "till_opened",
            Op::CashCounted(_) => "cash_counted",
            Op::JournalClosed(_) => "journal_closed",
            Op::MediaAdded(_) => "media_added",
            Op::MediaRemoved(_) => "media_removed",
            Op::MediaReordered(_) => "media_reordered",
            Op::VoucherImported(_) => "voucher_imported",
            Op::GuestAnonymised(_) => "guest_anonymised",
            Op::TemplateSaved(_) => "template_saved",
            Op::InvoiceIssued(_) => "invoice_issued",
            Op::BookingDeleted(_) => "booking_deleted",
            Op::CalendarImported(_) => "calendar_imported",
            Op::CalendarRemoved(_) => "calendar_removed",
            Op::CustomerSaved(_) => "customer_saved",
        }
    }
}

/// `unit_added`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitAdded {
    /// The unit.
    pub id: Uuid,
    /// Its name.
    pub name: Name,
    /// How many people it sleeps.
    pub capacity: Count,
    /// Its place in the provider's own order.
    pub position: u32,
}

/// One tariff on the wire (P1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TariffWire {
    /// First night.
    pub start: Day,
    /// Nights.
    pub nights: Nights,
    /// Price of the stay.
    pub price: Amount,
}

/// `tariffs_set`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "TariffsSetWire")]
pub struct TariffsSet {
    /// The unit.
    pub unit: Uuid,
    /// The tariffs (at most 10,000).
    pub tariffs: Vec<TariffWire>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TariffsSetWire {
    unit: Uuid,
    tariffs: Vec<TariffWire>,
}

impl TryFrom<TariffsSetWire> for TariffsSet {
    type Error = WireError;

    fn try_from(wire: TariffsSetWire) -> Result<TariffsSet, WireError> {
        let count = u32::try_from(wire.tariffs.len()).unwrap_or(u32::MAX);
        Count::try_from(count)?;
        Ok(TariffsSet {
            unit: wire.unit,
            tariffs: wire.tariffs,
        })
    }
}

/// An arrival day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum WeekdayWire {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl From<chrono::Weekday> for WeekdayWire {
    fn from(day: chrono::Weekday) -> WeekdayWire {
        use chrono::Weekday::*;
        match day {
            Mon => WeekdayWire::Mon,
            Tue => WeekdayWire::Tue,
            Wed => WeekdayWire::Wed,
            Thu => WeekdayWire::Thu,
            Fri => WeekdayWire::Fri,
            Sat => WeekdayWire::Sat,
            Sun => WeekdayWire::Sun,
        }
    }
}

impl From<WeekdayWire> for chrono::Weekday {
    fn from(day: WeekdayWire) -> chrono::Weekday {
        use chrono::Weekday::*;
        match day {
            WeekdayWire::Mon => Mon,
            WeekdayWire::Tue => Tue,
            WeekdayWire::Wed => Wed,
            WeekdayWire::Thu => Thu,
            WeekdayWire::Fri => Fri,
            WeekdayWire::Sat => Sat,
            WeekdayWire::Sun => Sun,
        }
    }
}

/// A tariff plan: how a provider enters a period's tariffs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "plan", rename_all = "snake_case", deny_unknown_fields)]
pub enum PlanWire {
    /// A one-night tariff for every night from `from` until the night before `until`.
    EveryNight {
        /// First night.
        from: Day,
        /// Departure date of the period.
        until: Day,
        /// Price of a night.
        price: Amount,
    },
    /// A 7-night tariff from every `weekday` of the period.
    Weekly {
        /// First night.
        from: Day,
        /// Departure date of the period.
        until: Day,
        /// Arrival day.
        weekday: WeekdayWire,
        /// Price of the week.
        price: Amount,
    },
    /// A package of `nights` nights from every day (or every `weekday`) of the period.
    Package {
        /// First night.
        from: Day,
        /// Departure date of the period.
        until: Day,
        /// Length of the package.
        nights: Nights,
        /// Arrival day, if only one.
        weekday: Option<WeekdayWire>,
        /// Price of the package.
        price: Amount,
    },
}

/// `tariff_plan_applied`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TariffPlanApplied {
    /// The unit.
    pub unit: Uuid,
    /// The plan.
    pub plan: PlanWire,
}

/// `tariffs_removed`: the tariffs starting from `from` until the night before `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TariffsRemoved {
    /// The unit.
    pub unit: Uuid,
    /// First start removed.
    pub from: Day,
    /// End of the period.
    pub until: Day,
}

/// `hold_placed` (P8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldPlaced {
    /// The hold.
    pub id: Uuid,
    /// The unit.
    pub unit: Uuid,
    /// First night.
    pub start: Day,
    /// Nights.
    pub nights: Nights,
    /// The customer.
    pub guest: Guest,
    /// The price quoted.
    pub total: Amount,
    /// When it ends unless extended or booked.
    pub expires_at: DateTime<Utc>,
}

/// `hold_extended`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldExtended {
    /// The hold.
    pub id: Uuid,
    /// Its new end.
    pub expires_at: DateTime<Utc>,
}

/// Why a hold was released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleaseReason {
    /// A person released it.
    Released,
    /// Its hour ran out.
    Expired,
}

/// `hold_released`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldReleased {
    /// The hold.
    pub id: Uuid,
    /// Why.
    pub reason: ReleaseReason,
}

/// `booking_made`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookingMade {
    /// The booking.
    pub id: Uuid,
    /// The unit.
    pub unit: Uuid,
    /// First night.
    pub start: Day,
    /// Nights.
    pub nights: Nights,
    /// The guest.
    pub guest: Guest,
    /// The price agreed.
    pub total: Amount,
    /// The hold it came from (then booked), if any.
    pub hold: Option<Uuid>,
    /// The party: adults (absent in operations made before it was recorded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adults: Option<u32>,
    /// The party: children.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<u32>,
}

/// `booking_cancelled`, `ticket_booking_cancelled`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cancelled {
    /// What was cancelled.
    pub id: Uuid,
}

/// `settings_edited`: only the fields given change.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsEdited {
    /// The provider's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_name: Option<Name>,
    /// How stays are priced (P2, P3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pricing_mode: Option<PricingModeWire>,
    /// The provider's street address (empty: none), for contracts and invoices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<Text>,
    /// Its postcode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<Text>,
    /// Its town.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub town: Option<Text>,
    /// Its country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Text>,
    /// Its SIRET (14 digits, checked by the application).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siret: Option<Text>,
    /// Its intra-community VAT number (FR + key + SIREN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_number: Option<Text>,
    /// Its e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Text>,
    /// Its phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Text>,
    /// Its logo (empty: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<Logo>,
    /// How many months a gift voucher sold from now on is valid (A9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voucher_validity_months: Option<u8>,
    /// How many months after a stay (or a ticket's session) its guest's personal data
    /// is anonymised, unless an invoice must keep it (GDPR).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest_retention_months: Option<u16>,
    /// The deposit asked, in percent of the price, 0–100 (B2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deposit_percent: Option<u8>,
    /// Whether that deposit is arrhes or an acompte (B2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deposit_kind: Option<crate::contract::DepositKind>,
    /// The balance is due this many days before arrival (0–365).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance_days: Option<u16>,
    /// The provider's conditions of sale, printed on contracts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms: Option<LongText>,
    /// « Informations complémentaires » of contracts: the tourist tax (P9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra_info: Option<LongText>,
    /// How VAT is charged on invoices issued from now on (B3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_regime: Option<crate::invoice::VatRegime>,
}

impl SettingsEdited {
    /// The identity fields this edit sets, by wire name, with their text.
    pub fn identity(&self) -> Vec<(&'static str, &str)> {
        let texts = [
            ("street", &self.street),
            ("postcode", &self.postcode),
            ("town", &self.town),
            ("country", &self.country),
            ("siret", &self.siret),
            ("vat_number", &self.vat_number),
            ("email", &self.email),
            ("phone", &self.phone),
        ];
        let mut out: Vec<(&'static str, &str)> = texts
            .into_iter()
            .filter_map(|(name, value)| value.as_ref().map(|v| (name, v.as_str())))
            .collect();
        if let Some(logo) = &self.logo {
            out.push(("logo", logo.as_str()));
        }
        out
    }

    /// Every field this edit sets, by wire name, with its value as JSON.
    pub fn values(&self) -> Vec<(&'static str, serde_json::Value)> {
        let mut out = Vec::new();
        if let Some(name) = &self.provider_name {
            out.push(("provider_name", serde_json::Value::from(name.as_str())));
        }
        if let Some(mode) = self.pricing_mode {
            out.push((
                "pricing_mode",
                serde_json::to_value(mode).unwrap_or(serde_json::Value::Null),
            ));
        }
        for (name, value) in self.identity() {
            out.push((name, serde_json::Value::from(value)));
        }
        if let Some(months) = self.voucher_validity_months {
            out.push(("voucher_validity_months", serde_json::Value::from(months)));
        }
        if let Some(months) = self.guest_retention_months {
            out.push(("guest_retention_months", serde_json::Value::from(months)));
        }
        if let Some(regime) = self.vat_regime {
            out.push(("vat_regime", serde_json::Value::from(regime.code())));
        }
        out.extend(self.conditions());
        out
    }

    /// The contract conditions this edit sets (B2, P9), by wire name, as JSON.
    pub fn conditions(&self) -> Vec<(&'static str, serde_json::Value)> {
        let mut out = Vec::new();
        if let Some(percent) = self.deposit_percent {
            out.push(("deposit_percent", serde_json::Value::from(percent)));
        }
        if let Some(kind) = self.deposit_kind {
            out.push(("deposit_kind", serde_json::Value::from(kind.code())));
        }
        if let Some(days) = self.balance_days {
            out.push(("balance_days", serde_json::Value::from(days)));
        }
        if let Some(terms) = &self.terms {
            out.push(("terms", serde_json::Value::from(terms.as_str())));
        }
        if let Some(info) = &self.extra_info {
            out.push(("extra_info", serde_json::Value::from(info.as_str())));
        }
        out
    }

    /// Leaves the field `name` unchanged by this edit.
    pub fn forget(&mut self, name: &str) {
        match name {
            "provider_name" => self.provider_name = None,
            "pricing_mode" => self.pricing_mode = None,
            "vat_regime" => self.vat_regime = None,
            "street" => self.street = None,
            "postcode" => self.postcode = None,
            "town" => self.town = None,
            "country" => self.country = None,
            "siret" => self.siret = None,
            "vat_number" => self.vat_number = None,
            "email" => self.email = None,
            "phone" => self.phone = None,
            "logo" => self.logo = None,
            "voucher_validity_months" => self.voucher_validity_months = None,
            "guest_retention_months" => self.guest_retention_months = None,
            "deposit_percent" => self.deposit_percent = None,
            "deposit_kind" => self.deposit_kind = None,
            "balance_days" => self.balance_days = None,
            "terms" => self.terms = None,
            "extra_info" => self.extra_info = None,
            _ => {}
        }
    }
}

/// `template_saved`: the whole text of one notification's template (T6), its first
/// line `Objet : …` being the subject. The later save wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateSaved {
    /// The notification (`confirmation`, `rappel_solde`, `annulation`, `billets`).
    pub name: Name,
    /// The text with its placeholders.
    pub text: LongText,
}

/// `customer_saved`: a customer of the customers' file, whole (the later save wins;
/// two devices changing one customer offline are told, as for any edit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerSaved {
    /// The customer.
    pub id: Uuid,
    /// Their title, names, address, e-mail and phone.
    pub guest: Guest,
}

/// How stays are priced, on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PricingModeWire {
    /// P2.
    Priority,
    /// P3.
    Cheapest,
}

impl From<PricingMode> for PricingModeWire {
    fn from(mode: PricingMode) -> PricingModeWire {
        match mode {
            PricingMode::Priority => PricingModeWire::Priority,
            PricingMode::Cheapest => PricingModeWire::Cheapest,
        }
    }
}

impl From<PricingModeWire> for PricingMode {
    fn from(mode: PricingModeWire) -> PricingMode {
        match mode {
            PricingModeWire::Priority => PricingMode::Priority,
            PricingModeWire::Cheapest => PricingMode::Cheapest,
        }
    }
}

/// `organizer_added`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizerAdded {
    /// The organizer.
    pub id: Uuid,
    /// Its name.
    pub name: Name,
    /// Its creation rank (T2).
    pub rank: u32,
}

/// `event_added`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventAdded {
    /// The event.
    pub id: Uuid,
    /// Its name.
    pub name: Name,
}

/// `session_added`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionAdded {
    /// The session.
    pub id: Uuid,
    /// Its event.
    pub event: Uuid,
    /// When it starts.
    pub starts_at: DateTime<Utc>,
    /// Seats.
    pub capacity: Seats,
}

/// `ticket_product_added`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketProductAdded {
    /// The product.
    pub id: Uuid,
    /// Its event.
    pub event: Uuid,
    /// Its name.
    pub name: Name,
    /// Its theme (T2; may be empty).
    pub theme: Text,
    /// Its organizer.
    pub organizer: Uuid,
    /// Its order within the organizer (T2).
    pub position: u32,
    /// Price of one ticket.
    pub price: Amount,
}

/// What a ticket is valid for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketKindWire {
    /// Its session.
    Ticket,
    /// Every session of its event, once each.
    Pass,
}

/// A ticket of a booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketWire {
    /// The ticket.
    pub id: Uuid,
    /// n of N.
    pub number: Count,
    /// Its code.
    pub code: Text,
    /// Ticket or pass.
    pub kind: TicketKindWire,
}

/// `ticket_booking_made`: a sale, or the booking that replaces an amended one (T1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketBookingMade {
    /// The booking.
    pub id: Uuid,
    /// Its session.
    pub session: Uuid,
    /// Its product.
    pub product: Uuid,
    /// Tickets.
    pub quantity: Count,
    /// The holder.
    pub holder: Name,
    /// Total paid.
    pub total: Amount,
    /// The booking it replaces (amended, T1): cancelled by its own operation.
    pub replaces: Option<Uuid>,
    /// Tickets of the replaced booking that were admitted: they move here with their
    /// codes and admissions, numbered first.
    pub moved: Vec<Uuid>,
    /// The new tickets, numbered after the moved ones.
    pub tickets: Vec<TicketWire>,
}

/// `ticket_scanned`: every attempt, refusals included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketScanned {
    /// The scan.
    pub id: Uuid,
    /// The session at whose gate.
    pub session: Uuid,
    /// The device's name then (for "already scanned on …").
    pub device_name: Text,
    /// When, on the device's clock.
    pub at: DateTime<Utc>,
    /// What the scanner gave (at most 200 characters).
    pub input: Text,
    /// `keyboard`, `hid`, `serial`, `webcam`, `cli`…
    pub source: Text,
    /// The normalised code, when readable.
    pub code: Option<Text>,
    /// The ticket, when known.
    pub ticket: Option<Uuid>,
    /// The verdict.
    pub verdict: Verdict,
}

/// How a person settled a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Settlement {
    /// Seen and accepted as it stands.
    Acknowledged,
    /// Settled by cancelling a booking (its own operation, made just before).
    BookingCancelled,
    /// Settled by moving the refused booking to other dates or another unit (its own
    /// `booking_moved`, made just before).
    BookingMoved,
}

/// `conflict_settled`: settled once, on every device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConflictSettled {
    /// The conflict (its operation's id).
    pub conflict: Uuid,
    /// How.
    pub how: Settlement,
}

/// `unit_edited`: only the fields given change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitEdited {
    /// The unit.
    pub id: Uuid,
    /// Its new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
    /// How many people it now sleeps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Count>,
    /// Its new place in the provider's own order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    /// Offered (true) or deactivated (false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// `unit_removed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Removed {
    /// What was removed.
    pub id: Uuid,
}

/// `booking_moved`: the whole stay goes to `unit` from `start` for `nights`, at `total`.
/// (A booking the server refused exists only on its device: it is placed again by a
/// new `booking_made` under its id, not by a move.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookingMoved {
    /// The booking.
    pub id: Uuid,
    /// Its unit now.
    pub unit: Uuid,
    /// Its first night now.
    pub start: Day,
    /// Its nights now.
    pub nights: Nights,
    /// Its price now.
    pub total: Amount,
    /// The guest's name (for an overlap's message on the server).
    pub guest: Name,
}

/// `booking_edited`: only the fields given change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookingEdited {
    /// The booking.
    pub id: Uuid,
    /// The guest's name and contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest: Option<Guest>,
    /// Adults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adults: Option<u32>,
    /// Children.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<u32>,
}

/// `payment_recorded`: a deposit, the balance, or (negative) a refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentRecorded {
    /// The payment.
    pub id: Uuid,
    /// The booking paid.
    pub booking: Uuid,
    /// How much (negative for a refund).
    pub amount: Amount,
    /// How.
    pub method: crate::payment::PaymentMethod,
    /// The day it was paid.
    pub paid_on: Day,
}

/// `organizer_edited`, `event_edited`: only the fields given change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedEdited {
    /// The organizer or event.
    pub id: Uuid,
    /// Its new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
    /// Offered for sale (`false`: deactivated, kept with its history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// `session_edited`: only the fields given change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionEdited {
    /// The session.
    pub id: Uuid,
    /// Its new start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<DateTime<Utc>>,
    /// Its new seats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<Seats>,
    /// Offered for sale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// `ticket_product_edited`: only the fields given change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketProductEdited {
    /// The product.
    pub id: Uuid,
    /// Its new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
    /// Its new theme (T2; may be empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Text>,
    /// Its new organizer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizer: Option<Uuid>,
    /// Its new order within the organizer (T2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    /// Its new price (tickets already sold keep theirs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Amount>,
    /// Offered for sale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// Where a product is offered (A16): at this till, on the provider's widget, on its mini
/// site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The till (Guichet).
    Till,
    /// The provider's booking widget.
    Widget,
    /// The provider's mini site.
    MiniSite,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 3] = [Channel::Till, Channel::Widget, Channel::MiniSite];

    /// The wire and database name.
    pub fn code(self) -> &'static str {
        match self {
            Channel::Till => "till",
            Channel::Widget => "widget",
            Channel::MiniSite => "mini_site",
        }
    }

    /// The channel named `code`.
    pub fn from_code(code: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == code)
    }

    /// In French.
    pub fn french(self) -> &'static str {
        match self {
            Channel::Till => "caisse",
            Channel::Widget => "widget",
            Channel::MiniSite => "mini-site",
        }
    }
}

/// `product_added`: an activity or an item sold at the till, and by vouchers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductAdded {
    /// The product.
    pub id: Uuid,
    /// Its name.
    pub name: Name,
    /// Its price, VAT included.
    pub price: Amount,
    /// Its VAT rate in hundredths of a percent (2000: 20 %).
    pub vat: crate::order::VatRate,
    /// Where it is offered (A16); none: vouchers only (A12).
    pub channels: Vec<Channel>,
    /// Its place in the provider's order.
    pub position: u32,
    /// Its booking form: the questions asked when it is sold, in order (T7). Absent in
    /// operations made before forms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<FormQuestion>,
}

/// A question of a product's booking form (T7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormQuestion {
    /// As asked, « Taille ? ».
    pub text: Text,
    /// A sale of the product is refused without its answer.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
}

/// The answer to one question of a booking form, kept with the question as it was
/// asked (T7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormAnswer {
    /// The question, as asked.
    pub question: Text,
    /// The answer.
    pub answer: Text,
}

/// `product_edited`: only the fields given change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductEdited {
    /// The product.
    pub id: Uuid,
    /// Its new name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
    /// Its new price (what was sold keeps its price).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Amount>,
    /// Its new VAT rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat: Option<crate::order::VatRate>,
    /// Where it is now offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<Channel>>,
    /// Offered at all (a deactivated product keeps its sales and vouchers, A13).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Its booking form, replacing the previous one (empty: no form), T7.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questions: Option<Vec<FormQuestion>>,
}

/// `voucher_sold`: a gift voucher paid in full (A11), for its products only (A12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoucherSold {
    /// The voucher.
    pub id: Uuid,
    /// Its code (a `V` code, under the provider's key).
    pub code: Text,
    /// Its amount.
    pub amount: Amount,
    /// The products it pays for (one at least).
    pub products: Vec<Uuid>,
    /// Its last day.
    pub valid_until: Day,
    /// How it was paid.
    pub method: crate::payment::PaymentMethod,
    /// When, on the till's clock (the voucher report's day).
    pub at: DateTime<Utc>,
}

/// `voucher_imported`: a gift voucher sold in the provider's old tool and still valid
/// (A9), taken over with what is left on it. Its code is the old tool's, normalised
/// (upper case, no spaces); its id is derived from that code, so that the same voucher
/// imported on two devices is one voucher. It was paid in the old tool: it counts in no
/// period's vouchers bought (A8), only in the vouchers used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoucherImported {
    /// The voucher.
    pub id: Uuid,
    /// The code printed by the old tool, normalised.
    pub code: Text,
    /// What is left on it.
    pub amount: Amount,
    /// The products it pays for, when the old tool's export said (none: any line).
    pub products: Vec<Uuid>,
    /// Its last day.
    pub valid_until: Day,
    /// When it was imported, on the device's clock.
    pub at: DateTime<Utc>,
}

/// The most records one `guest_anonymised` names.
pub const MAX_ANONYMISED: usize = 10_000;

/// Why a guest's data was anonymised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnonymisedWhy {
    /// The guest asked (GDPR, right to erasure).
    Request,
    /// The provider's retention period after the stay ran out.
    Retention,
}

/// `guest_anonymised`: the guest's name, e-mail and phone are blanked in these
/// bookings, holds and ticket bookings, their entries in the customers' file are
/// removed, and the stored operations that carried them are blanked. Carries no personal data itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "GuestAnonymisedWire")]
pub struct GuestAnonymised {
    /// The stays' bookings.
    pub bookings: Vec<Uuid>,
    /// The holds (the bookings' own, and any other of the guest).
    pub holds: Vec<Uuid>,
    /// The ticket bookings.
    pub ticket_bookings: Vec<Uuid>,
    /// Their entries in the customers' file (absent in operations made before it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customers: Vec<Uuid>,
    /// Why.
    pub why: AnonymisedWhy,
    /// When, on the device's clock.
    pub at: DateTime<Utc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GuestAnonymisedWire {
    bookings: Vec<Uuid>,
    holds: Vec<Uuid>,
    ticket_bookings: Vec<Uuid>,
    #[serde(default)]
    customers: Vec<Uuid>,
    why: AnonymisedWhy,
    at: DateTime<Utc>,
}

impl TryFrom<GuestAnonymisedWire> for GuestAnonymised {
    type Error = WireError;

    fn try_from(w: GuestAnonymisedWire) -> Result<GuestAnonymised, WireError> {
        if w.bookings.len() + w.holds.len() + w.ticket_bookings.len() + w.customers.len()
            > MAX_ANONYMISED
        {
            return Err(WireError(format!(
                "au plus {MAX_ANONYMISED} réservations anonymisées par opération"
            )));
        }
        Ok(GuestAnonymised {
            bookings: w.bookings,
            holds: w.holds,
            ticket_bookings: w.ticket_bookings,
            customers: w.customers,
            why: w.why,
            at: w.at,
        })
    }
}

impl Op {
    /// The record (booking, hold, ticket booking, customer of the file) whose guest this
    /// operation carries.
    pub fn guest_record(&self) -> Option<Uuid> {
        match self {
            Op::BookingMade(b) => Some(b.id),
            Op::HoldPlaced(h) => Some(h.id),
            Op::BookingEdited(b) if b.guest.is_some() => Some(b.id),
            Op::TicketBookingMade(t) => Some(t.id),
            Op::CustomerSaved(c) => Some(c.id),
            _ => None,
        }
    }
}

impl GuestAnonymised {
    /// Every record it names.
    pub fn records(&self) -> impl Iterator<Item = &Uuid> {
        self.bookings
            .iter()
            .chain(&self.holds)
            .chain(&self.ticket_bookings)
            .chain(&self.customers)
    }

    /// Blanks, in `op`, the guest's data of a record this anonymisation names; returns
    /// whether it changed anything. The blanked guest stays a valid one (a name and a
    /// placeholder e-mail address), so the operation still reads back everywhere.
    pub fn scrub(&self, op: &mut Op) -> bool {
        let named = |id: &Uuid| self.records().any(|r| r == id);
        match op {
            Op::BookingMade(b) if named(&b.id) => {
                b.guest = super::wire::Guest::anonymous();
                true
            }
            Op::HoldPlaced(h) if named(&h.id) => {
                h.guest = super::wire::Guest::anonymous();
                true
            }
            Op::BookingEdited(b) if named(&b.id) && b.guest.is_some() => {
                b.guest = Some(super::wire::Guest::anonymous());
                true
            }
            Op::TicketBookingMade(t) if named(&t.id) => {
                t.holder = super::wire::Guest::anonymous_name();
                true
            }
            Op::CustomerSaved(c) if named(&c.id) => {
                c.guest = super::wire::Guest::anonymous();
                true
            }
            _ => false,
        }
    }
}

/// `voucher_redeemed`: a voucher paid up to its amount, once (A10). Keyed by code, so a
/// genuine voucher sold on another till and not yet synced can be redeemed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoucherRedeemed {
    /// The redemption.
    pub id: Uuid,
    /// The voucher's code.
    pub code: Text,
    /// What it paid.
    pub amount: Amount,
    /// What it held beyond that, not given back.
    pub forfeited: Amount,
    /// Taken on the amount printed on it: its sale was not known on this till.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unconfirmed: bool,
    /// When, on the till's clock.
    pub at: DateTime<Utc>,
    /// The till's name, for the conflicts inbox.
    pub device_name: Text,
}

/// `voucher_deactivated`: by hand, with the reason (A7: refunds are made outside).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoucherDeactivated {
    /// The event.
    pub id: Uuid,
    /// The voucher's code.
    pub code: Text,
    /// Why, as the provider wrote it.
    pub reason: Text,
    /// When, on the device's clock.
    pub at: DateTime<Utc>,
}

/// `voucher_extended`: a new last day (A9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoucherExtended {
    /// The event.
    pub id: Uuid,
    /// The voucher's code.
    pub code: Text,
    /// The new last day.
    pub valid_until: Day,
    /// When, on the device's clock.
    pub at: DateTime<Utc>,
}

/// One line of a sale: a product, tickets of a session, or a gift voucher sold in the
/// cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaleLineWire {
    /// The product sold (none for a voucher line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<Uuid>,
    /// The tickets this line sold: their booking, made with the sale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_booking: Option<Uuid>,
    /// The gift voucher this line sold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voucher: Option<Uuid>,
    /// As printed on the receipt.
    pub label: Text,
    /// How many.
    pub quantity: Count,
    /// The price of one, VAT included, at the time of sale.
    pub unit_price: Amount,
    /// Its VAT rate.
    pub vat: crate::order::VatRate,
    /// The day of the activity, when it has one (a past activity is never refunded, A3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_date: Option<Day>,
    /// The answers to the product's booking form (T7).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<FormAnswer>,
}

/// One payment of a sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SalePaymentWire {
    /// How.
    pub method: crate::payment::PaymentMethod,
    /// How much was handed over.
    pub amount: Amount,
    /// The gift voucher's code, for a voucher payment (its redemption is its own op).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voucher_code: Option<Text>,
}

/// `sale_made`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaleMade {
    /// The sale.
    pub id: Uuid,
    /// Its number on this till (receipts are numbered per device, without gaps).
    pub number: u32,
    /// What was sold.
    pub lines: Vec<SaleLineWire>,
    /// How it was paid.
    pub payments: Vec<SalePaymentWire>,
    /// The change given back in cash.
    pub change: Amount,
    /// When, on the till's clock.
    pub at: DateTime<Utc>,
}

/// `sale_voided`: a counter-entry, the same day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaleVoided {
    /// The counter-entry.
    pub id: Uuid,
    /// The sale voided.
    pub sale: Uuid,
    /// Why.
    pub reason: Text,
    /// When.
    pub at: DateTime<Utc>,
}

/// `sale_refunded`: `amount` given back by `method`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaleRefunded {
    /// The refund.
    pub id: Uuid,
    /// The sale.
    pub sale: Uuid,
    /// How it was given back.
    pub method: crate::payment::PaymentMethod,
    /// How much (positive; it is recorded as a negative payment).
    pub amount: Amount,
    /// When.
    pub at: DateTime<Utc>,
}

/// `till_opened`: the cash in the drawer at opening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TillOpened {
    /// The opening.
    pub id: Uuid,
    /// The float.
    pub float: Amount,
    /// When.
    pub at: DateTime<Utc>,
}

/// `cash_counted`: the cash counted at closing and what the till expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CashCounted {
    /// The count.
    pub id: Uuid,
    /// The opening it closes.
    pub opening: Uuid,
    /// What was counted.
    pub counted: Amount,
    /// What the float and the day's cash make.
    pub expected: Amount,
    /// When.
    pub at: DateTime<Utc>,
}

/// The period a journal closing covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosingPeriod {
    /// A day.
    Day,
    /// A month.
    Month,
    /// A year.
    Year,
}

/// One payment method's total in a closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodTotal {
    /// The method.
    pub method: crate::payment::PaymentMethod,
    /// Its total.
    pub amount: Total,
}

/// `journal_closed`: a closing of this device's till journal (A17).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JournalClosed {
    /// The closing (its journal entry's reference).
    pub id: Uuid,
    /// Day, month or year.
    pub period: ClosingPeriod,
    /// Its first day.
    pub from: Day,
    /// The closing entry's number in the journal: the chain head it pushes.
    pub seq: u64,
    /// The closing entry's hash.
    pub hash: ChainHash,
    /// The period's takings per payment method.
    pub totals: Vec<MethodTotal>,
    /// The perpetual grand total: every entry of takings since the journal began.
    pub grand_total: Total,
}

/// What a photo or an attachment belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaOwner {
    /// A till product (A14, A15).
    Product,
    /// An accommodation unit (P10).
    Unit,
}

impl MediaOwner {
    /// The wire and database name.
    pub fn code(self) -> &'static str {
        match self {
            MediaOwner::Product => "product",
            MediaOwner::Unit => "unit",
        }
    }
}

/// A photo or an attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// A JPEG or PNG photo, scaled to fit its owner's box, under 2 MB.
    Photo,
    /// A PDF shown under a product's description (A14).
    Attachment,
}

impl MediaKind {
    /// The wire and database name.
    pub fn code(self) -> &'static str {
        match self {
            MediaKind::Photo => "photo",
            MediaKind::Attachment => "attachment",
        }
    }
}

/// The formats kept: JPEG and PNG photos, PDF attachments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaFormat {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// PDF.
    Pdf,
}

impl MediaFormat {
    /// As the bytes say.
    pub fn format(self) -> crate::media::Format {
        match self {
            MediaFormat::Jpeg => crate::media::Format::Jpeg,
            MediaFormat::Png => crate::media::Format::Png,
            MediaFormat::Pdf => crate::media::Format::Pdf,
        }
    }

    /// The wire and database name.
    pub fn code(self) -> &'static str {
        match self {
            MediaFormat::Jpeg => "jpeg",
            MediaFormat::Png => "png",
            MediaFormat::Pdf => "pdf",
        }
    }

    /// The format named `code`.
    pub fn from_code(code: &str) -> Option<MediaFormat> {
        [MediaFormat::Jpeg, MediaFormat::Png, MediaFormat::Pdf]
            .into_iter()
            .find(|f| f.code() == code)
    }
}

/// `media_added`: a photo or a PDF attachment, its bytes inline (at most 5 MB; a push
/// is cut at 16 MiB and a pull page at 16 MiB, under the server's 64 MiB), with their
/// SHA-256 so that every device checks it holds the very bytes added. A decoded one is
/// consistent: the bytes are of the format named, a photo is JPEG or PNG under 2 MB
/// within its owner's box, an attachment is a product's PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "MediaAddedWire")]
pub struct MediaAdded {
    /// The photo or attachment.
    pub id: Uuid,
    /// What it belongs to.
    pub owner: Uuid,
    /// A product or a unit.
    pub owner_kind: MediaOwner,
    /// A photo or an attachment.
    pub kind: MediaKind,
    /// Its file name (an attachment's title).
    pub name: Text,
    /// Its format.
    pub format: MediaFormat,
    /// A photo's width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// A photo's height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Its place among its owner's photos or attachments.
    pub position: u32,
    /// The SHA-256 of the bytes, lowercase hex.
    pub sha256: Text,
    /// The bytes.
    pub bytes: Blob,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MediaAddedWire {
    id: Uuid,
    owner: Uuid,
    owner_kind: MediaOwner,
    kind: MediaKind,
    name: Text,
    format: MediaFormat,
    #[serde(default)]
    width: Option<u32>,
    #[serde(default)]
    height: Option<u32>,
    position: u32,
    sha256: Text,
    bytes: Blob,
}

impl TryFrom<MediaAddedWire> for MediaAdded {
    type Error = WireError;

    fn try_from(w: MediaAddedWire) -> Result<MediaAdded, WireError> {
        let media = MediaAdded {
            id: w.id,
            owner: w.owner,
            owner_kind: w.owner_kind,
            kind: w.kind,
            name: w.name,
            format: w.format,
            width: w.width,
            height: w.height,
            position: w.position,
            sha256: w.sha256,
            bytes: w.bytes,
        };
        media.check()?;
        Ok(media)
    }
}

impl MediaAdded {
    /// Checks that its parts agree (see the type).
    pub fn check(&self) -> Result<(), WireError> {
        use crate::media::{self, Format};
        let bad = |why: &str| Err(WireError(format!("photo ou pièce jointe invalide : {why}")));
        let found = Format::sniff(self.bytes.bytes());
        if found != self.format.format() {
            return bad("ses octets ne sont pas du format annoncé");
        }
        if media::sha256_hex(self.bytes.bytes()) != self.sha256.as_str() {
            return bad("son empreinte SHA-256 ne correspond pas");
        }
        match self.kind {
            MediaKind::Photo => {
                let bounds = match self.owner_kind {
                    MediaOwner::Product => media::PRODUCT_PHOTO_BOX,
                    MediaOwner::Unit => media::UNIT_PHOTO_BOX,
                };
                let (Some(w), Some(h)) = (self.width, self.height) else {
                    return bad("une photo a une largeur et une hauteur");
                };
                if self.format == MediaFormat::Pdf {
                    return bad("une photo est une image JPEG ou PNG");
                }
                if !(1..=bounds.0).contains(&w) || !(1..=bounds.1).contains(&h) {
                    return bad("photo plus grande que sa taille maximale");
                }
                if self.bytes.len() >= media::MAX_PHOTO_BYTES {
                    return bad("une photo pèse moins de 2 Mo");
                }
            }
            MediaKind::Attachment => {
                if self.owner_kind != MediaOwner::Product || self.format != MediaFormat::Pdf {
                    return bad("une pièce jointe est un PDF d'un produit");
                }
            }
        }
        Ok(())
    }
}

/// The most photos or attachments one owner's order lists.
pub const MAX_MEDIA_PER_OWNER: usize = 1000;

/// `media_reordered`: the photos (or attachments) of `owner`, in their new order; one
/// not listed (added meanwhile on another device) keeps its place after them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "MediaReorderedWire")]
pub struct MediaReordered {
    /// The product or unit.
    pub owner: Uuid,
    /// Photos or attachments.
    pub kind: MediaKind,
    /// Their ids, first first (at most [`MAX_MEDIA_PER_OWNER`]).
    pub order: Vec<Uuid>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MediaReorderedWire {
    owner: Uuid,
    kind: MediaKind,
    order: Vec<Uuid>,
}

impl TryFrom<MediaReorderedWire> for MediaReordered {
    type Error = WireError;

    fn try_from(w: MediaReorderedWire) -> Result<MediaReordered, WireError> {
        if w.order.len() > MAX_MEDIA_PER_OWNER {
            return Err(WireError(format!(
                "au plus {MAX_MEDIA_PER_OWNER} photos ou pièces jointes par fiche"
            )));
        }
        Ok(MediaReordered {
            owner: w.owner,
            kind: w.kind,
            order: w.order,
        })
    }
}

/// `invoice_issued` (B3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvoiceIssued {
    /// The invoice or credit note.
    pub id: Uuid,
    /// The invoice a credit note cancels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cites: Option<Uuid>,
    /// What it says, as issued (its number, the provider then, the lines, the total).
    pub snapshot: crate::invoice::InvoiceSnapshot,
    /// The SHA-256 of the PDF bytes, lowercase hex.
    pub sha256: Text,
    /// The PDF, as issued.
    pub pdf: Blob,
}

/// The most nights one imported calendar blocks: today and the 730 nights after (B4).
pub const MAX_IMPORTED_NIGHTS: usize = 731;

/// `calendar_imported`: the nights a unit's external calendar (an iCal feed of a
/// channel) blocks since its last import, replacing what it blocked before (B4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "CalendarImportedWire")]
pub struct CalendarImported {
    /// The source (one per unit and address).
    pub source: Uuid,
    /// The unit.
    pub unit: Uuid,
    /// Where it is read from: an `https://` address or a file's path.
    pub location: Text,
    /// The nights it blocks, in order, at most [`MAX_IMPORTED_NIGHTS`].
    pub nights: Vec<Day>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarImportedWire {
    source: Uuid,
    unit: Uuid,
    location: Text,
    nights: Vec<Day>,
}

impl TryFrom<CalendarImportedWire> for CalendarImported {
    type Error = WireError;

    fn try_from(w: CalendarImportedWire) -> Result<CalendarImported, WireError> {
        if w.nights.len() > MAX_IMPORTED_NIGHTS {
            return Err(WireError(format!(
                "un calendrier importé bloque au plus {MAX_IMPORTED_NIGHTS} nuits"
            )));
        }
        Ok(CalendarImported {
            source: w.source,
            unit: w.unit,
            location: w.location,
            nights: w.nights,
        })
    }
}
