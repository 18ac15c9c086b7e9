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

-- The same facts per company month, kept in the writer's transaction, per person, fact and month (fact: 1 deal moved,
-- 2 task done, 10 + an interaction's kind: 10 call, 11 meeting, 12 e-mail, 13 note). `count` adds up the moves,
-- completions or interactions; `subjects` the deals or tasks whose first move or completion in the month it was, keyed by
-- the company day of the same person's previous one (`prev_day`; 0001-01-01 when there was none, or too long before
-- for any report to start after it). A report from day F counts a month's subjects whose prev_day is before F, so a
-- deal moved in July and August counts once in a July-September report. A month's later moves of the same deal are
-- counted on its own first day (subjects 0). A quarter is some thousands of rows instead of every move.
-- `slot` is the writing connection's (its backend pid modulo 16): a manager's moves in a month share a row, and
-- writers committing side by side would queue on that row's lock (the deal move's p99 went from 31 to 43-75 ms).
-- The months are the company's (Company:TimeZone): sales.activity_months_zone names the zone they were built in, and a
-- host that finds another zone there builds them again from the rows above before the report reads them.
CREATE TABLE sales.activity_months (
    user_id uuid NOT NULL,
    fact smallint NOT NULL,
    month date NOT NULL,
    prev_day date NOT NULL,
    slot smallint NOT NULL,
    subjects integer NOT NULL,
    count integer NOT NULL,
    PRIMARY KEY (user_id, fact, month, prev_day, slot)
);
CREATE INDEX ix_activity_months_month ON sales.activity_months (month) INCLUDE (user_id, fact, prev_day, subjects, count);
CREATE TABLE sales.activity_months_zone (
    zone varchar(100) NOT NULL,
    built_at timestamptz NOT NULL
);
