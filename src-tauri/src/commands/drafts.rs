//! Drafts: what a form holds before it is saved (local to this device, no sync).

use guichet_app::error::AppResult;
use tracing::instrument;

use super::{on_app_local, Cmd};

/// See [`guichet_app::App::draft_save`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn draft_save(state: Cmd<'_>, key: String, json: String) -> AppResult<()> {
    on_app_local(&state, move |app| app.draft_save(&key, &json)).await
}

/// See [`guichet_app::App::draft_load`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn draft_load(state: Cmd<'_>, key: String) -> AppResult<Option<String>> {
    on_app_local(&state, move |app| app.draft_load(&key)).await
}

/// See [`guichet_app::App::draft_clear`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn draft_clear(state: Cmd<'_>, key: String) -> AppResult<()> {
    on_app_local(&state, move |app| app.draft_clear(&key)).await
}
