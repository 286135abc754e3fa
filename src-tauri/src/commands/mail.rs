//! E-mail from the window (issue 10, rule T6): the queue with each message's state and
//! the reason of a failure, "send now" and "retry", the SMTP settings (the password
//! goes to the system keychain only; it is never logged) and a test e-mail. Sending
//! talks to the network: it runs on the background's own application, never under
//! the window's lock.

use guichet_app::error::AppResult;
use guichet_app::gateways::{Keychain, Secret};
use guichet_app::mail::{MailRound, MailView, PasswordChange, SmtpSettings, SmtpSettingsInput};
use tracing::instrument;
use uuid::Uuid;

use super::sync::on_server;
use super::{on_app, Cmd};

/// The event sent when the background sender sent or failed something: the window
/// asks [`mail_queue`] again.
pub const CHANGED: &str = "mail-changed";

/// See [`guichet_app::App::mail_queue`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn mail_queue(state: Cmd<'_>) -> AppResult<Vec<MailView>> {
    on_app(&state, |app| app.mail_queue()).await
}

/// See [`guichet_app::App::mail_settings`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn mail_settings(state: Cmd<'_>) -> AppResult<Option<SmtpSettings>> {
    on_app(&state, |app| app.mail_settings()).await
}

/// See [`guichet_app::App::set_mail_settings`]: `password` (when given) goes to the
/// system keychain; `forget_password` removes it.
#[tauri::command]
#[instrument(skip_all)]
pub async fn set_mail_settings(
    state: Cmd<'_>,
    input: SmtpSettingsInput,
    password: Option<String>,
    forget_password: bool,
) -> AppResult<SmtpSettings> {
    let change = match (password, forget_password) {
        (Some(p), _) if !p.is_empty() => PasswordChange::Set(Secret::new(p)),
        (_, true) => PasswordChange::Remove,
        _ => PasswordChange::Keep,
    };
    on_app(&state, move |app| {
        app.set_mail_settings(&Keychain, &input, change)
    })
    .await
}

/// See [`guichet_app::App::retry_mail`]; the sender looks at once.
#[tauri::command]
#[instrument(skip_all, fields(%id))]
pub async fn retry_mail(state: Cmd<'_>, id: Uuid) -> AppResult<MailView> {
    on_app(&state, move |app| app.retry_mail(id)).await
}

/// See [`guichet_app::App::send_queued_mail`]: everything due, now.
#[tauri::command]
#[instrument(skip_all)]
pub async fn send_queued_mail(state: Cmd<'_>) -> AppResult<MailRound> {
    on_server(&state, |app| app.send_queued_mail(&Keychain, true)).await
}

/// See [`guichet_app::App::send_test_mail`].
#[tauri::command]
#[instrument(skip_all)]
pub async fn send_test_mail(state: Cmd<'_>, to: String) -> AppResult<()> {
    on_server(&state, move |app| app.send_test_mail(&Keychain, &to)).await
}
