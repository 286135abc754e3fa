//! Use cases: the provider's settings.

use guichet_core::PricingMode;

use rusqlite::Connection;

use crate::error::{AppError, AppResult};
use crate::planning::views::SettingsView;
use crate::store::read;
use crate::App;

use crate::store::{PRICING_MODE, PROVIDER_NAME};
use guichet_core::sync::op::SettingsEdited;
use guichet_core::sync::wire::Name;
use guichet_core::sync::Op;

/// The provider's settings (defaults until set).
pub(crate) fn load(conn: &Connection) -> AppResult<SettingsView> {
    let pricing_mode = match read::setting(conn, PRICING_MODE)? {
        Some(mode) => mode.parse().map_err(AppError::input)?,
        None => PricingMode::default(),
    };
    Ok(SettingsView {
        provider_name: read::setting(conn, PROVIDER_NAME)?.unwrap_or_default(),
        pricing_mode,
    })
}

impl App {
    /// The provider's settings (defaults until set).
    pub fn settings(&self) -> AppResult<SettingsView> {
        load(self.store.conn())
    }

    /// Changes how stays are priced (P2 priority, P3 cheapest).
    pub fn set_pricing_mode(&mut self, mode: PricingMode) -> AppResult<SettingsView> {
        self.write(|tx| {
            tx.commit_op(Op::SettingsEdited(SettingsEdited {
                pricing_mode: Some(mode.into()),
                ..SettingsEdited::default()
            }))
        })?;
        self.settings()
    }

    /// Changes the provider's name.
    pub fn set_provider_name(&mut self, name: &str) -> AppResult<SettingsView> {
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::input("indiquez le nom du prestataire"));
        }
        let name = Name::try_from(name.to_owned())?;
        self.write(|tx| {
            tx.commit_op(Op::SettingsEdited(SettingsEdited {
                provider_name: Some(name),
                ..SettingsEdited::default()
            }))
        })?;
        self.settings()
    }
}
