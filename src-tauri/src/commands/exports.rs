//! Exports for the accountant from the window (rules A5, A8, T7): the sales of a
//! period as CSV or XLSX (`VENTES`, `PRODUITS`), the answers to the booking forms, the
//! voucher report; each to the file the user chose, with progress while rows are
//! read. An empty period is refused in French and writes nothing.

use chrono::NaiveDate;
use guichet_app::error::AppResult;
use guichet_app::export::{chosen_export_path, ExportDone, ExportFormat, ExportProgress};
use guichet_app::till::exports::nothing_to_export;
use guichet_app::till::report::{write_voucher_report, VoucherReport};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tracing::instrument;
use ts_rs::TS;

use super::box_office::home_file;
use super::{on_app, Cmd};
use crate::progress::{report, ProgressTask};

/// What is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportKind {
    /// The sales (CSV: one row per sale; XLSX: `VENTES` and `PRODUITS`).
    Sales,
    /// The answers to the booking forms, one row per answer.
    Forms,
    /// The voucher report (A8).
    Vouchers,
}

impl ExportKind {
    /// The file's name before its extension.
    fn stem(self) -> &'static str {
        match self {
            ExportKind::Sales => "ventes",
            ExportKind::Forms => "formulaires",
            ExportKind::Vouchers => "bons-cadeaux",
        }
    }
}

/// Where the file is offered to be saved: the home folder,
/// `ventes-2026-11-01-au-2026-11-30.csv`.
#[tauri::command]
pub async fn suggested_export_file(
    kind: ExportKind,
    from: NaiveDate,
    to: NaiveDate,
    format: ExportFormat,
) -> AppResult<String> {
    let extension = match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Xlsx => "xlsx",
    };
    Ok(home_file(&format!(
        "{}-{from}-au-{to}.{extension}",
        kind.stem()
    )))
}

/// The file an export to `file` would replace, if there is one already (the window
/// asks before replacing it); none for a new file or a path the export will refuse.
#[tauri::command]
pub async fn existing_export_file(file: String, format: ExportFormat) -> AppResult<Option<String>> {
    Ok(chosen_export_path(&file, format)
        .ok()
        .filter(|path| path.exists())
        .map(|path| path.display().to_string()))
}

/// See [`guichet_app::App::voucher_report`].
#[tauri::command]
#[instrument(skip_all, fields(%from, %to))]
pub async fn voucher_report(
    state: Cmd<'_>,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<VoucherReport> {
    on_app(&state, move |app| app.voucher_report(from, to)).await
}

/// Writes the export `kind` of the Paris days `from` to `to` in `format` to `file`
/// (checked first); the window is told how far it has got.
#[tauri::command]
#[instrument(skip_all, fields(?kind, %from, %to, ?format))]
pub async fn export_period<R: Runtime>(
    window: AppHandle<R>,
    state: Cmd<'_>,
    kind: ExportKind,
    from: NaiveDate,
    to: NaiveDate,
    format: ExportFormat,
    file: String,
) -> AppResult<ExportDone> {
    let path = chosen_export_path(&file, format)?;
    let task = ProgressTask::Export;
    report(&window, task, 0, 1, "Export en cours…");
    let progress = window.clone();
    let done = on_app(&state, move |app| {
        let mut tell = |p: ExportProgress| {
            if p.done < p.total {
                report(&progress, task, p.done, p.total, "Export en cours…");
            }
        };
        match kind {
            ExportKind::Sales => {
                if app.count_sales(from, to)? == 0 {
                    return Err(nothing_to_export("aucune vente", from, to));
                }
                app.export_sales(from, to, format, &path, &mut tell)
            }
            ExportKind::Forms => app.export_form_answers(from, to, format, &path, &mut tell),
            ExportKind::Vouchers => {
                let made = app.voucher_report_with(from, to, &mut tell)?;
                if made.vouchers.is_empty() {
                    return Err(nothing_to_export(
                        "aucun bon cadeau vendu ni utilisé",
                        from,
                        to,
                    ));
                }
                write_voucher_report(&made, format, &path)
            }
        }
    })
    .await;
    // Over, even when it failed: the bar goes away.
    report(&window, task, 1, 1, "Export terminé");
    if let Ok(written) = &done {
        tracing::info!(rows = written.rows, "export écrit");
    }
    done
}
