-- Billing's unbilled work (issue 17) reads logged time per client and month, and each resolved billable ticket's minutes,
-- from here rather than from ticket state. A ticket stored before this migration gets its row's minutes and its time
-- entries with its next change (grain state is not readable from SQL).
ALTER TABLE servicedesk_tickets ADD COLUMN minutes_logged INTEGER NOT NULL DEFAULT 0;
CREATE TABLE servicedesk_time_entries (
    ticket_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    client_id TEXT NOT NULL,
    logged_at INTEGER NOT NULL,
    minutes INTEGER NOT NULL,
    billable INTEGER NOT NULL,
    PRIMARY KEY (ticket_id, sequence)
);
CREATE INDEX ix_time_entries_logged ON servicedesk_time_entries (logged_at);
CREATE INDEX ix_tickets_billable_resolved ON servicedesk_tickets (resolved_at) WHERE billable;
