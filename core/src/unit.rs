//! Accommodation units (gîtes, rooms, pitches) and their two orders (rule P7).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Identifies a unit everywhere (devices and server).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitId(pub Uuid);

/// A unit the provider lets: a name, how many guests it sleeps, and its place in
/// the provider's own list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    id: UnitId,
    name: String,
    capacity: u32,
    position: u32,
}

/// Why a unit cannot exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    /// Blank name.
    #[error("un hébergement doit avoir un nom")]
    NoName,
    /// Capacity 0.
    #[error("la capacité de « {0} » doit être d'au moins une personne")]
    NoCapacity(String),
}

impl Unit {
    /// A unit named `name` (trimmed, not blank) sleeping `capacity ≥ 1`, at `position`
    /// in the provider's own order.
    pub fn new(id: UnitId, name: &str, capacity: u32, position: u32) -> Result<Unit, UnitError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(UnitError::NoName);
        }
        if capacity == 0 {
            return Err(UnitError::NoCapacity(name.to_owned()));
        }
        Ok(Unit {
            id,
            name: name.to_owned(),
            capacity,
            position,
        })
    }

    /// Its id.
    pub fn id(&self) -> UnitId {
        self.id
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// How many guests it sleeps.
    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    /// Its place in the provider's own (back-office) order.
    pub fn position(&self) -> u32 {
        self.position
    }
}

/// The back-office order: the provider's own, then name.
pub fn sort_for_back_office(units: &mut [Unit]) {
    units.sort_by(|a, b| (a.position, &a.name).cmp(&(b.position, &b.name)));
}

/// The order units are listed for sale (P7): capacity, smallest first; ties by the
/// provider's own order, then name.
pub fn sort_for_sale(units: &mut [Unit]) {
    units.sort_by(|a, b| (a.capacity, a.position, &a.name).cmp(&(b.capacity, b.position, &b.name)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(n: u128, name: &str, capacity: u32, position: u32) -> Unit {
        Unit::new(UnitId(Uuid::from_u128(n)), name, capacity, position).unwrap()
    }

    fn names(units: &[Unit]) -> Vec<&str> {
        units.iter().map(Unit::name).collect()
    }

    #[test]
    fn p7_sale_order_is_by_capacity_then_provider_order_then_name() {
        let mut units = vec![
            unit(1, "Grand gîte", 12, 0),
            unit(2, "Roulotte", 2, 3),
            unit(3, "Chambre bleue", 2, 1),
            unit(4, "Gîte du meunier", 6, 2),
            unit(5, "Chambre avec vue", 2, 1),
        ];
        sort_for_sale(&mut units);
        assert_eq!(
            names(&units),
            [
                "Chambre avec vue",
                "Chambre bleue",
                "Roulotte",
                "Gîte du meunier",
                "Grand gîte"
            ]
        );
        sort_for_back_office(&mut units);
        assert_eq!(
            names(&units),
            [
                "Grand gîte",
                "Chambre avec vue",
                "Chambre bleue",
                "Gîte du meunier",
                "Roulotte"
            ]
        );
    }

    #[test]
    fn a_unit_needs_a_name_and_a_capacity() {
        assert_eq!(
            Unit::new(UnitId(Uuid::nil()), "  ", 2, 0),
            Err(UnitError::NoName)
        );
        assert!(Unit::new(UnitId(Uuid::nil()), "Gîte", 0, 0).is_err());
        assert_eq!(unit(1, "  Gîte  ", 4, 0).name(), "Gîte");
    }
}
