-- Guichet device database, version 16: booking forms (T7) — the questions a product
-- asks when it is sold, and the answers given on each sale line.
-- Append-only: never edit a released migration; add the next file instead.

CREATE TABLE product_questions (
    product_id  TEXT NOT NULL,
    n           INTEGER NOT NULL,
    text        TEXT NOT NULL,
    required    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, n)
);

-- Kept with the question as it was asked: editing a form later changes no sale.
CREATE TABLE sale_line_answers (
    sale_id   TEXT NOT NULL,
    line      INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    question  TEXT NOT NULL,
    answer    TEXT NOT NULL,
    PRIMARY KEY (sale_id, line, n)
);
