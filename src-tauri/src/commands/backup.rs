//! Backup and restore from Paramètres.

use std::path::PathBuf;

use guichet_app::backup::{BackupSummary, RestoreSummary};
use guichet_app::error::AppResult;
use tracing::instrument;

use super::{on_app, Cmd};

/// Where a new backup is suggested ([`guichet_app::App::suggested_backup_file`]).
#[tauri::command]
#[instrument(skip_all)]
pub async fn suggested_backup_file(state: Cmd<'_>) -> AppResult<String> {
    on_app(&state, |app| Ok(app.suggested_backup_file())).await
}

/// See [`guichet_app::App::backup`]; the passphrase is never logged.
#[tauri::command]
#[instrument(skip_all)]
pub async fn backup(state: Cmd<'_>, file: String, passphrase: String) -> AppResult<BackupSummary> {
    on_app(&state, move |app| {
        app.backup(&PathBuf::from(file), &passphrase)
    })
    .await
}

/// See [`guichet_app::App::restore_here`]; the passphrase is never logged.
#[tauri::command]
#[instrument(skip_all, fields(replace))]
pub async fn restore(
    state: Cmd<'_>,
    file: String,
    passphrase: String,
    replace: bool,
) -> AppResult<RestoreSummary> {
    on_app(&state, move |app| {
        app.restore_here(&PathBuf::from(file), &passphrase, replace)
    })
    .await
}
