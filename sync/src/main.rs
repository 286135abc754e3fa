//! `guichet-sync`: serve, and the admin commands (providers, enrolment codes,
//! devices). Shapes fixed by `cli.md`.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use guichet_sync::http::{serve, Listen, Shared};
use guichet_sync::secrets::ServerKey;
use guichet_sync::{accounts, AnyDb, Error};
use uuid::Uuid;

/// Le serveur de synchronisation de Guichet.
#[derive(Debug, Parser)]
#[command(name = "guichet-sync", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the server's data lives.
#[derive(Debug, Args)]
struct Store {
    /// Dossier de données (SQLite embarqué ; défaut : GUICHET_SYNC_DATA, sinon le dossier de données du système).
    #[arg(long, conflicts_with = "database")]
    data: Option<PathBuf>,
    /// Base PostgreSQL (postgres://…).
    #[arg(long, env = "GUICHET_SYNC_DATABASE")]
    database: Option<String>,
    /// Fichier de la clé qui chiffre les secrets des prestataires (64 chiffres hexadécimaux).
    #[arg(long)]
    key_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lance le serveur.
    Serve {
        /// Adresse d'écoute (ex. 127.0.0.1:8443).
        #[arg(long)]
        listen: SocketAddr,
        #[command(flatten)]
        store: Store,
        /// Certificat TLS (PEM).
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// Clé privée TLS (PEM).
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
    },
    /// Prestataires.
    Provider {
        #[command(subcommand)]
        action: ProviderAction,
    },
    /// Code d'inscription à usage unique pour un poste (valable 24 heures).
    EnrollmentCode {
        /// Le prestataire.
        #[arg(long)]
        provider: Uuid,
        #[command(flatten)]
        store: Store,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Postes inscrits.
    Device {
        #[command(subcommand)]
        action: DeviceAction,
    },
}

#[derive(Debug, Subcommand)]
enum ProviderAction {
    /// Crée un prestataire.
    Add {
        /// Son nom.
        name: String,
        #[command(flatten)]
        store: Store,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum DeviceAction {
    /// Liste les postes d'un prestataire.
    List {
        /// Le prestataire.
        #[arg(long)]
        provider: Uuid,
        #[command(flatten)]
        store: Store,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Révoque un poste : son jeton ne sert plus, et les clés de billetterie du
    /// prestataire sont renouvelées.
    Revoke {
        /// Le poste.
        device: Uuid,
        /// Le prestataire.
        #[arg(long)]
        provider: Uuid,
        #[command(flatten)]
        store: Store,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
}

impl Store {
    fn dir(&self) -> Option<PathBuf> {
        if self.database.is_some() {
            return None;
        }
        Some(self.data.clone().unwrap_or_else(|| {
            std::env::var_os("GUICHET_SYNC_DATA")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    dirs::data_dir()
                        .unwrap_or_else(|| PathBuf::from("."))
                        .join("guichet-sync")
                })
        }))
    }

    fn open(&self) -> Result<(AnyDb, ServerKey), Error> {
        let dir = self.dir();
        let db = match (&self.database, &dir) {
            (Some(url), _) => AnyDb::Postgres(guichet_sync::postgres::Postgres::open(url)?),
            (None, Some(dir)) => AnyDb::Sqlite(guichet_sync::sqlite::Sqlite::open(dir)?),
            (None, None) => return Err(Error::Setup("ni --data ni --database".to_owned())),
        };
        let key = ServerKey::load(self.key_file.as_deref(), dir.as_deref())?;
        Ok((db, key))
    }
}

fn print(json: bool, value: serde_json::Value, human: String) {
    let mut out = std::io::stdout().lock();
    let _ = if json {
        writeln!(out, "{value}")
    } else {
        writeln!(out, "{human}")
    };
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Serve {
            listen,
            store,
            tls_cert,
            tls_key,
        } => {
            let (db, key) = store.open()?;
            tracing::info!("guichet-sync {} sur {}", env!("CARGO_PKG_VERSION"), {
                use guichet_sync::sql::Database;
                db.describe()
            });
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .map_err(|e| Error::Setup(format!("runtime : {e}")))?;
            runtime.block_on(serve(
                Shared::new(db, key),
                Listen {
                    addr: listen,
                    tls: tls_cert.zip(tls_key),
                },
            ))
        }
        Command::Provider {
            action: ProviderAction::Add { name, store, json },
        } => {
            let (db, key) = store.open()?;
            let id = accounts::add_provider(&db, &key, &name, guichet_sync::clock::now())?;
            print(
                json,
                serde_json::json!({ "provider": id }),
                format!("prestataire « {} » créé : {id}", name.trim()),
            );
            Ok(())
        }
        Command::EnrollmentCode {
            provider,
            store,
            json,
        } => {
            let (db, _) = store.open()?;
            let code = accounts::enrollment_code(&db, provider, guichet_sync::clock::now())?;
            print(
                json,
                serde_json::json!({ "code": code }),
                format!("code d'inscription (une seule fois, 24 heures) : {code}"),
            );
            Ok(())
        }
        Command::Device {
            action:
                DeviceAction::List {
                    provider,
                    store,
                    json,
                },
        } => {
            let (db, _) = store.open()?;
            let devices = accounts::devices(&db, provider)?;
            let human = devices
                .iter()
                .map(|d| {
                    format!(
                        "{}  {}  inscrit {}{}",
                        d.id,
                        d.name,
                        d.enrolled_at,
                        d.revoked_at
                            .as_ref()
                            .map(|r| format!(", révoqué {r}"))
                            .unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            print(json, serde_json::json!(devices), human);
            Ok(())
        }
        Command::Device {
            action:
                DeviceAction::Revoke {
                    device,
                    provider,
                    store,
                    json,
                },
        } => {
            let (db, key) = store.open()?;
            let key_id = accounts::revoke(&db, &key, provider, device, guichet_sync::clock::now())?;
            print(
                json,
                serde_json::json!({ "revoked": device, "new_key": key_id }),
                format!("poste {device} révoqué ; nouvelle clé de billetterie n° {key_id}"),
            );
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("guichet-sync : {e}");
            ExitCode::from(match e {
                Error::BadRequest(_) | Error::Enrollment(_) => 1,
                _ => 2,
            })
        }
    }
}
