-- Guichet device database, version 19: the box office's tickets sold at the till, each
-- line of tickets tied to the booking made with the sale (stored in the B-tree of its
-- key, as the sale's other rows since version 18).
-- Append-only: never edit a released migration; add the next file instead.

CREATE TABLE sale_tickets (
    sale_id     TEXT NOT NULL,
    line        INTEGER NOT NULL,
    booking_id  TEXT NOT NULL,
    PRIMARY KEY (sale_id, line)
) WITHOUT ROWID;
