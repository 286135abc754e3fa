//! What enrolment gives a device: the server's address and the device token. Kept in
//! `sync-token.json` beside the ticket keys, readable by its owner only (a headless
//! gate has no keychain), written atomically, never in a backup, a log or an export.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppError, AppResult};

/// The file's name in the data dir.
pub const TOKEN_FILE: &str = "sync-token.json";

/// A device's enrolment. Its `Debug` hides the token.
#[derive(Clone, Serialize, Deserialize)]
pub struct Credentials {
    /// The server's base URL.
    pub server: String,
    /// The provider.
    pub provider: Uuid,
    /// Its name.
    pub provider_name: String,
    /// This device, as enrolled.
    pub device: Uuid,
    /// The bearer token.
    pub token: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Credentials({}, provider {}, device {})",
            self.server, self.provider, self.device
        )
    }
}

fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(TOKEN_FILE)
}

impl Credentials {
    /// The data dir's enrolment, if it has one.
    pub fn load(data_dir: &Path) -> AppResult<Option<Credentials>> {
        let path = path(data_dir);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map(Some).map_err(|_| {
                AppError::input(format!(
                    "le fichier d'inscription {} est illisible : supprimez-le et inscrivez ce \
                     poste à nouveau (« guichet enroll »)",
                    path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(AppError::input(format!(
                "le fichier d'inscription {} est illisible ({})",
                path.display(),
                crate::error::os_reason(&e)
            ))),
        }
    }

    /// Writes the enrolment, readable by its owner only, atomically.
    pub fn save(&self, data_dir: &Path) -> AppResult<()> {
        let path = path(data_dir);
        let text =
            serde_json::to_string_pretty(self).map_err(|e| AppError::input(e.to_string()))?;
        crate::data_dir::write_private(&path, text.as_bytes()).map_err(|e| {
            AppError::input(format!(
                "le fichier d'inscription {} ne peut pas être écrit ({})",
                path.display(),
                crate::error::os_reason(&e)
            ))
        })
    }

    /// Forgets the enrolment (a restored copy is a new device and enrols again).
    pub fn forget(data_dir: &Path) -> AppResult<()> {
        match std::fs::remove_file(path(data_dir)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(AppError::input(format!(
                "le fichier d'inscription ne peut pas être supprimé ({})",
                crate::error::os_reason(&e)
            ))),
        }
    }
}
