//! Tariff files: a JSON array of `{"start": DATE, "nights": N, "price": AMOUNT}`
//! (cli.md). Prices are read exactly from their text, whether written as a string
//! (`"500.00"`) or a number (`500.5`): no float ever holds them.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use guichet_core::bounds::{self, MAX_INPUT_FILE_BYTES};
use guichet_core::{Money, Tariff, TariffGrid};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::error::{AppError, AppResult};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line<'a> {
    start: NaiveDate,
    nights: u32,
    #[serde(borrow)]
    price: &'a RawValue,
}

fn price(raw: &RawValue) -> Result<Money, String> {
    let text = raw.get();
    let amount = match serde_json::from_str::<String>(text) {
        Ok(quoted) => quoted,
        Err(_) => text.to_owned(),
    };
    amount.parse::<Money>().map_err(|e| e.to_string())
}

/// Parses and validates a tariff file's text; `name` names it in error messages.
/// Duplicates (same start and length) are refused: the price would be ambiguous.
pub fn parse_tariffs(text: &str, name: &str) -> AppResult<Vec<Tariff>> {
    let lines: Vec<Line<'_>> = serde_json::from_str(text).map_err(|e| {
        AppError::input(format!(
            "{name} : ce n'est pas une liste de tarifs valide (ligne {}, colonne {} : {}) ; \
             attendu : [{{\"start\": \"2026-07-04\", \"nights\": 7, \"price\": \"500.00\"}}, …]",
            e.line(),
            e.column(),
            e
        ))
    })?;
    if lines.len() > bounds::MAX_ROWS_PER_WRITE {
        return Err(AppError::input(format!(
            "{name} : {} tarifs ; un fichier de tarifs en compte au plus 10 000 : découpez-le",
            lines.len()
        )));
    }
    let tariffs = lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let price = price(line.price).map_err(|e| {
                AppError::input(format!(
                    "{name}, tarif n° {} (début {}) : {e}",
                    index + 1,
                    line.start
                ))
            })?;
            Tariff::new(line.start, line.nights, price)
                .map_err(|e| AppError::input(format!("{name}, tarif n° {} : {e}", index + 1)))
        })
        .collect::<AppResult<Vec<Tariff>>>()?;
    TariffGrid::new(tariffs.clone()).map_err(|e| AppError::input(format!("{name} : {e}")))?;
    Ok(tariffs)
}

/// Reads one of our own input files (tariff files, imports) as UTF-8 text: `-` is
/// standard input; anything else must be a regular file, checked before it is opened
/// (opening a FIFO blocks, a device or a folder never ends), and at most
/// [`MAX_INPUT_FILE_BYTES`] (10 Mo) are read. `what` says what the file is for
/// ("le fichier de tarifs") in messages.
pub fn read_input_file(path: &Path, what: &str) -> AppResult<String> {
    let name = bounds::printable(&path.display().to_string()).into_owned();
    let cannot = |e: std::io::Error| {
        AppError::input(format!(
            "{name} : {what} ne peut pas être lu ({}) : vérifiez le chemin et les droits",
            crate::error::os_reason(&e)
        ))
    };
    let mut bytes = Vec::new();
    let limit = MAX_INPUT_FILE_BYTES + 1;
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
    } else {
        let metadata = std::fs::metadata(path).map_err(cannot)?;
        if !metadata.is_file() {
            let kind = if metadata.is_dir() {
                "un dossier"
            } else {
                "un tube, un périphérique ou une socket"
            };
            return Err(AppError::input(format!(
                "{name} : {what} doit être un fichier ordinaire, pas {kind} : \
                 donnez le chemin d'un fichier (ou « - » pour l'entrée standard)"
            )));
        }
        std::fs::File::open(path)
            .and_then(|file| file.take(limit).read_to_end(&mut bytes))
            .map_err(cannot)?;
    }
    if bytes.len() as u64 > MAX_INPUT_FILE_BYTES {
        return Err(AppError::input(format!(
            "{name} : {what} dépasse 10 Mo, la taille maximale lue : découpez-le"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        AppError::input(format!(
            "{name} : {what} n'est pas du texte UTF-8 (octet {}) : enregistrez-le en UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Reads and validates a tariff file (`-`: standard input).
pub fn read_tariffs(path: &Path) -> AppResult<Vec<Tariff>> {
    let name = bounds::printable(&path.display().to_string()).into_owned();
    let text = read_input_file(path, "le fichier de tarifs")?;
    parse_tariffs(&text, &name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p1_prices_are_read_exactly_as_strings_or_numbers() {
        let tariffs = parse_tariffs(
            r#"[{"start": "2026-07-04", "nights": 7, "price": "500.10"},
                {"start": "2026-07-11", "nights": 7, "price": 600.1},
                {"start": "2026-07-18", "nights": 1, "price": 90}]"#,
            "t.json",
        )
        .unwrap();
        let prices: Vec<String> = tariffs.iter().map(|t| t.price().to_string()).collect();
        assert_eq!(prices, ["500.10", "600.10", "90.00"]);
    }

    #[test]
    fn bounds_a_tariff_file_holds_at_most_10000_tariffs() {
        let line = r#"{"start": "2026-07-01", "nights": 1, "price": "1"}"#;
        let text = format!("[{}]", vec![line; 10_001].join(","));
        let err = parse_tariffs(&text, "t.json").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert!(err.message.contains("au plus 10 000"), "{}", err.message);
    }

    #[test]
    fn bad_files_name_the_problem() {
        let cases = [
            ("", "ligne 1"),
            ("{}", "liste de tarifs"),
            (
                r#"[{"start": "2026-02-30", "nights": 1, "price": "1"}]"#,
                "ligne 1",
            ),
            (
                r#"[{"start": "2026-07-01", "nights": 0, "price": "1"}]"#,
                "tarif n° 1",
            ),
            (
                r#"[{"start": "2026-07-01", "nights": 1, "price": "-1"}]"#,
                "négatif",
            ),
            (
                r#"[{"start": "2026-07-01", "nights": 1, "price": "1.001"}]"#,
                "deux décimales",
            ),
            (
                r#"[{"start": "2026-07-01", "nights": 1, "price": 1e2}]"#,
                "n'est pas un montant",
            ),
            (
                r#"[{"start": "2026-07-01", "nights": 1, "prix": "1"}]"#,
                "prix",
            ),
            (
                r#"[{"start": "1999-07-01", "nights": 1, "price": "1"}]"#,
                "tarif n° 1 : tarif du 1999-07-01 : la date 1999-07-01 est hors des années 2000 à 2099",
            ),
            (
                r#"[{"start": "2026-07-01", "nights": 12345678, "price": "1"}]"#,
                "tarif n° 1 : tarif du 2026-07-01 : 12345678 nuits : un séjour ou un tarif dure au plus 1 096 nuits",
            ),
            (
                r#"[{"start": "2026-07-01", "nights": 1, "price": "1000000.01"}]"#,
                "tarif n° 1 (début 2026-07-01) : « 1000000.01 » dépasse 1 000 000,00 €",
            ),
            (
                r#"[{"start": "2026-07-01", "nights": 1, "price": "1"}, {"start": "2026-07-01", "nights": 1, "price": "2"}]"#,
                "deux tarifs",
            ),
        ];
        for (text, expected) in cases {
            let err = parse_tariffs(text, "t.json").unwrap_err();
            assert_eq!(err.exit_code(), 2, "{text}");
            assert!(err.message.contains(expected), "{text}: {}", err.message);
        }
    }
}
