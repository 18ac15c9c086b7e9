-- The funnel over a big history (benchmarks/results/sales.md: 200,000 deals, 2,000,000 stays): each stay carries when its
-- deal first entered the stay's pipeline (the funnel's cohort is the deals whose first entry falls in the span) and
-- whether it is the deal's first stay in its stage there (the deal "reached" the stage). Deals' projection writes both
-- from the grain's history; here they are filled for the stays already stored. The funnel then reads one index range
-- (ix_deal_stages_cohort) and counts flagged rows, instead of finding each candidate deal's first stay and taking
-- DISTINCT over its history; the two indexes that served that are dropped.
-- The indexes are dropped for the backfill (every row is rewritten) and the activity report's one is made again after.
DROP INDEX sales.ix_deal_stages_pipeline_deal;
DROP INDEX sales.ix_deal_stages_deal_stays;
DROP INDEX sales.ix_deal_stages_moves;
ALTER TABLE sales.deal_stages ADD COLUMN pipeline_entered_at timestamptz, ADD COLUMN first_in_stage boolean NOT NULL DEFAULT false;
UPDATE sales.deal_stages s SET pipeline_entered_at = f.pipeline_entered_at, first_in_stage = f.first_in_stage
FROM (
    SELECT deal_id, seq,
        min(entered_at) OVER (PARTITION BY deal_id, pipeline_id) AS pipeline_entered_at,
        row_number() OVER (PARTITION BY deal_id, pipeline_id, stage ORDER BY seq) = 1 AS first_in_stage
    FROM sales.deal_stages
) f
WHERE s.deal_id = f.deal_id AND s.seq = f.seq;
-- The funnel: a pipeline's cohort's stays (all of them, whenever they began) with what each part needs, without the table.
CREATE INDEX ix_deal_stages_cohort ON sales.deal_stages (pipeline_id, pipeline_entered_at) INCLUDE (deal_id, stage, first_in_stage, entered_at, left_at);
-- The activity report: people's moves in a span (as 0030).
CREATE INDEX ix_deal_stages_moves ON sales.deal_stages (entered_at) INCLUDE (by_user, deal_id) WHERE by_user IS NOT NULL AND seq > 1;
