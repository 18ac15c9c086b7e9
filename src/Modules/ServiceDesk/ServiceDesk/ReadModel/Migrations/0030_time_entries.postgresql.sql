-- Billing's unbilled work (issue 17) reads logged time per client and month, and each resolved billable ticket's minutes,
-- from here rather than from ticket state. A ticket stored before this migration gets its row's minutes and its time
-- entries with its next change (grain state is not readable from SQL).
ALTER TABLE servicedesk.tickets ADD COLUMN minutes_logged integer NOT NULL DEFAULT 0;
CREATE TABLE servicedesk.time_entries (
    ticket_id uuid NOT NULL,
    sequence integer NOT NULL,
    client_id uuid NOT NULL,
    logged_at bigint NOT NULL,
    minutes integer NOT NULL,
    billable boolean NOT NULL,
    PRIMARY KEY (ticket_id, sequence)
);
CREATE INDEX ix_time_entries_logged ON servicedesk.time_entries (logged_at);
CREATE INDEX ix_tickets_billable_resolved ON servicedesk.tickets (resolved_at) WHERE billable;
