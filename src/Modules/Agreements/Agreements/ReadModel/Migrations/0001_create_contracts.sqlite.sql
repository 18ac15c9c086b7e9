-- The Agreements module's tables. Amounts are whole kopiykas (INTEGER); dates are 'yyyy-MM-dd' text (sorts as dates).
-- One row per contract: the list, the billing run's source (terms as JSON, every dated set) and the daily job's scan.
-- Written by the contract grain in the same transaction as its state, guarded by version.
CREATE TABLE agreements_contracts (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    number TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_name TEXT NOT NULL,
    search_text TEXT NOT NULL,
    manager_id TEXT,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    signed_on TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    auto_renew INTEGER NOT NULL,
    activated_on TEXT,
    terminated_on TEXT,
    monthly_fee INTEGER NOT NULL,
    included_hours NUMERIC NOT NULL,
    terms TEXT NOT NULL,
    created_at TEXT NOT NULL
);
-- A number is given once (the counter below), and the index stands behind it.
CREATE UNIQUE INDEX ux_contracts_number ON agreements_contracts (number);
CREATE INDEX ix_contracts_client ON agreements_contracts (client_id, starts_on);
CREATE INDEX ix_contracts_status_end ON agreements_contracts (status, ends_on);

-- The last number given per year: Д-2026-0001.
CREATE TABLE agreements_contract_numbers (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

-- A reminder that a contract ends soon, once per contract and end date (a renewal's new end reminds again).
CREATE TABLE agreements_reminders (
    contract_id TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    manager_id TEXT,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (contract_id, ends_on)
);

-- The catalogue of contract templates; the built-in ones are inserted by the product at start (fixed ids).
CREATE TABLE agreements_templates (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
