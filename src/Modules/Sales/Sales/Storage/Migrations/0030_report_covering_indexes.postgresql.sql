-- The reports on a big data set (benchmarks/results/sales.md: 200,000 deals, 2,000,000 stays and interactions) read
-- these indexes alone (index-only scans; autovacuum keeps the visibility map), not the tables.
-- The funnel: a pipeline's stays that began in the span, with the deal, without the table.
CREATE INDEX ix_deal_stages_pipeline_deal ON sales.deal_stages (pipeline_id, entered_at) INCLUDE (deal_id);
DROP INDEX sales.ix_deal_stages_pipeline;
-- The funnel: a cohort deal's stays in the pipeline (its first one, and every stage it reached with its times), one probe each.
CREATE INDEX ix_deal_stages_deal_stays ON sales.deal_stages (deal_id, pipeline_id, entered_at) INCLUDE (stage, left_at);
DROP INDEX sales.ix_deal_stages_deal_pipeline;
-- The activity report: people's moves in a span (not a deal's first stay, not robots').
CREATE INDEX ix_deal_stages_moves ON sales.deal_stages (entered_at) INCLUDE (by_user, deal_id) WHERE by_user IS NOT NULL AND seq > 1;
-- The activity report: interactions done in a span, by owner and kind.
CREATE INDEX ix_interactions_done ON sales.interactions (done_at) INCLUDE (owner_id, kind);
-- The activity report: tasks done in a span, by executor.
CREATE INDEX ix_task_history_done ON sales.task_history (at) INCLUDE (executor_id, task_id) WHERE action = 'Done';
