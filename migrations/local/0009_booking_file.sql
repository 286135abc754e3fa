-- Guichet device database, version 9: the booking file (party, payments, history),
-- units that can be deactivated.
-- Append-only: never edit a released migration; add the next file instead.

ALTER TABLE bookings ADD COLUMN adults INTEGER;
ALTER TABLE bookings ADD COLUMN children INTEGER;
ALTER TABLE units ADD COLUMN active INTEGER NOT NULL DEFAULT 1;

-- A payment against a booking: a deposit, the balance, or (negative) a refund. No
-- foreign key: a payment pulled from the server may arrive before its booking (one the
-- server refused, then placed again by a move).
CREATE TABLE payments (
    id           TEXT PRIMARY KEY,
    booking_id   TEXT NOT NULL,
    amount       TEXT NOT NULL,
    method       TEXT NOT NULL,
    paid_on      TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    device_id    TEXT
);
CREATE INDEX payments_by_booking ON payments(booking_id);

-- What happened to a booking, one row per operation: made, edited, moved, paid,
-- cancelled. A move keeps where the booking was, so that a move the server refuses
-- puts it back there.
CREATE TABLE booking_history (
    op_id       TEXT NOT NULL,
    booking_id  TEXT NOT NULL,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    detail      TEXT NOT NULL,
    device_id   TEXT,
    PRIMARY KEY (op_id, booking_id)
);
CREATE INDEX booking_history_by_booking ON booking_history(booking_id, at);
