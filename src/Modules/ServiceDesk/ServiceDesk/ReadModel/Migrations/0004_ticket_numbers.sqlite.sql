-- Human-readable ticket numbers (T-000123): unique, given once from a counter row when a ticket opens, never reused.
-- Tickets opened before numbers existed are numbered here in the order they were opened; the counter goes on after them.
ALTER TABLE servicedesk_tickets ADD COLUMN number INTEGER;
UPDATE servicedesk_tickets SET number = (
    SELECT n.number FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) AS number FROM servicedesk_tickets) AS n
    WHERE n.id = servicedesk_tickets.id);
CREATE UNIQUE INDEX ux_tickets_number ON servicedesk_tickets (number);
CREATE TABLE servicedesk_ticket_numbers (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last INTEGER NOT NULL
);
INSERT INTO servicedesk_ticket_numbers (id, last) SELECT 1, COALESCE(MAX(number), 0) FROM servicedesk_tickets;

-- The subject in lower case, for the list's text search in any case (SQLite's lower() knows only ASCII: a ticket written
-- again by this version stores the full lower case).
ALTER TABLE servicedesk_tickets ADD COLUMN search_subject TEXT NOT NULL DEFAULT '';
UPDATE servicedesk_tickets SET search_subject = lower(subject);
