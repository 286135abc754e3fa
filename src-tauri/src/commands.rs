//! The IPC commands: 1:1 adapters over `guichet-app` use cases. Errors cross the
//! IPC as `{ code, message }` (`AppError`).

use std::sync::{Mutex, MutexGuard};

use chrono::NaiveDate;
use guichet_app::demo::DemoSummary;
use guichet_app::error::{AppError, AppResult};
use guichet_app::store::OutboxOp;
use guichet_app::tariffs::TariffPlan;
use guichet_app::ticket_views::{
    IssuedView, RecentScanView, ScanView, SessionView, TicketBookingView, TicketProductView,
};
use guichet_app::units::UnitOrder;
use guichet_app::views::{
    BookingView, HoldView, PlanningView, QuoteView, SettingsView, TariffView, UnitView,
};
use guichet_app::App;
use guichet_core::contact::Contact;
use guichet_core::{Money, PricingMode, Stay};
use guichet_devices::keyboard::{Calibration, Stroke};
use uuid::Uuid;

/// The application, shared by the window's commands.
pub struct State(pub Mutex<App>);

type Cmd<'a> = tauri::State<'a, State>;

fn app<'a>(state: &'a Cmd<'_>) -> AppResult<MutexGuard<'a, App>> {
    state.0.lock().map_err(|_| {
        AppError::rule("une action précédente a échoué en cours de route : redémarrez Guichet, rien n'est perdu")
    })
}

fn contact(name: &str, email: Option<&str>, phone: Option<&str>) -> AppResult<Contact> {
    Ok(Contact::new(name, email, phone)?)
}

/// See [`App::settings`].
#[tauri::command]
pub fn settings(state: Cmd<'_>) -> AppResult<SettingsView> {
    app(&state)?.settings()
}

/// See [`App::set_pricing_mode`].
#[tauri::command]
pub fn set_pricing_mode(state: Cmd<'_>, mode: PricingMode) -> AppResult<SettingsView> {
    app(&state)?.set_pricing_mode(mode)
}

/// See [`App::set_provider_name`].
#[tauri::command]
pub fn set_provider_name(state: Cmd<'_>, name: String) -> AppResult<SettingsView> {
    app(&state)?.set_provider_name(&name)
}

/// See [`App::units`].
#[tauri::command]
pub fn units(state: Cmd<'_>, order: UnitOrder) -> AppResult<Vec<UnitView>> {
    app(&state)?.units(order)
}

/// See [`App::add_unit`].
#[tauri::command]
pub fn add_unit(state: Cmd<'_>, name: String, capacity: u32) -> AppResult<UnitView> {
    app(&state)?.add_unit(&name, capacity)
}

/// See [`App::tariffs`].
#[tauri::command]
pub fn tariffs(state: Cmd<'_>, unit: Uuid) -> AppResult<Vec<TariffView>> {
    app(&state)?.tariffs(unit)
}

/// The tariffs a plan would write, for the preview before saving.
#[tauri::command]
pub fn plan_tariffs(plan: TariffPlan) -> AppResult<Vec<TariffView>> {
    Ok(plan.tariffs()?.iter().map(TariffView::from).collect())
}

/// See [`App::add_tariffs`].
#[tauri::command]
pub fn add_tariffs(state: Cmd<'_>, unit: Uuid, plan: TariffPlan) -> AppResult<usize> {
    app(&state)?.add_tariffs(unit, &plan)
}

/// See [`App::quote`].
#[tauri::command]
pub fn quote(state: Cmd<'_>, unit: Uuid, from: NaiveDate, nights: u32) -> AppResult<QuoteView> {
    app(&state)?.quote(unit, Stay::new(from, nights)?)
}

/// See [`App::hold`].
#[tauri::command]
pub fn hold(
    state: Cmd<'_>,
    unit: Uuid,
    from: NaiveDate,
    nights: u32,
    name: String,
    email: Option<String>,
    phone: Option<String>,
) -> AppResult<HoldView> {
    let who = contact(&name, email.as_deref(), phone.as_deref())?;
    app(&state)?.hold(unit, Stay::new(from, nights)?, who)
}

/// See [`App::go_to_payment`].
#[tauri::command]
pub fn go_to_payment(state: Cmd<'_>, hold: Uuid) -> AppResult<HoldView> {
    app(&state)?.go_to_payment(hold)
}

/// See [`App::release_hold`].
#[tauri::command]
pub fn release_hold(state: Cmd<'_>, hold: Uuid) -> AppResult<HoldView> {
    app(&state)?.release_hold(hold)
}

/// See [`App::book_hold`].
#[tauri::command]
pub fn book_hold(state: Cmd<'_>, hold: Uuid) -> AppResult<BookingView> {
    app(&state)?.book_hold(hold)
}

/// See [`App::expire_holds`].
#[tauri::command]
pub fn expire_holds(state: Cmd<'_>) -> AppResult<Vec<HoldView>> {
    app(&state)?.expire_holds()
}

/// See [`App::book`].
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub fn book(
    state: Cmd<'_>,
    unit: Uuid,
    from: NaiveDate,
    nights: u32,
    name: String,
    email: Option<String>,
    phone: Option<String>,
    price: Option<Money>,
) -> AppResult<BookingView> {
    let who = contact(&name, email.as_deref(), phone.as_deref())?;
    app(&state)?.book(unit, Stay::new(from, nights)?, who, price)
}

/// See [`App::cancel_booking`].
#[tauri::command]
pub fn cancel_booking(state: Cmd<'_>, booking: Uuid) -> AppResult<BookingView> {
    app(&state)?.cancel_booking(booking)
}

/// See [`App::bookings`].
#[tauri::command]
pub fn bookings(state: Cmd<'_>) -> AppResult<Vec<BookingView>> {
    app(&state)?.bookings()
}

/// See [`App::planning`].
#[tauri::command]
pub fn planning(state: Cmd<'_>, from: NaiveDate, days: u32) -> AppResult<PlanningView> {
    app(&state)?.planning(from, days)
}

/// See [`App::load_demo`].
#[tauri::command]
pub fn load_demo(state: Cmd<'_>) -> AppResult<DemoSummary> {
    app(&state)?.load_demo()
}

/// See [`App::outbox`].
#[tauri::command]
pub fn outbox(state: Cmd<'_>) -> AppResult<Vec<OutboxOp>> {
    app(&state)?.outbox()
}

/// See [`App::sessions`].
#[tauri::command]
pub fn sessions(state: Cmd<'_>) -> AppResult<Vec<SessionView>> {
    app(&state)?.sessions()
}

/// See [`App::ticket_products`].
#[tauri::command]
pub fn ticket_products(state: Cmd<'_>, event: Option<Uuid>) -> AppResult<Vec<TicketProductView>> {
    app(&state)?.ticket_products(event)
}

/// See [`App::issue_tickets`].
#[tauri::command]
pub fn issue_tickets(
    state: Cmd<'_>,
    session: Uuid,
    product: Option<Uuid>,
    quantity: u32,
    holder: String,
) -> AppResult<IssuedView> {
    app(&state)?.issue_tickets(session, product, quantity, &holder)
}

/// See [`App::ticket_bookings`].
#[tauri::command]
pub fn ticket_bookings(state: Cmd<'_>, session: Uuid) -> AppResult<Vec<TicketBookingView>> {
    app(&state)?.ticket_bookings(session)
}

/// See [`App::cancel_tickets`].
#[tauri::command]
pub fn cancel_tickets(state: Cmd<'_>, booking: Uuid) -> AppResult<TicketBookingView> {
    app(&state)?.cancel_tickets(booking)
}

/// See [`App::amend_tickets`].
#[tauri::command]
pub fn amend_tickets(state: Cmd<'_>, booking: Uuid, quantity: u32) -> AppResult<IssuedView> {
    app(&state)?.amend_tickets(booking, quantity, None)
}

/// Writes the booking's tickets to a PDF and opens it with the system's viewer to print.
#[tauri::command]
pub fn print_tickets(state: Cmd<'_>, booking: Uuid) -> AppResult<String> {
    let path = app(&state)?.save_ticket_pdf(booking)?;
    crate::viewer::open(&path);
    Ok(path.display().to_string())
}

/// See [`App::scan`] (a code typed by hand at the gate).
#[tauri::command]
pub fn scan(state: Cmd<'_>, session: Uuid, code: String, source: String) -> AppResult<ScanView> {
    app(&state)?.scan(session, &code, &source)
}

/// See [`App::keyboard_scan`].
#[tauri::command]
pub fn keyboard_scan(
    state: Cmd<'_>,
    session: Uuid,
    strokes: Vec<Stroke>,
) -> AppResult<Vec<ScanView>> {
    app(&state)?.keyboard_scan(session, &strokes)
}

/// See [`App::calibrate_scanner`].
#[tauri::command]
pub fn calibrate_scanner(state: Cmd<'_>, strokes: Vec<Stroke>) -> AppResult<Calibration> {
    app(&state)?.calibrate_scanner(&strokes)
}

/// See [`App::scanner_calibration`].
#[tauri::command]
pub fn scanner_calibration(state: Cmd<'_>) -> AppResult<Calibration> {
    app(&state)?.scanner_calibration()
}

/// See [`App::recent_scans`].
#[tauri::command]
pub fn recent_scans(state: Cmd<'_>, session: Uuid) -> AppResult<Vec<RecentScanView>> {
    app(&state)?.recent_scans(session, 12)
}

/// The calibration code as an SVG QR.
#[tauri::command]
pub fn calibration_qr() -> AppResult<String> {
    guichet_app::scanner::calibration_qr_svg()
}

/// Opens the gate of `session` to the hardware inputs (`None` closes it).
#[tauri::command]
pub fn gate_session(
    inputs: tauri::State<'_, std::sync::Arc<crate::inputs::Inputs>>,
    session: Option<Uuid>,
) {
    if let Ok(mut open) = inputs.session.lock() {
        *open = session;
    }
}

/// The hardware inputs' states.
#[tauri::command]
pub fn input_statuses(
    inputs: tauri::State<'_, std::sync::Arc<crate::inputs::Inputs>>,
) -> Vec<guichet_devices::source::DeviceStatus> {
    inputs
        .statuses
        .lock()
        .map(|s| s.clone())
        .unwrap_or_default()
}
