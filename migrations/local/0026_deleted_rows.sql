-- Guichet device database: what a deletion made here took away, kept until the sync
-- server has applied it. When the server refuses it (another device invoiced the
-- booking meanwhile, B1), the rows come back: nothing recorded here is lost.
-- Append-only: never edit a released migration; add the next file instead.

-- `row_json`: the row as a JSON object of its columns (`json_object`), put back by
-- column name, so a column added to its table later does not break it.
CREATE TABLE deleted_rows (
    op_id     TEXT NOT NULL,
    tbl       TEXT NOT NULL,
    row_json  TEXT NOT NULL
);
CREATE INDEX deleted_rows_by_op ON deleted_rows(op_id);
