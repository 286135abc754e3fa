-- Guichet device database: the online payment service's transactions, for payout
-- reconciliation (rule O3), and which bank gateways are configured (rule O6).
-- Append-only: never edit a released migration; add the next file instead.
-- Both tables are this device's own (imported or set here), never synced.

-- An online payment, from the payment service's transaction export
-- (`guichet payouts import`): its reference, the day it was paid, its amount.
CREATE TABLE online_transactions (
    reference    TEXT PRIMARY KEY,
    paid_on      TEXT NOT NULL,
    amount       TEXT NOT NULL,
    imported_at  TEXT NOT NULL
);
CREATE INDEX online_transactions_by_day ON online_transactions(paid_on);

-- A bank gateway set up on this device: its NON-secret fields only (a login, a
-- shop number), as a JSON object. Its secrets (passwords, keys) are in the operating
-- system's keychain, never here: `secret_fields` only names those stored there.
CREATE TABLE payment_gateways (
    name           TEXT PRIMARY KEY,
    fields         TEXT NOT NULL,
    secret_fields  TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
