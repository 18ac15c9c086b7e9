-- Which invoice line bills an unbilled item. The item is the primary key: an item is invoiced at most once, whichever
-- path or host tries (the items' invoice_id says the same for lists; this table is what the database enforces).
-- line_no counts from 0 in the invoice's lines; null for items invoiced with lines written apart from them.
CREATE TABLE billing_unbilled_invoice_lines (
    item_id TEXT PRIMARY KEY REFERENCES billing_unbilled_items (id),
    invoice_id TEXT NOT NULL REFERENCES billing_documents (id),
    line_no INTEGER,
    CONSTRAINT ux_unbilled_invoice_lines_line UNIQUE (invoice_id, line_no)
);
INSERT INTO billing_unbilled_invoice_lines (item_id, invoice_id, line_no)
SELECT id, invoice_id, NULL FROM billing_unbilled_items WHERE invoice_id IS NOT NULL;
