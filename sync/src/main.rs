//! `guichet-sync`: the central sync server. Skeleton: the server arrives with the
//! sync issue; until then it says so instead of pretending to serve.

use std::process::ExitCode;

fn main() -> ExitCode {
    eprintln!(
        "guichet-sync {} : le serveur de synchronisation n'est pas encore livré ; \
         chaque poste fonctionne hors ligne avec sa copie locale.",
        env!("CARGO_PKG_VERSION")
    );
    ExitCode::from(2)
}
