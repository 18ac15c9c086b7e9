-- 0050's funnel marks on each stay (when its deal entered the pipeline, whether it is the first stay in its stage) have
-- had no reader since the funnel reads sales.deal_funnel (0052); the projection no longer writes them.
ALTER TABLE sales.deal_stages DROP COLUMN pipeline_entered_at, DROP COLUMN first_in_stage;
