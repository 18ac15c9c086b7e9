-- Ticket alerts (overdue, about to breach, never taken) for the wall's feed; ids are stable so a repeat is one row.
CREATE TABLE servicedesk.alerts (
    id uuid PRIMARY KEY,
    kind varchar(20) NOT NULL,
    ticket_id uuid NOT NULL,
    specialist_id uuid,
    text varchar(500) NOT NULL,
    at bigint NOT NULL
);
CREATE INDEX ix_alerts_at ON servicedesk.alerts (at);
