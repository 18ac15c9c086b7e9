-- Monthly sales plans: one row per period (yyyy-MM) and manager, the amount in kopiykas and a count of deals. The sales
-- department's own line (its target as a whole, not the sum of its managers') has user_id
-- 00000000-0000-0000-0000-000000000000. A PUT of a period replaces its rows in one transaction.
CREATE TABLE sales.plans (
    period char(7) NOT NULL,
    user_id uuid NOT NULL,
    amount bigint NOT NULL CHECK (amount >= 0),
    deals integer NOT NULL CHECK (deals >= 0),
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (period, user_id)
);
