-- Pipelines, deals and their stage history: the tables the deal grains project into and the funnel, plan and activity
-- reports read. Amounts are whole kopiykas (INTEGER) in both databases; ids are lower-case text, dates ISO text.

-- A pipeline (a kind of deal) and its ordered stages. The stages (code, name, probability, required fields, robots)
-- are one JSON document: they are read and changed together, and a deal names its stage by code.
-- next_interaction_required: finishing an interaction on a deal of this pipeline must plan the next one.
CREATE TABLE sales_pipelines (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    stages TEXT NOT NULL,
    version INTEGER NOT NULL,
    next_interaction_required INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_pipelines_name ON sales_pipelines (name COLLATE NOCASE);

-- One row per deal, projected from its grain (guarded by version). status: 0 Open, 1 Won, 2 Lost; a paused deal stays
-- Open with paused_until set. ("No activity" is read from planned interactions, not stored here.)
CREATE TABLE sales_deals (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    pipeline_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    status INTEGER NOT NULL,
    client_id TEXT NOT NULL,
    title TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    channel TEXT,
    source TEXT,
    owner_id TEXT NOT NULL,
    expected_close_on TEXT,
    paused_until TEXT,
    won_amount INTEGER,
    lost_reason TEXT,
    closed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ix_deals_owner ON sales_deals (owner_id, status);
CREATE INDEX ix_deals_stage ON sales_deals (pipeline_id, stage, status);
CREATE INDEX ix_deals_client ON sales_deals (client_id);
CREATE INDEX ix_deals_closed ON sales_deals (status, closed_at);

-- Stage history: one row per stay of a deal in a stage of any pipeline (a hand-off to claims and back is two more rows),
-- written in the same transaction as the deal's row. left_at is NULL while the deal is there; by_user is NULL when a
-- robot or trigger moved it. The funnel counts deals that ever entered a stage from here, not from current stages.
CREATE TABLE sales_deal_stages (
    deal_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    pipeline_id TEXT NOT NULL,
    stage TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    left_at TEXT,
    by_user TEXT,
    PRIMARY KEY (deal_id, seq)
);
CREATE INDEX ix_deal_stages_pipeline ON sales_deal_stages (pipeline_id, entered_at);
