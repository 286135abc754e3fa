//! Coming from the old tools, the customers' file, and a guest's data (GDPR), from the
//! window: an export previewed (a dry run) then imported; the customers found again
//! when a stay is booked; a guest's data exported and anonymised.

use std::path::PathBuf;

use guichet_app::customers::CustomerRecord;
use guichet_app::error::AppResult;
use guichet_app::import::{ImportKind, ImportReport};
use guichet_app::privacy::{Anonymised, GuestExport, GuestQuery};
use tauri::{AppHandle, Runtime};
use tracing::instrument;

use super::{on_app, on_app_local, Cmd};
use crate::progress::{report, ProgressTask};

/// See [`guichet_app::App::import_file`]: `map` pairs a field with a column's name;
/// with `dry_run` nothing is stored. The window is told how many rows are read.
#[tauri::command]
#[instrument(skip_all, fields(?kind, dry_run))]
pub async fn import_file<R: Runtime>(
    window: AppHandle<R>,
    state: Cmd<'_>,
    kind: ImportKind,
    file: String,
    map: Vec<(String, String)>,
    dry_run: bool,
) -> AppResult<ImportReport> {
    // The bar shows once the file is read (its rows counted): reading is quick.
    let task = ProgressTask::Import;
    let progress = window.clone();
    let done = on_app(&state, move |app| {
        let mut tell = |done: u32, total: u32| {
            if done < total {
                report(&progress, task, done, total, "Import en cours…");
            }
        };
        app.import_file_with(kind, &PathBuf::from(file.trim()), &map, dry_run, &mut tell)
    })
    .await;
    // Over, even when it failed: the bar goes away.
    report(&window, task, 1, 1, "Import terminé");
    done
}

/// See [`guichet_app::App::customers`]: the customers' file, or those `search` finds.
#[tauri::command]
#[instrument(skip_all)]
pub async fn customers(state: Cmd<'_>, search: Option<String>) -> AppResult<Vec<CustomerRecord>> {
    on_app_local(&state, move |app| app.customers(search.as_deref())).await
}

/// See [`guichet_app::App::export_guest`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn export_guest(state: Cmd<'_>, guest: GuestQuery) -> AppResult<GuestExport> {
    on_app_local(&state, move |app| app.export_guest(&guest)).await
}

/// See [`guichet_app::App::anonymise_guest`] (the window has asked once).
#[tauri::command]
#[instrument(skip_all)]
pub async fn anonymise_guest(state: Cmd<'_>, guest: GuestQuery) -> AppResult<Anonymised> {
    on_app(&state, move |app| app.anonymise_guest(&guest)).await
}

/// See [`guichet_app::App::anonymise_expired`]: run when the window starts, so that a
/// guest's data never outlives the provider's retention period by more than a day of use.
#[tauri::command]
#[instrument(skip_all)]
pub async fn anonymise_expired(state: Cmd<'_>) -> AppResult<Anonymised> {
    on_app(&state, |app| app.anonymise_expired()).await
}
