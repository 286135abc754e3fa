//! Payouts and payment gateways from the window: the payment service's transaction
//! export imported, a payout statement reconciled with it (rule O3); the bank
//! gateways' settings with their secrets in the system's keychain only (rule O6).
//! Secrets cross the IPC once, to be stored, and are never logged nor sent back.

use std::collections::BTreeMap;
use std::path::PathBuf;

use guichet_app::error::AppResult;
use guichet_app::gateways::{GatewayView, Keychain, Secret};
use guichet_app::payouts::TransactionImport;
use guichet_core::payout::Reconciliation;
use tracing::instrument;

use super::{on_app, Cmd};

/// See [`guichet_app::App::import_online_transactions`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn import_transactions(state: Cmd<'_>, file: String) -> AppResult<TransactionImport> {
    on_app(&state, move |app| {
        app.import_online_transactions(&PathBuf::from(file.trim()))
    })
    .await
}

/// How many online transactions this device knows.
#[tauri::command]
#[instrument(skip_all)]
pub async fn transaction_count(state: Cmd<'_>) -> AppResult<usize> {
    on_app(&state, |app| Ok(app.online_transactions()?.len())).await
}

/// See [`guichet_app::App::reconcile_payouts`]: the statement is only read.
#[tauri::command]
#[instrument(skip_all)]
pub async fn reconcile_payouts(state: Cmd<'_>, file: String) -> AppResult<Reconciliation> {
    on_app(&state, move |app| {
        app.reconcile_payouts(&PathBuf::from(file.trim()))
    })
    .await
}

/// See [`guichet_app::App::gateways`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn gateways(state: Cmd<'_>) -> AppResult<Vec<GatewayView>> {
    on_app(&state, |app| app.gateways()).await
}

/// See [`guichet_app::App::set_gateway`]: `fields` are the non-secret values,
/// `secrets` go to the keychain only (never logged).
#[tauri::command]
#[instrument(skip_all, fields(gateway = %code))]
pub async fn set_gateway(
    state: Cmd<'_>,
    code: String,
    fields: BTreeMap<String, String>,
    secrets: BTreeMap<String, String>,
) -> AppResult<GatewayView> {
    on_app(&state, move |app| {
        let fields: Vec<(String, String)> = fields.into_iter().collect();
        let secrets: Vec<(String, Secret)> = secrets
            .into_iter()
            .map(|(key, value)| (key, Secret::new(value)))
            .collect();
        app.set_gateway(&Keychain, &code, &fields, &secrets)
    })
    .await
}

/// See [`guichet_app::App::gateway_secrets`]: which secrets the keychain holds.
#[tauri::command]
#[instrument(skip_all, fields(gateway = %code))]
pub async fn check_gateway(state: Cmd<'_>, code: String) -> AppResult<BTreeMap<String, bool>> {
    on_app(&state, move |app| app.gateway_secrets(&Keychain, &code)).await
}

/// See [`guichet_app::App::remove_gateway`].
#[tauri::command]
#[instrument(skip_all, fields(gateway = %code))]
pub async fn remove_gateway(state: Cmd<'_>, code: String) -> AppResult<()> {
    on_app(&state, move |app| app.remove_gateway(&Keychain, &code)).await
}
