//! Use cases: the provider's units.

use guichet_core::sync::op::UnitAdded;
use guichet_core::sync::wire::{Count, Name};
use guichet_core::sync::Op;
use guichet_core::unit::{sort_for_back_office, sort_for_sale, Unit, UnitId};
use rusqlite::Connection;
use serde::Deserialize;
use uuid::Uuid;

use super::store;
use crate::error::{AppError, AppResult};
use crate::planning::views::UnitView;
use crate::App;

/// Which order to list units in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitOrder {
    /// The provider's own order (planning, back-office).
    #[default]
    BackOffice,
    /// For sale: capacity, smallest first (P7).
    Sale,
}

/// Loads a unit or says it does not exist.
pub(crate) fn require_unit(conn: &Connection, id: Uuid) -> AppResult<Unit> {
    store::unit(conn, UnitId(id))?.ok_or_else(|| {
        AppError::input(format!(
            "aucun hébergement n'a l'identifiant {id} : voyez la liste avec « guichet units »"
        ))
    })
}

impl App {
    /// Adds a unit at the end of the provider's order.
    pub fn add_unit(&mut self, name: &str, capacity: u32) -> AppResult<UnitView> {
        self.require(crate::operators::Permission::EditUnits)?;
        let name = guichet_core::bounds::check_name(name).map_err(AppError::input)?;
        guichet_core::bounds::check_quantity(capacity).map_err(AppError::input)?;
        self.write(|tx| {
            let position = u32::try_from(store::units(tx.conn())?.len()).unwrap_or(u32::MAX);
            let unit = Unit::new(UnitId(tx.new_id()), name, capacity, position)?;
            tx.commit_op(Op::UnitAdded(UnitAdded {
                id: unit.id().0,
                name: Name::try_from(unit.name().to_owned())?,
                capacity: Count::try_from(unit.capacity())?,
                position: unit.position(),
            }))?;
            Ok(UnitView::from(&unit))
        })
    }

    /// The units, in the order asked.
    pub fn units(&self, order: UnitOrder) -> AppResult<Vec<UnitView>> {
        let mut units = store::units(self.store.conn())?;
        match order {
            UnitOrder::BackOffice => sort_for_back_office(&mut units),
            UnitOrder::Sale => sort_for_sale(&mut units),
        }
        Ok(units.iter().map(UnitView::from).collect())
    }
}
