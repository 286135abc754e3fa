//! Use cases: the provider's units.

use guichet_core::sync::op::{Removed, UnitAdded, UnitEdited};
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
        let conn = self.store.conn();
        let mut views = Vec::with_capacity(units.len());
        for unit in &units {
            let (active, booked) = unit_state(conn, unit.id().0)?;
            views.push(UnitView {
                active,
                booked,
                ..UnitView::from(unit)
            });
        }
        Ok(views)
    }

    /// Renames a unit, changes how many people it sleeps, deactivates or reactivates it
    /// (only the fields given change).
    pub fn edit_unit(&mut self, id: Uuid, edit: UnitEdit) -> AppResult<UnitView> {
        self.require(crate::operators::Permission::EditUnits)?;
        let name = match &edit.name {
            Some(name) => Some(Name::try_from(
                guichet_core::bounds::check_name(name)
                    .map_err(AppError::input)?
                    .to_owned(),
            )?),
            None => None,
        };
        let capacity = match edit.capacity {
            Some(c) => Some(Count::try_from(
                guichet_core::bounds::check_quantity(c).map_err(AppError::input)?,
            )?),
            None => None,
        };
        self.write(|tx| {
            require_unit(tx.conn(), id)?;
            tx.commit_op(Op::UnitEdited(UnitEdited {
                id,
                name,
                capacity,
                position: None,
                active: edit.active,
            }))
        })?;
        self.unit_view(id)
    }

    /// Moves a unit one place up (`-1`) or down (`1`) in the provider's order.
    pub fn reorder_unit(&mut self, id: Uuid, step: i8) -> AppResult<Vec<UnitView>> {
        self.require(crate::operators::Permission::EditUnits)?;
        self.write(|tx| {
            let mut units = store::units(tx.conn())?;
            sort_for_back_office(&mut units);
            let at = units.iter().position(|u| u.id().0 == id).ok_or_else(|| {
                AppError::input("cet hébergement n'existe pas (ou plus) sur ce poste")
            })?;
            let Some(other) = (if step < 0 {
                at.checked_sub(1)
            } else {
                Some(at + 1)
            })
            .filter(|o| *o < units.len()) else {
                return Ok(());
            };
            // Every unit gets its rank, so that equal positions (two devices adding at
            // once) end up in one order too.
            units.swap(at, other);
            for (rank, unit) in units.iter().enumerate() {
                let rank = u32::try_from(rank).unwrap_or(u32::MAX);
                if unit.position() != rank {
                    tx.commit_op(Op::UnitEdited(UnitEdited {
                        id: unit.id().0,
                        name: None,
                        capacity: None,
                        position: Some(rank),
                        active: None,
                    }))?;
                }
            }
            Ok(())
        })?;
        self.units(UnitOrder::BackOffice)
    }

    /// Deletes a unit that was never booked (its tariffs go with it).
    pub fn remove_unit(&mut self, id: Uuid) -> AppResult<()> {
        self.require(crate::operators::Permission::DeleteUnits)?;
        self.write(|tx| {
            let unit = require_unit(tx.conn(), id)?;
            if unit_state(tx.conn(), id)?.1 {
                return Err(AppError::rule(format!(
                    "« {} » a déjà été réservé : il ne peut pas être supprimé. Vous pouvez le désactiver.",
                    unit.name()
                )));
            }
            tx.commit_op(Op::UnitRemoved(Removed { id }))
        })
    }

    fn unit_view(&self, id: Uuid) -> AppResult<UnitView> {
        self.units(UnitOrder::BackOffice)?
            .into_iter()
            .find(|u| u.id == id)
            .ok_or_else(|| AppError::input("cet hébergement n'existe pas (ou plus) sur ce poste"))
    }
}

/// What an edit of a unit changes (`None`: unchanged).
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct UnitEdit {
    /// A new name.
    pub name: Option<String>,
    /// A new capacity.
    pub capacity: Option<u32>,
    /// Reactivate (true) or deactivate (false).
    pub active: Option<bool>,
}

/// (active, ever booked) of a unit.
fn unit_state(conn: &Connection, id: Uuid) -> rusqlite::Result<(bool, bool)> {
    conn.query_row(
        "SELECT active, EXISTS (SELECT 1 FROM bookings WHERE unit_id = ?1) FROM units WHERE id = ?1",
        [id.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}
