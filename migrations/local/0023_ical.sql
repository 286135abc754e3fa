-- Guichet device database, version 23: iCal calendars (rule B4). Append-only: never
-- edit a released migration.

-- An external calendar of a unit (a channel's iCal feed: an https:// address, or a
-- file). Its address and its nights sync (`calendar_imported`); its last attempt,
-- success and error are this device's own.
CREATE TABLE ical_sources (
    id            TEXT PRIMARY KEY,
    unit_id       TEXT NOT NULL,
    location      TEXT NOT NULL,
    events        INTEGER,
    last_attempt  TEXT,
    last_success  TEXT,
    last_error    TEXT
);
-- Not unique: two devices may add the same address before they sync; both then
-- block the same nights, and an import updates the first.
CREATE INDEX ical_sources_by_unit ON ical_sources(unit_id, location);

-- The nights a source blocks now: replaced whole by each import.
CREATE TABLE ical_blocks (
    source_id  TEXT NOT NULL,
    unit_id    TEXT NOT NULL,
    night      TEXT NOT NULL,
    PRIMARY KEY (source_id, night)
) WITHOUT ROWID;
CREATE INDEX ical_blocks_by_unit ON ical_blocks(unit_id, night);
