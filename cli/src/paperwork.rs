//! `guichet contracts …` (rules B2, P9), `guichet templates …` (rule T6) and the
//! contract conditions of `guichet settings`.

use guichet_app::error::{os_reason, AppError, AppResult};
use guichet_app::settings::ConditionsView;
use guichet_app::App;
use guichet_core::bounds::printable;
use serde_json::json;

use crate::args::{ConditionsArgs, ContractsAction, TemplatesAction};
use crate::run::{output, save_pdf, Output};

/// Reads a text file given on the command line (UTF-8, at most the input file bound).
fn read_text(path: &std::path::Path, what: &str) -> AppResult<String> {
    let too_big = guichet_core::bounds::MAX_INPUT_FILE_BYTES;
    let metadata = std::fs::metadata(path).map_err(|e| {
        AppError::input(format!(
            "{} : {what} ne peut pas être lu ({})",
            path.display(),
            os_reason(&e)
        ))
    })?;
    // A device (/dev/zero) or a pipe would be read for ever.
    if !metadata.is_file() {
        return Err(AppError::input(format!(
            "{} : ce n'est pas un fichier ordinaire (un dossier, un périphérique…) : donnez le chemin d'un fichier texte",
            path.display()
        )));
    }
    if metadata.len() > too_big {
        return Err(AppError::input(format!(
            "{} : {what} est trop gros ({} Mo au plus)",
            path.display(),
            too_big / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        AppError::input(format!(
            "{} : {what} ne peut pas être lu ({})",
            path.display(),
            os_reason(&e)
        ))
    })?;
    String::from_utf8(bytes).map_err(|_| {
        AppError::input(format!(
            "{} : {what} n'est pas du texte UTF-8 : enregistrez-le en UTF-8",
            path.display()
        ))
    })
}

/// `guichet settings --deposit-percent … --deposit-kind … --balance-days …
/// --terms-file … --extra-info …`: the fields given change, the others stay.
pub(crate) fn set_conditions(app: &mut App, args: ConditionsArgs) -> AppResult<()> {
    let now = app.settings()?.conditions;
    let terms = match &args.terms_file {
        Some(path) => read_text(path, "le fichier des conditions générales")?,
        None => now.terms.clone(),
    };
    let wanted = ConditionsView {
        deposit_percent: args.deposit_percent.unwrap_or(now.deposit_percent),
        deposit_kind: args.deposit_kind.unwrap_or(now.deposit_kind),
        consequence: String::new(),
        balance_days: args.balance_days.unwrap_or(now.balance_days),
        terms,
        extra_info: args.extra_info.unwrap_or(now.extra_info),
    };
    app.set_conditions(&wanted)?;
    Ok(())
}

/// `guichet contracts …`.
pub(crate) fn contracts(app: &App, action: ContractsAction) -> AppResult<Output> {
    match action {
        ContractsAction::Pdf { booking, out } => {
            let path = save_pdf(&app.contract_pdf(booking)?, &out)?;
            output(
                &json!({"booking": booking, "pdf": path}),
                format!("Contrat écrit dans {}", printable(&path)),
            )
        }
        ContractsAction::Show { booking } => {
            let contract = app.contract(booking)?;
            let text = format!(
                "Contrat {} · prix {} · {} demandé{} : {} % soit {} · payé {} · solde {} dû au {}",
                contract.number,
                contract.total.to_french(),
                contract.deposit_kind,
                if contract.deposit_kind == "arrhes" {
                    "es"
                } else {
                    ""
                },
                contract.deposit_percent,
                contract.deposit.to_french(),
                contract.paid.to_french(),
                contract.balance.to_french(),
                contract.balance_due.format("%d/%m/%Y")
            );
            output(&contract, text)
        }
    }
}

/// `guichet templates …`.
pub(crate) fn templates(app: &mut App, action: Option<TemplatesAction>) -> AppResult<Output> {
    match action.unwrap_or(TemplatesAction::List) {
        TemplatesAction::List => {
            let all = app.templates()?;
            let text = all
                .iter()
                .map(|t| {
                    format!(
                        "{}{} : {}",
                        t.name,
                        if t.default {
                            " (texte par défaut)"
                        } else {
                            ""
                        },
                        printable(t.text.lines().next().unwrap_or_default())
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            output(&all, text)
        }
        TemplatesAction::Show { name } => {
            let text = app.template(&name)?;
            output(&json!({"name": name, "text": text}), text)
        }
        TemplatesAction::Set { name, file } => {
            let text = read_text(&file, "le modèle")?;
            let saved = app.save_template(&name, &text)?;
            let message = format!("Modèle « {} » enregistré.", saved.name);
            output(&saved, message)
        }
        TemplatesAction::Render { name, booking } => {
            let rendered = app.render_template(&name, booking)?;
            let text = if rendered.subject.is_empty() {
                rendered.body.clone()
            } else {
                format!("Objet : {}\n\n{}", rendered.subject, rendered.body)
            };
            output(&rendered, text)
        }
    }
}
