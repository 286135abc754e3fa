-- Guichet device database, version 19: the box office's tickets sold at the till, each
-- line of tickets tied to the booking made with the sale.
-- Append-only: never edit a released migration; add the next file instead.

CREATE TABLE sale_tickets (
    sale_id     TEXT NOT NULL,
    line        INTEGER NOT NULL,
    booking_id  TEXT NOT NULL,
    PRIMARY KEY (sale_id, line)
);
CREATE INDEX sale_tickets_by_booking ON sale_tickets(booking_id);
