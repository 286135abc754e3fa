//! The arguments of the `guichet` command line (clap); `run.rs` runs them.

use std::path::PathBuf;

use chrono::{NaiveDate, Weekday};
use clap::{Args, Parser, Subcommand, ValueEnum};
use guichet_core::bounds;
use guichet_core::{Money, PricingMode};
use uuid::Uuid;

use crate::lang::{self, Lang};

/// A date on the command line: exactly `YYYY-MM-DD`, years 2000–2099.
fn date(text: &str) -> Result<NaiveDate, String> {
    bounds::parse_date(text).map_err(|e| match lang::current() {
        Lang::Fr => e.to_string(),
        Lang::En => format!(
            "'{}' is not a date: write it YYYY-MM-DD, years 2000 to 2099 (e.g. 2026-07-04)",
            bounds::printable(text)
        ),
    })
}

fn whole(text: &str, what: &str, what_en: &str, example: &str) -> Result<u32, String> {
    text.parse::<u32>().map_err(|_| {
        let text = bounds::printable(text);
        match lang::current() {
            Lang::Fr => format!(
                "« {text} » n'est pas {what} : écrivez un entier positif (exemple : {example})"
            ),
            Lang::En => {
                format!("'{text}' is not {what_en}: write a whole number (e.g. {example})")
            }
        }
    })
}

/// A bound refused: its French sentence, or the English one.
fn bound<T>(
    result: Result<T, bounds::BoundError>,
    en: impl FnOnce() -> String,
) -> Result<T, String> {
    result.map_err(|e| match lang::current() {
        Lang::Fr => e.to_string(),
        Lang::En => en(),
    })
}

/// An instant: RFC 3339, years 2000–2099.
fn instant(text: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .filter(|at| bounds::check_date(at.date_naive()).is_ok())
        .ok_or_else(|| {
            let text = bounds::printable(text);
            match lang::current() {
                Lang::Fr => format!(
                    "« {text} » n'est pas un instant : écrivez-le au format RFC 3339, années 2000 à 2099 \
                     (exemple : 2026-07-14T20:30:00+02:00)"
                ),
                Lang::En => format!(
                    "'{text}' is not an instant: write it in RFC 3339, years 2000 to 2099 \
                     (e.g. 2026-07-14T20:30:00+02:00)"
                ),
            }
        })
}

/// A number of nights: 1 096 at most.
fn nights(text: &str) -> Result<u32, String> {
    let n = whole(text, "un nombre de nuits", "a number of nights", "7")?;
    bound(bounds::check_nights(n), || {
        format!("{n} nights: a stay or a tariff lasts 1 to 1096 nights")
    })
}

/// A number of days shown: 1 096 at most.
fn days(text: &str) -> Result<u32, String> {
    let days = whole(text, "un nombre de jours", "a number of days", "14")?;
    if days > bounds::MAX_STAY_NIGHTS {
        return Err(match lang::current() {
            Lang::Fr => format!(
                "{days} jours : au plus {} jours à la fois ; choisissez une période plus courte",
                bounds::MAX_STAY_NIGHTS
            ),
            Lang::En => format!(
                "{days} days: at most {} days at a time; choose a shorter period",
                bounds::MAX_STAY_NIGHTS
            ),
        });
    }
    Ok(days)
}

/// A quantity (tickets, places): 10 000 at most.
fn quantity(text: &str) -> Result<u32, String> {
    let n = whole(text, "une quantité", "a quantity", "2")?;
    bound(bounds::check_quantity(n), || {
        format!("quantity {n}: at most 10000 at a time; make several")
    })
}

/// A price: an amount (1 000 000,00 € at most), never negative.
fn price(text: &str) -> Result<Money, String> {
    let en = || {
        format!(
            "'{}' is not a price: write an amount from 0.00 to 1000000.00, like 1100.00",
            bounds::printable(text)
        )
    };
    let price = text.parse::<Money>().map_err(|e| match lang::current() {
        Lang::Fr => e.to_string(),
        Lang::En => en(),
    })?;
    if price.is_negative() {
        return Err(match lang::current() {
            Lang::Fr => bounds::BoundError::NegativePrice(price.to_string()).to_string(),
            Lang::En => en(),
        });
    }
    Ok(price)
}

/// An amount that may be negative (a refund): 1 000 000,00 € at most either way.
fn signed_amount(text: &str) -> Result<Money, String> {
    text.parse::<Money>().map_err(|e| e.to_string())
}

/// A number of people: 0 to 10 000.
/// A percentage (its range is checked where it is used).
fn percent(text: &str) -> Result<u32, String> {
    whole(text, "un pourcentage", "a percentage", "30")
}

/// A number of days (its range is checked where it is used).
fn days_before(text: &str) -> Result<u32, String> {
    whole(text, "un nombre de jours", "a number of days", "30")
}

/// A number of months (its range is checked where it is used).
fn months(text: &str) -> Result<u32, String> {
    whole(text, "un nombre de mois", "a number of months", "24")
}

/// A TCP port, 1 to 65535 (0 is refused where it is used, with what to write).
fn port(text: &str) -> Result<u16, String> {
    let n = whole(text, "un numéro de port", "a port number", "587")?;
    u16::try_from(n).map_err(|_| match lang::current() {
        Lang::Fr => format!("« {n} » n'est pas un port : de 1 à 65535 (exemple : 587)"),
        Lang::En => format!("'{n}' is not a port: 1 to 65535 (e.g. 587)"),
    })
}

fn people(text: &str) -> Result<u32, String> {
    let n = whole(text, "un nombre de personnes", "a number of people", "2")?;
    if n > bounds::MAX_QUANTITY {
        return Err(format!(
            "{n} personnes : au plus {} ; vérifiez le nombre",
            bounds::MAX_QUANTITY
        ));
    }
    Ok(n)
}

/// Payment methods on the command line (as `bookings pay` in cli.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// Espèces.
    Cash,
    /// Carte bancaire.
    Card,
    /// Chèque.
    Cheque,
    /// Virement.
    Transfer,
    /// Chèques-Vacances papier.
    #[value(name = "ancv_paper")]
    AncvPaper,
    /// Chèque-Vacances Connect.
    #[value(name = "ancv_connect")]
    AncvConnect,
    /// Bon cadeau (à la caisse).
    #[value(name = "gift_voucher")]
    GiftVoucher,
}

impl From<MethodArg> for guichet_core::payment::PaymentMethod {
    fn from(method: MethodArg) -> Self {
        use guichet_core::payment::PaymentMethod as M;
        match method {
            MethodArg::Cash => M::Cash,
            MethodArg::Card => M::Card,
            MethodArg::Cheque => M::Cheque,
            MethodArg::Transfer => M::Transfer,
            MethodArg::AncvPaper => M::AncvPaper,
            MethodArg::AncvConnect => M::AncvConnect,
            MethodArg::GiftVoucher => M::GiftVoucher,
        }
    }
}

/// An identifier (as `guichet units`, `sessions`… print them).
fn id(text: &str) -> Result<Uuid, String> {
    Uuid::parse_str(text.trim()).map_err(|_| {
        let text = bounds::printable(text);
        match lang::current() {
            Lang::Fr => format!(
                "« {text} » n'est pas un identifiant : copiez-le tel que Guichet l'affiche \
                 (exemple : 0190c6c2-5d7e-7000-8000-000000000001 ; « guichet units », \
                 « guichet sessions »… les listent)"
            ),
            Lang::En => format!(
                "'{text}' is not an identifier: copy it as Guichet prints it \
                 (e.g. 0190c6c2-5d7e-7000-8000-000000000001; 'guichet units', \
                 'guichet sessions'… list them)"
            ),
        }
    })
}

/// A day of the week, in English (`sat`) or French (`samedi`, `sam`).
fn weekday(text: &str) -> Result<Weekday, String> {
    let word = text.trim().to_lowercase();
    let french = [
        ("lun", Weekday::Mon),
        ("mar", Weekday::Tue),
        ("mer", Weekday::Wed),
        ("jeu", Weekday::Thu),
        ("ven", Weekday::Fri),
        ("sam", Weekday::Sat),
        ("dim", Weekday::Sun),
    ];
    french
        .iter()
        .find(|(prefix, _)| word.len() >= 3 && word.starts_with(prefix))
        .map(|(_, day)| *day)
        .or_else(|| word.parse::<Weekday>().ok())
        .ok_or_else(|| {
            let text = bounds::printable(text);
            match lang::current() {
                Lang::Fr => format!(
                    "« {text} » n'est pas un jour : écrivez lundi, mardi… samedi ou dimanche (ou lun, sam, \
                     ou mon, sat)"
                ),
                Lang::En => {
                    format!("'{text}' is not a day: write mon, tue, wed, thu, fri, sat or sun")
                }
            }
        })
}

/// The language asked for (`fr`, `en`).
fn language(text: &str) -> Result<Lang, String> {
    match text.trim().to_ascii_lowercase() {
        t if t.starts_with("en") => Ok(Lang::En),
        t if t.starts_with("fr") => Ok(Lang::Fr),
        _ => Err(match lang::current() {
            Lang::Fr => format!(
                "« {} » : écrivez fr (français) ou en (anglais)",
                bounds::printable(text)
            ),
            Lang::En => format!(
                "'{}': write fr (French) or en (English)",
                bounds::printable(text)
            ),
        }),
    }
}

/// Guichet : planning, tarifs, réservations, billetterie et contrôle d'accès, hors ligne.
#[derive(Debug, Parser)]
#[command(name = "guichet", version)]
pub struct Cli {
    /// Dossier de données (défaut : le dossier d'application du système).
    #[arg(long, global = true, env = "GUICHET_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Sortie JSON lisible par une machine.
    #[arg(long, global = true)]
    pub json: bool,
    /// Écrit aussi le journal (avec les détails) sur la sortie d'erreur.
    #[arg(long, global = true)]
    pub verbose: bool,
    /// Langue de l'aide et des erreurs de la ligne de commande : fr ou en.
    #[arg(long, global = true, env = "GUICHET_LANG", value_parser = language, default_value = "fr")]
    pub lang: Lang,
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
    #[arg(value_parser = id, long)]
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
    /// Nom du client, « Prénom Nom » : coupé au premier espace en prénom et nom, sauf si
    /// --first-name ou --last-name sont donnés.
    #[arg(long, required_unless_present_any = ["first_name", "last_name"])]
    pub name: Option<String>,
    /// Prénom du client (remplace le découpage de --name).
    #[arg(long)]
    pub first_name: Option<String>,
    /// Nom de famille du client (remplace le découpage de --name).
    #[arg(long)]
    pub last_name: Option<String>,
    /// Civilité du client (M., Mme…).
    #[arg(long)]
    pub title: Option<String>,
    /// Adresse postale du client (retours à la ligne permis).
    #[arg(long)]
    pub address: Option<String>,
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
    /// Date du virement d'un paiement en ligne reçu tel jour (règle O4).
    PayoutDate {
        /// Date du paiement, AAAA-MM-JJ.
        #[arg(value_parser = date)]
        date: NaiveDate,
    },
    /// Frais du service de paiement sur un paiement en ligne : 1,8 % + 0,20 € (règle O5).
    Fee {
        /// Montant payé, par exemple 100.00.
        #[arg(value_parser = price)]
        amount: Money,
    },
    /// Porte-monnaie des ventes en ligne (règle A2).
    Wallet {
        /// Action.
        #[command(subcommand)]
        action: WalletAction,
    },
}

/// `guichet wallet …`
#[derive(Debug, Subcommand)]
pub enum WalletAction {
    /// Ce qu'un encaissement verserait : tout le disponible moins le dépôt de garantie de
    /// 60 €, à partir de 120 € (règle A2).
    Cashout {
        /// Solde du porte-monnaie, par exemple 350.00 (négatif après un remboursement).
        #[arg(long, value_parser = signed_amount, allow_negative_numbers = true)]
        balance: Money,
        /// Versement forcé de tout le solde, dépôt compris (action du support).
        #[arg(long)]
        force: bool,
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
    /// Disponibilité d'un hébergement nuit par nuit : libre sauf réservation, blocage ou calendrier importé
    Availability {
        /// L'hébergement.
        #[arg(long, value_parser = id)]
        unit: Uuid,
        /// Première nuit, AAAA-MM-JJ.
        #[arg(long, value_parser = date)]
        from: NaiveDate,
        /// Nombre de nuits.
        #[arg(long, value_parser = days)]
        days: u32,
    },
    /// Calendriers iCal (règle B4) : import d'une plateforme, export de l'occupation
    Ical {
        /// Action.
        #[command(subcommand)]
        action: IcalAction,
    },
    /// Paramètres du prestataire.
    Settings {
        /// Mode de calcul des prix.
        #[arg(long, value_enum)]
        pricing_mode: Option<ModeArg>,
        /// Nom du prestataire.
        #[arg(long)]
        provider_name: Option<String>,
        /// Durée de validité des bons cadeaux vendus désormais, en mois (1 à 60)
        #[arg(long, value_parser = months)]
        voucher_validity: Option<u32>,
        /// Durée de conservation des données des clients après leur séjour, en mois (12 à 120)
        #[arg(long, value_parser = months)]
        guest_retention: Option<u32>,
        /// Conditions des contrats (acompte, solde, CGV, informations complémentaires).
        #[command(flatten)]
        conditions: ConditionsArgs,
        /// TVA des factures émises désormais : franchise (« TVA non applicable, art. 293 B du CGI ») ou charged (TVA par taux)
        #[arg(long, value_enum)]
        vat: Option<VatArg>,
        /// Identité du prestataire imprimée sur les factures (SIRET, adresse).
        #[command(flatten)]
        identity: IdentityArgs,
    },
    /// Contrats de location (règle B2) : ce qui a été payé et ce qui reste dû.
    Contracts {
        /// Action.
        #[command(subcommand)]
        action: ContractsAction,
    },
    /// Modèles des e-mails envoyés aux clients (règle T6). Notifications : confirmation,
    /// rappel_solde, annulation, billets. La première ligne « Objet : … » d'un modèle est
    /// l'objet de l'e-mail. Champs : {ContactTitre} {ContactNom} {ContactPrenom}
    /// {ContactAdresse} {ContactEMail} {PrestataireIdentite} {PrestataireAdresse}
    /// {PrestataireEMail} {Numero} {PourcentageAcompte} {MontantAcompte} {Solde} {Total}.
    Templates {
        /// Action.
        #[command(subcommand)]
        action: Option<TemplatesAction>,
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
        #[arg(value_parser = id, long)]
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
        #[arg(value_parser = id, long)]
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
    /// Produits de la caisse (activités, articles) : liste (défaut), ajout, modification,
    /// suppression.
    Products {
        /// Action.
        #[command(subcommand)]
        action: Option<ProductsAction>,
    },
    /// Bons cadeaux : liste (défaut), vente, encaissement, désactivation, prolongation,
    /// PDF à imprimer, rapport.
    Vouchers {
        /// Action.
        #[command(subcommand)]
        action: Option<VouchersAction>,
    },
    /// Caisse : ouverture, ventes, annulation, remboursement, comptage, export.
    Till {
        /// Action.
        #[command(subcommand)]
        action: TillAction,
    },
    /// Virements du service de paiement en ligne : import des transactions, rapprochement
    /// d'un relevé de virements PAYOUT-… (règle O3).
    Payouts {
        /// Action.
        #[command(subcommand)]
        action: PayoutsAction,
    },
    /// Passerelles de paiement des banques : liste (défaut), réglage, vérification,
    /// retrait. Les secrets vont dans le trousseau du système, jamais ailleurs (règle O6).
    Gateways {
        /// Action.
        #[command(subcommand)]
        action: Option<GatewaysAction>,
    },
    /// E-mails : file d'attente (défaut), envoi, relance, réglages du serveur d'envoi (SMTP).
    /// Les e-mails attendent sur ce poste et partent quand la connexion revient (règle T6).
    Mail {
        /// Action.
        #[command(subcommand)]
        action: Option<MailAction>,
    },
    /// Journal de caisse inaltérable (règle A17) : vérification, liste, clôtures.
    Journal {
        /// Action.
        #[command(subcommand)]
        action: JournalAction,
    },
    /// Factures et avoirs : liste (défaut), émission, PDF, vérification de la numérotation.
    Invoices {
        /// Action.
        #[command(subcommand)]
        action: Option<InvoicesAction>,
    },
    /// Conflits trouvés par la synchronisation : liste (défaut) ou règlement.
    Conflicts {
        /// Action.
        #[command(subcommand)]
        action: Option<ConflictsAction>,
    },
    /// Reprise des exports de l'ancien outil (CSV ou XLSX) : bons cadeaux encore valables,
    /// réservations, tarifs, fichier clients. Colonnes trouvées par leur nom, --map pour en désigner une ;
    /// --dry-run montre les premières lignes lues et ce qui serait refusé, sans rien
    /// enregistrer. Réimporter le même fichier n'importe rien deux fois.
    Import {
        /// Ce que contient le fichier.
        #[arg(value_enum)]
        kind: ImportKindArg,
        /// Le fichier exporté (CSV « ; » ou « , », ou classeur XLSX).
        file: PathBuf,
        /// La colonne à lire pour un champ, CHAMP=Colonne (exemple : --map code="N° du bon") ; répétable.
        #[arg(long = "map", value_parser = mapping)]
        map: Vec<(String, String)>,
        /// Montre ce qui serait importé et refusé, sans rien enregistrer.
        #[arg(long)]
        dry_run: bool,
    },
    /// Le fichier clients : ceux qui contiennent --search dans leur nom, e-mail ou
    /// téléphone, ou tous.
    Customers {
        /// Une partie du nom, de l'e-mail ou du téléphone.
        #[arg(long)]
        search: Option<String>,
    },
    /// Données personnelles d'un client (RGPD) : export de tout ce qui est gardé sur lui,
    /// anonymisation à sa demande, anonymisation des séjours passés depuis la durée de
    /// conservation.
    Guests {
        /// Action.
        #[command(subcommand)]
        action: GuestsAction,
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

/// The first day of a period written `shape` (`AAAA-MM`, `AAAA`): `text` followed by
/// `rest` is its first day.
fn period_start(
    text: &str,
    rest: &str,
    shape: (&str, &str),
    what: (&str, &str),
) -> Result<NaiveDate, String> {
    let text = text.trim();
    bounds::parse_date(&format!("{text}{rest}"))
        .ok()
        .filter(|_| text.len() == shape.0.len())
        .ok_or_else(|| {
            let text = bounds::printable(text);
            match lang::current() {
                Lang::Fr => format!(
                    "« {text} » n'est pas {} : écrivez {}, années 2000 à 2099",
                    what.0, shape.0
                ),
                Lang::En => format!(
                    "'{text}' is not {}: write {}, years 2000 to 2099",
                    what.1, shape.1
                ),
            }
        })
}

/// A month `AAAA-MM`: its first day.
fn month(text: &str) -> Result<NaiveDate, String> {
    period_start(text, "-01", ("AAAA-MM", "YYYY-MM"), ("un mois", "a month"))
}

/// A year `AAAA`: its first day.
fn year(text: &str) -> Result<NaiveDate, String> {
    period_start(text, "-01-01", ("AAAA", "YYYY"), ("une année", "a year"))
}

/// `guichet journal …`
#[derive(Debug, Subcommand)]
pub enum JournalAction {
    /// Vérifie le journal de caisse : une entrée modifiée, supprimée ou insérée donne le
    /// code de sortie 1 et la première entrée fautive. JSON : {"entries": N, "ok": BOOL,
    /// "certifiable": BOOL}.
    Verify,
    /// Liste les entrées du journal de caisse, de la plus ancienne à la plus récente.
    List,
    /// Clôture la caisse d'un jour, d'un mois ou d'une année : totaux par moyen de
    /// paiement, grand total perpétuel et empreinte du journal, envoyée au serveur.
    #[command(group(clap::ArgGroup::new("period").required(true).args(["day", "month", "year"])))]
    Close {
        /// Le jour, AAAA-MM-JJ (heure de Paris).
        #[arg(long, value_parser = date)]
        day: Option<NaiveDate>,
        /// Le mois, AAAA-MM.
        #[arg(long, value_parser = month)]
        month: Option<NaiveDate>,
        /// L'année, AAAA.
        #[arg(long, value_parser = year)]
        year: Option<NaiveDate>,
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
        #[arg(value_parser = id)]
        id: Uuid,
        /// Annule d'abord cette réservation (hébergement).
        #[arg(value_parser = id, long)]
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
        #[arg(value_parser = id, long)]
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
        #[arg(value_parser = id, long)]
        event: Uuid,
        /// Nom du billet.
        #[arg(long)]
        name: String,
        /// Thème.
        #[arg(long)]
        theme: String,
        /// Organisateur.
        #[arg(value_parser = id, long)]
        organizer: Uuid,
        /// Prix d'un billet.
        #[arg(long, value_parser = price)]
        price: Money,
    },
    /// Liste les billets proposés, par thème puis organisateur (T2).
    Products {
        /// L'événement (tous sinon).
        #[arg(value_parser = id, long)]
        event: Option<Uuid>,
    },
}

/// `guichet tickets …`
#[derive(Debug, Subcommand)]
pub enum TicketsAction {
    /// Vend des billets pour une séance.
    Issue {
        /// La séance.
        #[arg(value_parser = id, long)]
        session: Uuid,
        /// Nombre de billets.
        #[arg(long, value_parser = quantity)]
        quantity: u32,
        /// Le billet proposé (défaut : le premier de l'événement).
        #[arg(value_parser = id, long)]
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
        #[arg(value_parser = id)]
        booking: Uuid,
    },
    /// Les réservations d'une séance (T3).
    List {
        /// La séance.
        #[arg(value_parser = id, long)]
        session: Uuid,
    },
    /// Annule une réservation : ses billets sont révoqués.
    Cancel {
        /// La réservation.
        #[arg(value_parser = id)]
        booking: Uuid,
    },
    /// Modifie une réservation : annulée et refaite en une étape, le lien gardé (T1).
    Amend {
        /// La réservation.
        #[arg(value_parser = id)]
        booking: Uuid,
        /// Nouveau nombre de billets.
        #[arg(long, value_parser = quantity)]
        quantity: u32,
        /// Nouvelle séance (défaut : la même).
        #[arg(value_parser = id, long)]
        session: Option<Uuid>,
    },
    /// Écrit les billets d'une réservation en PDF (T4).
    Pdf {
        /// La réservation.
        #[arg(value_parser = id)]
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
    /// Photos d'un hébergement (JPEG ou PNG, réduites pour tenir dans 1024×768, moins
    /// de 2 Mo) : liste, ajout, suppression, ordre, export.
    Photo {
        /// Action.
        #[command(subcommand)]
        action: PhotoAction,
    },
}

/// A VAT rate in percent (`20`, `5.5`, `0`), as hundredths of a percent.
fn vat_rate(text: &str) -> Result<u32, String> {
    let refused = || {
        let text = bounds::printable(text);
        match lang::current() {
            Lang::Fr => format!(
                "« {text} » n'est pas un taux de TVA : écrivez-le en pour cent, de 0 à 100 (exemple : 20 ou 5.5)"
            ),
            Lang::En => format!("'{text}' is not a VAT rate: write a percentage from 0 to 100 (e.g. 20 or 5.5)"),
        }
    };
    let percent = text
        .trim()
        .trim_end_matches('%')
        .trim()
        .parse::<Money>()
        .map_err(|_| refused())?;
    percent
        .to_cents()
        .and_then(|bp| u32::try_from(bp).ok())
        .filter(|bp| *bp <= 10_000)
        .ok_or_else(refused)
}

/// `guichet products …`
#[derive(Debug, Subcommand)]
pub enum ProductsAction {
    /// Liste les produits de la caisse.
    List,
    /// Ajoute un produit.
    Add {
        /// Nom.
        #[arg(long)]
        name: String,
        /// Prix TTC, par exemple 25.00.
        #[arg(long, value_parser = price)]
        price: Money,
        /// Taux de TVA en pour cent (défaut : 20).
        #[arg(long, value_parser = vat_rate, default_value = "20")]
        vat: u32,
        /// Canal où il est proposé : till (caisse), widget, mini_site ; répétable (défaut :
        /// till). « none » : vendu seulement en bon cadeau.
        #[arg(long = "channel")]
        channels: Vec<String>,
    },
    /// Modifie un produit (seuls les champs donnés changent).
    Edit {
        /// Le produit.
        #[arg(value_parser = id)]
        product: Uuid,
        /// Nouveau nom.
        #[arg(long)]
        name: Option<String>,
        /// Nouveau prix TTC.
        #[arg(long, value_parser = price)]
        price: Option<Money>,
        /// Nouveau taux de TVA en pour cent.
        #[arg(long, value_parser = vat_rate)]
        vat: Option<u32>,
        /// Canaux où il est proposé (remplacent les actuels ; « none » : aucun).
        #[arg(long = "channel")]
        channels: Vec<String>,
        /// Proposé (true) ou désactivé (false).
        #[arg(long)]
        active: Option<bool>,
        /// Question du formulaire de réservation, posée à la vente dans l'ordre donné et
        /// obligatoire sauf si --optional la nomme ; répétable (remplace le formulaire actuel)
        #[arg(long = "question", conflicts_with = "no_questions")]
        questions: Vec<String>,
        /// Une des questions données par --question, à laquelle on peut ne pas répondre ;
        /// répétable
        #[arg(long = "optional", requires = "questions")]
        optional: Vec<String>,
        /// Retire le formulaire de réservation du produit
        #[arg(long)]
        no_questions: bool,
    },
    /// Supprime un produit jamais vendu (sinon : désactivez-le).
    Remove {
        /// Le produit.
        #[arg(value_parser = id)]
        product: Uuid,
    },
    /// Photos d'un produit (JPEG ou PNG, réduites pour tenir dans 1000×1000, moins de
    /// 2 Mo) : liste, ajout, suppression, ordre, export.
    Photo {
        /// Action.
        #[command(subcommand)]
        action: PhotoAction,
    },
    /// Joint un PDF à un produit, montré sous sa description avant la réservation
    /// (5 Mo au plus).
    Attach {
        /// Le produit.
        #[arg(value_parser = id)]
        product: Uuid,
        /// Le fichier PDF.
        file: PathBuf,
        /// Son titre (défaut : le nom du fichier).
        #[arg(long)]
        name: Option<String>,
    },
    /// Liste les PDF joints à un produit.
    Attachments {
        /// Le produit.
        #[arg(value_parser = id)]
        product: Uuid,
    },
    /// Retire le PDF joint numéro N d'un produit.
    Detach {
        /// Le produit.
        #[arg(value_parser = id)]
        product: Uuid,
        /// Son numéro dans la liste (« guichet products attachments »).
        #[arg(value_parser = quantity)]
        number: u32,
    },
    /// Écrit le PDF joint numéro N d'un produit dans un fichier.
    ExportAttachment {
        /// Le produit.
        #[arg(value_parser = id)]
        product: Uuid,
        /// Son numéro dans la liste (« guichet products attachments »).
        #[arg(value_parser = quantity)]
        number: u32,
        /// Le fichier à écrire.
        #[arg(long)]
        out: PathBuf,
    },
}

/// `guichet products photo …`, `guichet units photo …`.
#[derive(Debug, Subcommand)]
pub enum PhotoAction {
    /// Liste les photos, dans leur ordre.
    List {
        /// Le produit ou l'hébergement.
        #[arg(value_parser = id)]
        owner: Uuid,
    },
    /// Ajoute une photo JPEG ou PNG (lue d'après son contenu, pas son nom), réduite,
    /// sans ses métadonnées (ni EXIF ni GPS).
    Add {
        /// Le produit ou l'hébergement.
        #[arg(value_parser = id)]
        owner: Uuid,
        /// Le fichier de la photo.
        file: PathBuf,
    },
    /// Retire la photo numéro N.
    Remove {
        /// Le produit ou l'hébergement.
        #[arg(value_parser = id)]
        owner: Uuid,
        /// Son numéro dans la liste.
        #[arg(value_parser = quantity)]
        number: u32,
    },
    /// Déplace la photo numéro N à la place voulue (la première est montrée en premier).
    Move {
        /// Le produit ou l'hébergement.
        #[arg(value_parser = id)]
        owner: Uuid,
        /// Son numéro dans la liste.
        #[arg(value_parser = quantity)]
        number: u32,
        /// Sa nouvelle place (1 : la première).
        #[arg(long, value_parser = quantity)]
        to: u32,
    },
    /// Écrit la photo numéro N dans un fichier, telle que gardée.
    Export {
        /// Le produit ou l'hébergement.
        #[arg(value_parser = id)]
        owner: Uuid,
        /// Son numéro dans la liste.
        #[arg(value_parser = quantity)]
        number: u32,
        /// Le fichier à écrire.
        #[arg(long)]
        out: PathBuf,
    },
}

/// `guichet vouchers …`
#[derive(Debug, Subcommand)]
pub enum VouchersAction {
    /// Liste les bons cadeaux connus de ce poste.
    List,
    /// Un bon cadeau et son historique.
    Show {
        /// Son code.
        code: String,
    },
    /// Vend un bon cadeau, payé en entier, valable un an.
    Sell {
        /// Produit payable par ce bon (au moins un ; répétable).
        #[arg(long = "product", value_parser = id, required = true)]
        products: Vec<Uuid>,
        /// Montant du bon, par exemple 50.00.
        #[arg(long, value_parser = price)]
        amount: Money,
        /// Moyen de paiement.
        #[arg(long, value_enum, default_value = "cash")]
        method: MethodArg,
    },
    /// Encaisse un bon cadeau comme paiement (une seule fois).
    Redeem {
        /// Son code (scanné ou tapé).
        code: String,
        /// Montant imprimé sur le bon, seulement pour un bon que ce poste ne connaît pas encore.
        #[arg(long, value_parser = price)]
        amount: Option<Money>,
        /// Montant du panier qu'il paie (défaut : tout le bon) ; le reste du bon n'est pas rendu.
        #[arg(long, value_parser = price)]
        cart: Option<Money>,
    },
    /// Désactive un bon cadeau à la main (remboursé en dehors de l'outil, utilisé ailleurs).
    Deactivate {
        /// Son code.
        code: String,
        /// Pourquoi.
        #[arg(long)]
        reason: String,
    },
    /// Prolonge la validité d'un bon cadeau.
    Extend {
        /// Son code.
        code: String,
        /// Nouveau dernier jour, AAAA-MM-JJ.
        #[arg(long, value_parser = date)]
        until: NaiveDate,
    },
    /// Écrit le bon cadeau à imprimer en PDF (son code en QR).
    Pdf {
        /// Son code.
        code: String,
        /// Fichier PDF à écrire.
        #[arg(long)]
        out: PathBuf,
    },
    /// Les bons achetés et utilisés sur une période, et la différence (A8) ; exportable.
    Report {
        /// La période.
        #[command(flatten)]
        period: PeriodArgs,
        /// Écrit la liste des bons en CSV (séparateur ;) dans ce fichier.
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Écrit le rapport en classeur XLSX dans ce fichier.
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
}

/// `--line PRODUIT[:QUANTITÉ[:AAAA-MM-JJ]]`.
fn cart_line(text: &str) -> Result<guichet_app::till::sales::CartLine, String> {
    let mut parts = text.split(':');
    let product = id(parts.next().unwrap_or_default())?;
    let quantity = match parts.next() {
        Some(q) => quantity(q)?,
        None => 1,
    };
    let activity_date = parts.next().map(date).transpose()?;
    if parts.next().is_some() {
        return Err(format!(
            "« {} » : une ligne s'écrit PRODUIT[:QUANTITÉ[:AAAA-MM-JJ]]",
            bounds::printable(text)
        ));
    }
    Ok(guichet_app::till::sales::CartLine {
        product,
        quantity,
        activity_date,
        answers: None,
    })
}

/// `--ticket SÉANCE[:QUANTITÉ[:BILLET]]`.
fn cart_ticket(text: &str) -> Result<guichet_app::till::tickets::CartTicket, String> {
    let mut parts = text.split(':');
    let session = id(parts.next().unwrap_or_default())?;
    let quantity = match parts.next() {
        Some(q) => quantity(q)?,
        None => 1,
    };
    let product = parts.next().map(id).transpose()?;
    if parts.next().is_some() {
        return Err(format!(
            "« {} » : des billets s'écrivent SÉANCE[:QUANTITÉ[:BILLET]]",
            bounds::printable(text)
        ));
    }
    Ok(guichet_app::till::tickets::CartTicket {
        session,
        product,
        quantity,
    })
}

/// `--voucher MONTANT:PRODUIT[,PRODUIT…]`.
fn cart_voucher(text: &str) -> Result<guichet_app::till::sales::CartVoucher, String> {
    let (amount, products) = text.split_once(':').ok_or_else(|| {
        format!(
            "« {} » : un bon vendu s'écrit MONTANT:PRODUIT[,PRODUIT…]",
            bounds::printable(text)
        )
    })?;
    Ok(guichet_app::till::sales::CartVoucher {
        amount: price(amount)?,
        products: products.split(',').map(id).collect::<Result<_, _>>()?,
    })
}

/// `--pay MOYEN:MONTANT`, or `--pay gift_voucher:CODE[:MONTANT_IMPRIMÉ]`.
fn cart_payment(text: &str) -> Result<guichet_app::till::sales::CartPayment, String> {
    use guichet_core::payment::PaymentMethod;
    let mut parts = text.split(':');
    let method = PaymentMethod::from_code(parts.next().unwrap_or_default()).ok_or_else(|| {
        format!(
            "« {} » : un paiement s'écrit MOYEN:MONTANT (cash, card, cheque, transfer, ancv_paper, \
             ancv_connect) ou gift_voucher:CODE",
            bounds::printable(text)
        )
    })?;
    let payment = if method == PaymentMethod::GiftVoucher {
        guichet_app::till::sales::CartPayment {
            method,
            amount: None,
            voucher_code: parts.next().map(str::to_owned),
            printed_amount: parts.next().map(price).transpose()?,
        }
    } else {
        guichet_app::till::sales::CartPayment {
            method,
            amount: Some(price(parts.next().unwrap_or_default())?),
            voucher_code: None,
            printed_amount: None,
        }
    };
    if parts.next().is_some() {
        return Err(format!(
            "« {} » : un paiement de trop",
            bounds::printable(text)
        ));
    }
    Ok(payment)
}

/// A cart on the command line.
#[derive(Debug, Clone, Args)]
pub struct CartArgs {
    /// Produit vendu : PRODUIT[:QUANTITÉ[:AAAA-MM-JJ de l'activité]] ; répétable.
    #[arg(long = "line", value_parser = cart_line)]
    pub lines: Vec<guichet_app::till::sales::CartLine>,
    /// Billets d'une séance : SÉANCE[:QUANTITÉ[:BILLET]], BILLET étant le tarif (défaut : le
    /// premier en vente) ; répétable
    #[arg(long = "ticket", value_parser = cart_ticket)]
    pub tickets: Vec<guichet_app::till::tickets::CartTicket>,
    /// Bon cadeau vendu : MONTANT:PRODUIT[,PRODUIT…] ; répétable.
    #[arg(long = "voucher", value_parser = cart_voucher)]
    pub vouchers: Vec<guichet_app::till::sales::CartVoucher>,
    /// Paiement : MOYEN:MONTANT, ou gift_voucher:CODE[:MONTANT_IMPRIMÉ] ; répétable.
    #[arg(long = "pay", value_parser = cart_payment)]
    pub payments: Vec<guichet_app::till::sales::CartPayment>,
    /// Le client accepte que ce qui reste sur un bon cadeau ne soit pas rendu.
    #[arg(long)]
    pub accept_loss: bool,
    /// Réponse au formulaire d'un produit : [LIGNE:]QUESTION=RÉPONSE, LIGNE étant le
    /// numéro de la --line (utile seulement si plusieurs lignes posent la question) ;
    /// répétable
    #[arg(long = "answer")]
    pub answers: Vec<String>,
}

/// `guichet till …`
#[derive(Debug, Subcommand)]
pub enum TillAction {
    /// La caisse de ce poste : ouverte ou non, espèces attendues.
    Status,
    /// Ouvre la caisse avec son fond de caisse.
    Open {
        /// Fond de caisse, par exemple 150.00.
        #[arg(long, value_parser = price)]
        float: Money,
    },
    /// Ce que coûterait un panier, sans rien enregistrer.
    Quote {
        /// Le panier.
        #[command(flatten)]
        cart: CartArgs,
    },
    /// Vend un panier.
    Sell {
        /// Le panier.
        #[command(flatten)]
        cart: CartArgs,
        /// Écrit le ticket de caisse (PDF 80 mm) dans ce fichier.
        #[arg(long)]
        receipt: Option<PathBuf>,
        /// Imprime le ticket sur l'imprimante de la caisse (et ouvre le tiroir si espèces).
        #[arg(long)]
        print: bool,
    },
    /// Imprime le ticket d'une vente sur l'imprimante de la caisse.
    Print {
        /// La vente.
        #[arg(value_parser = id)]
        sale: Uuid,
    },
    /// Ouvre le tiroir-caisse (par l'imprimante de tickets).
    Drawer,
    /// L'imprimante de tickets de ce poste : 192.168.1.50[:9100], usb, usb:VVVV:PPPP ;
    /// « none » pour n'en avoir aucune ; sans valeur, l'affiche.
    Printer {
        /// Le réglage.
        setting: Option<String>,
    },
    /// Le ticket de caisse d'une vente, en PDF 80 mm.
    Receipt {
        /// La vente.
        #[arg(value_parser = id)]
        sale: Uuid,
        /// Le fichier PDF à écrire.
        #[arg(long)]
        out: PathBuf,
    },
    /// Les ventes d'un jour.
    Sales {
        /// Le jour, AAAA-MM-JJ (défaut : aujourd'hui).
        #[arg(long, value_parser = date)]
        day: Option<NaiveDate>,
    },
    /// Une vente.
    Show {
        /// La vente.
        #[arg(value_parser = id)]
        sale: Uuid,
    },
    /// Annule une vente du jour (contre-passation).
    Void {
        /// La vente.
        #[arg(value_parser = id)]
        sale: Uuid,
        /// Pourquoi.
        #[arg(long)]
        reason: String,
    },
    /// Rembourse une partie d'une vente (jamais une activité passée).
    Refund {
        /// La vente.
        #[arg(value_parser = id)]
        sale: Uuid,
        /// Montant rendu, par exemple 25.00.
        #[arg(long, value_parser = price)]
        amount: Money,
        /// Moyen de paiement.
        #[arg(long, value_enum, default_value = "cash")]
        method: MethodArg,
    },
    /// Compte les espèces à la clôture : l'écart avec l'attendu est enregistré.
    Count {
        /// Espèces comptées dans le tiroir.
        #[arg(long, value_parser = price)]
        counted: Money,
    },
    /// Exporte les ventes d'une période pour le comptable : CSV et/ou classeur XLSX
    /// (feuilles VENTES et PRODUITS).
    Export {
        /// La période.
        #[command(flatten)]
        period: PeriodArgs,
        /// Les fichiers.
        #[command(flatten)]
        files: ExportFiles,
    },
}

/// A period of days, both included.
#[derive(Debug, Clone, Args)]
pub struct PeriodArgs {
    /// Premier jour, AAAA-MM-JJ.
    #[arg(long, value_parser = date)]
    pub from: NaiveDate,
    /// Dernier jour (inclus), AAAA-MM-JJ.
    #[arg(long, value_parser = date)]
    pub to: NaiveDate,
}

/// Where an export is written.
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = true)]
pub struct ExportFiles {
    /// Écrit un CSV pour Excel ou LibreOffice en français (séparateur ;) dans ce fichier.
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Écrit un classeur XLSX dans ce fichier.
    #[arg(long)]
    pub xlsx: Option<PathBuf>,
}

/// `guichet tariffs …`
#[derive(Debug, Subcommand)]
pub enum TariffsAction {
    /// Liste les tarifs d'un hébergement.
    List {
        /// Hébergement.
        #[arg(value_parser = id, long)]
        unit: Uuid,
    },
    /// Ajoute des tarifs sur une période : chaque nuit, à la semaine, ou un forfait.
    Add {
        /// Hébergement.
        #[arg(value_parser = id, long)]
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
        #[arg(value_parser = weekday, long, conflicts_with = "nights")]
        weekly: Option<Weekday>,
        /// Un forfait de N nuits (chaque jour, ou le jour --weekday).
        #[arg(long, value_parser = nights)]
        nights: Option<u32>,
        /// Jour d'arrivée du forfait.
        #[arg(value_parser = weekday, long, requires = "nights")]
        weekday: Option<Weekday>,
    },
    /// Importe un fichier de tarifs JSON.
    Import {
        /// Hébergement.
        #[arg(value_parser = id, long)]
        unit: Uuid,
        /// Fichier JSON.
        file: PathBuf,
    },
    /// Supprime les tarifs commençant dans une période.
    Remove {
        /// Hébergement.
        #[arg(value_parser = id, long)]
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
        #[arg(value_parser = id)]
        hold: Uuid,
    },
    /// Abandonne un blocage.
    Release {
        /// Le blocage.
        #[arg(value_parser = id)]
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
        /// Adultes (la capacité de l'hébergement est vérifiée).
        #[arg(long, value_parser = people)]
        adults: Option<u32>,
        /// Enfants.
        #[arg(long, value_parser = people)]
        children: Option<u32>,
    },
    /// Modifie le client ou le groupe d'une réservation ; seuls les champs donnés changent
    /// (une valeur vide efface la civilité ou l'adresse).
    Edit {
        /// La réservation.
        #[arg(value_parser = id)]
        booking: Uuid,
        /// Nom du client, « Prénom Nom » (coupé au premier espace).
        #[arg(long)]
        name: Option<String>,
        /// Prénom du client.
        #[arg(long)]
        first_name: Option<String>,
        /// Nom de famille du client.
        #[arg(long)]
        last_name: Option<String>,
        /// Civilité du client (M., Mme…).
        #[arg(long)]
        title: Option<String>,
        /// Adresse postale du client (retours à la ligne permis).
        #[arg(long)]
        address: Option<String>,
        /// E-mail du client.
        #[arg(long)]
        email: Option<String>,
        /// Téléphone du client.
        #[arg(long)]
        phone: Option<String>,
        /// Adultes (la capacité de l'hébergement est vérifiée).
        #[arg(long, value_parser = people)]
        adults: Option<u32>,
        /// Enfants.
        #[arg(long, value_parser = people)]
        children: Option<u32>,
    },
    /// Le dossier d'une réservation : client, groupe, paiements, solde, historique.
    Show {
        /// La réservation.
        #[arg(value_parser = id)]
        booking: Uuid,
    },
    /// Enregistre un paiement (acompte, solde) ; un remboursement est un montant négatif.
    Pay {
        /// La réservation.
        #[arg(value_parser = id)]
        booking: Uuid,
        /// Montant, par exemple 300.00 (négatif pour un remboursement).
        #[arg(long, value_parser = signed_amount, allow_negative_numbers = true)]
        amount: Money,
        /// Moyen de paiement.
        #[arg(long, value_enum)]
        method: MethodArg,
        /// Jour du paiement, AAAA-MM-JJ (défaut : aujourd'hui).
        #[arg(long, value_parser = date)]
        date: Option<NaiveDate>,
        /// Le code du bon cadeau, pour --method gift_voucher.
        #[arg(long)]
        voucher: Option<String>,
        /// Montant imprimé sur le bon, seulement pour un bon que ce poste ne connaît pas encore.
        #[arg(long, value_parser = price)]
        printed: Option<Money>,
        /// Le client accepte que ce qui reste sur le bon ne soit pas rendu.
        #[arg(long)]
        accept_loss: bool,
    },
    /// Déplace une réservation entière vers d'autres dates ou un autre hébergement.
    Move {
        /// La réservation.
        #[arg(value_parser = id)]
        booking: Uuid,
        /// Hébergement (défaut : le même).
        #[arg(value_parser = id, long)]
        unit: Option<Uuid>,
        /// Nouvelle date d'arrivée, AAAA-MM-JJ.
        #[arg(long, value_parser = date)]
        from: NaiveDate,
        /// Nombre de nuits (≥ 1).
        #[arg(long, value_parser = nights)]
        nights: u32,
        /// Prix convenu (défaut : le prix des tarifs aux nouvelles dates).
        #[arg(long, value_parser = price)]
        price: Option<Money>,
    },
    /// Paiement reçu : le blocage devient une réservation ferme.
    Confirm {
        /// Le blocage.
        #[arg(value_parser = id, long)]
        hold: Uuid,
    },
    /// Annule une réservation ; facturée, elle reçoit un avoir qui cite sa facture.
    Cancel {
        /// La réservation.
        #[arg(value_parser = id)]
        booking: Uuid,
    },
    /// Supprime une réservation jamais facturée ni payée (facturée : annulez-la).
    Delete {
        /// La réservation.
        #[arg(value_parser = id)]
        booking: Uuid,
    },
}

/// The provider's identity as printed on invoices (each given field replaces the
/// stored one; an empty text erases it).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct IdentityArgs {
    /// SIRET (14 chiffres)
    #[arg(long)]
    pub siret: Option<String>,
    /// Adresse du prestataire : rue
    #[arg(long)]
    pub street: Option<String>,
    /// Code postal du prestataire
    #[arg(long)]
    pub postcode: Option<String>,
    /// Commune du prestataire
    #[arg(long)]
    pub town: Option<String>,
}

impl IdentityArgs {
    /// Whether any field is given.
    pub fn any(&self) -> bool {
        self.siret.is_some()
            || self.street.is_some()
            || self.postcode.is_some()
            || self.town.is_some()
    }
}

/// How VAT is charged on invoices.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum VatArg {
    /// Franchise en base : « TVA non applicable, art. 293 B du CGI ».
    Franchise,
    /// TVA facturée par taux (séjour à 10 %).
    Charged,
}

impl From<VatArg> for guichet_core::invoice::VatRegime {
    fn from(arg: VatArg) -> Self {
        match arg {
            VatArg::Franchise => guichet_core::invoice::VatRegime::Franchise,
            VatArg::Charged => guichet_core::invoice::VatRegime::Charged,
        }
    }
}

/// `guichet invoices …`
#[derive(Debug, Subcommand)]
pub enum InvoicesAction {
    /// Liste les factures et les avoirs.
    List,
    /// Émet la facture d'une réservation : les prestations et le total, jamais les paiements.
    Issue {
        /// La réservation.
        #[arg(long, value_parser = id)]
        booking: Uuid,
    },
    /// Écrit le PDF d'une facture ou d'un avoir, tel qu'émis.
    Pdf {
        /// La facture ou l'avoir.
        #[arg(value_parser = id)]
        invoice: Uuid,
        /// Le fichier PDF à écrire.
        #[arg(long)]
        out: PathBuf,
    },
    /// Vérifie la numérotation (sans trou, chronologique) et que nul PDF n'a changé ;
    /// code de sortie 1 au premier problème.
    Verify,
}

/// What an imported file holds.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportKindArg {
    /// Bons cadeaux encore valables (code, montant restant, fin de validité, produits).
    Vouchers,
    /// Réservations (hébergement, arrivée, nuits ou départ, client, e-mail ou téléphone, prix).
    Bookings,
    /// Tarifs (hébergement, début, nuits, prix).
    Tariffs,
    /// Fichier clients (civilité, prénom, nom, adresse, code postal, ville, pays, e-mail, téléphone).
    Customers,
}

/// Which guest: `--email` or `--name`.
#[derive(Debug, Args)]
pub struct GuestArgs {
    /// L'e-mail du client.
    #[arg(long, required_unless_present = "name")]
    pub email: Option<String>,
    /// Le nom du client (sans tenir compte des majuscules ni des accents).
    #[arg(long)]
    pub name: Option<String>,
}

/// `guichet guests …`
#[derive(Debug, Subcommand)]
pub enum GuestsAction {
    /// Tout ce que ce poste garde sur un client : séjours, paiements, historique,
    /// blocages, billets.
    Export {
        /// Le client.
        #[command(flatten)]
        guest: GuestArgs,
    },
    /// Anonymise un client à sa demande, sur tous les postes et sur le serveur ; une
    /// réservation facturée depuis moins de dix ans garde le client de sa facture.
    Anonymise {
        /// Le client.
        #[command(flatten)]
        guest: GuestArgs,
    },
    /// Anonymise les clients dont le séjour est fini depuis la durée de conservation.
    Purge,
}

/// The contract conditions of `guichet settings` (B2, P9).
#[derive(Debug, Clone, Default, Args)]
pub struct ConditionsArgs {
    /// Acompte demandé à la réservation, en pourcentage du prix (0 à 100).
    #[arg(long, value_parser = percent)]
    pub deposit_percent: Option<u32>,
    /// Nature de l'acompte : arrhes (le client qui annule les perd, le prestataire qui
    /// annule rend le double) ou acompte (engagement ferme : tout le prix reste dû).
    #[arg(long, value_parser = ["arrhes", "acompte"])]
    pub deposit_kind: Option<String>,
    /// Le solde est dû ce nombre de jours avant l'arrivée (0 à 365).
    #[arg(long, value_parser = days_before)]
    pub balance_days: Option<u32>,
    /// Fichier texte des conditions générales de vente, imprimées sur les contrats.
    #[arg(long)]
    pub terms_file: Option<PathBuf>,
    /// Informations complémentaires des contrats : la taxe de séjour (règle P9).
    #[arg(long)]
    pub extra_info: Option<String>,
}

impl ConditionsArgs {
    /// No condition given.
    pub fn is_empty(&self) -> bool {
        self.deposit_percent.is_none()
            && self.deposit_kind.is_none()
            && self.balance_days.is_none()
            && self.terms_file.is_none()
            && self.extra_info.is_none()
    }
}

/// `guichet contracts …`
#[derive(Debug, Subcommand)]
pub enum ContractsAction {
    /// Écrit le contrat d'une réservation en PDF : prestataire, client, séjour, prix,
    /// acompte demandé (arrhes ou acompte), paiements reçus, solde et son échéance,
    /// conditions, informations complémentaires.
    Pdf {
        /// La réservation.
        #[arg(value_parser = id, long)]
        booking: Uuid,
        /// Le fichier PDF à écrire.
        #[arg(long)]
        out: PathBuf,
    },
    /// Ce que dit le contrat d'une réservation (JSON avec --json).
    Show {
        /// La réservation.
        #[arg(value_parser = id, long)]
        booking: Uuid,
    },
}

/// `guichet templates …`
#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// Liste les notifications et leur modèle (le texte par défaut tant qu'aucun n'est enregistré).
    List,
    /// Affiche le modèle d'une notification.
    Show {
        /// La notification (confirmation, rappel_solde, annulation, billets).
        name: String,
    },
    /// Enregistre le modèle d'une notification ; un champ inconnu est refusé et nommé
    /// (code de sortie 1), rien n'est enregistré.
    Set {
        /// La notification (confirmation, rappel_solde, annulation, billets).
        name: String,
        /// Le fichier texte du modèle (UTF-8).
        #[arg(long)]
        file: PathBuf,
    },
    /// Le texte d'une notification, chaque champ rempli pour une réservation.
    Render {
        /// La notification (confirmation, rappel_solde, annulation, billets).
        name: String,
        /// La réservation.
        #[arg(value_parser = id, long)]
        booking: Uuid,
    },
}

/// `guichet payouts …`
#[derive(Debug, Subcommand)]
pub enum PayoutsAction {
    /// Importe l'export des transactions du service de paiement (CSV : colonnes
    /// transaction, date, montant ; « ; » ou « , » ; virgule ou point décimal). Un
    /// fichier mal formé est refusé en entier, ligne et colonne nommées.
    Import {
        /// Le fichier CSV exporté.
        file: PathBuf,
    },
    /// Rapproche un relevé de virements (CSV : colonnes payout, date_virement,
    /// transaction, date_transaction, montant, frais, net) des transactions importées :
    /// chaque PAYOUT-… avec ses transactions et ses écarts.
    Reconcile {
        /// Le relevé CSV.
        statement: PathBuf,
    },
}

/// `guichet gateways …`
#[derive(Debug, Subcommand)]
pub enum GatewaysAction {
    /// Liste les passerelles, leurs champs et ce qui est réglé sur ce poste.
    List,
    /// Règle une passerelle : champs non secrets avec --field, secrets lus dans un fichier
    /// ou sur l'entrée standard (jamais sur la ligne de commande).
    Set {
        /// La passerelle (paybox, payfip, monetico…).
        name: String,
        /// Un champ non secret, CLÉ=VALEUR ; répétable.
        #[arg(long = "field", value_parser = key_value)]
        fields: Vec<(String, String)>,
        /// Fichier des secrets, une ligne CLÉ=VALEUR par secret ; « - » : l'entrée standard.
        #[arg(long)]
        secrets_file: Option<PathBuf>,
    },
    /// Dit quels secrets d'une passerelle le trousseau du système contient (sans les montrer).
    Check {
        /// La passerelle.
        name: String,
    },
    /// Retire une passerelle : ses secrets du trousseau, ses réglages de ce poste.
    Remove {
        /// La passerelle.
        name: String,
    },
}

/// `FIELD=Column`.
fn mapping(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .filter(|(field, column)| !field.trim().is_empty() && !column.trim().is_empty())
        .map(|(field, column)| (field.trim().to_owned(), column.trim().to_owned()))
        .ok_or_else(|| match lang::current() {
            Lang::Fr => "écrivez CHAMP=Colonne (exemple : --map code=\"N° du bon\")".to_owned(),
            Lang::En => "write FIELD=Column (e.g. --map code=\"N° du bon\")".to_owned(),
        })
}

/// `guichet mail …`
#[derive(Debug, Subcommand)]
pub enum MailAction {
    /// Les e-mails de la file : état, tentatives, raison d'un échec, date d'envoi.
    Queue,
    /// Met un e-mail en file ; il part tout de suite si c'est possible.
    Send {
        /// Adresse du destinataire.
        #[arg(long)]
        to: String,
        /// Objet.
        #[arg(long)]
        subject: String,
        /// Fichier texte du message (UTF-8) ; « - » : l'entrée standard.
        #[arg(long)]
        body_file: PathBuf,
        /// Fichier joint ; répétable.
        #[arg(long = "attach")]
        attach: Vec<PathBuf>,
        /// La réservation concernée : l'e-mail part quand le serveur de synchronisation l'a enregistrée.
        #[arg(value_parser = id, long)]
        booking: Option<Uuid>,
        /// Met en file sans essayer d'envoyer.
        #[arg(long)]
        queue_only: bool,
    },
    /// Met en file un e-mail avec les billets d'une réservation de billets en PDF.
    Tickets {
        /// La réservation de billets.
        #[arg(value_parser = id)]
        booking: Uuid,
        /// Adresse du destinataire.
        #[arg(long)]
        to: String,
        /// Objet (défaut : « Vos billets — réservation … »).
        #[arg(long)]
        subject: Option<String>,
        /// Fichier texte du message (défaut : un message court).
        #[arg(long)]
        body_file: Option<PathBuf>,
        /// Met en file sans essayer d'envoyer.
        #[arg(long)]
        queue_only: bool,
    },
    /// Met en file la notification d'un séjour (confirmation, rappel_solde, annulation) : son modèle rempli pour la réservation, le contrat en PDF joint, et la facture (l'avoir pour une annulation) quand il y en a une ; part quand le serveur de synchronisation a enregistré la réservation.
    Booking {
        /// La réservation (séjour).
        #[arg(value_parser = id)]
        booking: Uuid,
        /// La notification (confirmation, rappel_solde, annulation).
        #[arg(long, default_value = "confirmation")]
        notification: String,
        /// Adresse du destinataire (défaut : l'e-mail du client).
        #[arg(long)]
        to: Option<String>,
        /// Met en file sans essayer d'envoyer.
        #[arg(long)]
        queue_only: bool,
    },
    /// Envoie maintenant les e-mails en attente (y compris ceux qui ont échoué faute de réseau).
    #[command(visible_alias = "send-queued")]
    Flush,
    /// Relance un e-mail qui a échoué.
    Retry {
        /// L'e-mail.
        #[arg(value_parser = id)]
        id: Uuid,
    },
    /// Montre ou change les réglages du serveur d'envoi ; le mot de passe va dans le trousseau du système.
    Settings {
        /// Serveur d'envoi (smtp.exemple.fr).
        #[arg(long)]
        host: Option<String>,
        /// Port (défaut : 587 en STARTTLS, 465 en TLS).
        #[arg(long, value_parser = port)]
        port: Option<u16>,
        /// Sécurité : starttls, tls, ou plain (sans chiffrement, vers cette machine seulement).
        #[arg(long)]
        security: Option<String>,
        /// Identifiant de connexion (vide : aucun).
        #[arg(long)]
        user: Option<String>,
        /// Adresse d'expédition.
        #[arg(long = "from", id = "from_address")]
        from: Option<String>,
        /// Nom de l'expéditeur.
        #[arg(long)]
        from_name: Option<String>,
        /// Fichier contenant le mot de passe (une ligne) ; « - » : l'entrée standard.
        #[arg(long)]
        password_file: Option<PathBuf>,
        /// Oublie le mot de passe.
        #[arg(long, conflicts_with = "password_file")]
        no_password: bool,
    },
    /// Envoie tout de suite un e-mail d'essai avec les réglages de ce poste.
    Test {
        /// Adresse du destinataire.
        #[arg(long)]
        to: String,
    },
}

/// `KEY=VALUE`.
fn key_value(text: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .filter(|(key, _)| !key.trim().is_empty())
        .map(|(key, value)| (key.trim().to_owned(), value.to_owned()))
        .ok_or_else(|| match lang::current() {
            Lang::Fr => {
                "écrivez le champ CLÉ=VALEUR (exemple : --field login=hotel-des-pins)".to_owned()
            }
            Lang::En => "write the field KEY=VALUE (e.g. --field login=hotel-des-pins)".to_owned(),
        })
}

/// `guichet ical …`
#[derive(Debug, Subcommand)]
pub enum IcalAction {
    /// Importe le calendrier d'une plateforme (fichier .ics ou adresse https://) : ses nuits sont bloquées
    Import {
        /// L'hébergement.
        #[arg(long, value_parser = id)]
        unit: Uuid,
        /// Le fichier .ics ou l'adresse https:// du calendrier.
        source: String,
    },
    /// Écrit l'occupation d'un hébergement en calendrier iCal (sans données personnelles)
    Export {
        /// L'hébergement.
        #[arg(long, value_parser = id)]
        unit: Uuid,
        /// Le fichier .ics à écrire (chemin complet).
        #[arg(long)]
        out: String,
    },
    /// Calendriers importés, avec leur dernier import réussi et leur dernière erreur
    List {
        /// Seulement ceux de cet hébergement.
        #[arg(long, value_parser = id)]
        unit: Option<Uuid>,
    },
    /// Retire un calendrier importé : ses nuits redeviennent libres
    Remove {
        /// Le calendrier (son identifiant, voir « ical list »).
        #[arg(value_parser = id)]
        source: Uuid,
    },
    /// Réimporte maintenant les adresses dont l'intervalle est écoulé
    Poll,
    /// L'adresse secrète du calendrier d'un hébergement sur le serveur de synchronisation, pour une plateforme
    Url {
        /// L'hébergement.
        #[arg(long, value_parser = id)]
        unit: Uuid,
    },
    /// Intervalle entre deux imports d'une adresse, en minutes (5 à 1440) ; sans valeur, l'affiche
    Interval {
        /// Nombre de minutes (5 à 1440).
        minutes: Option<u32>,
    },
}
