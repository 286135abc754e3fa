-- Guichet device database, version 21: invoices and credit notes (B1, B3).
-- Append-only: never edit a released migration; add the next file instead.

-- Every invoice and credit note known here (issued on this device or pulled from
-- another), stored as issued: its data (snapshot, JSON), its PDF bytes and their
-- SHA-256. Numbers are unique and gapless per series and year. No foreign key to the
-- booking: an invoice pulled from the server may arrive before its booking.
CREATE TABLE invoices (
    id            TEXT PRIMARY KEY,
    booking_id    TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    number        TEXT NOT NULL UNIQUE,
    series        TEXT NOT NULL,
    year          INTEGER NOT NULL,
    seq           INTEGER NOT NULL CHECK (seq >= 1),
    issued_on     TEXT NOT NULL,
    total         TEXT NOT NULL,
    cites_id      TEXT,
    cites_number  TEXT,
    snapshot      TEXT NOT NULL,
    pdf           BLOB NOT NULL,
    sha256        TEXT NOT NULL,
    device_id     TEXT,
    UNIQUE (series, year, seq)
);
CREATE INDEX invoices_by_booking ON invoices(booking_id);

-- A booking invoiced offline that the server rejected (it lost an overlap) is
-- cancelled by a credit note: the conflict names it.
ALTER TABLE conflicts ADD COLUMN credit_note TEXT;
