//! The arguments of the `guichet` command line (clap); `run.rs` runs them.

use std::path::PathBuf;

use chrono::{NaiveDate, Weekday};
use clap::{Args, Parser, Subcommand, ValueEnum};
use guichet_core::bounds;
use guichet_core::{Money, PricingMode};
use uuid::Uuid;

/// A date on the command line: exactly `YYYY-MM-DD`, years 2000–2099.
fn date(text: &str) -> Result<NaiveDate, String> {
    bounds::parse_date(text).map_err(|e| e.to_string())
}

fn whole(text: &str, what: &str, example: &str) -> Result<u32, String> {
    text.parse::<u32>().map_err(|_| {
        format!(
            "« {} » n'est pas {what} : écrivez un entier positif (exemple : {example})",
            bounds::printable(text)
        )
    })
}

/// An instant: RFC 3339, years 2000–2099.
fn instant(text: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .filter(|at| bounds::check_date(at.date_naive()).is_ok())
        .ok_or_else(|| {
            format!(
                "« {} » n'est pas un instant : écrivez-le au format RFC 3339, années 2000 à 2099 \
                 (exemple : 2026-07-14T20:30:00+02:00)",
                bounds::printable(text)
            )
        })
}

/// A number of nights: 1 096 at most.
fn nights(text: &str) -> Result<u32, String> {
    bounds::check_nights(whole(text, "un nombre de nuits", "7")?).map_err(|e| e.to_string())
}

/// A number of days shown: 1 096 at most.
fn days(text: &str) -> Result<u32, String> {
    let days = whole(text, "un nombre de jours", "14")?;
    if days > bounds::MAX_STAY_NIGHTS {
        return Err(format!(
            "{days} jours : au plus {} jours à la fois ; choisissez une période plus courte",
            bounds::MAX_STAY_NIGHTS
        ));
    }
    Ok(days)
}

/// A quantity (tickets, places): 10 000 at most.
fn quantity(text: &str) -> Result<u32, String> {
    bounds::check_quantity(whole(text, "une quantité", "2")?).map_err(|e| e.to_string())
}

/// A price: an amount (1 000 000,00 € at most), never negative.
fn price(text: &str) -> Result<Money, String> {
    let price = text.parse::<Money>().map_err(|e| e.to_string())?;
    if price.is_negative() {
        return Err(bounds::BoundError::NegativePrice(price.to_string()).to_string());
    }
    Ok(price)
}

/// Guichet : planning, tarifs et réservations, hors ligne.
#[derive(Debug, Parser)]
#[command(name = "guichet", version, about, disable_help_subcommand = false)]
pub struct Cli {
    /// Dossier de données (défaut : GUICHET_DATA_DIR, sinon le dossier d'application du système).
    #[arg(long, global = true, env = "GUICHET_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Sortie JSON lisible par une machine.
    #[arg(long, global = true)]
    pub json: bool,
    /// Écrit aussi le journal (avec les détails) sur la sortie d'erreur.
    #[arg(long, global = true)]
    pub verbose: bool,
    /// La commande.
    #[command(subcommand)]
    pub command: Command,
}

/// Pricing mode names on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModeArg {
    /// P2: exact tariff, then one-night tariffs, then the cheapest other chain.
    Priority,
    /// P3: always the cheapest chain.
    Cheapest,
}

impl From<ModeArg> for PricingMode {
    fn from(mode: ModeArg) -> PricingMode {
        match mode {
            ModeArg::Priority => PricingMode::Priority,
            ModeArg::Cheapest => PricingMode::Cheapest,
        }
    }
}

/// Unit orders on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OrderArg {
    /// The provider's own order.
    BackOffice,
    /// Sale order: capacity, smallest first (P7).
    Sale,
}

/// `guichet quote`'s arguments.
#[derive(Debug, Clone, Args)]
pub struct QuoteArgs {
    /// Fichier JSON : [{"start": DATE, "nights": N, "price": MONTANT}, …].
    #[arg(long)]
    pub tariffs: PathBuf,
    /// Date d'arrivée, AAAA-MM-JJ.
    #[arg(long, value_parser = date)]
    pub from: NaiveDate,
    /// Nombre de nuits (≥ 1).
    #[arg(long, value_parser = nights)]
    pub nights: u32,
    /// Mode de calcul.
    #[arg(long, value_enum, default_value = "priority")]
    pub mode: ModeArg,
}

/// A stay: arrival and nights.
#[derive(Debug, Clone, Args)]
pub struct StayArgs {
    /// Hébergement (identifiant).
    #[arg(long)]
    pub unit: Uuid,
    /// Date d'arrivée, AAAA-MM-JJ.
    #[arg(long, value_parser = date)]
    pub from: NaiveDate,
    /// Nombre de nuits (≥ 1).
    #[arg(long, value_parser = nights)]
    pub nights: u32,
}

/// A customer's contact details.
#[derive(Debug, Clone, Args)]
pub struct ContactArgs {
    /// Nom du client.
    #[arg(long)]
    pub name: String,
    /// E-mail du client.
    #[arg(long)]
    pub email: Option<String>,
    /// Téléphone du client.
    #[arg(long)]
    pub phone: Option<String>,
}

/// Every command: those that read no data dir, and those that work on one.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Commands that read no data dir.
    #[command(flatten)]
    Stateless(StatelessCommand),
    /// Commands that work on the data dir.
    #[command(flatten)]
    Stored(StoredCommand),
}

/// Commands that read no data dir.
#[derive(Debug, Subcommand)]
pub enum StatelessCommand {
    /// Prix d'un séjour d'après un fichier de tarifs (sans dossier de données).
    Quote(QuoteArgs),
    /// Lit les QR codes d'images (PNG, JPEG, WebP) : une ligne JSON par image.
    Decode {
        /// Les images.
        #[arg(required = true)]
        images: Vec<PathBuf>,
    },
}

/// Commands that work on the data dir.
#[derive(Debug, Subcommand)]
pub enum StoredCommand {
    /// Remplit un dossier vide avec un prestataire de démonstration.
    Demo,
    /// Opérateurs de ce poste (la ligne de commande agit en responsable) : liste
    /// (défaut), ajout, retrait.
    Operators {
        /// Ajouter, retirer ou lister.
        #[command(subcommand)]
        action: Option<OperatorsAction>,
    },
    /// Hébergements : liste (défaut) ou ajout.
    Units {
        /// Ajouter ou lister.
        #[command(subcommand)]
        action: Option<UnitsAction>,
    },
    /// Tarifs d'un hébergement.
    Tariffs {
        /// Action.
        #[command(subcommand)]
        action: TariffsAction,
    },
    /// Prix et disponibilité d'un séjour dans un hébergement (mode du prestataire).
    Price {
        /// Le séjour.
        #[command(flatten)]
        stay: StayArgs,
    },
    /// Blocages temporaires (1 heure, règle P8).
    Holds {
        /// Action.
        #[command(subcommand)]
        action: Option<HoldsAction>,
    },
    /// Réservations.
    Bookings {
        /// Action.
        #[command(subcommand)]
        action: Option<BookingsAction>,
    },
    /// Planning : hébergements × jours.
    Planning {
        /// Premier jour, AAAA-MM-JJ (défaut : aujourd'hui).
        #[arg(long, value_parser = date)]
        from: Option<NaiveDate>,
        /// Nombre de jours.
        #[arg(long, value_parser = days, default_value_t = 14)]
        days: u32,
    },
    /// Paramètres du prestataire.
    Settings {
        /// Mode de calcul des prix.
        #[arg(long, value_enum)]
        pricing_mode: Option<ModeArg>,
        /// Nom du prestataire.
        #[arg(long)]
        provider_name: Option<String>,
    },
    /// Opérations en attente de synchronisation.
    Outbox,
    /// Séances (billetterie) avec leurs compteurs.
    Sessions,
    /// Billetterie : événements, organisateurs et billets proposés.
    Events {
        /// Action.
        #[command(subcommand)]
        action: EventsAction,
    },
    /// Billets : vendre, voir, annuler, modifier.
    Tickets {
        /// Action.
        #[command(subcommand)]
        action: TicketsAction,
    },
    /// Contrôle d'un billet à l'entrée d'une séance (toujours code de sortie 0).
    Scan {
        /// La séance contrôlée.
        #[arg(long)]
        session: Uuid,
        /// Ce que la douchette a tapé.
        code: String,
        /// D'où vient le code (keyboard, hid, serial, webcam, cli).
        #[arg(long, default_value = "cli")]
        source: String,
    },
    /// Borne de contrôle sans écran : lit un code par ligne sur l'entrée standard et
    /// écrit chaque verdict (une ligne JSON avec --json) une fois enregistré.
    Gate {
        /// La séance contrôlée.
        #[arg(long)]
        session: Uuid,
        /// D'où viennent les codes.
        #[arg(long, default_value = "keyboard")]
        source: String,
    },
    /// Vérifie toute la base (PRAGMA integrity_check) sans rien écrire ; code de sortie 2
    /// si elle est endommagée. JSON : {"ok": BOOL, "problems": [TEXTE, …]}.
    Check,
    /// Sauvegarde chiffrée de la base et des clés de billets dans FICHIER (2 Gio au plus).
    /// Mot de passe : GUICHET_BACKUP_PASSPHRASE, ou --passphrase-file, sinon demandé au
    /// terminal. Fonctionne aussi sur un dossier en lecture seule.
    Backup {
        /// Le fichier de sauvegarde à écrire (lisible par vous seul).
        file: PathBuf,
        /// Lit le mot de passe dans ce fichier (sa première ligne).
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
    },
    /// Restaure une sauvegarde de « guichet backup » dans le dossier de données, après
    /// l'avoir vérifiée. La copie restaurée devient un nouveau poste (nouvel identifiant).
    /// Un dossier qui contient déjà une base n'est remplacé qu'avec --replace, et l'ancienne
    /// base est gardée à côté (guichet.db.avant-restauration-DATE).
    Restore {
        /// Le fichier de sauvegarde.
        file: PathBuf,
        /// Lit le mot de passe dans ce fichier (sa première ligne).
        #[arg(long)]
        passphrase_file: Option<PathBuf>,
        /// Remplace la base existante (gardée à côté, jamais effacée).
        #[arg(long)]
        replace: bool,
    },
    /// Inscrit ce poste auprès du serveur de synchronisation du prestataire, avec un
    /// code à usage unique (« guichet-sync enrollment-code »).
    Enroll {
        /// Adresse du serveur (https://…, ou http:// vers cette machine seulement).
        #[arg(long)]
        server: String,
        /// Le code d'inscription.
        #[arg(long)]
        code: String,
    },
    /// Synchronise maintenant : envoie les opérations en attente, reçoit celles des
    /// autres postes. Serveur injoignable : code 1, rien n'est perdu.
    Sync,
    /// Conflits trouvés par la synchronisation : liste (défaut) ou règlement.
    Conflicts {
        /// Action.
        #[command(subcommand)]
        action: Option<ConflictsAction>,
    },
    /// Ce poste : nom affiché dans « déjà scanné sur … », rotation des clés de billets.
    Device {
        /// Nouveau nom du poste.
        #[arg(long)]
        name: Option<String>,
        /// Crée une nouvelle clé de signature des billets (les anciens restent valides).
        #[arg(long)]
        rotate_ticket_key: bool,
    },
}

/// `guichet conflicts …`
#[derive(Debug, Subcommand)]
pub enum ConflictsAction {
    /// Liste les conflits (ceux à régler d'abord).
    List,
    /// Règle un conflit sur tous les postes : pris en compte tel quel, ou en annulant
    /// une réservation.
    Settle {
        /// Le conflit.
        id: Uuid,
        /// Annule d'abord cette réservation (hébergement).
        #[arg(long)]
        cancel_booking: Option<Uuid>,
    },
}

/// `guichet events …`
#[derive(Debug, Subcommand)]
pub enum EventsAction {
    /// Ajoute un organisateur.
    Organizer {
        /// Nom.
        #[arg(long)]
        name: String,
    },
    /// Ajoute un événement.
    Add {
        /// Nom.
        #[arg(long)]
        name: String,
    },
    /// Ajoute une séance à un événement.
    Session {
        /// L'événement.
        #[arg(long)]
        event: Uuid,
        /// Début (RFC 3339, par exemple 2026-07-14T20:30:00+02:00).
        #[arg(long, value_parser = instant)]
        starts_at: chrono::DateTime<chrono::FixedOffset>,
        /// Places.
        #[arg(long, value_parser = quantity)]
        capacity: u32,
    },
    /// Ajoute un billet proposé pour un événement.
    Product {
        /// L'événement.
        #[arg(long)]
        event: Uuid,
        /// Nom du billet.
        #[arg(long)]
        name: String,
        /// Thème.
        #[arg(long)]
        theme: String,
        /// Organisateur.
        #[arg(long)]
        organizer: Uuid,
        /// Prix d'un billet.
        #[arg(long, value_parser = price)]
        price: Money,
    },
    /// Liste les billets proposés, par thème puis organisateur (T2).
    Products {
        /// L'événement (tous sinon).
        #[arg(long)]
        event: Option<Uuid>,
    },
}

/// `guichet tickets …`
#[derive(Debug, Subcommand)]
pub enum TicketsAction {
    /// Vend des billets pour une séance.
    Issue {
        /// La séance.
        #[arg(long)]
        session: Uuid,
        /// Nombre de billets.
        #[arg(long, value_parser = quantity)]
        quantity: u32,
        /// Le billet proposé (défaut : le premier de l'événement).
        #[arg(long)]
        product: Option<Uuid>,
        /// Détenteur.
        #[arg(long, default_value = "Client au guichet")]
        holder: String,
        /// Écrit les billets en PDF dans ce fichier (son dossier est vérifié avant la vente).
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// Vend des pass : chacun entre une fois à chaque séance de l'événement.
        #[arg(long)]
        pass: bool,
    },
    /// Une réservation de billets : quantité, scannés, billets contrôlés ou non (T3).
    Show {
        /// La réservation.
        booking: Uuid,
    },
    /// Les réservations d'une séance (T3).
    List {
        /// La séance.
        #[arg(long)]
        session: Uuid,
    },
    /// Annule une réservation : ses billets sont révoqués.
    Cancel {
        /// La réservation.
        booking: Uuid,
    },
    /// Modifie une réservation : annulée et refaite en une étape, le lien gardé (T1).
    Amend {
        /// La réservation.
        booking: Uuid,
        /// Nouveau nombre de billets.
        #[arg(long, value_parser = quantity)]
        quantity: u32,
        /// Nouvelle séance (défaut : la même).
        #[arg(long)]
        session: Option<Uuid>,
    },
    /// Écrit les billets d'une réservation en PDF (T4).
    Pdf {
        /// La réservation.
        booking: Uuid,
        /// Fichier PDF à écrire.
        #[arg(long)]
        out: PathBuf,
    },
}

/// `guichet units …`
#[derive(Debug, Subcommand)]
pub enum UnitsAction {
    /// Liste les hébergements.
    List {
        /// Ordre : back-office (défaut) ou vente (capacité croissante).
        #[arg(long, value_enum, default_value = "back-office")]
        order: OrderArg,
    },
    /// Ajoute un hébergement.
    Add {
        /// Nom.
        #[arg(long)]
        name: String,
        /// Capacité (personnes).
        #[arg(long, value_parser = quantity)]
        capacity: u32,
    },
}

/// `guichet tariffs …`
#[derive(Debug, Subcommand)]
pub enum TariffsAction {
    /// Liste les tarifs d'un hébergement.
    List {
        /// Hébergement.
        #[arg(long)]
        unit: Uuid,
    },
    /// Ajoute des tarifs sur une période : chaque nuit, à la semaine, ou un forfait.
    Add {
        /// Hébergement.
        #[arg(long)]
        unit: Uuid,
        /// Première nuit, AAAA-MM-JJ.
        #[arg(long, value_parser = date)]
        from: NaiveDate,
        /// Fin de la période (date de départ, exclue).
        #[arg(long, value_parser = date)]
        until: NaiveDate,
        /// Prix (de la nuit, de la semaine ou du forfait).
        #[arg(long, value_parser = price)]
        price: Money,
        /// Une semaine de 7 nuits à partir de ce jour (sat, sun, …).
        #[arg(long, conflicts_with = "nights")]
        weekly: Option<Weekday>,
        /// Un forfait de N nuits (chaque jour, ou le jour --weekday).
        #[arg(long, value_parser = nights)]
        nights: Option<u32>,
        /// Jour d'arrivée du forfait.
        #[arg(long, requires = "nights")]
        weekday: Option<Weekday>,
    },
    /// Importe un fichier de tarifs JSON.
    Import {
        /// Hébergement.
        #[arg(long)]
        unit: Uuid,
        /// Fichier JSON.
        file: PathBuf,
    },
    /// Supprime les tarifs commençant dans une période.
    Remove {
        /// Hébergement.
        #[arg(long)]
        unit: Uuid,
        /// Premier jour.
        #[arg(long, value_parser = date)]
        from: NaiveDate,
        /// Fin (exclue).
        #[arg(long, value_parser = date)]
        until: NaiveDate,
    },
}

/// `guichet operators …`
#[derive(Debug, Subcommand)]
pub enum OperatorsAction {
    /// Liste les opérateurs de ce poste (jamais leur code PIN).
    List,
    /// Ajoute un opérateur ; son code PIN (4 à 8 chiffres) est lu sur la première
    /// ligne de --pin-file, jamais sur la ligne de commande.
    Add {
        /// Son nom.
        name: String,
        /// Son rôle : manager (responsable), cashier (caisse), gate (contrôle d'accès).
        #[arg(long)]
        role: String,
        /// Le fichier dont la première ligne est son code PIN.
        #[arg(long)]
        pin_file: PathBuf,
    },
    /// Retire un opérateur (jamais le dernier responsable).
    Remove {
        /// Son nom.
        name: String,
    },
}

/// `guichet holds …`
#[derive(Debug, Subcommand)]
pub enum HoldsAction {
    /// Liste les blocages en cours.
    List,
    /// Bloque un séjour pour un client pendant une heure.
    Create {
        /// Le séjour.
        #[command(flatten)]
        stay: StayArgs,
        /// Le client.
        #[command(flatten)]
        contact: ContactArgs,
    },
    /// Passage au paiement : le blocage repart pour une heure.
    Pay {
        /// Le blocage.
        hold: Uuid,
    },
    /// Abandonne un blocage.
    Release {
        /// Le blocage.
        hold: Uuid,
    },
    /// Libère les blocages expirés.
    Expire,
}

/// `guichet bookings …`
#[derive(Debug, Subcommand)]
pub enum BookingsAction {
    /// Liste les réservations.
    List,
    /// Réserve un séjour depuis le back-office.
    Create {
        /// Le séjour.
        #[command(flatten)]
        stay: StayArgs,
        /// Le client.
        #[command(flatten)]
        contact: ContactArgs,
        /// Prix convenu (défaut : le prix des tarifs).
        #[arg(long, value_parser = price)]
        price: Option<Money>,
    },
    /// Paiement reçu : le blocage devient une réservation ferme.
    Confirm {
        /// Le blocage.
        #[arg(long)]
        hold: Uuid,
    },
    /// Annule une réservation.
    Cancel {
        /// La réservation.
        booking: Uuid,
    },
}
