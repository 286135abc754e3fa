//! Operators: the people who use this device, each with a name, a role and a PIN
//! (4 to 8 digits, kept as a salted Argon2id hash, never in clear, never logged,
//! never in a backup). Local to the device: not synced — but every operation this
//! device records names who made it (the envelope's `by`).
//!
//! What a role may do is decided here, in one place: [`App::require`] with a
//! [`Permission`]. A device with no operator works as before (its owner is a manager
//! without PIN); the command line always acts as a manager. The window turns the
//! checks on with [`App::use_operators`]: once a manager exists, someone must say who
//! is there (name and PIN) before a guarded action.

use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::App;

/// What an operator is allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    /// Everything.
    Manager,
    /// Sell, book, scan: not the tariffs, the units, the settings.
    Cashier,
    /// Scan tickets at the gate, and nothing else.
    Gate,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Manager => "manager",
            Role::Cashier => "cashier",
            Role::Gate => "gate",
        }
    }

    /// Its French name.
    pub fn french(self) -> &'static str {
        match self {
            Role::Manager => "responsable",
            Role::Cashier => "caisse",
            Role::Gate => "contrôle d'accès",
        }
    }

    fn parse(text: &str) -> Option<Role> {
        [Role::Manager, Role::Cashier, Role::Gate]
            .into_iter()
            .find(|r| r.as_str() == text)
    }
}

impl std::str::FromStr for Role {
    type Err = AppError;
    fn from_str(text: &str) -> AppResult<Role> {
        Role::parse(text).ok_or_else(|| {
            AppError::input(format!(
                "rôle « {text} » inconnu : choisissez manager (responsable), cashier (caisse) ou gate (contrôle d'accès)"
            ))
        })
    }
}

/// An action some roles may not take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Permission {
    /// Hold, book, cancel and move stays.
    Book,
    /// Sell, amend, cancel and print tickets.
    Sell,
    /// Scan tickets at the gate.
    Scan,
    /// Settle the conflicts of the inbox.
    SettleConflicts,
    /// Change tariffs.
    EditTariffs,
    /// Add, rename, reorder, deactivate units.
    EditUnits,
    /// Delete units.
    DeleteUnits,
    /// Set up a festival: organizers, events, sessions, ticket products.
    EditEvents,
    /// Change the provider's settings and this device's.
    EditSettings,
    /// Add, change and remove operators.
    ManageOperators,
    /// Rotate the ticket signing key.
    RotateKeys,
    /// Write a backup.
    Backup,
    /// Restore a backup over this device's data.
    RestoreBackup,
    /// Leave the gate's kiosk mode.
    LeaveKiosk,
    /// Add, edit, deactivate and delete the till's products.
    EditProducts,
    /// Deactivate gift vouchers and extend their validity.
    ManageVouchers,
}

/// Every permission, for tests and the window.
pub const PERMISSIONS: [Permission; 16] = [
    Permission::Book,
    Permission::Sell,
    Permission::Scan,
    Permission::SettleConflicts,
    Permission::EditTariffs,
    Permission::EditUnits,
    Permission::DeleteUnits,
    Permission::EditEvents,
    Permission::EditSettings,
    Permission::ManageOperators,
    Permission::RotateKeys,
    Permission::Backup,
    Permission::RestoreBackup,
    Permission::LeaveKiosk,
    Permission::EditProducts,
    Permission::ManageVouchers,
];

impl Permission {
    /// Whether `role` may do it: the one matrix of the application.
    pub fn allows(self, role: Role) -> bool {
        use Permission::*;
        match role {
            Role::Manager => true,
            Role::Cashier => matches!(self, Book | Sell | Scan | SettleConflicts | Backup),
            Role::Gate => matches!(self, Scan),
        }
    }

    /// What it is, in French, after "ne peut pas".
    fn french(self) -> &'static str {
        use Permission::*;
        match self {
            Book => "réserver ni modifier des séjours",
            Sell => "vendre ni modifier des billets",
            Scan => "contrôler des billets",
            SettleConflicts => "régler les conflits",
            EditTariffs => "modifier les tarifs",
            EditUnits => "modifier les hébergements",
            DeleteUnits => "supprimer un hébergement",
            EditEvents => "modifier les événements et les séances",
            EditSettings => "modifier les paramètres",
            ManageOperators => "gérer les opérateurs",
            RotateKeys => "changer la clé des billets",
            Backup => "faire une sauvegarde",
            RestoreBackup => "restaurer une sauvegarde",
            LeaveKiosk => "quitter le mode borne",
            EditProducts => "modifier les produits de la caisse",
            ManageVouchers => "désactiver ni prolonger un bon cadeau",
        }
    }

    /// Who may, in French.
    fn who_may(self) -> &'static str {
        if self.allows(Role::Cashier) {
            "un responsable ou la caisse"
        } else {
            "un responsable"
        }
    }
}

/// An operator as the window shows it (never the PIN nor its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct OperatorView {
    /// Its id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Its role.
    pub role: Role,
}

/// Who is at this device now, for the window's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct WhoView {
    /// Whether this device has operators (then someone must say who is there).
    pub operators: bool,
    /// The operator signed in, if any.
    pub current: Option<OperatorView>,
    /// What the current person may do (everything when the device has no operator).
    pub allowed: Vec<Permission>,
}

/// The operator's session on this device (in memory: a relaunch asks again).
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    /// Whether the checks apply (the window); off for the command line.
    enabled: bool,
    current: Option<OperatorView>,
    /// Wrong PINs in a row, and since when the next try must wait.
    failures: u32,
    locked_until: Option<DateTime<Utc>>,
}

impl Sessions {
    /// Whether the checks apply.
    pub(crate) fn enabled(&self) -> bool {
        self.enabled
    }

    /// Who is signed in.
    pub(crate) fn current(&self) -> Option<OperatorView> {
        self.current.clone()
    }
}

/// Wrong PINs in a row before the device waits [`LOCK_SECONDS`].
pub const MAX_FAILURES: u32 = 5;
/// How long the device waits after [`MAX_FAILURES`] wrong PINs.
pub const LOCK_SECONDS: i64 = 30;

/// This device's setting that says the gate is in kiosk mode.
const KIOSK: &str = "kiosk";

/// Argon2id costs for PINs: 19 MiB, 2 passes (OWASP's minimum).
const PIN_COSTS: (u32, u32, u32) = (19 * 1024, 2, 1);

fn check_pin(pin: &str) -> AppResult<()> {
    let digits = pin.chars().all(|c| c.is_ascii_digit());
    if !digits || !(4..=8).contains(&pin.len()) {
        return Err(AppError::input(
            "le code PIN doit faire de 4 à 8 chiffres : retapez-le",
        ));
    }
    Ok(())
}

fn derive(pin: &str, salt: &[u8], costs: (u32, u32, u32)) -> AppResult<[u8; 32]> {
    let params = Params::new(costs.0, costs.1, costs.2, Some(32))
        .map_err(|_| AppError::rule("paramètres du code PIN refusés : mettez Guichet à jour"))?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(pin.as_bytes(), salt, &mut out)
        .map_err(|_| AppError::rule("le code PIN n'a pas pu être vérifié : réessayez"))?;
    Ok(out)
}

/// `argon2id$m,t,p$salt$hash` (hex).
fn hash_pin(pin: &str, entropy: &dyn crate::entropy::Entropy) -> AppResult<String> {
    let mut salt = [0u8; 16];
    entropy.fill(&mut salt)?;
    let (m, t, p) = PIN_COSTS;
    let hash = derive(pin, &salt, PIN_COSTS)?;
    Ok(format!(
        "argon2id${m},{t},{p}${}${}",
        guichet_core::hex::encode(&salt),
        guichet_core::hex::encode(&hash)
    ))
}

fn pin_matches(pin: &str, stored: &str) -> bool {
    let parts: Vec<&str> = stored.split('$').collect();
    let [kind, costs, salt, hash] = parts.as_slice() else {
        return false;
    };
    let costs: Vec<u32> = costs.split(',').filter_map(|c| c.parse().ok()).collect();
    let (Some(salt), Some(hash), [m, t, p]) = (
        guichet_core::hex::decode(salt),
        guichet_core::hex::decode(hash),
        costs.as_slice(),
    ) else {
        return false;
    };
    if *kind != "argon2id" {
        return false;
    }
    derive(pin, &salt, (*m, *t, *p)).is_ok_and(|d| constant_eq(&d, &hash))
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn check_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err(AppError::input(
            "le nom de l'opérateur doit faire de 1 à 60 caractères : corrigez-le",
        ));
    }
    Ok(name.to_owned())
}

fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<OperatorView> {
    let role: String = row.get(2)?;
    Ok(OperatorView {
        id: crate::store::read::parse(row, 0)?,
        name: row.get(1)?,
        role: Role::parse(&role).unwrap_or(Role::Gate),
    })
}

fn list(conn: &Connection) -> rusqlite::Result<Vec<OperatorView>> {
    conn.prepare("SELECT id, name, role FROM operators ORDER BY name COLLATE NOCASE")?
        .query_map([], read)?
        .collect()
}

fn managers(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COUNT(*) FROM operators WHERE role = 'manager'",
        [],
        |r| r.get(0),
    )
}

fn find(conn: &Connection, who: &str) -> rusqlite::Result<Option<(OperatorView, String)>> {
    conn.query_row(
        "SELECT id, name, role, pin_hash FROM operators WHERE id = ?1 OR name = ?1 COLLATE NOCASE",
        [who.trim()],
        |r| Ok((read(r)?, r.get(3)?)),
    )
    .optional()
}

fn unknown(who: &str) -> AppError {
    AppError::input(format!(
        "aucun opérateur « {who} » sur ce poste : choisissez un nom de la liste"
    ))
}

impl App {
    /// Turns the role checks on (the window); the command line leaves them off and
    /// acts as a manager.
    pub fn use_operators(&mut self) {
        self.sessions.enabled = true;
    }

    /// Refuses, in French and saying who may, an action the person at this device
    /// may not take. Every guarded use case calls it first.
    pub fn require(&self, permission: Permission) -> AppResult<()> {
        if !self.sessions.enabled || list(self.store.conn())?.is_empty() {
            return Ok(());
        }
        match &self.sessions.current {
            None => Err(AppError::rule(
                "personne n'est identifié sur ce poste : cliquez sur « Qui est là ? » en haut à droite \
                 et tapez votre code PIN",
            )),
            Some(op) if permission.allows(op.role) => Ok(()),
            Some(op) => Err(AppError::rule(format!(
                "{} ({}) ne peut pas {} : seul {} le peut ; demandez-lui de s'identifier \
                 (bouton en haut à droite)",
                op.name,
                op.role.french(),
                permission.french(),
                permission.who_may()
            ))),
        }
    }

    /// Who is at this device, and what they may do.
    pub fn who(&self) -> AppResult<WhoView> {
        let operators = self.sessions.enabled && !list(self.store.conn())?.is_empty();
        let role = match (&self.sessions.current, operators) {
            (_, false) => Some(Role::Manager),
            (Some(op), true) => Some(op.role),
            (None, true) => None,
        };
        Ok(WhoView {
            operators,
            current: self.sessions.current.clone(),
            allowed: PERMISSIONS
                .into_iter()
                .filter(|p| role.is_some_and(|r| p.allows(r)))
                .collect(),
        })
    }

    /// The operators of this device, by name.
    pub fn operators(&self) -> AppResult<Vec<OperatorView>> {
        Ok(list(self.store.conn())?)
    }

    /// Adds an operator. The first one must be a manager (it is the owner), and it
    /// signs in at once, so that the device is not locked out of itself.
    pub fn add_operator(&mut self, name: &str, role: Role, pin: &str) -> AppResult<OperatorView> {
        self.require(Permission::ManageOperators)?;
        let name = check_name(name)?;
        check_pin(pin)?;
        let first = list(self.store.conn())?.is_empty();
        if first && role != Role::Manager {
            return Err(AppError::rule(
                "le premier opérateur de ce poste doit être un responsable (rôle manager) : \
                 créez-le d'abord, puis la caisse et le contrôle d'accès",
            ));
        }
        if find(self.store.conn(), &name)?.is_some() {
            return Err(AppError::input(format!(
                "un opérateur s'appelle déjà « {name} » : choisissez un autre nom"
            )));
        }
        let hash = hash_pin(pin, self.entropy.as_ref())?;
        let view = OperatorView {
            id: self.ids.next_id(),
            name,
            role,
        };
        let row = view.clone();
        self.write(|tx| {
            tx.conn().execute(
                "INSERT INTO operators (id, name, role, pin_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                (row.id.to_string(), &row.name, row.role.as_str(), &hash, tx.now().to_rfc3339()),
            )?;
            Ok(())
        })?;
        if first {
            self.set_current(Some(view.clone()));
        }
        Ok(view)
    }

    /// Changes an operator's role; the last manager stays a manager.
    pub fn set_operator_role(&mut self, who: &str, role: Role) -> AppResult<OperatorView> {
        self.require(Permission::ManageOperators)?;
        let (mut op, _) = find(self.store.conn(), who)?.ok_or_else(|| unknown(who))?;
        if op.role == Role::Manager && role != Role::Manager && managers(self.store.conn())? <= 1 {
            return Err(AppError::rule(format!(
                "{} est le seul responsable de ce poste : nommez d'abord un autre responsable",
                op.name
            )));
        }
        op.role = role;
        let row = op.clone();
        self.write(|tx| {
            tx.conn().execute(
                "UPDATE operators SET role = ?2 WHERE id = ?1",
                (row.id.to_string(), row.role.as_str()),
            )?;
            Ok(())
        })?;
        if self.is_current(op.id) {
            self.set_current(Some(op.clone()));
        }
        Ok(op)
    }

    /// Changes an operator's PIN: a manager, or the operator themself.
    pub fn set_operator_pin(&mut self, who: &str, pin: &str) -> AppResult<()> {
        let (op, _) = find(self.store.conn(), who)?.ok_or_else(|| unknown(who))?;
        if !self.is_current(op.id) {
            self.require(Permission::ManageOperators)?;
        }
        check_pin(pin)?;
        let hash = hash_pin(pin, self.entropy.as_ref())?;
        self.write(|tx| {
            tx.conn().execute(
                "UPDATE operators SET pin_hash = ?2 WHERE id = ?1",
                (op.id.to_string(), &hash),
            )?;
            Ok(())
        })
    }

    /// Removes an operator; the last manager cannot be removed.
    pub fn remove_operator(&mut self, who: &str) -> AppResult<()> {
        self.require(Permission::ManageOperators)?;
        let (op, _) = find(self.store.conn(), who)?.ok_or_else(|| unknown(who))?;
        if op.role == Role::Manager && managers(self.store.conn())? <= 1 {
            return Err(AppError::rule(format!(
                "{} est le seul responsable de ce poste et ne peut pas être retiré : \
                 nommez d'abord un autre responsable",
                op.name
            )));
        }
        self.write(|tx| {
            tx.conn()
                .execute("DELETE FROM operators WHERE id = ?1", [op.id.to_string()])?;
            Ok(())
        })?;
        if self.is_current(op.id) {
            self.set_current(None);
        }
        Ok(())
    }

    /// Signs `who` in with their PIN. After [`MAX_FAILURES`] wrong PINs in a row the
    /// device waits [`LOCK_SECONDS`] before the next try.
    pub fn sign_in(&mut self, who: &str, pin: &str) -> AppResult<OperatorView> {
        let now = self.clock.now();
        if let Some(until) = self.sessions.locked_until.filter(|u| *u > now) {
            let wait = (until - now).num_seconds().max(1);
            return Err(AppError::rule(format!(
                "trop de codes PIN faux : attendez {wait} s avant de réessayer"
            )));
        }
        let found = find(self.store.conn(), who)?;
        match found {
            Some((op, hash)) if pin_matches(pin, &hash) => {
                self.sessions.failures = 0;
                self.sessions.locked_until = None;
                self.set_current(Some(op.clone()));
                Ok(op)
            }
            _ => {
                self.sessions.failures += 1;
                if self.sessions.failures >= MAX_FAILURES {
                    self.sessions.failures = 0;
                    self.sessions.locked_until =
                        Some(now + chrono::Duration::seconds(LOCK_SECONDS));
                }
                Err(AppError::input(
                    "nom ou code PIN incorrect : retapez votre code",
                ))
            }
        }
    }

    /// Signs the current operator out (the device locks: someone must sign in again).
    pub fn sign_out(&mut self) {
        self.set_current(None);
    }

    /// Checks a manager's PIN without changing who is signed in (to leave the kiosk).
    pub(crate) fn manager_pin(&mut self, who: &str, pin: &str) -> AppResult<OperatorView> {
        let before = self.sessions.current.clone();
        let op = self.sign_in(who, pin)?;
        self.set_current(before);
        if op.role != Role::Manager {
            return Err(AppError::rule(format!(
                "{} ({}) ne peut pas {} : seul un responsable le peut",
                op.name,
                op.role.french(),
                Permission::LeaveKiosk.french()
            )));
        }
        Ok(op)
    }

    /// Whether the gate is in kiosk mode (kept across a crash and a relaunch).
    pub fn kiosk(&self) -> AppResult<bool> {
        Ok(
            crate::store::device::device_setting(self.store.conn(), KIOSK)?.as_deref()
                == Some("on"),
        )
    }

    /// Puts the gate in kiosk mode: full screen, no navigation, until a manager's PIN.
    pub fn enter_kiosk(&mut self) -> AppResult<()> {
        self.require(Permission::Scan)?;
        self.write(|tx| Ok(tx.set_device_setting(KIOSK, "on")?))
    }

    /// Leaves kiosk mode with a manager's name and PIN (a device without operators
    /// leaves it without: its owner is a manager without PIN). The person signed in
    /// stays signed in.
    pub fn leave_kiosk(&mut self, who: &str, pin: &str) -> AppResult<()> {
        if self.sessions.enabled && !list(self.store.conn())?.is_empty() {
            self.manager_pin(who, pin)?;
        }
        self.write(|tx| Ok(tx.set_device_setting(KIOSK, "off")?))
    }

    fn is_current(&self, id: Uuid) -> bool {
        self.sessions.current.as_ref().is_some_and(|c| c.id == id)
    }

    pub(crate) fn set_current(&mut self, op: Option<OperatorView>) {
        self.store.set_made_by(op.as_ref().map(|o| o.name.clone()));
        self.sessions.current = op;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_pin_is_kept_as_a_salted_hash_and_checked() {
        let entropy = crate::entropy::SystemEntropy;
        let a = hash_pin("1234", &entropy).unwrap();
        let b = hash_pin("1234", &entropy).unwrap();
        assert_ne!(a, b, "salted");
        assert!(!a.contains("1234"));
        assert!(pin_matches("1234", &a));
        assert!(!pin_matches("1235", &a));
        assert!(!pin_matches("1234", "argon2id$1,1,1$zz$00"));
    }

    #[test]
    fn a_pin_is_four_to_eight_digits() {
        for bad in ["123", "123456789", "12a4", "", "١٢٣٤"] {
            assert!(check_pin(bad).is_err(), "{bad}");
        }
        for good in ["1234", "12345678"] {
            check_pin(good).unwrap();
        }
    }
}
