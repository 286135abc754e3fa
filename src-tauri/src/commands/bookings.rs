//! Holds and bookings of stays. The guest's contact details are never logged.

use chrono::NaiveDate;
use guichet_app::error::AppResult;
use guichet_app::planning::booking_file::{BookingFileView, Party};
use guichet_app::planning::views::{BookingView, HoldView};
use guichet_core::payment::PaymentMethod;
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
pub async fn book_hold(state: Cmd<'_>, hold: Uuid, party: Option<Party>) -> AppResult<BookingView> {
    on_app(&state, move |app| app.book_hold(hold, party)).await
}

/// See [`guichet_app::App::live_holds`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn live_holds(state: Cmd<'_>) -> AppResult<Vec<HoldView>> {
    on_app(&state, |app| app.live_holds()).await
}

/// See [`guichet_app::App::booking_file`].
#[tauri::command]
#[instrument(skip_all, fields(%booking))]
pub async fn booking_file(state: Cmd<'_>, booking: Uuid) -> AppResult<BookingFileView> {
    on_app(&state, move |app| app.booking_file(booking)).await
}

/// See [`guichet_app::App::record_payment`].
#[tauri::command]
#[instrument(skip_all, fields(%booking))]
pub async fn record_payment(
    state: Cmd<'_>,
    booking: Uuid,
    amount: Money,
    method: PaymentMethod,
    paid_on: NaiveDate,
) -> AppResult<BookingFileView> {
    on_app(&state, move |app| {
        app.record_payment(booking, amount, method, paid_on)
    })
    .await
}

/// The customer's details of the booking file's edit form (empty: none).
#[derive(Debug, Clone, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct CustomerDetails {
    /// M., Mme…
    pub title: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Postal address, lines separated by `\n`.
    pub address: String,
}

/// See [`guichet_app::App::edit_booking`].
#[tauri::command]
#[instrument(skip_all, fields(%booking))]
pub async fn edit_booking(
    state: Cmd<'_>,
    booking: Uuid,
    name: String,
    email: Option<String>,
    phone: Option<String>,
    party: Party,
    details: Option<CustomerDetails>,
) -> AppResult<BookingFileView> {
    let who = match &details {
        Some(d) => guichet_core::contact::Contact::with_details(
            &name,
            email.as_deref(),
            phone.as_deref(),
            &guichet_core::contact::Details {
                title: Some(&d.title),
                first_name: Some(&d.first_name),
                last_name: Some(&d.last_name),
                address: Some(&d.address),
            },
        )?,
        None => contact(&name, email.as_deref(), phone.as_deref())?,
    };
    on_app(&state, move |app| {
        app.edit_booking(booking, who, party.adults, party.children)
    })
    .await
}

/// See [`guichet_app::App::move_booking`].
#[tauri::command]
#[instrument(skip_all, fields(%booking, %unit, %from, nights))]
pub async fn move_booking(
    state: Cmd<'_>,
    booking: Uuid,
    unit: Uuid,
    from: NaiveDate,
    nights: u32,
    price: Option<Money>,
) -> AppResult<BookingFileView> {
    let stay = Stay::new(from, nights)?;
    on_app(&state, move |app| {
        app.move_booking(booking, unit, stay, price)
    })
    .await
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
    party: Option<Party>,
) -> AppResult<BookingView> {
    let (stay, who) = (
        Stay::new(from, nights)?,
        contact(&name, email.as_deref(), phone.as_deref())?,
    );
    on_app(&state, move |app| app.book(unit, stay, who, price, party)).await
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
