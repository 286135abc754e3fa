//! iCal calendars of units (rule B4): availability night by night, importing a
//! channel's feed (a file or an `https://` address) as blocked nights, polling the
//! addresses while online, and exporting a unit's occupancy as our own feed.
//!
//! The nights a source blocks travel as `calendar_imported`, so every device of the
//! provider refuses them; a source's last attempt, success and error stay on the
//! device that made them.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use guichet_core::ical::{self, Occupied};
use guichet_core::sync::op::{CalendarImported, Removed};
use guichet_core::sync::wire::{Day, Text};
use guichet_core::sync::Op;
use guichet_core::unit::UnitId;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::planning::store;
use crate::planning::units::require_unit;
use crate::App;

/// The environment variable naming extra certificate authorities to trust (PEM).
pub const CA_FILE_ENV: &str = "GUICHET_CA_FILE";

/// The largest feed read (a channel's feed is a few hundred kilobytes).
pub const MAX_FEED_BYTES: u64 = 20 << 20;

/// The setting: minutes between two imports of an address (while online).
pub const POLL_SETTING: &str = "ical_poll_minutes";

/// The interval when the provider set none.
pub const DEFAULT_POLL_MINUTES: u32 = 60;

/// The most days one availability request covers.
pub const MAX_AVAILABILITY_DAYS: u32 = 1000;

/// One night of a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct NightView {
    /// The night (the evening's date).
    pub date: NaiveDate,
    /// Nothing takes it: no booking, no live hold, no imported calendar.
    pub free: bool,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ImportView {
    /// The source's id.
    pub source: Uuid,
    /// Events in the feed (all of them, blocking or not).
    pub events: u32,
    /// The nights this source now blocks.
    pub nights: Vec<NaiveDate>,
}

/// An external calendar of a unit, with its state on this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct CalendarSourceView {
    /// The source's id.
    pub id: Uuid,
    /// Its unit.
    pub unit: Uuid,
    /// An `https://` address or a file's path.
    pub location: String,
    /// Nights it blocks now.
    pub nights: u32,
    /// Events in its last feed read here.
    pub events: Option<u32>,
    /// Its last import attempt on this device.
    pub last_attempt: Option<DateTime<Utc>>,
    /// Its last successful import on this device.
    pub last_success: Option<DateTime<Utc>>,
    /// Why its last attempt failed, in French (`None` when it succeeded).
    pub last_error: Option<String>,
}

/// A source given as an address or a file, checked.
enum Location {
    Url(reqwest::Url),
    File(std::path::PathBuf),
}

fn location(source: &str) -> AppResult<Location> {
    let source = source.trim();
    if source.is_empty() {
        return Err(AppError::input(
            "indiquez le calendrier à importer : une adresse https://… ou un fichier .ics",
        ));
    }
    let lower = source.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("webcal://") {
        let text = if lower.starts_with("webcal://") {
            format!("https://{}", &source["webcal://".len()..])
        } else {
            source.to_owned()
        };
        let url = reqwest::Url::parse(&text).map_err(|_| {
            AppError::input(format!(
                "adresse de calendrier illisible « {} » : copiez l'adresse iCal que donne la plateforme (https://…)",
                guichet_core::bounds::printable(source)
            ))
        })?;
        return Ok(Location::Url(url));
    }
    if lower.contains("://") {
        return Err(AppError::input(format!(
            "« {} » : un calendrier s'importe depuis une adresse https://… (chiffrée) ou depuis un fichier",
            guichet_core::bounds::printable(source)
        )));
    }
    let path = std::path::absolute(source).map_err(|e| {
        AppError::input(format!(
            "{source} : chemin illisible ({})",
            crate::error::os_reason(&e)
        ))
    })?;
    Ok(Location::File(path))
}

impl Location {
    fn label(&self) -> String {
        match self {
            Location::Url(u) => u.to_string(),
            Location::File(p) => p.display().to_string(),
        }
    }
}

/// An HTTPS client that trusts the system's authorities and those `GUICHET_CA_FILE`
/// names (a PEM bundle, for tests and private servers).
pub fn https_client(timeout: Duration) -> AppResult<reqwest::blocking::Client> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut builder = reqwest::blocking::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(timeout)
        .https_only(true)
        .user_agent(concat!("guichet/", env!("CARGO_PKG_VERSION")));
    if let Some(path) = std::env::var_os(CA_FILE_ENV) {
        let pem = std::fs::read(&path).map_err(|e| {
            AppError::input(format!(
                "le fichier d'autorités {} ({CA_FILE_ENV}) est illisible ({})",
                Path::new(&path).display(),
                crate::error::os_reason(&e)
            ))
        })?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|_| {
            AppError::input(format!(
                "le fichier d'autorités ({CA_FILE_ENV}) n'est pas un PEM de certificats"
            ))
        })?;
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    builder
        .build()
        .map_err(|e| AppError::input(format!("client HTTPS impossible ({e})")))
}

fn offline(message: String) -> AppError {
    AppError {
        code: ErrorCode::Offline,
        message,
    }
}

/// What a failed read leaves: the nights a known source blocked, or nothing added.
fn kept(known: bool) -> &'static str {
    if known {
        "les nuits qu'il bloquait restent bloquées"
    } else {
        "rien n'a été ajouté"
    }
}

fn download(url: &reqwest::Url, known: bool) -> AppResult<Vec<u8>> {
    use std::io::Read;
    let kept = kept(known);
    let client = https_client(Duration::from_secs(60))?;
    let host = url.host_str().unwrap_or("?").to_owned();
    let response = client.get(url.clone()).send().map_err(|e| {
        let mut chain = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            chain.push_str(&s.to_string());
            source = s.source();
        }
        let why = if chain.to_lowercase().contains("certificate") {
            format!("le certificat de {host} n'est pas reconnu")
        } else if e.is_timeout() {
            format!("{host} ne répond pas (délai dépassé)")
        } else {
            format!("{host} est injoignable")
        };
        offline(format!(
            "calendrier non importé : {why} ; {kept}, réessayez quand le réseau reviendra"
        ))
    })?;
    let status = response.status();
    if !status.is_success() {
        return Err(offline(format!(
            "calendrier non importé : {host} a répondu {} ; vérifiez l'adresse iCal sur la plateforme (elle change si vous la régénérez) ; {kept}",
            status.as_u16()
        )));
    }
    let mut bytes = Vec::new();
    response
        .take(MAX_FEED_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| {
            offline(format!(
                "calendrier non importé : la réponse de {host} a été interrompue ; réessayez"
            ))
        })?;
    if bytes.len() as u64 > MAX_FEED_BYTES {
        return Err(AppError::input(format!(
            "le calendrier de {host} dépasse 20 Mo : ce n'est pas un calendrier de réservations"
        )));
    }
    Ok(bytes)
}

fn read_file(path: &Path) -> AppResult<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| {
        AppError::input(format!(
            "{} : fichier illisible ({})",
            path.display(),
            crate::error::os_reason(&e)
        ))
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_FEED_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            AppError::input(format!(
                "{} : fichier illisible ({})",
                path.display(),
                crate::error::os_reason(&e)
            ))
        })?;
    if bytes.len() as u64 > MAX_FEED_BYTES {
        return Err(AppError::input(format!(
            "{} dépasse 20 Mo : ce n'est pas un calendrier de réservations",
            path.display()
        )));
    }
    Ok(bytes)
}

fn fetch(location: &Location, known: bool) -> AppResult<Vec<u8>> {
    match location {
        Location::Url(url) => download(url, known),
        Location::File(path) => read_file(path),
    }
}

/// Reads a feed's bytes into the nights it blocks from `today` (B4), in the
/// provider's zone. A feed that is not iCalendar is refused with the line at fault.
pub fn nights_of_feed(bytes: &[u8], today: NaiveDate) -> AppResult<(u32, BTreeSet<NaiveDate>)> {
    let events = ical::parse(bytes).map_err(|e| AppError::input(e.to_string()))?;
    let nights = ical::blocked_nights(&events, chrono_tz::Europe::Paris, today);
    Ok((u32::try_from(events.len()).unwrap_or(u32::MAX), nights))
}

/// The nights the imported calendars block for `unit`, each source's runs.
pub(crate) fn calendar_blockers(
    conn: &Connection,
    unit: UnitId,
) -> rusqlite::Result<Vec<guichet_core::availability::Blocker>> {
    let mut statement = conn.prepare_cached(
        "SELECT b.source_id, s.location, b.night FROM ical_blocks b
         JOIN ical_sources s ON s.id = b.source_id
         WHERE b.unit_id = ?1 ORDER BY b.source_id, b.night",
    )?;
    let rows = statement.query_map([unit.0.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut by_source: Vec<(Uuid, String, BTreeSet<NaiveDate>)> = Vec::new();
    for row in rows {
        let (source, location, night) = row?;
        let (Ok(source), Ok(night)) = (source.parse::<Uuid>(), night.parse::<NaiveDate>()) else {
            continue;
        };
        match by_source.last_mut() {
            Some((id, _, nights)) if *id == source => {
                nights.insert(night);
            }
            _ => by_source.push((source, location, BTreeSet::from([night]))),
        }
    }
    let mut out = Vec::new();
    for (id, location, nights) in by_source {
        for (start, n) in ical::runs(&nights) {
            if let Ok(stay) = guichet_core::Stay::new(start, n) {
                out.push(guichet_core::availability::Blocker::Calendar {
                    id,
                    location: location.clone(),
                    stay,
                });
            }
        }
    }
    Ok(out)
}

fn source_id(conn: &Connection, unit: Uuid, location: &str) -> rusqlite::Result<Option<Uuid>> {
    Ok(conn
        .query_row(
            "SELECT id FROM ical_sources WHERE unit_id = ?1 AND location = ?2",
            (unit.to_string(), location),
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .and_then(|s| s.parse().ok()))
}

fn record_attempt(
    conn: &Connection,
    source: Uuid,
    at: DateTime<Utc>,
    outcome: Result<u32, &str>,
) -> rusqlite::Result<()> {
    match outcome {
        Ok(events) => conn.execute(
            "UPDATE ical_sources SET last_attempt = ?2, last_success = ?2, last_error = NULL, events = ?3 WHERE id = ?1",
            (source.to_string(), at.to_rfc3339(), events),
        ),
        Err(why) => conn.execute(
            "UPDATE ical_sources SET last_attempt = ?2, last_error = ?3 WHERE id = ?1",
            (source.to_string(), at.to_rfc3339(), why),
        ),
    }
    .map(drop)
}

impl App {
    /// Night by night from `from`, for `days` nights: whether `unit` is free (no
    /// booking, no live hold, no imported calendar takes it).
    pub fn availability(
        &self,
        unit: Uuid,
        from: NaiveDate,
        days: u32,
    ) -> AppResult<Vec<NightView>> {
        if days == 0 || days > MAX_AVAILABILITY_DAYS {
            return Err(AppError::input(format!(
                "--days : de 1 à {MAX_AVAILABILITY_DAYS} nuits"
            )));
        }
        let conn = self.store.conn();
        require_unit(conn, unit)?;
        let taken = store::blockers(conn, UnitId(unit), self.clock.now())?;
        let mut out = Vec::new();
        for night in from.iter_days().take(days as usize) {
            let free = !taken
                .iter()
                .any(|b| b.stay().start() <= night && night < b.stay().end());
            out.push(NightView { date: night, free });
        }
        Ok(out)
    }

    /// Imports a unit's external calendar from `source` (a file or an `https://`
    /// address): the nights it blocks from today (B4) replace what it blocked before,
    /// on every device. A failure is recorded on the source (when known) and changes
    /// none of its nights.
    pub fn import_calendar(&mut self, unit: Uuid, source: &str) -> AppResult<ImportView> {
        self.require(crate::operators::Permission::Book)?;
        let place = location(source)?;
        let label = place.label();
        if label.chars().count() > guichet_core::bounds::MAX_NAME_CHARS {
            return Err(AppError::input(format!(
                "adresse de calendrier trop longue (plus de {} caractères)",
                guichet_core::bounds::MAX_NAME_CHARS
            )));
        }
        require_unit(self.store.conn(), unit)?;
        let known = source_id(self.store.conn(), unit, &label)?;
        let today = self.today();
        let read = fetch(&place, known.is_some()).and_then(|bytes| nights_of_feed(&bytes, today));
        let (events, nights) = match read {
            Ok(read) => read,
            Err(e) => {
                if let Some(id) = known {
                    let now = self.clock.now();
                    record_attempt(self.store.conn(), id, now, Err(&e.message))?;
                }
                return Err(e);
            }
        };
        let days = nights
            .iter()
            .map(|n| Day::try_from(*n))
            .collect::<Result<Vec<_>, _>>()?;
        self.write(|tx| {
            let id = known.unwrap_or_else(|| tx.new_id());
            tx.commit_op(Op::CalendarImported(CalendarImported {
                source: id,
                unit,
                location: Text::try_from(label.clone())?,
                nights: days,
            }))?;
            record_attempt(tx.conn(), id, tx.now(), Ok(events))?;
            Ok(ImportView {
                source: id,
                events,
                nights: nights.into_iter().collect(),
            })
        })
    }

    /// The external calendars, of one unit or all, with their state on this device.
    pub fn calendars(&self, unit: Option<Uuid>) -> AppResult<Vec<CalendarSourceView>> {
        let conn = self.store.conn();
        let mut statement = conn.prepare(
            "SELECT s.id, s.unit_id, s.location, s.events, s.last_attempt, s.last_success, s.last_error,
                    (SELECT count(*) FROM ical_blocks b WHERE b.source_id = s.id)
             FROM ical_sources s WHERE ?1 IS NULL OR s.unit_id = ?1 ORDER BY s.unit_id, s.location",
        )?;
        let rows = statement.query_map([unit.map(|u| u.to_string())], |r| {
            let time = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
                Ok(r.get::<_, Option<String>>(i)?
                    .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                    .map(|t| t.with_timezone(&Utc)))
            };
            Ok(CalendarSourceView {
                id: crate::store::read::parse(r, 0)?,
                unit: crate::store::read::parse(r, 1)?,
                location: r.get(2)?,
                events: r.get(3)?,
                last_attempt: time(4)?,
                last_success: time(5)?,
                last_error: r.get(6)?,
                nights: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes an external calendar: its nights are free again on every device.
    pub fn remove_calendar(&mut self, id: Uuid) -> AppResult<()> {
        self.require(crate::operators::Permission::Book)?;
        self.write(|tx| {
            let found: Option<String> = tx
                .conn()
                .query_row(
                    "SELECT location FROM ical_sources WHERE id = ?1",
                    [id.to_string()],
                    |r| r.get(0),
                )
                .optional()?;
            if found.is_none() {
                return Err(AppError::input(format!(
                    "aucun calendrier importé n'a l'identifiant {id}"
                )));
            }
            tx.commit_op(Op::CalendarRemoved(Removed { id }))
        })
    }

    /// Minutes between two imports of each address (a setting of this device).
    pub fn calendar_poll_minutes(&self) -> AppResult<u32> {
        Ok(
            crate::store::read::setting(self.store.conn(), POLL_SETTING)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(DEFAULT_POLL_MINUTES),
        )
    }

    /// Sets the minutes between two imports of each address (5 to 1440).
    pub fn set_calendar_poll_minutes(&mut self, minutes: u32) -> AppResult<u32> {
        self.require(crate::operators::Permission::EditSettings)?;
        if !(5..=1440).contains(&minutes) {
            return Err(AppError::input(
                "l'intervalle d'import des calendriers va de 5 minutes à 1 440 minutes (un jour)",
            ));
        }
        self.write(|tx| {
            tx.conn().execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                (POLL_SETTING, minutes.to_string()),
            )?;
            Ok(minutes)
        })
    }

    /// Imports every address whose last attempt is older than the interval (run by the
    /// background worker while online); returns how many were imported. Each failure
    /// is recorded on its source.
    pub fn poll_calendars(&mut self) -> AppResult<u32> {
        let every = chrono::Duration::minutes(i64::from(self.calendar_poll_minutes()?));
        let now = self.clock.now();
        let due: Vec<(Uuid, String)> = self
            .calendars(None)?
            .into_iter()
            .filter(|s| s.location.starts_with("https://"))
            .filter(|s| s.last_attempt.is_none_or(|at| now - at >= every))
            .map(|s| (s.unit, s.location))
            .collect();
        let mut imported = 0;
        for (unit, location) in due {
            if self.import_calendar(unit, &location).is_ok() {
                imported += 1;
            }
        }
        Ok(imported)
    }

    /// Our feed of `unit`'s occupancy: its confirmed bookings and live holds not yet
    /// over, as all-day events with our UIDs and `SUMMARY:Réservé`, no personal data;
    /// never the nights imported calendars block (no echo between channels).
    pub fn calendar_feed(&self, unit: Uuid) -> AppResult<String> {
        let conn = self.store.conn();
        let found = require_unit(conn, unit)?;
        let today = self.today();
        let now = self.clock.now();
        let mut stays: Vec<Occupied> = store::blockers(conn, UnitId(unit), now)?
            .iter()
            .filter(|b| b.stay().end() > today)
            .filter_map(|b| match b {
                guichet_core::availability::Blocker::Booking { id, stay, .. }
                | guichet_core::availability::Blocker::Hold { id, stay, .. } => Some(Occupied {
                    id: *id,
                    start: stay.start(),
                    end: stay.end(),
                }),
                guichet_core::availability::Blocker::Calendar { .. } => None,
            })
            .collect();
        stays.sort_by_key(|s| (s.start, s.id));
        Ok(ical::render(found.name(), &stays, now))
    }

    /// Writes `unit`'s feed to `path` (a `.ics` file); returns the path written.
    pub fn export_calendar(&self, unit: Uuid, path: &str) -> AppResult<std::path::PathBuf> {
        let feed = self.calendar_feed(unit)?;
        let path = crate::destination::chosen_path(path, "ics", "/home/gite/gite.ics")?;
        crate::destination::check_writable(&path)?;
        let folder = path.parent().unwrap_or(Path::new("."));
        let temp = folder.join(format!(
            ".{}.tmp",
            path.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        std::fs::write(&temp, feed.as_bytes())
            .and_then(|()| std::fs::rename(&temp, &path))
            .map_err(|e| {
                let _ = std::fs::remove_file(&temp);
                AppError::input(format!(
                    "{} : écriture impossible ({})",
                    path.display(),
                    crate::error::os_reason(&e)
                ))
            })?;
        Ok(path)
    }
}

impl App {
    /// The secret address of `unit`'s feed on the provider's sync server, for a
    /// channel to subscribe to: the server renders it from the bookings it holds.
    pub fn calendar_feed_url(&self, unit: Uuid) -> AppResult<String> {
        require_unit(self.store.conn(), unit)?;
        if !matches!(self.credentials(), Ok(Some(_))) {
            return Err(AppError::rule(
                "ce poste n'est inscrit auprès d'aucun serveur de synchronisation : l'adresse \
                 d'abonnement est donnée par le serveur ; inscrivez le poste (« guichet enroll »), \
                 ou exportez un fichier avec « guichet ical export »",
            ));
        }
        self.client()?.feed_path(unit)
    }
}
