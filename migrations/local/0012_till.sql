-- Guichet device database, version 12: the till's products and gift vouchers.
-- Append-only: never edit a released migration; add the next file instead.

-- A product sold at the till or paid by a voucher: an activity, an item (A12–A16).
CREATE TABLE products (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    price       TEXT NOT NULL,
    vat_rate    INTEGER NOT NULL,
    channels    TEXT NOT NULL,
    position    INTEGER NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL
);

-- A gift voucher as sold. No foreign key to the events: a redemption of a voucher sold
-- on another till may arrive (or be made here) before its sale.
CREATE TABLE vouchers (
    id           TEXT PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    amount       TEXT NOT NULL,
    valid_until  TEXT NOT NULL,
    method       TEXT NOT NULL,
    sold_at      TEXT NOT NULL,
    device_id    TEXT
);

CREATE TABLE voucher_products (
    voucher_id  TEXT NOT NULL,
    product_id  TEXT NOT NULL,
    PRIMARY KEY (voucher_id, product_id)
);
CREATE INDEX voucher_products_by_product ON voucher_products(product_id);

-- A voucher's ledger: sold, redeemed, deactivated, extended. Its state is folded from
-- these rows (core::voucher), keyed by code.
CREATE TABLE voucher_events (
    id           TEXT PRIMARY KEY,
    code         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    amount       TEXT,
    forfeited    TEXT,
    valid_until  TEXT,
    reason       TEXT,
    unconfirmed  INTEGER NOT NULL DEFAULT 0,
    at           TEXT NOT NULL,
    device_id    TEXT,
    device_name  TEXT
);
CREATE INDEX voucher_events_by_code ON voucher_events(code, at);
