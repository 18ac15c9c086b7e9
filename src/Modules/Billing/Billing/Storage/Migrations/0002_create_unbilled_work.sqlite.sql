-- Unbilled work: paid work nobody has invoiced yet (seed 000). source: 0 a billable ticket resolved, 1 hours logged in a
-- month beyond a contract's included hours. source_key makes each one item however often the sync runs (the ticket's
-- id, or contract id + month). An item stays until it is a line on an invoice (invoice_id) or written off with a reason.
CREATE TABLE billing_unbilled_items (
    id TEXT PRIMARY KEY,
    source INTEGER NOT NULL,
    source_key TEXT NOT NULL,
    client_id TEXT NOT NULL,
    contract_id TEXT,
    ticket_id TEXT,
    period TEXT,
    description TEXT NOT NULL,
    quantity REAL NOT NULL,
    unit TEXT NOT NULL,
    price INTEGER,
    found_at TEXT NOT NULL,
    invoice_id TEXT REFERENCES billing_documents (id),
    written_off_at TEXT,
    written_off_by TEXT,
    write_off_reason TEXT,
    CONSTRAINT ux_unbilled_items_source UNIQUE (source, source_key),
    CONSTRAINT ck_unbilled_items_settled_once CHECK (invoice_id IS NULL OR written_off_at IS NULL)
);
CREATE INDEX ix_unbilled_items_open ON billing_unbilled_items (client_id) WHERE invoice_id IS NULL AND written_off_at IS NULL;
