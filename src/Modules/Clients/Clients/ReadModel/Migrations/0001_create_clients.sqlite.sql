-- The Clients module's list and search tables; ids are lower-case uuid text.
CREATE TABLE clients_clients (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    legal_name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    search_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    tax_id TEXT,
    manager_id TEXT,
    support_status TEXT NOT NULL,
    segments TEXT NOT NULL
);
CREATE INDEX ix_clients_legal_name ON clients_clients (legal_name, id);
CREATE INDEX ix_clients_tax_id ON clients_clients (tax_id);
CREATE INDEX ix_clients_manager_id ON clients_clients (manager_id);
CREATE INDEX ix_clients_support_status ON clients_clients (support_status);

CREATE TABLE clients_phones (
    client_id TEXT NOT NULL REFERENCES clients_clients (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL,
    phone TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    PRIMARY KEY (client_id, contact_id, phone)
);
CREATE INDEX ix_phones_phone ON clients_phones (phone);

CREATE TABLE clients_emails (
    client_id TEXT NOT NULL REFERENCES clients_clients (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL,
    email TEXT NOT NULL,
    PRIMARY KEY (client_id, contact_id, email)
);
CREATE INDEX ix_emails_email ON clients_emails (email);

CREATE TABLE clients_segments (
    client_id TEXT NOT NULL REFERENCES clients_clients (id) ON DELETE CASCADE,
    segment TEXT NOT NULL,
    PRIMARY KEY (client_id, segment)
);
CREATE INDEX ix_segments_segment ON clients_segments (segment);
