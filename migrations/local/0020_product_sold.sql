-- Guichet device database, version 20: a product sold at the till is marked sold, once,
-- at its first sale (A13: it can no longer be deleted, only deactivated); the products
-- already sold are marked from their sale lines.
-- Append-only: never edit a released migration; add the next file instead.

ALTER TABLE products ADD COLUMN sold INTEGER NOT NULL DEFAULT 0;
UPDATE products SET sold = 1 WHERE id IN (SELECT product_id FROM sale_lines WHERE product_id IS NOT NULL);
