-- Guichet device database: the customer of a booking file (title, first and last names
-- apart, postal address) and the notification templates (T6).
-- Append-only: never edit a released migration; add the next file instead.

-- The customer's details beyond name, e-mail and phone, as JSON
-- {"title", "first_name", "last_name", "address"} (NULL: none given, the name is split
-- at its first space).
ALTER TABLE bookings ADD COLUMN guest_details TEXT;
ALTER TABLE holds ADD COLUMN guest_details TEXT;

-- One text per notification (its first line `Objet : …` is the subject); a notification
-- without a row uses its default text.
CREATE TABLE templates (
    name      TEXT PRIMARY KEY,
    text      TEXT NOT NULL,
    saved_at  TEXT NOT NULL
);
