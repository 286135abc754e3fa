//! Events, their sessions, and the ticket products sold for them (rule T2).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::money::Money;

/// An organizer, ordered by creation (`rank`: 0 for the first created).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organizer {
    /// Id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Creation order.
    pub rank: u32,
}

/// A session of an event (séance): when it starts and how many it admits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Id.
    pub id: Uuid,
    /// The event's name.
    pub event: String,
    /// Start instant.
    pub starts_at: DateTime<Utc>,
    /// Tickets it can admit.
    pub capacity: u32,
}

/// A ticket product: a kind of ticket for an event, with its theme, organizer and
/// place in the organizer's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketProduct {
    /// Id.
    pub id: Uuid,
    /// Name (`Plein tarif`, `Enfant`…).
    pub name: String,
    /// Theme (`Concerts`, `Visites`…).
    pub theme: String,
    /// Its organizer.
    pub organizer: Organizer,
    /// Its own order within the organizer.
    pub position: u32,
    /// Price of one ticket.
    pub price: Money,
}

/// T2: grouped and ordered by theme, within a theme by organizer in their creation
/// order, within an organizer by the tickets' own order (then name, for stability).
pub fn sort_for_display(products: &mut [TicketProduct]) {
    sort_for_display_by(products, |p| p);
}

/// [`sort_for_display`] for items that carry a ticket product (with its event, say).
pub fn sort_for_display_by<T>(items: &mut [T], product: impl Fn(&T) -> &TicketProduct) {
    items.sort_by(|a, b| {
        let (a, b) = (product(a), product(b));
        (&a.theme, a.organizer.rank, a.position, &a.name).cmp(&(
            &b.theme,
            b.organizer.rank,
            b.position,
            &b.name,
        ))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn organizer(name: &str, rank: u32) -> Organizer {
        Organizer {
            id: Uuid::from_u128(u128::from(rank)),
            name: name.to_owned(),
            rank,
        }
    }

    fn product(name: &str, theme: &str, organizer: &Organizer, position: u32) -> TicketProduct {
        TicketProduct {
            id: Uuid::nil(),
            name: name.to_owned(),
            theme: theme.to_owned(),
            organizer: organizer.clone(),
            position,
            price: Money::from_cents(1_000),
        }
    }

    #[test]
    fn t2_tickets_list_by_theme_then_organizer_creation_then_own_order() {
        // "Zénith" was created before "Atelier": creation order wins over the name.
        let (zenith, atelier) = (organizer("Zénith", 0), organizer("Atelier", 1));
        let mut products = vec![
            product("Visite libre", "Visites", &atelier, 0),
            product("Concert enfant", "Concerts", &atelier, 1),
            product("Concert debout", "Concerts", &zenith, 2),
            product("Concert assis", "Concerts", &zenith, 1),
            product("Concert atelier", "Concerts", &atelier, 0),
        ];
        sort_for_display(&mut products);
        let names: Vec<&str> = products.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Concert assis",
                "Concert debout",
                "Concert atelier",
                "Concert enfant",
                "Visite libre"
            ]
        );
    }
}
