-- Guichet device database: the customers' file — the provider's customers, imported
-- from the old tool or written by hand, with the details of a booking's customer.
-- Append-only: never edit a released migration; add the next file instead.

-- `details`: JSON {"title", "first_name", "last_name", "address"} as in
-- bookings.guest_details. A customer anonymised (GDPR) keeps its row, blanked, with
-- `forgotten_at` set, so that an older save arriving later never brings them back.
CREATE TABLE customers (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    email         TEXT,
    phone         TEXT,
    details       TEXT,
    saved_at      TEXT NOT NULL,
    forgotten_at  TEXT
);
CREATE INDEX customers_by_email ON customers(email);
