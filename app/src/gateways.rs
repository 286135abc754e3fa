//! Use cases: the bank gateways' settings (rule O6). Each gateway the FAQ lists needs
//! its own fields; the secret ones (passwords, keys, security codes) are kept ONLY in
//! the operating system's keychain (Secret Service on Linux, Keychain Services on
//! macOS, the Credential Manager on Windows), through the `keyring` crate. The
//! database keeps which gateway is set up and its non-secret fields, never a secret:
//! not in a table, an export, a log line or an error message. Without a keychain a
//! secret is refused, in French; it is never written anywhere else.

use std::collections::BTreeMap;
use std::fmt;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{AppError, AppResult};
use crate::operators::Permission;
use crate::App;

/// The keychain's service name for Guichet's entries.
pub const KEYCHAIN_SERVICE: &str = "fr.guichet.app";

/// What a field holds, for its check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A login, an identifier, a password: one line of text.
    Text,
    /// An `https://` address.
    Url,
    /// An e-mail address.
    Email,
    /// `oui` or `non`.
    YesNo,
    /// Digits only, from `min` to `max` of them.
    Digits {
        /// The fewest digits.
        min: usize,
        /// The most digits.
        max: usize,
    },
    /// A key written in hexadecimal (the Paybox HMAC key).
    Hex,
}

/// One field a gateway needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// Its key on the command line (`--field login=…`).
    pub key: &'static str,
    /// Its name for people, in French.
    pub label: &'static str,
    /// Kept in the keychain only.
    pub secret: bool,
    /// What it holds.
    pub kind: FieldKind,
}

const fn field(key: &'static str, label: &'static str, kind: FieldKind) -> FieldSpec {
    FieldSpec {
        key,
        label,
        secret: false,
        kind,
    }
}

const fn secret(key: &'static str, label: &'static str) -> FieldSpec {
    FieldSpec {
        key,
        label,
        secret: true,
        kind: FieldKind::Text,
    }
}

/// A bank gateway and the fields it needs (the FAQ's list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GatewaySpec {
    /// Its code on the command line.
    pub code: &'static str,
    /// Its name.
    pub name: &'static str,
    /// Who offers it.
    pub bank: &'static str,
    /// Its fields.
    pub fields: &'static [FieldSpec],
}

/// The back offices of the "vads-merchant" family: a login, its password and the
/// first-connection or security code.
const VADS: &[FieldSpec] = &[
    field("login", "identifiant de connexion", FieldKind::Text),
    secret("password", "mot de passe"),
    secret(
        "security_code",
        "code de première connexion ou code de sécurité",
    ),
];

/// The download back offices (Mercanet, Sherlock's, Sogenactif): an address, a login,
/// its password, and whether it is the simplified version.
const DOWNLOAD: &[FieldSpec] = &[
    field("url", "adresse de connexion", FieldKind::Url),
    field("login", "identifiant de connexion", FieldKind::Text),
    secret("password", "mot de passe"),
    field(
        "simplified",
        "version simplifiée (oui ou non)",
        FieldKind::YesNo,
    ),
];

/// Every gateway rule O6 lists.
pub const GATEWAYS: &[GatewaySpec] = &[
    GatewaySpec {
        code: "clic_and_pay",
        name: "Clic and Pay",
        bank: "Crédit du Nord",
        fields: VADS,
    },
    GatewaySpec {
        code: "mercanet",
        name: "Mercanet",
        bank: "BNP Paribas",
        fields: DOWNLOAD,
    },
    GatewaySpec {
        code: "monetico",
        name: "Monetico",
        bank: "CIC / Crédit Mutuel",
        fields: &[
            field("login", "identifiant de connexion", FieldKind::Text),
            secret("password", "mot de passe"),
            field("company_code", "code société", FieldKind::Text),
            field("tpe", "numéro TPE", FieldKind::Text),
        ],
    },
    GatewaySpec {
        code: "one_shot_pay",
        name: "One Shot Pay",
        bank: "One Shot Pay",
        fields: &[
            field("merchant_id", "identifiant marchand", FieldKind::Text),
            secret("api_key", "clé d'API"),
        ],
    },
    GatewaySpec {
        code: "paybox",
        name: "Paybox (E-transactions / Up2Pay)",
        bank: "Crédit Agricole",
        fields: &[
            field(
                "etransaction_id",
                "ID E-transactions",
                FieldKind::Digits { min: 1, max: 12 },
            ),
            field(
                "site",
                "numéro de site",
                FieldKind::Digits { min: 7, max: 7 },
            ),
            field(
                "rank",
                "numéro de rang",
                FieldKind::Digits { min: 2, max: 3 },
            ),
            FieldSpec {
                key: "hmac_key",
                label: "clé HMAC",
                secret: true,
                kind: FieldKind::Hex,
            },
        ],
    },
    GatewaySpec {
        code: "payfip",
        name: "PayFiP",
        bank: "DGFiP",
        fields: &[field(
            "client_number",
            "numéro client PayFiP",
            FieldKind::Digits { min: 1, max: 12 },
        )],
    },
    GatewaySpec {
        code: "paypal",
        name: "PayPal",
        bank: "PayPal",
        fields: &[
            field("email", "adresse e-mail du compte", FieldKind::Email),
            field("merchant_id", "ID fournisseur", FieldKind::Text),
        ],
    },
    GatewaySpec {
        code: "payzen",
        name: "Payzen",
        bank: "Banque Populaire",
        fields: VADS,
    },
    GatewaySpec {
        code: "scellius",
        name: "Scellius",
        bank: "La Banque Postale",
        fields: VADS,
    },
    GatewaySpec {
        code: "sherlocks",
        name: "Sherlock's",
        bank: "LCL",
        fields: DOWNLOAD,
    },
    GatewaySpec {
        code: "sogecommerce",
        name: "Sogecommerce",
        bank: "Société Générale",
        fields: VADS,
    },
    GatewaySpec {
        code: "sogenactif",
        name: "Sogenactif",
        bank: "Société Générale",
        fields: DOWNLOAD,
    },
    GatewaySpec {
        code: "systempay",
        name: "SystemPay",
        bank: "Banque Populaire",
        fields: VADS,
    },
];

/// The gateway whose code is `code`, or an error listing them.
pub fn spec(code: &str) -> AppResult<&'static GatewaySpec> {
    GATEWAYS.iter().find(|g| g.code == code).ok_or_else(|| {
        AppError::input(format!(
            "passerelle « {} » inconnue : {}",
            guichet_core::bounds::printable(code),
            GATEWAYS
                .iter()
                .map(|g| g.code)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

/// A secret value: never shown, never logged (its `Debug` hides it).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret read from a file or standard input.
    pub fn new(value: String) -> Secret {
        Secret(value)
    }

    /// The value, for the keychain only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// Why the keychain cannot be used, in French (never quoting a secret).
pub fn no_keychain(reason: &str) -> AppError {
    AppError::rule(format!(
        "aucun trousseau du système n'est disponible : {reason} ; les identifiants ne sont \
         jamais enregistrés ailleurs"
    ))
}

/// Where secrets are kept: the operating system's keychain ([`Keychain`]), or a
/// store in memory for tests ([`MemoryKeychain`]).
pub trait SecretStore {
    /// Whether the store can be used now; why not, in French.
    fn check(&self) -> AppResult<()>;
    /// Keeps `secret` under `account`, replacing any.
    fn set(&self, account: &str, secret: &Secret) -> AppResult<()>;
    /// Whether a secret is kept under `account`.
    fn has(&self, account: &str) -> AppResult<bool>;
    /// The secret kept under `account`, for the one use that needs it (the SMTP
    /// login): never shown, never logged.
    fn get(&self, account: &str) -> AppResult<Option<Secret>>;
    /// Forgets the secret under `account` (none: nothing to do).
    fn delete(&self, account: &str) -> AppResult<()>;
}

/// The operating system's keychain, through the `keyring` crate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Keychain;

/// A keychain error in French. The crate's own text is left out: some of its errors
/// carry the stored bytes.
fn keychain_error(error: &keyring::Error) -> AppError {
    use keyring::Error::*;
    let reason = match error {
        NoDefaultStore | PlatformFailure(_) => {
            "le service de secrets du système (Secret Service sous Linux) ne répond pas ; \
             ouvrez une session de bureau qui en fournit un (GNOME, KDE), puis recommencez"
        }
        NoStorageAccess(_) => {
            "le trousseau est verrouillé ou refuse l'accès ; déverrouillez-le, puis recommencez"
        }
        _ => "le trousseau a refusé l'opération ; vérifiez-le, puis recommencez",
    };
    tracing::warn!(kind = keychain_kind(error), "trousseau du système");
    no_keychain(reason)
}

/// The kind of a keychain error, for the log (never its content).
fn keychain_kind(error: &keyring::Error) -> &'static str {
    use keyring::Error::*;
    match error {
        PlatformFailure(_) => "platform_failure",
        NoStorageAccess(_) => "no_storage_access",
        NoEntry => "no_entry",
        BadEncoding(_) => "bad_encoding",
        BadDataFormat(..) => "bad_data_format",
        BadStoreFormat(_) => "bad_store_format",
        TooLong(..) => "too_long",
        Invalid(..) => "invalid",
        Ambiguous(_) => "ambiguous",
        NoDefaultStore => "no_default_store",
        NotSupportedByStore(_) => "not_supported",
        _ => "other",
    }
}

impl Keychain {
    fn entry(account: &str) -> AppResult<keyring::Entry> {
        keyring::Entry::new(KEYCHAIN_SERVICE, account).map_err(|e| keychain_error(&e))
    }
}

impl SecretStore for Keychain {
    fn check(&self) -> AppResult<()> {
        match keyring::Entry::store_status() {
            Ok(()) => Ok(()),
            Err(e) => Err(keychain_error(e)),
        }
    }

    fn set(&self, account: &str, secret: &Secret) -> AppResult<()> {
        Keychain::entry(account)?
            .set_password(secret.expose())
            .map_err(|e| keychain_error(&e))
    }

    fn has(&self, account: &str) -> AppResult<bool> {
        match Keychain::entry(account)?.get_secret() {
            Ok(_) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(keychain_error(&e)),
        }
    }

    fn get(&self, account: &str) -> AppResult<Option<Secret>> {
        match Keychain::entry(account)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error(&e)),
        }
    }

    fn delete(&self, account: &str) -> AppResult<()> {
        match Keychain::entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keychain_error(&e)),
        }
    }
}

/// A keychain in memory, for tests; `unavailable()` plays a machine without one.
#[derive(Debug, Default)]
pub struct MemoryKeychain {
    secrets: std::sync::Mutex<BTreeMap<String, Secret>>,
    unavailable: bool,
}

impl MemoryKeychain {
    /// A machine without a keychain.
    pub fn unavailable() -> MemoryKeychain {
        MemoryKeychain {
            unavailable: true,
            ..MemoryKeychain::default()
        }
    }

    /// The secret kept under `account`, for tests.
    pub fn get(&self, account: &str) -> Option<Secret> {
        self.secrets.lock().ok()?.get(account).cloned()
    }

    fn map(&self) -> AppResult<std::sync::MutexGuard<'_, BTreeMap<String, Secret>>> {
        self.check()?;
        self.secrets
            .lock()
            .map_err(|_| no_keychain("le trousseau de test est inutilisable"))
    }
}

impl SecretStore for MemoryKeychain {
    fn check(&self) -> AppResult<()> {
        if self.unavailable {
            return Err(no_keychain("aucun service de secrets sur cette machine"));
        }
        Ok(())
    }

    fn set(&self, account: &str, secret: &Secret) -> AppResult<()> {
        self.map()?.insert(account.to_owned(), secret.clone());
        Ok(())
    }

    fn has(&self, account: &str) -> AppResult<bool> {
        Ok(self.map()?.contains_key(account))
    }

    fn get(&self, account: &str) -> AppResult<Option<Secret>> {
        Ok(self.map()?.get(account).cloned())
    }

    fn delete(&self, account: &str) -> AppResult<()> {
        self.map()?.remove(account);
        Ok(())
    }
}

/// One field of a gateway, as the window shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct GatewayFieldView {
    /// Its key.
    pub key: String,
    /// Its name, in French.
    pub label: String,
    /// Kept in the keychain only.
    pub secret: bool,
}

/// A gateway: what it needs and what is set. Secret values are never in it: only
/// which secrets the keychain holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct GatewayView {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Who offers it.
    pub bank: String,
    /// Set up on this device.
    pub configured: bool,
    /// The fields it needs.
    pub fields: Vec<GatewayFieldView>,
    /// The non-secret values set.
    pub values: BTreeMap<String, String>,
    /// The secrets kept in the keychain (names only).
    pub secrets: Vec<String>,
    /// The fields still missing.
    pub missing: Vec<String>,
    /// How it is used: PayFiP works in URL mode only, never web-service mode.
    pub mode: Option<String>,
}

/// A gateway's row: its non-secret values and the names of its secrets.
#[derive(Debug, Default)]
struct Stored {
    values: BTreeMap<String, String>,
    secrets: Vec<String>,
}

fn stored(conn: &Connection, code: &str) -> AppResult<Option<Stored>> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT fields, secret_fields FROM payment_gateways WHERE name = ?1",
            [code],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.map(|(fields, secrets)| Stored {
        values: serde_json::from_str(&fields).unwrap_or_default(),
        secrets: secrets
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    }))
}

fn view(spec: &GatewaySpec, stored: Option<&Stored>) -> GatewayView {
    let empty = Stored::default();
    let row = stored.unwrap_or(&empty);
    GatewayView {
        code: spec.code.to_owned(),
        name: spec.name.to_owned(),
        bank: spec.bank.to_owned(),
        configured: stored.is_some(),
        fields: spec
            .fields
            .iter()
            .map(|f| GatewayFieldView {
                key: f.key.to_owned(),
                label: f.label.to_owned(),
                secret: f.secret,
            })
            .collect(),
        values: row.values.clone(),
        secrets: row.secrets.clone(),
        missing: spec
            .fields
            .iter()
            .filter(|f| !row.values.contains_key(f.key) && !row.secrets.iter().any(|s| s == f.key))
            .map(|f| f.key.to_owned())
            .collect(),
        mode: (spec.code == "payfip").then(|| "url".to_owned()),
    }
}

/// The keychain account of a gateway's secret: this data dir's keychain id, the
/// gateway, the field (two data dirs on one machine keep their own).
fn account(id: uuid::Uuid, gateway: &str, key: &str) -> String {
    format!("{id}/{gateway}/{key}")
}

/// This device's own setting naming its keychain entries.
pub(crate) const KEYCHAIN_ID: &str = "gateway_keychain_id";

/// The id naming this data dir's keychain entries, if it has one yet.
pub(crate) fn keychain_id(conn: &Connection) -> AppResult<Option<uuid::Uuid>> {
    Ok(crate::store::device::device_setting(conn, KEYCHAIN_ID)?.and_then(|text| text.parse().ok()))
}

/// A value checked for its field: the value to keep, or why not (never quoting it,
/// which the caller does for a non-secret field only).
fn check_value(spec: &FieldSpec, value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err("la valeur est vide".to_owned());
    }
    if value.chars().count() > 500 || value.chars().any(char::is_control) {
        return Err("une valeur tient sur une ligne, 500 caractères au plus".to_owned());
    }
    if let FieldKind::Digits { min, max } = spec.kind {
        let n = value.chars().count();
        if !value.chars().all(|c| c.is_ascii_digit()) || !(min..=max).contains(&n) {
            return Err(match (min, max) {
                (1, max) => format!("écrivez seulement des chiffres, {max} au plus"),
                (min, max) if min == max => format!("écrivez ses {min} chiffres"),
                (min, max) => format!("écrivez ses {min} à {max} chiffres"),
            } + ", tels que la banque les a donnés");
        }
        return Ok(value.to_owned());
    }
    check_kind(spec.kind, value).map_err(str::to_owned)
}

/// A value checked for what its field holds.
fn check_kind(kind: FieldKind, value: &str) -> Result<String, &'static str> {
    match kind {
        FieldKind::Text => Ok(value.to_owned()),
        FieldKind::Url => url::Url::parse(value)
            .ok()
            .filter(|u| u.scheme() == "https" && u.host().is_some())
            .map(|_| value.to_owned())
            .ok_or("écrivez une adresse complète en https://"),
        FieldKind::Email => {
            let ok = value
                .split_once('@')
                .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
            ok.then(|| value.to_owned())
                .ok_or("écrivez une adresse e-mail (nom@exemple.fr)")
        }
        FieldKind::YesNo => match value.to_lowercase().as_str() {
            "oui" | "yes" | "true" => Ok("oui".to_owned()),
            "non" | "no" | "false" => Ok("non".to_owned()),
            _ => Err("écrivez oui ou non"),
        },
        FieldKind::Digits { .. } => Ok(value.to_owned()),
        FieldKind::Hex => (value.len() >= 32
            && value.len().is_multiple_of(2)
            && value.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| value.to_ascii_uppercase())
        .ok_or("une clé HMAC s'écrit en hexadécimal (0-9, A-F), telle que la banque l'a donnée"),
    }
}

fn field_spec(gateway: &GatewaySpec, key: &str) -> AppResult<&'static FieldSpec> {
    let spec = GATEWAYS
        .iter()
        .find(|g| g.code == gateway.code)
        .and_then(|g| g.fields.iter().find(|f| f.key == key));
    spec.ok_or_else(|| {
        let mode = if gateway.code == "payfip" && key == "mode" {
            "PayFiP fonctionne ici en mode URL seulement, jamais en mode web service : \
             configurez le compte PayFiP en mode URL ; "
        } else {
            ""
        };
        AppError::input(format!(
            "{mode}champ « {} » inconnu pour {} : {}",
            guichet_core::bounds::printable(key),
            gateway.name,
            gateway
                .fields
                .iter()
                .map(|f| f.key)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

/// Forgets the secrets just `written` that were not kept before (`before`): a setting
/// that failed half-way leaves no secret nobody would find.
fn forget_new(keychain: &dyn SecretStore, written: &[String], before: &[String]) {
    for account in written.iter().filter(|a| !before.contains(a)) {
        let _ = keychain.delete(account);
    }
}

impl App {
    /// Every gateway, with what is set on this device (no keychain needed).
    pub fn gateways(&self) -> AppResult<Vec<GatewayView>> {
        GATEWAYS
            .iter()
            .map(|spec| Ok(view(spec, stored(self.store().conn(), spec.code)?.as_ref())))
            .collect()
    }

    /// Sets up a gateway (rule O6): `fields` are its non-secret values, `secrets` go to
    /// `keychain` only. What is given replaces what was set; what is not keeps its
    /// value. Every field the gateway needs must be set in the end. A secret field given
    /// among `fields` is refused (it would have come through the command line, which
    /// others can see), without quoting it. Without a usable keychain, a secret is
    /// refused and nothing is stored.
    pub fn set_gateway(
        &mut self,
        keychain: &dyn SecretStore,
        code: &str,
        fields: &[(String, String)],
        secrets: &[(String, Secret)],
    ) -> AppResult<GatewayView> {
        self.require(Permission::EditSettings)?;
        let gateway = spec(code)?;
        let mut row = stored(self.store().conn(), gateway.code)?.unwrap_or_default();
        for (key, value) in fields {
            if gateway.code == "payfip" && key == "mode" {
                if value.trim().eq_ignore_ascii_case("url") {
                    continue;
                }
                return Err(AppError::input(
                    "PayFiP fonctionne ici en mode URL seulement, jamais en mode web service : \
                     configurez le compte PayFiP en mode URL auprès de la DGFiP",
                ));
            }
            let spec = field_spec(gateway, key)?;
            if spec.secret {
                return Err(AppError::input(format!(
                    "« {} » ({}) est un secret : donnez-le dans un fichier (--secrets-file FICHIER) \
                     ou sur l'entrée standard (--secrets-file -), jamais sur la ligne de commande ; \
                     changez-le si d'autres ont pu le voir",
                    spec.key, spec.label
                )));
            }
            let value = check_value(spec, value).map_err(|why| {
                AppError::input(format!(
                    "{} ({}) « {} » : {why}",
                    spec.key,
                    spec.label,
                    guichet_core::bounds::printable(value)
                ))
            })?;
            row.values.insert(spec.key.to_owned(), value);
        }
        let mut checked = Vec::new();
        for (key, value) in secrets {
            let spec = field_spec(gateway, key)?;
            let value = check_value(spec, value.expose())
                .map_err(|why| AppError::input(format!("{} ({}) : {why}", spec.key, spec.label)))?;
            if spec.secret {
                checked.push((spec.key, Secret::new(value)));
            } else {
                row.values.insert(spec.key.to_owned(), value);
            }
        }
        let missing: Vec<&str> = gateway
            .fields
            .iter()
            .filter(|f| {
                !row.values.contains_key(f.key)
                    && !row.secrets.iter().any(|s| s == f.key)
                    && !checked.iter().any(|(k, _)| *k == f.key)
            })
            .map(|f| f.key)
            .collect();
        if !missing.is_empty() {
            return Err(AppError::input(format!(
                "il manque pour {} : {} ; donnez les champs avec --field CLÉ=VALEUR et les secrets \
                 dans --secrets-file",
                gateway.name,
                missing.join(", ")
            )));
        }
        if !checked.is_empty() {
            keychain.check()?;
        }
        let device = match keychain_id(self.store().conn())? {
            Some(id) => id,
            None => self.write(|tx| {
                let id = tx.new_id();
                tx.set_device_setting(KEYCHAIN_ID, &id.to_string())?;
                Ok(id)
            })?,
        };
        let before: Vec<String> = row
            .secrets
            .iter()
            .map(|key| account(device, gateway.code, key))
            .collect();
        let mut written: Vec<String> = Vec::new();
        for (key, value) in &checked {
            let account = account(device, gateway.code, key);
            if let Err(error) = keychain.set(&account, value) {
                forget_new(keychain, &written, &before);
                return Err(error);
            }
            written.push(account);
            if !row.secrets.iter().any(|s| s == key) {
                row.secrets.push((*key).to_owned());
            }
        }
        let fields_json = serde_json::to_string(&row.values)
            .map_err(|_| AppError::input("valeurs de la passerelle illisibles"))?;
        let secret_names = row.secrets.join(",");
        let saved = self.write(|tx| {
            let now = tx.now().to_rfc3339();
            tx.conn().execute(
                "INSERT INTO payment_gateways (name, fields, secret_fields, updated_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (name) DO UPDATE SET fields = excluded.fields,
                 secret_fields = excluded.secret_fields, updated_at = excluded.updated_at",
                (gateway.code, &fields_json, &secret_names, &now),
            )?;
            Ok(())
        });
        if let Err(error) = saved {
            forget_new(keychain, &written, &before);
            return Err(error);
        }
        tracing::info!(
            gateway = gateway.code,
            fields = row.values.len(),
            secrets = checked.len(),
            "passerelle enregistrée"
        );
        Ok(view(gateway, Some(&row)))
    }

    /// Which of a gateway's secrets the keychain holds (read there, never shown).
    pub fn gateway_secrets(
        &self,
        keychain: &dyn SecretStore,
        code: &str,
    ) -> AppResult<BTreeMap<String, bool>> {
        let gateway = spec(code)?;
        keychain.check()?;
        let id = keychain_id(self.store().conn())?;
        gateway
            .fields
            .iter()
            .filter(|f| f.secret)
            .map(|f| {
                let held = match id {
                    Some(id) => keychain.has(&account(id, gateway.code, f.key))?,
                    None => false,
                };
                Ok((f.key.to_owned(), held))
            })
            .collect()
    }

    /// Removes a gateway: its secrets from the keychain, then its row.
    pub fn remove_gateway(&mut self, keychain: &dyn SecretStore, code: &str) -> AppResult<()> {
        self.require(Permission::EditSettings)?;
        let gateway = spec(code)?;
        let row = stored(self.store().conn(), gateway.code)?.ok_or_else(|| {
            AppError::input(format!(
                "{} n'est pas configurée sur ce poste : rien à retirer",
                gateway.name
            ))
        })?;
        if let (false, Some(id)) = (row.secrets.is_empty(), keychain_id(self.store().conn())?) {
            keychain.check()?;
            for key in &row.secrets {
                keychain.delete(&account(id, gateway.code, key))?;
            }
        }
        self.write(|tx| {
            tx.conn().execute(
                "DELETE FROM payment_gateways WHERE name = ?1",
                [gateway.code],
            )?;
            Ok(())
        })?;
        tracing::info!(gateway = gateway.code, "passerelle retirée");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> App {
        crate::test_app()
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn secrets(items: &[(&str, &str)]) -> Vec<(String, Secret)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Secret::new((*v).to_owned())))
            .collect()
    }

    const HMAC: &str = "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF";

    fn database_text(app: &App) -> String {
        let conn = app.store().conn();
        let mut statement = conn
            .prepare("SELECT name, fields, secret_fields FROM payment_gateways")
            .unwrap();
        let rows: Vec<String> = statement
            .query_map([], |r| {
                Ok(format!(
                    "{} {} {}",
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?
                ))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.join("\n")
    }

    #[test]
    fn o6_every_gateway_of_the_faq_is_offered_with_its_fields() {
        let app = app();
        let list = app.gateways().unwrap();
        let names: Vec<&str> = list.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Clic and Pay",
                "Mercanet",
                "Monetico",
                "One Shot Pay",
                "Paybox (E-transactions / Up2Pay)",
                "PayFiP",
                "PayPal",
                "Payzen",
                "Scellius",
                "Sherlock's",
                "Sogecommerce",
                "Sogenactif",
                "SystemPay",
            ]
        );
        assert!(list.iter().all(|g| !g.configured));
        let payfip = list.iter().find(|g| g.code == "payfip").unwrap();
        let keys: Vec<&str> = payfip.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["client_number"]);
        assert_eq!(payfip.mode.as_deref(), Some("url"));
        let paybox = list.iter().find(|g| g.code == "paybox").unwrap();
        let secret: Vec<&str> = paybox
            .fields
            .iter()
            .filter(|f| f.secret)
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(secret, ["hmac_key"]);
    }

    #[test]
    fn o6_secrets_go_to_the_keychain_and_the_database_keeps_the_rest() {
        let mut app = app();
        let keychain = MemoryKeychain::default();
        let set = app
            .set_gateway(
                &keychain,
                "paybox",
                &pairs(&[
                    ("etransaction_id", "123456789"),
                    ("site", "1999888"),
                    ("rank", "32"),
                ]),
                &secrets(&[("hmac_key", HMAC)]),
            )
            .unwrap();
        assert!(set.configured && set.missing.is_empty());
        assert_eq!(set.secrets, ["hmac_key"]);
        assert_eq!(set.values["site"], "1999888");
        let json = serde_json::to_string(&set).unwrap();
        assert!(!json.contains(HMAC), "{json}");
        let stored = database_text(&app);
        assert!(
            stored.contains("1999888") && !stored.contains(HMAC),
            "{stored}"
        );
        let held = app.gateway_secrets(&keychain, "paybox").unwrap();
        assert!(held["hmac_key"]);
        let device = keychain_id(app.store().conn()).unwrap().unwrap();
        assert_eq!(
            keychain
                .get(&account(device, "paybox", "hmac_key"))
                .unwrap()
                .expose(),
            HMAC
        );
        // A later change keeps what is not given.
        let edited = app
            .set_gateway(&keychain, "paybox", &pairs(&[("rank", "01")]), &[])
            .unwrap();
        assert_eq!(edited.secrets, ["hmac_key"]);
        assert_eq!(edited.values["site"], "1999888");
        app.remove_gateway(&keychain, "paybox").unwrap();
        assert!(keychain
            .get(&account(device, "paybox", "hmac_key"))
            .is_none());
        assert!(database_text(&app).is_empty());
    }

    #[test]
    fn o6_a_secret_on_the_command_line_or_malformed_is_refused_without_being_quoted() {
        let mut app = app();
        let keychain = MemoryKeychain::default();
        let on_argv = app
            .set_gateway(
                &keychain,
                "payzen",
                &pairs(&[("login", "moi"), ("password", "Tr3sS3cret!")]),
                &[],
            )
            .unwrap_err();
        assert_eq!(on_argv.exit_code(), 2);
        assert!(
            on_argv.message.contains("--secrets-file"),
            "{}",
            on_argv.message
        );
        assert!(
            !on_argv.message.contains("Tr3sS3cret"),
            "{}",
            on_argv.message
        );
        let bad_key = app
            .set_gateway(
                &keychain,
                "paybox",
                &pairs(&[
                    ("etransaction_id", "1"),
                    ("site", "1999888"),
                    ("rank", "32"),
                ]),
                &secrets(&[("hmac_key", "pas-une-cle-Z9Z9")]),
            )
            .unwrap_err();
        assert!(
            bad_key.message.contains("hexadécimal"),
            "{}",
            bad_key.message
        );
        assert!(!bad_key.message.contains("Z9Z9"), "{}", bad_key.message);
        let short = app
            .set_gateway(&keychain, "paybox", &pairs(&[("site", "19998")]), &[])
            .unwrap_err();
        assert!(
            short.message.contains("« 19998 » : écrivez ses 7 chiffres"),
            "{}",
            short.message
        );
        let missing = app
            .set_gateway(&keychain, "monetico", &pairs(&[("login", "moi")]), &[])
            .unwrap_err();
        assert!(
            missing.message.contains("password, company_code, tpe"),
            "{}",
            missing.message
        );
        assert!(database_text(&app).is_empty());
    }

    #[test]
    fn o6_payfip_needs_only_its_client_number_in_url_mode() {
        let mut app = app();
        let no_keychain = MemoryKeychain::unavailable();
        let set = app
            .set_gateway(
                &no_keychain,
                "payfip",
                &pairs(&[("client_number", "012345"), ("mode", "url")]),
                &[],
            )
            .unwrap();
        assert_eq!(set.values["client_number"], "012345");
        assert!(set.secrets.is_empty() && set.missing.is_empty());
        let web = app
            .set_gateway(
                &no_keychain,
                "payfip",
                &pairs(&[("mode", "webservice")]),
                &[],
            )
            .unwrap_err();
        assert!(web.message.contains("mode URL"), "{}", web.message);
        let extra = app
            .set_gateway(&no_keychain, "payfip", &pairs(&[("login", "x")]), &[])
            .unwrap_err();
        assert!(extra.message.contains("client_number"), "{}", extra.message);
    }

    #[test]
    fn o6_without_a_keychain_a_secret_is_refused_and_nothing_is_stored() {
        let mut app = app();
        let error = app
            .set_gateway(
                &MemoryKeychain::unavailable(),
                "systempay",
                &pairs(&[("login", "moi")]),
                &secrets(&[("password", "Tr3sS3cret!"), ("security_code", "4242")]),
            )
            .unwrap_err();
        assert_eq!(error.exit_code(), 1);
        assert!(
            error
                .message
                .starts_with("aucun trousseau du système n'est disponible : "),
            "{}",
            error.message
        );
        assert!(error
            .message
            .ends_with("les identifiants ne sont jamais enregistrés ailleurs"));
        assert!(database_text(&app).is_empty());
        assert!(!app.gateways().unwrap().iter().any(|g| g.configured));
    }
}
