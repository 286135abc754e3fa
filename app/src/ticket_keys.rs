//! The provider's ticket signing keys. They are secrets: kept in their own file
//! beside the database (`ticket-keys.json`, readable by its owner only), never in
//! the database, an export, a log or an error message.

use std::io::Write;
use std::path::{Path, PathBuf};

use guichet_core::ticket_code::TicketKey;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, AppResult};

/// The key file's name in the data dir.
pub const KEY_FILE: &str = "ticket-keys.json";

#[derive(Serialize, Deserialize)]
struct StoredKey {
    id: u8,
    secret: String,
}

/// The keys of a data dir, newest last.
#[derive(Debug, Clone)]
pub struct KeyRing {
    /// `None` for an in-memory application (tests): the keys live as long as it.
    path: Option<PathBuf>,
    keys: Vec<TicketKey>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    if text.len() != 64 {
        return None;
    }
    for (i, chunk) in text.as_bytes().chunks(2).enumerate() {
        out[i] = u8::from_str_radix(std::str::from_utf8(chunk).ok()?, 16).ok()?;
    }
    Some(out)
}

fn random_secret() -> AppResult<[u8; 32]> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| {
        AppError::rule(format!(
            "le système ne fournit pas d'aléa pour créer une clé ({e})"
        ))
    })?;
    Ok(secret)
}

fn unreadable(path: &Path) -> AppError {
    AppError::input(format!(
        "le fichier de clés {} est illisible : restaurez-le depuis une sauvegarde ou synchronisez ce poste",
        path.display()
    ))
}

impl KeyRing {
    /// Opens the data dir's keys, creating the first one when there is none.
    pub fn open(data_dir: &Path) -> AppResult<KeyRing> {
        let path = data_dir.join(KEY_FILE);
        let keys = match std::fs::read_to_string(&path) {
            Ok(text) => {
                let stored: Vec<StoredKey> =
                    serde_json::from_str(&text).map_err(|_| unreadable(&path))?;
                stored
                    .iter()
                    .map(|k| {
                        unhex(&k.secret)
                            .and_then(|s| TicketKey::new(k.id, s))
                            .ok_or_else(|| unreadable(&path))
                    })
                    .collect::<AppResult<Vec<_>>>()?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(_) => return Err(unreadable(&path)),
        };
        KeyRing {
            path: Some(path),
            keys,
        }
        .with_a_key()
    }

    /// Keys that live in memory only, for an in-memory application.
    pub fn in_memory() -> AppResult<KeyRing> {
        KeyRing {
            path: None,
            keys: Vec::new(),
        }
        .with_a_key()
    }

    fn with_a_key(mut self) -> AppResult<KeyRing> {
        if self.keys.is_empty() {
            self.rotate()?;
        }
        Ok(self)
    }

    /// Adds a new key, used for tickets issued from now on; older tickets still verify.
    pub fn rotate(&mut self) -> AppResult<u8> {
        let next = self.keys.last().map_or(0, |k| (k.id() + 1) % 32);
        let key = TicketKey::new(next, random_secret()?)
            .ok_or_else(|| AppError::rule("identifiant de clé invalide"))?;
        self.keys.retain(|k| k.id() != next);
        self.keys.push(key);
        self.save()?;
        Ok(next)
    }

    fn save(&self) -> AppResult<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let stored: Vec<StoredKey> = self
            .keys
            .iter()
            .map(|k| StoredKey {
                id: k.id(),
                secret: hex(k.secret()),
            })
            .collect();
        let text =
            serde_json::to_string_pretty(&stored).map_err(|e| AppError::input(e.to_string()))?;
        let temp = path.with_extension("tmp");
        let write = || -> std::io::Result<()> {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options.open(&temp)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            std::fs::rename(&temp, path)
        };
        write().map_err(|e| {
            AppError::input(format!(
                "le fichier de clés {} ne peut pas être écrit ({e})",
                path.display()
            ))
        })
    }

    /// Every key, to verify codes.
    pub fn keys(&self) -> &[TicketKey] {
        &self.keys
    }

    /// The newest key, to issue codes.
    pub fn current(&self) -> AppResult<&TicketKey> {
        self.keys
            .last()
            .ok_or_else(|| AppError::rule("aucune clé de billetterie : relancez Guichet"))
    }
}

/// Fresh random bytes for a ticket serial.
pub fn random_serial() -> AppResult<[u8; guichet_core::ticket_code::SERIAL_BYTES]> {
    let mut serial = [0u8; guichet_core::ticket_code::SERIAL_BYTES];
    getrandom::fill(&mut serial).map_err(|e| {
        AppError::rule(format!(
            "le système ne fournit pas d'aléa pour créer un billet ({e})"
        ))
    })?;
    Ok(serial)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t4_keys_persist_rotate_and_stay_out_of_sight() {
        let dir = tempfile::tempdir().unwrap();
        let first = KeyRing::open(dir.path()).unwrap();
        assert_eq!(first.keys().len(), 1);
        let mut again = KeyRing::open(dir.path()).unwrap();
        assert_eq!(again.keys(), first.keys());
        assert_eq!(again.rotate().unwrap(), 1);
        assert_eq!(KeyRing::open(dir.path()).unwrap().keys().len(), 2);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o077, 0, "the key file is readable by others");
        }
        assert!(!format!("{again:?}").contains(&hex(first.keys()[0].secret())));
        std::fs::write(dir.path().join(KEY_FILE), "{cassé").unwrap();
        assert_eq!(KeyRing::open(dir.path()).unwrap_err().exit_code(), 2);
    }
}
