-- The outbox of InvoicePaid: a row written in the transaction that made the invoice Paid (one per invoice, ever), then
-- published after the commit and marked delivered; a row left undelivered (the publish failed, the host died) is published
-- again by the job billing.paid-notices until a publish succeeds. Receivers tolerate a repeat.
CREATE TABLE billing.paid_notices (
    invoice_id uuid PRIMARY KEY,
    client_id uuid NOT NULL,
    total bigint NOT NULL,
    paid_at timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    delivered_at timestamptz,
    last_error varchar(1000)
);
CREATE INDEX ix_paid_notices_pending ON billing.paid_notices (paid_at) WHERE delivered_at IS NULL;
