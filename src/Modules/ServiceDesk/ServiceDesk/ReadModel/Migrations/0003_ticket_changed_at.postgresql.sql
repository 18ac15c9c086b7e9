-- When the ticket last changed (its last history entry): the start-up sweep wakes recently changed tickets so that
-- undelivered work events in their outbox are re-sent, and lists can show what changed today.
ALTER TABLE servicedesk.tickets ADD COLUMN changed_at bigint NOT NULL DEFAULT 0;
UPDATE servicedesk.tickets SET changed_at = created_at;
CREATE INDEX ix_tickets_changed ON servicedesk.tickets (changed_at);
