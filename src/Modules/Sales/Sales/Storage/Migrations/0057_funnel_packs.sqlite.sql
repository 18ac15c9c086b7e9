-- The funnel by UTC day: as the PostgreSQL migration (the reasons are there; days are moments, ISO text).
ALTER TABLE sales_deal_funnel ADD COLUMN packed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_deal_funnel_unpacked ON sales_deal_funnel (pipeline_id, entered_at) WHERE packed = 0;
CREATE TABLE sales_funnel_packs (
    pipeline_id TEXT NOT NULL,
    day TEXT NOT NULL,
    deals INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (pipeline_id, day)
);
