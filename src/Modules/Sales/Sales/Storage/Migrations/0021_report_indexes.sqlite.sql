-- What the funnel reads: a pipeline's stays that began in a period (ix_deal_stages_pipeline, 0001), then whether each
-- deal was in the pipeline before it, and every stay of those deals there (this index, from the deal's side).
CREATE INDEX ix_deal_stages_deal_pipeline ON sales_deal_stages (deal_id, pipeline_id, entered_at);
