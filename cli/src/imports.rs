//! `guichet import …` (the old tools' exports), `guichet customers` (the customers'
//! file) and `guichet guests …` (GDPR).

use std::path::Path;

use guichet_app::error::AppResult;
use guichet_app::import::{ImportKind, ImportReport, RowStatus};
use guichet_app::privacy::{Anonymised, GuestQuery};
use guichet_app::App;
use guichet_core::bounds::printable;

use crate::args::{GuestArgs, GuestsAction, ImportKindArg};
use crate::run::{output, Output};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The report for people: the columns read, the preview, then each row's fate.
fn report_text(report: &ImportReport) -> String {
    let mut out = Vec::new();
    out.push("Colonnes lues :".to_owned());
    for c in &report.columns {
        out.push(format!(
            "  {} ← {}",
            c.field,
            match &c.column {
                Some(column) => format!("« {} »", printable(column)),
                None if c.required => "(manquante)".to_owned(),
                None => "(aucune)".to_owned(),
            }
        ));
    }
    if report.dry_run && !report.preview.is_empty() {
        out.push("Premières lignes lues :".to_owned());
        for row in &report.preview {
            out.push(format!(
                "  ligne {} : {}",
                row.line,
                row.values
                    .iter()
                    .map(|v| printable(v).into_owned())
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
        }
    }
    for row in &report.rows {
        let line = match row.status {
            RowStatus::Imported => format!("  ligne {} : importée — {}", row.line, row.what),
            RowStatus::Already => format!("  ligne {} : déjà importée — {}", row.line, row.what),
            RowStatus::Refused => format!(
                "  ligne {}{} : refusée — {}",
                row.line,
                row.column
                    .as_deref()
                    .map(|c| format!(", colonne « {} »", printable(c)))
                    .unwrap_or_default(),
                row.reason.as_deref().unwrap_or_default()
            ),
        };
        out.push(line);
    }
    let read = usize::try_from(report.read).unwrap_or(usize::MAX);
    let imported = usize::try_from(report.imported).unwrap_or(usize::MAX);
    out.push(format!(
        "{} : {} {}, {} déjà là, {} {}.{}",
        plural(read, "ligne lue", "lignes lues"),
        imported,
        match (report.dry_run, imported == 1) {
            (true, true) => "serait importée",
            (true, false) => "seraient importées",
            (false, true) => "importée",
            (false, false) => "importées",
        },
        report.already,
        report.refused,
        if report.refused == 1 {
            "refusée"
        } else {
            "refusées"
        },
        if report.dry_run {
            " Essai : rien n'est enregistré."
        } else {
            ""
        }
    ));
    out.join("\n")
}

/// `guichet import KIND FILE`.
pub fn import(
    app: &mut App,
    kind: ImportKindArg,
    file: &Path,
    map: &[(String, String)],
    dry_run: bool,
) -> AppResult<Output> {
    let kind = match kind {
        ImportKindArg::Vouchers => ImportKind::Vouchers,
        ImportKindArg::Bookings => ImportKind::Bookings,
        ImportKindArg::Tariffs => ImportKind::Tariffs,
        ImportKindArg::Customers => ImportKind::Customers,
    };
    let report = app.import_file(kind, file, map, dry_run).map_err(|mut e| {
        // The app says « code=Nom de la colonne » (the window's field takes it as is);
        // here it is written with --map.
        let field = e
            .message
            .strip_suffix("=Nom de la colonne")
            .and_then(|m| m.rsplit_once("remplace : "))
            .map(|(_, field)| field.to_owned());
        if let Some(field) = field {
            e.message
                .push_str(&format!(" (ici : --map {field}=\"Nom de la colonne\")"));
        }
        e
    })?;
    let text = report_text(&report);
    output(&report, text)
}

fn query(guest: GuestArgs) -> GuestQuery {
    GuestQuery {
        email: guest.email,
        name: guest.name,
    }
}

fn anonymised_text(done: &Anonymised) -> String {
    let mut out = vec![format!(
        "Anonymisés : {}, {}, {}, {}.",
        plural(done.bookings.len(), "réservation", "réservations"),
        plural(done.holds.len(), "blocage", "blocages"),
        plural(
            done.ticket_bookings.len(),
            "réservation de billets",
            "réservations de billets"
        ),
        plural(done.customers.len(), "fiche client", "fiches client"),
    )];
    for kept in &done.kept {
        out.push(format!(
            "Gardée : la réservation {} est facturée le {} ; son client reste celui de la facture \
             jusqu'au {}.",
            kept.booking,
            kept.invoiced_on.format("%d/%m/%Y"),
            kept.kept_until.format("%d/%m/%Y")
        ));
    }
    out.join("\n")
}

/// `guichet guests …`.
pub fn guests(app: &mut App, action: GuestsAction) -> AppResult<Output> {
    match action {
        GuestsAction::Export { guest } => {
            let export = app.export_guest(&query(guest))?;
            let text = format!(
                "{}, {}, {}, {}. (--json pour tout le détail)",
                plural(export.bookings.len(), "séjour", "séjours"),
                plural(export.holds.len(), "blocage", "blocages"),
                plural(
                    export.ticket_bookings.len(),
                    "réservation de billets",
                    "réservations de billets"
                ),
                plural(export.customers.len(), "fiche client", "fiches client"),
            );
            output(&export, text)
        }
        GuestsAction::Anonymise { guest } => {
            let done = app.anonymise_guest(&query(guest))?;
            let text = anonymised_text(&done);
            output(&done, text)
        }
        GuestsAction::Purge => {
            let done = app.anonymise_expired()?;
            let text = anonymised_text(&done);
            output(&done, text)
        }
    }
}

/// `guichet customers [--search TEXT]`.
pub fn customers(app: &App, search: Option<&str>) -> AppResult<Output> {
    let found = app.customers(search)?;
    let mut lines: Vec<String> = found
        .iter()
        .map(|c| {
            let reach = [c.customer.email.as_deref(), c.customer.phone.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            format!("{} — {}", printable(&c.name), printable(&reach))
        })
        .collect();
    lines.push(plural(found.len(), "client", "clients"));
    output(&found, lines.join("\n"))
}
