-- Guichet device database, version 4: a ticket is either valid for its session
-- ('ticket') or for every session of its event, once each ('pass').

ALTER TABLE tickets ADD COLUMN kind TEXT NOT NULL DEFAULT 'ticket' CHECK (kind IN ('ticket', 'pass'));
