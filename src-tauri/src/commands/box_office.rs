//! The box office: sessions, selling and printing tickets. The holder's name is
//! never logged.

use std::path::PathBuf;

use guichet_app::box_office::booking_reference;
use guichet_app::box_office::print::{self, PrintTo, TicketPrint};
use guichet_app::box_office::views::{
    IssuedView, SessionView, TicketBookingView, TicketProductView,
};
use guichet_app::error::{AppError, AppResult};
use tauri::{AppHandle, Runtime};
use tracing::instrument;
use uuid::Uuid;

use super::{on_app, Cmd};
use crate::progress::{report, ProgressTask};

/// See [`guichet_app::App::sessions`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn sessions(state: Cmd<'_>) -> AppResult<Vec<SessionView>> {
    on_app(&state, |app| app.sessions()).await
}

/// See [`guichet_app::App::ticket_products`].
#[tauri::command]
#[instrument(skip_all, fields(?event))]
pub async fn ticket_products(
    state: Cmd<'_>,
    event: Option<Uuid>,
) -> AppResult<Vec<TicketProductView>> {
    on_app(&state, move |app| app.ticket_products(event)).await
}

/// See [`guichet_app::App::issue_tickets`].
#[tauri::command]
#[instrument(skip_all, fields(%session, ?product, quantity))]
pub async fn issue_tickets(
    state: Cmd<'_>,
    session: Uuid,
    product: Option<Uuid>,
    quantity: u32,
    holder: String,
) -> AppResult<IssuedView> {
    on_app(&state, move |app| {
        app.issue_tickets(session, product, quantity, &holder)
    })
    .await
}

/// See [`guichet_app::App::ticket_bookings`].
#[tauri::command]
#[instrument(skip_all, fields(%session))]
pub async fn ticket_bookings(state: Cmd<'_>, session: Uuid) -> AppResult<Vec<TicketBookingView>> {
    on_app(&state, move |app| app.ticket_bookings(session)).await
}

/// See [`guichet_app::App::cancel_tickets`].
#[tauri::command]
#[instrument(skip_all, fields(%booking))]
pub async fn cancel_tickets(state: Cmd<'_>, booking: Uuid) -> AppResult<TicketBookingView> {
    on_app(&state, move |app| app.cancel_tickets(booking)).await
}

/// See [`guichet_app::App::amend_tickets`].
#[tauri::command]
#[instrument(skip_all, fields(%booking, quantity))]
pub async fn amend_tickets(
    state: Cmd<'_>,
    booking: Uuid,
    quantity: u32,
    session: Option<Uuid>,
) -> AppResult<IssuedView> {
    on_app(&state, move |app| {
        app.amend_tickets(booking, quantity, session)
    })
    .await
}

/// The printers of this machine (CUPS), the default first; empty without CUPS.
#[tauri::command]
#[instrument(skip_all)]
pub async fn printers() -> AppResult<Vec<String>> {
    super::blocking(|| Ok(print::printers())).await
}

/// Where the save dialog proposes to write a booking's tickets: the home folder.
#[tauri::command]
#[instrument(skip_all, fields(%booking))]
pub async fn suggested_ticket_file(booking: Uuid) -> AppResult<String> {
    Ok(home_file(&format!(
        "billets-{}.pdf",
        booking_reference(booking)
    )))
}

/// The file `name` in the home folder (the system's temporary folder without one).
pub fn home_file(name: &str) -> String {
    std::env::var_os("HOME")
        .map_or_else(std::env::temp_dir, PathBuf::from)
        .join(name)
        .display()
        .to_string()
}

/// Where a PDF goes: the printer chosen, else the file chosen (checked).
pub fn print_to(printer: Option<String>, file: Option<String>) -> AppResult<PrintTo> {
    match (printer, file) {
        (Some(printer), _) => Ok(PrintTo::Printer(printer)),
        (None, Some(file)) => Ok(PrintTo::File(print::chosen_pdf_path(&file)?)),
        (None, None) => Err(AppError::input(
            "choisissez une imprimante ou l'endroit où enregistrer le PDF",
        )),
    }
}

/// Writes the booking's tickets to a PDF and sends it to `printer` (CUPS, `lp`) or
/// saves it at `file`, the path the user chose. The pages are read under the lock;
/// the PDF renders after it is released, so the gate keeps scanning meanwhile.
#[tauri::command]
#[instrument(skip_all, fields(%booking, to_printer = printer.is_some()))]
pub async fn print_tickets<R: Runtime>(
    window: AppHandle<R>,
    state: Cmd<'_>,
    booking: Uuid,
    printer: Option<String>,
    file: Option<String>,
) -> AppResult<String> {
    let to = print_to(printer, file)?;
    let print = on_app(&state, move |app| app.ticket_print(booking)).await?;
    let path = render(&window, print, to).await?;
    Ok(path.display().to_string())
}

/// Renders and writes `print` on a blocking-task thread, the window told when it
/// starts and when it is over (even when it fails).
async fn render<R: Runtime>(
    window: &AppHandle<R>,
    print: TicketPrint,
    to: PrintTo,
) -> AppResult<PathBuf> {
    let total = u32::try_from(print.pages.len()).unwrap_or(u32::MAX);
    let task = ProgressTask::PrintTickets;
    report(
        window,
        task,
        0,
        total,
        &format!("Mise en page de {total} billet(s)…"),
    );
    // Every 5 % of the pages (at least every 10), so that a big batch's bar moves.
    let every = (total / 20).max(10);
    let progress = window.clone();
    let rendered = tauri::async_runtime::spawn_blocking(move || {
        print.deliver_with_progress(&to, &|done| {
            if done % every == 0 && done < total {
                report(
                    &progress,
                    task,
                    done,
                    total,
                    &format!("{done} / {total} billets"),
                );
            }
        })
    })
    .await;
    report(
        window,
        task,
        total,
        total,
        &format!("{total} billet(s) prêt(s)"),
    );
    let path =
        rendered.map_err(|_| AppError::rule("l'impression s'est interrompue : relancez-la"))??;
    tracing::info!(pages = total, "billets imprimés");
    Ok(path)
}
