-- The funnel per deal and pipeline, as the PostgreSQL migration (the reasons are there).
CREATE TABLE sales_deal_funnel (
    deal_id TEXT NOT NULL,
    pipeline_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    entered_at TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    amount INTEGER NOT NULL,
    status INTEGER NOT NULL,
    won_amount INTEGER,
    stays TEXT NOT NULL,
    PRIMARY KEY (deal_id, pipeline_id)
);
CREATE INDEX ix_deal_funnel_cohort ON sales_deal_funnel (pipeline_id, entered_at);
DROP INDEX ix_deal_stages_cohort;
DROP INDEX ix_deals_funnel;
