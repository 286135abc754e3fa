-- Guichet device database, version 14: sales at the till, their payments and refunds,
-- the till's openings with their float and closing cash count.
-- Append-only: never edit a released migration; add the next file instead.

-- A sale (channel « Guichet », A4); voided by a counter-entry, never deleted.
CREATE TABLE sales (
    id           TEXT PRIMARY KEY,
    number       INTEGER NOT NULL,
    device_id    TEXT,
    cashier      TEXT,
    at           TEXT NOT NULL,
    total        TEXT NOT NULL,
    change       TEXT NOT NULL,
    voided_at    TEXT,
    void_reason  TEXT
);
CREATE INDEX sales_by_at ON sales(at);
CREATE UNIQUE INDEX sales_by_device_number ON sales(device_id, number);

CREATE TABLE sale_lines (
    sale_id        TEXT NOT NULL,
    n              INTEGER NOT NULL,
    product_id     TEXT,
    voucher_id     TEXT,
    label          TEXT NOT NULL,
    quantity       INTEGER NOT NULL,
    unit_price     TEXT NOT NULL,
    vat_rate       INTEGER NOT NULL,
    activity_date  TEXT,
    PRIMARY KEY (sale_id, n)
);
CREATE INDEX sale_lines_by_product ON sale_lines(product_id);

-- Money in and out of a sale: its payments (positive), its refunds and the
-- counter-entries of a void (negative).
CREATE TABLE sale_payments (
    id            TEXT PRIMARY KEY,
    sale_id       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    method        TEXT NOT NULL,
    amount        TEXT NOT NULL,
    voucher_code  TEXT,
    at            TEXT NOT NULL,
    device_id     TEXT
);
CREATE INDEX sale_payments_by_sale ON sale_payments(sale_id);
CREATE INDEX sale_payments_by_at ON sale_payments(at);

-- A till's day: its float at opening and, at closing, the cash counted.
CREATE TABLE till_openings (
    id          TEXT PRIMARY KEY,
    device_id   TEXT,
    float       TEXT NOT NULL,
    opened_at   TEXT NOT NULL,
    counted     TEXT,
    expected    TEXT,
    counted_at  TEXT
);
