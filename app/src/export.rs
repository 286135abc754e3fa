//! Tables written as files for a spreadsheet: CSV for French-locale Excel and LibreOffice
//! (rule A5: `;`, UTF-8 with a byte-order mark, CRLF, decimal commas, dates jj/mm/aaaa)
//! and XLSX workbooks (rust_xlsxwriter), amounts as numbers and dates as dates in both.

use std::io::Write;
use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use guichet_core::Money;
use rust_xlsxwriter::{Format, Workbook, Worksheet};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorCode};

/// A workbook that could not be made (never the user's doing).
fn internal(message: impl std::fmt::Display) -> AppError {
    AppError {
        code: ErrorCode::Storage,
        message: format!("l'export n'a pas pu être préparé ({message}) : réessayez"),
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// A text, never run as a formula.
    Text(String),
    /// An amount in euros: a number.
    Money(Money),
    /// A whole number.
    Int(i64),
    /// A civil day.
    Date(NaiveDate),
    /// A time of day (Paris).
    Time(NaiveTime),
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::Text(text.to_owned())
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell::Text(text)
    }
}

impl From<Money> for Cell {
    fn from(money: Money) -> Cell {
        Cell::Money(money)
    }
}

impl From<NaiveDate> for Cell {
    fn from(day: NaiveDate) -> Cell {
        Cell::Date(day)
    }
}

impl From<Option<NaiveDate>> for Cell {
    fn from(day: Option<NaiveDate>) -> Cell {
        day.map_or(Cell::Empty, Cell::Date)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Cell {
        Cell::Int(i64::from(n))
    }
}

/// A sheet: its name, its column titles and its rows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The sheet's name (XLSX).
    pub name: String,
    /// The column titles.
    pub headers: Vec<String>,
    /// The rows, as long as the titles.
    pub rows: Vec<Vec<Cell>>,
}

/// The file format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    /// CSV for French-locale spreadsheets (A5).
    Csv,
    /// An Excel workbook.
    Xlsx,
}

/// An export written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportDone {
    /// Where.
    pub path: String,
    /// How many rows (of the first sheet).
    pub rows: u32,
}

/// How far an export has got: `done` of `total` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportProgress {
    /// Rows prepared.
    pub done: u32,
    /// Rows in all.
    pub total: u32,
}

/// The characters a spreadsheet reads as the start of a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text made safe to open: one that a spreadsheet would run as a formula gets a
/// leading apostrophe, so it stays a text.
pub fn defused(text: &str) -> String {
    if text.starts_with(FORMULA_STARTS) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// An amount as a French spreadsheet reads a number: `-1234,50` (no sign €, no
/// thousands separator).
fn csv_money(money: Money) -> String {
    money.to_string().replace('.', ",")
}

/// A CSV field, quoted when it holds the separator, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn csv_cell(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(text) => csv_field(&defused(text)),
        Cell::Money(money) => csv_money(*money),
        Cell::Int(n) => n.to_string(),
        Cell::Date(day) => day.format("%d/%m/%Y").to_string(),
        Cell::Time(time) => time.format("%H:%M").to_string(),
    }
}

/// The bytes of `table` as CSV for French-locale Excel and LibreOffice (A5).
pub fn csv_bytes(table: &Table) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let headers: Vec<String> = table
        .headers
        .iter()
        .map(|h| csv_field(&defused(h)))
        .collect();
    out.push_str(&headers.join(";"));
    out.push_str("\r\n");
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(csv_cell).collect();
        out.push_str(&cells.join(";"));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// A file that could not be written, said in French with what to do: a full disk is
/// emptied or another disk chosen, a refused folder is changed for one's own.
fn write_error(path: &Path, e: &std::io::Error) -> AppError {
    let what_to_do = match e.kind() {
        std::io::ErrorKind::StorageFull => {
            "libérez de la place ou choisissez un autre disque (une clé USB), puis recommencez"
        }
        _ => "choisissez un dossier où vous pouvez écrire (votre dossier personnel), puis recommencez",
    };
    AppError::input(format!(
        "le fichier {} n'a pas pu être écrit ({}) : {what_to_do}",
        path.display(),
        crate::error::os_reason(e)
    ))
}

/// Where the user chose to write an export: a full path in a folder that exists, its
/// extension (`.csv`, `.xlsx`) added when missing.
pub fn chosen_export_path(path: &str, format: ExportFormat) -> AppResult<std::path::PathBuf> {
    let (extension, example) = match format {
        ExportFormat::Csv => ("csv", "/home/gite/ventes.csv"),
        ExportFormat::Xlsx => ("xlsx", "/home/gite/ventes.xlsx"),
    };
    crate::destination::chosen_path(path, extension, example)
}

/// Writes `bytes` to `path` through a temporary file beside it, so that a reader never
/// sees half a file.
fn write_file(path: &Path, bytes: &[u8]) -> AppResult<()> {
    let name = path
        .file_name()
        .ok_or_else(|| AppError::input("donnez un nom de fichier, par exemple ventes.csv"))?;
    let mut partial = name.to_os_string();
    partial.push(".partiel");
    let temporary = path.with_file_name(partial);
    let result = std::fs::File::create(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(e) = result {
        // Half a file is never left behind (a full disk keeps nothing of it).
        let _ = std::fs::remove_file(&temporary);
        return Err(write_error(path, &e));
    }
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        write_error(path, &e)
    })
}

/// Writes `table` as a CSV file (A5).
pub fn write_csv(table: &Table, path: &Path) -> AppResult<()> {
    write_file(path, &csv_bytes(table))
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> AppError {
    internal(format!("classeur XLSX : {e}"))
}

/// The formats of a workbook's cells.
struct Formats {
    header: Format,
    money: Format,
    date: Format,
    time: Format,
    text: Format,
}

fn write_sheet(sheet: &mut Worksheet, table: &Table, formats: &Formats) -> AppResult<()> {
    sheet.set_name(&table.name).map_err(xlsx_error)?;
    for (col, header) in (0u16..).zip(&table.headers) {
        sheet
            .write_string_with_format(0, col, header, &formats.header)
            .map_err(xlsx_error)?;
        sheet.set_column_width(col, 14).map_err(xlsx_error)?;
    }
    for (row, cells) in (1u32..).zip(&table.rows) {
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Empty => continue,
                // Written as a string: never a formula, whatever it starts with.
                Cell::Text(text) => sheet.write_string_with_format(row, col, text, &formats.text),
                Cell::Money(money) => {
                    let number: f64 = money
                        .to_string()
                        .parse()
                        .map_err(|_| internal(format!("montant illisible : {money}")))?;
                    sheet.write_number_with_format(row, col, number, &formats.money)
                }
                Cell::Int(n) => {
                    let number: f64 = n.to_string().parse().unwrap_or_default();
                    sheet.write_number(row, col, number)
                }
                Cell::Date(day) => sheet.write_datetime_with_format(row, col, day, &formats.date),
                Cell::Time(time) => sheet.write_datetime_with_format(row, col, time, &formats.time),
            }
            .map_err(xlsx_error)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    Ok(())
}

/// The bytes of a workbook of `tables`, one sheet each: amounts as numbers shown
/// `1 234,50 €` in a French Excel, days as dates.
pub fn xlsx_bytes(tables: &[Table]) -> AppResult<Vec<u8>> {
    let formats = Formats {
        header: Format::new().set_bold(),
        money: Format::new().set_num_format("#,##0.00\\ \"€\""),
        date: Format::new().set_num_format("dd/mm/yyyy"),
        time: Format::new().set_num_format("hh:mm"),
        text: Format::new().set_text_wrap(),
    };
    let mut workbook = Workbook::new();
    for table in tables {
        let sheet = workbook.add_worksheet();
        write_sheet(sheet, table, &formats)?;
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// Writes `tables` as an XLSX workbook.
pub fn write_xlsx(tables: &[Table], path: &Path) -> AppResult<()> {
    write_file(path, &xlsx_bytes(tables)?)
}

/// Writes `tables` in `format`: a CSV holds the first table only.
pub fn write(tables: &[Table], format: ExportFormat, path: &Path) -> AppResult<ExportDone> {
    match format {
        ExportFormat::Csv => {
            let table = tables
                .first()
                .ok_or_else(|| internal("export sans tableau"))?;
            write_csv(table, path)?;
        }
        ExportFormat::Xlsx => write_xlsx(tables, path)?,
    }
    Ok(ExportDone {
        path: path.display().to_string(),
        rows: tables
            .first()
            .map_or(0, |t| u32::try_from(t.rows.len()).unwrap_or(u32::MAX)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: Vec<Vec<Cell>>) -> Table {
        Table {
            name: "T".to_owned(),
            headers: vec!["Libellé".to_owned(), "Montant".to_owned()],
            rows,
        }
    }

    #[test]
    fn a5_csv_has_a_bom_semicolons_crlf_and_decimal_commas() {
        let bytes = csv_bytes(&table(vec![
            vec![
                "Balade; « poney »".into(),
                Money::from_cents(-123_450).into(),
            ],
            vec![
                "dit \"oui\"\nligne 2".into(),
                Cell::Date(NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()),
            ],
        ]));
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(
            text,
            "\u{feff}Libellé;Montant\r\n\"Balade; « poney »\";-1234,50\r\n\"dit \"\"oui\"\"\nligne 2\";01/07/2026\r\n"
        );
    }

    #[test]
    fn a5_a_file_that_cannot_be_written_is_said_in_french_with_what_to_do() {
        let path = Path::new("/media/cle/ventes.csv");
        let full = write_error(path, &std::io::Error::from(std::io::ErrorKind::StorageFull));
        assert_eq!(
            full.message,
            "le fichier /media/cle/ventes.csv n'a pas pu être écrit (disque plein) : libérez de la \
             place ou choisissez un autre disque (une clé USB), puis recommencez"
        );
        let refused = write_error(
            path,
            &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert!(
            refused
                .message
                .contains("(accès refusé) : choisissez un dossier où vous pouvez écrire"),
            "{}",
            refused.message
        );
        let dir = tempfile::tempdir().unwrap();
        let chosen = chosen_export_path(
            &format!("{}/mars", dir.path().display()),
            ExportFormat::Xlsx,
        )
        .unwrap();
        assert_eq!(chosen, dir.path().join("mars.xlsx"));
        let folder =
            chosen_export_path(&dir.path().display().to_string(), ExportFormat::Csv).unwrap_err();
        assert!(
            folder.message.contains("est un dossier"),
            "{}",
            folder.message
        );
        // Written through a temporary file that does not stay beside it.
        write_csv(&table(vec![]), &dir.path().join("ok.csv")).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a5_a_text_that_would_run_as_a_formula_is_defused_but_a_negative_amount_stays_a_number() {
        for formula in ["=HYPERLINK(\"x\")", "+33 6", "-2", "@SUM(A1)", "\tx"] {
            let text = String::from_utf8(csv_bytes(&table(vec![vec![
                formula.into(),
                Money::from_cents(-250).into(),
            ]])))
            .unwrap();
            let row = text.lines().nth(1).unwrap().to_owned();
            assert!(row.starts_with("'") || row.starts_with("\"'"), "{row}");
            assert!(row.ends_with(";-2,50"), "{row}");
        }
        assert_eq!(defused("Balade"), "Balade");
    }
}
