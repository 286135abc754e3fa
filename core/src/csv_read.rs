//! Reading the CSV files other tools export (the payment service's transactions and
//! payout statements): fields separated by `;` or `,` (found from the header line),
//! UTF-8 with or without a byte order mark, fields quoted the RFC 4180 way when they
//! hold a separator, a quote or a line break, amounts with a decimal comma or point.
//! Every error names the line (counted from 1, the header being line 1) and, for a
//! value, its column.

use std::fmt;

use chrono::NaiveDate;

use crate::bounds::printable;
use crate::Money;

/// The UTF-8 byte order mark Excel writes at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Why a CSV file cannot be read: where, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    /// The line of the file (from 1).
    pub line: usize,
    /// The column's name, as the header writes it, when one value is wrong.
    pub column: Option<String>,
    /// What is wrong, in French.
    pub message: String,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(
                f,
                "ligne {}, colonne « {} » : {}",
                self.line, column, self.message
            ),
            None => write!(f, "ligne {} : {}", self.line, self.message),
        }
    }
}

impl std::error::Error for CsvError {}

impl CsvError {
    fn at(line: usize, message: impl Into<String>) -> CsvError {
        CsvError {
            line,
            column: None,
            message: message.into(),
        }
    }
}

/// One record of the file after its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line it starts on (from 1).
    pub line: usize,
    /// Its fields, unquoted.
    pub cells: Vec<String>,
}

/// A CSV file: its header and its records (blank lines left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header's names, as written.
    pub header: Vec<String>,
    /// The records.
    pub rows: Vec<Row>,
}

/// A column header made comparable: lower case, accents and spaces taken out
/// (`Date de virement` → `date_de_virement`).
pub fn normalise_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            ' ' | '-' | '\'' | '’' | '.' => '_',
            other => other,
        };
        if !(plain == '_' && out.ends_with('_')) {
            out.push(plain);
        }
    }
    out.trim_matches('_').to_owned()
}

/// `n colonnes`, `1 colonne`.
fn columns(n: usize) -> String {
    if n == 1 {
        "1 colonne".to_owned()
    } else {
        format!("{n} colonnes")
    }
}

/// Reads a CSV file's bytes. The separator is the header line's: `;` when it holds
/// one, a tab when it holds one (« texte séparé par des tabulations »), `,` otherwise. A record with fewer fields than the header is refused; extra
/// empty fields at its end (as spreadsheets write them) are left out.
pub fn read(bytes: &[u8]) -> Result<Table, CsvError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        CsvError::at(
            line,
            "le fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 » depuis votre tableur",
        )
    })?;
    let first_line = text.lines().next().unwrap_or_default();
    let separator = if first_line.contains(';') {
        ';'
    } else if first_line.contains('\t') {
        '\t'
    } else {
        ','
    };
    let shown = match separator {
        '\t' => "tabulation".to_owned(),
        other => format!("« {other} »"),
    };
    let mut records = records(text, separator)?
        .into_iter()
        .filter(|r| !(r.cells.len() == 1 && r.cells[0].trim().is_empty()));
    let header = records
        .next()
        .ok_or_else(|| CsvError::at(1, "le fichier est vide : il lui faut une ligne d'en-tête"))?;
    let width = header.cells.len();
    let mut rows = Vec::new();
    for mut row in records {
        while row.cells.len() > width && row.cells.last().is_some_and(|c| c.trim().is_empty()) {
            row.cells.pop();
        }
        if row.cells.len() != width {
            return Err(CsvError::at(
                row.line,
                format!(
                    "{} au lieu {} de l'en-tête : vérifiez les séparateurs ({shown}) \
                     et mettez entre guillemets un montant à virgule",
                    columns(row.cells.len()),
                    if width == 1 {
                        "de la colonne".to_owned()
                    } else {
                        format!("des {width} colonnes")
                    },
                ),
            ));
        }
        rows.push(row);
    }
    Ok(Table {
        header: header
            .cells
            .into_iter()
            .map(|c| c.trim().to_owned())
            .collect(),
        rows,
    })
}

/// The header's names as the file writes them: « N° de carte », « Reste ».
fn file_columns(table: &Table) -> String {
    table
        .header
        .iter()
        .map(|h| format!("« {} »", printable(h)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The records of `text`, each with the line it starts on.
fn records(text: &str, separator: char) -> Result<Vec<Row>, CsvError> {
    let mut rows = Vec::new();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut line = 1;
    let mut start = 1;
    let mut quoted = false;
    let mut quote_line = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                other => cell.push(other),
            }
            continue;
        }
        match c {
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
                quote_line = line;
            }
            c if c == separator => cells.push(std::mem::take(&mut cell)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                cells.push(std::mem::take(&mut cell));
                rows.push(Row {
                    line: start,
                    cells: std::mem::take(&mut cells),
                });
                line += 1;
                start = line;
            }
            other => cell.push(other),
        }
    }
    if quoted {
        return Err(CsvError::at(
            quote_line,
            "un guillemet ouvert n'est jamais refermé : vérifiez cette ligne",
        ));
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        rows.push(Row { line: start, cells });
    }
    Ok(rows)
}

/// The columns a file must have, found by their names.
#[derive(Debug)]
pub struct Columns<'a> {
    table: &'a Table,
    indexes: Vec<usize>,
}

/// A column a file must have: its name in the messages and the names accepted
/// (compared after [`normalise_name`]).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The name the messages give.
    pub name: &'static str,
    /// Every name accepted for it.
    pub aliases: &'static [&'static str],
}

impl<'a> Columns<'a> {
    /// Finds `wanted` in the table's header; a missing one is refused by name, with
    /// the header's line.
    pub fn find(table: &'a Table, wanted: &[Column]) -> Result<Columns<'a>, CsvError> {
        let names: Vec<String> = table.header.iter().map(|h| normalise_name(h)).collect();
        let mut indexes = Vec::new();
        for column in wanted {
            let index = names
                .iter()
                .position(|n| column.aliases.iter().any(|a| normalise_name(a) == *n))
                .ok_or_else(|| {
                    CsvError::at(
                        1,
                        format!(
                            "il manque la colonne « {} » dans l'en-tête (noms acceptés : {})",
                            column.name,
                            column.aliases.join(", ")
                        ),
                    )
                })?;
            indexes.push(index);
        }
        Ok(Columns { table, indexes })
    }

    /// Finds `wanted` in the table's header, `overrides` first (our field's name, the
    /// header's name as written: `--map code=N° du bon`), then by the names accepted.
    /// Only the columns named in `required` must be found; an optional column not
    /// found reads empty. An override naming a field or a column that does not exist
    /// is refused, saying which.
    pub fn find_mapped(
        table: &'a Table,
        wanted: &[Column],
        required: &[&str],
        overrides: &[(String, String)],
    ) -> Result<Columns<'a>, CsvError> {
        let names: Vec<String> = table.header.iter().map(|h| normalise_name(h)).collect();
        for (field, _) in overrides {
            if !wanted.iter().any(|c| c.name == field.trim()) {
                return Err(CsvError::at(
                    1,
                    format!(
                        "« {} » n'est pas un champ de cet import (champs : {})",
                        printable(field),
                        wanted.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
        let mut indexes = Vec::new();
        for column in wanted {
            let given = overrides
                .iter()
                .rev()
                .find(|(field, _)| field.trim() == column.name);
            let index = match given {
                Some((_, header)) => Some(
                    names
                        .iter()
                        .position(|n| *n == normalise_name(header))
                        .ok_or_else(|| {
                            CsvError::at(
                                1,
                                format!(
                                    "la colonne « {} » donnée pour « {} » n'est pas dans l'en-tête \
                                     (colonnes du fichier : {})",
                                    printable(header),
                                    column.name,
                                    file_columns(table)
                                ),
                            )
                        })?,
                ),
                // The aliases in their order: « Montant restant » before « Montant ».
                None => column.aliases.iter().find_map(|a| {
                    let alias = normalise_name(a);
                    names.iter().position(|n| *n == alias)
                }),
            };
            if let Some(index) = index {
                // Two columns of the same name: which one the old tool meant is a guess.
                if names.iter().filter(|n| **n == names[index]).count() > 1 {
                    return Err(CsvError::at(
                        1,
                        format!(
                            "la colonne « {} » figure deux fois dans l'en-tête : renommez ou \
                             supprimez l'une des deux dans votre tableur",
                            printable(&table.header[index])
                        ),
                    ));
                }
            }
            match index {
                Some(index) => indexes.push(index),
                None if required.contains(&column.name) => {
                    return Err(CsvError::at(
                        1,
                        format!(
                            "il manque la colonne « {} » dans l'en-tête (noms reconnus : {}) ; colonnes du \
                             fichier : {} ; désignez celle qui la remplace : {}=Nom de la colonne",
                            column.name,
                            column.aliases.join(", "),
                            file_columns(table),
                            column.name
                        ),
                    ))
                }
                None => indexes.push(usize::MAX),
            }
        }
        Ok(Columns { table, indexes })
    }

    /// The header's name of the `n`-th wanted column, when the file has it.
    pub fn header(&self, n: usize) -> Option<&str> {
        self.indexes
            .get(n)
            .and_then(|i| self.table.header.get(*i))
            .map(String::as_str)
    }

    /// The trimmed cell of `row` in the `n`-th wanted column (empty when the file has
    /// no such column).
    pub fn raw<'r>(&self, row: &'r Row, n: usize) -> &'r str {
        self.cell(row, n).0
    }

    /// The cell of `row` in the `n`-th wanted column, with its header's name.
    fn cell<'r>(&self, row: &'r Row, n: usize) -> (&'r str, String) {
        let index = self.indexes.get(n).copied().unwrap_or(usize::MAX);
        let name = self.table.header.get(index).cloned().unwrap_or_default();
        (
            row.cells.get(index).map(|c| c.trim()).unwrap_or_default(),
            name,
        )
    }

    fn error(row: &Row, column: String, message: String) -> CsvError {
        CsvError {
            line: row.line,
            column: Some(column),
            message,
        }
    }

    /// A text that may not be empty (200 characters at most, on one line).
    pub fn text(&self, row: &Row, n: usize) -> Result<String, CsvError> {
        let (cell, column) = self.cell(row, n);
        if cell.is_empty() {
            return Err(Columns::error(row, column, "la valeur est vide".to_owned()));
        }
        if cell.chars().count() > 200 || cell.chars().any(char::is_control) {
            return Err(Columns::error(
                row,
                column,
                format!(
                    "« {} » est trop long ou tient sur plusieurs lignes : 200 caractères au plus, sur une ligne",
                    excerpt(cell)
                ),
            ));
        }
        Ok(cell.to_owned())
    }

    /// An amount: `12,50`, `12.50`, `1 100,00 €`; never with both a comma and a point.
    pub fn amount(&self, row: &Row, n: usize) -> Result<Money, CsvError> {
        let (cell, column) = self.cell(row, n);
        let compact: String = cell
            .trim_end_matches('€')
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        let refused = || {
            Columns::error(
                row,
                column.clone(),
                format!(
                    "« {} » n'est pas un montant : écrivez-le 12,50 ou 12.50, au centime près",
                    printable(cell)
                ),
            )
        };
        if compact.contains(',') && compact.contains('.') {
            return Err(refused());
        }
        compact.replace(',', ".").parse().map_err(|_| refused())
    }

    /// A date: `2026-11-27` or `27/11/2026`, a time after it (`27/11/2026 14:05`) left out.
    pub fn date(&self, row: &Row, n: usize) -> Result<NaiveDate, CsvError> {
        let (cell, column) = self.cell(row, n);
        let (day, time) = cell.split_once([' ', 'T']).unwrap_or((cell, ""));
        // The time left out must still be a time: « 2026-06-01T25:00 » is no date.
        let time = time.trim().trim_end_matches('Z');
        let time = time.split_once('.').map_or(time, |(whole, _)| whole);
        let time_ok = time.is_empty()
            || chrono::NaiveTime::parse_from_str(time, "%H:%M:%S").is_ok()
            || chrono::NaiveTime::parse_from_str(time, "%H:%M").is_ok();
        NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(day, "%d/%m/%Y"))
            .ok()
            .filter(|_| time_ok)
            .filter(|d| crate::bounds::check_date(*d).is_ok())
            .ok_or_else(|| {
                Columns::error(
                    row,
                    column,
                    format!(
                        "« {} » n'est pas une date : écrivez-la 27/11/2026 ou 2026-11-27 \
                         (années 2000 à 2099)",
                        printable(cell)
                    ),
                )
            })
    }

    /// An error about the `n`-th wanted column of `row`.
    pub fn refuse(&self, row: &Row, n: usize, message: String) -> CsvError {
        let (_, column) = self.cell(row, n);
        Columns::error(row, column, message)
    }
}

/// `cell` as a message quotes it: printable, its first 40 characters then « … ».
fn excerpt(cell: &str) -> String {
    let shown = printable(cell);
    match shown.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &shown[..cut]),
        None => shown.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_semicolons_a_bom_quotes_and_crlf() {
        let text = "\u{feff}Réf;Montant;Note\r\nA1;\"12,50\";\"dit \"\"bonjour\"\"\r\nsur deux lignes\"\r\n\r\nA2;3.00;;\r\n";
        let table = read(text.as_bytes()).unwrap();
        assert_eq!(table.header, ["Réf", "Montant", "Note"]);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].cells[2], "dit \"bonjour\"\r\nsur deux lignes");
        assert_eq!(table.rows[1].line, 5);
        assert_eq!(table.rows[1].cells, ["A2", "3.00", ""]);
    }

    #[test]
    fn commas_when_the_header_has_no_semicolon() {
        let table = read(b"ref,amount\nA,\"1,5\"\n").unwrap();
        assert_eq!(table.rows[0].cells, ["A", "1,5"]);
    }

    #[test]
    fn errors_name_the_line() {
        let short = read(b"a;b;c\n1;2;3\n4;5\n").unwrap_err();
        assert_eq!(short.line, 3);
        assert!(
            short.to_string().starts_with("ligne 3 : 2 colonnes"),
            "{short}"
        );
        let open = read(b"a;b\n1;\"2\n3;4\n").unwrap_err();
        assert_eq!(open.line, 2);
        let latin1 = read(b"a;b\n1;2\nd\xe9j\xe0;3\n").unwrap_err();
        assert_eq!(latin1.line, 3);
        assert!(latin1.message.contains("UTF-8"));
        assert_eq!(read(b"").unwrap_err().line, 1);
    }

    #[test]
    fn a_text_too_long_is_refused_quoting_its_beginning_only() {
        let long = "A".repeat(5_000);
        let table = read(format!("Nom\n{long}\nDupont\n").as_bytes()).unwrap();
        let name = Column {
            name: "nom",
            aliases: &["nom"],
        };
        let cols = Columns::find(&table, &[name]).unwrap();
        let refused = cols.text(&table.rows[0], 0).unwrap_err().to_string();
        assert!(
            refused.contains(&format!("« {}… »", "A".repeat(40))),
            "{refused}"
        );
        assert!(refused.chars().count() < 200, "{refused}");
        assert_eq!(cols.text(&table.rows[1], 0).unwrap(), "Dupont");
    }

    #[test]
    fn amounts_dates_and_missing_columns() {
        let table =
            read("Montant;Date\n1 100,00 €;27/11/2026 14:05\n1.100,00;2026-11-27\n".as_bytes())
                .unwrap();
        let amount = Column {
            name: "montant",
            aliases: &["montant", "amount"],
        };
        let date = Column {
            name: "date",
            aliases: &["date"],
        };
        let cols = Columns::find(&table, &[amount, date]).unwrap();
        assert_eq!(
            cols.amount(&table.rows[0], 0),
            Ok(Money::from_cents(110_000))
        );
        assert_eq!(
            cols.date(&table.rows[0], 1).unwrap().to_string(),
            "2026-11-27"
        );
        let bad = cols.amount(&table.rows[1], 0).unwrap_err();
        assert_eq!(
            bad.to_string().split(" : ").next(),
            Some("ligne 3, colonne « Montant »")
        );
        assert_eq!(
            cols.date(&table.rows[1], 1).unwrap().to_string(),
            "2026-11-27"
        );
        let missing = Columns::find(
            &table,
            &[Column {
                name: "frais",
                aliases: &["frais", "fee"],
            }],
        )
        .unwrap_err();
        assert_eq!(missing.line, 1);
        assert!(missing.message.contains("« frais »"), "{missing}");
    }

    #[test]
    fn a_mapping_overrides_the_names_and_optional_columns_read_empty() {
        let table = read("N° du bon;Reste;Divers\nK1;12,00;x\n".as_bytes()).unwrap();
        let code = Column {
            name: "code",
            aliases: &["code"],
        };
        let amount = Column {
            name: "montant",
            aliases: &["montant", "reste"],
        };
        let product = Column {
            name: "produits",
            aliases: &["produits"],
        };
        let wanted = [code, amount, product];
        let missing = Columns::find_mapped(&table, &wanted, &["code"], &[]).unwrap_err();
        assert!(
            missing.message.contains("code=Nom de la colonne"),
            "{missing}"
        );
        let map = [("code".to_owned(), "n° du bon".to_owned())];
        let cols = Columns::find_mapped(&table, &wanted, &["code"], &map).unwrap();
        assert_eq!(cols.raw(&table.rows[0], 0), "K1");
        assert_eq!(cols.header(1), Some("Reste"));
        assert_eq!(cols.raw(&table.rows[0], 2), "");
        assert_eq!(cols.header(2), None);
        let wrong = [("code".to_owned(), "Numéro".to_owned())];
        let err = Columns::find_mapped(&table, &wanted, &["code"], &wrong).unwrap_err();
        assert!(err.message.contains("« Numéro »"), "{err}");
        let unknown = [("prix".to_owned(), "Reste".to_owned())];
        let err = Columns::find_mapped(&table, &wanted, &[], &unknown).unwrap_err();
        assert!(err.message.contains("« prix »"), "{err}");
    }

    #[test]
    fn names_compare_without_case_accents_or_spaces() {
        assert_eq!(normalise_name(" Date de Virement "), "date_de_virement");
        assert_eq!(normalise_name("Référence"), "reference");
    }
}
