//! Use cases: entering and reading a unit's tariffs (P1).

use chrono::{NaiveDate, Weekday};
use guichet_core::bounds;
use guichet_core::sync::op::{PlanWire, TariffPlanApplied, TariffWire, TariffsRemoved, TariffsSet};
use guichet_core::sync::wire::{Amount, Day, Nights};
use guichet_core::sync::Op;
use guichet_core::tariff::{every_night, package, weekly};
use guichet_core::unit::UnitId;
use guichet_core::{Money, Tariff, TariffGrid};
use serde::Deserialize;
use ts_rs::TS;
use uuid::Uuid;

use super::store;
use crate::error::{AppError, AppResult};
use crate::planning::units::require_unit;
use crate::planning::views::TariffView;
use crate::App;

/// How a provider enters tariffs for a period: `from` (first night) to `until`
/// (the departure date of the period, not a night).
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum TariffPlan {
    /// A one-night tariff for every night of the period.
    EveryNight {
        /// First night.
        from: NaiveDate,
        /// End of the period.
        until: NaiveDate,
        /// Price of one night.
        #[ts(type = "string")]
        price: Money,
    },
    /// A 7-night tariff from every `weekday` of the period.
    Weekly {
        /// First night.
        from: NaiveDate,
        /// End of the period.
        until: NaiveDate,
        /// Arrival day (`Sat`, `Sun`…).
        #[ts(type = "\"Mon\" | \"Tue\" | \"Wed\" | \"Thu\" | \"Fri\" | \"Sat\" | \"Sun\"")]
        weekday: Weekday,
        /// Price of the week.
        #[ts(type = "string")]
        price: Money,
    },
    /// A package of `nights` nights from every day (or every `weekday`) of the period.
    Package {
        /// First night.
        from: NaiveDate,
        /// End of the period.
        until: NaiveDate,
        /// Length of the package.
        nights: u32,
        /// Arrival day, if only one.
        #[ts(type = "\"Mon\" | \"Tue\" | \"Wed\" | \"Thu\" | \"Fri\" | \"Sat\" | \"Sun\" | null")]
        weekday: Option<Weekday>,
        /// Price of the package.
        #[ts(type = "string")]
        price: Money,
    },
}

impl TariffPlan {
    /// The tariffs the plan stands for.
    pub fn tariffs(&self) -> AppResult<Vec<Tariff>> {
        Ok(match *self {
            TariffPlan::EveryNight { from, until, price } => every_night(from, until, price)?,
            TariffPlan::Weekly {
                from,
                until,
                weekday,
                price,
            } => weekly(from, until, weekday, price)?,
            TariffPlan::Package {
                from,
                until,
                nights,
                weekday,
                price,
            } => package(from, until, nights, weekday, price)?,
        })
    }

    /// The plan as its operation states it: the intent, never the rows it expands to.
    pub fn wire(&self) -> AppResult<PlanWire> {
        Ok(match *self {
            TariffPlan::EveryNight { from, until, price } => PlanWire::EveryNight {
                from: Day::try_from(from)?,
                until: Day::try_from(until)?,
                price: Amount::try_from(price)?,
            },
            TariffPlan::Weekly {
                from,
                until,
                weekday,
                price,
            } => PlanWire::Weekly {
                from: Day::try_from(from)?,
                until: Day::try_from(until)?,
                weekday: weekday.into(),
                price: Amount::try_from(price)?,
            },
            TariffPlan::Package {
                from,
                until,
                nights,
                weekday,
                price,
            } => PlanWire::Package {
                from: Day::try_from(from)?,
                until: Day::try_from(until)?,
                nights: Nights::try_from(nights)?,
                weekday: weekday.map(Into::into),
                price: Amount::try_from(price)?,
            },
        })
    }
}

impl From<PlanWire> for TariffPlan {
    fn from(plan: PlanWire) -> TariffPlan {
        match plan {
            PlanWire::EveryNight { from, until, price } => TariffPlan::EveryNight {
                from: from.get(),
                until: until.get(),
                price: price.get(),
            },
            PlanWire::Weekly {
                from,
                until,
                weekday,
                price,
            } => TariffPlan::Weekly {
                from: from.get(),
                until: until.get(),
                weekday: weekday.into(),
                price: price.get(),
            },
            PlanWire::Package {
                from,
                until,
                nights,
                weekday,
                price,
            } => TariffPlan::Package {
                from: from.get(),
                until: until.get(),
                nights: nights.get(),
                weekday: weekday.map(Into::into),
                price: price.get(),
            },
        }
    }
}

/// Refuses a write of more tariffs than [`bounds::MAX_ROWS_PER_WRITE`].
fn check_rows(tariffs: &[Tariff]) -> AppResult<()> {
    bounds::check_rows(tariffs.len()).map_err(AppError::input)?;
    Ok(())
}

impl App {
    /// Adds the tariffs of `plan` to a unit; a tariff for the same start and length
    /// replaces the old price. Returns how many tariffs were written.
    pub fn add_tariffs(&mut self, unit: Uuid, plan: &TariffPlan) -> AppResult<usize> {
        self.require(crate::operators::Permission::EditTariffs)?;
        let tariffs = plan.tariffs()?;
        check_rows(&tariffs)?;
        TariffGrid::new(tariffs.clone())?;
        self.write(|tx| {
            require_unit(tx.conn(), unit)?;
            tx.commit_op(Op::TariffPlanApplied(TariffPlanApplied {
                unit,
                plan: plan.wire()?,
            }))?;
            Ok(tariffs.len())
        })
    }

    /// Writes tariffs of a unit (imported from a file, or made by a plan).
    pub fn set_tariffs(&mut self, unit: Uuid, tariffs: &[Tariff]) -> AppResult<usize> {
        self.require(crate::operators::Permission::EditTariffs)?;
        check_rows(tariffs)?;
        let count = tariffs.len();
        TariffGrid::new(tariffs.to_vec())?;
        self.write(|tx| {
            require_unit(tx.conn(), unit)?;
            let tariffs = tariffs
                .iter()
                .map(|t| {
                    Ok(TariffWire {
                        start: Day::try_from(t.start())?,
                        nights: Nights::try_from(t.nights())?,
                        price: Amount::try_from(t.price())?,
                    })
                })
                .collect::<AppResult<Vec<_>>>()?;
            tx.commit_op(Op::TariffsSet(TariffsSet { unit, tariffs }))?;
            Ok(count)
        })
    }

    /// Removes a unit's tariffs starting from `from` up to the day before `until`.
    pub fn remove_tariffs(
        &mut self,
        unit: Uuid,
        from: NaiveDate,
        until: NaiveDate,
    ) -> AppResult<usize> {
        self.require(crate::operators::Permission::EditTariffs)?;
        self.write(|tx| {
            require_unit(tx.conn(), unit)?;
            let removed = store::tariffs(tx.conn(), UnitId(unit))?
                .iter()
                .filter(|t| (from..until).contains(&t.start()))
                .count();
            tx.commit_op(Op::TariffsRemoved(TariffsRemoved {
                unit,
                from: Day::try_from(from)?,
                until: Day::try_from(until)?,
            }))?;
            Ok(removed)
        })
    }

    /// A unit's tariffs, by start date then length.
    pub fn tariffs(&self, unit: Uuid) -> AppResult<Vec<TariffView>> {
        require_unit(self.store.conn(), unit)?;
        Ok(store::tariffs(self.store.conn(), UnitId(unit))?
            .iter()
            .map(TariffView::from)
            .collect())
    }
}

/// A unit's tariffs, indexed for pricing.
pub(crate) fn grid(conn: &rusqlite::Connection, unit: UnitId) -> AppResult<TariffGrid> {
    Ok(TariffGrid::new(store::tariffs(conn, unit)?)?)
}
