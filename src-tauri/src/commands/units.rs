//! Units (gîtes, rooms, pitches).

use guichet_app::error::AppResult;
use guichet_app::planning::units::UnitOrder;
use guichet_app::planning::views::UnitView;
use tracing::instrument;

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
