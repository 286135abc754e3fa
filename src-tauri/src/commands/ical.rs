//! A unit's iCal calendars from the window (rule B4): the sources it imports with their
//! state on this device, adding one (an `https://` address or a `.ics` file), importing
//! again now, removing one, the polling interval; and its own feed, saved to a file or
//! given to a channel as the sync server's secret address.
//!
//! Reading an address talks to the network (up to a minute): it runs on the
//! background's own application ([`super::sync::on_server`]), never under the window's
//! lock, with a `progress` event meanwhile; the window's operator is checked first.

use guichet_app::error::AppResult;
use guichet_app::ical::{CalendarSourceView, ImportView};
use guichet_app::operators::Permission;
use guichet_app::planning::units::UnitOrder;
use serde::Serialize;
use tauri::{AppHandle, Runtime};
use tracing::instrument;
use ts_rs::TS;
use uuid::Uuid;

use super::box_office::home_file;
use super::sync::on_server;
use super::{on_app, on_app_local, Cmd};
use crate::progress::{report, ProgressTask};

/// What « Importer maintenant » did for a unit's sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CalendarRound {
    /// Sources read again.
    pub imported: u32,
    /// Sources that failed (each keeps its nights and says why in `last_error`).
    pub failed: u32,
}

/// See [`guichet_app::App::calendars`]: the sources of `unit` (all units: none).
#[tauri::command]
#[instrument(skip_all)]
pub async fn calendars(state: Cmd<'_>, unit: Option<Uuid>) -> AppResult<Vec<CalendarSourceView>> {
    on_app_local(&state, move |app| app.calendars(unit)).await
}

/// Checks that the person at the window may import calendars (the background's
/// application has no operator).
async fn may_book(state: &Cmd<'_>) -> AppResult<()> {
    on_app_local(state, |app| app.require(Permission::Book)).await
}

/// See [`guichet_app::App::import_calendar`]: adds (or reads again) `source` of `unit`,
/// off the window's lock, with progress while the address answers.
#[tauri::command]
#[instrument(skip_all, fields(%unit))]
pub async fn import_calendar<R: Runtime>(
    window: AppHandle<R>,
    state: Cmd<'_>,
    unit: Uuid,
    source: String,
) -> AppResult<ImportView> {
    may_book(&state).await?;
    let task = ProgressTask::Calendar;
    report(&window, task, 0, 1, "Import du calendrier…");
    let done = on_server(&state, move |app| app.import_calendar(unit, &source)).await;
    report(&window, task, 1, 1, "Calendrier importé");
    state.sync.nudge();
    done
}

/// Reads every source of `unit` again now, one after the other, with progress; a
/// failure is recorded on its source (its nights stay blocked) and the others go on.
#[tauri::command]
#[instrument(skip_all, fields(%unit))]
pub async fn import_calendars_now<R: Runtime>(
    window: AppHandle<R>,
    state: Cmd<'_>,
    unit: Uuid,
) -> AppResult<CalendarRound> {
    may_book(&state).await?;
    let sources = on_app_local(&state, move |app| app.calendars(Some(unit))).await?;
    let total = u32::try_from(sources.len()).unwrap_or(u32::MAX);
    let task = ProgressTask::Calendar;
    let progress = window.clone();
    let round = on_server(&state, move |app| {
        let mut round = CalendarRound {
            imported: 0,
            failed: 0,
        };
        for (done, source) in (0..total).zip(&sources) {
            report(&progress, task, done, total, "Import des calendriers…");
            match app.import_calendar(unit, &source.location) {
                Ok(_) => round.imported += 1,
                Err(_) => round.failed += 1,
            }
        }
        Ok(round)
    })
    .await;
    report(
        &window,
        task,
        total.max(1),
        total.max(1),
        "Calendriers importés",
    );
    state.sync.nudge();
    round
}

/// See [`guichet_app::App::remove_calendar`]: its nights are free again everywhere.
#[tauri::command]
#[instrument(skip_all, fields(%source))]
pub async fn remove_calendar(state: Cmd<'_>, source: Uuid) -> AppResult<()> {
    on_app(&state, move |app| app.remove_calendar(source)).await
}

/// See [`guichet_app::App::calendar_poll_minutes`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn calendar_poll_minutes(state: Cmd<'_>) -> AppResult<u32> {
    on_app_local(&state, |app| app.calendar_poll_minutes()).await
}

/// See [`guichet_app::App::set_calendar_poll_minutes`].
#[tauri::command]
#[instrument(skip_all, fields(minutes))]
pub async fn set_calendar_poll_minutes(state: Cmd<'_>, minutes: u32) -> AppResult<u32> {
    on_app_local(&state, move |app| app.set_calendar_poll_minutes(minutes)).await
}

/// A unit's name as a file name: letters and digits kept, the rest a dash.
fn file_stem(name: &str) -> String {
    let mut stem = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_matches('-');
    if stem.is_empty() {
        "hebergement".to_owned()
    } else {
        stem.chars().take(60).collect()
    }
}

/// Where the save dialog proposes to write a unit's feed: the home folder,
/// `calendrier-gite-des-lilas.ics`.
#[tauri::command]
#[instrument(skip_all, fields(%unit))]
pub async fn suggested_calendar_file(state: Cmd<'_>, unit: Uuid) -> AppResult<String> {
    let units = on_app_local(&state, |app| app.units(UnitOrder::BackOffice)).await?;
    let name = units
        .iter()
        .find(|u| u.id == unit)
        .map_or("hebergement", |u| u.name.as_str());
    Ok(home_file(&format!("calendrier-{}.ics", file_stem(name))))
}

/// See [`guichet_app::App::export_calendar`]: the unit's feed written at `file`; its path.
#[tauri::command]
#[instrument(skip_all, fields(%unit))]
pub async fn export_calendar(state: Cmd<'_>, unit: Uuid, file: String) -> AppResult<String> {
    on_app_local(&state, move |app| {
        app.export_calendar(unit, &file)
            .map(|p| p.display().to_string())
    })
    .await
}

/// See [`guichet_app::App::calendar_feed_url`]: asks the sync server (network), off
/// the window's lock.
#[tauri::command]
#[instrument(skip_all, fields(%unit))]
pub async fn calendar_feed_url(state: Cmd<'_>, unit: Uuid) -> AppResult<String> {
    on_server(&state, move |app| app.calendar_feed_url(unit)).await
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn a_units_name_makes_a_file_name() {
        assert_eq!(file_stem("Gîte des Lilas"), "gîte-des-lilas");
        assert_eq!(file_stem("  Chambre n°2 / étage "), "chambre-n-2-étage");
        assert_eq!(file_stem("../.."), "hebergement");
    }
}
