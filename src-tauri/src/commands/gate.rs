//! The gate: scans typed or from a keyboard-mode scanner, calibration, and the
//! hardware inputs' session and states. Ticket codes are never logged.

use std::sync::Arc;

use guichet_app::box_office::views::{RecentScanView, ScanView};
use guichet_app::error::AppResult;
use guichet_devices::keyboard::{Calibration, Stroke};
use guichet_devices::source::DeviceStatus;
use tracing::instrument;
use uuid::Uuid;

use super::{on_app, Cmd};
use crate::inputs::Inputs;

/// See [`guichet_app::App::scan`] (a code typed by hand at the gate).
#[tauri::command]
#[instrument(skip_all, fields(%session))]
pub async fn scan(
    state: Cmd<'_>,
    session: Uuid,
    code: String,
    source: String,
) -> AppResult<ScanView> {
    on_app(&state, move |app| app.scan(session, &code, &source)).await
}

/// See [`guichet_app::App::keyboard_scan`].
#[tauri::command]
#[instrument(skip_all, fields(%session, strokes = strokes.len()))]
pub async fn keyboard_scan(
    state: Cmd<'_>,
    session: Uuid,
    strokes: Vec<Stroke>,
) -> AppResult<Vec<ScanView>> {
    on_app(&state, move |app| app.keyboard_scan(session, &strokes)).await
}

/// See [`guichet_app::App::calibrate_scanner`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn calibrate_scanner(state: Cmd<'_>, strokes: Vec<Stroke>) -> AppResult<Calibration> {
    on_app(&state, move |app| app.calibrate_scanner(&strokes)).await
}

/// See [`guichet_app::App::scanner_calibration`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn scanner_calibration(state: Cmd<'_>) -> AppResult<Calibration> {
    on_app(&state, |app| app.scanner_calibration()).await
}

/// See [`guichet_app::App::recent_scans`].
#[tauri::command]
#[instrument(skip_all, fields(%session))]
pub async fn recent_scans(state: Cmd<'_>, session: Uuid) -> AppResult<Vec<RecentScanView>> {
    on_app(&state, move |app| app.recent_scans(session, 12)).await
}

/// The calibration code as an SVG QR.
#[tauri::command(async)]
pub fn calibration_qr() -> AppResult<String> {
    guichet_app::box_office::scanner::calibration_qr_svg()
}

/// Opens the gate of `session` to the hardware inputs (`None` closes it).
#[tauri::command(async)]
#[instrument(skip_all, fields(?session))]
pub fn gate_session(inputs: tauri::State<'_, Arc<Inputs>>, session: Option<Uuid>) -> AppResult<()> {
    if let Ok(mut open) = inputs.session.lock() {
        *open = session;
    }
    Ok(())
}

/// The hardware inputs' states.
#[tauri::command(async)]
pub fn input_statuses(inputs: tauri::State<'_, Arc<Inputs>>) -> AppResult<Vec<DeviceStatus>> {
    Ok(inputs
        .statuses
        .lock()
        .map(|s| s.clone())
        .unwrap_or_default())
}
