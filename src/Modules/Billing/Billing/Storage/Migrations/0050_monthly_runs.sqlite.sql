-- The months the monthly run has billed (once per period, whichever run or host came first). A contract of such a month
-- without its run invoice was skipped (suspended then, or failed), so days a later resumption brings back into force
-- become unbilled work; before the month is run, the run bills them itself.
CREATE TABLE billing_monthly_runs (
    period TEXT PRIMARY KEY,
    first_run_at TEXT NOT NULL
);
