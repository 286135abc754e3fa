//! Settings and the demo.

use guichet_app::demo::DemoSummary;
use guichet_app::error::AppResult;
use guichet_app::planning::views::SettingsView;
use guichet_core::PricingMode;
use tauri::{AppHandle, Runtime};
use tracing::instrument;

use super::{on_app, Cmd};
use crate::progress::{report, ProgressTask};

/// See [`guichet_app::App::settings`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn settings(state: Cmd<'_>) -> AppResult<SettingsView> {
    on_app(&state, |app| app.settings()).await
}

/// See [`guichet_app::App::set_pricing_mode`].
#[tauri::command]
#[instrument(skip_all, fields(?mode))]
pub async fn set_pricing_mode(state: Cmd<'_>, mode: PricingMode) -> AppResult<SettingsView> {
    on_app(&state, move |app| app.set_pricing_mode(mode)).await
}

/// See [`guichet_app::App::set_provider_name`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn set_provider_name(state: Cmd<'_>, name: String) -> AppResult<SettingsView> {
    on_app(&state, move |app| app.set_provider_name(&name)).await
}

/// See [`guichet_app::App::set_guest_retention`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn set_guest_retention(state: Cmd<'_>, months: u32) -> AppResult<SettingsView> {
    on_app(&state, move |app| app.set_guest_retention(months)).await
}

/// See [`guichet_app::App::set_voucher_validity`].
#[tauri::command]
#[instrument(skip_all, fields(months))]
pub async fn set_voucher_validity(state: Cmd<'_>, months: u32) -> AppResult<SettingsView> {
    on_app(&state, move |app| app.set_voucher_validity(months)).await
}

/// See [`guichet_app::App::load_demo`]; the window shows a progress bar meanwhile.
#[tauri::command]
#[instrument(skip_all)]
pub async fn load_demo<R: Runtime>(window: AppHandle<R>, state: Cmd<'_>) -> AppResult<DemoSummary> {
    report(
        &window,
        ProgressTask::Demo,
        0,
        1,
        "Chargement des données de démonstration…",
    );
    let summary = on_app(&state, |app| app.load_demo()).await;
    report(
        &window,
        ProgressTask::Demo,
        1,
        1,
        "Données de démonstration chargées",
    );
    summary
}

/// See [`guichet_app::App::set_identity`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn set_identity(
    state: Cmd<'_>,
    identity: guichet_app::settings::Identity,
) -> AppResult<SettingsView> {
    on_app(&state, move |app| app.set_identity(&identity)).await
}

/// See [`guichet_app::App::set_device_name`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn set_device_name(state: Cmd<'_>, name: String) -> AppResult<SettingsView> {
    on_app(&state, move |app| {
        app.set_device_name(&name)?;
        app.settings()
    })
    .await
}
