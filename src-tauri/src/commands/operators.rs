//! Operators (who is at this device, with which role) and the gate's kiosk mode.
//! PINs are never logged.

use guichet_app::error::AppResult;
use guichet_app::operators::{OperatorView, Role, WhoView};
use tauri::{PhysicalPosition, PhysicalSize, Runtime, WebviewWindow};
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

/// Where and how big the window was before the kiosk covered the screen.
static BEFORE_KIOSK: std::sync::Mutex<Option<(PhysicalPosition<i32>, PhysicalSize<u32>)>> =
    std::sync::Mutex::new(None);

/// Full screen on or off. The window also covers its monitor itself, undecorated
/// (where no window manager makes it full screen, as under Xvfb, that is what does
/// it), and gets its place back when the kiosk is left; a refusal is logged,
/// never fatal (the kiosk still hides the navigation).
fn full_screen<R: Runtime>(window: &WebviewWindow<R>, on: bool) {
    if window.set_fullscreen(on).is_err() {
        tracing::warn!(on, "plein écran refusé");
    }
    let Ok(mut before) = BEFORE_KIOSK.lock() else {
        return;
    };
    if on && before.is_none() {
        if let (Ok(place), Ok(size), Ok(Some(monitor))) = (
            window.outer_position(),
            window.outer_size(),
            window.current_monitor(),
        ) {
            *before = Some((place, size));
            let covered = window.set_decorations(false).is_ok()
                && window.set_position(*monitor.position()).is_ok()
                && window.set_size(*monitor.size()).is_ok();
            if !covered {
                tracing::warn!("la fenêtre n'a pas pu couvrir l'écran");
            }
        }
    } else if !on {
        if let Some((place, size)) = before.take() {
            let restored = window.set_decorations(true).is_ok()
                && window.set_size(size).is_ok()
                && window.set_position(place).is_ok();
            if !restored {
                tracing::warn!("la fenêtre n'a pas retrouvé sa place");
            }
        }
    }
}
