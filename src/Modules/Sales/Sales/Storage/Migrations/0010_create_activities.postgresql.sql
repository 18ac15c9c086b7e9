-- Tasks and interactions (Activities): plain records written in a transaction with their history and audit entry.
-- No amounts here. A create carries an idempotency key: the unique indexes make a repeated create make nothing twice.

-- A task: one row per executor (one task for several managers is several rows sharing the key, one per executor).
-- status: 0 Set, 1 Accepted, 2 Done, 3 Checked, 4 Closed, 5 Returned. author_id is NULL when a deal's robot set it;
-- deal_stage is the stage whose robot made it (the "all the stage's tasks are done" trigger counts by it).
-- reminded_at: the reminder before due_at was sent (the reminder job marks it, so a task is reminded once).
-- handover_ticket_id: the service-desk ticket a hand-over made (a second hand-over returns it).
CREATE TABLE sales.tasks (
    id uuid PRIMARY KEY,
    version integer NOT NULL,
    idempotency_key varchar(200) NOT NULL,
    title varchar(300) NOT NULL,
    description text,
    author_id uuid,
    executor_id uuid NOT NULL,
    due_at timestamptz NOT NULL,
    status smallint NOT NULL,
    deal_id uuid,
    deal_stage varchar(64),
    client_id uuid,
    ticket_id uuid,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    done_at timestamptz,
    reminded_at timestamptz,
    handover_ticket_id uuid
);
CREATE UNIQUE INDEX ux_tasks_key ON sales.tasks (idempotency_key, executor_id);
CREATE INDEX ix_tasks_executor ON sales.tasks (executor_id, status, due_at);
CREATE INDEX ix_tasks_author ON sales.tasks (author_id, status);
CREATE INDEX ix_tasks_deal ON sales.tasks (deal_id, deal_stage, status);
CREATE INDEX ix_tasks_due ON sales.tasks (status, due_at);
CREATE INDEX ix_tasks_done ON sales.tasks (done_at);

-- Each change of a task (created, accepted, done, checked, returned, closed, reassigned), in order.
CREATE TABLE sales.task_history (
    task_id uuid NOT NULL,
    seq integer NOT NULL,
    at timestamptz NOT NULL,
    action varchar(20) NOT NULL,
    actor_id varchar(200),
    actor_name varchar(200) NOT NULL,
    from_status smallint,
    to_status smallint NOT NULL,
    executor_id uuid NOT NULL,
    note text,
    PRIMARY KEY (task_id, seq)
);

-- A call, meeting, e-mail or note with a client (kind 0 Call, 1 Meeting, 2 Email, 3 Note), planned (done_at NULL) or
-- done. next_id: the interaction planned when this one was finished.
CREATE TABLE sales.interactions (
    id uuid PRIMARY KEY,
    version integer NOT NULL,
    idempotency_key varchar(200) NOT NULL,
    kind smallint NOT NULL,
    client_id uuid NOT NULL,
    contact_id uuid,
    deal_id uuid,
    ticket_id uuid,
    owner_id uuid NOT NULL,
    planned_at timestamptz,
    done_at timestamptz,
    notes text,
    next_id uuid,
    handover_ticket_id uuid,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_interactions_key ON sales.interactions (idempotency_key);
CREATE INDEX ix_interactions_owner_planned ON sales.interactions (owner_id, planned_at);
CREATE INDEX ix_interactions_owner_done ON sales.interactions (owner_id, done_at);
CREATE INDEX ix_interactions_deal ON sales.interactions (deal_id, done_at);
CREATE INDEX ix_interactions_client ON sales.interactions (client_id, done_at);
