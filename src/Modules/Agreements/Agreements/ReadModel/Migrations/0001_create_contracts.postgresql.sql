-- The Agreements module's tables. Amounts are whole kopiykas (bigint); dates are dates.
CREATE SCHEMA IF NOT EXISTS agreements;

-- One row per contract: the list, the billing run's source (terms as JSON, every dated set) and the daily job's scan.
-- Written by the contract grain in the same transaction as its state, guarded by version.
CREATE TABLE agreements.contracts (
    id uuid PRIMARY KEY,
    version integer NOT NULL,
    number varchar(30) NOT NULL,
    client_id uuid NOT NULL,
    client_name varchar(300) NOT NULL,
    search_text varchar(400) NOT NULL,
    manager_id uuid,
    kind varchar(20) NOT NULL,
    status varchar(20) NOT NULL,
    signed_on date NOT NULL,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    auto_renew boolean NOT NULL,
    activated_on date,
    terminated_on date,
    monthly_fee bigint NOT NULL,
    included_hours numeric(9, 2) NOT NULL,
    terms text NOT NULL,
    created_at timestamptz NOT NULL
);
-- A number is given once (the counter below), and the index stands behind it.
CREATE UNIQUE INDEX ux_contracts_number ON agreements.contracts (number);
CREATE INDEX ix_contracts_client ON agreements.contracts (client_id, starts_on);
CREATE INDEX ix_contracts_status_end ON agreements.contracts (status, ends_on);

-- The last number given per year: Д-2026-0001. Incremented in its own committed statement (a failed creation leaves a gap,
-- never a duplicate).
CREATE TABLE agreements.contract_numbers (
    year integer PRIMARY KEY,
    last integer NOT NULL
);

-- A reminder that a contract ends soon, once per contract and end date (a renewal's new end reminds again).
CREATE TABLE agreements.reminders (
    contract_id uuid NOT NULL,
    ends_on date NOT NULL,
    manager_id uuid,
    sent_at timestamptz NOT NULL,
    PRIMARY KEY (contract_id, ends_on)
);

-- The catalogue of contract templates (plain text: '# ' title, '## ' sections, clauses with {placeholders}).
-- The built-in ones are inserted by the product at start (fixed ids) and may be edited by an Admin.
CREATE TABLE agreements.templates (
    id uuid PRIMARY KEY,
    name varchar(200) NOT NULL,
    kind varchar(20) NOT NULL,
    body text NOT NULL,
    version integer NOT NULL,
    updated_at timestamptz NOT NULL
);
