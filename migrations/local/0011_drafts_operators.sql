-- Guichet device database, version 11 (numbers 9 and 10 are other changes of the
-- same release): what belongs to this device and its people only — never synced,
-- never in a backup.
--
-- Drafts: what was typed in a form and not yet saved, so that a crash or a switch of
-- screens loses nothing. One row per form (its key), the field values as JSON.
CREATE TABLE drafts (
    key         TEXT PRIMARY KEY,
    json        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- Operators: the people who use this device, each with a role and a PIN kept as a
-- salted Argon2id hash (never the PIN itself).
CREATE TABLE operators (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role        TEXT NOT NULL CHECK (role IN ('manager', 'cashier', 'gate')),
    pin_hash    TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- Who made each operation of this device (the operator's name; NULL before operators
-- existed, or on a device without any), and of those pulled from the server.
ALTER TABLE outbox_ops ADD COLUMN made_by TEXT;
ALTER TABLE applied_ops ADD COLUMN made_by TEXT;
