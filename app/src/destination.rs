//! Where a document (a PDF, an export) is to be written, checked before the work it
//! follows is committed: a sale is never stored only to find its tickets cannot be
//! written.

use std::path::{Path, PathBuf};

use crate::error::{AppError, AppResult};

/// A path the user typed for a new file: absolute, in a folder that exists, not a
/// folder itself, ending in `.extension` (added when it does not). `example` is a
/// full path shown when nothing was typed.
pub fn chosen_path(path: &str, extension: &str, example: &str) -> AppResult<PathBuf> {
    let path = path.trim();
    if path.is_empty() {
        return Err(AppError::input(format!(
            "indiquez où enregistrer le fichier (par exemple {example})"
        )));
    }
    let mut path = PathBuf::from(path);
    if !path.is_absolute() {
        return Err(AppError::input(format!(
            "« {} » : écrivez le chemin complet du fichier, qui commence par /",
            guichet_core::bounds::printable(&path.display().to_string())
        )));
    }
    if path.is_dir() {
        return Err(AppError::input(format!(
            "{} est un dossier : ajoutez le nom du fichier à la fin (par exemple {example})",
            path.display()
        )));
    }
    if path
        .extension()
        .is_none_or(|e| !e.eq_ignore_ascii_case(extension))
    {
        path.as_mut_os_string().push(format!(".{extension}"));
    }
    match path.parent() {
        Some(folder) if folder.is_dir() => Ok(path),
        Some(folder) => Err(AppError::input(format!(
            "le dossier {} n'existe pas : choisissez un dossier existant",
            folder.display()
        ))),
        None => Err(AppError::input("choisissez un fichier dans un dossier")),
    }
}

/// Checks that `path` can be written: its folder exists and accepts a new file, and
/// it is not itself a folder. Nothing is left behind.
pub fn check_writable(path: &Path) -> AppResult<()> {
    let refuse = |why: &str| {
        AppError::input(format!(
            "{} : {why} — choisissez un autre fichier ; rien n'a été vendu ni enregistré",
            path.display()
        ))
    };
    if path.is_dir() {
        return Err(refuse("c'est un dossier, pas un fichier"));
    }
    // An existing file (through any link) must be an ordinary one we may overwrite:
    // never a device (/dev/full, /dev/null), a pipe (it would block) or a read-only file.
    if let Ok(meta) = std::fs::metadata(path) {
        if !meta.is_file() {
            return Err(refuse(
                "ce n'est pas un fichier ordinaire (un périphérique ou un tube)",
            ));
        }
        if let Err(e) = std::fs::OpenOptions::new().append(true).open(path) {
            return Err(refuse(&format!(
                "ce fichier ne peut pas être remplacé ({})",
                crate::error::os_reason(&e)
            )));
        }
        return Ok(());
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(refuse("ce dossier n'existe pas"));
    }
    probe_folder(folder).map_err(|e| {
        refuse(&format!(
            "ce dossier n'accepte pas de nouveau fichier ({})",
            crate::error::os_reason(&e)
        ))
    })
}

/// Whether `folder` accepts a new file: one is created (a name no other process or
/// call uses) and removed at once.
pub(crate) fn probe_folder(folder: &Path) -> std::io::Result<()> {
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let probe = folder.join(format!(".guichet-essai-{}-{call}", std::process::id()));
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)?;
    std::fs::remove_file(&probe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_or_a_folder_as_file_is_refused_and_a_good_path_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_writable(&dir.path().join("billets.pdf")).is_ok());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        assert_eq!(
            check_writable(&dir.path().join("absent/billets.pdf"))
                .unwrap_err()
                .exit_code(),
            2
        );
        assert!(check_writable(dir.path()).is_err());
        // Devices, pipes and read-only files are refused before anything is sold.
        for device in ["/dev/full", "/dev/null"] {
            assert!(check_writable(Path::new(device)).is_err(), "{device}");
        }
        let fifo = dir.path().join("tube");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        assert!(check_writable(&fifo).is_err());
        let link = dir.path().join("lien.pdf");
        std::os::unix::fs::symlink("/dev/full", &link).unwrap();
        assert!(check_writable(&link).is_err());
        let existing = dir.path().join("ancien.pdf");
        std::fs::write(&existing, b"%PDF").unwrap();
        assert!(check_writable(&existing).is_ok());
    }
}
