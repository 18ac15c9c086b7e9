-- The outbox of InvoicePaid: a row written in the transaction that made the invoice Paid (one per invoice, ever), then
-- published after the commit and marked delivered; a row left undelivered (the publish failed, the host died) is published
-- again by the job billing.paid-notices until a publish succeeds. Receivers tolerate a repeat.
CREATE TABLE billing_paid_notices (
    invoice_id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    total INTEGER NOT NULL,
    paid_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    delivered_at TEXT,
    last_error TEXT
);
CREATE INDEX ix_paid_notices_pending ON billing_paid_notices (paid_at) WHERE delivered_at IS NULL;
