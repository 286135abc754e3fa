//! Use cases: the provider's settings.

use guichet_core::PricingMode;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult};
use crate::planning::views::SettingsView;
use crate::store::read;
use crate::App;

use crate::store::{
    CONDITIONS, GUEST_RETENTION, IDENTITY, PRICING_MODE, PROVIDER_NAME, VAT_REGIME,
    VOUCHER_VALIDITY,
};
use guichet_core::contract::{Conditions, DepositKind, MAX_BALANCE_DAYS, MAX_DEPOSIT_PERCENT};
use guichet_core::invoice::VatRegime;
use guichet_core::sync::op::SettingsEdited;
use guichet_core::sync::wire::LongText;
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
        guest_retention_months: guest_retention(conn)?,
        conditions: ConditionsView::from(&conditions(conn)?),
        vat_regime: read::setting(conn, VAT_REGIME)?
            .and_then(|code| VatRegime::from_code(&code))
            .unwrap_or_default(),
    })
}

/// How long a guest's data is kept after the stay, in months (GDPR): from one to ten
/// years.
pub const RETENTION_MONTHS: std::ops::RangeInclusive<u32> = 12..=120;

/// The retention when the provider has not chosen one: three years.
pub const DEFAULT_RETENTION_MONTHS: u32 = 36;

/// How many months after a stay its guest's data is anonymised: the provider's choice,
/// or three years.
pub(crate) fn guest_retention(conn: &Connection) -> AppResult<u32> {
    Ok(read::setting(conn, GUEST_RETENTION)?
        .and_then(|months| months.parse::<u32>().ok())
        .filter(|months| RETENTION_MONTHS.contains(months))
        .unwrap_or(DEFAULT_RETENTION_MONTHS))
}

/// The provider's contract conditions (defaults until set: 30 % of arrhes, the balance
/// 30 days before arrival).
pub(crate) fn conditions(conn: &Connection) -> AppResult<Conditions> {
    let field = |name: &str| -> AppResult<Option<String>> {
        Ok(read::setting(conn, &format!("{CONDITIONS}{name}"))?)
    };
    let number = |name: &str, max: u32, default: u32| -> AppResult<u32> {
        Ok(field(name)?
            .and_then(|n| n.parse::<u32>().ok())
            .filter(|n| *n <= max)
            .unwrap_or(default))
    };
    let defaults = Conditions::default();
    Ok(Conditions {
        deposit_percent: number(
            "deposit_percent",
            MAX_DEPOSIT_PERCENT,
            defaults.deposit_percent,
        )?,
        deposit_kind: field("deposit_kind")?
            .as_deref()
            .and_then(DepositKind::parse)
            .unwrap_or_default(),
        balance_days: number("balance_days", MAX_BALANCE_DAYS, defaults.balance_days)?,
        terms: field("terms")?.unwrap_or_default(),
        extra_info: field("extra_info")?.unwrap_or_default(),
    })
}

/// The provider's contract conditions, as the window shows and edits them (B2, P9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ConditionsView {
    /// The deposit asked, in percent of the price (0–100).
    pub deposit_percent: u32,
    /// `arrhes` or `acompte`.
    pub deposit_kind: String,
    /// What cancelling costs with that kind of deposit, in French (printed on contracts).
    #[serde(default)]
    pub consequence: String,
    /// The balance is due this many days before arrival (0–365).
    pub balance_days: u32,
    /// The provider's conditions of sale (CGV).
    pub terms: String,
    /// « Informations complémentaires »: where the tourist tax is stated (P9).
    pub extra_info: String,
}

impl Default for ConditionsView {
    fn default() -> ConditionsView {
        ConditionsView::from(&Conditions::default())
    }
}

impl From<&Conditions> for ConditionsView {
    fn from(c: &Conditions) -> ConditionsView {
        ConditionsView {
            deposit_percent: c.deposit_percent,
            deposit_kind: c.deposit_kind.code().to_owned(),
            consequence: c.deposit_kind.consequence().to_owned(),
            balance_days: c.balance_days,
            terms: c.terms.clone(),
            extra_info: c.extra_info.clone(),
        }
    }
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

    /// Changes how many months after a stay its guest's data is anonymised (GDPR).
    pub fn set_guest_retention(&mut self, months: u32) -> AppResult<SettingsView> {
        self.require(crate::operators::Permission::EditSettings)?;
        let months = u16::try_from(months)
            .ok()
            .filter(|m| RETENTION_MONTHS.contains(&u32::from(*m)))
            .ok_or_else(|| {
                AppError::input(format!(
                    "durée de conservation des données des clients : de {} à {} mois \
                     (un à dix ans), pas {months}",
                    RETENTION_MONTHS.start(),
                    RETENTION_MONTHS.end()
                ))
            })?;
        self.write(|tx| {
            tx.commit_op(Op::SettingsEdited(SettingsEdited {
                guest_retention_months: Some(months),
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

    /// Changes the contract conditions (B2, P9): the fields that differ from the stored
    /// ones, checked, in one `settings_edited` operation.
    pub fn set_conditions(&mut self, wanted: &ConditionsView) -> AppResult<SettingsView> {
        self.require(crate::operators::Permission::EditSettings)?;
        let now = conditions(self.store.conn())?;
        if wanted.deposit_percent > MAX_DEPOSIT_PERCENT {
            return Err(AppError::input(format!(
                "pourcentage d'acompte : de 0 à {MAX_DEPOSIT_PERCENT}, pas {}",
                wanted.deposit_percent
            )));
        }
        let kind = DepositKind::parse(&wanted.deposit_kind).ok_or_else(|| {
            AppError::input(format!(
                "nature de l'acompte : « arrhes » ou « acompte », pas « {} »",
                guichet_core::bounds::printable(&wanted.deposit_kind)
            ))
        })?;
        if wanted.balance_days > MAX_BALANCE_DAYS {
            return Err(AppError::input(format!(
                "échéance du solde : de 0 à {MAX_BALANCE_DAYS} jours avant l'arrivée, pas {}",
                wanted.balance_days
            )));
        }
        let long = |what: &str, new: &str, old: &str| -> AppResult<Option<LongText>> {
            let new = new.trim_end().replace("\r\n", "\n");
            if new == old {
                return Ok(None);
            }
            LongText::try_from(new)
                .map(Some)
                .map_err(|e| AppError::input(format!("{what} : {}", e.0)))
        };
        let edit = SettingsEdited {
            deposit_percent: (wanted.deposit_percent != now.deposit_percent)
                .then(|| u8::try_from(wanted.deposit_percent).unwrap_or(100)),
            deposit_kind: (kind != now.deposit_kind).then_some(kind),
            balance_days: (wanted.balance_days != now.balance_days)
                .then(|| u16::try_from(wanted.balance_days).unwrap_or(365)),
            terms: long("conditions générales de vente", &wanted.terms, &now.terms)?,
            extra_info: long(
                "informations complémentaires",
                &wanted.extra_info,
                &now.extra_info,
            )?,
            ..SettingsEdited::default()
        };
        if !edit.conditions().is_empty() {
            self.write(|tx| tx.commit_op(Op::SettingsEdited(edit)))?;
        }
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
