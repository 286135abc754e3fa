//! What the data dir says about its database before SQLite touches it: a cheap look
//! at the file (its SQLite header, its size against the header's page count), the
//! signs that the dir was used before (so that an emptied or missing database is
//! never taken for a new install), and the per-process run marks that tell whether
//! the last close was clean.
//!
//! A run mark is a file `run/<pid>-<random>.lock` held locked (`File::try_lock`)
//! while an [`crate::App`] lives and removed when it is dropped. At open, a mark
//! that can be locked belongs to a process that died: the last close was unclean.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::box_office::keys::KEY_FILE;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::DATABASE_FILE;

/// The folder of run marks inside the data dir.
pub const RUN_DIR: &str = "run";

/// The suffix of a database kept aside by `guichet restore --replace`.
pub const SET_ASIDE_MARK: &str = ".avant-restauration-";

/// The 16 bytes every SQLite 3 database starts with.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The size of the SQLite file header.
const HEADER_LEN: usize = 100;

/// What to do about a damaged database, said at the end of every refusal.
pub const RESTORE_ADVICE: &str =
    "restaurez une sauvegarde avec « guichet restore FICHIER » (ou synchronisez ce poste) ; \
     ne supprimez pas le dossier, il contient peut-être encore des données récupérables";

/// A data dir that cannot be used: exit 2, with what to do.
pub fn storage_error(message: impl std::fmt::Display) -> AppError {
    AppError {
        code: ErrorCode::Storage,
        message: message.to_string(),
    }
}

/// What the database file looks like from outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// No file.
    Missing,
    /// A file of 0 bytes.
    Empty,
    /// A SQLite file whose size matches its header.
    Sound {
        /// Its size in bytes.
        len: u64,
    },
}

/// A problem seen in the file before opening it, in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDamage(pub String);

/// Looks at the database file at `path`: its header and its size (cheap: 100 bytes read).
pub fn inspect_file(path: &Path) -> Result<FileState, FileDamage> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
        Err(e) => {
            return Err(FileDamage(format!(
                "le fichier ne peut pas être lu ({})",
                crate::error::os_reason(&e)
            )))
        }
    };
    let len = file
        .metadata()
        .map_err(|e| {
            FileDamage(format!(
                "le fichier ne peut pas être lu ({})",
                crate::error::os_reason(&e)
            ))
        })?
        .len();
    if len == 0 {
        return Ok(FileState::Empty);
    }
    let mut header = Vec::with_capacity(HEADER_LEN);
    (&mut file)
        .take(HEADER_LEN as u64)
        .read_to_end(&mut header)
        .map_err(|e| {
            FileDamage(format!(
                "le fichier ne peut pas être lu ({})",
                crate::error::os_reason(&e)
            ))
        })?;
    if !header.starts_with(SQLITE_MAGIC) {
        return Err(FileDamage(
            "ce n'est pas une base SQLite (en-tête inconnu)".to_owned(),
        ));
    }
    if header.len() < HEADER_LEN {
        return Err(FileDamage(format!(
            "le fichier est tronqué ({len} octets, moins que son propre en-tête)"
        )));
    }
    let be32 = |at: usize| {
        header
            .get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_be_bytes)
    };
    let page_size = match header.get(16..18) {
        Some([1, 0]) | Some([0, 1]) => 65_536u64,
        Some(&[hi, lo]) => u64::from(u16::from_be_bytes([hi, lo])),
        _ => 0,
    };
    if !(512..=65_536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(FileDamage(format!(
            "son en-tête est abîmé (taille de page {page_size} impossible)"
        )));
    }
    // The page count at offset 28 is valid only when the "version-valid-for" number at
    // 92 equals the change counter at 24 (older writers left it stale).
    let page_count = u64::from(be32(28));
    if page_count > 0 && be32(92) == be32(24) {
        let expected = page_size * page_count;
        if len < expected && !wal_completes(path, (expected - len).div_ceil(page_size), page_size) {
            return Err(FileDamage(format!(
                "le fichier est tronqué ({len} octets au lieu des {expected} annoncés par son en-tête)"
            )));
        }
    }
    if len % page_size != 0 {
        return Err(FileDamage(format!(
            "le fichier est tronqué ({len} octets, pas un nombre entier de pages de {page_size})"
        )));
    }
    Ok(FileState::Sound { len })
}

/// Whether the write-ahead log beside the database at `path` holds at least `pages`
/// frames of `page_size`: a checkpoint killed while it copied the log into the file may
/// leave the header ahead of the file's end (page 1 is copied first), and the log,
/// still there, completes the file at the next opening. A file short by more than its
/// log could hold is damaged.
fn wal_completes(path: &Path, pages: u64, page_size: u64) -> bool {
    const WAL_HEADER: u64 = 32;
    const FRAME_HEADER: u64 = 24;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(wal).is_ok_and(|m| {
        m.len() >= WAL_HEADER.saturating_add(pages.saturating_mul(FRAME_HEADER + page_size))
    })
}

/// The signs that this data dir was used before: files only a used dir has. Empty for a
/// brand-new dir.
pub fn signs_of_use(dir: &Path) -> Vec<String> {
    let mut signs = Vec::new();
    for (name, what) in [
        (KEY_FILE.to_owned(), "le fichier de clés des billets"),
        (format!("{DATABASE_FILE}-wal"), "le journal de la base"),
        (
            format!("{DATABASE_FILE}-shm"),
            "l'index du journal de la base",
        ),
        (RUN_DIR.to_owned(), "des traces d'utilisation"),
    ] {
        if dir.join(&name).exists() {
            signs.push(format!("{what} ({name})"));
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(DATABASE_FILE) && name.contains(SET_ASIDE_MARK) {
                signs.push(format!("une ancienne base mise de côté ({name})"));
            }
        }
    }
    signs
}

/// Checks the database file of `dir` before it is opened. `Ok(true)` when the dir is
/// brand new (no database, or an empty one, and no sign of use — a key file is one:
/// its tickets' database must not be replaced by an empty one): it may be initialised.
pub fn check_before_open(dir: &Path) -> AppResult<bool> {
    let path = dir.join(DATABASE_FILE);
    match inspect_file(&path) {
        Ok(FileState::Sound { .. }) => Ok(false),
        Ok(state) => {
            let signs = signs_of_use(dir);
            if signs.is_empty() {
                return Ok(true);
            }
            let what = if state == FileState::Missing {
                "est absente"
            } else {
                "est vide (0 octet)"
            };
            Err(storage_error(format!(
                "la base {} {what} alors que ce dossier a déjà servi ({}) : Guichet ne la recrée pas, \
                 pour ne pas effacer vos données sans le dire ; {RESTORE_ADVICE}",
                path.display(),
                signs.join(", ")
            )))
        }
        Err(FileDamage(why)) => Err(storage_error(format!(
            "la base {} est endommagée : {why} ; {RESTORE_ADVICE}",
            path.display()
        ))),
    }
}

/// What `guichet check` found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CheckReport {
    /// No problem found.
    pub ok: bool,
    /// Each problem, in French (SQLite's own words for what `integrity_check` finds).
    pub problems: Vec<String>,
}

/// `guichet check`: the file checks, then a full `PRAGMA integrity_check`, read-only
/// (nothing in the data dir is written), and the key file must be valid JSON.
pub fn check(dir: &Path) -> CheckReport {
    let mut problems = Vec::new();
    match check_before_open(dir) {
        Ok(true) => problems.push(format!(
            "le dossier {} ne contient pas de base Guichet : vérifiez --data-dir",
            dir.display()
        )),
        Ok(false) => {
            match crate::store::Store::open_read_only_any_version(
                &dir.join(DATABASE_FILE),
                crate::store::Check::None,
            ) {
                Ok(store) => {
                    match store.integrity_problems() {
                        Ok(found) => problems.extend(found),
                        Err(e) => problems.push(e.message),
                    }
                    if let Err(e) = store.probe_outbox(&dir.join(DATABASE_FILE)) {
                        problems.push(e.message);
                    }
                }
                Err(e) => problems.push(e.message),
            }
        }
        Err(e) => problems.push(e.message),
    }
    if let Ok(text) = std::fs::read(dir.join(KEY_FILE)) {
        if serde_json::from_slice::<serde_json::Value>(&text).is_err() {
            problems.push(format!(
                "le fichier de clés {} est illisible : restaurez une sauvegarde avec « guichet restore FICHIER »",
                dir.join(KEY_FILE).display()
            ));
        }
    }
    CheckReport {
        ok: problems.is_empty(),
        problems,
    }
}

/// Refuses, before anything is opened, a data dir this process cannot write to (a
/// command that records something needs it), saying what to do.
pub fn check_writable(dir: &Path) -> AppResult<()> {
    let refuse = |what: String, e: std::io::Error| {
        storage_error(format!(
            "{what} ne peut pas être modifié ({}) : cette commande enregistre ; donnez-vous le droit \
             d'écrire dans le dossier de données {}, ou utilisez une commande qui ne fait que lire \
             (sessions, tickets list, bookings, units, outbox, planning, settings, check, backup)",
            dir.display(), crate::error::os_reason(&e)
        ))
    };
    for name in [
        DATABASE_FILE.to_owned(),
        format!("{DATABASE_FILE}-wal"),
        format!("{DATABASE_FILE}-shm"),
    ] {
        let path = dir.join(&name);
        match OpenOptions::new().write(true).open(&path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(refuse(format!("le fichier {}", path.display()), e)),
        }
    }
    crate::destination::probe_folder(dir)
        .map_err(|e| refuse(format!("le dossier {}", dir.display()), e))
}

/// This process's run mark, held while the application lives; removed on drop.
#[derive(Debug)]
pub struct RunMark {
    file: File,
    path: PathBuf,
}

impl RunMark {
    /// Its name (`PID-TAG`), which [`run_mark_is_live`] looks for.
    pub fn name(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// Whether the process that claimed the run mark `name` in `dir` still lives (its
/// mark is there and locked).
pub fn run_mark_is_live(dir: &Path, name: &str) -> bool {
    let path = dir.join(RUN_DIR).join(format!("{name}.lock"));
    OpenOptions::new()
        .read(true)
        .open(path)
        .is_ok_and(|file| file.try_lock().is_err())
}

impl Drop for RunMark {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// The run marks of a data dir, each with whether a live process holds it (its lock
/// cannot be taken).
fn marks(dir: &Path) -> Vec<(PathBuf, bool)> {
    let Ok(entries) = std::fs::read_dir(dir.join(RUN_DIR)) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "lock"))
        .filter_map(|p| {
            let file = OpenOptions::new().read(true).open(&p).ok()?;
            let held = file.try_lock().is_err();
            Some((p, held))
        })
        .collect()
}

/// Marks left by processes that died with the data dir open (their lock is free).
/// They are not removed here: [`remove_stale`] does it once the database was checked.
pub fn stale_marks(dir: &Path) -> Vec<PathBuf> {
    marks(dir)
        .into_iter()
        .filter(|(_, held)| !held)
        .map(|(p, _)| p)
        .collect()
}

/// How many live processes hold a run mark on this data dir.
pub fn live_marks(dir: &Path) -> usize {
    marks(dir).iter().filter(|(_, held)| *held).count()
}

/// Removes the marks of dead processes (after a successful check).
pub fn remove_stale(marks: &[PathBuf]) {
    for mark in marks {
        let _ = std::fs::remove_file(mark);
    }
}

/// Creates and locks this process's run mark. It is locked under a temporary name,
/// then renamed, so that no other process ever sees it unlocked.
pub fn claim_run_mark(dir: &Path) -> AppResult<RunMark> {
    let run = dir.join(RUN_DIR);
    let fail = |e: std::io::Error| {
        storage_error(format!(
            "le dossier de données {} n'accepte pas l'écriture ({}) : donnez-vous le droit d'y écrire, \
             ou utilisez une commande de lecture seule",
            dir.display(), crate::error::os_reason(&e)
        ))
    };
    std::fs::create_dir_all(&run).map_err(fail)?;
    let tag = crate::entropy::file_tag(8)?;
    let name = format!("{}-{tag}", std::process::id());
    let temp = run.join(format!("{name}.tmp"));
    let path = run.join(format!("{name}.lock"));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(&temp).map_err(fail)?;
    file.try_lock()
        .map_err(|e| fail(std::io::Error::other(e.to_string())))?;
    std::fs::rename(&temp, &path).map_err(fail)?;
    Ok(RunMark { file, path })
}

/// Writes `bytes` to `path`, readable by its owner only, atomically: a uniquely named
/// temporary file beside it, synced, renamed over `path`, then the folder synced (a
/// crash leaves the old file or the new one, never half of one).
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(format!(
        ".tmp-{}",
        crate::entropy::file_tag(6).map_err(|e| std::io::Error::other(e.message))?
    ));
    let temp = PathBuf::from(temp);
    let write = || -> std::io::Result<()> {
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temp)?;
        std::io::Write::write_all(&mut file, bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => File::open(dir)?.sync_all(),
            _ => Ok(()),
        }
    };
    let result = write();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Creates an empty database file readable by its owner only (SQLite gives its
/// `-wal` and `-shm` files the database's permissions), unless it exists.
pub fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Makes the database and its journal files readable by their owner only (databases
/// created before this rule existed).
pub fn restrict_database_files(dir: &Path) {
    #[cfg(unix)]
    for name in [
        DATABASE_FILE.to_owned(),
        format!("{DATABASE_FILE}-wal"),
        format!("{DATABASE_FILE}-shm"),
    ] {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.join(name);
        if let Ok(meta) = std::fs::metadata(&path) {
            if meta.permissions().mode() & 0o077 != 0 {
                let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_stale_mark_is_seen_and_a_held_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let held = claim_run_mark(dir.path()).unwrap();
        assert!(
            stale_marks(dir.path()).is_empty(),
            "a live mark was taken for stale"
        );
        // A mark whose process died: a plain file nobody locks.
        let dead = dir.path().join(RUN_DIR).join("999999-dead.lock");
        std::fs::write(&dead, "").unwrap();
        assert_eq!(stale_marks(dir.path()), vec![dead.clone()]);
        let own = held.path.clone();
        drop(held);
        assert!(!own.exists(), "the mark outlived its application");
        remove_stale(std::slice::from_ref(&dead));
        assert!(!dead.exists());
    }
}
