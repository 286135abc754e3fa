//! `guichet backup FILE` and `guichet restore FILE` (cli.md): a consistent copy of
//! the database (SQLite's online backup API) and of the ticket key file, encrypted
//! with a passphrase.
//!
//! The file: a header — magic `GUICHET-SAUVEGARDE\0`, format version, the Argon2id
//! parameters and salt, a passphrase check value and the XChaCha20-Poly1305 nonce —
//! then the ciphertext of: manifest length (u32, big-endian), the manifest (JSON:
//! what is inside, the device, the time), the database, the key file. The header is
//! the AEAD's associated data, so every byte of the file is authenticated.
//!
//! A restored copy is a new device: [`crate::store::Store::renew_device_identity`]
//! gives it a new id before it is put in place.

use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::Aead;
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::box_office::keys::{merge_for_restore, KEY_FILE};
use crate::clock::{Clock, IdGen};
use crate::data_dir::{self, storage_error, FileState, SET_ASIDE_MARK};
use crate::error::{AppError, AppResult};
use crate::store::{Check, Store};
use crate::{database_path, App, DATABASE_FILE};

/// The first bytes of every backup file.
pub const MAGIC: &[u8; 19] = b"GUICHET-SAUVEGARDE\0";

/// The format version this build writes and reads.
pub const FORMAT_VERSION: u8 = 1;

/// The largest backup file restore reads (and backup writes): 2 GiB.
pub const MAX_BACKUP_BYTES: u64 = 2 << 30;

const SALT_LEN: usize = 16;
const CHECK_LEN: usize = 16;
const NONCE_LEN: usize = 24;
/// magic, version, m_cost, t_cost, p_cost, salt, check value, nonce.
const HEADER_LEN: usize = MAGIC.len() + 1 + 4 * 3 + SALT_LEN + CHECK_LEN + NONCE_LEN;

/// Argon2id costs written in new backups: 64 MiB, 3 passes.
const M_COST_KIB: u32 = 64 * 1024;
const T_COST: u32 = 3;
const P_COST: u32 = 1;
/// Costs a backup may ask for (beyond them it is not one of ours: no 4 GiB allocation).
const MAX_M_COST_KIB: u32 = 1024 * 1024;
const MAX_T_COST: u32 = 16;

/// What a backup holds, authenticated with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Manifest {
    /// Always `guichet-backup`.
    pub kind: String,
    /// Version of Guichet that wrote it.
    pub app_version: String,
    /// When it was made (RFC 3339, UTC).
    pub created_at: String,
    /// The device the database belonged to.
    pub device: Uuid,
    /// That device's name.
    pub device_name: String,
    /// Size of the database copy, in bytes.
    #[ts(type = "number")]
    pub database_bytes: u64,
    /// Size of the key file, in bytes; `None` when the data dir had none yet.
    #[ts(type = "number | null")]
    pub key_file_bytes: Option<u64>,
}

/// What `guichet backup` did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupSummary {
    /// The file written.
    pub file: String,
    /// Its size in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// What it holds.
    pub manifest: Manifest,
}

/// What `guichet restore` did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RestoreSummary {
    /// What the backup held.
    pub manifest: Manifest,
    /// The restored database's new device id (a restored copy is a new device).
    pub device: Uuid,
    /// Where the database that was replaced was kept, if there was one.
    pub previous_database: Option<String>,
    /// Where the key file that was replaced was kept, if there was one.
    pub previous_key_file: Option<String>,
}

fn input(message: impl std::fmt::Display) -> AppError {
    AppError::input(message)
}

/// Salts, nonces and file suffixes: always the system's randomness (a backup's
/// secrets must never come from a replayable stream).
fn random<const N: usize>() -> AppResult<[u8; N]> {
    use crate::entropy::Entropy;
    let mut bytes = [0u8; N];
    crate::entropy::SystemEntropy.fill(&mut bytes)?;
    Ok(bytes)
}

/// A random suffix for temporary files.
fn tag() -> AppResult<String> {
    crate::entropy::file_tag(6)
}

/// Argon2id: 32 bytes of key and a check value that tells a wrong passphrase from a
/// changed file.
fn derive(
    passphrase: &str,
    salt: &[u8],
    costs: (u32, u32, u32),
) -> AppResult<([u8; 32], [u8; CHECK_LEN])> {
    let params = Params::new(costs.0, costs.1, costs.2, Some(32 + CHECK_LEN))
        .map_err(|e| input(format!("paramètres de chiffrement refusés ({e})")))?;
    let mut out = [0u8; 32 + CHECK_LEN];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, &mut out)
        .map_err(|e| input(format!("le mot de passe ne peut pas être dérivé ({e})")))?;
    let (key, check) = out.split_at(32);
    let key = <[u8; 32]>::try_from(key).map_err(|_| input("clé de chiffrement invalide"))?;
    let check =
        <[u8; CHECK_LEN]>::try_from(check).map_err(|_| input("clé de chiffrement invalide"))?;
    Ok((key, check))
}

fn cipher(key: &[u8; 32]) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(&(*key).into())
}

/// Removes a temporary database and its journal files when dropped.
struct TempDatabase(PathBuf);

impl Drop for TempDatabase {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = self.0.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
    }
}

/// Encrypts `manifest`, `database` and `key_file` into a backup file's bytes.
pub fn seal(
    passphrase: &str,
    manifest: &Manifest,
    database: &[u8],
    key_file: Option<&[u8]>,
) -> AppResult<Vec<u8>> {
    let manifest_json =
        serde_json::to_vec(manifest).map_err(|e| input(format!("manifeste impossible ({e})")))?;
    let manifest_len = u32::try_from(manifest_json.len())
        .map_err(|_| input("manifeste de sauvegarde trop grand"))?;
    let mut plain = Vec::with_capacity(
        4 + manifest_json.len() + database.len() + key_file.map_or(0, <[u8]>::len),
    );
    plain.extend_from_slice(&manifest_len.to_be_bytes());
    plain.extend_from_slice(&manifest_json);
    plain.extend_from_slice(database);
    plain.extend_from_slice(key_file.unwrap_or_default());

    let salt = random::<SALT_LEN>()?;
    let nonce = random::<NONCE_LEN>()?;
    let (key, check) = derive(passphrase, &salt, (M_COST_KIB, T_COST, P_COST))?;
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(MAGIC);
    header.push(FORMAT_VERSION);
    for cost in [M_COST_KIB, T_COST, P_COST] {
        header.extend_from_slice(&cost.to_be_bytes());
    }
    header.extend_from_slice(&salt);
    header.extend_from_slice(&check);
    header.extend_from_slice(&nonce);
    let sealed = cipher(&key)
        .encrypt(
            &XNonce::from(nonce),
            chacha20poly1305::aead::Payload {
                msg: &plain,
                aad: &header,
            },
        )
        .map_err(|_| input("la sauvegarde ne peut pas être chiffrée"))?;
    header.extend_from_slice(&sealed);
    Ok(header)
}

/// What a backup file holds, decrypted and authenticated.
#[derive(Debug)]
pub struct Opened {
    /// The manifest.
    pub manifest: Manifest,
    /// The database copy.
    pub database: Vec<u8>,
    /// The key file, when there was one.
    pub key_file: Option<Vec<u8>>,
}

/// Reads a backup file's bytes: checks its header, the passphrase, and that no byte
/// was changed.
pub fn open_sealed(passphrase: &str, bytes: &[u8], name: &str) -> AppResult<Opened> {
    let not_ours = || {
        input(format!(
            "{name} n'est pas une sauvegarde Guichet : choisissez un fichier écrit par « guichet backup »"
        ))
    };
    if !bytes.starts_with(MAGIC) {
        return Err(not_ours());
    }
    let header = bytes.get(..HEADER_LEN).ok_or_else(not_ours)?;
    let mut at = MAGIC.len();
    let version = header.get(at).copied().ok_or_else(not_ours)?;
    if version != FORMAT_VERSION {
        return Err(input(format!(
            "{name} est une sauvegarde au format {version}, que cette version de Guichet ne sait pas lire \
             (format {FORMAT_VERSION}) : restaurez-la avec une version de Guichet à jour"
        )));
    }
    at += 1;
    let mut take = |len: usize| {
        let part = header.get(at..at + len).ok_or_else(not_ours);
        at += len;
        part
    };
    let mut cost = || -> AppResult<u32> {
        let b = take(4)?;
        Ok(u32::from_be_bytes(
            <[u8; 4]>::try_from(b).map_err(|_| not_ours())?,
        ))
    };
    let costs = (cost()?, cost()?, cost()?);
    if costs.0 > MAX_M_COST_KIB || costs.1 > MAX_T_COST || costs.2 > 16 {
        return Err(input(format!(
            "{name} demande des paramètres de chiffrement hors limites : ce n'est pas une sauvegarde \
             Guichet intacte ; choisissez un autre fichier"
        )));
    }
    let salt = take(SALT_LEN)?.to_vec();
    let check = take(CHECK_LEN)?.to_vec();
    let nonce = <[u8; NONCE_LEN]>::try_from(take(NONCE_LEN)?).map_err(|_| not_ours())?;
    let (key, expected) = derive(passphrase, &salt, costs)?;
    if expected.as_slice() != check.as_slice() {
        return Err(input(format!(
            "mot de passe incorrect pour {name} : donnez celui utilisé pour « guichet backup » \
             (GUICHET_BACKUP_PASSPHRASE ou --passphrase-file)"
        )));
    }
    let body = bytes.get(HEADER_LEN..).ok_or_else(not_ours)?;
    let plain = cipher(&key)
        .decrypt(
            &XNonce::from(nonce),
            chacha20poly1305::aead::Payload {
                msg: body,
                aad: header,
            },
        )
        .map_err(|_| {
            input(format!(
                "{name} a été modifié ou abîmé depuis sa création (le mot de passe est le bon) : \
                 rien n'a été restauré ; prenez une autre copie de la sauvegarde"
            ))
        })?;
    let damaged = || {
        input(format!(
            "{name} est authentique mais son contenu est incohérent : prenez une autre sauvegarde"
        ))
    };
    let len_bytes = plain.get(..4).ok_or_else(damaged)?;
    let manifest_len = usize::try_from(u32::from_be_bytes(
        <[u8; 4]>::try_from(len_bytes).map_err(|_| damaged())?,
    ))
    .map_err(|_| damaged())?;
    let manifest: Manifest = plain
        .get(4..4 + manifest_len)
        .and_then(|m| serde_json::from_slice(m).ok())
        .ok_or_else(damaged)?;
    if manifest.kind != "guichet-backup" {
        return Err(damaged());
    }
    let rest = plain.get(4 + manifest_len..).ok_or_else(damaged)?;
    let db_len = usize::try_from(manifest.database_bytes).map_err(|_| damaged())?;
    let key_len = usize::try_from(manifest.key_file_bytes.unwrap_or(0)).map_err(|_| damaged())?;
    if rest.len() != db_len + key_len {
        return Err(damaged());
    }
    let (database, key_file) = rest.split_at(db_len);
    Ok(Opened {
        database: database.to_vec(),
        key_file: manifest.key_file_bytes.map(|_| key_file.to_vec()),
        manifest,
    })
}

/// Copies the database through SQLite's online backup API: a consistent snapshot even
/// while another process writes. Gives up after about 10 s of a busy database instead
/// of waiting for ever.
fn copy_database(source: &rusqlite::Connection, to: &Path) -> AppResult<()> {
    use rusqlite::backup::{Backup, StepResult};
    let failed = |e: &str| {
        storage_error(format!(
            "la base n'a pas pu être copiée ({e}) : rien n'a été écrit ; réessayez, ou fermez \
             les autres fenêtres de Guichet"
        ))
    };
    let mut target = rusqlite::Connection::open(to).map_err(|e| failed(crate::error::cause(&e)))?;
    let backup = Backup::new(source, &mut target).map_err(|e| failed(crate::error::cause(&e)))?;
    let mut waits = 0;
    loop {
        match backup
            .step(256)
            .map_err(|e| failed(crate::error::cause(&e)))?
        {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            StepResult::Busy | StepResult::Locked => {
                waits += 1;
                if waits > 200 {
                    return Err(failed("base occupée pendant plus de 10 s"));
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            _ => return Err(failed("étape de copie inconnue")),
        }
    }
}

/// Takes out of the copy what never leaves this device in a backup (drafts).
fn strip_copy(copy: &Path) -> AppResult<()> {
    let conn = rusqlite::Connection::open(copy)?;
    conn.pragma_update(None, "secure_delete", true)?;
    crate::drafts::strip_from_copy(&conn)?;
    drop(conn);
    Ok(())
}

fn too_big(name: &str, bytes: u64) -> AppError {
    input(format!(
        "{name} fait {bytes} octets, au-delà de la limite de {MAX_BACKUP_BYTES} octets (2 Gio) \
         des sauvegardes Guichet : archivez les anciennes données ou contactez le support"
    ))
}

impl App {
    /// `guichet backup FILE`: a consistent copy of the database (online backup API,
    /// taken while the application may be writing) and of the key file, encrypted with
    /// `passphrase`, written to `out` readable by its owner only. Only reads the data
    /// dir. Carries no device token (none exists yet: it will be left out here, since a
    /// restored copy is a new device and enrols on its own).
    pub fn backup(&self, out: &Path, passphrase: &str) -> AppResult<BackupSummary> {
        self.require(crate::operators::Permission::Backup)?;
        if passphrase.is_empty() {
            return Err(input(
                "le mot de passe de sauvegarde est vide : donnez-en un dans GUICHET_BACKUP_PASSPHRASE \
                 ou --passphrase-file",
            ));
        }
        let name = out.display().to_string();
        let cannot_write = |e: &str| {
            input(format!(
                "la sauvegarde {name} ne peut pas être écrite ({e}) : choisissez un dossier où vous pouvez écrire"
            ))
        };
        let dir = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        };
        let mut temp_name = std::ffi::OsString::from(".guichet-sauvegarde-");
        temp_name.push(tag()?);
        let temp = TempDatabase(dir.join(temp_name));
        data_dir::create_private_file(&temp.0)
            .map_err(|e| cannot_write(crate::error::cause(&e)))?;
        copy_database(self.store.conn(), &temp.0)?;
        strip_copy(&temp.0)?;
        let database = std::fs::read(&temp.0).map_err(|e| cannot_write(crate::error::cause(&e)))?;
        drop(temp);

        let key_file = match &self.data_dir {
            Some(dir) => match std::fs::read(dir.join(KEY_FILE)) {
                Ok(bytes) => Some(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => {
                    return Err(storage_error(format!(
                        "le fichier de clés {} ne peut pas être lu ({}) : vérifiez ses droits",
                        dir.join(KEY_FILE).display(),
                        crate::error::os_reason(&e)
                    )))
                }
            },
            None => None,
        };
        let (device, device_name) = crate::store::device::device(self.store.conn())?;
        let manifest = Manifest {
            kind: "guichet-backup".to_owned(),
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            created_at: self.clock.now().to_rfc3339(),
            device,
            device_name,
            database_bytes: database.len() as u64,
            key_file_bytes: key_file.as_ref().map(|k| k.len() as u64),
        };
        let sealed = seal(passphrase, &manifest, &database, key_file.as_deref())?;
        let bytes = sealed.len() as u64;
        if bytes > MAX_BACKUP_BYTES {
            return Err(too_big(&name, bytes));
        }
        crate::data_dir::write_private(out, &sealed)
            .map_err(|e| cannot_write(crate::error::cause(&e)))?;
        Ok(BackupSummary {
            file: name,
            bytes,
            manifest,
        })
    }
}

/// `guichet restore FILE`: decrypts and checks the backup (authentic, `integrity_check`
/// clean, key file valid JSON) before anything in `data_dir` is touched; refuses a dir
/// that holds a database unless `replace`, and then keeps the previous database (and
/// key file) aside as `….avant-restauration-<instant>`. The restored copy gets a new
/// device id before it is put in place.
pub fn restore(
    data_dir: &Path,
    file: &Path,
    passphrase: &str,
    replace: bool,
    clock: &dyn Clock,
    ids: &dyn IdGen,
) -> AppResult<RestoreSummary> {
    let name = file.display().to_string();
    let meta = std::fs::metadata(file).map_err(|e| {
        input(format!(
            "la sauvegarde {name} ne peut pas être lue ({}) : vérifiez le chemin",
            crate::error::os_reason(&e)
        ))
    })?;
    if !meta.is_file() {
        return Err(input(format!(
            "{name} n'est pas un fichier de sauvegarde (c'est un dossier, un périphérique ou un tube) : \
             donnez le fichier écrit par « guichet backup »"
        )));
    }
    if meta.len() > MAX_BACKUP_BYTES {
        return Err(too_big(&name, meta.len()));
    }
    let bytes = std::fs::read(file).map_err(|e| {
        input(format!(
            "la sauvegarde {name} ne peut pas être lue ({}) : vérifiez ses droits",
            crate::error::os_reason(&e)
        ))
    })?;
    let opened = open_sealed(passphrase, &bytes, &name)?;
    drop(bytes);
    if let Some(keys) = &opened.key_file {
        serde_json::from_slice::<serde_json::Value>(keys).map_err(|_| {
            input(format!(
                "le fichier de clés contenu dans {name} est illisible : prenez une autre sauvegarde"
            ))
        })?;
    }

    // The destination: never over a database unless asked, never while in use.
    std::fs::create_dir_all(data_dir).map_err(|e| {
        input(format!(
            "le dossier de données {} ne peut pas être créé ({}) : choisissez-en un autre avec --data-dir",
            data_dir.display(),
            crate::error::os_reason(&e)
        ))
    })?;
    let db_path = database_path(data_dir);
    // An empty (0-byte) file holds no database: it is kept aside all the same.
    let existing = data_dir::inspect_file(&db_path);
    let holds_database = matches!(existing, Ok(FileState::Sound { .. }) | Err(_));
    if holds_database && !replace {
        return Err(input(format!(
            "le dossier {} contient déjà une base : rien n'a été remplacé ; pour la remplacer par la \
             sauvegarde (l'actuelle sera gardée à côté), relancez avec « guichet restore --replace {name} »",
            data_dir.display()
        )));
    }
    let live = data_dir::live_marks(data_dir);
    if live > 0 {
        return Err(input(format!(
            "Guichet est ouvert sur ce dossier ({live} programme(s)) : fermez-le, puis relancez la restauration"
        )));
    }

    // Decrypted into a temporary database beside the real one, checked, renewed.
    let fail = |e: &str| {
        storage_error(format!(
            "la restauration dans {} a échoué ({e}) : rien n'a été remplacé ; vérifiez les droits et \
             l'espace disque du dossier",
            data_dir.display()
        ))
    };
    let temp = TempDatabase(data_dir.join(format!("{DATABASE_FILE}.restauration-{}", tag()?)));
    crate::data_dir::write_private(&temp.0, &opened.database)
        .map_err(|e| fail(crate::error::cause(&e)))?;
    if let Err(why) = data_dir::inspect_file(&temp.0) {
        return Err(input(format!(
            "la base contenue dans {name} est endommagée ({}) : prenez une autre sauvegarde",
            why.0
        )));
    }
    let device = {
        let mut store = Store::open_checked(&temp.0, ids, clock.now(), Check::None)?;
        let problems = store.integrity_problems()?;
        if let Some(first) = problems.first() {
            return Err(input(format!(
                "la base contenue dans {name} est endommagée ({} problème(s), dont : {first}) : \
                 prenez une autre sauvegarde",
                problems.len()
            )));
        }
        let device = store.renew_device_identity(ids)?;
        // The till journal goes on from the backup's head: a declared break (A17).
        crate::journal::declare_restore(&mut store, ids, clock)?;
        device
    };
    // The connection is closed: its journal is merged, the temporary file stands alone.

    let stamp = clock.now().format("%Y%m%dT%H%M%SZ").to_string();
    let set_aside = |file_name: &str| -> AppResult<Option<String>> {
        let from = data_dir.join(file_name);
        if !from.exists() {
            return Ok(None);
        }
        let to = data_dir.join(format!("{file_name}{SET_ASIDE_MARK}{stamp}"));
        std::fs::rename(&from, &to).map_err(|e| fail(crate::error::cause(&e)))?;
        Ok(Some(to.display().to_string()))
    };
    let previous_database = if existing != Ok(FileState::Missing) {
        // The journal files follow their database, under its new name.
        let kept = set_aside(DATABASE_FILE)?;
        for suffix in ["-wal", "-shm"] {
            let from = data_dir.join(format!("{DATABASE_FILE}{suffix}"));
            if from.exists() {
                let to = data_dir.join(format!("{DATABASE_FILE}{SET_ASIDE_MARK}{stamp}{suffix}"));
                std::fs::rename(&from, &to).map_err(|e| fail(crate::error::cause(&e)))?;
            }
        }
        kept
    } else {
        None
    };
    let current_keys = std::fs::read(data_dir.join(KEY_FILE)).ok();
    let previous_key_file = set_aside(KEY_FILE)?;
    let keys = match (&opened.key_file, &current_keys) {
        (Some(restored), current) => Some(merge_for_restore(restored, current.as_deref())?),
        // A backup made before any key: the keys this dir had stay in use.
        (None, Some(current)) => Some(current.clone()),
        (None, None) => None,
    };
    if let Some(keys) = keys {
        crate::data_dir::write_private(&data_dir.join(KEY_FILE), &keys)
            .map_err(|e| fail(crate::error::cause(&e)))?;
    }
    // The enrolment belonged to the device this copy no longer is: it enrols again.
    set_aside(crate::sync::credentials::TOKEN_FILE)?;
    std::fs::rename(&temp.0, &db_path).map_err(|e| fail(crate::error::cause(&e)))?;
    drop(temp);
    // Marks of processes that died on the old database say nothing about this one.
    data_dir::remove_stale(&data_dir::stale_marks(data_dir));
    Ok(RestoreSummary {
        manifest: opened.manifest,
        device,
        previous_database,
        previous_key_file,
    })
}

impl App {
    /// Restores `file` into this application's own data dir, as the window does from
    /// Paramètres: the database is closed first (restore refuses a data dir in use),
    /// restored (see [`restore`]), then opened again — the restored copy, a new device,
    /// or the previous data when the restore was refused.
    pub fn restore_here(
        &mut self,
        file: &Path,
        passphrase: &str,
        replace: bool,
    ) -> AppResult<RestoreSummary> {
        self.require(crate::operators::Permission::RestoreBackup)?;
        let dir = self
            .data_dir
            .clone()
            .ok_or_else(|| input("cette application n'a pas de dossier de données où restaurer"))?;
        let placeholder = App::in_memory(
            Box::new(crate::clock::SystemClock::default()),
            Box::new(crate::clock::UuidV7),
        )?;
        let App {
            store,
            clock,
            ids,
            entropy,
            keys,
            _run_mark,
            sessions,
            ..
        } = std::mem::replace(self, placeholder);
        drop((store, keys, _run_mark));
        let restored = restore(
            &dir,
            file,
            passphrase,
            replace,
            clock.as_ref(),
            ids.as_ref(),
        );
        *self = App::open_with(&dir, clock, ids)?.with_entropy(entropy);
        // The restored copy has its own operators: whoever was signed in signs in again;
        // a refused restore changed nothing, so the same person stays.
        if sessions.enabled() {
            self.use_operators();
            if restored.is_err() {
                self.set_current(sessions.current());
            }
        }
        restored
    }

    /// Where the window suggests writing a backup: the home folder, named after today.
    pub fn suggested_backup_file(&self) -> String {
        let day = self.clock.now().format("%Y-%m-%d");
        dirs::home_dir()
            .unwrap_or_else(std::env::temp_dir)
            .join(format!("guichet-sauvegarde-{day}.guichet"))
            .display()
            .to_string()
    }
}
