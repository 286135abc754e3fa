-- Guichet device database, version 1: the planning (units, tariffs, holds, bookings),
-- provider settings, and the outbox that sync ships to the server.
-- Append-only: never edit a released migration; add the next file instead.

CREATE TABLE device (
    id          TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL
);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

CREATE TABLE units (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL CHECK (length(trim(name)) > 0),
    capacity  INTEGER NOT NULL CHECK (capacity >= 1),
    position  INTEGER NOT NULL
);

CREATE TABLE tariffs (
    unit_id  TEXT NOT NULL REFERENCES units(id),
    start    TEXT NOT NULL,
    nights   INTEGER NOT NULL CHECK (nights >= 1),
    price    TEXT NOT NULL,
    PRIMARY KEY (unit_id, start, nights)
);

CREATE TABLE holds (
    id           TEXT PRIMARY KEY,
    unit_id      TEXT NOT NULL REFERENCES units(id),
    start        TEXT NOT NULL,
    nights       INTEGER NOT NULL CHECK (nights >= 1),
    guest_name   TEXT NOT NULL,
    guest_email  TEXT,
    guest_phone  TEXT,
    total        TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('active', 'released', 'booked')),
    created_at   TEXT NOT NULL
);
CREATE INDEX holds_by_unit ON holds(unit_id, state);

CREATE TABLE bookings (
    id           TEXT PRIMARY KEY,
    unit_id      TEXT NOT NULL REFERENCES units(id),
    start        TEXT NOT NULL,
    nights       INTEGER NOT NULL CHECK (nights >= 1),
    guest_name   TEXT NOT NULL,
    guest_email  TEXT,
    guest_phone  TEXT,
    total        TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
    hold_id      TEXT REFERENCES holds(id),
    created_at   TEXT NOT NULL
);
CREATE INDEX bookings_by_unit ON bookings(unit_id, status);

-- One row per local write, in the same transaction as the write (architecture.md, 7).
-- seq is gap-free per device: rows are never deleted, only marked pushed.
CREATE TABLE outbox (
    seq         INTEGER PRIMARY KEY CHECK (seq >= 1),
    id          TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    pushed_at   TEXT
);
