-- Guichet device database: the till journal (rule A17). One journal per device,
-- append-only, each entry hash-chained to the one before (core/src/journal.rs
-- documents the canonical bytes). `at` is written `2026-07-01T10:00:00.000000Z`, so
-- that text order is time order; `pinned` marks entries written under GUICHET_NOW.
-- The application never updates or deletes a row: the triggers say so to anyone who
-- tries by mistake, and `guichet journal verify` finds whoever goes around them.

CREATE TABLE journal (
    seq        INTEGER PRIMARY KEY CHECK (seq >= 1),
    at         TEXT NOT NULL,
    pinned     INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    reference  TEXT NOT NULL,
    cites      TEXT,
    amounts    TEXT NOT NULL,
    body       TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX journal_at ON journal (at);
CREATE INDEX journal_kind ON journal (kind);
CREATE INDEX journal_reference ON journal (reference);

CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal
BEGIN
    SELECT RAISE(ABORT, 'le journal de caisse ne se modifie pas : corrigez par une contre-écriture');
END;

CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, 'le journal de caisse ne se supprime pas');
END;
