-- The activity report by company month (benchmarks/results/sales.md: a quarter is 209,000 moves, 226,000 interactions
-- and 40,000 tasks done, and counting deals moved once each grouped every one of those moves).
--
-- Each move and each task done keeps when the same person last did it to the same deal or task (NULL: never before),
-- so "deals moved from F to T, each once" is the count of moves in [F, T) whose previous one is before F: a filtered
-- count, no grouping by deal. Filled by 0056 for what is stored, then by Deals' projection and the task store.
ALTER TABLE sales.deal_stages ADD COLUMN prev_move_at timestamptz;
ALTER TABLE sales.task_history ADD COLUMN prev_done_at timestamptz;
DROP INDEX sales.ix_deal_stages_moves;
CREATE INDEX ix_deal_stages_moves ON sales.deal_stages (entered_at) INCLUDE (by_user, prev_move_at) WHERE by_user IS NOT NULL AND seq > 1;
DROP INDEX sales.ix_task_history_done;
CREATE INDEX ix_task_history_done ON sales.task_history (at) INCLUDE (executor_id, prev_done_at) WHERE action = 'Done';

-- The same facts per company month, kept in the writer's transaction: one row per person, fact and subject (the deal
-- moved, the task done) and month, with the moves or completions in that month (`count`) and the previous one before
-- the month's first (`first_prev_at`). Interactions done are counted per person, kind and month (subject is the nil
-- uuid). fact: 1 deal moved, 2 task done, 10 + the interaction's kind (10 call, 11 meeting, 12 e-mail, 13 note).
-- `last_seq` is the deal's or task's history seq last counted, so a retried write counts nothing twice.
-- The months are the company's (Company:TimeZone): sales.activity_months_zone names the zone they were built in, and a
-- host that finds another zone there rebuilds them from the rows above before the report reads them.
CREATE TABLE sales.activity_months (
    user_id uuid NOT NULL,
    fact smallint NOT NULL,
    subject_id uuid NOT NULL,
    month date NOT NULL,
    first_prev_at timestamptz,
    count integer NOT NULL,
    last_seq integer NOT NULL,
    PRIMARY KEY (user_id, fact, subject_id, month)
);
CREATE INDEX ix_activity_months_month ON sales.activity_months (month) INCLUDE (user_id, fact, first_prev_at, count);
CREATE TABLE sales.activity_months_zone (
    zone varchar(100) NOT NULL,
    built_at timestamptz NOT NULL
);
