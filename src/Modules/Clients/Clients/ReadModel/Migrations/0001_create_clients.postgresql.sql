-- The Clients module's list and search tables. pg_trgm serves "name contains" searches from an index.
CREATE SCHEMA IF NOT EXISTS clients;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE clients.clients (
    id uuid PRIMARY KEY,
    version integer NOT NULL,
    legal_name varchar(300) NOT NULL,
    short_name varchar(150) NOT NULL,
    search_name text NOT NULL,
    kind varchar(32) NOT NULL,
    tax_id varchar(12),
    manager_id uuid,
    support_status varchar(32) NOT NULL,
    segments text NOT NULL
);
CREATE INDEX ix_clients_legal_name ON clients.clients (legal_name, id);
CREATE INDEX ix_clients_tax_id ON clients.clients (tax_id);
CREATE INDEX ix_clients_manager_id ON clients.clients (manager_id);
CREATE INDEX ix_clients_support_status ON clients.clients (support_status);
CREATE INDEX ix_clients_search_name ON clients.clients USING gin (search_name gin_trgm_ops);

CREATE TABLE clients.phones (
    client_id uuid NOT NULL REFERENCES clients.clients (id) ON DELETE CASCADE,
    contact_id uuid NOT NULL,
    phone varchar(20) NOT NULL,
    contact_name varchar(200) NOT NULL,
    PRIMARY KEY (client_id, contact_id, phone)
);
CREATE INDEX ix_phones_phone ON clients.phones (phone);

CREATE TABLE clients.emails (
    client_id uuid NOT NULL REFERENCES clients.clients (id) ON DELETE CASCADE,
    contact_id uuid NOT NULL,
    email varchar(254) NOT NULL,
    PRIMARY KEY (client_id, contact_id, email)
);
CREATE INDEX ix_emails_email ON clients.emails (email);

CREATE TABLE clients.segments (
    client_id uuid NOT NULL REFERENCES clients.clients (id) ON DELETE CASCADE,
    segment varchar(50) NOT NULL,
    PRIMARY KEY (client_id, segment)
);
CREATE INDEX ix_segments_segment ON clients.segments (segment);
