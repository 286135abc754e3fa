-- Guichet device database, version 10: the festival is set up in the window, so its
-- records can be deactivated (kept with their history, no longer offered for sale).
-- Edits themselves are operations (organizer_edited, event_edited, session_edited,
-- ticket_product_edited) applied to the existing columns.

ALTER TABLE organizers ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
ALTER TABLE events ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
ALTER TABLE sessions ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
ALTER TABLE ticket_products ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
