-- The service desk's ticket list; the dispatcher rebuilds its view of open tickets from it.
CREATE SCHEMA IF NOT EXISTS servicedesk;

CREATE TABLE servicedesk.tickets (
    id uuid PRIMARY KEY,
    version integer NOT NULL,
    queue varchar(50) NOT NULL,
    client_id uuid NOT NULL,
    subject varchar(300) NOT NULL,
    priority varchar(16) NOT NULL,
    weight integer NOT NULL,
    status varchar(16) NOT NULL,
    required_skill varchar(50) NOT NULL,
    min_level integer NOT NULL,
    assignee_id uuid,
    created_at bigint NOT NULL,
    assigned_at bigint,
    due_at bigint NOT NULL,
    redirect_count integer NOT NULL,
    decline_count integer NOT NULL,
    billable boolean NOT NULL,
    unbilled_work boolean NOT NULL,
    over_capacity boolean NOT NULL
);
CREATE INDEX ix_tickets_queue_status ON servicedesk.tickets (queue, status);
CREATE INDEX ix_tickets_assignee ON servicedesk.tickets (assignee_id, status);
CREATE INDEX ix_tickets_client ON servicedesk.tickets (client_id, created_at);
CREATE INDEX ix_tickets_created ON servicedesk.tickets (created_at, id);
