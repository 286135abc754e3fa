//! Where a document (a PDF, an export) is to be written, checked before the work it
//! follows is committed: a sale is never stored only to find its tickets cannot be
//! written.

use std::path::Path;

use crate::error::{AppError, AppResult};

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
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(refuse("ce dossier n'existe pas"));
    }
    let probe = folder.join(format!(".guichet-essai-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(refuse(&format!(
            "ce dossier n'accepte pas de nouveau fichier ({e})"
        ))),
    }
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
    }
}
