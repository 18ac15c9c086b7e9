-- The funnel's cohort deals from an index alone, as the PostgreSQL migration (SQLite has no INCLUDE: trailing key columns).
CREATE INDEX ix_deals_funnel ON sales_deals (id, amount, status, won_amount, owner_id);
