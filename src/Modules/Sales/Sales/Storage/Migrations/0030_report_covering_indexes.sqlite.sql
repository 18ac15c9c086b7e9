-- The reports on a big data set (benchmarks/results/sales.md): as the PostgreSQL migration, with the included columns
-- as trailing key columns (SQLite has no INCLUDE; its covering indexes cover all the same).
CREATE INDEX ix_deal_stages_pipeline_deal ON sales_deal_stages (pipeline_id, entered_at, deal_id);
DROP INDEX ix_deal_stages_pipeline;
CREATE INDEX ix_deal_stages_deal_stays ON sales_deal_stages (deal_id, pipeline_id, entered_at, stage, left_at);
DROP INDEX ix_deal_stages_deal_pipeline;
CREATE INDEX ix_deal_stages_moves ON sales_deal_stages (entered_at, by_user, deal_id) WHERE by_user IS NOT NULL AND seq > 1;
CREATE INDEX ix_interactions_done ON sales_interactions (done_at, owner_id, kind);
CREATE INDEX ix_task_history_done ON sales_task_history (at, executor_id, task_id) WHERE action = 'Done';
