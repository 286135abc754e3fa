//! Use cases: entering and reading a unit's tariffs (P1).

use chrono::{NaiveDate, Weekday};
use guichet_core::bounds;
use guichet_core::tariff::{every_night, package, weekly};
use guichet_core::unit::UnitId;
use guichet_core::{Money, Tariff, TariffGrid};
use serde::Deserialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::store::read;
use crate::units::require_unit;
use crate::views::TariffView;
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

    /// What the plan says, for the outbox: `{"plan": "every_night", "from": …,
    /// "until": …, "price": …}` (and `weekday`, `nights` for the others), never
    /// the rows it expands to.
    pub fn intent(&self) -> serde_json::Value {
        match *self {
            TariffPlan::EveryNight { from, until, price } => serde_json::json!({
                "plan": "every_night", "from": from, "until": until, "price": price,
            }),
            TariffPlan::Weekly {
                from,
                until,
                weekday,
                price,
            } => serde_json::json!({
                "plan": "weekly", "from": from, "until": until,
                "weekday": weekday.to_string(), "price": price,
            }),
            TariffPlan::Package {
                from,
                until,
                nights,
                weekday,
                price,
            } => serde_json::json!({
                "plan": "package", "from": from, "until": until, "nights": nights,
                "weekday": weekday.map(|w| w.to_string()), "price": price,
            }),
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
        let tariffs = plan.tariffs()?;
        check_rows(&tariffs)?;
        TariffGrid::new(tariffs.clone())?;
        self.write(|tx| {
            require_unit(tx.conn(), unit)?;
            tx.set_tariff_plan(UnitId(unit), &tariffs, plan.intent())?;
            Ok(tariffs.len())
        })
    }

    /// Writes tariffs of a unit (imported from a file, or made by a plan).
    pub fn set_tariffs(&mut self, unit: Uuid, tariffs: &[Tariff]) -> AppResult<usize> {
        check_rows(tariffs)?;
        TariffGrid::new(tariffs.to_vec())?;
        self.write(|tx| {
            require_unit(tx.conn(), unit)?;
            tx.set_tariffs(UnitId(unit), tariffs)?;
            Ok(tariffs.len())
        })
    }

    /// Removes a unit's tariffs starting from `from` up to the day before `until`.
    pub fn remove_tariffs(
        &mut self,
        unit: Uuid,
        from: NaiveDate,
        until: NaiveDate,
    ) -> AppResult<usize> {
        self.write(|tx| {
            require_unit(tx.conn(), unit)?;
            Ok(tx.remove_tariffs(UnitId(unit), from, until)?)
        })
    }

    /// A unit's tariffs, by start date then length.
    pub fn tariffs(&self, unit: Uuid) -> AppResult<Vec<TariffView>> {
        require_unit(self.store.conn(), unit)?;
        Ok(read::tariffs(self.store.conn(), UnitId(unit))?
            .iter()
            .map(TariffView::from)
            .collect())
    }
}

/// A unit's tariffs, indexed for pricing.
pub(crate) fn grid(conn: &rusqlite::Connection, unit: UnitId) -> AppResult<TariffGrid> {
    Ok(TariffGrid::new(read::tariffs(conn, unit)?)?)
}
