-- Guichet device database, version 6: sync with the server. Each outbox operation
-- remembers how far this device had pulled when it was made (for edit clashes) and,
-- once pushed, its server number; the pull cursor and the last sync live in
-- sync_state; conflicts the server found land in the conflicts inbox; a booking the
-- server rejected is kept, marked by the conflict that rejected it.

ALTER TABLE outbox_ops ADD COLUMN base_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox_ops ADD COLUMN server_seq INTEGER;

CREATE TABLE sync_state (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    cursor           INTEGER NOT NULL DEFAULT 0,
    head             INTEGER NOT NULL DEFAULT 0,
    last_success_at  TEXT,
    last_attempt_at  TEXT,
    last_error       TEXT
);
INSERT INTO sync_state (id) VALUES (1);

-- One row per operation the server judged a conflict (its id is the operation's).
CREATE TABLE conflicts (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    fact         TEXT NOT NULL,
    op_kind      TEXT NOT NULL,
    envelope     TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    at           TEXT NOT NULL,
    server_seq   INTEGER,
    rejected     INTEGER NOT NULL CHECK (rejected IN (0, 1)),
    recorded_at  TEXT NOT NULL,
    settled_at   TEXT,
    settled_how  TEXT
);
CREATE INDEX conflicts_open ON conflicts(settled_at);

ALTER TABLE bookings ADD COLUMN rejected_by TEXT;
