-- Each day of a contract's monthly fee is billed once: by the monthly run's invoice (its fee line's days) or by one
-- "fee for the days" unbilled item (days a resumption brought back after the month was run). The run and the hourly
-- sync decide from what they read, so a re-run and the sync at the same moment could both bill a resumed day; the
-- primary key refuses the second, and the one refused reads again. A claim is never released: neither a run invoice
-- nor a fee-days item is ever deleted. claimed_by names who billed the day: 'invoice:<document id>' or 'item:<key>'.
CREATE TABLE billing.fee_days (
    contract_id uuid NOT NULL,
    day date NOT NULL,
    claimed_by varchar(120) NOT NULL,
    PRIMARY KEY (contract_id, day)
);

-- The days billed so far: the run invoices' fee days, then the fee-days items' keys ("<contract>/2026-12/20-31"). Days
-- billed twice before this table (the race it closes) stay with whichever comes first.
INSERT INTO billing.fee_days (contract_id, day, claimed_by)
SELECT d.contract_id, g.day::date, 'invoice:' || d.id
FROM billing.documents d
CROSS JOIN LATERAL jsonb_array_elements(d.body::jsonb -> 'feeDays') r
CROSS JOIN LATERAL generate_series((r ->> 'from')::date, (r ->> 'to')::date, interval '1 day') g(day)
WHERE d.kind = 0 AND d.contract_id IS NOT NULL AND d.period IS NOT NULL AND d.body LIKE '%"feeDays"%'
ON CONFLICT DO NOTHING;

INSERT INTO billing.fee_days (contract_id, day, claimed_by)
SELECT u.contract_id, g.day::date, 'item:' || u.source_key
FROM billing.unbilled_items u
CROSS JOIN LATERAL (
    SELECT (split_part(u.source_key, '/', 2) || '-01')::date AS month,
           split_part(split_part(u.source_key, '/', 3), '-', 1)::int AS first_day,
           split_part(split_part(u.source_key, '/', 3), '-', 2)::int AS last_day) k
CROSS JOIN LATERAL generate_series(k.month + (k.first_day - 1), k.month + (k.last_day - 1), interval '1 day') g(day)
WHERE u.source = 2 AND u.contract_id IS NOT NULL
ON CONFLICT DO NOTHING;
