//! The customers' file: the provider's customers, each with the details of a booking's
//! customer (title, names, address, e-mail, phone), imported from the old tool
//! (app/src/import.rs), found again by name, e-mail or phone when a stay is booked. A
//! save is a `customer_saved` operation: every device knows the file, the later save
//! wins and two devices changing one customer offline are told. Anonymising a guest
//! (GDPR) blanks their entry everywhere, and an older save arriving later never brings
//! it back.

use guichet_core::contact::Contact;
use guichet_core::csv_read::normalise_name;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::AppResult;
use crate::planning::booking_file::CustomerView;
use crate::store::read::parse;
use crate::App;

/// One customer of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CustomerRecord {
    /// Id.
    pub id: Uuid,
    /// The full name, as a booking takes it (`Marie Dupont`).
    pub name: String,
    /// Title, names apart, address, e-mail, phone.
    pub customer: CustomerView,
}

const COLUMNS: &str = "id, name, email, phone, details FROM customers WHERE forgotten_at IS NULL";

fn record(r: &rusqlite::Row<'_>) -> rusqlite::Result<(CustomerRecord, Contact)> {
    let contact = crate::planning::store::contact(r, 1, 4)?;
    Ok((
        CustomerRecord {
            id: parse(r, 0)?,
            name: contact.name().to_owned(),
            customer: CustomerView::from(&contact),
        },
        contact,
    ))
}

/// Every customer of the file, by name (whatever the case or accents: « Éric » before
/// « Marie »).
fn all(conn: &Connection) -> AppResult<Vec<(CustomerRecord, Contact)>> {
    let mut statement = conn.prepare(&format!("SELECT {COLUMNS}"))?;
    let rows = statement.query_map([], record)?;
    let mut all = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    all.sort_by_cached_key(|(r, _)| normalise_name(&r.name));
    Ok(all)
}

/// One customer of the file, unless forgotten.
pub(crate) fn customer(conn: &Connection, id: Uuid) -> AppResult<Option<Contact>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} AND id = ?1"),
            [id.to_string()],
            record,
        )
        .optional()?
        .map(|(_, contact)| contact))
}

/// Whether `c` is the customer asked for: `search` in their name (whatever the case,
/// accents or spaces), their e-mail or their phone's digits.
fn found(c: &Contact, search: &str) -> bool {
    let wanted = normalise_name(search);
    let digits: String = search.chars().filter(char::is_ascii_digit).collect();
    normalise_name(c.name()).contains(&wanted)
        || c.email()
            .is_some_and(|e| e.to_lowercase().contains(&search.trim().to_lowercase()))
        || (digits.len() >= 4
            && c.phone().is_some_and(|p| {
                p.chars()
                    .filter(char::is_ascii_digit)
                    .collect::<String>()
                    .contains(&digits)
            }))
}

/// Whether customer `id` was anonymised (GDPR): never saved again.
pub(crate) fn forgotten(conn: &Connection, id: Uuid) -> AppResult<bool> {
    Ok(conn
        .query_row(
            "SELECT forgotten_at IS NOT NULL FROM customers WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false))
}

impl App {
    /// The customers' file, by name; with `search`, those whose name, e-mail or phone
    /// holds it.
    pub fn customers(&self, search: Option<&str>) -> AppResult<Vec<CustomerRecord>> {
        Ok(all(self.store.conn())?
            .into_iter()
            .filter(|(_, c)| search.is_none_or(|s| s.trim().is_empty() || found(c, s)))
            .map(|(r, _)| r)
            .collect())
    }
}
