-- The funnel's cohort and "reached" marks on each stay, as the PostgreSQL migration (the reasons are there): when the
-- deal first entered the stay's pipeline, and whether this is its first stay in the stage there. Moments are ISO text,
-- so min() is the earliest.
DROP INDEX ix_deal_stages_pipeline_deal;
DROP INDEX ix_deal_stages_deal_stays;
ALTER TABLE sales_deal_stages ADD COLUMN pipeline_entered_at TEXT;
ALTER TABLE sales_deal_stages ADD COLUMN first_in_stage INTEGER NOT NULL DEFAULT 0;
UPDATE sales_deal_stages SET
    pipeline_entered_at = (SELECT min(e.entered_at) FROM sales_deal_stages e
        WHERE e.deal_id = sales_deal_stages.deal_id AND e.pipeline_id = sales_deal_stages.pipeline_id),
    first_in_stage = NOT EXISTS (SELECT 1 FROM sales_deal_stages e
        WHERE e.deal_id = sales_deal_stages.deal_id AND e.pipeline_id = sales_deal_stages.pipeline_id
          AND e.stage = sales_deal_stages.stage AND e.seq < sales_deal_stages.seq);
CREATE INDEX ix_deal_stages_cohort ON sales_deal_stages (pipeline_id, pipeline_entered_at, deal_id, stage, first_in_stage, entered_at, left_at);
