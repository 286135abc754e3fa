//! Units (gîtes, rooms, pitches).

use guichet_app::error::AppResult;
use guichet_app::planning::units::{UnitEdit, UnitOrder};
use guichet_app::planning::views::UnitView;
use tracing::instrument;
use uuid::Uuid;

use super::{on_app, Cmd};

/// See [`guichet_app::App::units`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn units(state: Cmd<'_>, order: UnitOrder) -> AppResult<Vec<UnitView>> {
    on_app(&state, move |app| app.units(order)).await
}

/// See [`guichet_app::App::add_unit`].
#[tauri::command]
#[instrument(skip_all, fields(capacity))]
pub async fn add_unit(state: Cmd<'_>, name: String, capacity: u32) -> AppResult<UnitView> {
    on_app(&state, move |app| app.add_unit(&name, capacity)).await
}

/// See [`guichet_app::App::edit_unit`].
#[tauri::command]
#[instrument(skip_all, fields(%unit))]
pub async fn edit_unit(state: Cmd<'_>, unit: Uuid, edit: UnitEdit) -> AppResult<UnitView> {
    on_app(&state, move |app| app.edit_unit(unit, edit)).await
}

/// See [`guichet_app::App::reorder_unit`].
#[tauri::command]
#[instrument(skip_all, fields(%unit, step))]
pub async fn reorder_unit(state: Cmd<'_>, unit: Uuid, step: i8) -> AppResult<Vec<UnitView>> {
    on_app(&state, move |app| app.reorder_unit(unit, step)).await
}

/// See [`guichet_app::App::remove_unit`].
#[tauri::command]
#[instrument(skip_all, fields(%unit))]
pub async fn remove_unit(state: Cmd<'_>, unit: Uuid) -> AppResult<()> {
    on_app(&state, move |app| app.remove_unit(unit)).await
}
