//! The one error the application returns to a window or the command line:
//! a kind (which decides the exit status) and a French message saying what to do.

use serde::Serialize;
use ts_rs::TS;

/// What kind of failure, for exit codes and the IPC's `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// Refused by a business rule (exit 1).
    Rule,
    /// Bad input: a value, a file or an id that is not right (exit 2).
    Input,
    /// The local database could not be read or written (exit 2: the data dir).
    Storage,
    /// The sync server could not be reached, or broke off (exit 1): nothing is lost,
    /// the operations wait on the device.
    Offline,
}

/// An error for people: `{ code, message }` over the IPC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export)]
pub struct AppError {
    /// Its kind.
    pub code: ErrorCode,
    /// What went wrong and what to do, in French.
    pub message: String,
}

impl AppError {
    /// Refused by a business rule.
    pub fn rule(message: impl std::fmt::Display) -> AppError {
        AppError {
            code: ErrorCode::Rule,
            message: message.to_string(),
        }
    }

    /// Bad input.
    pub fn input(message: impl std::fmt::Display) -> AppError {
        AppError {
            code: ErrorCode::Input,
            message: message.to_string(),
        }
    }

    /// The process exit status for this error (cli.md).
    pub fn exit_code(&self) -> u8 {
        match self.code {
            ErrorCode::Rule | ErrorCode::Offline => 1,
            ErrorCode::Input | ErrorCode::Storage => 2,
        }
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(error: rusqlite::Error) -> AppError {
        // SQLite's own words go to the log, for support; the message says it in French.
        tracing::warn!(%error, "base locale");
        AppError {
            code: ErrorCode::Storage,
            message: format!(
                "la base locale n'a pas pu être lue ou écrite ({}) : rien n'a été modifié ; \
                 vérifiez le dossier de données et l'espace disque",
                sqlite_reason(&error)
            ),
        }
    }
}

/// Input errors from the domain's constructors.
macro_rules! input_errors {
    ($($t:ty),*) => {$(
        impl From<$t> for AppError {
            fn from(error: $t) -> AppError {
                AppError::input(error)
            }
        }
    )*};
}

input_errors!(
    guichet_core::tariff::TariffError,
    guichet_core::stay::StayError,
    guichet_core::contact::ContactError,
    guichet_core::unit::UnitError,
    guichet_core::money::MoneyError,
    guichet_core::sync::wire::WireError,
    guichet_core::journal::JournalError
);

/// Refusals by the domain's rules.
macro_rules! rule_errors {
    ($($t:ty),*) => {$(
        impl From<$t> for AppError {
            fn from(error: $t) -> AppError {
                AppError::rule(error)
            }
        }
    )*};
}

rule_errors!(
    guichet_core::invoice::InvoiceError,
    guichet_core::availability::Unavailable,
    guichet_core::hold::HoldError,
    guichet_core::booking::AlreadyCancelled
);

/// An unknown placeholder is refused by rule T6 (exit 1); an unknown notification is
/// bad input (exit 2).
impl From<guichet_core::template::TemplateError> for AppError {
    fn from(error: guichet_core::template::TemplateError) -> AppError {
        match error {
            guichet_core::template::TemplateError::Unknown { .. }
            | guichet_core::template::TemplateError::Braces { .. } => AppError::rule(error),
            guichet_core::template::TemplateError::UnknownNotification(_) => AppError::input(error),
        }
    }
}

/// An operating system error in French words, for the messages people read (the
/// system's own text is English): what it means, never the raw `os error N`.
pub fn os_reason(error: &std::io::Error) -> &'static str {
    guichet_devices::os::os_reason(error.kind())
}

/// What the local database said, in French words (SQLite's own text is English).
pub fn sqlite_reason(error: &rusqlite::Error) -> &'static str {
    use rusqlite::ErrorCode::*;
    match error.sqlite_error_code() {
        Some(DatabaseBusy | DatabaseLocked) => "base occupée par un autre programme",
        Some(DatabaseCorrupt | NotADatabase) => "base endommagée",
        Some(DiskFull) => "disque plein",
        Some(ReadOnly) => "base en lecture seule",
        Some(PermissionDenied | AuthorizationForStatementDenied) => "accès refusé",
        Some(CannotOpen) => "base impossible à ouvrir",
        Some(SystemIoFailure) => "erreur de lecture ou d'écriture du disque",
        Some(OutOfMemory) => "mémoire insuffisante",
        Some(ConstraintViolation) => "donnée refusée par la base",
        _ => "erreur de la base",
    }
}

/// The cause of a failure in French words: a file or database error is named
/// (`introuvable`, `disque plein`…), never quoted in the system's English.
pub fn cause(error: &(dyn std::error::Error + 'static)) -> &'static str {
    if let Some(io) = error.downcast_ref::<std::io::Error>() {
        os_reason(io)
    } else if let Some(sqlite) = error.downcast_ref::<rusqlite::Error>() {
        sqlite_reason(sqlite)
    } else {
        "erreur du système"
    }
}

/// Result of an application call.
pub type AppResult<T> = Result<T, AppError>;
