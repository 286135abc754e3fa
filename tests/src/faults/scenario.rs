//! One seeded run: a provider's devices scan a small set of tickets, book two or three
//! units, edit the provider's settings, sell more tickets, go offline and come back,
//! and sync (alone or all at once) through the faulty proxy. Then the faults stop,
//! everyone syncs until nothing moves, and [`super::check`] judges the result.

use std::path::Path;
use std::time::Instant;

use chrono::{Days, NaiveDate};
use guichet_app::error::ErrorCode;
use guichet_app::App;
use guichet_core::contact::Contact;
use guichet_core::{Money, Stay};
use uuid::Uuid;

use super::proxy::Proxy;
use super::rng::Rng;
use super::server::InProcessServer;
use super::vouchers::Vouchers;
use super::FaultClass;

/// What one run did.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    /// Operations the server holds.
    pub operations: u64,
    /// Conflicts the server found, by kind.
    pub conflicts: std::collections::BTreeMap<String, u64>,
    /// Requests the proxy saw.
    pub requests: u64,
    /// Faults it injected (and server restarts).
    pub faults: u64,
    /// Syncs that failed under a fault (and were retried later).
    pub failed_syncs: u64,
    /// How long it took, in ms.
    pub millis: u128,
    /// Gift vouchers sold.
    pub vouchers: u64,
    /// Their redemptions the tills accepted (as payments of sales).
    pub redemptions: u64,
    /// Of which taken on the printed amount, the sale not yet known on that till.
    pub unconfirmed: u64,
    /// `voucher_overdraw` conflicts found: one per use after the first.
    pub overdraws: u64,
}

fn fail(seed: u64, what: impl std::fmt::Display) -> String {
    format!("graine {seed} : {what}")
}

struct Device {
    app: App,
    online: bool,
    dir: std::path::PathBuf,
}

/// Runs the scenario of `seed` under `class`; `Err` says which invariant broke.
pub fn run(seed: u64, class: FaultClass, steps: u32) -> Result<RunReport, String> {
    let started = Instant::now();
    let mut rng = Rng::new(seed);
    let root = tempfile::tempdir().map_err(|e| fail(seed, e))?;
    let mut server = InProcessServer::start(&root.path().join("serveur"));
    let percent = match class {
        FaultClass::None | FaultClass::Restart => 0,
        _ => 25,
    };
    let proxy = Proxy::start(server.port, class, 0, seed);
    let db = server.database();
    let key = server.key();
    let now = guichet_sync::clock::now();
    let provider = guichet_sync::accounts::add_provider(&db, &key, "Festival", now)
        .map_err(|e| fail(seed, e))?;

    // Setup, without faults: the first device creates the festival and the gîtes.
    let count = 2 + rng.below(3) as usize;
    let mut devices = Vec::new();
    for n in 0..count {
        let mut app = open(root.path(), n).map_err(|e| fail(seed, e))?;
        app.set_device_name(&format!("poste {n}"))
            .map_err(|e| fail(seed, e))?;
        devices.push(Device {
            app,
            online: true,
            dir: data_dir(root.path(), n),
        });
    }
    let first = &mut devices[0].app;
    let mut units = Vec::new();
    for name in ["Gîte du Meunier", "Chambre Lavande", "Roulotte"] {
        units.push(first.add_unit(name, 4).map_err(|e| fail(seed, e))?.id);
    }
    let organizer = first.add_organizer("Jazz").map_err(|e| fail(seed, e))?;
    let event = first.add_event("Festival").map_err(|e| fail(seed, e))?;
    let starts = "2027-07-14T19:00:00Z".parse().map_err(|e| fail(seed, e))?;
    let session = first
        .add_session(event, starts, 6 + rng.below(6) as u32)
        .map_err(|e| fail(seed, e))?
        .id;
    let price: Money = "20.00".parse().map_err(|e| fail(seed, e))?;
    first
        .add_ticket_product(event, "Entrée", "", organizer, price)
        .map_err(|e| fail(seed, e))?;
    let mut codes = first
        .issue_tickets(session, None, 4, "Famille")
        .map_err(|e| fail(seed, e))?
        .codes;
    // Gift vouchers sold on the first till, synced to all before the faults start.
    let mut vouchers = Vouchers::setup(first, seed)?;
    for _ in 0..2 + rng.below(2) {
        vouchers.sell(first, &mut rng, seed)?;
    }
    for device in &mut devices {
        let code = guichet_sync::accounts::enrollment_code(&db, provider, now)
            .map_err(|e| fail(seed, e))?;
        device
            .app
            .enroll(&proxy.url(), &code)
            .map_err(|e| fail(seed, e))?;
    }
    let mut report = RunReport::default();
    heal(&mut devices, seed, &mut report)?;
    proxy.set_percent(percent);

    let base = NaiveDate::from_ymd_opt(2027, 3, 1).ok_or_else(|| fail(seed, "date"))?;
    for step in 0..steps {
        let d = rng.below(count as u64) as usize;
        let roll = rng.below(125);
        let device = &mut devices[d];
        match roll {
            0..=29 => {
                let code = rng.pick(&codes).clone();
                local(seed, device.app.scan(session, &code, "keyboard").map(drop))?;
            }
            30..=49 => {
                let unit = *rng.pick(&units);
                let start = base + Days::new(rng.below(10));
                let stay = Stay::new(start, 1 + rng.below(3) as u32).map_err(|e| fail(seed, e))?;
                let guest = Contact::new(&format!("Client {step}"), None, Some("0601020304"))
                    .map_err(|e| fail(seed, e))?;
                local(
                    seed,
                    device
                        .app
                        .book(unit, stay, guest, Some(price), None)
                        .map(drop),
                )?;
            }
            50..=57 => {
                let name = format!("Festival {}", rng.below(5));
                local(seed, device.app.set_provider_name(&name).map(drop))?;
            }
            58..=67 => {
                let sold =
                    device
                        .app
                        .issue_tickets(session, None, 1 + rng.below(2) as u32, "Client");
                if let Ok(sold) = &sold {
                    codes.extend(sold.codes.iter().cloned());
                }
                local(seed, sold.map(drop))?;
            }
            68..=72 => {
                let live: Vec<Uuid> = device
                    .app
                    .bookings()
                    .map_err(|e| fail(seed, e))?
                    .iter()
                    .filter(|b| b.status == guichet_core::booking::BookingStatus::Confirmed)
                    .map(|b| b.id)
                    .collect();
                if !live.is_empty() {
                    let id = *rng.pick(&live);
                    local(seed, device.app.cancel_booking(id).map(drop))?;
                }
            }
            73..=82 => device.online = !device.online,
            100..=104 => vouchers.sell(&mut device.app, &mut rng, seed)?,
            105..=124 => vouchers.redeem(&mut device.app, &device.dir, &mut rng, seed)?,
            _ => {
                if class == FaultClass::Restart || (class == FaultClass::All && rng.chance(20)) {
                    server.restart();
                    proxy.retarget(server.port);
                    report.faults += 1;
                }
                if rng.chance(50) {
                    sync_one(&mut devices[d], seed, &mut report)?;
                } else {
                    sync_all(&mut devices, seed, &mut report)?;
                }
            }
        }
    }

    proxy.set_percent(0);
    for device in &mut devices {
        device.online = true;
    }
    heal(&mut devices, seed, &mut report)?;
    report.requests = proxy
        .injected
        .requests
        .load(std::sync::atomic::Ordering::Relaxed);
    report.faults += proxy
        .injected
        .faults
        .load(std::sync::atomic::Ordering::Relaxed);
    let paths: Vec<_> = (0..count).map(|n| data_dir(root.path(), n)).collect();
    drop(devices);
    super::check::all(&db, provider, &paths, &vouchers, seed, &mut report)?;
    report.millis = started.elapsed().as_millis();
    Ok(report)
}

fn data_dir(root: &Path, n: usize) -> std::path::PathBuf {
    root.join(format!("poste-{n}"))
}

fn open(root: &Path, n: usize) -> Result<App, guichet_app::error::AppError> {
    App::open(&data_dir(root, n))
}

/// A local action: refusals by a rule (an overlap seen here, a sold-out session) are
/// part of the game; a storage failure is not.
fn local(seed: u64, result: Result<(), guichet_app::error::AppError>) -> Result<(), String> {
    match result {
        Err(e) if e.code == ErrorCode::Storage => Err(fail(seed, e)),
        _ => Ok(()),
    }
}

/// A sync under faults: failing to reach the server is expected (it is retried);
/// anything else is a bug.
fn sync_one(device: &mut Device, seed: u64, report: &mut RunReport) -> Result<(), String> {
    if !device.online {
        return Ok(());
    }
    match device.app.sync(&mut |_| {}) {
        Ok(_) => Ok(()),
        Err(e) if e.code == ErrorCode::Offline => {
            report.failed_syncs += 1;
            Ok(())
        }
        Err(e) => Err(fail(seed, format!("synchronisation : {e}"))),
    }
}

fn sync_all(devices: &mut [Device], seed: u64, report: &mut RunReport) -> Result<(), String> {
    let results: Vec<Result<RunReport, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = devices
            .iter_mut()
            .map(|device| {
                scope.spawn(move || {
                    let mut mine = RunReport::default();
                    sync_one(device, seed, &mut mine).map(|()| mine)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(fail(seed, "un poste a paniqué")))
            })
            .collect()
    });
    for result in results {
        report.failed_syncs += result?.failed_syncs;
    }
    Ok(())
}

/// Syncs every device, in turn, until a whole round moves nothing.
fn heal(devices: &mut [Device], seed: u64, report: &mut RunReport) -> Result<(), String> {
    for _ in 0..8 {
        let mut moved = 0;
        for device in devices.iter_mut() {
            let done = device
                .app
                .sync(&mut |_| {})
                .map_err(|e| fail(seed, format!("synchronisation sans panne : {e}")))?;
            moved += done.pushed + done.pulled;
        }
        if moved == 0 {
            return Ok(());
        }
        let _ = report;
    }
    Err(fail(seed, "les postes ne se stabilisent pas après 8 tours"))
}
