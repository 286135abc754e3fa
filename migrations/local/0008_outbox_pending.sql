-- Guichet device database, version 8: the operations waiting to be pushed are found
-- by an index of their own (a backlog of 50,000 was scanned whole for each push of
-- 1,000 before).

CREATE INDEX outbox_pending ON outbox_ops (device_id, seq) WHERE pushed_at IS NULL;
