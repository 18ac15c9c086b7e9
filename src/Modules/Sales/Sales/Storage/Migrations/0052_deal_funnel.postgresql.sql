-- The funnel per deal (benchmarks/results/sales.md: a quarter of the sales pipeline is 25,000 cohort deals with 250,000
-- stays): one row per deal and pipeline it has been in, written by Deals' projection in the deal's own transaction and
-- guarded by the deal's version. It holds what the funnel reads of the deal (owner, amount, status, won amount: the
-- deal's current figures, as on sales.deals) and of its stays there: when it first entered the pipeline (the cohort),
-- and the stays themselves in `stays`, "stage" for one still open and "stage=microseconds" for a finished one, joined
-- by ';' (stage codes are [a-z0-9_-]). The funnel reads a cohort's narrow rows instead of its stays and a probe of
-- each deal; the stages reached and the medians are taken from `stays` as it reads them.
CREATE TABLE sales.deal_funnel (
    deal_id uuid NOT NULL,
    pipeline_id uuid NOT NULL,
    version integer NOT NULL,
    entered_at timestamptz NOT NULL,
    owner_id uuid NOT NULL,
    amount bigint NOT NULL,
    status smallint NOT NULL,
    won_amount bigint,
    stays text NOT NULL,
    PRIMARY KEY (deal_id, pipeline_id)
);
-- A cohort is one range; `stays` stays in the table (a long history must not outgrow an index entry).
CREATE INDEX ix_deal_funnel_cohort ON sales.deal_funnel (pipeline_id, entered_at);
-- What the funnel read before (0050's cohort range of the stays, 0051's probe of each deal) has no reader any more, and
-- each index cost every stay and deal write.
DROP INDEX sales.ix_deal_stages_cohort;
DROP INDEX sales.ix_deals_funnel;
