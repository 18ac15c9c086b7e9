-- Human-readable ticket numbers (T-000123): unique, given once from a sequence when a ticket opens, never reused.
-- Tickets opened before numbers existed are numbered here in the order they were opened; the sequence goes on after them.
ALTER TABLE servicedesk.tickets ADD COLUMN number bigint;
UPDATE servicedesk.tickets AS t SET number = n.number
FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) AS number FROM servicedesk.tickets) AS n
WHERE t.id = n.id;
CREATE UNIQUE INDEX ux_tickets_number ON servicedesk.tickets (number);
CREATE SEQUENCE servicedesk.ticket_numbers AS bigint START WITH 1;
SELECT setval('servicedesk.ticket_numbers', COALESCE((SELECT MAX(number) FROM servicedesk.tickets), 0) + 1, false);

-- The subject in lower case, for the list's text search in any case (SQLite's lower() knows only ASCII: a ticket written
-- again by this version stores the full lower case).
ALTER TABLE servicedesk.tickets ADD COLUMN search_subject varchar(300) NOT NULL DEFAULT '';
UPDATE servicedesk.tickets SET search_subject = lower(subject);
