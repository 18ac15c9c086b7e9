-- A notice whose handlers keep failing stops being retried after Billing:Payments:PaidNoticeMaxAttempts attempts:
-- failed_at marks it, /billing warns the director and the head of sales, and their "retry" clears it again.
ALTER TABLE billing.paid_notices ADD COLUMN failed_at timestamptz;
DROP INDEX billing.ix_paid_notices_pending;
CREATE INDEX ix_paid_notices_pending ON billing.paid_notices (paid_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX ix_paid_notices_failed ON billing.paid_notices (invoice_id) WHERE delivered_at IS NULL AND failed_at IS NOT NULL;
