//! `guichet payouts …` (rule O3) and `guichet gateways …` (rule O6).

use std::io::Read;
use std::path::Path;

use guichet_app::error::{os_reason, AppError, AppResult};
use guichet_app::gateways::{GatewayView, Keychain, Secret};
use guichet_app::App;
use guichet_core::payout::Reconciliation;
use serde_json::json;

use crate::args::{GatewaysAction, PayoutsAction};
use crate::run::{lines, output, Output};

/// `1 transaction`, `2 transactions`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn day(date: chrono::NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// The reconciliation for people: each payout, its lines, its differences.
fn reconciliation_text(report: &Reconciliation) -> String {
    let mut out = Vec::new();
    for payout in &report.payouts {
        out.push(format!(
            "{} du {} — {} — net versé {}, attendu {}{}{}",
            payout.reference,
            day(payout.date),
            count(payout.transactions.len(), "transaction", "transactions"),
            payout.paid_net.to_french(),
            payout.expected_net.to_french(),
            if payout.difference == guichet_core::Money::ZERO {
                String::new()
            } else {
                format!(", écart {}", payout.difference.to_french())
            },
            if payout.matched {
                " — concorde"
            } else {
                " — écarts :"
            }
        ));
        for difference in &payout.differences {
            out.push(format!("  • {}", difference.message));
        }
    }
    if !report.not_paid_out.is_empty() {
        out.push("Transactions versées nulle part :".to_owned());
        for t in &report.not_paid_out {
            out.push(format!("  • {}", t.message));
        }
    }
    out.push(if report.matched {
        "Tout concorde.".to_owned()
    } else {
        format!(
            "{} à vérifier.",
            count(report.difference_count, "écart", "écarts")
        )
    });
    out.join("\n")
}

/// `guichet payouts …`.
pub fn payouts(app: &mut App, action: PayoutsAction) -> AppResult<Output> {
    match action {
        PayoutsAction::Import { file } => {
            let import = app.import_online_transactions(&file)?;
            let text = format!(
                "{} : {} {}, {} à jour, {} {}.",
                count(import.read, "transaction lue", "transactions lues"),
                import.added,
                if import.added == 1 {
                    "ajoutée"
                } else {
                    "ajoutées"
                },
                count(import.updated, "mise", "mises"),
                import.unchanged,
                if import.unchanged == 1 {
                    "inchangée"
                } else {
                    "inchangées"
                },
            );
            output(&import, text)
        }
        PayoutsAction::Reconcile { statement } => {
            let report = app.reconcile_payouts(&statement)?;
            let text = reconciliation_text(&report);
            output(&report, text)
        }
    }
}

/// The secrets of a `--secrets-file` (or standard input for `-`): one `KEY=VALUE` a
/// line, blank lines and `#` comments left out. An error names the line, never its text.
fn read_secrets(path: &Path) -> AppResult<Vec<(String, Secret)>> {
    let mut text = String::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_string(&mut text).map(|_| ()))
    };
    read.map_err(|e| {
        AppError::input(format!(
            "le fichier des secrets {} ne peut pas être lu ({}) : vérifiez le chemin donné à \
             --secrets-file (un fichier texte en UTF-8)",
            path.display(),
            os_reason(&e)
        ))
    })?;
    let mut secrets = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once('=').ok_or_else(|| {
            AppError::input(format!(
                "fichier des secrets, ligne {} : écrivez CLÉ=VALEUR (exemple : password=…)",
                n + 1
            ))
        })?;
        secrets.push((key.trim().to_owned(), Secret::new(value.to_owned())));
    }
    Ok(secrets)
}

fn gateway_line(g: &GatewayView) -> String {
    let fields: Vec<String> = g
        .fields
        .iter()
        .map(|f| {
            let state = if let Some(value) = g.values.get(&f.key) {
                value.clone()
            } else if g.secrets.contains(&f.key) {
                "dans le trousseau".to_owned()
            } else {
                "à donner".to_owned()
            };
            format!(
                "{} ({}{}) : {state}",
                f.key,
                f.label,
                if f.secret { ", secret" } else { "" }
            )
        })
        .collect();
    format!(
        "{} — {} — {}{}\n  {}",
        g.code,
        g.name,
        if g.configured {
            "réglée"
        } else {
            "non réglée"
        },
        if g.mode.is_some() {
            " — mode URL seulement"
        } else {
            ""
        },
        fields.join("\n  ")
    )
}

/// `guichet gateways …`.
pub fn gateways(app: &mut App, action: Option<GatewaysAction>) -> AppResult<Output> {
    match action.unwrap_or(GatewaysAction::List) {
        GatewaysAction::List => {
            let list = app.gateways()?;
            let text = lines(&list, gateway_line, "");
            output(&list, text)
        }
        GatewaysAction::Set {
            name,
            fields,
            secrets_file,
        } => {
            let secrets = match &secrets_file {
                Some(path) => read_secrets(path)?,
                None => Vec::new(),
            };
            let set = app.set_gateway(&Keychain, &name, &fields, &secrets)?;
            let text = format!(
                "{} réglée : {}, {} dans le trousseau du système.",
                set.name,
                count(set.values.len(), "champ enregistré", "champs enregistrés"),
                count(set.secrets.len(), "secret", "secrets")
            );
            output(&set, text)
        }
        GatewaysAction::Check { name } => {
            let held = app.gateway_secrets(&Keychain, &name)?;
            let text = if held.is_empty() {
                format!("{name} n'a pas de secret.")
            } else {
                held.iter()
                    .map(|(k, present)| {
                        format!(
                            "{k} : {}",
                            if *present {
                                "dans le trousseau"
                            } else {
                                "absent du trousseau"
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            output(&json!({ "name": name, "secrets": held }), text)
        }
        GatewaysAction::Remove { name } => {
            app.remove_gateway(&Keychain, &name)?;
            output(
                &json!({ "removed": name }),
                format!("Passerelle {name} retirée de ce poste et du trousseau."),
            )
        }
    }
}
