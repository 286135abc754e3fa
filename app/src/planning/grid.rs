//! Use case: the planning grid, units × days.

use chrono::{Days, NaiveDate};
use guichet_core::Stay;

use super::store;
use crate::error::{AppError, AppResult};
use crate::planning::tariffs::grid;
use crate::planning::units::UnitOrder;
use crate::planning::views::{ArrivalView, OccupantView, PlanningCell, PlanningRow, PlanningView};
use crate::settings;
use crate::App;

/// The most days one planning view shows (a season and a bit).
pub const MAX_PLANNING_DAYS: u32 = 400;

impl App {
    /// `days` days from `from` for every unit, in the provider's order: each night's
    /// price (a one-night stay from that date) and the booking or live hold taking it.
    pub fn planning(&self, from: NaiveDate, days: u32) -> AppResult<PlanningView> {
        if days == 0 || days > MAX_PLANNING_DAYS {
            return Err(AppError::input(format!(
                "le planning montre de 1 à {MAX_PLANNING_DAYS} jours, pas {days}"
            )));
        }
        let last = from
            .checked_add_days(Days::new(u64::from(days)))
            .ok_or_else(|| AppError::input("la période dépasse le calendrier géré"))?;
        let dates: Vec<NaiveDate> = from.iter_days().take_while(|d| *d < last).collect();
        let conn = self.store.conn();
        let now = self.clock.now();
        let mode = settings::load(conn)?.pricing_mode;
        let mut rows = Vec::new();
        for unit in self.units(UnitOrder::BackOffice)? {
            let unit_id = guichet_core::unit::UnitId(unit.id);
            let tariffs = grid(conn, unit_id)?;
            let blockers = store::blockers(conn, unit_id, now)?;
            let covered = covered_nights(&tariffs, from, last);
            let cells = dates
                .iter()
                .map(|&date| PlanningCell {
                    date,
                    price: Stay::new(date, 1)
                        .ok()
                        .and_then(|night| tariffs.quote(night, mode))
                        .map(|q| q.total),
                    occupant: blockers
                        .iter()
                        .find(|b| b.stay().contains_night(date))
                        .map(OccupantView::from),
                    covered: covered.contains(&date),
                    arrival: tariffs.lengths_from(date).first().and_then(|&nights| {
                        let stay = Stay::new(date, nights).ok()?;
                        tariffs.quote(stay, mode).map(|q| ArrivalView {
                            nights,
                            price: q.total,
                        })
                    }),
                })
                .collect();
            rows.push(PlanningRow { unit, cells });
        }
        Ok(PlanningView {
            days: dates,
            rows,
            now,
        })
    }
}

/// The nights in `[from, last)` that some tariff of `tariffs` covers.
fn covered_nights(
    tariffs: &guichet_core::TariffGrid,
    from: NaiveDate,
    last: NaiveDate,
) -> std::collections::HashSet<NaiveDate> {
    let mut covered = std::collections::HashSet::new();
    for tariff in tariffs.tariffs() {
        let end = tariff.start() + Days::new(u64::from(tariff.nights()));
        if end <= from || tariff.start() >= last {
            continue;
        }
        let first = tariff.start().max(from);
        covered.extend(first.iter_days().take_while(|d| *d < end && *d < last));
    }
    covered
}
