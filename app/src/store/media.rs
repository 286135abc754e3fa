//! Photos and attachments as rows: the bytes whole, checked against their SHA-256 when
//! their operation was decoded.

use guichet_core::sync::op::{MediaAdded, MediaReordered};
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

    /// Puts an owner's photos (or attachments) in the order given; one not listed
    /// (added meanwhile elsewhere) comes after them.
    pub(super) fn reorder_media(&self, r: &MediaReordered) -> rusqlite::Result<()> {
        let (owner, kind) = (r.owner.to_string(), r.kind.code());
        let listed = u32::try_from(r.order.len()).unwrap_or(u32::MAX);
        let mut unlisted = self.tx.prepare_cached(
            "SELECT id FROM media WHERE owner_id = ?1 AND kind = ?2 ORDER BY position, id",
        )?;
        let others: Vec<String> = unlisted
            .query_map((&owner, kind), |row| row.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?
            .into_iter()
            .filter(|id| !r.order.iter().any(|o| o.to_string() == *id))
            .collect();
        let mut update = self.tx.prepare_cached(
            "UPDATE media SET position = ?1 WHERE id = ?2 AND owner_id = ?3 AND kind = ?4",
        )?;
        for (position, id) in (0u32..).zip(&r.order) {
            update.execute((position, id.to_string(), &owner, kind))?;
        }
        for (position, id) in (listed..).zip(&others) {
            update.execute((position, id, &owner, kind))?;
        }
        Ok(())
    }

    /// Removes the photos and attachments of a product or unit being deleted.
    pub(super) fn remove_media_of(&self, owner: Uuid) -> rusqlite::Result<()> {
        self.tx
            .execute("DELETE FROM media WHERE owner_id = ?1", [owner.to_string()])?;
        Ok(())
    }
}
