-- Guichet device database, version 5: the outbox holds typed operations
-- (core::sync::Op) in versioned envelopes, numbered per device; operations pulled
-- from the server are remembered by id so that each is applied once; what belongs
-- to this device alone (scanner calibration) leaves the provider's settings.
--
-- Rows of the first outbox keep v = 0 here: the application converts them to
-- operations right after this file runs (store/migrations.rs), in the same
-- transaction.

CREATE TABLE outbox_ops (
    device_id   TEXT NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    id          TEXT NOT NULL UNIQUE,
    v           INTEGER NOT NULL CHECK (v >= 0),
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    pushed_at   TEXT,
    PRIMARY KEY (device_id, seq)
) WITHOUT ROWID;

INSERT INTO outbox_ops (device_id, seq, id, v, kind, payload, created_at, pushed_at)
SELECT (SELECT id FROM device), seq, id, 0, kind, payload, created_at, pushed_at FROM outbox;

DROP TABLE outbox;

-- Operations received from the server and applied here, kept for good.
CREATE TABLE applied_ops (
    id          TEXT PRIMARY KEY,
    device_id   TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    applied_at  TEXT NOT NULL
);

-- Settings of this device only: never synced as the provider's.
CREATE TABLE device_settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
INSERT INTO device_settings (key, value)
SELECT key, value FROM settings WHERE key = 'scanner_calibration';
DELETE FROM settings WHERE key = 'scanner_calibration';
