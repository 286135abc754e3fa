//! Runs a parsed command and renders its result, JSON or French.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use guichet_app::clock::SystemClock;
use guichet_app::error::{AppError, AppResult, ErrorCode};
use guichet_app::planning::booking_file::{BookingFileView, Party};
use guichet_app::planning::tariff_file::read_tariffs;
use guichet_app::planning::tariffs::TariffPlan;
use guichet_app::planning::units::UnitOrder;
use guichet_app::planning::views::TariffView;
use guichet_app::{default_data_dir, App};
use guichet_core::contact::Contact;
use guichet_core::Money;
use guichet_core::{PricingMode, Stay, TariffGrid};
use guichet_devices::qr::{self, Frame};
use serde::Serialize;
use serde_json::json;

use crate::french;

use crate::args::{
    BookingsAction, Cli, Command, ConflictsAction, ContactArgs, EventsAction, GatewaysAction,
    GuestsAction, HoldsAction, IcalAction, InvoicesAction, JournalAction, MailAction, MethodArg,
    OperatorsAction, OrderArg, PayoutsAction, PhotoAction, ProductsAction, QuoteArgs,
    StatelessCommand, StayArgs, StoredCommand, TariffsAction, TemplatesAction, TicketsAction,
    TillAction, UnitsAction, VouchersAction, WalletAction,
};

/// What a command prints: JSON for `--json`, French text otherwise.
pub struct Output {
    /// The machine form.
    pub json: serde_json::Value,
    /// The human form.
    pub text: String,
    /// Print the JSON array one element per line (`decode`).
    pub json_lines: bool,
    /// Exit status (0, or 2 when some input of a batch was bad).
    pub exit: u8,
    /// Steps that failed after the work was committed (cli.md): the result is still
    /// reported in full.
    pub warnings: Vec<Warning>,
}

/// A step that failed after the work it follows was stored.
#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    /// Which step (`pdf`…).
    pub step: String,
    /// What went wrong and what to do, in French.
    pub message: String,
}

pub(crate) fn output(value: &impl Serialize, text: String) -> AppResult<Output> {
    let json = serde_json::to_value(value).map_err(|e| {
        guichet_app::error::AppError::input(format!("sortie JSON impossible : {e}"))
    })?;
    Ok(Output {
        json,
        text,
        json_lines: false,
        exit: 0,
        warnings: Vec::new(),
    })
}

pub(crate) fn lines<T>(items: &[T], line: impl Fn(&T) -> String, empty: &str) -> String {
    if items.is_empty() {
        return empty.to_owned();
    }
    items.iter().map(line).collect::<Vec<_>>().join("\n")
}

fn stay(args: &StayArgs) -> AppResult<Stay> {
    Ok(Stay::new(args.from, args.nights)?)
}

/// The customer of `--name` (split at its first space unless `--first-name` or
/// `--last-name` are given), `--title`, `--address`, `--email`, `--phone` (cli.md).
fn contact(args: &ContactArgs) -> AppResult<Contact> {
    let details = guichet_core::contact::Details {
        title: args.title.as_deref(),
        first_name: args.first_name.as_deref(),
        last_name: args.last_name.as_deref(),
        address: args.address.as_deref(),
    };
    Ok(Contact::with_details(
        args.name.as_deref().unwrap_or_default(),
        args.email.as_deref(),
        args.phone.as_deref(),
        &details,
    )?)
}

/// Whether a command only reads the data dir: it then works on a read-only one.
fn reads_only(command: &StoredCommand) -> bool {
    match command {
        StoredCommand::Sessions
        | StoredCommand::Outbox
        | StoredCommand::Price { .. }
        | StoredCommand::Availability { .. }
        | StoredCommand::Planning { .. }
        | StoredCommand::Check
        | StoredCommand::Backup { .. } => true,
        StoredCommand::Units { action } => matches!(
            action,
            None | Some(UnitsAction::List { .. })
                | Some(UnitsAction::Photo {
                    action: PhotoAction::List { .. } | PhotoAction::Export { .. }
                })
        ),
        StoredCommand::Tariffs { action } => matches!(action, TariffsAction::List { .. }),
        StoredCommand::Ical { action } => matches!(
            action,
            IcalAction::Export { .. }
                | IcalAction::List { .. }
                | IcalAction::Interval { minutes: None }
        ),
        StoredCommand::Holds { action } => matches!(action, None | Some(HoldsAction::List)),
        StoredCommand::Bookings { action } => {
            matches!(action, None | Some(BookingsAction::List))
        }
        StoredCommand::Settings {
            pricing_mode,
            provider_name,
            voucher_validity,
            guest_retention,
            conditions,
            vat,
            identity,
        } => {
            !identity.any()
                && pricing_mode.is_none()
                && provider_name.is_none()
                && voucher_validity.is_none()
                && guest_retention.is_none()
                && conditions.is_empty()
                && vat.is_none()
        }
        // A dry run writes in a transaction it rolls back.
        StoredCommand::Import { .. } => false,
        StoredCommand::Customers { .. } => true,
        StoredCommand::Guests { action } => matches!(action, GuestsAction::Export { .. }),
        StoredCommand::Contracts { .. } => true,
        StoredCommand::Templates { action } => !matches!(action, Some(TemplatesAction::Set { .. })),
        StoredCommand::Events { action } => matches!(action, EventsAction::Products { .. }),
        StoredCommand::Tickets { action } => {
            matches!(
                action,
                TicketsAction::Show { .. } | TicketsAction::List { .. }
            )
        }
        StoredCommand::Conflicts { action } => {
            matches!(action, None | Some(ConflictsAction::List))
        }
        StoredCommand::Products { action } => matches!(
            action,
            None | Some(ProductsAction::List)
                | Some(ProductsAction::Attachments { .. })
                | Some(ProductsAction::ExportAttachment { .. })
                | Some(ProductsAction::Photo {
                    action: PhotoAction::List { .. } | PhotoAction::Export { .. }
                })
        ),
        StoredCommand::Till { action } => matches!(
            action,
            TillAction::Status
                | TillAction::Sales { .. }
                | TillAction::Show { .. }
                | TillAction::Receipt { .. }
                | TillAction::Export { .. }
        ),
        StoredCommand::Vouchers { action } => matches!(
            action,
            None | Some(
                VouchersAction::List | VouchersAction::Show { .. } | VouchersAction::Report { .. }
            )
        ),
        StoredCommand::Operators { action } => matches!(action, None | Some(OperatorsAction::List)),
        StoredCommand::Payouts { action } => matches!(action, PayoutsAction::Reconcile { .. }),
        StoredCommand::Gateways { action } => matches!(
            action,
            None | Some(GatewaysAction::List | GatewaysAction::Check { .. })
        ),
        StoredCommand::Journal { action } => !matches!(action, JournalAction::Close { .. }),
        StoredCommand::Invoices { action } => !matches!(action, Some(InvoicesAction::Issue { .. })),
        StoredCommand::Mail { action } => matches!(action, None | Some(MailAction::Queue)),
        StoredCommand::Enroll { .. } | StoredCommand::Sync => false,
        StoredCommand::Demo
        | StoredCommand::Scan { .. }
        | StoredCommand::Gate { .. }
        | StoredCommand::Device { .. }
        | StoredCommand::Restore { .. } => false,
    }
}

/// `guichet operators …`: the command line acts as a manager (no PIN asked: who can
/// run it on this machine can read the data dir anyway).
fn operators(app: &mut App, action: Option<OperatorsAction>) -> AppResult<Output> {
    match action {
        Some(OperatorsAction::Add {
            name,
            role,
            pin_file,
        }) => {
            let pin = std::fs::read_to_string(&pin_file).map_err(|e| {
                AppError::input(format!(
                    "le fichier de code PIN {} ne peut pas être lu ({}) : vérifiez le chemin donné à --pin-file",
                    pin_file.display(),
                    guichet_app::error::os_reason(&e)
                ))
            })?;
            let pin = pin.lines().next().unwrap_or_default().trim().to_owned();
            let added = app.add_operator(&name, role.parse()?, &pin)?;
            let text = format!(
                "Opérateur « {} » ajouté ({}).",
                added.name,
                added.role.french()
            );
            output(&added, text)
        }
        Some(OperatorsAction::Remove { name }) => {
            app.remove_operator(&name)?;
            output(
                &serde_json::json!({ "removed": name }),
                format!("Opérateur « {name} » retiré."),
            )
        }
        None | Some(OperatorsAction::List) => {
            let list = app.operators()?;
            let text = if list.is_empty() {
                "Aucun opérateur : ce poste fonctionne sans code PIN.".to_owned()
            } else {
                list.iter()
                    .map(|o| format!("{} — {}", o.name, o.role.french()))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            output(&list, text)
        }
    }
}

/// Runs the command line. `GUICHET_NOW` is checked first, whatever the command:
/// an invalid value is refused, never ignored.
pub fn run(cli: Cli) -> AppResult<Output> {
    SystemClock::from_env()?;
    match cli.command {
        Command::Stateless(StatelessCommand::Quote(args)) => quote_file(&args),
        Command::Stateless(StatelessCommand::Decode { images }) => Ok(decode(&images)),
        Command::Stateless(StatelessCommand::PayoutDate { date }) => payout_date(date),
        Command::Stateless(StatelessCommand::Fee { amount }) => fee(amount),
        Command::Stateless(StatelessCommand::Wallet {
            action: WalletAction::Cashout { balance, force },
        }) => cashout(balance, force),
        Command::Stored(command) => {
            let dir = cli.data_dir.unwrap_or_else(default_data_dir);
            match command {
                StoredCommand::Check => Ok(check(&dir)),
                StoredCommand::Restore {
                    file,
                    passphrase_file,
                    replace,
                } => restore(&dir, &file, passphrase_file.as_deref(), replace),
                command => {
                    let app = if reads_only(&command) {
                        App::open_for_reading(&dir)?
                    } else {
                        App::open(&dir)?
                    };
                    if let Some(notice) = app.store().upgrade_notice() {
                        tracing::info!("schéma mis à jour");
                        eprintln!("Note : {notice}.");
                    }
                    run_on_store(app, command, cli.json)
                }
            }
        }
    }
}

/// `guichet check`: exit 2 when the data dir is damaged.
fn check(dir: &Path) -> Output {
    let report = guichet_app::data_dir::check(dir);
    let text = if report.ok {
        format!("Base intacte : {}", dir.display())
    } else {
        format!(
            "Base endommagée ({} problème(s)) :\n{}\nRestaurez une sauvegarde avec « guichet restore FICHIER ».",
            report.problems.len(),
            report
                .problems
                .iter()
                .map(|p| format!("  - {p}"))
                .collect::<Vec<_>>()
                .join("\n")
        )
    };
    Output {
        json: json!({ "ok": report.ok, "problems": report.problems }),
        text,
        json_lines: false,
        exit: if report.ok { 0 } else { 2 },
        warnings: Vec::new(),
    }
}

/// The environment variable that holds the backup passphrase.
const PASSPHRASE_ENV: &str = "GUICHET_BACKUP_PASSPHRASE";

/// The backup passphrase: `--passphrase-file`, else `GUICHET_BACKUP_PASSPHRASE`, else
/// typed without echo when standard input is a terminal (twice for a new backup).
fn passphrase(file: Option<&Path>, confirm: bool) -> AppResult<String> {
    use std::io::IsTerminal;
    if let Some(file) = file {
        let text = std::fs::read_to_string(file).map_err(|e| {
            AppError::input(format!(
                "le fichier de mot de passe {} ne peut pas être lu ({}) : vérifiez le chemin donné à --passphrase-file",
                file.display(), guichet_app::error::os_reason(&e)
            ))
        })?;
        let line = text.lines().next().unwrap_or_default().to_owned();
        if line.is_empty() {
            return Err(AppError::input(format!(
                "le fichier de mot de passe {} est vide : écrivez le mot de passe sur sa première ligne",
                file.display()
            )));
        }
        return Ok(line);
    }
    if let Ok(value) = std::env::var(PASSPHRASE_ENV) {
        if !value.is_empty() {
            return Ok(value);
        }
    }
    if !std::io::stdin().is_terminal() {
        return Err(AppError::input(format!(
            "aucun mot de passe de sauvegarde : donnez-le dans la variable {PASSPHRASE_ENV} ou dans un \
             fichier avec --passphrase-file FICHIER"
        )));
    }
    let typed = rpassword::prompt_password("Mot de passe de la sauvegarde : ").map_err(|e| {
        AppError::input(format!(
            "le mot de passe n'a pas pu être lu ({})",
            guichet_app::error::os_reason(&e)
        ))
    })?;
    if typed.is_empty() {
        return Err(AppError::input(
            "mot de passe vide : choisissez-en un (il sera demandé pour restaurer)",
        ));
    }
    if confirm {
        let again = rpassword::prompt_password("Encore une fois : ").map_err(|e| {
            AppError::input(format!(
                "le mot de passe n'a pas pu être lu ({})",
                guichet_app::error::os_reason(&e)
            ))
        })?;
        if again != typed {
            return Err(AppError::input(
                "les deux mots de passe diffèrent : rien n'a été écrit ; recommencez",
            ));
        }
    }
    Ok(typed)
}

/// `guichet restore FILE`.
fn restore(
    dir: &Path,
    file: &Path,
    passphrase_file: Option<&Path>,
    replace: bool,
) -> AppResult<Output> {
    let pass = passphrase(passphrase_file, false)?;
    let done = guichet_app::backup::restore(
        dir,
        file,
        &pass,
        replace,
        &SystemClock::from_env()?,
        &guichet_app::clock::UuidV7,
    )?;
    let mut text = format!(
        "Sauvegarde du {} (poste « {} ») restaurée dans {}. Cette copie est un nouveau poste : {}.",
        done.manifest.created_at,
        done.manifest.device_name,
        dir.display(),
        done.device
    );
    if let Some(previous) = &done.previous_database {
        text.push_str(&format!("\nL'ancienne base est gardée dans {previous}."));
    }
    if let Some(previous) = &done.previous_key_file {
        text.push_str(&format!(
            "\nL'ancien fichier de clés est gardé dans {previous}."
        ));
    }
    output(&done, text)
}

/// `guichet quote`: stateless, from a tariff file.
fn quote_file(args: &QuoteArgs) -> AppResult<Output> {
    let (stay, mode) = (
        Stay::new(args.from, args.nights)?,
        PricingMode::from(args.mode),
    );
    let grid = TariffGrid::new(read_tariffs(&args.tariffs)?)?;
    let quote = grid.quote(stay, mode);
    let json = match &quote {
        Some(q) => json!({
            "available": true,
            "total": q.total,
            "parts": q.parts.iter().map(TariffView::from).collect::<Vec<_>>(),
        }),
        None => json!({ "available": false }),
    };
    let view = guichet_app::planning::views::QuoteView::new(quote.as_ref(), mode, None);
    Ok(Output {
        json,
        text: french::quote(&view, stay.start(), stay.nights()),
        json_lines: false,
        exit: 0,
        warnings: Vec::new(),
    })
}

/// `guichet payout-date`: when a payment received on `date` is paid out (rule O4).
fn payout_date(date: NaiveDate) -> AppResult<Output> {
    let payout = guichet_core::payout::payout_date(date)
        .ok_or_else(|| AppError::input("cette date est trop loin dans le calendrier"))?;
    output(
        &json!({ "payment_date": date, "payout_date": payout }),
        format!(
            "Un paiement reçu le {} est versé par l'ordre de virement du {} {}.",
            date.format("%d/%m/%Y"),
            guichet_core::calendar::french_weekday(payout.weekday()),
            payout.format("%d/%m/%Y")
        ),
    )
}

/// `guichet fee`: the payment service's fee (rule O5); 0,01 € to 0,99 € refused (O2).
fn fee(amount: Money) -> AppResult<Output> {
    let fee = guichet_core::fee::fee(amount).map_err(|e| AppError::rule(e.to_string()))?;
    output(
        &fee,
        format!(
            "Paiement de {} : frais {}, net versé {}.",
            fee.amount.to_french(),
            fee.fee.to_french(),
            fee.net.to_french()
        ),
    )
}

/// `guichet wallet cashout`: what a cash-out would pay (rule A2); exit 0 either way.
fn cashout(balance: Money, force: bool) -> AppResult<Output> {
    let cashout = if force {
        guichet_core::wallet::forced_payout(balance)
    } else {
        guichet_core::wallet::cashout(balance)?
    };
    let text = match (cashout.allowed, force) {
        (true, _) => format!(
            "Encaissement de {} ; il reste {} dans le porte-monnaie.",
            cashout.amount.to_french(),
            cashout.balance_after.to_french()
        ),
        (false, false) => format!(
            "Pas d'encaissement : le solde ({}) doit atteindre 120,00 € ; 60,00 € de dépôt de \
             garantie restent toujours. Pour tout récupérer, demandez un versement forcé au support.",
            balance.to_french()
        ),
        (false, true) => format!("Rien à verser : le solde est de {}.", balance.to_french()),
    };
    output(&cashout, text)
}

/// `guichet decode`: the QR codes of each image; exit 2 after all when one was unreadable.
fn decode(images: &[PathBuf]) -> Output {
    let mut lines = Vec::new();
    let mut text = Vec::new();
    let mut exit = 0;
    for path in images {
        let file = guichet_core::bounds::printable(&path.display().to_string()).into_owned();
        match Frame::open(path) {
            Ok(frame) => {
                let codes = qr::decode(&frame);
                text.push(if codes.is_empty() {
                    format!("{file} : aucun QR code lu")
                } else {
                    format!(
                        "{file} : {}",
                        guichet_core::bounds::printable(&codes.join(", "))
                    )
                });
                lines.push(json!({ "file": file, "codes": codes }));
            }
            Err(error) => {
                exit = 2;
                text.push(format!("{file} : erreur — {error}"));
                lines.push(json!({ "file": file, "error": error.to_string() }));
            }
        }
    }
    Output {
        json: serde_json::Value::Array(lines),
        text: text.join("\n"),
        json_lines: true,
        exit,
        warnings: Vec::new(),
    }
}

/// The longest line the gate reads; a longer one is an unreadable scan.
const MAX_GATE_LINE: u64 = 4096;
/// How many times a scan that could not be recorded is tried before its error line.
const GATE_ATTEMPTS: u32 = 4;
/// How long each try waits for another process's write (a user's write holds the
/// lock for well under 100 ms; longer is a stuck process): at most about 10 s in all
/// before the error line, and the gate goes on.
const GATE_BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// Reads one line of at most [`MAX_GATE_LINE`] bytes (the rest of a longer line is
/// skipped); `None` at the end of input.
fn gate_line(input: &mut impl std::io::BufRead) -> std::io::Result<Option<String>> {
    use std::io::{BufRead, Read};
    let mut bytes = Vec::new();
    let read = input
        .by_ref()
        .take(MAX_GATE_LINE)
        .read_until(b'\n', &mut bytes)?;
    if read == 0 {
        return Ok(None);
    }
    if bytes.last() != Some(&b'\n') && read as u64 == MAX_GATE_LINE {
        let mut rest = Vec::new();
        while input
            .by_ref()
            .take(MAX_GATE_LINE)
            .read_until(b'\n', &mut rest)?
            > 0
            && rest.last() != Some(&b'\n')
        {
            rest.clear();
        }
    }
    Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
}

/// `guichet gate`: every line read is scanned, recorded, then its verdict printed and
/// flushed, so that a printed verdict is always a stored one. Undecodable bytes are an
/// `unreadable` verdict; a scan that cannot be recorded is retried, then reported by an
/// error line, and the gate goes on with the next line.
fn gate(mut app: App, session: uuid::Uuid, source: &str, json_out: bool) -> AppResult<Output> {
    use std::io::Write;
    if !app.sessions()?.iter().any(|s| s.id == session) {
        return Err(guichet_app::error::AppError::input(format!(
            "aucune séance n'a l'identifiant {session} : voyez « guichet sessions »"
        )));
    }
    app.store().set_busy_wait(GATE_BUSY_WAIT)?;
    // Enrolled: sync in the background (its own connections and threads); the gate
    // never waits for the network.
    let worker = match (app.data_dir(), app.credentials()) {
        (Some(dir), Ok(Some(_))) => Some(guichet_app::sync::worker::SyncWorker::start(
            dir.to_owned(),
            |_| {},
        )),
        _ => None,
    };
    let (mut scanned, mut failed) = (0u32, 0u32);
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    loop {
        let line = match gate_line(&mut input) {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(guichet_app::error::AppError::input(format!(
                    "l'entrée du contrôle ne peut plus être lue ({}) : relancez « guichet gate »",
                    guichet_app::error::os_reason(&e)
                )))
            }
        };
        let line = line.trim_end_matches(['\r', '\n']);
        if line.trim().is_empty() {
            continue;
        }
        let mut attempt = 0;
        let result = loop {
            attempt += 1;
            match app.typed_scan(session, line, source) {
                Err(e) if e.code == ErrorCode::Storage && attempt < GATE_ATTEMPTS => {
                    std::thread::sleep(std::time::Duration::from_millis(50 << attempt));
                }
                other => break other,
            }
        };
        let text = match (result, json_out) {
            (Ok(scan), true) => {
                scanned += 1;
                serde_json::to_string(&scan).unwrap_or_default()
            }
            (Ok(scan), false) => {
                scanned += 1;
                french::scan(&scan)
            }
            (Err(e), true) => {
                failed += 1;
                json!({ "code": line, "error": e.message }).to_string()
            }
            (Err(e), false) => {
                failed += 1;
                format!("ERREUR — {} : {}", french::printable(line), e.message)
            }
        };
        let mut out = stdout.lock();
        if writeln!(out, "{text}").and_then(|()| out.flush()).is_err() {
            break;
        }
        if let Some(worker) = &worker {
            worker.nudge();
        }
    }
    if worker.is_some() {
        // The input ended: give the pusher a moment to send the last scans (they stay
        // in the outbox otherwise, for the next sync).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        while std::time::Instant::now() < deadline && app.sync_state().is_ok_and(|s| s.pending > 0)
        {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
    output(
        &json!({ "scanned": scanned, "errors": failed }),
        format!("{scanned} contrôle(s) enregistré(s), {failed} en erreur."),
    )
}

fn run_on_store(mut app: App, command: StoredCommand, json_out: bool) -> AppResult<Output> {
    match command {
        StoredCommand::Gate { session, source } => gate(app, session, &source, json_out),
        StoredCommand::Enroll { server, code } => {
            let enrolled = app.enroll(&server, &code)?;
            let text = format!(
                "Poste {} inscrit chez « {} » ({}) : « guichet sync » envoie ce qu'il a déjà enregistré.",
                enrolled.device, enrolled.provider_name, enrolled.provider
            );
            output(&enrolled, text)
        }
        StoredCommand::Sync => {
            let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
            let report = app.sync(&mut |p| {
                if tty {
                    eprint!(
                        "\r{} : {} / {}   ",
                        french::sync_phase(p.phase),
                        p.done,
                        p.total
                    );
                }
            })?;
            if tty {
                eprintln!();
            }
            let text = french::sync_report(&report);
            output(&report, text)
        }
        StoredCommand::Conflicts { action } => match action {
            None | Some(ConflictsAction::List) => {
                let conflicts = app.conflicts()?;
                let text = lines(&conflicts, french::conflict, "Aucun conflit.");
                let listed: Vec<serde_json::Value> =
                    conflicts.iter().map(french::conflict_json).collect();
                output(&listed, text)
            }
            Some(ConflictsAction::Settle { id, cancel_booking }) => {
                let settle = match cancel_booking {
                    Some(booking) => guichet_app::sync::Settle::CancelBooking { booking },
                    None => guichet_app::sync::Settle::Acknowledge,
                };
                let settled = app.settle_conflict(id, settle)?;
                let text = format!("Conflit réglé : {}", settled.summary);
                output(&french::conflict_json(&settled), text)
            }
        },
        StoredCommand::Sessions => {
            let sessions = app.sessions()?;
            let text = lines(&sessions, french::session, "Aucune séance.");
            output(&sessions, text)
        }
        StoredCommand::Events { action } => events(&mut app, action),
        StoredCommand::Tickets { action } => tickets(&mut app, action),
        StoredCommand::Scan {
            session,
            code,
            source,
        } => {
            let scan = app.scan(session, &code, &source)?;
            let text = french::scan(&scan);
            output(&scan, text)
        }
        StoredCommand::Device {
            name,
            rotate_ticket_key,
        } => {
            if let Some(name) = name {
                app.set_device_name(&name)?;
            }
            let key = if rotate_ticket_key {
                Some(app.rotate_ticket_key()?)
            } else {
                None
            };
            let (id, device_name) = guichet_app::store::device::device(app.store().conn())?;
            let enrolled = app.credentials()?;
            let mut text = format!("Poste « {device_name} » ({id})");
            match &enrolled {
                Some(c) => text.push_str(&format!(
                    ", inscrit chez « {} » auprès de {}.",
                    c.provider_name, c.server
                )),
                None => text.push_str(", non inscrit à un serveur de synchronisation."),
            }
            if let Some(k) = key {
                text.push_str(&format!(
                    "\nNouvelle clé de billets n° {k} : les billets émis avant restent valables."
                ));
            }
            output(
                &json!({
                    "id": id,
                    "name": device_name,
                    "ticket_key": key,
                    "server": enrolled.as_ref().map(|c| c.server.clone()),
                    "provider": enrolled.as_ref().map(|c| c.provider),
                }),
                text,
            )
        }
        StoredCommand::Demo => {
            let summary = app.load_demo()?;
            let text = format!(
                "Démo installée : {} hébergements, {} tarifs, {} réservations, {} blocage en cours, \
                 un festival de 3 séances avec {} billets vendus, {} produits en caisse, {} bons \
                 cadeaux vendus.",
                summary.units,
                summary.tariffs,
                summary.bookings,
                summary.holds,
                summary.tickets,
                summary.products,
                summary.vouchers
            );
            output(&summary, text)
        }
        StoredCommand::Journal { action } => journal(&mut app, action),
        StoredCommand::Invoices { action } => crate::invoices::invoices(&mut app, action),
        StoredCommand::Units { action } => units(&mut app, action),
        StoredCommand::Products { action } => crate::till::products(&mut app, action),
        StoredCommand::Vouchers { action } => crate::till::vouchers(&mut app, action),
        StoredCommand::Till { action } => crate::till::till(&mut app, action),
        StoredCommand::Payouts { action } => crate::payments::payouts(&mut app, action),
        StoredCommand::Import {
            kind,
            file,
            map,
            dry_run,
        } => crate::imports::import(&mut app, kind, &file, &map, dry_run),
        StoredCommand::Guests { action } => crate::imports::guests(&mut app, action),
        StoredCommand::Customers { search } => crate::imports::customers(&app, search.as_deref()),
        StoredCommand::Gateways { action } => crate::payments::gateways(&mut app, action),
        StoredCommand::Mail { action } => crate::mail::mail(&mut app, action),
        StoredCommand::Operators { action } => operators(&mut app, action),
        StoredCommand::Tariffs { action } => tariffs(&mut app, action),
        StoredCommand::Price { stay: args } => {
            let quote = app.quote(args.unit, stay(&args)?)?;
            let text = french::quote(&quote, args.from, args.nights);
            output(&quote, text)
        }
        StoredCommand::Availability { unit, from, days } => {
            let nights = app.availability(unit, from, days)?;
            let text = nights
                .iter()
                .map(|n| {
                    format!(
                        "{} {}",
                        n.date.format("%d/%m/%Y"),
                        if n.free { "libre" } else { "pris" }
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            output(&nights, text)
        }
        StoredCommand::Ical { action } => crate::ical::run(&mut app, action),
        StoredCommand::Holds { action } => holds(&mut app, action),
        StoredCommand::Bookings { action } => bookings(&mut app, action),
        StoredCommand::Planning { from, days } => {
            let from = from.unwrap_or_else(|| app.now().date_naive());
            let view = app.planning(from, days)?;
            let text = french::planning(&view);
            output(&view, text)
        }
        StoredCommand::Contracts { action } => crate::paperwork::contracts(&app, action),
        StoredCommand::Templates { action } => crate::paperwork::templates(&mut app, action),
        StoredCommand::Settings {
            pricing_mode,
            provider_name,
            voucher_validity,
            guest_retention,
            conditions,
            vat,
            identity,
        } => {
            if identity.any() {
                let mut now = app.settings()?.identity;
                let fields = [
                    (&identity.siret, &mut now.siret),
                    (&identity.street, &mut now.street),
                    (&identity.postcode, &mut now.postcode),
                    (&identity.town, &mut now.town),
                ];
                for (given, field) in fields {
                    if let Some(text) = given {
                        field.clone_from(text);
                    }
                }
                app.set_identity(&now)?;
            }
            if let Some(regime) = vat {
                app.set_vat_regime(regime.into())?;
            }
            if let Some(months) = guest_retention {
                app.set_guest_retention(months)?;
            }
            if let Some(name) = provider_name {
                guichet_core::bounds::check_name(&name)
                    .map_err(guichet_app::error::AppError::input)?;
                app.set_provider_name(&name)?;
            }
            if let Some(mode) = pricing_mode {
                app.set_pricing_mode(mode.into())?;
            }
            if let Some(months) = voucher_validity {
                app.set_voucher_validity(months)?;
            }
            if !conditions.is_empty() {
                crate::paperwork::set_conditions(&mut app, conditions)?;
            }
            let settings = app.settings()?;
            let text = french::settings(&settings);
            output(&settings, text)
        }
        StoredCommand::Backup {
            file,
            passphrase_file,
        } => {
            let pass = passphrase(passphrase_file.as_deref(), true)?;
            let done = app.backup(&file, &pass)?;
            let text = format!(
                "Sauvegarde écrite : {} ({} octets, chiffrée). Gardez le mot de passe : sans lui elle \
                 ne peut pas être restaurée.",
                done.file, done.bytes
            );
            output(&done, text)
        }
        StoredCommand::Check | StoredCommand::Restore { .. } => Err(AppError::input(
            "commande sans base ouverte : relancez-la telle quelle",
        )),
        StoredCommand::Outbox => {
            let ops = app.outbox()?;
            let text = lines(
                &ops,
                |op| format!("{:>6}  {}  {}", op.seq, op.kind, op.id),
                "Aucune opération en attente.",
            );
            output(&ops, text)
        }
    }
}

fn units(app: &mut App, action: Option<UnitsAction>) -> AppResult<Output> {
    match action.unwrap_or(UnitsAction::List {
        order: OrderArg::BackOffice,
    }) {
        UnitsAction::List { order } => {
            let order = match order {
                OrderArg::BackOffice => UnitOrder::BackOffice,
                OrderArg::Sale => UnitOrder::Sale,
            };
            let units = app.units(order)?;
            let text = lines(
                &units,
                french::unit,
                "Aucun hébergement : ajoutez-en avec « guichet units add ».",
            );
            output(&units, text)
        }
        UnitsAction::Add { name, capacity } => {
            let unit = app.add_unit(&name, capacity)?;
            let text = format!("Hébergement ajouté : {}", french::unit(&unit));
            output(&unit, text)
        }
        UnitsAction::Photo { action } => crate::media::photos(app, action, true),
    }
}

fn tariffs(app: &mut App, action: TariffsAction) -> AppResult<Output> {
    match action {
        TariffsAction::List { unit } => {
            let tariffs = app.tariffs(unit)?;
            let text = lines(
                &tariffs,
                french::tariff,
                "Aucun tarif : cet hébergement n'est pas réservable.",
            );
            output(&tariffs, text)
        }
        TariffsAction::Add {
            unit,
            from,
            until,
            price,
            weekly,
            nights,
            weekday,
        } => {
            let plan = match (weekly, nights) {
                (Some(weekday), _) => TariffPlan::Weekly {
                    from,
                    until,
                    weekday,
                    price,
                },
                (None, Some(nights)) => TariffPlan::Package {
                    from,
                    until,
                    nights,
                    weekday,
                    price,
                },
                (None, None) => TariffPlan::EveryNight { from, until, price },
            };
            let written = app.add_tariffs(unit, &plan)?;
            output(
                &json!({ "written": written }),
                format!("{written} tarif(s) enregistré(s)."),
            )
        }
        TariffsAction::Import { unit, file } => {
            let written = app.set_tariffs(unit, &read_tariffs(&file)?)?;
            output(
                &json!({ "written": written }),
                format!("{written} tarif(s) importé(s)."),
            )
        }
        TariffsAction::Remove { unit, from, until } => {
            let removed = app.remove_tariffs(unit, from, until)?;
            output(
                &json!({ "removed": removed }),
                format!("{removed} tarif(s) supprimé(s)."),
            )
        }
    }
}

fn holds(app: &mut App, action: Option<HoldsAction>) -> AppResult<Output> {
    let hold = match action.unwrap_or(HoldsAction::List) {
        HoldsAction::List => {
            let holds = app.live_holds()?;
            let text = lines(&holds, french::hold, "Aucun blocage en cours.");
            return output(&holds, text);
        }
        HoldsAction::Expire => {
            let released = app.expire_holds()?;
            let implausible = app.implausible_holds()?;
            let mut text = match released.len() {
                0 => "Aucun blocage n'avait expiré.".to_owned(),
                n => format!(
                    "{n} blocage(s) expiré(s) libéré(s) : leurs nuits sont de nouveau libres.\n{}",
                    lines(&released, french::hold, "")
                ),
            };
            if !implausible.is_empty() {
                text.push_str(&format!(
                    "\n{} blocage(s) finissent plus d'une heure après maintenant : l'horloge était \
                     fausse quand ils ont été posés. Ils bloquent leurs nuits jusqu'à ce que vous \
                     les libériez avec « guichet holds release ID » :\n{}",
                    implausible.len(),
                    lines(&implausible, french::hold, "")
                ));
            }
            return output(
                &json!({ "released": released, "implausible": implausible }),
                text,
            );
        }
        HoldsAction::Create {
            stay: args,
            contact: who,
        } => app.hold(args.unit, stay(&args)?, contact(&who)?)?,
        HoldsAction::Pay { hold } => app.go_to_payment(hold)?,
        HoldsAction::Release { hold } => app.release_hold(hold)?,
    };
    let text = french::hold(&hold);
    output(&hold, text)
}

fn booking_file(file: &BookingFileView) -> AppResult<Output> {
    output(file, french::booking_file(file))
}

fn bookings(app: &mut App, action: Option<BookingsAction>) -> AppResult<Output> {
    let booking = match action.unwrap_or(BookingsAction::List) {
        BookingsAction::List => {
            let bookings = app.bookings()?;
            let text = lines(&bookings, french::booking, "Aucune réservation.");
            return output(&bookings, text);
        }
        BookingsAction::Create {
            stay: args,
            contact: who,
            price,
            adults,
            children,
        } => {
            let party = (adults.is_some() || children.is_some()).then(|| Party {
                adults: adults.unwrap_or(1),
                children: children.unwrap_or(0),
            });
            app.book(args.unit, stay(&args)?, contact(&who)?, price, party)?
        }
        BookingsAction::Show { booking } => return booking_file(&app.booking_file(booking)?),
        BookingsAction::Edit {
            booking,
            name,
            first_name,
            last_name,
            title,
            address,
            email,
            phone,
            adults,
            children,
        } => {
            let file = app.booking_file(booking)?;
            let c = &file.customer;
            let (mut first, mut last) = match &name {
                Some(name) => guichet_core::contact::split_name(name),
                None => (c.first_name.clone(), c.last_name.clone()),
            };
            first = first_name.unwrap_or(first);
            last = last_name.unwrap_or(last);
            let title = title.unwrap_or_else(|| c.title.clone());
            let address = address.unwrap_or_else(|| c.address.clone());
            let email = email.or_else(|| c.email.clone());
            let phone = phone.or_else(|| c.phone.clone());
            let guest = Contact::with_details(
                "",
                email.as_deref(),
                phone.as_deref(),
                &guichet_core::contact::Details {
                    title: Some(&title),
                    first_name: Some(&first),
                    last_name: Some(&last),
                    address: Some(&address),
                },
            )?;
            return booking_file(&app.edit_booking(
                booking,
                guest,
                adults.or(file.adults).unwrap_or(1),
                children.or(file.children).unwrap_or(0),
            )?);
        }
        BookingsAction::Pay {
            booking,
            amount,
            method: MethodArg::GiftVoucher,
            date,
            voucher: Some(code),
            printed,
            accept_loss,
        } => {
            if date.is_some() {
                return Err(AppError::input(
                    "un bon cadeau paie le jour même : retirez --date",
                ));
            }
            return booking_file(&app.pay_with_voucher(
                booking,
                &code,
                amount,
                printed,
                accept_loss,
            )?);
        }
        BookingsAction::Pay {
            booking,
            amount,
            method,
            date,
            ..
        } => {
            let day = date.unwrap_or_else(|| app.today());
            return booking_file(&app.record_payment(booking, amount, method.into(), day)?);
        }
        BookingsAction::Move {
            booking,
            unit,
            from,
            nights,
            price,
        } => {
            let unit = match unit {
                Some(unit) => unit,
                None => app.booking_file(booking)?.booking.unit,
            };
            let stay = Stay::new(from, nights)?;
            return booking_file(&app.move_booking(booking, unit, stay, price)?);
        }
        BookingsAction::Confirm { hold } => app.book_hold(hold, None)?,
        BookingsAction::Cancel { booking } => {
            let before = app.invoices(Some(booking))?.len();
            let cancelled = app.cancel_booking(booking)?;
            return crate::invoices::cancelled(app, &cancelled, before);
        }
        BookingsAction::Delete { booking } => {
            app.delete_booking(booking)?;
            return output(
                &json!({ "deleted": booking }),
                format!("Réservation supprimée : {booking}"),
            );
        }
    };
    let text = french::booking(&booking);
    // cli.md: `{"booking": ID, …}` beside the booking's own fields.
    let mut out = output(&booking, text)?;
    if let Some(fields) = out.json.as_object_mut() {
        fields.insert("booking".to_owned(), json!(booking.id));
    }
    Ok(out)
}

fn events(app: &mut App, action: EventsAction) -> AppResult<Output> {
    match action {
        EventsAction::Organizer { name } => {
            let id = app.add_organizer(&name)?;
            output(
                &json!({ "organizer": id }),
                format!("Organisateur ajouté : {id}"),
            )
        }
        EventsAction::Add { name } => {
            let id = app.add_event(&name)?;
            output(&json!({ "event": id }), format!("Événement ajouté : {id}"))
        }
        EventsAction::Session {
            event,
            starts_at,
            capacity,
        } => {
            let session =
                app.add_session(event, starts_at.with_timezone(&chrono::Utc), capacity)?;
            let text = format!("Séance ajoutée : {}", french::session(&session));
            output(&session, text)
        }
        EventsAction::Product {
            event,
            name,
            theme,
            organizer,
            price,
        } => {
            let product = app.add_ticket_product(event, &name, &theme, organizer, price)?;
            let text = format!("Billet ajouté : {}", french::ticket_product(&product));
            output(&product, text)
        }
        EventsAction::Products { event } => {
            let products = app.ticket_products(event)?;
            let text = lines(&products, french::ticket_product, "Aucun billet proposé.");
            output(&products, text)
        }
    }
}

fn write_pdf(app: &App, booking: uuid::Uuid, out: &std::path::Path) -> AppResult<String> {
    save_pdf(&app.ticket_pdf(booking)?, out)
}

/// Writes a PDF at `out`; its path, or a French reason.
pub(crate) fn save_pdf(pdf: &[u8], out: &std::path::Path) -> AppResult<String> {
    std::fs::write(out, pdf).map_err(|e| {
        guichet_app::error::AppError::input(format!(
            "{} : le PDF ne peut pas être écrit ({})",
            out.display(),
            guichet_app::error::os_reason(&e)
        ))
    })?;
    Ok(out.display().to_string())
}

fn tickets(app: &mut App, action: TicketsAction) -> AppResult<Output> {
    match action {
        TicketsAction::Issue {
            session,
            quantity,
            product,
            holder,
            pdf,
            pass,
        } => {
            // What can be checked before the sale is checked before it.
            if let Some(out) = &pdf {
                guichet_app::destination::check_writable(out)?;
            }
            let issued = if pass {
                app.issue_passes(session, product, quantity, &holder)?
            } else {
                app.issue_tickets(session, product, quantity, &holder)?
            };
            let mut text = format!(
                "{} {} vendu(s), {} — réservation {}",
                issued.codes.len(),
                if pass { "pass" } else { "billet(s)" },
                issued.total.to_french(),
                issued.booking
            );
            // The sale is stored: a failure from here on is a warning beside it.
            let mut warnings = Vec::new();
            if let Some(out) = pdf {
                match write_pdf(app, issued.booking, &out) {
                    Ok(path) => text.push_str(&format!("\nBillets PDF : {path}")),
                    Err(e) => warnings.push(Warning {
                        step: "pdf".to_owned(),
                        message: format!(
                            "la vente est enregistrée, mais {} ; imprimez-les avec « guichet tickets pdf {} --out FICHIER »",
                            e.message, issued.booking
                        ),
                    }),
                }
            }
            let mut out = output(&issued, text)?;
            out.warnings = warnings;
            Ok(out)
        }
        TicketsAction::Show { booking } => {
            let view = app.ticket_booking(booking)?;
            let text = french::ticket_booking(&view);
            output(&view, text)
        }
        TicketsAction::List { session } => {
            let views = app.ticket_bookings(session)?;
            let text = lines(
                &views,
                french::ticket_booking,
                "Aucune réservation pour cette séance.",
            );
            output(&views, text)
        }
        TicketsAction::Cancel { booking } => {
            let view = app.cancel_tickets(booking)?;
            let text = format!(
                "Réservation annulée : ses {} billet(s) sont révoqués.",
                view.quantity
            );
            output(&view, text)
        }
        TicketsAction::Amend {
            booking,
            quantity,
            session,
        } => {
            let issued = app.amend_tickets(booking, quantity, session)?;
            let text = format!(
                "Réservation {booking} remplacée par {} ({} billet(s), nouveaux codes).",
                issued.booking,
                issued.codes.len()
            );
            output(&issued, text)
        }
        TicketsAction::Pdf { booking, out } => {
            let path = write_pdf(app, booking, &out)?;
            output(&json!({ "pdf": path }), format!("Billets PDF : {path}"))
        }
    }
}

/// `guichet journal …` (rule A17).
fn journal(app: &mut App, action: JournalAction) -> AppResult<Output> {
    match action {
        JournalAction::Verify => {
            let check = app.journal_verify()?;
            let mut value = if check.ok {
                json!({"entries": check.entries, "ok": true, "certifiable": check.certifiable})
            } else {
                json!({"entries": check.entries, "ok": false, "first_bad": check.first_bad})
            };
            if !check.declared_breaks.is_empty() {
                value["declared_breaks"] =
                    serde_json::to_value(&check.declared_breaks).unwrap_or_default();
            }
            let text = french::journal_check(&check);
            Ok(Output {
                json: value,
                text,
                json_lines: false,
                exit: if check.ok { 0 } else { 1 },
                warnings: Vec::new(),
            })
        }
        JournalAction::List => {
            let entries = app.journal_entries()?;
            let text = lines(
                &entries,
                french::journal_entry,
                "Le journal de caisse est vide : il se remplit avec les encaissements.",
            );
            output(&entries, text)
        }
        JournalAction::Close { day, month, year } => {
            let period = match (day, month, year) {
                (Some(day), _, _) => guichet_app::journal::Period::Day(day),
                (None, Some(month), _) => guichet_app::journal::Period::Month(month),
                (None, None, Some(year)) => guichet_app::journal::Period::Year(year),
                (None, None, None) => {
                    return Err(AppError::input(
                        "dites quelle période clôturer : --day AAAA-MM-JJ, --month AAAA-MM ou --year AAAA",
                    ))
                }
            };
            let closing = app.close_journal(period)?;
            let text = french::journal_closing(&closing, period);
            output(&closing, text)
        }
    }
}
