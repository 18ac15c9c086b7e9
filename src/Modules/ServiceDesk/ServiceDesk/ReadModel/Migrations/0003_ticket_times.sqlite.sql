-- When the ticket last changed (its last history entry): the start-up sweep wakes recently changed tickets so that
-- undelivered work events in their outbox are re-sent. When its SLA warning starts and when it was resolved: the
-- wall's about-to-breach and resolved-today tiles.
ALTER TABLE servicedesk_tickets ADD COLUMN changed_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE servicedesk_tickets ADD COLUMN warning_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE servicedesk_tickets ADD COLUMN resolved_at INTEGER;
UPDATE servicedesk_tickets SET changed_at = created_at, warning_at = due_at;
CREATE INDEX ix_tickets_resolved ON servicedesk_tickets (resolved_at);
CREATE INDEX ix_tickets_changed ON servicedesk_tickets (changed_at);
