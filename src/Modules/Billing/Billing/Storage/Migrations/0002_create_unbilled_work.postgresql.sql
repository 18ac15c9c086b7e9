-- Unbilled work: paid work nobody has invoiced yet (seed 000). source: 0 a billable ticket resolved, 1 hours logged in a
-- month beyond a contract's included hours. source_key makes each one item however often the sync runs (the ticket's
-- id, or contract id + month). An item stays until it is a line on an invoice (invoice_id) or written off with a reason.
CREATE TABLE billing.unbilled_items (
    id uuid PRIMARY KEY,
    source smallint NOT NULL,
    source_key varchar(100) NOT NULL,
    client_id uuid NOT NULL,
    contract_id uuid,
    ticket_id uuid,
    period date,
    description varchar(500) NOT NULL,
    quantity numeric(12,2) NOT NULL,
    unit varchar(20) NOT NULL,
    price bigint,
    found_at timestamptz NOT NULL,
    invoice_id uuid REFERENCES billing.documents (id),
    written_off_at timestamptz,
    written_off_by varchar(200),
    write_off_reason varchar(500),
    CONSTRAINT ux_unbilled_items_source UNIQUE (source, source_key),
    CONSTRAINT ck_unbilled_items_settled_once CHECK (invoice_id IS NULL OR written_off_at IS NULL)
);
CREATE INDEX ix_unbilled_items_open ON billing.unbilled_items (client_id) WHERE invoice_id IS NULL AND written_off_at IS NULL;
