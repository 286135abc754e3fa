//! The IPC commands: async adapters over `guichet-app` use cases, one file per area.
//!
//! Each command is a few lines: it turns its arguments into domain values and hands
//! one use case to [`on_app`], which takes the application's lock on a blocking-task
//! thread — never the window's main thread, never an async worker — and releases it
//! when the use case returns; when it wrote, the background sync is nudged to push at
//! once. Long work (a PDF batch, the demo) runs outside the lock
//! and reports [`crate::progress::Progress`] events. Errors cross the IPC as
//! `{ code, message }` (`AppError`); the log gets their code only (a message may
//! quote a guest's name or e-mail).

pub mod backup;
pub mod bookings;
pub mod box_office;
pub mod drafts;
pub mod exports;
pub mod festival;
pub mod gate;
pub mod ical;
pub mod imports;
pub mod invoices;
pub mod mail;
pub mod media;
pub mod operators;
pub mod paperwork;
pub mod payouts;
pub mod planning;
pub mod settings;
pub mod sync;
pub mod tariffs;
pub mod till;
pub mod units;
pub mod vouchers;

use std::sync::{Arc, Mutex, MutexGuard};

use guichet_app::error::{AppError, AppResult};
use guichet_app::App;
use guichet_core::contact::Contact;
use tauri::ipc::Invoke;
use tauri::Runtime;

/// The application, shared by the window's commands and the gate's polling thread,
/// and the window's sync.
pub struct State {
    /// The application.
    pub app: Arc<Mutex<App>>,
    /// Background sync and requests to the server.
    pub sync: Arc<sync::Background>,
}

impl State {
    /// Shares `app`; its data dir is synced once [`sync::Background::start`] runs.
    pub fn new(app: App) -> State {
        let dir = app.data_dir().map(ToOwned::to_owned);
        State {
            app: Arc::new(Mutex::new(app)),
            sync: Arc::new(sync::Background::new(dir)),
        }
    }
}

/// How a command receives the application.
pub type Cmd<'a> = tauri::State<'a, State>;

/// Takes a lock (refused in French if a use case panicked under it).
pub fn lock<T>(shared: &Mutex<T>) -> AppResult<MutexGuard<'_, T>> {
    shared.lock().map_err(|_| {
        AppError::rule("une action précédente a échoué en cours de route : redémarrez Guichet, rien n'est perdu")
    })
}

/// Runs `work` on the application under its lock, on the caller's thread; when it
/// wrote anything, the background sync is nudged (it pushes what waits at once).
pub fn with_app<T>(
    app: &Mutex<App>,
    sync: &sync::Background,
    work: impl FnOnce(&mut App) -> AppResult<T>,
) -> AppResult<T> {
    let mut app = lock(app)?;
    let before = app.store().conn().total_changes();
    let result = work(&mut app);
    let wrote = app.store().conn().total_changes() != before;
    drop(app);
    if wrote {
        sync.nudge();
    }
    result
}

/// Runs `work` on the application on a blocking-task thread, the lock held for
/// `work` only ([`with_app`]); an error is logged by its code.
pub async fn on_app<T, F>(state: &State, work: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut App) -> AppResult<T> + Send + 'static,
{
    let (app, sync) = (Arc::clone(&state.app), Arc::clone(&state.sync));
    blocking(move || with_app(&app, &sync, work)).await
}

/// Runs `work` on the application under its lock on a blocking-task thread, for
/// what stays on this device (drafts, the operator's session): no sync nudge.
pub async fn on_app_local<T, F>(state: &State, work: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce(&mut App) -> AppResult<T> + Send + 'static,
{
    let app = Arc::clone(&state.app);
    blocking(move || work(&mut *lock(&app)?)).await
}

/// Runs `work` on a blocking-task thread — never the window's main thread, never an
/// async worker; an error is logged by its code.
pub async fn blocking<T, F>(work: F) -> AppResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> AppResult<T> + Send + 'static,
{
    let result = tauri::async_runtime::spawn_blocking(work)
        .await
        .unwrap_or_else(|_| {
            Err(AppError::rule(
                "l'action s'est interrompue : réessayez, puis redémarrez Guichet si cela recommence",
            ))
        });
    if let Err(error) = &result {
        tracing::warn!(code = ?error.code, "refus");
    }
    result
}

/// A guest's contact details from the window's fields.
pub fn contact(name: &str, email: Option<&str>, phone: Option<&str>) -> AppResult<Contact> {
    Ok(Contact::new(name, email, phone)?)
}

/// Every command of the window, for `Builder::invoke_handler`.
pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        till::quote_cart,
        till::sell,
        till::till_state,
        till::open_till,
        till::count_cash,
        till::todays_sales,
        till::void_sale,
        till::receipt_printer,
        till::print_receipt,
        till::save_receipt,
        till::suggested_receipt_file,
        till::open_drawer,
        settings::settings,
        settings::set_pricing_mode,
        settings::set_provider_name,
        settings::set_voucher_validity,
        settings::set_guest_retention,
        settings::set_identity,
        paperwork::suggested_contract_file,
        paperwork::save_contract,
        paperwork::set_conditions,
        paperwork::templates,
        paperwork::save_template,
        paperwork::preview_template,
        settings::set_device_name,
        settings::load_demo,
        drafts::draft_save,
        drafts::draft_load,
        drafts::draft_clear,
        operators::who,
        operators::operators,
        operators::add_operator,
        operators::set_operator_role,
        operators::set_operator_pin,
        operators::remove_operator,
        operators::sign_in,
        operators::sign_out,
        operators::kiosk,
        operators::enter_kiosk,
        operators::leave_kiosk,
        backup::suggested_backup_file,
        backup::backup,
        backup::restore,
        units::units,
        units::add_unit,
        units::edit_unit,
        units::reorder_unit,
        units::remove_unit,
        tariffs::tariffs,
        tariffs::plan_tariffs,
        tariffs::add_tariffs,
        planning::quote,
        planning::planning,
        bookings::hold,
        bookings::go_to_payment,
        bookings::release_hold,
        bookings::book_hold,
        bookings::expire_holds,
        bookings::book,
        bookings::cancel_booking,
        bookings::bookings,
        bookings::live_holds,
        bookings::booking_file,
        bookings::record_payment,
        bookings::edit_booking,
        bookings::move_booking,
        box_office::sessions,
        box_office::ticket_products,
        box_office::issue_tickets,
        box_office::ticket_bookings,
        box_office::cancel_tickets,
        box_office::amend_tickets,
        box_office::print_tickets,
        box_office::printers,
        box_office::suggested_ticket_file,
        festival::organizers,
        festival::events,
        festival::add_organizer,
        festival::edit_organizer,
        festival::add_event,
        festival::edit_event,
        festival::add_session,
        festival::edit_session,
        festival::add_ticket_product,
        festival::edit_ticket_product,
        festival::move_ticket_product,
        gate::scan,
        gate::keyboard_scan,
        gate::calibrate_scanner,
        gate::scanner_calibration,
        gate::recent_scans,
        gate::calibration_qr,
        gate::gate_session,
        gate::input_statuses,
        sync::sync_status,
        sync::sync_now,
        sync::enroll,
        sync::conflicts,
        sync::settle_conflict,
        vouchers::products,
        vouchers::add_product,
        vouchers::edit_product,
        vouchers::remove_product,
        media::product_media,
        media::add_product_media,
        media::remove_product_media,
        media::move_product_photo,
        vouchers::vouchers,
        vouchers::voucher,
        vouchers::sell_voucher,
        vouchers::redeem_voucher,
        vouchers::deactivate_voucher,
        vouchers::extend_voucher,
        vouchers::suggested_voucher_file,
        vouchers::print_voucher,
        invoices::issue_invoice,
        invoices::invoices,
        invoices::suggested_invoice_file,
        invoices::print_invoice,
        invoices::set_vat_regime,
        exports::suggested_export_file,
        exports::existing_export_file,
        exports::voucher_report,
        exports::export_period,
        payouts::import_transactions,
        payouts::transaction_count,
        payouts::reconcile_payouts,
        mail::mail_queue,
        mail::mail_settings,
        mail::set_mail_settings,
        mail::retry_mail,
        mail::send_queued_mail,
        mail::send_test_mail,
        payouts::gateways,
        payouts::set_gateway,
        payouts::check_gateway,
        payouts::remove_gateway,
        imports::import_file,
        imports::customers,
        imports::export_guest,
        imports::anonymise_guest,
        imports::anonymise_expired,
        ical::calendars,
        ical::import_calendar,
        ical::import_calendars_now,
        ical::remove_calendar,
        ical::calendar_poll_minutes,
        ical::set_calendar_poll_minutes,
        ical::suggested_calendar_file,
        ical::export_calendar,
        ical::calendar_feed_url,
    ]
}
