//! Coming from the old tools: their exports (CSV with `;` or `,`, or XLSX) of the gift
//! vouchers still valid, the bookings, the tariffs and the customers' file, imported
//! row by row. Each column is found by its French name (the old tools' headers) or by
//! the mapping the provider gives; a dry run shows the first rows as read and what
//! would be refused; the import itself takes each row whole or not at all and says why
//! a row was refused (its line, its column, in French). Importing the same file again
//! imports nothing twice: a voucher is known by its code, a booking by an id derived
//! from the file's reference (or its unit, dates and guest), a tariff by its unit,
//! start and length, a customer by their e-mail (else their name and phone); a
//! customer anonymised here (GDPR) is never brought back by an import.

use std::path::Path;

use chrono::NaiveDate;
use guichet_core::availability::ensure_free;
use guichet_core::booking::{Booking, BookingId, BookingStatus};
use guichet_core::bounds::{self, printable, MAX_INPUT_FILE_BYTES};
use guichet_core::contact::Contact;
use guichet_core::csv_read::{self, normalise_name, Column, Columns, CsvError, Row, Table};
use guichet_core::sync::op::{CustomerSaved, TariffWire, TariffsSet, VoucherImported};
use guichet_core::sync::wire::{Amount, Day, Nights, Text};
use guichet_core::sync::Op;
use guichet_core::ticket_code::TicketCode;
use guichet_core::unit::UnitId;
use guichet_core::{Money, Stay, Tariff};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::operators::Permission;
use crate::planning::store;
use crate::store::Tx;
use crate::till::vouchers::normalise_imported_code;
use crate::App;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportKind {
    /// Gift vouchers still valid.
    Vouchers,
    /// Stays.
    Bookings,
    /// Tariffs of units.
    Tariffs,
    /// The customers' file.
    Customers,
}

impl ImportKind {
    /// The fields of this kind, in the order the report lists them, and those required.
    fn fields(self) -> (&'static [Column], &'static [&'static str]) {
        match self {
            ImportKind::Vouchers => (VOUCHER_FIELDS, &["code", "montant", "fin_validite"]),
            ImportKind::Bookings => (BOOKING_FIELDS, &["hebergement", "arrivee", "nom"]),
            ImportKind::Tariffs => (TARIFF_FIELDS, &["hebergement", "debut", "nuits", "prix"]),
            ImportKind::Customers => (CUSTOMER_FIELDS, &["nom"]),
        }
    }

    fn permission(self) -> Permission {
        match self {
            ImportKind::Vouchers => Permission::ManageVouchers,
            ImportKind::Bookings => Permission::Book,
            ImportKind::Tariffs => Permission::EditTariffs,
            ImportKind::Customers => Permission::Book,
        }
    }
}

const VOUCHER_FIELDS: &[Column] = &[
    Column {
        name: "code",
        aliases: &[
            "code",
            "code cadeau",
            "code du bon",
            "code bon cadeau",
            "numéro du bon",
            "n° du bon",
            "bon cadeau",
        ],
    },
    Column {
        name: "montant",
        aliases: &[
            "montant restant",
            "reste",
            "solde",
            "montant",
            "valeur",
            "montant du bon",
        ],
    },
    Column {
        name: "fin_validite",
        aliases: &[
            "date de fin de validité",
            "fin de validité",
            "valable jusqu'au",
            "date de validité",
            "date d'expiration",
            "expiration",
            "validité",
        ],
    },
    Column {
        name: "produits",
        aliases: &[
            "produits",
            "produit",
            "prestations",
            "prestation",
            "activité",
        ],
    },
    Column {
        name: "statut",
        aliases: &["statut", "état", "etat"],
    },
];

/// The names of a unit's column.
const UNIT: &[&str] = &[
    "hébergement",
    "logement",
    "gîte",
    "unité",
    "location",
    "produit",
];
/// The names of a number of nights' column.
const NIGHTS: &[&str] = &["nuits", "nombre de nuits", "nb nuits", "nuitées", "durée"];
/// The names of a first day's column.
const START: &[&str] = &["date d'arrivée", "arrivée", "date de début", "début"];

/// The names of a customer's last name, first name, e-mail and phone columns.
const LAST_NAME: &[&str] = &["nom", "nom du client", "client", "nom client"];
const FIRST_NAME: &[&str] = &["prénom", "prénom du client"];
const EMAIL: &[&str] = &["e-mail", "email", "mail", "courriel", "adresse e-mail"];
const PHONE: &[&str] = &["téléphone", "tél", "tel", "portable", "mobile"];

const CUSTOMER_FIELDS: &[Column] = &[
    Column {
        name: "civilite",
        aliases: &["civilité", "titre", "genre"],
    },
    Column {
        name: "prenom",
        aliases: FIRST_NAME,
    },
    Column {
        name: "nom",
        aliases: LAST_NAME,
    },
    Column {
        name: "adresse",
        aliases: &["adresse", "adresse postale", "rue", "adresse 1"],
    },
    Column {
        name: "code_postal",
        aliases: &["code postal", "cp"],
    },
    Column {
        name: "ville",
        aliases: &["ville", "commune", "localité"],
    },
    Column {
        name: "pays",
        aliases: &["pays"],
    },
    Column {
        name: "email",
        aliases: EMAIL,
    },
    Column {
        name: "telephone",
        aliases: PHONE,
    },
];

const BOOKING_FIELDS: &[Column] = &[
    Column {
        name: "hebergement",
        aliases: UNIT,
    },
    Column {
        name: "arrivee",
        aliases: START,
    },
    Column {
        name: "nuits",
        aliases: NIGHTS,
    },
    Column {
        name: "depart",
        aliases: &["date de départ", "départ", "date de fin", "fin"],
    },
    Column {
        name: "nom",
        aliases: LAST_NAME,
    },
    Column {
        name: "prenom",
        aliases: FIRST_NAME,
    },
    Column {
        name: "email",
        aliases: EMAIL,
    },
    Column {
        name: "telephone",
        aliases: PHONE,
    },
    Column {
        name: "prix",
        aliases: &[
            "prix",
            "montant total",
            "prix total",
            "total",
            "montant",
            "tarif",
        ],
    },
    Column {
        name: "reference",
        aliases: &[
            "référence",
            "n° de réservation",
            "numéro de réservation",
            "n° dossier",
            "réservation",
        ],
    },
    Column {
        name: "statut",
        aliases: &["statut", "état", "etat"],
    },
];

const TARIFF_FIELDS: &[Column] = &[
    Column {
        name: "hebergement",
        aliases: UNIT,
    },
    Column {
        name: "debut",
        aliases: START,
    },
    Column {
        name: "nuits",
        aliases: NIGHTS,
    },
    Column {
        name: "prix",
        aliases: &["prix", "tarif", "montant"],
    },
];

/// How many rows the preview shows.
pub const PREVIEW_ROWS: usize = 10;

/// A field of the import and the file's column read for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FieldMatch {
    /// Our field (`code`, `montant`…), as `--map` names it.
    pub field: String,
    /// The file's column read for it (`null`: none).
    pub column: Option<String>,
    /// Whether the import needs it.
    pub required: bool,
}

/// One row of the preview: its values as read, field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PreviewRow {
    /// Its line in the file (the header is line 1).
    pub line: u32,
    /// The values, in the order of the report's `columns`.
    pub values: Vec<String>,
}

/// What became of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RowStatus {
    /// Imported (or, in a dry run, would be).
    Imported,
    /// Already imported by an earlier import: nothing done.
    Already,
    /// Refused: see why.
    Refused,
}

/// One row's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct RowOutcome {
    /// Its line in the file.
    pub line: u32,
    /// Imported, already there, or refused.
    pub status: RowStatus,
    /// What it is (`bon KDO-42, 35,50 €`).
    pub what: String,
    /// The column at fault, when one is.
    pub column: Option<String>,
    /// Why it was refused (or why nothing was done), in French.
    pub reason: Option<String>,
}

/// The report of an import (or of its dry run).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    /// What was imported.
    pub kind: ImportKind,
    /// A dry run: nothing was stored.
    pub dry_run: bool,
    /// Our fields and the file's columns read for them.
    pub columns: Vec<FieldMatch>,
    /// The first rows, as read.
    pub preview: Vec<PreviewRow>,
    /// Rows read.
    pub read: u32,
    /// Rows imported (or that would be).
    pub imported: u32,
    /// Rows already imported before.
    pub already: u32,
    /// Rows refused.
    pub refused: u32,
    /// Every row's outcome, in the file's order.
    pub rows: Vec<RowOutcome>,
}

/// A file's table: the first sheet of an XLSX workbook, or a CSV file.
pub fn read_table(path: &Path) -> AppResult<Table> {
    let name = printable(&path.display().to_string()).into_owned();
    let bytes = read_bytes(path, &name)?;
    table_of(&bytes).map_err(|e| AppError::input(format!("{name} : {e}")))
}

fn read_bytes(path: &Path, name: &str) -> AppResult<Vec<u8>> {
    let metadata = std::fs::metadata(path).map_err(|e| {
        AppError::input(format!(
            "{name} : le fichier ne peut pas être lu ({}) : vérifiez le chemin",
            crate::error::os_reason(&e)
        ))
    })?;
    if !metadata.is_file() {
        return Err(AppError::input(format!(
            "{name} : ce n'est pas un fichier ordinaire : donnez le chemin de l'export"
        )));
    }
    if metadata.len() > MAX_INPUT_FILE_BYTES {
        return Err(AppError::input(format!(
            "{name} : le fichier dépasse 10 Mo, la taille maximale lue : découpez-le"
        )));
    }
    std::fs::read(path).map_err(|e| {
        AppError::input(format!(
            "{name} : le fichier ne peut pas être lu ({})",
            crate::error::os_reason(&e)
        ))
    })
}

/// The table of a file's bytes: XLSX (a ZIP) by its magic number, CSV otherwise; an
/// old Excel file or any other binary is refused, saying what to do.
pub fn table_of(bytes: &[u8]) -> Result<Table, CsvError> {
    let refuse = |message: &str| CsvError {
        line: 1,
        column: None,
        message: message.to_owned(),
    };
    if bytes.starts_with(b"PK\x03\x04") {
        return xlsx_table(bytes);
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(refuse(
            "c'est un classeur Excel ancien (.xls) : enregistrez-le en « Classeur Excel (.xlsx) » \
             ou en « CSV UTF-8 » depuis votre tableur",
        ));
    }
    if bytes.contains(&0) {
        return Err(refuse(
            "ce fichier n'est ni un CSV ni un classeur XLSX (il contient des octets binaires) : \
             exportez la liste depuis l'ancien outil en CSV ou en Excel (.xlsx)",
        ));
    }
    csv_read::read(bytes)
}

/// The most characters of a cell the preview shows.
const PREVIEW_CHARS: usize = 200;

/// `text`, cut after [`PREVIEW_CHARS`] characters (« … » says so): a preview is read
/// by a person, a 1 Mo cell is not.
fn shortened(text: &str) -> String {
    match text.char_indices().nth(PREVIEW_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The most bytes the parts of an XLSX workbook may hold once decompressed: a « zip
/// bomb » of a few hundred kilobytes that inflates to gigabytes is refused before the
/// workbook is read (a 10 Mo export of 50 000 rows inflates to about 30 Mo).
pub const MAX_XLSX_INFLATED_BYTES: u64 = 64 * 1024 * 1024;

enum Inflated {
    TooBig,
    Unreadable(String),
}

/// Decompresses every part of the archive `bytes` into nothing, counting, and stops at
/// [`MAX_XLSX_INFLATED_BYTES`] whatever sizes the archive declares.
fn check_inflated(bytes: &[u8]) -> Result<(), Inflated> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| Inflated::Unreadable(e.to_string()))?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let entry = archive
            .by_index(i)
            .map_err(|e| Inflated::Unreadable(e.to_string()))?;
        let left = MAX_XLSX_INFLATED_BYTES.saturating_sub(total);
        let read = std::io::copy(&mut entry.take(left + 1), &mut std::io::sink())
            .map_err(|e| Inflated::Unreadable(e.to_string()))?;
        total += read;
        if total > MAX_XLSX_INFLATED_BYTES {
            return Err(Inflated::TooBig);
        }
    }
    Ok(())
}

/// The first sheet of an XLSX workbook as a table: dates (real Excel dates) as
/// `AAAA-MM-JJ`, numbers as written, the first non-empty row as the header.
fn xlsx_table(bytes: &[u8]) -> Result<Table, CsvError> {
    use calamine::{Data, Reader, Xlsx};
    // The reader's own words (in English) go to the log, the person reads French.
    let unreadable = |e: &dyn std::fmt::Display| {
        tracing::info!(reason = %e, "classeur XLSX illisible");
        CsvError {
            line: 1,
            column: None,
            message: "ce classeur XLSX ne peut pas être lu (abîmé, tronqué ou pas un classeur) : \
                      ouvrez-le dans votre tableur et enregistrez-le à nouveau, ou exportez-le en CSV"
                .to_owned(),
        }
    };
    check_inflated(bytes).map_err(|e| match e {
        Inflated::TooBig => CsvError {
            line: 1,
            column: None,
            message: format!(
                "ce classeur XLSX dépasse {} Mo une fois décompressé : découpez-le ou \
                 exportez-le en CSV",
                MAX_XLSX_INFLATED_BYTES / (1024 * 1024)
            ),
        },
        Inflated::Unreadable(e) => unreadable(&e),
    })?;
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable(&"aucune feuille"))?
        .map_err(|e| unreadable(&e))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let text = |cell: &Data| -> String {
        match cell {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            Data::Int(n) => n.to_string(),
            Data::Float(f) => f.to_string(),
            Data::Bool(b) => if *b { "oui" } else { "non" }.to_owned(),
            Data::DateTime(d) => d
                .as_datetime()
                .map(|t| t.format("%Y-%m-%d").to_string())
                .unwrap_or_else(|| d.to_string()),
            Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Error(e) => format!("#{e:?}"),
        }
    };
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (n, cells) in range.rows().enumerate() {
        let line = first_row + n + 1;
        let values: Vec<String> = cells.iter().map(|c| text(c).trim().to_owned()).collect();
        if values.iter().all(String::is_empty) {
            continue;
        }
        match &header {
            None => header = Some(values),
            Some(_) => rows.push(Row {
                line,
                cells: values,
            }),
        }
    }
    let header = header.ok_or_else(|| CsvError {
        line: 1,
        column: None,
        message: "la première feuille du classeur est vide : il lui faut une ligne d'en-tête"
            .to_owned(),
    })?;
    Ok(Table { header, rows })
}

/// An id derived from `key`, the same on every device (a v8 UUID of its SHA-256).
fn derived_id(key: &str) -> Uuid {
    let hex = guichet_core::media::sha256_hex(key.as_bytes());
    let bytes = Uuid::try_parse(hex.get(..32).unwrap_or_default())
        .unwrap_or_default()
        .into_bytes();
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

/// The id of an imported voucher: from its normalised code.
pub fn imported_voucher_id(code: &str) -> Uuid {
    derived_id(&format!("guichet:import:voucher:{code}"))
}

/// A row refused: the outcome, at the column `n` when one is at fault.
struct Refusal {
    column: Option<String>,
    reason: String,
}

impl From<CsvError> for Refusal {
    fn from(e: CsvError) -> Refusal {
        Refusal {
            column: e.column,
            reason: e.message,
        }
    }
}

impl From<guichet_core::sync::wire::WireError> for Refusal {
    fn from(e: guichet_core::sync::wire::WireError) -> Refusal {
        Refusal {
            column: None,
            reason: e.to_string(),
        }
    }
}

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Refusal {
        Refusal {
            column: None,
            reason: e.message,
        }
    }
}

fn refuse(cols: &Columns<'_>, row: &Row, n: usize, reason: String) -> Refusal {
    cols.refuse(row, n, reason).into()
}

/// What a row would do.
enum Plan {
    /// Write this operation.
    Write(Box<Op>, String),
    /// Nothing: already imported.
    Already(String),
}

type RowResult = Result<Plan, Refusal>;

/// A name as the old tool wrote it, compared without case, accents or spaces.
fn same_name(a: &str, b: &str) -> bool {
    normalise_name(a) == normalise_name(b)
}

impl App {
    /// Imports the rows of `path`, an export of the old tool, as `kind`; `map` says
    /// which column to read for a field (`("code", "N° du bon")`). With `dry_run`,
    /// nothing is stored and the report says what would be.
    pub fn import_file(
        &mut self,
        kind: ImportKind,
        path: &Path,
        map: &[(String, String)],
        dry_run: bool,
    ) -> AppResult<ImportReport> {
        self.import_file_with(kind, path, map, dry_run, &mut |_, _| {})
    }

    /// [`App::import_file`], telling `progress(done, total)` how many rows are read as
    /// it goes (every [`PROGRESS_EVERY`] rows), so that a long file shows a progress bar.
    pub fn import_file_with(
        &mut self,
        kind: ImportKind,
        path: &Path,
        map: &[(String, String)],
        dry_run: bool,
        progress: &mut dyn FnMut(u32, u32),
    ) -> AppResult<ImportReport> {
        let table = read_table(path)?;
        self.import_table_with(kind, &table, map, dry_run, progress)
    }

    /// [`App::import_file`] on a table already read.
    pub fn import_table(
        &mut self,
        kind: ImportKind,
        table: &Table,
        map: &[(String, String)],
        dry_run: bool,
    ) -> AppResult<ImportReport> {
        self.import_table_with(kind, table, map, dry_run, &mut |_, _| {})
    }

    /// [`App::import_table`], telling `progress` how far it has got.
    pub fn import_table_with(
        &mut self,
        kind: ImportKind,
        table: &Table,
        map: &[(String, String)],
        dry_run: bool,
        progress: &mut dyn FnMut(u32, u32),
    ) -> AppResult<ImportReport> {
        self.require(kind.permission())?;
        let (fields, required) = kind.fields();
        let cols = Columns::find_mapped(table, fields, required, map)
            .map_err(|e| AppError::input(e.to_string()))?;
        if table.rows.len() > bounds::MAX_ROWS_PER_WRITE {
            return Err(AppError::input(format!(
                "le fichier a {} lignes : un import en lit au plus {} ; découpez-le en \
                 plusieurs fichiers (l'en-tête en tête de chacun) et importez-les l'un après \
                 l'autre",
                table.rows.len(),
                bounds::MAX_ROWS_PER_WRITE
            )));
        }
        let mut report = ImportReport {
            kind,
            dry_run,
            columns: fields
                .iter()
                .enumerate()
                .map(|(n, f)| FieldMatch {
                    field: f.name.to_owned(),
                    column: cols.header(n).map(str::to_owned),
                    required: required.contains(&f.name),
                })
                .collect(),
            preview: table
                .rows
                .iter()
                .take(PREVIEW_ROWS)
                .map(|row| PreviewRow {
                    line: u32::try_from(row.line).unwrap_or(u32::MAX),
                    values: (0..fields.len())
                        .map(|n| shortened(cols.raw(row, n)))
                        .collect(),
                })
                .collect(),
            read: u32::try_from(table.rows.len()).unwrap_or(u32::MAX),
            imported: 0,
            already: 0,
            refused: 0,
            rows: Vec::new(),
        };
        let today = self.today();
        // Every row in one transaction (each row is one operation or none): a dry run
        // rolls it back, so that what it says is what the import would do, rows of the
        // same file that overlap each other included.
        let total = report.read;
        let outcome = self.write(|tx| {
            for (done, row) in table.rows.iter().enumerate() {
                if done % PROGRESS_EVERY == 0 {
                    progress(u32::try_from(done).unwrap_or(u32::MAX), total);
                }
                let planned = match kind {
                    ImportKind::Vouchers => voucher_row(tx, &cols, row, today),
                    ImportKind::Bookings => booking_row(tx, &cols, row),
                    ImportKind::Tariffs => tariff_row(tx, &cols, row),
                    ImportKind::Customers => customer_row(tx, &cols, row),
                };
                let line = u32::try_from(row.line).unwrap_or(u32::MAX);
                let outcome = match planned {
                    Ok(Plan::Write(op, what)) => {
                        tx.commit_op(*op)?;
                        report.imported += 1;
                        RowOutcome {
                            line,
                            status: RowStatus::Imported,
                            what,
                            column: None,
                            reason: None,
                        }
                    }
                    Ok(Plan::Already(what)) => {
                        report.already += 1;
                        RowOutcome {
                            line,
                            status: RowStatus::Already,
                            what,
                            column: None,
                            reason: Some("déjà importé : rien à faire".to_owned()),
                        }
                    }
                    Err(refusal) => {
                        report.refused += 1;
                        RowOutcome {
                            line,
                            status: RowStatus::Refused,
                            what: String::new(),
                            column: refusal.column,
                            reason: Some(refusal.reason),
                        }
                    }
                };
                report.rows.push(outcome);
            }
            if dry_run {
                return Err(AppError::input(DRY_RUN));
            }
            Ok(())
        });
        match outcome {
            Ok(()) => Ok(report),
            Err(e) if dry_run && e.message == DRY_RUN => Ok(report),
            Err(e) => Err(e),
        }
    }
}

/// A customer of the old tool's file: known again by their e-mail (else their name and
/// phone), so that importing the file again changes only who changed.
fn customer_row(tx: &Tx<'_>, cols: &Columns<'_>, row: &Row) -> RowResult {
    let last = cols.text(row, 2)?;
    let first = cols.raw(row, 1);
    let postal = [cols.raw(row, 4), cols.raw(row, 5)]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let address = [cols.raw(row, 3), &postal, cols.raw(row, 6)]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let email = Some(cols.raw(row, 7)).filter(|e| !e.is_empty());
    let phone = Some(cols.raw(row, 8)).filter(|p| !p.is_empty());
    let details = guichet_core::contact::Details {
        title: Some(cols.raw(row, 0)).filter(|t| !t.is_empty()),
        first_name: Some(first),
        last_name: Some(&last),
        address: Some(&address),
    };
    let customer = Contact::with_details(&last, email, phone, &details).map_err(|e| Refusal {
        column: None,
        reason: format!("client : {e}"),
    })?;
    let key = match customer.email() {
        Some(email) => format!("guichet:import:customer:{}", email.to_lowercase()),
        None => format!(
            "guichet:import:customer:{}:{}",
            normalise_name(customer.name()),
            customer
                .phone()
                .unwrap_or_default()
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
        ),
    };
    let id = derived_id(&key);
    let what = match customer.email() {
        Some(email) => format!("{} ({})", printable(customer.name()), printable(email)),
        None => printable(customer.name()).into_owned(),
    };
    if crate::customers::forgotten(tx.conn(), id)? {
        return Err(Refusal {
            column: None,
            reason: "client anonymisé à sa demande (RGPD) : il n'est pas repris".to_owned(),
        });
    }
    if crate::customers::customer(tx.conn(), id)?.as_ref() == Some(&customer) {
        return Ok(Plan::Already(what));
    }
    Ok(Plan::Write(
        Box::new(Op::CustomerSaved(CustomerSaved {
            id,
            guest: customer.into(),
        })),
        what,
    ))
}

/// How many rows between two reports of progress.
pub const PROGRESS_EVERY: usize = 200;

/// The rollback of a dry run (never shown).
const DRY_RUN: &str = "essai : rien n'est enregistré";

fn voucher_row(tx: &Tx<'_>, cols: &Columns<'_>, row: &Row, today: NaiveDate) -> RowResult {
    let printed = cols.text(row, 0)?;
    let code = normalise_imported_code(&printed);
    if TicketCode::parse(&code).is_ok() {
        return Err(refuse(
            cols,
            row,
            0,
            "ce code est un code Guichet, pas celui de l'ancien outil : ce bon est déjà ici"
                .to_owned(),
        ));
    }
    let amount = cols.amount(row, 1)?;
    let valid_until = cols.date(row, 2)?;
    let status = normalise_name(cols.raw(row, 4));
    if [
        "utilise",
        "desactive",
        "inactif",
        "annule",
        "rembourse",
        "expire",
    ]
    .iter()
    .any(|s| status.starts_with(s))
    {
        return Err(refuse(
            cols,
            row,
            4,
            format!(
                "bon « {} » dans l'ancien outil : seuls les bons encore valables sont repris",
                printable(cols.raw(row, 4))
            ),
        ));
    }
    let what = format!("bon {code}, {}", amount.to_french());
    let known: Option<String> = rusqlite::OptionalExtension::optional(tx.conn().query_row(
        "SELECT method FROM vouchers WHERE code = ?1",
        [&code],
        |r| r.get(0),
    ))
    .map_err(AppError::from)?;
    match known.as_deref() {
        Some(crate::store::till::IMPORTED) => return Ok(Plan::Already(what)),
        Some(_) => {
            return Err(refuse(
                cols,
                row,
                0,
                format!("le code {code} est déjà celui d'un bon connu : pas repris deux fois"),
            ))
        }
        None => {}
    }
    if amount <= Money::ZERO {
        return Err(refuse(
            cols,
            row,
            1,
            "plus rien sur ce bon : seuls les bons avec un montant restant sont repris".to_owned(),
        ));
    }
    if valid_until < today {
        return Err(refuse(
            cols,
            row,
            2,
            format!(
                "bon expiré le {} : pas repris (prolongez-le dans l'ancien outil, ou corrigez la date)",
                valid_until.format("%d/%m/%Y")
            ),
        ));
    }
    let mut products = Vec::new();
    for name in cols
        .raw(row, 3)
        .split([',', ';', '|', '+', '\n'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        let found: Option<String> = {
            let mut statement = tx
                .conn()
                .prepare_cached("SELECT id, name FROM products")
                .map_err(AppError::from)?;
            let rows = statement
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .map_err(AppError::from)?;
            let mut found = None;
            for r in rows {
                let (id, product) = r.map_err(AppError::from)?;
                if same_name(&product, name) {
                    found = Some(id);
                    break;
                }
            }
            found
        };
        match found.and_then(|id| id.parse::<Uuid>().ok()) {
            Some(id) if !products.contains(&id) => products.push(id),
            Some(_) => {}
            None => {
                return Err(refuse(
                    cols,
                    row,
                    3,
                    format!(
                        "produit « {} » inconnu : créez-le dans Produits (même nom), ou videz la \
                         colonne pour que le bon paie toute prestation",
                        printable(name)
                    ),
                ))
            }
        }
    }
    let at = tx.now();
    let op = Op::VoucherImported(VoucherImported {
        id: imported_voucher_id(&code),
        code: Text::try_from(code.clone()).map_err(|e| refuse(cols, row, 0, e.to_string()))?,
        amount: Amount::try_from(amount).map_err(|e| refuse(cols, row, 1, e.to_string()))?,
        products,
        valid_until: Day::try_from(valid_until).map_err(|e| refuse(cols, row, 2, e.to_string()))?,
        at,
    });
    Ok(Plan::Write(Box::new(op), what))
}

/// The unit named `name` (compared without case, accents or spaces).
fn unit_named(tx: &Tx<'_>, cols: &Columns<'_>, row: &Row, n: usize) -> Result<Uuid, Refusal> {
    let name = cols.text(row, n)?;
    store::units(tx.conn())
        .map_err(AppError::from)?
        .into_iter()
        .find(|u| same_name(u.name(), &name))
        .map(|u| u.id().0)
        .ok_or_else(|| {
            refuse(
                cols,
                row,
                n,
                format!(
                    "hébergement « {} » inconnu : créez-le dans Hébergements (même nom), ou \
                     corrigez le nom",
                    printable(&name)
                ),
            )
        })
}

/// A whole number of nights in column `n`.
fn nights_of(cols: &Columns<'_>, row: &Row, n: usize) -> Result<u32, Refusal> {
    let text = cols.raw(row, n);
    let nights = text
        .trim_end_matches(".0")
        .parse::<u32>()
        .ok()
        .filter(|n| *n >= 1 && bounds::check_nights(*n).is_ok());
    nights.ok_or_else(|| {
        refuse(
            cols,
            row,
            n,
            format!(
                "« {} » n'est pas un nombre de nuits : un entier de 1 à 1096",
                printable(text)
            ),
        )
    })
}

fn booking_row(tx: &Tx<'_>, cols: &Columns<'_>, row: &Row) -> RowResult {
    let unit = unit_named(tx, cols, row, 0)?;
    let start = cols.date(row, 1)?;
    let nights = if !cols.raw(row, 2).is_empty() {
        nights_of(cols, row, 2)?
    } else if !cols.raw(row, 3).is_empty() {
        let end = cols.date(row, 3)?;
        u32::try_from((end - start).num_days())
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| {
                refuse(
                    cols,
                    row,
                    3,
                    "le départ doit suivre l'arrivée d'une nuit au moins".to_owned(),
                )
            })?
    } else {
        return Err(Refusal {
            column: None,
            reason: "ni nombre de nuits ni date de départ : il faut l'un ou l'autre".to_owned(),
        });
    };
    let stay = Stay::new(start, nights).map_err(|e| refuse(cols, row, 1, e.to_string()))?;
    let status = normalise_name(cols.raw(row, 10));
    if ["annul", "refus", "cancel"]
        .iter()
        .any(|s| status.starts_with(s))
    {
        return Err(refuse(
            cols,
            row,
            10,
            "réservation annulée dans l'ancien outil : pas reprise".to_owned(),
        ));
    }
    let last = cols.text(row, 4)?;
    let name = match cols.raw(row, 5) {
        "" => last,
        first => format!("{first} {last}"),
    };
    let email = Some(cols.raw(row, 6)).filter(|e| !e.is_empty());
    let phone = Some(cols.raw(row, 7)).filter(|p| !p.is_empty());
    let guest = Contact::new(&name, email, phone).map_err(|e| Refusal {
        column: None,
        reason: format!("client : {e}"),
    })?;
    let reference = cols.raw(row, 9);
    let key = if reference.is_empty() {
        format!(
            "guichet:import:booking:{unit}:{start}:{nights}:{}",
            normalise_name(&name)
        )
    } else {
        format!("guichet:import:booking:ref:{}", normalise_name(reference))
    };
    let id = derived_id(&key);
    let what = format!(
        "{} du {} ({} {})",
        printable(guest.name()),
        start.format("%d/%m/%Y"),
        nights,
        if nights == 1 { "nuit" } else { "nuits" }
    );
    if store::booking(tx.conn(), BookingId(id))
        .map_err(AppError::from)?
        .is_some()
    {
        return Ok(Plan::Already(what));
    }
    let blockers = store::blockers(tx.conn(), UnitId(unit), tx.now()).map_err(AppError::from)?;
    if let Err(e) = ensure_free(stay, &blockers, None) {
        return Err(refuse(
            cols,
            row,
            1,
            format!("ces dates chevauchent une réservation existante ({e})"),
        ));
    }
    let total = if cols.raw(row, 8).is_empty() {
        crate::planning::stays::tariff_price(tx.conn(), unit, stay)?
    } else {
        let price = cols.amount(row, 8)?;
        if price.is_negative() {
            return Err(refuse(
                cols,
                row,
                8,
                "le prix d'une réservation ne peut pas être négatif".to_owned(),
            ));
        }
        price
    };
    let booking = Booking {
        id: BookingId(id),
        unit: UnitId(unit),
        stay,
        guest,
        total,
        status: BookingStatus::Confirmed,
    };
    let op = crate::planning::stays::booking_made(&booking, None, None)?;
    Ok(Plan::Write(Box::new(op), what))
}

fn tariff_row(tx: &Tx<'_>, cols: &Columns<'_>, row: &Row) -> RowResult {
    let unit = unit_named(tx, cols, row, 0)?;
    let start = cols.date(row, 1)?;
    let nights = nights_of(cols, row, 2)?;
    let price = cols.amount(row, 3)?;
    let tariff =
        Tariff::new(start, nights, price).map_err(|e| refuse(cols, row, 3, e.to_string()))?;
    let what = format!(
        "tarif du {}, {} {} : {}",
        start.format("%d/%m/%Y"),
        nights,
        if nights == 1 { "nuit" } else { "nuits" },
        price.to_french()
    );
    let same = store::tariffs(tx.conn(), UnitId(unit))
        .map_err(AppError::from)?
        .into_iter()
        .any(|t| t == tariff);
    if same {
        return Ok(Plan::Already(what));
    }
    let op = Op::TariffsSet(TariffsSet {
        unit,
        tariffs: vec![TariffWire {
            start: Day::try_from(start)?,
            nights: Nights::try_from(nights)?,
            price: Amount::try_from(price)?,
        }],
    });
    Ok(Plan::Write(Box::new(op), what))
}
