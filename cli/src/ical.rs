//! `guichet ical …`: iCal calendars of units (rule B4).

use guichet_app::error::AppResult;
use guichet_app::App;
use serde_json::json;

use crate::args::IcalAction;
use crate::run::{output, Output};

fn french_nights(n: usize) -> String {
    if n == 1 {
        "1 nuit".to_owned()
    } else {
        format!("{n} nuits")
    }
}

/// Runs one `ical` action.
pub fn run(app: &mut App, action: IcalAction) -> AppResult<Output> {
    match action {
        IcalAction::Import { unit, source } => {
            let imported = app.import_calendar(unit, &source)?;
            let events = match imported.events {
                1 => "1 événement".to_owned(),
                n => format!("{n} événements"),
            };
            let nights = imported.nights.len();
            let text = format!(
                "Calendrier importé : {events}, {} {} désormais par cette source.",
                french_nights(nights),
                if nights == 1 { "bloquée" } else { "bloquées" }
            );
            output(
                &json!({ "events": imported.events, "nights": imported.nights }),
                text,
            )
        }
        IcalAction::Export { unit, out } => {
            let path = app.export_calendar(unit, &out)?;
            output(
                &json!({ "file": path.display().to_string() }),
                format!("Calendrier écrit dans {}.", path.display()),
            )
        }
        IcalAction::List { unit } => {
            let sources = app.calendars(unit)?;
            let text = if sources.is_empty() {
                "Aucun calendrier importé.".to_owned()
            } else {
                sources
                    .iter()
                    .map(|s| {
                        let state = match (&s.last_error, s.last_success) {
                            (Some(e), _) => format!("erreur : {e}"),
                            (None, Some(at)) => {
                                format!("importé le {}", guichet_core::calendar::french_instant(at))
                            }
                            (None, None) => "reçu d'un autre poste".to_owned(),
                        };
                        format!(
                            "{}  {}  {} — {}",
                            s.id,
                            s.location,
                            french_nights(s.nights as usize),
                            state
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            output(&sources, text)
        }
        IcalAction::Remove { source } => {
            app.remove_calendar(source)?;
            output(
                &json!({ "removed": source }),
                "Calendrier retiré : ses nuits sont libres.".to_owned(),
            )
        }
        IcalAction::Url { unit } => {
            let url = app.calendar_feed_url(unit)?;
            output(
                &json!({ "url": url }),
                format!("Adresse à donner à la plateforme (gardez-la secrète) : {url}"),
            )
        }
        IcalAction::Poll => {
            let n = app.poll_calendars()?;
            output(
                &json!({ "imported": n }),
                format!("{n} calendrier(s) réimporté(s)."),
            )
        }
        IcalAction::Interval { minutes } => {
            let minutes = match minutes {
                Some(m) => app.set_calendar_poll_minutes(m)?,
                None => app.calendar_poll_minutes()?,
            };
            output(
                &json!({ "minutes": minutes }),
                format!(
                    "Les adresses de calendriers sont réimportées toutes les {minutes} minutes."
                ),
            )
        }
    }
}
