//! Use cases: drafts — what was typed in a form and not saved yet, kept in the local
//! database (never synced, never in a backup) so that a crash, a `kill -9` or a switch
//! of screens loses nothing. The window saves a form's fields as a JSON object under
//! the form's key, restores them when the form is built again, and clears them once
//! the form is submitted or abandoned.

use rusqlite::OptionalExtension;

use crate::error::{AppError, AppResult};
use crate::App;

/// The longest key a form may use.
pub const MAX_KEY_CHARS: usize = 200;

/// The largest draft kept (a form's typed text, not files).
pub const MAX_DRAFT_BYTES: usize = 256 * 1024;

/// Drafts untouched for longer than this are forgotten.
pub const KEEP_DAYS: i64 = 30;

fn check_key(key: &str) -> AppResult<&str> {
    let key = key.trim();
    if key.is_empty() || key.chars().count() > MAX_KEY_CHARS {
        return Err(AppError::input(
            "brouillon sans nom valide : rechargez la fenêtre (Ctrl+R)",
        ));
    }
    Ok(key)
}

impl App {
    /// Keeps `json` (a JSON object of a form's fields) as the draft of the form `key`,
    /// replacing the previous one; forgets the drafts untouched for [`KEEP_DAYS`].
    pub fn draft_save(&mut self, key: &str, json: &str) -> AppResult<()> {
        let key = check_key(key)?.to_owned();
        if json.len() > MAX_DRAFT_BYTES {
            return Err(AppError::input(
                "ce formulaire contient trop de texte pour être gardé en brouillon : \
                 enregistrez-le ou raccourcissez-le",
            ));
        }
        match serde_json::from_str::<serde_json::Value>(json) {
            Ok(serde_json::Value::Object(_)) => {}
            _ => {
                return Err(AppError::input(
                    "brouillon illisible : rechargez la fenêtre (Ctrl+R)",
                ))
            }
        }
        let json = json.to_owned();
        self.write(|tx| {
            let now = tx.now();
            tx.conn().execute(
                "INSERT INTO drafts (key, json, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET json = ?2, updated_at = ?3",
                (&key, &json, now.to_rfc3339()),
            )?;
            let old = now - chrono::Duration::days(KEEP_DAYS);
            tx.conn().execute(
                "DELETE FROM drafts WHERE updated_at < ?1",
                [old.to_rfc3339()],
            )?;
            Ok(())
        })
    }

    /// The draft of the form `key`, if one is kept.
    pub fn draft_load(&self, key: &str) -> AppResult<Option<String>> {
        let key = check_key(key)?;
        Ok(self
            .store
            .conn()
            .query_row("SELECT json FROM drafts WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Forgets the draft of the form `key` (submitted or abandoned).
    pub fn draft_clear(&mut self, key: &str) -> AppResult<()> {
        let key = check_key(key)?.to_owned();
        self.write(|tx| {
            tx.conn()
                .execute("DELETE FROM drafts WHERE key = ?1", [&key])?;
            Ok(())
        })
    }
}

/// Removes what belongs to this device's people from a copy of the database about to
/// be sealed in a backup: the drafts (typed text nobody saved).
pub(crate) fn strip_from_copy(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM drafts", [])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::clock::{ManualClock, SequentialIds};

    fn app() -> App {
        App::in_memory(
            Box::new(ManualClock::at("2026-07-01T10:00:00Z".parse().unwrap())),
            Box::new(SequentialIds::default()),
        )
        .unwrap()
    }

    #[test]
    fn a_draft_is_kept_replaced_and_cleared() {
        let mut app = app();
        assert_eq!(app.draft_load("tariffs").unwrap(), None);
        app.draft_save("tariffs", r#"{"price":"650"}"#).unwrap();
        app.draft_save("tariffs", r#"{"price":"700"}"#).unwrap();
        assert_eq!(
            app.draft_load("tariffs").unwrap().as_deref(),
            Some(r#"{"price":"700"}"#)
        );
        app.draft_clear("tariffs").unwrap();
        assert_eq!(app.draft_load("tariffs").unwrap(), None);
    }

    #[test]
    fn a_draft_writes_no_operation_for_sync() {
        let mut app = app();
        app.draft_save("stay", r#"{"name":"Marie"}"#).unwrap();
        assert!(app.outbox().unwrap().is_empty());
    }

    #[test]
    fn a_draft_that_is_not_an_object_or_too_big_is_refused_in_french() {
        let mut app = app();
        let error = app.draft_save("x", "[1]").unwrap_err();
        assert!(error.message.contains("brouillon illisible"));
        let big = format!(r#"{{"a":"{}"}}"#, "x".repeat(MAX_DRAFT_BYTES));
        let error = app.draft_save("x", &big).unwrap_err();
        assert!(error.message.contains("trop de texte"));
        assert!(app.draft_save("", "{}").is_err());
    }

    #[test]
    fn a_draft_never_leaves_the_device_in_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let mut app = app();
        app.draft_save("stay", r#"{"name":"Marie Brouillon"}"#)
            .unwrap();
        let file = dir.path().join("copie.guichet");
        app.backup(&file, "mot de passe long").unwrap();
        assert!(app.draft_load("stay").unwrap().is_some(), "kept here");
        let sealed = std::fs::read(&file).unwrap();
        let opened = crate::backup::open_sealed("mot de passe long", &sealed, "copie").unwrap();
        assert!(!String::from_utf8_lossy(&opened.database).contains("Marie Brouillon"));
        let copy = dir.path().join("copie.db");
        std::fs::write(&copy, &opened.database).unwrap();
        let conn = rusqlite::Connection::open(&copy).unwrap();
        let drafts: i64 = conn
            .query_row("SELECT COUNT(*) FROM drafts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(drafts, 0);
    }
}
