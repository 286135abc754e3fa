//! Guichet's desktop window: a thin Tauri shell. Each command below turns its
//! arguments into domain values and calls one `guichet-app` use case; no business
//! rule lives here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod inputs;
mod viewer;

use std::sync::Mutex;

use guichet_app::{default_data_dir, App};

fn main() {
    let data_dir = std::env::var_os("GUICHET_DATA_DIR").map_or_else(default_data_dir, Into::into);
    let app = match App::open(&data_dir) {
        Ok(app) => app,
        Err(error) => {
            eprintln!("Guichet ne peut pas démarrer : {}", error.message);
            std::process::exit(2);
        }
    };
    let inputs = std::sync::Arc::new(inputs::Inputs::default());
    let polled = std::sync::Arc::clone(&inputs);
    let result = tauri::Builder::default()
        .manage(commands::State(Mutex::new(app)))
        .manage(inputs)
        .setup(move |app| {
            inputs::spawn(app.handle().clone(), polled);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::settings,
            commands::set_pricing_mode,
            commands::set_provider_name,
            commands::units,
            commands::add_unit,
            commands::tariffs,
            commands::plan_tariffs,
            commands::add_tariffs,
            commands::quote,
            commands::hold,
            commands::go_to_payment,
            commands::release_hold,
            commands::book_hold,
            commands::expire_holds,
            commands::book,
            commands::cancel_booking,
            commands::bookings,
            commands::planning,
            commands::load_demo,
            commands::outbox,
            commands::sessions,
            commands::ticket_products,
            commands::issue_tickets,
            commands::ticket_bookings,
            commands::cancel_tickets,
            commands::amend_tickets,
            commands::print_tickets,
            commands::scan,
            commands::keyboard_scan,
            commands::calibrate_scanner,
            commands::scanner_calibration,
            commands::recent_scans,
            commands::calibration_qr,
            commands::gate_session,
            commands::input_statuses,
        ])
        .run(tauri::generate_context!());
    if let Err(error) = result {
        eprintln!("Guichet s'est arrêté : {error}");
        std::process::exit(1);
    }
}
