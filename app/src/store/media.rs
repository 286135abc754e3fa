//! Photos and attachments as rows: the bytes whole, checked against their SHA-256 when
//! their operation was decoded.

use guichet_core::sync::op::MediaAdded;
use uuid::Uuid;

use super::Tx;

impl Tx<'_> {
    /// Adds a photo or an attachment (again: nothing changes).
    pub(super) fn add_media(&self, m: &MediaAdded) -> rusqlite::Result<()> {
        let size = u32::try_from(m.bytes.len()).unwrap_or(u32::MAX);
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO media (id, owner_id, owner_kind, kind, name, format, width,
                 height, position, sha256, size, bytes, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(rusqlite::params![
                m.id.to_string(),
                m.owner.to_string(),
                m.owner_kind.code(),
                m.kind.code(),
                m.name.as_str(),
                m.format.code(),
                m.width,
                m.height,
                m.position,
                m.sha256.as_str(),
                size,
                m.bytes.bytes(),
                self.now().to_rfc3339(),
            ])?;
        Ok(())
    }

    /// Removes a photo or an attachment (already gone: nothing changes).
    pub(super) fn remove_media(&self, id: Uuid) -> rusqlite::Result<()> {
        self.tx
            .execute("DELETE FROM media WHERE id = ?1", [id.to_string()])?;
        Ok(())
    }

    /// Removes the photos and attachments of a product or unit being deleted.
    pub(super) fn remove_media_of(&self, owner: Uuid) -> rusqlite::Result<()> {
        self.tx
            .execute("DELETE FROM media WHERE owner_id = ?1", [owner.to_string()])?;
        Ok(())
    }
}
