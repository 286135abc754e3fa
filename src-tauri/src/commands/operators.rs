//! Operators (who is at this device, with which role) and the gate's kiosk mode.
//! PINs are never logged.

use guichet_app::error::AppResult;
use guichet_app::operators::{OperatorView, Role, WhoView};
use tauri::{Runtime, WebviewWindow};
use tracing::instrument;

use super::{on_app, on_app_local, Cmd};

/// See [`guichet_app::App::who`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn who(state: Cmd<'_>) -> AppResult<WhoView> {
    on_app_local(&state, |app| app.who()).await
}

/// See [`guichet_app::App::operators`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn operators(state: Cmd<'_>) -> AppResult<Vec<OperatorView>> {
    on_app_local(&state, |app| app.operators()).await
}

/// See [`guichet_app::App::add_operator`].
#[tauri::command]
#[instrument(skip_all, fields(?role))]
pub async fn add_operator(
    state: Cmd<'_>,
    name: String,
    role: Role,
    pin: String,
) -> AppResult<OperatorView> {
    on_app_local(&state, move |app| app.add_operator(&name, role, &pin)).await
}

/// See [`guichet_app::App::set_operator_role`].
#[tauri::command]
#[instrument(skip_all, fields(?role))]
pub async fn set_operator_role(state: Cmd<'_>, who: String, role: Role) -> AppResult<OperatorView> {
    on_app_local(&state, move |app| app.set_operator_role(&who, role)).await
}

/// See [`guichet_app::App::set_operator_pin`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn set_operator_pin(state: Cmd<'_>, who: String, pin: String) -> AppResult<()> {
    on_app_local(&state, move |app| app.set_operator_pin(&who, &pin)).await
}

/// See [`guichet_app::App::remove_operator`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn remove_operator(state: Cmd<'_>, who: String) -> AppResult<()> {
    on_app_local(&state, move |app| app.remove_operator(&who)).await
}

/// See [`guichet_app::App::sign_in`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn sign_in(state: Cmd<'_>, who: String, pin: String) -> AppResult<WhoView> {
    on_app_local(&state, move |app| {
        app.sign_in(&who, &pin)?;
        app.who()
    })
    .await
}

/// See [`guichet_app::App::sign_out`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn sign_out(state: Cmd<'_>) -> AppResult<WhoView> {
    on_app_local(&state, |app| {
        app.sign_out();
        app.who()
    })
    .await
}

/// See [`guichet_app::App::kiosk`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn kiosk(state: Cmd<'_>) -> AppResult<bool> {
    on_app_local(&state, |app| app.kiosk()).await
}

/// See [`guichet_app::App::enter_kiosk`]; the window goes full screen.
#[tauri::command]
#[instrument(skip_all)]
pub async fn enter_kiosk<R: Runtime>(window: WebviewWindow<R>, state: Cmd<'_>) -> AppResult<()> {
    on_app(&state, |app| app.enter_kiosk()).await?;
    full_screen(&window, true);
    Ok(())
}

/// See [`guichet_app::App::leave_kiosk`]; the window leaves full screen.
#[tauri::command]
#[instrument(skip_all)]
pub async fn leave_kiosk<R: Runtime>(
    window: WebviewWindow<R>,
    state: Cmd<'_>,
    who: String,
    pin: String,
) -> AppResult<()> {
    on_app(&state, move |app| app.leave_kiosk(&who, &pin)).await?;
    full_screen(&window, false);
    Ok(())
}

/// Full screen on or off; a window manager that refuses is logged, not fatal (the
/// kiosk still hides the navigation).
fn full_screen<R: Runtime>(window: &WebviewWindow<R>, on: bool) {
    if window.set_fullscreen(on).is_err() {
        tracing::warn!(on, "plein écran refusé");
    }
}
