-- Guichet device database, mail (issue 10, rule T6): the SMTP server this device sends
-- through, and the queue of e-mails waiting for it. Both are this device's own: they
-- are not synced. The SMTP password is never here: it lives in the system keychain
-- (`has_password` only says one was given).
-- Append-only: never edit a released migration; add the next file instead.

CREATE TABLE mail_settings (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    host          TEXT NOT NULL,
    port          INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    security      TEXT NOT NULL CHECK (security IN ('starttls', 'tls', 'plain')),
    username      TEXT,
    from_address  TEXT NOT NULL,
    from_name     TEXT,
    has_password  INTEGER NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL
);

-- One row per e-mail. state: waiting (never tried, or put back), sending (claimed by the
-- process named in sending_by since sending_since), sent (sent_at), failed (error, in
-- French; next_try_at when it is tried again by itself, NULL when it waits for a person).
-- message_id is chosen when it is queued: a message sent again after a crash carries
-- the same Message-ID, so a duplicate can be recognised.
CREATE TABLE mail_queue (
    id            TEXT PRIMARY KEY,
    message_id    TEXT NOT NULL UNIQUE,
    to_address    TEXT NOT NULL,
    subject       TEXT NOT NULL,
    body          TEXT NOT NULL,
    booking_id    TEXT,
    state         TEXT NOT NULL CHECK (state IN ('waiting', 'sending', 'sent', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    error         TEXT,
    error_kind    TEXT,
    next_try_at   TEXT,
    sending_by    TEXT,
    sending_since TEXT,
    created_at    TEXT NOT NULL,
    sent_at       TEXT
);
CREATE INDEX mail_queue_by_state ON mail_queue (state, next_try_at);

CREATE TABLE mail_attachments (
    mail_id   TEXT NOT NULL REFERENCES mail_queue(id),
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    mime      TEXT NOT NULL,
    bytes     BLOB NOT NULL,
    PRIMARY KEY (mail_id, position)
) WITHOUT ROWID;
