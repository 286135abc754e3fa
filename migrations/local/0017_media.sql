-- Guichet device database, version 17: photos of products and units, PDF attachments of
-- products (A14, A15, P10). Append-only: never edit a released migration.

-- A photo or an attachment, its bytes whole (they arrive whole in their operation,
-- `media_added`, checked against their SHA-256). No foreign key to the owner: a photo
-- added on another device may arrive before its product.
CREATE TABLE media (
    id          TEXT PRIMARY KEY,
    owner_id    TEXT NOT NULL,
    owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('product', 'unit')),
    kind        TEXT NOT NULL CHECK (kind IN ('photo', 'attachment')),
    name        TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('jpeg', 'png', 'pdf')),
    width       INTEGER,
    height      INTEGER,
    position    INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    bytes       BLOB NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX media_by_owner ON media(owner_id, kind, position);
