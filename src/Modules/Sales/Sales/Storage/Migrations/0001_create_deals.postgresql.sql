-- Pipelines, deals and their stage history: the tables the deal grains project into and the funnel, plan and activity
-- reports read. Amounts are whole kopiykas (bigint) in both databases.
CREATE SCHEMA IF NOT EXISTS sales;

-- A pipeline (a kind of deal) and its ordered stages. The stages (code, name, probability, required fields, robots)
-- are one JSON document: they are read and changed together, and a deal names its stage by code.
-- next_interaction_required: finishing an interaction on a deal of this pipeline must plan the next one.
CREATE TABLE sales.pipelines (
    id uuid PRIMARY KEY,
    name varchar(200) NOT NULL,
    stages text NOT NULL,
    version integer NOT NULL,
    next_interaction_required boolean NOT NULL DEFAULT false,
    archived boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_pipelines_name ON sales.pipelines (lower(name));

-- One row per deal, projected from its grain (guarded by version). status: 0 Open, 1 Won, 2 Lost; a paused deal stays
-- Open with paused_until set. ("No activity" is read from planned interactions, not stored here.)
CREATE TABLE sales.deals (
    id uuid PRIMARY KEY,
    version integer NOT NULL,
    pipeline_id uuid NOT NULL,
    stage varchar(64) NOT NULL,
    status smallint NOT NULL,
    client_id uuid NOT NULL,
    title varchar(300) NOT NULL,
    amount bigint NOT NULL,
    currency char(3) NOT NULL,
    channel varchar(100),
    source varchar(100),
    owner_id uuid NOT NULL,
    expected_close_on date,
    paused_until date,
    won_amount bigint,
    lost_reason varchar(100),
    closed_at timestamptz,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_deals_owner ON sales.deals (owner_id, status);
CREATE INDEX ix_deals_stage ON sales.deals (pipeline_id, stage, status);
CREATE INDEX ix_deals_client ON sales.deals (client_id);
CREATE INDEX ix_deals_closed ON sales.deals (status, closed_at);

-- Stage history: one row per stay of a deal in a stage of any pipeline (a hand-off to claims and back is two more rows),
-- written in the same transaction as the deal's row. left_at is NULL while the deal is there; by_user is NULL when a
-- robot or trigger moved it. The funnel counts deals that ever entered a stage from here, not from current stages.
CREATE TABLE sales.deal_stages (
    deal_id uuid NOT NULL,
    seq integer NOT NULL,
    pipeline_id uuid NOT NULL,
    stage varchar(64) NOT NULL,
    entered_at timestamptz NOT NULL,
    left_at timestamptz,
    by_user uuid,
    PRIMARY KEY (deal_id, seq)
);
CREATE INDEX ix_deal_stages_pipeline ON sales.deal_stages (pipeline_id, entered_at);
