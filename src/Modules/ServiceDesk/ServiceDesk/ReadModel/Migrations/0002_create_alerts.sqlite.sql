-- Ticket alerts (overdue, about to breach, never taken) for the wall's feed; ids are stable so a repeat is one row.
CREATE TABLE servicedesk_alerts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    ticket_id TEXT NOT NULL,
    specialist_id TEXT,
    text TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX ix_alerts_at ON servicedesk_alerts (at);
