-- When the ticket last changed (its last history entry): the start-up sweep wakes recently changed tickets so that
-- undelivered work events in their outbox are re-sent. When its SLA warning starts and when it was resolved: the
-- wall's about-to-breach and resolved-today tiles.
ALTER TABLE servicedesk.tickets ADD COLUMN changed_at bigint NOT NULL DEFAULT 0;
ALTER TABLE servicedesk.tickets ADD COLUMN warning_at bigint NOT NULL DEFAULT 0;
ALTER TABLE servicedesk.tickets ADD COLUMN resolved_at bigint;
UPDATE servicedesk.tickets SET changed_at = created_at, warning_at = due_at;
CREATE INDEX ix_tickets_resolved ON servicedesk.tickets (resolved_at);
CREATE INDEX ix_tickets_changed ON servicedesk.tickets (changed_at);
