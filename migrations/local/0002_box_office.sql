-- Guichet device database, version 2: the box office (events, sessions, ticket
-- products, ticket bookings and their tickets) and every scan attempt.

ALTER TABLE device ADD COLUMN name TEXT NOT NULL DEFAULT 'poste principal';

CREATE TABLE organizers (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    rank  INTEGER NOT NULL UNIQUE
);

CREATE TABLE events (
    id    TEXT PRIMARY KEY,
    name  TEXT NOT NULL CHECK (length(trim(name)) > 0)
);

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    event_id   TEXT NOT NULL REFERENCES events(id),
    starts_at  TEXT NOT NULL,
    capacity   INTEGER NOT NULL CHECK (capacity >= 1)
);

CREATE TABLE ticket_products (
    id            TEXT PRIMARY KEY,
    event_id      TEXT NOT NULL REFERENCES events(id),
    name          TEXT NOT NULL,
    theme         TEXT NOT NULL,
    organizer_id  TEXT NOT NULL REFERENCES organizers(id),
    position      INTEGER NOT NULL,
    price         TEXT NOT NULL
);

CREATE TABLE ticket_bookings (
    id          TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions(id),
    product_id  TEXT NOT NULL REFERENCES ticket_products(id),
    quantity    INTEGER NOT NULL CHECK (quantity >= 1),
    holder      TEXT NOT NULL,
    total       TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('confirmed', 'cancelled')),
    replaces    TEXT REFERENCES ticket_bookings(id),
    created_at  TEXT NOT NULL
);
CREATE INDEX ticket_bookings_by_session ON ticket_bookings(session_id, status);

CREATE TABLE tickets (
    id          TEXT PRIMARY KEY,
    booking_id  TEXT NOT NULL REFERENCES ticket_bookings(id),
    session_id  TEXT NOT NULL REFERENCES sessions(id),
    number      INTEGER NOT NULL CHECK (number >= 1),
    code        TEXT NOT NULL UNIQUE,
    cancelled   INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1))
);
CREATE INDEX tickets_by_booking ON tickets(booking_id);

-- Every scan attempt, refusals included, written before its verdict is shown.
CREATE TABLE scans (
    id           TEXT PRIMARY KEY,
    session_id   TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    device_name  TEXT NOT NULL,
    at           TEXT NOT NULL,
    input        TEXT NOT NULL,
    source       TEXT NOT NULL,
    code         TEXT,
    ticket_id    TEXT,
    verdict      TEXT NOT NULL
);
CREATE INDEX scans_by_code ON scans(code, verdict);
CREATE INDEX scans_by_session ON scans(session_id, verdict);
