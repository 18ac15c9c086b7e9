-- The billing schema itself: 0001 creates its tables as billing.* but not the schema, so a fresh PostgreSQL database
-- failed at start ("schema billing does not exist"). Version 0 runs before 0001; 0001 stays as it was.
CREATE SCHEMA IF NOT EXISTS billing;
