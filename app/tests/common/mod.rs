//! Helpers shared by the app's integration tests.

// Each test crate uses a subset of these helpers.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::sync::Arc;

use chrono::{DateTime, Utc};
use guichet_app::clock::{ManualClock, SequentialIds};
use guichet_app::planning::tariffs::TariffPlan;
use guichet_app::App;
use guichet_core::contact::Contact;
use guichet_core::Stay;

pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

pub fn stay(from: &str, nights: u32) -> Stay {
    Stay::new(from.parse().unwrap(), nights).unwrap()
}

pub fn contact(name: &str) -> Contact {
    Contact::new(name, Some("client@exemple.fr"), None).unwrap()
}

/// An app on a real database file in `dir`, with a clock the test moves.
pub fn app_in(dir: &std::path::Path, clock: &Arc<ManualClock>) -> App {
    App::open_with(
        dir,
        Box::new(Arc::clone(clock)),
        Box::new(SequentialIds::default()),
    )
    .unwrap()
}

/// A unit with every night of July 2026 at 100 € and weeks from Saturday at 600 €.
pub fn summer_unit(app: &mut App, name: &str, capacity: u32) -> uuid::Uuid {
    let unit = app.add_unit(name, capacity).unwrap().id;
    let (from, until) = ("2026-07-01".parse().unwrap(), "2026-08-01".parse().unwrap());
    app.add_tariffs(
        unit,
        &TariffPlan::EveryNight {
            from,
            until,
            price: "100".parse().unwrap(),
        },
    )
    .unwrap();
    app.add_tariffs(
        unit,
        &TariffPlan::Weekly {
            from,
            until,
            weekday: chrono::Weekday::Sat,
            price: "600".parse().unwrap(),
        },
    )
    .unwrap();
    unit
}

/// A real data dir at 01/06/2026 10:00 with one summer unit sleeping `capacity`.
pub fn summer_setup(
    name: &str,
    capacity: u32,
) -> (tempfile::TempDir, Arc<ManualClock>, App, uuid::Uuid) {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::at(at("2026-06-01T10:00:00Z")));
    let mut app = app_in(dir.path(), &clock);
    let unit = summer_unit(&mut app, name, capacity);
    (dir, clock, app, unit)
}
