//! Operating system errors in French words: the system's own text (`No such file or
//! directory (os error 2)`) is English and never reaches the people who use Guichet.

use std::io::ErrorKind;

/// What an operating system error means, in French (`introuvable`, `accès refusé`…).
pub fn os_reason(kind: ErrorKind) -> &'static str {
    use ErrorKind::*;
    match kind {
        NotFound => "introuvable",
        PermissionDenied => "accès refusé",
        AlreadyExists => "existe déjà",
        IsADirectory => "c'est un dossier",
        NotADirectory => "un élément du chemin n'est pas un dossier",
        DirectoryNotEmpty => "dossier non vide",
        StorageFull => "disque plein",
        ReadOnlyFilesystem => "support en lecture seule",
        InvalidFilename => "nom de fichier invalide",
        FileTooLarge => "fichier trop gros",
        ResourceBusy => "ressource occupée par un autre programme",
        TimedOut => "délai dépassé",
        Interrupted => "interrompu",
        UnexpectedEof => "fin de fichier inattendue",
        InvalidData => "contenu illisible",
        BrokenPipe => "liaison coupée",
        ConnectionRefused => "connexion refusée",
        ConnectionReset | ConnectionAborted => "connexion interrompue",
        NotConnected => "non connecté",
        OutOfMemory => "mémoire insuffisante",
        _ => "erreur du système",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_reads_in_french() {
        let error = std::fs::read("/nonexistent/guichet").unwrap_err();
        assert_eq!(os_reason(error.kind()), "introuvable");
        assert_eq!(os_reason(ErrorKind::PermissionDenied), "accès refusé");
        assert_eq!(os_reason(ErrorKind::Other), "erreur du système");
    }
}
