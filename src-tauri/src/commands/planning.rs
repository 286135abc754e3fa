//! The planning grid and prices of stays.

use chrono::NaiveDate;
use guichet_app::error::AppResult;
use guichet_app::planning::views::{PlanningView, QuoteView};
use guichet_core::Stay;
use tracing::instrument;
use uuid::Uuid;

use super::{on_app, Cmd};

/// See [`guichet_app::App::quote`].
#[tauri::command]
#[instrument(skip_all, fields(%unit, %from, nights))]
pub async fn quote(
    state: Cmd<'_>,
    unit: Uuid,
    from: NaiveDate,
    nights: u32,
) -> AppResult<QuoteView> {
    let stay = Stay::new(from, nights)?;
    on_app(&state, move |app| app.quote(unit, stay)).await
}

/// See [`guichet_app::App::planning`].
#[tauri::command]
#[instrument(skip_all, fields(%from, days))]
pub async fn planning(state: Cmd<'_>, from: NaiveDate, days: u32) -> AppResult<PlanningView> {
    on_app(&state, move |app| app.planning(from, days)).await
}
