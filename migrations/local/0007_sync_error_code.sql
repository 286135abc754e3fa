-- Guichet device database, version 7: the last sync failure keeps its kind
-- (`offline`: the server could not be reached; `rule`: it refused, e.g. a revoked
-- device), so that the status corner tells "Hors ligne" from "Synchronisation refusée".

ALTER TABLE sync_state ADD COLUMN last_error_code TEXT;
