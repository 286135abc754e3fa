//! The paperwork of a booking file: its contract as a PDF (B2, P9), the contract
//! conditions, and the notification templates with their live preview (T6).

use guichet_app::box_office::print::chosen_pdf_path;
use guichet_app::error::{os_reason, AppError, AppResult};
use guichet_app::paperwork::templates::{Rendered, TemplateView};
use guichet_app::planning::views::SettingsView;
use guichet_app::settings::ConditionsView;
use tracing::instrument;
use uuid::Uuid;

use super::box_office::home_file;
use super::{on_app, Cmd};

/// Where the save dialog proposes to write a booking's contract: the home folder.
#[tauri::command]
#[instrument(skip_all, fields(%booking))]
pub async fn suggested_contract_file(booking: Uuid) -> AppResult<String> {
    Ok(home_file(&format!(
        "contrat-{}.pdf",
        guichet_app::paperwork::booking_number(booking)
    )))
}

/// Writes the contract of `booking` at `file`, the path the user chose; its path.
#[tauri::command]
#[instrument(skip_all, fields(%booking))]
pub async fn save_contract(state: Cmd<'_>, booking: Uuid, file: String) -> AppResult<String> {
    let path = chosen_pdf_path(&file)?;
    let pdf = on_app(&state, move |app| app.contract_pdf(booking)).await?;
    super::blocking(move || {
        std::fs::write(&path, pdf).map_err(|e| {
            AppError::input(format!(
                "{} : le contrat ne peut pas être écrit ({}) : choisissez un autre dossier",
                path.display(),
                os_reason(&e)
            ))
        })?;
        Ok(path.display().to_string())
    })
    .await
}

/// See [`guichet_app::App::set_conditions`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn set_conditions(state: Cmd<'_>, conditions: ConditionsView) -> AppResult<SettingsView> {
    on_app(&state, move |app| app.set_conditions(&conditions)).await
}

/// See [`guichet_app::App::templates`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn templates(state: Cmd<'_>) -> AppResult<Vec<TemplateView>> {
    on_app(&state, |app| app.templates()).await
}

/// See [`guichet_app::App::save_template`].
#[tauri::command]
#[instrument(skip_all, fields(%name))]
pub async fn save_template(state: Cmd<'_>, name: String, text: String) -> AppResult<TemplateView> {
    on_app(&state, move |app| app.save_template(&name, &text)).await
}

/// See [`guichet_app::App::preview_template`].
#[tauri::command]
#[instrument(skip_all, fields(%booking))]
pub async fn preview_template(state: Cmd<'_>, text: String, booking: Uuid) -> AppResult<Rendered> {
    on_app(&state, move |app| app.preview_template(&text, booking)).await
}
