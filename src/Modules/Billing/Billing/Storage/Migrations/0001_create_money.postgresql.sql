-- Money documents and payments: relational rows whose rules are constraints. Amounts are whole kopiykas (bigint) in
-- both databases, so sums are exact and the two providers agree.
CREATE SCHEMA IF NOT EXISTS billing;

-- Invoices, acts and commercial proposals. kind: 0 Invoice, 1 Act, 2 Proposal. status: 0 Draft, 1 Issued, 2 Sent,
-- 3 PartlyPaid, 4 Paid, 5 Cancelled. A draft has no number; issuing takes the next one of (kind, year).
CREATE SCHEMA IF NOT EXISTS billing;

CREATE TABLE billing.documents (
    id uuid PRIMARY KEY,
    kind smallint NOT NULL,
    status smallint NOT NULL,
    year integer,
    seq integer,
    number varchar(32),
    client_id uuid NOT NULL,
    contract_id uuid,
    period date,
    issued_on date,
    due_on date,
    net bigint NOT NULL,
    vat bigint NOT NULL,
    total bigint NOT NULL,
    paid bigint NOT NULL DEFAULT 0,
    body text NOT NULL,
    version integer NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    cancel_reason varchar(500),
    CONSTRAINT ck_documents_numbered CHECK ((seq IS NULL) = (number IS NULL) AND (seq IS NULL) = (year IS NULL))
);
-- A number is used once per kind and year, whichever host issues it.
CREATE UNIQUE INDEX ux_documents_number ON billing.documents (kind, year, seq) WHERE seq IS NOT NULL;
-- The monthly run makes one document of a kind per contract and period, however often and wherever it runs.
CREATE UNIQUE INDEX ux_documents_run ON billing.documents (contract_id, period, kind) WHERE contract_id IS NOT NULL AND period IS NOT NULL;
CREATE INDEX ix_documents_client ON billing.documents (client_id, issued_on);
CREATE INDEX ix_documents_open ON billing.documents (status, due_on);

-- The last number issued per kind and year; issuing increments it in the issuing transaction, so a rolled-back issue
-- leaves no gap.
CREATE TABLE billing.number_counters (
    kind smallint NOT NULL,
    year integer NOT NULL,
    last integer NOT NULL,
    PRIMARY KEY (kind, year)
);

-- Each e-mail of a document: to whom, when, the message id the recipient's server sees.
CREATE TABLE billing.document_sends (
    id uuid PRIMARY KEY,
    document_id uuid NOT NULL REFERENCES billing.documents (id),
    sent_to varchar(320) NOT NULL,
    message_id varchar(300) NOT NULL,
    sent_at timestamptz NOT NULL,
    sent_by varchar(200) NOT NULL
);
CREATE INDEX ix_document_sends_document ON billing.document_sends (document_id);

-- An imported bank statement file.
CREATE TABLE billing.statement_imports (
    id uuid PRIMARY KEY,
    file_name varchar(300) NOT NULL,
    format varchar(10) NOT NULL,
    imported_at timestamptz NOT NULL,
    imported_by varchar(200) NOT NULL,
    imported integer NOT NULL,
    duplicates integer NOT NULL,
    matched integer NOT NULL
);

-- Incoming payments. The key (account, document number, date, amount) makes a second import of a statement a no-op.
-- status: 0 Unmatched, 1 Matched.
CREATE TABLE billing.payments (
    id uuid PRIMARY KEY,
    payment_key varchar(200) NOT NULL,
    import_id uuid NOT NULL REFERENCES billing.statement_imports (id),
    account varchar(34) NOT NULL,
    doc_number varchar(40) NOT NULL,
    paid_on date NOT NULL,
    received_on date,
    amount bigint NOT NULL,
    payer_name varchar(500),
    payer_tax_id varchar(10),
    payer_iban varchar(34),
    purpose varchar(1000),
    client_id uuid,
    status smallint NOT NULL,
    CONSTRAINT ux_payments_key UNIQUE (payment_key)
);
CREATE INDEX ix_payments_status ON billing.payments (status, paid_on);
CREATE INDEX ix_payments_received ON billing.payments (received_on);

-- A payment is matched once: by the import (automatic) or by a person. What is left of it after its allocations is the
-- client's credit.
CREATE TABLE billing.payment_matches (
    payment_id uuid PRIMARY KEY REFERENCES billing.payments (id),
    client_id uuid NOT NULL,
    reason varchar(40) NOT NULL,
    automatic boolean NOT NULL,
    matched_at timestamptz NOT NULL,
    matched_by varchar(200) NOT NULL
);

-- How a matched payment is shared among invoices (several invoices paid at once, a partial payment).
CREATE TABLE billing.payment_allocations (
    payment_id uuid NOT NULL REFERENCES billing.payment_matches (payment_id),
    document_id uuid NOT NULL REFERENCES billing.documents (id),
    amount bigint NOT NULL CHECK (amount > 0),
    PRIMARY KEY (payment_id, document_id)
);
CREATE INDEX ix_payment_allocations_document ON billing.payment_allocations (document_id);
