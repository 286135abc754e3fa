-- Guichet device database, version 18: a sale writes fewer B-tree pages. Every B-tree
-- a sale's rows enter is one more page in the write-ahead log at the sale's commit
-- (and at each checkpoint). The sale, its lines and its payments are now stored in
-- the B-tree of their key (WITHOUT ROWID) rather than in a table plus an index of
-- that key; only cash payments are indexed by device and time (the cash a drawer
-- should hold); the index of lines by product, which no query read, goes (a cart of
-- five products put its lines in five of its pages); the journal's index of kinds
-- keeps only the closings, the one kind looked up by it.
-- Append-only: never edit a released migration; add the next file instead.

CREATE TABLE sales_v18 (
    id           TEXT PRIMARY KEY,
    number       INTEGER NOT NULL,
    device_id    TEXT,
    cashier      TEXT,
    at           TEXT NOT NULL,
    total        TEXT NOT NULL,
    change       TEXT NOT NULL,
    voided_at    TEXT,
    void_reason  TEXT
) WITHOUT ROWID;
INSERT INTO sales_v18 (id, number, device_id, cashier, at, total, change, voided_at, void_reason)
SELECT id, number, device_id, cashier, at, total, change, voided_at, void_reason FROM sales;
DROP TABLE sales;
ALTER TABLE sales_v18 RENAME TO sales;
CREATE INDEX sales_by_at ON sales(at);
CREATE UNIQUE INDEX sales_by_device_number ON sales(device_id, number);

CREATE TABLE sale_lines_v18 (
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
) WITHOUT ROWID;
INSERT INTO sale_lines_v18 (sale_id, n, product_id, voucher_id, label, quantity, unit_price,
    vat_rate, activity_date)
SELECT sale_id, n, product_id, voucher_id, label, quantity, unit_price, vat_rate, activity_date
FROM sale_lines;
DROP TABLE sale_lines;
ALTER TABLE sale_lines_v18 RENAME TO sale_lines;

-- A sale's money in and out, numbered in the order it was written (`n`, from 1).
CREATE TABLE sale_payments_v18 (
    sale_id       TEXT NOT NULL,
    n             INTEGER NOT NULL,
    id            TEXT NOT NULL,
    kind          TEXT NOT NULL,
    method        TEXT NOT NULL,
    amount        TEXT NOT NULL,
    voucher_code  TEXT,
    at            TEXT NOT NULL,
    device_id     TEXT,
    PRIMARY KEY (sale_id, n)
) WITHOUT ROWID;
INSERT INTO sale_payments_v18 (sale_id, n, id, kind, method, amount, voucher_code, at, device_id)
SELECT sale_id, row_number() OVER (PARTITION BY sale_id ORDER BY rowid), id, kind, method,
    amount, voucher_code, at, device_id
FROM sale_payments;
DROP TABLE sale_payments;
ALTER TABLE sale_payments_v18 RENAME TO sale_payments;
-- The cash a drawer should hold (by device, since its opening): cash only.
CREATE INDEX sale_payments_cash ON sale_payments(device_id, at) WHERE method = 'cash';

DROP INDEX journal_kind;
CREATE INDEX journal_closings ON journal(kind)
    WHERE kind IN ('closing_day', 'closing_month', 'closing_year');
