-- Guichet device database, version 3: each session keeps its admission count, updated
-- in the scan's own transaction, so the gate's counter costs nothing per scan.

ALTER TABLE sessions ADD COLUMN admitted INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET admitted = (
    SELECT COUNT(*) FROM scans
    WHERE scans.session_id = sessions.id AND scans.verdict IN ('admitted', 'unknown_genuine')
);

-- The counter replaces counting by session; the gate's recent scans walk the table
-- backwards by rowid. One index fewer to write on every scan.
DROP INDEX scans_by_session;
