-- Monthly sales plans: one row per period (yyyy-MM) and manager, the amount in kopiykas and a count of deals. The sales
-- department's own line (its target as a whole, not the sum of its managers') has user_id
-- 00000000-0000-0000-0000-000000000000. A PUT of a period replaces its rows in one transaction.
CREATE TABLE sales_plans (
    period TEXT NOT NULL,
    user_id TEXT NOT NULL,
    amount INTEGER NOT NULL CHECK (amount >= 0),
    deals INTEGER NOT NULL CHECK (deals >= 0),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (period, user_id)
);
