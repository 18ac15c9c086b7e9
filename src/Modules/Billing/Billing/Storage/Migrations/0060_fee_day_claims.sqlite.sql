-- Each day of a contract's monthly fee is billed once: by the monthly run's invoice (its fee line's days) or by one
-- "fee for the days" unbilled item (days a resumption brought back after the month was run). The run and the hourly
-- sync decide from what they read, so a re-run and the sync at the same moment could both bill a resumed day; the
-- primary key refuses the second, and the one refused reads again. A claim is never released: neither a run invoice
-- nor a fee-days item is ever deleted. claimed_by names who billed the day: 'invoice:<document id>' or 'item:<key>'.
CREATE TABLE billing_fee_days (
    contract_id TEXT NOT NULL,
    day TEXT NOT NULL,
    claimed_by TEXT NOT NULL,
    PRIMARY KEY (contract_id, day)
) WITHOUT ROWID;

-- The days billed so far: the run invoices' fee days, then the fee-days items' keys ("<contract>/2026-12/20-31"). Days
-- billed twice before this table (the race it closes) stay with whichever comes first.
INSERT OR IGNORE INTO billing_fee_days (contract_id, day, claimed_by)
WITH RECURSIVE days (contract_id, day, last_day, claimed_by) AS (
    SELECT d.contract_id, json_extract(r.value, '$.from'), json_extract(r.value, '$.to'), 'invoice:' || d.id
    FROM billing_documents d, json_each(d.body, '$.feeDays') r
    WHERE d.kind = 0 AND d.contract_id IS NOT NULL AND d.period IS NOT NULL AND d.body LIKE '%"feeDays"%'
    UNION ALL
    SELECT contract_id, date(day, '+1 day'), last_day, claimed_by FROM days WHERE day < last_day
)
SELECT contract_id, day, claimed_by FROM days;

INSERT OR IGNORE INTO billing_fee_days (contract_id, day, claimed_by)
WITH RECURSIVE keys (contract_id, month, range, claimed_by) AS (
    SELECT contract_id, substr(source_key, instr(source_key, '/') + 1, 7), substr(source_key, instr(source_key, '/') + 9), 'item:' || source_key
    FROM billing_unbilled_items WHERE source = 2 AND contract_id IS NOT NULL
),
days (contract_id, day, last_day, claimed_by) AS (
    SELECT contract_id,
           date(month || '-01', '+' || (CAST(substr(range, 1, instr(range, '-') - 1) AS INTEGER) - 1) || ' days'),
           date(month || '-01', '+' || (CAST(substr(range, instr(range, '-') + 1) AS INTEGER) - 1) || ' days'),
           claimed_by
    FROM keys
    UNION ALL
    SELECT contract_id, date(day, '+1 day'), last_day, claimed_by FROM days WHERE day < last_day
)
SELECT contract_id, day, claimed_by FROM days;
