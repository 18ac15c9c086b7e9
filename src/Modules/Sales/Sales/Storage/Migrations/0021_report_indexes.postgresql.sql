-- What the funnel reads: a pipeline's stays that began in a period (ix_deal_stages_pipeline, 0001), then whether each
-- deal was in the pipeline before it, and every stay of those deals there (this index, from the deal's side).
CREATE INDEX ix_deal_stages_deal_pipeline ON sales.deal_stages (deal_id, pipeline_id, entered_at);
-- The forecast: a pipeline's open deals with their stage, amount and expected close date, without the table.
CREATE INDEX ix_deals_open_pipeline ON sales.deals (pipeline_id, status) INCLUDE (stage, amount, expected_close_on, owner_id);
