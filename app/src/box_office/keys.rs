//! The provider's ticket signing keys. They are secrets: kept in their own file
//! beside the database (`ticket-keys.json`, readable by its owner only), never in
//! the database, an export, a log or an error message.
//!
//! The ring is never silently recreated: the first key is made only for a data dir
//! that has sold no ticket; a missing or unreadable file otherwise is a refusal that
//! says what to do. Writes are atomic (a uniquely named temporary file renamed over
//! the ring) and serialised across processes by a lock file; a process re-reads the
//! ring when the file changed, so a running gate admits tickets sold after a rotation.
//! Key ids are never reused: a new key takes the highest id + 1. Keys received from
//! the sync server may share an id with a local one; a code is checked against each.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use guichet_core::hex::encode as hex;
use guichet_core::ticket_code::{TicketKey, MAX_KEY_ID};
use serde::{Deserialize, Serialize};

use crate::entropy::Entropy;
use crate::error::{AppError, AppResult};

/// The key file's name in the data dir.
pub const KEY_FILE: &str = "ticket-keys.json";
/// The lock file that serialises writers of the key file.
pub const LOCK_FILE: &str = "ticket-keys.lock";

/// Where a key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum KeyOrigin {
    /// Made on this device.
    #[default]
    Local,
    /// Received from the sync server (another device's, or the provider's).
    Received,
}

#[derive(Serialize, Deserialize)]
struct StoredKey {
    id: u16,
    secret: String,
    #[serde(default)]
    origin: KeyOrigin,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    retired_at: Option<DateTime<Utc>>,
}

/// How long after its retirement (a device was revoked) a key still authenticates a
/// code not known here: a device that was offline may have sold it (architecture.md).
pub const RETIRED_KEY_GRACE: chrono::Duration = chrono::Duration::days(7);

/// A key of the ring.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RingKey {
    key: TicketKey,
    origin: KeyOrigin,
    retired_at: Option<DateTime<Utc>>,
}

/// The file: `{"version": 2, "keys": […]}`; the first releases wrote a bare array.
#[derive(Deserialize)]
#[serde(untagged)]
enum StoredRing {
    Versioned { keys: Vec<StoredKey> },
    First(Vec<StoredKey>),
}

/// What identifies one version of the file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> std::io::Result<Stamp> {
        let meta = std::fs::metadata(path)?;
        Ok(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            inode: std::os::unix::fs::MetadataExt::ino(&meta),
        })
    }
}

/// The keys of a data dir, oldest first.
#[derive(Debug)]
pub struct KeyRing {
    /// `None` for an in-memory application (tests): the keys live as long as it.
    path: Option<PathBuf>,
    keys: Keys,
    stamp: Option<Stamp>,
    /// The file went missing or unreadable after it was read: the keys in memory
    /// still verify, but nothing new is signed until it is restored.
    damaged: Option<AppError>,
}

/// A key's secret from its hex form (32 bytes).
pub(crate) fn unhex(text: &str) -> Option<[u8; 32]> {
    guichet_core::hex::decode(text)?.try_into().ok()
}

fn unreadable(path: &Path) -> AppError {
    AppError::input(format!(
        "le fichier de clés de billetterie {} est illisible : aucun billet ne peut être vendu ni \
         authentifié ici. Restaurez-le depuis une sauvegarde (« guichet restore FICHIER »), ou \
         réinscrivez ce poste auprès du serveur de synchronisation",
        path.display()
    ))
}

/// The refusal when the key file is missing from a data dir that sold tickets.
fn missing(path: &Path) -> AppError {
    AppError::input(format!(
        "le fichier de clés de billetterie {} a disparu alors que des billets ont été vendus ici : \
         les billets connus restent contrôlés, mais rien ne peut être vendu ni authentifié. \
         Restaurez-le depuis une sauvegarde (« guichet restore FICHIER »), ou réinscrivez ce \
         poste auprès du serveur de synchronisation ; ne recréez pas de clé",
        path.display()
    ))
}

fn write_error(path: &Path, error: &std::io::Error) -> AppError {
    AppError::input(format!(
        "le fichier de clés {} ne peut pas être écrit ({}) : vérifiez les droits et \
         l'espace disque du dossier de données",
        path.display(),
        crate::error::os_reason(error)
    ))
}

/// The keys of a ring with where each came from.
type Keys = Vec<RingKey>;

/// Reads the file: `Ok(None)` when it does not exist.
fn read(path: &Path) -> AppResult<Option<(Keys, Stamp)>> {
    let stamp = match Stamp::of(path) {
        Ok(stamp) => stamp,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(_) => return Err(unreadable(path)),
    };
    let text = std::fs::read_to_string(path).map_err(|_| unreadable(path))?;
    let stored = match serde_json::from_str(&text).map_err(|_| unreadable(path))? {
        StoredRing::Versioned { keys } | StoredRing::First(keys) => keys,
    };
    let keys = stored
        .iter()
        .map(|k| {
            unhex(&k.secret)
                .and_then(|s| TicketKey::new(k.id, s))
                .map(|key| RingKey {
                    key,
                    origin: k.origin,
                    retired_at: k.retired_at,
                })
                .ok_or_else(|| unreadable(path))
        })
        .collect::<AppResult<Vec<_>>>()?;
    if keys.is_empty() {
        return Err(unreadable(path));
    }
    Ok(Some((keys, stamp)))
}

impl RingKey {
    fn local(key: TicketKey) -> RingKey {
        RingKey {
            key,
            origin: KeyOrigin::Local,
            retired_at: None,
        }
    }
}

/// Holds the data dir's key lock while it lives (released on drop).
struct Lock(File);

impl Lock {
    fn take(data_dir: &Path) -> AppResult<Lock> {
        let path = data_dir.join(LOCK_FILE);
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path).map_err(|e| write_error(&path, &e))?;
        file.lock().map_err(|e| write_error(&path, &e))?;
        Ok(Lock(file))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

fn new_key(id: u16, entropy: &dyn Entropy) -> AppResult<TicketKey> {
    let mut secret = [0u8; 32];
    entropy.fill(&mut secret)?;
    TicketKey::new(id, secret).ok_or_else(|| {
        AppError::rule(format!(
            "les {} identifiants de clé sont épuisés : contactez l'assistance",
            u32::from(MAX_KEY_ID) + 1
        ))
    })
}

impl KeyRing {
    /// Opens the data dir's keys. The first key is created only when the file does not
    /// exist and `sold_tickets` is false; a missing file when tickets were sold, or an
    /// unreadable one, is refused with what to do.
    pub fn open(data_dir: &Path, sold_tickets: bool, entropy: &dyn Entropy) -> AppResult<KeyRing> {
        let path = data_dir.join(KEY_FILE);
        if let Some((keys, stamp)) = read(&path)? {
            return Ok(KeyRing::loaded(path, keys, stamp));
        }
        if sold_tickets {
            return Err(missing(&path));
        }
        let _lock = Lock::take(data_dir)?;
        // Another process may have created it while we waited for the lock.
        if let Some((keys, stamp)) = read(&path)? {
            return Ok(KeyRing::loaded(path, keys, stamp));
        }
        let mut ring = KeyRing::loaded(path, Vec::new(), None);
        ring.keys.push(RingKey::local(new_key(0, entropy)?));
        ring.save()?;
        Ok(ring)
    }

    fn loaded(path: PathBuf, keys: Keys, stamp: impl Into<Option<Stamp>>) -> KeyRing {
        KeyRing {
            path: Some(path),
            keys,
            stamp: stamp.into(),
            damaged: None,
        }
    }

    /// Keys that live in memory only, for an in-memory application.
    pub fn in_memory(entropy: &dyn Entropy) -> AppResult<KeyRing> {
        Ok(KeyRing {
            path: None,
            keys: vec![RingKey::local(new_key(0, entropy)?)],
            stamp: None,
            damaged: None,
        })
    }

    /// Re-reads the file when another process changed it (a rotation, keys received);
    /// returns whether it read new keys. When it went missing or unreadable, the keys
    /// already read still verify, but [`KeyRing::current`] refuses until it is restored.
    pub fn refresh(&mut self) -> bool {
        let Some(path) = &self.path else { return false };
        if Stamp::of(path).ok() == self.stamp && self.damaged.is_none() {
            return false;
        }
        match read(path) {
            Ok(Some((keys, stamp))) => {
                self.keys = keys;
                self.stamp = Some(stamp);
                self.damaged = None;
                return true;
            }
            Ok(None) => self.damaged = Some(missing(path)),
            Err(error) => self.damaged = Some(error),
        }
        false
    }

    /// Checks that the ring signed the tickets this device holds (`codes`: a sample):
    /// a key file copied from another provider or another device would sign with the
    /// wrong key and take strangers' codes for genuine.
    pub fn check_matches(&self, codes: &[String]) -> AppResult<()> {
        let keys = self.keys();
        let strangers = codes
            .iter()
            .filter(|code| {
                guichet_core::ticket_code::TicketCode::parse(code)
                    .and_then(|c| c.authenticate(&keys))
                    .is_err()
            })
            .count();
        if strangers == 0 {
            return Ok(());
        }
        let file = self
            .path
            .as_deref()
            .map_or_else(String::new, |p| p.display().to_string());
        Err(AppError::input(format!(
            "le fichier de clés de billetterie {file} ne correspond pas aux billets vendus sur ce \
             poste ({strangers} sur {} non reconnus) : il vient d'un autre poste ou d'un autre \
             prestataire. Aucun billet ne peut être vendu ni authentifié ici ; remettez le bon \
             fichier ou restaurez une sauvegarde (« guichet restore FICHIER »)",
            codes.len()
        )))
    }

    /// Adds a new key under the lock, with an id never used before; tickets issued
    /// from now on use it, older ones still verify. Returns its id.
    pub fn rotate(&mut self, entropy: &dyn Entropy) -> AppResult<u16> {
        self.update(|keys| {
            let next = keys.iter().map(|k| k.key.id() + 1).max().unwrap_or(0);
            keys.push(RingKey::local(new_key(next, entropy)?));
            Ok(next)
        })
    }

    /// Adds keys received from the sync server (they may share ids with local ones)
    /// and takes its retirements; a key already in the ring is not added twice.
    /// Returns how many keys changed. Writes nothing when none did.
    pub fn add_received(
        &mut self,
        received: &[(TicketKey, Option<DateTime<Utc>>)],
    ) -> AppResult<usize> {
        let news = |keys: &Keys| {
            received
                .iter()
                .filter(|(key, retired)| {
                    !keys
                        .iter()
                        .any(|k| k.key == *key && (k.retired_at.is_some() || retired.is_none()))
                })
                .count()
        };
        if news(&self.keys) == 0 {
            return Ok(0);
        }
        self.update(|keys| {
            let mut changed = 0;
            for (key, retired) in received {
                match keys.iter_mut().find(|k| k.key == *key) {
                    Some(known) => {
                        if known.retired_at.is_none() && retired.is_some() {
                            known.retired_at = *retired;
                            changed += 1;
                        }
                    }
                    None => {
                        keys.push(RingKey {
                            key: key.clone(),
                            origin: KeyOrigin::Received,
                            retired_at: *retired,
                        });
                        changed += 1;
                    }
                }
            }
            Ok(changed)
        })
    }

    /// Re-reads the ring under the lock, changes it and writes it back atomically.
    fn update<T>(&mut self, change: impl FnOnce(&mut Keys) -> AppResult<T>) -> AppResult<T> {
        let Some(path) = self.path.clone() else {
            return change(&mut self.keys);
        };
        let dir = path.parent().unwrap_or(Path::new("."));
        let _lock = Lock::take(dir)?;
        match read(&path)? {
            Some((keys, _)) => self.keys = keys,
            None => return Err(missing(&path)),
        }
        let value = change(&mut self.keys)?;
        self.save()?;
        self.damaged = None;
        Ok(value)
    }

    /// Writes the ring to a uniquely named temporary file, syncs it, renames it over
    /// the ring and syncs the folder. Callers hold the lock.
    fn save(&mut self) -> AppResult<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let stored: Vec<StoredKey> = self
            .keys
            .iter()
            .map(|k| StoredKey {
                id: k.key.id(),
                secret: hex(k.key.secret()),
                origin: k.origin,
                retired_at: k.retired_at,
            })
            .collect();
        let text =
            serde_json::to_string_pretty(&serde_json::json!({ "version": 2, "keys": stored }))
                .map_err(|e| AppError::input(e.to_string()))?;
        crate::data_dir::write_private(path, text.as_bytes()).map_err(|e| write_error(path, &e))?;
        self.stamp = Stamp::of(path).ok();
        Ok(())
    }

    /// Every key, retired ones included (they signed the tickets sold here).
    pub fn keys(&self) -> Vec<TicketKey> {
        self.keys.iter().map(|k| k.key.clone()).collect()
    }

    /// The keys that authenticate a code not known here at `now`: every key but those
    /// retired more than [`RETIRED_KEY_GRACE`] ago.
    pub fn keys_at(&self, now: DateTime<Utc>) -> Vec<TicketKey> {
        self.keys
            .iter()
            .filter(|k| k.retired_at.is_none_or(|at| now < at + RETIRED_KEY_GRACE))
            .map(|k| k.key.clone())
            .collect()
    }

    /// The keys as the sync server takes them (over TLS only).
    pub fn to_wire(&self) -> Vec<guichet_core::sync::protocol::KeyWire> {
        self.keys
            .iter()
            .map(|k| guichet_core::sync::protocol::KeyWire {
                id: k.key.id(),
                secret: hex(k.key.secret()),
                retired_at: k.retired_at,
            })
            .collect()
    }

    /// The key that issues codes: the newest local key still in service, else the
    /// newest received one (after a revocation, the provider's new key); refused while
    /// the file is missing or unreadable.
    pub fn current(&self) -> AppResult<&TicketKey> {
        if let Some(error) = &self.damaged {
            return Err(error.clone());
        }
        let live = || self.keys.iter().filter(|k| k.retired_at.is_none());
        live()
            .filter(|k| k.origin == KeyOrigin::Local)
            .max_by_key(|k| k.key.id())
            .or_else(|| live().next_back())
            .or_else(|| self.keys.last())
            .map(|k| &k.key)
            .ok_or_else(|| AppError::rule("aucune clé de billetterie : relancez Guichet"))
    }
}

/// The key file a restore puts in place: the backup's keys and every key of the file
/// it replaces (`current`, when readable), each once. Keys are never dropped: a ticket
/// sold after the backup was made stays genuine, and no id is used twice.
pub fn merge_for_restore(restored: &[u8], current: Option<&[u8]>) -> AppResult<Vec<u8>> {
    let parse = |bytes: &[u8]| -> Option<Vec<StoredKey>> {
        match serde_json::from_slice(bytes).ok()? {
            StoredRing::Versioned { keys } | StoredRing::First(keys) => Some(keys),
        }
    };
    let mut keys = parse(restored).ok_or_else(|| {
        AppError::input(
            "le fichier de clés de la sauvegarde est illisible : prenez une autre sauvegarde",
        )
    })?;
    for key in current.and_then(parse).unwrap_or_default() {
        if !keys
            .iter()
            .any(|k| k.id == key.id && k.secret == key.secret)
        {
            keys.push(key);
        }
    }
    serde_json::to_vec_pretty(&serde_json::json!({ "version": 2, "keys": keys }))
        .map_err(|e| AppError::input(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entropy::SeededEntropy;

    fn entropy() -> SeededEntropy {
        SeededEntropy::new(1)
    }

    #[test]
    fn t4_keys_persist_rotate_and_stay_out_of_sight() {
        let dir = tempfile::tempdir().unwrap();
        let first = KeyRing::open(dir.path(), false, &entropy()).unwrap();
        assert_eq!(first.keys().len(), 1);
        let mut again = KeyRing::open(dir.path(), true, &entropy()).unwrap();
        assert_eq!(again.keys(), first.keys());
        assert_eq!(again.rotate(&SeededEntropy::new(2)).unwrap(), 1);
        assert_eq!(
            KeyRing::open(dir.path(), true, &entropy())
                .unwrap()
                .keys()
                .len(),
            2
        );
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
    }

    #[test]
    fn t5_a_missing_key_file_is_never_recreated_once_tickets_were_sold() {
        let dir = tempfile::tempdir().unwrap();
        KeyRing::open(dir.path(), false, &entropy()).unwrap();
        std::fs::remove_file(dir.path().join(KEY_FILE)).unwrap();
        let error = KeyRing::open(dir.path(), true, &entropy()).unwrap_err();
        assert_eq!(error.exit_code(), 2);
        assert!(
            error.message.contains("guichet restore"),
            "{}",
            error.message
        );
        assert!(!dir.path().join(KEY_FILE).exists(), "a key was recreated");
        for damage in ["", "{cassé", "[]", "{\"version\":2,\"keys\":[]}"] {
            std::fs::write(dir.path().join(KEY_FILE), damage).unwrap();
            for sold in [false, true] {
                let error = KeyRing::open(dir.path(), sold, &entropy()).unwrap_err();
                assert_eq!(error.exit_code(), 2, "{damage:?}");
            }
            assert_eq!(
                std::fs::read_to_string(dir.path().join(KEY_FILE)).unwrap(),
                damage
            );
        }
    }

    #[test]
    fn t5_rotations_never_reuse_an_id() {
        let dir = tempfile::tempdir().unwrap();
        let mut ring = KeyRing::open(dir.path(), false, &entropy()).unwrap();
        let first = ring.keys()[0].clone();
        for expected in 1..=40 {
            assert_eq!(
                ring.rotate(&SeededEntropy::new(expected.into())).unwrap(),
                expected
            );
        }
        let keys = KeyRing::open(dir.path(), true, &entropy()).unwrap().keys();
        assert_eq!(keys.len(), 41);
        assert_eq!(keys[0], first, "the first key was overwritten");
    }

    #[test]
    fn t5_a_ring_rereads_the_file_another_process_rotated() {
        let dir = tempfile::tempdir().unwrap();
        let mut gate = KeyRing::open(dir.path(), false, &entropy()).unwrap();
        let mut till = KeyRing::open(dir.path(), true, &entropy()).unwrap();
        till.rotate(&SeededEntropy::new(3)).unwrap();
        assert_eq!(gate.keys().len(), 1);
        gate.refresh();
        assert_eq!(gate.keys().len(), 2);
        // A rotation by the stale ring keeps the other's key.
        let mut stale = KeyRing::open(dir.path(), true, &entropy()).unwrap();
        till.rotate(&SeededEntropy::new(4)).unwrap();
        assert_eq!(stale.rotate(&SeededEntropy::new(5)).unwrap(), 3);
        assert_eq!(
            KeyRing::open(dir.path(), true, &entropy())
                .unwrap()
                .keys()
                .len(),
            4
        );
    }

    #[test]
    fn t5_a_deleted_file_keeps_verifying_in_memory_but_refuses_to_sign() {
        let dir = tempfile::tempdir().unwrap();
        let mut ring = KeyRing::open(dir.path(), false, &entropy()).unwrap();
        std::fs::remove_file(dir.path().join(KEY_FILE)).unwrap();
        ring.refresh();
        assert_eq!(ring.keys().len(), 1);
        assert_eq!(ring.current().unwrap_err().exit_code(), 2);
        assert!(ring.rotate(&entropy()).is_err());
        assert!(!dir.path().join(KEY_FILE).exists());
    }

    #[test]
    fn t5_received_keys_may_share_an_id_and_are_kept_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut ring = KeyRing::open(dir.path(), false, &entropy()).unwrap();
        let theirs = TicketKey::new(0, [9; 32]).unwrap();
        assert_eq!(
            ring.add_received(&[(theirs.clone(), None), (theirs.clone(), None)])
                .unwrap(),
            1
        );
        assert_eq!(ring.add_received(&[(theirs.clone(), None)]).unwrap(), 0);
        let reread = KeyRing::open(dir.path(), true, &entropy()).unwrap();
        assert_eq!(reread.keys().len(), 2);
        assert!(reread.keys().contains(&theirs));
        // New tickets are still signed with a local key.
        assert_ne!(reread.current().unwrap(), &theirs);
    }

    #[test]
    fn t5_a_retired_key_signs_nothing_and_authenticates_for_seven_days() {
        let dir = tempfile::tempdir().unwrap();
        let mut ring = KeyRing::open(dir.path(), false, &entropy()).unwrap();
        let mine = ring.current().unwrap().clone();
        let provider_new = TicketKey::new(1, [7; 32]).unwrap();
        let retired: DateTime<Utc> = "2026-11-01T10:00:00Z".parse().unwrap();
        let changed = ring
            .add_received(&[(mine.clone(), Some(retired)), (provider_new.clone(), None)])
            .unwrap();
        assert_eq!(changed, 2);
        let reread = KeyRing::open(dir.path(), true, &entropy()).unwrap();
        // New codes are signed with the provider's new key, never the retired one.
        assert_eq!(reread.current().unwrap(), &provider_new);
        let within = retired + chrono::Duration::days(6);
        let after = retired + chrono::Duration::days(7);
        assert!(reread.keys_at(within).contains(&mine));
        assert!(!reread.keys_at(after).contains(&mine));
        assert!(reread.keys_at(after).contains(&provider_new));
        // Tickets sold here under the retired key still belong to this ring.
        assert!(reread.keys().contains(&mine));
    }

    #[test]
    fn t4_a_key_file_of_the_first_release_still_reads() {
        let dir = tempfile::tempdir().unwrap();
        let secret = "2a".repeat(32);
        std::fs::write(
            dir.path().join(KEY_FILE),
            format!("[{{\"id\": 0, \"secret\": \"{secret}\"}}, {{\"id\": 1, \"secret\": \"{secret}\"}}]"),
        )
        .unwrap();
        let mut ring = KeyRing::open(dir.path(), true, &entropy()).unwrap();
        assert_eq!(ring.keys()[0], TicketKey::new(0, [0x2a; 32]).unwrap());
        assert_eq!(ring.rotate(&entropy()).unwrap(), 2);
    }
}
