//! Holds and bookings of stays. The guest's contact details are never logged.

use chrono::NaiveDate;
use guichet_app::error::AppResult;
use guichet_app::planning::views::{BookingView, HoldView};
use guichet_core::{Money, Stay};
use tracing::instrument;
use uuid::Uuid;

use super::{contact, on_app, Cmd};

/// See [`guichet_app::App::hold`].
#[tauri::command]
#[instrument(skip_all, fields(%unit, %from, nights))]
pub async fn hold(
    state: Cmd<'_>,
    unit: Uuid,
    from: NaiveDate,
    nights: u32,
    name: String,
    email: Option<String>,
    phone: Option<String>,
) -> AppResult<HoldView> {
    let (stay, who) = (
        Stay::new(from, nights)?,
        contact(&name, email.as_deref(), phone.as_deref())?,
    );
    on_app(&state, move |app| app.hold(unit, stay, who)).await
}

/// See [`guichet_app::App::go_to_payment`].
#[tauri::command]
#[instrument(skip_all, fields(%hold))]
pub async fn go_to_payment(state: Cmd<'_>, hold: Uuid) -> AppResult<HoldView> {
    on_app(&state, move |app| app.go_to_payment(hold)).await
}

/// See [`guichet_app::App::release_hold`].
#[tauri::command]
#[instrument(skip_all, fields(%hold))]
pub async fn release_hold(state: Cmd<'_>, hold: Uuid) -> AppResult<HoldView> {
    on_app(&state, move |app| app.release_hold(hold)).await
}

/// See [`guichet_app::App::book_hold`].
#[tauri::command]
#[instrument(skip_all, fields(%hold))]
pub async fn book_hold(state: Cmd<'_>, hold: Uuid) -> AppResult<BookingView> {
    on_app(&state, move |app| app.book_hold(hold)).await
}

/// See [`guichet_app::App::expire_holds`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn expire_holds(state: Cmd<'_>) -> AppResult<Vec<HoldView>> {
    on_app(&state, |app| app.expire_holds()).await
}

/// See [`guichet_app::App::book`].
#[tauri::command]
#[instrument(skip_all, fields(%unit, %from, nights))]
#[allow(clippy::too_many_arguments)]
pub async fn book(
    state: Cmd<'_>,
    unit: Uuid,
    from: NaiveDate,
    nights: u32,
    name: String,
    email: Option<String>,
    phone: Option<String>,
    price: Option<Money>,
) -> AppResult<BookingView> {
    let (stay, who) = (
        Stay::new(from, nights)?,
        contact(&name, email.as_deref(), phone.as_deref())?,
    );
    on_app(&state, move |app| app.book(unit, stay, who, price)).await
}

/// See [`guichet_app::App::cancel_booking`].
#[tauri::command]
#[instrument(skip_all, fields(%booking))]
pub async fn cancel_booking(state: Cmd<'_>, booking: Uuid) -> AppResult<BookingView> {
    on_app(&state, move |app| app.cancel_booking(booking)).await
}

/// See [`guichet_app::App::bookings`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn bookings(state: Cmd<'_>) -> AppResult<Vec<BookingView>> {
    on_app(&state, |app| app.bookings()).await
}
