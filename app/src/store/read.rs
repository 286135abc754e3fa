//! Reading rows back: the column helpers every area's store queries use (parse a
//! text column, an enum column that refuses unknown text), and the provider settings.

use std::str::FromStr;

use rusqlite::{Connection, OptionalExtension, Row};

pub(crate) fn conversion(
    index: usize,
    error: impl std::error::Error + Send + Sync + 'static,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(error))
}

/// Parses a text column with the type's `FromStr`.
pub(crate) fn parse<T>(row: &Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    row.get::<_, String>(index)?
        .parse()
        .map_err(|e| conversion(index, e))
}

/// Parses a nullable text column with the type's `FromStr`.
pub(crate) fn parse_opt<T>(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<T>>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    row.get::<_, Option<String>>(index)?
        .map(|text| text.parse().map_err(|e| conversion(index, e)))
        .transpose()
}

/// Reads a text column holding one of an enum's names (`pairs`): a text this version
/// does not know is an error that says so, never a default.
pub(crate) fn enum_column<T: Copy>(
    row: &Row<'_>,
    index: usize,
    pairs: &[(&str, T)],
) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    pairs
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, value)| *value)
        .ok_or_else(|| {
            let known: Vec<&str> = pairs.iter().map(|(name, _)| *name).collect();
            rusqlite::Error::FromSqlConversionFailure(
                index,
                rusqlite::types::Type::Text,
                format!(
                    "valeur inconnue « {text} » (attendu : {}) : ce fichier a été écrit par une \
                     version plus récente de Guichet, mettez Guichet à jour",
                    known.join(", ")
                )
                .into(),
            )
        })
}

/// A provider setting's stored text.
pub fn setting(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
        row.get(0)
    })
    .optional()
}
