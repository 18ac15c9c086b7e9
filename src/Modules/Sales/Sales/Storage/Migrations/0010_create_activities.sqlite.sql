-- Tasks and interactions (Activities): plain records written in a transaction with their history and audit entry.
-- No amounts here. A create carries an idempotency key: the unique indexes make a repeated create make nothing twice.

-- A task: one row per executor (one task for several managers is several rows sharing the key, one per executor).
-- status: 0 Set, 1 Accepted, 2 Done, 3 Checked, 4 Closed, 5 Returned. author_id is NULL when a deal's robot set it;
-- deal_stage is the stage whose robot made it (the "all the stage's tasks are done" trigger counts by it).
-- reminded_at: the reminder before due_at was sent (the reminder job marks it, so a task is reminded once).
-- handover_ticket_id: the service-desk ticket a hand-over made (a second hand-over returns it).
CREATE TABLE sales_tasks (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    author_id TEXT,
    executor_id TEXT NOT NULL,
    due_at TEXT NOT NULL,
    status INTEGER NOT NULL,
    deal_id TEXT,
    deal_stage TEXT,
    client_id TEXT,
    ticket_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    done_at TEXT,
    reminded_at TEXT,
    handover_ticket_id TEXT
);
CREATE UNIQUE INDEX ux_tasks_key ON sales_tasks (idempotency_key, executor_id);
CREATE INDEX ix_tasks_executor ON sales_tasks (executor_id, status, due_at);
CREATE INDEX ix_tasks_author ON sales_tasks (author_id, status);
CREATE INDEX ix_tasks_deal ON sales_tasks (deal_id, deal_stage, status);
CREATE INDEX ix_tasks_due ON sales_tasks (status, due_at);
CREATE INDEX ix_tasks_done ON sales_tasks (done_at);

-- Each change of a task (created, accepted, done, checked, returned, closed, reassigned), in order.
CREATE TABLE sales_task_history (
    task_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    from_status INTEGER,
    to_status INTEGER NOT NULL,
    executor_id TEXT NOT NULL,
    note TEXT,
    PRIMARY KEY (task_id, seq)
);

-- A call, meeting, e-mail or note with a client (kind 0 Call, 1 Meeting, 2 Email, 3 Note), planned (done_at NULL) or
-- done. next_id: the interaction planned when this one was finished.
CREATE TABLE sales_interactions (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    idempotency_key TEXT NOT NULL,
    kind INTEGER NOT NULL,
    client_id TEXT NOT NULL,
    contact_id TEXT,
    deal_id TEXT,
    ticket_id TEXT,
    owner_id TEXT NOT NULL,
    planned_at TEXT,
    done_at TEXT,
    notes TEXT,
    next_id TEXT,
    handover_ticket_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_interactions_key ON sales_interactions (idempotency_key);
CREATE INDEX ix_interactions_owner_planned ON sales_interactions (owner_id, planned_at);
CREATE INDEX ix_interactions_owner_done ON sales_interactions (owner_id, done_at);
CREATE INDEX ix_interactions_deal ON sales_interactions (deal_id, done_at);
CREATE INDEX ix_interactions_client ON sales_interactions (client_id, done_at);
