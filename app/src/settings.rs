//! Use cases: the provider's settings.

use guichet_core::PricingMode;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult};
use crate::planning::views::SettingsView;
use crate::store::read;
use crate::App;

use crate::store::{IDENTITY, PRICING_MODE, PROVIDER_NAME, VAT_REGIME, VOUCHER_VALIDITY};
use guichet_core::invoice::VatRegime;
use guichet_core::sync::op::SettingsEdited;
use guichet_core::sync::wire::{Logo, Name, Text};
use guichet_core::sync::Op;
use guichet_core::voucher::{DEFAULT_VALIDITY_MONTHS, VALIDITY_MONTHS};

/// The provider's settings (defaults until set).
pub(crate) fn load(conn: &Connection) -> AppResult<SettingsView> {
    let pricing_mode = match read::setting(conn, PRICING_MODE)? {
        Some(mode) => mode.parse().map_err(AppError::input)?,
        None => PricingMode::default(),
    };
    let field = |name: &str| -> AppResult<String> {
        Ok(read::setting(conn, &format!("{IDENTITY}{name}"))?.unwrap_or_default())
    };
    Ok(SettingsView {
        provider_name: read::setting(conn, PROVIDER_NAME)?.unwrap_or_default(),
        pricing_mode,
        identity: Identity {
            street: field("street")?,
            postcode: field("postcode")?,
            town: field("town")?,
            country: field("country")?,
            siret: field("siret")?,
            vat_number: field("vat_number")?,
            email: field("email")?,
            phone: field("phone")?,
            logo: field("logo")?,
        },
        device_name: crate::store::device::device(conn)?.1,
        voucher_validity_months: voucher_validity(conn)?,
        vat_regime: read::setting(conn, VAT_REGIME)?
            .and_then(|code| VatRegime::from_code(&code))
            .unwrap_or_default(),
    })
}

/// How many months a gift voucher sold now is valid (A9): the provider's choice, or
/// 12 months.
pub(crate) fn voucher_validity(conn: &Connection) -> AppResult<u32> {
    Ok(read::setting(conn, VOUCHER_VALIDITY)?
        .and_then(|months| months.parse::<u32>().ok())
        .filter(|months| VALIDITY_MONTHS.contains(months))
        .unwrap_or(DEFAULT_VALIDITY_MONTHS))
}

/// The provider's identity as printed on contracts and invoices; an empty field is
/// not printed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Identity {
    /// Street address.
    pub street: String,
    /// Postcode (5 digits in France).
    pub postcode: String,
    /// Town.
    pub town: String,
    /// Country.
    pub country: String,
    /// SIRET: 14 digits, Luhn-checked (La Poste's establishments: digit sum a multiple of 5).
    pub siret: String,
    /// Intra-community VAT number: FR, a 2-digit key, the SIREN.
    pub vat_number: String,
    /// E-mail address.
    pub email: String,
    /// Phone number.
    pub phone: String,
    /// The logo, a PNG or JPEG data URL of at most 500 kB (the window scales it to at
    /// most 512 px first); empty: none.
    pub logo: String,
}

/// La Poste's SIREN: its establishments' SIRETs follow their own rule.
const LA_POSTE_SIREN: &str = "356000000";

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 {
                    d2 - 9
                } else {
                    d2
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Spaces (and non-breaking ones) and dots taken out, as people write numbers.
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '\u{a0}' && *c != '\u{202f}')
        .collect()
}

/// Whether `siret` (14 digits, spaces allowed) is a valid SIRET.
pub fn siret_valid(siret: &str) -> bool {
    let siret = compact(siret);
    if siret.len() != 14 || !siret.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if siret.starts_with(LA_POSTE_SIREN) && siret != format!("{LA_POSTE_SIREN}00000") {
        return siret
            .bytes()
            .map(|b| u32::from(b - b'0'))
            .sum::<u32>()
            .is_multiple_of(5);
    }
    luhn(&siret)
}

/// Whether `vat` is a valid French VAT number: FR, key = (12 + 3 × (SIREN mod 97)) mod 97.
pub fn vat_valid(vat: &str) -> bool {
    let vat = compact(vat).to_uppercase();
    let Some(rest) = vat.strip_prefix("FR") else {
        return false;
    };
    if rest.len() != 11 || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let (key, siren) = rest.split_at(2);
    let (Ok(key), Ok(number)) = (key.parse::<u64>(), siren.parse::<u64>()) else {
        return false;
    };
    luhn(siren) && key == (12 + 3 * (number % 97)) % 97
}

impl App {
    /// The provider's settings (defaults until set).
    pub fn settings(&self) -> AppResult<SettingsView> {
        load(self.store.conn())
    }

    /// Changes how stays are priced (P2 priority, P3 cheapest).
    pub fn set_pricing_mode(&mut self, mode: PricingMode) -> AppResult<SettingsView> {
        self.require(crate::operators::Permission::EditSettings)?;
        self.write(|tx| {
            tx.commit_op(Op::SettingsEdited(SettingsEdited {
                pricing_mode: Some(mode.into()),
                ..SettingsEdited::default()
            }))
        })?;
        self.settings()
    }

    /// Changes the provider's identity: the fields that differ from the stored ones,
    /// each checked (SIRET, VAT number against it, postcode, e-mail, logo), in one
    /// `settings_edited` operation. An empty field erases it.
    pub fn set_identity(&mut self, identity: &Identity) -> AppResult<SettingsView> {
        self.require(crate::operators::Permission::EditSettings)?;
        let now = load(self.store.conn())?.identity;
        let fix = |s: &str| s.trim().to_owned();
        let siret = compact(&identity.siret);
        if !siret.is_empty() && !siret_valid(&siret) {
            return Err(AppError::input(
                "SIRET invalide : 14 chiffres, tels qu'ils figurent sur l'avis de situation INSEE",
            ));
        }
        let vat = compact(&identity.vat_number).to_uppercase();
        if !vat.is_empty() && !vat_valid(&vat) {
            return Err(AppError::input(
                "numéro de TVA invalide : FR, 2 chiffres de clé puis les 9 chiffres du SIREN",
            ));
        }
        if !vat.is_empty() && !siret.is_empty() && vat[4..] != siret[..9] {
            return Err(AppError::input(
                "le numéro de TVA ne correspond pas au SIRET : ses 9 derniers chiffres sont les 9 premiers du SIRET",
            ));
        }
        let postcode = fix(&identity.postcode);
        if identity.country.trim().eq_ignore_ascii_case("france")
            && !postcode.is_empty()
            && !(postcode.len() == 5 && postcode.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(AppError::input(
                "code postal invalide : 5 chiffres, comme 24200",
            ));
        }
        let email = fix(&identity.email);
        if !email.is_empty() {
            guichet_core::contact::Contact::new("x", Some(&email), None)?;
        }
        let text = |new: String, old: &str| -> AppResult<Option<Text>> {
            if new == old {
                return Ok(None);
            }
            Ok(Some(Text::try_from(new)?))
        };
        let edit = SettingsEdited {
            street: text(fix(&identity.street), &now.street)?,
            postcode: text(postcode, &now.postcode)?,
            town: text(fix(&identity.town), &now.town)?,
            country: text(fix(&identity.country), &now.country)?,
            siret: text(siret, &now.siret)?,
            vat_number: text(vat, &now.vat_number)?,
            email: text(email, &now.email)?,
            phone: text(fix(&identity.phone), &now.phone)?,
            logo: if identity.logo == now.logo {
                None
            } else {
                Some(Logo::try_from(identity.logo.clone()).map_err(|_| {
                    AppError::input(
                        "le logo doit être une image PNG ou JPEG de 500 ko au plus : choisissez-en une plus petite",
                    )
                })?)
            },
            ..SettingsEdited::default()
        };
        if !edit.identity().is_empty() {
            self.write(|tx| tx.commit_op(Op::SettingsEdited(edit)))?;
        }
        self.settings()
    }

    /// Changes how many months a gift voucher sold from now on is valid (A9); vouchers
    /// already sold keep their date (extend them one by one).
    pub fn set_voucher_validity(&mut self, months: u32) -> AppResult<SettingsView> {
        self.require(crate::operators::Permission::EditSettings)?;
        let months = u8::try_from(months)
            .ok()
            .filter(|m| VALIDITY_MONTHS.contains(&u32::from(*m)))
            .ok_or_else(|| {
                AppError::input(format!(
                    "durée de validité des bons cadeaux : de {} à {} mois, pas {months}",
                    VALIDITY_MONTHS.start(),
                    VALIDITY_MONTHS.end()
                ))
            })?;
        self.write(|tx| {
            tx.commit_op(Op::SettingsEdited(SettingsEdited {
                voucher_validity_months: Some(months),
                ..SettingsEdited::default()
            }))
        })?;
        self.settings()
    }

    /// Changes how VAT is charged on the invoices issued from now on (B3); those
    /// already issued keep what they say.
    pub fn set_vat_regime(&mut self, regime: VatRegime) -> AppResult<SettingsView> {
        self.require(crate::operators::Permission::EditSettings)?;
        self.write(|tx| {
            tx.commit_op(Op::SettingsEdited(SettingsEdited {
                vat_regime: Some(regime),
                ..SettingsEdited::default()
            }))
        })?;
        self.settings()
    }

    /// Changes the provider's name.
    pub fn set_provider_name(&mut self, name: &str) -> AppResult<SettingsView> {
        self.require(crate::operators::Permission::EditSettings)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_siret_passes_luhn_or_la_postes_rule() {
        assert!(siret_valid("732 829 320 00074"));
        assert!(!siret_valid("73282932000075"));
        assert!(!siret_valid("7328293200007"));
        assert!(!siret_valid("7328293200007A"));
        // La Poste: the digits add up to a multiple of 5, Luhn or not.
        assert!(siret_valid("35600000000001"));
        assert!(!luhn("35600000000001"));
        assert!(!siret_valid("35600000000002"));
    }

    #[test]
    fn a_french_vat_number_has_the_key_of_its_siren() {
        assert!(vat_valid("FR 44 732829320"));
        assert!(vat_valid("fr44732829320"));
        assert!(!vat_valid("FR45732829320"));
        assert!(!vat_valid("DE44732829320"));
        assert!(!vat_valid("FR4473282932"));
    }
}
