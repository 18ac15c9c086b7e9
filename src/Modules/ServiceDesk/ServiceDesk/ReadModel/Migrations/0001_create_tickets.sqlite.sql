-- The service desk's ticket list; the dispatcher rebuilds its view of open tickets from it.


CREATE TABLE servicedesk_tickets (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    queue TEXT NOT NULL,
    client_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    priority TEXT NOT NULL,
    weight INTEGER NOT NULL,
    status TEXT NOT NULL,
    required_skill TEXT NOT NULL,
    min_level INTEGER NOT NULL,
    assignee_id TEXT,
    created_at INTEGER NOT NULL,
    assigned_at INTEGER,
    due_at INTEGER NOT NULL,
    redirect_count INTEGER NOT NULL,
    decline_count INTEGER NOT NULL,
    billable INTEGER NOT NULL,
    unbilled_work INTEGER NOT NULL,
    over_capacity INTEGER NOT NULL
);
CREATE INDEX ix_tickets_queue_status ON servicedesk_tickets (queue, status);
CREATE INDEX ix_tickets_assignee ON servicedesk_tickets (assignee_id, status);
CREATE INDEX ix_tickets_client ON servicedesk_tickets (client_id, created_at);
CREATE INDEX ix_tickets_created ON servicedesk_tickets (created_at, id);
