//! Tariff files: a JSON array of `{"start": DATE, "nights": N, "price": AMOUNT}`
//! (cli.md). Prices are read exactly from their text, whether written as a string
//! (`"500.00"`) or a number (`500.5`): no float ever holds them.

use std::path::Path;

use chrono::NaiveDate;
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

/// Reads and validates a tariff file.
pub fn read_tariffs(path: &Path) -> AppResult<Vec<Tariff>> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        AppError::input(format!(
            "{name} : le fichier de tarifs ne peut pas être lu ({e})"
        ))
    })?;
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
