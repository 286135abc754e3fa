//! Notification templates (T6): saved once checked (an unknown placeholder is named and
//! nothing is saved), carried to every device by `template_saved`, and filled for a
//! booking with French amounts (`1 100,00 €`: U+202F between thousands, U+00A0 before
//! the euro sign; `30 %` with U+00A0 before the percent sign).

use std::collections::BTreeMap;

use guichet_core::sync::op::TemplateSaved;
use guichet_core::sync::wire::{LongText, Name};
use guichet_core::sync::Op;
use guichet_core::template::{self, NOTIFICATIONS};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::App;

/// A notification filled for one booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Rendered {
    /// The e-mail's subject (the template's first line `Objet : …`; empty: none).
    pub subject: String,
    /// The e-mail's text.
    pub body: String,
}

/// One notification's template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct TemplateView {
    /// `confirmation`, `rappel_solde`, `annulation`, `billets`.
    pub name: String,
    /// Its text, placeholders included (the default text until one is saved).
    pub text: String,
    /// Never saved: the default text.
    pub default: bool,
}

fn stored(conn: &Connection, name: &str) -> AppResult<Option<String>> {
    Ok(conn
        .query_row("SELECT text FROM templates WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?)
}

/// The value of every placeholder for the booking of `contract`.
fn values(
    contract: &super::contract::ContractView,
    provider_email: &str,
    provider_address: &str,
) -> BTreeMap<&'static str, String> {
    let c = &contract.customer;
    BTreeMap::from([
        ("ContactTitre", c.title.clone()),
        ("ContactNom", c.last_name.clone()),
        ("ContactPrenom", c.first_name.clone()),
        (
            "ContactAdresse",
            c.address.lines().collect::<Vec<_>>().join(", "),
        ),
        ("ContactEMail", c.email.clone().unwrap_or_default()),
        ("PrestataireIdentite", contract.provider.clone()),
        ("PrestataireAdresse", provider_address.to_owned()),
        ("PrestataireEMail", provider_email.to_owned()),
        ("Numero", contract.number.clone()),
        (
            "PourcentageAcompte",
            format!("{}\u{a0}%", contract.deposit_percent),
        ),
        ("MontantAcompte", contract.deposit.to_french_typographic()),
        ("Solde", contract.balance.to_french_typographic()),
        ("Total", contract.total.to_french_typographic()),
    ])
}

impl App {
    /// Every notification's template, in the order of [`NOTIFICATIONS`].
    pub fn templates(&self) -> AppResult<Vec<TemplateView>> {
        NOTIFICATIONS
            .iter()
            .map(|(name, default)| {
                let saved = stored(self.store.conn(), name)?;
                Ok(TemplateView {
                    name: (*name).to_owned(),
                    default: saved.is_none(),
                    text: saved.unwrap_or_else(|| (*default).to_owned()),
                })
            })
            .collect()
    }

    /// The text of the notification `name`'s template (the default until one is saved).
    pub fn template(&self, name: &str) -> AppResult<String> {
        let name = template::check_notification(name)?;
        Ok(stored(self.store.conn(), name)?
            .unwrap_or_else(|| template::default_text(name).unwrap_or_default().to_owned()))
    }

    /// Saves the template of the notification `name` (T6): an unknown placeholder is
    /// refused, named, and nothing is saved.
    pub fn save_template(&mut self, name: &str, text: &str) -> AppResult<TemplateView> {
        self.require(crate::operators::Permission::EditSettings)?;
        let name = template::check_notification(name)?;
        let text = text.replace("\r\n", "\n");
        template::check(&text)?;
        if text.trim().is_empty() {
            return Err(AppError::input(
                "le modèle est vide : écrivez le texte de l'e-mail (sa première ligne « Objet : … » en est l'objet)",
            ));
        }
        // An « Objet : … » line alone would send an e-mail with nothing in it.
        if template::split_subject(&text).body.trim().is_empty() {
            return Err(AppError::input(
                "le modèle n'a que son objet : écrivez le texte de l'e-mail sous la ligne « Objet : … »",
            ));
        }
        let op = Op::TemplateSaved(TemplateSaved {
            name: Name::try_from(name.to_owned())?,
            text: LongText::try_from(text.clone()).map_err(|e| AppError::input(e.0))?,
        });
        self.write(|tx| tx.commit_op(op))?;
        Ok(TemplateView {
            name: name.to_owned(),
            text,
            default: false,
        })
    }

    /// `text` filled for `booking` (the window's live preview, before saving).
    pub fn preview_template(&self, text: &str, booking: Uuid) -> AppResult<Rendered> {
        let contract = self.contract(booking)?;
        let settings = self.settings()?;
        let identity = &settings.identity;
        let address = crate::till::receipt::address(identity).join(", ");
        let message = template::render(text, &values(&contract, &identity.email, &address))?;
        Ok(Rendered {
            subject: message.subject,
            body: message.body,
        })
    }

    /// The notification `name` filled for `booking` (T6): what the e-mail will say.
    pub fn render_template(&self, name: &str, booking: Uuid) -> AppResult<Rendered> {
        let text = self.template(name)?;
        self.preview_template(&text, booking)
    }
}
