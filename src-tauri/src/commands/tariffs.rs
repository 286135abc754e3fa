//! Tariffs of a unit.

use guichet_app::error::AppResult;
use guichet_app::planning::tariffs::TariffPlan;
use guichet_app::planning::views::TariffView;
use tracing::instrument;
use uuid::Uuid;

use super::{on_app, Cmd};

/// See [`guichet_app::App::tariffs`].
#[tauri::command]
#[instrument(skip_all, fields(%unit))]
pub async fn tariffs(state: Cmd<'_>, unit: Uuid) -> AppResult<Vec<TariffView>> {
    on_app(&state, move |app| app.tariffs(unit)).await
}

/// The tariffs a plan would write, for the preview before saving.
#[tauri::command(async)]
#[instrument(skip_all)]
pub fn plan_tariffs(plan: TariffPlan) -> AppResult<Vec<TariffView>> {
    Ok(plan.tariffs()?.iter().map(TariffView::from).collect())
}

/// See [`guichet_app::App::add_tariffs`].
#[tauri::command]
#[instrument(skip_all, fields(%unit))]
pub async fn add_tariffs(state: Cmd<'_>, unit: Uuid, plan: TariffPlan) -> AppResult<usize> {
    on_app(&state, move |app| app.add_tariffs(unit, &plan)).await
}
