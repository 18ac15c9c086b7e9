-- The activity report by company month: as the PostgreSQL migration (moments are ISO text, months 'yyyy-MM-dd' of
-- their first day; the covering indexes carry the included columns as trailing keys; SQLite has one writer, so its
-- slot is always 0).
ALTER TABLE sales_deal_stages ADD COLUMN prev_move_at TEXT;
ALTER TABLE sales_task_history ADD COLUMN prev_done_at TEXT;
DROP INDEX ix_deal_stages_moves;
CREATE INDEX ix_deal_stages_moves ON sales_deal_stages (entered_at, by_user, prev_move_at) WHERE by_user IS NOT NULL AND seq > 1;
DROP INDEX ix_task_history_done;
CREATE INDEX ix_task_history_done ON sales_task_history (at, executor_id, prev_done_at) WHERE action = 'Done';
CREATE TABLE sales_activity_months (
    user_id TEXT NOT NULL,
    fact INTEGER NOT NULL,
    month TEXT NOT NULL,
    prev_day TEXT NOT NULL,
    slot INTEGER NOT NULL,
    subjects INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (user_id, fact, month, prev_day, slot)
);
CREATE INDEX ix_activity_months_month ON sales_activity_months (month, user_id, fact, prev_day, subjects, count);
CREATE TABLE sales_activity_months_zone (
    zone TEXT NOT NULL,
    built_at TEXT NOT NULL
);
