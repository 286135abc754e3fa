//! Guichet's desktop window: a thin Tauri shell. Each command (`commands/`) turns
//! its arguments into domain values and calls one `guichet-app` use case off the
//! main thread; no business rule lives here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod inputs;
mod progress;
#[cfg(test)]
mod tests;

use guichet_app::{default_data_dir, logging, App};
use tauri::Manager;

fn main() {
    let data_dir = std::env::var_os("GUICHET_DATA_DIR").map_or_else(default_data_dir, Into::into);
    let _logging = logging::init(&data_dir, "guichet-desktop", false);
    let app = match App::open(&data_dir) {
        // The window checks who is there (operators.rs); the command line does not.
        Ok(mut app) => {
            app.use_operators();
            app
        }
        Err(error) => {
            tracing::error!(code = ?error.code, "ouverture refusée");
            eprintln!("Guichet ne peut pas démarrer : {}", error.message);
            std::process::exit(2);
        }
    };
    if let Some(notice) = app.store().upgrade_notice() {
        tracing::info!("schéma mis à jour");
        eprintln!("Note : {notice}.");
    }
    tracing::info!("fenêtre ouverte");
    let inputs = std::sync::Arc::new(inputs::Inputs::default());
    let polled = std::sync::Arc::clone(&inputs);
    let result = tauri::Builder::default()
        .manage(commands::State::new(app))
        .manage(inputs)
        .setup(move |app| {
            inputs::spawn(app.handle().clone(), polled);
            app.state::<commands::State>()
                .sync
                .start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(error) = result {
        tracing::error!("la fenêtre s'est arrêtée");
        eprintln!("Guichet s'est arrêté : {error}");
        std::process::exit(1);
    }
}
