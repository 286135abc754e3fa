//! Setting up a festival: organizers, events, sessions and ticket products, created,
//! edited and deactivated (the window validates every field before it calls).

use chrono::{NaiveDate, NaiveTime};
use guichet_app::box_office::setup::{paris_start, ProductEdit};
use guichet_app::box_office::views::{EventView, OrganizerView, SessionView, TicketProductView};
use guichet_app::error::{AppError, AppResult};
use guichet_core::Money;
use tracing::instrument;
use uuid::Uuid;

use super::{on_app, Cmd};

/// "20:30" → 20:30, refused in French otherwise.
fn time_of_day(time: &str) -> AppResult<NaiveTime> {
    NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .map_err(|_| AppError::input(format!("« {time} » : écrivez l'heure comme 20:30")))
}

/// See [`guichet_app::App::organizers`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn organizers(state: Cmd<'_>) -> AppResult<Vec<OrganizerView>> {
    on_app(&state, |app| app.organizers()).await
}

/// See [`guichet_app::App::events`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn events(state: Cmd<'_>) -> AppResult<Vec<EventView>> {
    on_app(&state, |app| app.events()).await
}

/// See [`guichet_app::App::add_organizer`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn add_organizer(state: Cmd<'_>, name: String) -> AppResult<Uuid> {
    on_app(&state, move |app| app.add_organizer(&name)).await
}

/// See [`guichet_app::App::edit_organizer`].
#[tauri::command]
#[instrument(skip_all, fields(%organizer, ?active))]
pub async fn edit_organizer(
    state: Cmd<'_>,
    organizer: Uuid,
    name: Option<String>,
    active: Option<bool>,
) -> AppResult<OrganizerView> {
    on_app(&state, move |app| {
        app.edit_organizer(organizer, name.as_deref(), active)
    })
    .await
}

/// See [`guichet_app::App::add_event`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn add_event(state: Cmd<'_>, name: String) -> AppResult<Uuid> {
    on_app(&state, move |app| app.add_event(&name)).await
}

/// See [`guichet_app::App::edit_event`].
#[tauri::command]
#[instrument(skip_all, fields(%event, ?active))]
pub async fn edit_event(
    state: Cmd<'_>,
    event: Uuid,
    name: Option<String>,
    active: Option<bool>,
) -> AppResult<EventView> {
    on_app(&state, move |app| {
        app.edit_event(event, name.as_deref(), active)
    })
    .await
}

/// See [`guichet_app::App::add_session_local`]: `date` and `time` in Paris.
#[tauri::command]
#[instrument(skip_all, fields(%event, %date, capacity))]
pub async fn add_session(
    state: Cmd<'_>,
    event: Uuid,
    date: NaiveDate,
    time: String,
    capacity: u32,
) -> AppResult<SessionView> {
    let time = time_of_day(&time)?;
    on_app(&state, move |app| {
        app.add_session_local(event, date, time, capacity)
    })
    .await
}

/// See [`guichet_app::App::edit_session`]: a new start needs both `date` and `time`.
#[tauri::command]
#[instrument(skip_all, fields(%session, ?capacity, ?active))]
pub async fn edit_session(
    state: Cmd<'_>,
    session: Uuid,
    date: Option<NaiveDate>,
    time: Option<String>,
    capacity: Option<u32>,
    active: Option<bool>,
) -> AppResult<SessionView> {
    let starts_at = match (date, time) {
        (Some(date), Some(time)) => Some(paris_start(date, time_of_day(&time)?)?),
        _ => None,
    };
    on_app(&state, move |app| {
        app.edit_session(session, starts_at, capacity, active)
    })
    .await
}

/// See [`guichet_app::App::add_ticket_product`].
#[tauri::command]
#[instrument(skip_all, fields(%event, %organizer))]
pub async fn add_ticket_product(
    state: Cmd<'_>,
    event: Uuid,
    name: String,
    theme: String,
    organizer: Uuid,
    price: Money,
) -> AppResult<TicketProductView> {
    on_app(&state, move |app| {
        app.add_ticket_product(event, &name, &theme, organizer, price)
    })
    .await
}

/// See [`guichet_app::App::edit_ticket_product`].
#[tauri::command]
#[instrument(skip_all, fields(%product, ?active))]
#[allow(clippy::too_many_arguments)]
pub async fn edit_ticket_product(
    state: Cmd<'_>,
    product: Uuid,
    name: Option<String>,
    theme: Option<String>,
    organizer: Option<Uuid>,
    price: Option<Money>,
    active: Option<bool>,
) -> AppResult<TicketProductView> {
    let edit = ProductEdit {
        name,
        theme,
        organizer,
        price,
        active,
    };
    on_app(&state, move |app| app.edit_ticket_product(product, edit)).await
}

/// See [`guichet_app::App::move_ticket_product`].
#[tauri::command]
#[instrument(skip_all, fields(%product, earlier))]
pub async fn move_ticket_product(
    state: Cmd<'_>,
    product: Uuid,
    earlier: bool,
) -> AppResult<Vec<TicketProductView>> {
    on_app(&state, move |app| app.move_ticket_product(product, earlier)).await
}
