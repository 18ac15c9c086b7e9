-- SQLite has no schemas (billing's tables carry the billing_ prefix): nothing to do; the PostgreSQL twin creates the schema.
SELECT 1;
