-- Money documents and payments: relational rows whose rules are constraints. Amounts are whole kopiykas (INTEGER) in
-- both databases, so sums are exact and the two providers agree.

-- Invoices, acts and commercial proposals. kind: 0 Invoice, 1 Act, 2 Proposal. status: 0 Draft, 1 Issued, 2 Sent,
-- 3 PartlyPaid, 4 Paid, 5 Cancelled. A draft has no number; issuing takes the next one of (kind, year).
CREATE TABLE billing_documents (
    id TEXT PRIMARY KEY,
    kind INTEGER NOT NULL,
    status INTEGER NOT NULL,
    year INTEGER,
    seq INTEGER,
    number TEXT,
    client_id TEXT NOT NULL,
    contract_id TEXT,
    period TEXT,
    issued_on TEXT,
    due_on TEXT,
    net INTEGER NOT NULL,
    vat INTEGER NOT NULL,
    total INTEGER NOT NULL,
    paid INTEGER NOT NULL DEFAULT 0,
    body TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    cancel_reason TEXT,
    CONSTRAINT ck_documents_numbered CHECK ((seq IS NULL) = (number IS NULL) AND (seq IS NULL) = (year IS NULL))
);
-- A number is used once per kind and year, whichever host issues it.
CREATE UNIQUE INDEX ux_documents_number ON billing_documents (kind, year, seq) WHERE seq IS NOT NULL;
-- The monthly run makes one document of a kind per contract and period, however often and wherever it runs.
CREATE UNIQUE INDEX ux_documents_run ON billing_documents (contract_id, period, kind) WHERE contract_id IS NOT NULL AND period IS NOT NULL;
CREATE INDEX ix_documents_client ON billing_documents (client_id, issued_on);
CREATE INDEX ix_documents_open ON billing_documents (status, due_on);

-- The last number issued per kind and year; issuing increments it in the issuing transaction, so a rolled-back issue
-- leaves no gap.
CREATE TABLE billing_number_counters (
    kind INTEGER NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (kind, year)
);

-- Each e-mail of a document: to whom, when, the message id the recipient's server sees.
CREATE TABLE billing_document_sends (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES billing_documents (id),
    sent_to TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    sent_by TEXT NOT NULL
);
CREATE INDEX ix_document_sends_document ON billing_document_sends (document_id);

-- An imported bank statement file.
CREATE TABLE billing_statement_imports (
    id TEXT PRIMARY KEY,
    file_name TEXT NOT NULL,
    format TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    imported INTEGER NOT NULL,
    duplicates INTEGER NOT NULL,
    matched INTEGER NOT NULL
);

-- Incoming payments. The key (account, document number, date, amount) makes a second import of a statement a no-op.
-- status: 0 Unmatched, 1 Matched.
CREATE TABLE billing_payments (
    id TEXT PRIMARY KEY,
    payment_key TEXT NOT NULL,
    import_id TEXT NOT NULL REFERENCES billing_statement_imports (id),
    account TEXT NOT NULL,
    doc_number TEXT NOT NULL,
    paid_on TEXT NOT NULL,
    received_on TEXT,
    amount INTEGER NOT NULL,
    payer_name TEXT,
    payer_tax_id TEXT,
    payer_iban TEXT,
    purpose TEXT,
    client_id TEXT,
    status INTEGER NOT NULL,
    CONSTRAINT ux_payments_key UNIQUE (payment_key)
);
CREATE INDEX ix_payments_status ON billing_payments (status, paid_on);
CREATE INDEX ix_payments_received ON billing_payments (received_on);

-- A payment is matched once: by the import (automatic) or by a person. What is left of it after its allocations is the
-- client's credit.
CREATE TABLE billing_payment_matches (
    payment_id TEXT PRIMARY KEY REFERENCES billing_payments (id),
    client_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    automatic INTEGER NOT NULL,
    matched_at TEXT NOT NULL,
    matched_by TEXT NOT NULL
);

-- How a matched payment is shared among invoices (several invoices paid at once, a partial payment).
CREATE TABLE billing_payment_allocations (
    payment_id TEXT NOT NULL REFERENCES billing_payment_matches (payment_id),
    document_id TEXT NOT NULL REFERENCES billing_documents (id),
    amount INTEGER NOT NULL CHECK (amount > 0),
    PRIMARY KEY (payment_id, document_id)
);
CREATE INDEX ix_payment_allocations_document ON billing_payment_allocations (document_id);
