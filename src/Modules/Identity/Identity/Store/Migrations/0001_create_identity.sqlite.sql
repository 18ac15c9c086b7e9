-- ASP.NET Core Identity's tables (mapped by UsersDbContext), the product's roles, and the secrets every host shares:
-- the token signing key (when not configured) and the Data Protection key ring that cookies are encrypted with.

CREATE TABLE identity_roles (
    id TEXT PRIMARY KEY,
    name TEXT,
    normalized_name TEXT,
    concurrency_stamp TEXT
);
CREATE UNIQUE INDEX ix_identity_roles_normalized_name ON identity_roles (normalized_name);

CREATE TABLE identity_users (
    id TEXT PRIMARY KEY,
    specialist_id TEXT,
    user_name TEXT,
    normalized_user_name TEXT,
    email TEXT,
    normalized_email TEXT,
    email_confirmed INTEGER NOT NULL,
    password_hash TEXT,
    security_stamp TEXT,
    concurrency_stamp TEXT,
    phone_number TEXT,
    phone_number_confirmed INTEGER NOT NULL,
    two_factor_enabled INTEGER NOT NULL,
    lockout_end TEXT,
    lockout_enabled INTEGER NOT NULL,
    access_failed_count INTEGER NOT NULL
);
-- One account per user name (any case) and at most one user per specialist, even when two requests race.
CREATE UNIQUE INDEX ix_identity_users_normalized_user_name ON identity_users (normalized_user_name);
CREATE UNIQUE INDEX ix_identity_users_specialist ON identity_users (specialist_id);
CREATE INDEX ix_identity_users_normalized_email ON identity_users (normalized_email);

CREATE TABLE identity_user_roles (
    user_id TEXT NOT NULL REFERENCES identity_users (id) ON DELETE CASCADE,
    role_id TEXT NOT NULL REFERENCES identity_roles (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, role_id)
);
CREATE INDEX ix_identity_user_roles_role ON identity_user_roles (role_id);

CREATE TABLE identity_user_claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL REFERENCES identity_users (id) ON DELETE CASCADE,
    claim_type TEXT,
    claim_value TEXT
);
CREATE INDEX ix_identity_user_claims_user ON identity_user_claims (user_id);

CREATE TABLE identity_user_logins (
    login_provider TEXT NOT NULL,
    provider_key TEXT NOT NULL,
    provider_display_name TEXT,
    user_id TEXT NOT NULL REFERENCES identity_users (id) ON DELETE CASCADE,
    PRIMARY KEY (login_provider, provider_key)
);
CREATE INDEX ix_identity_user_logins_user ON identity_user_logins (user_id);

CREATE TABLE identity_user_tokens (
    user_id TEXT NOT NULL REFERENCES identity_users (id) ON DELETE CASCADE,
    login_provider TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT,
    PRIMARY KEY (user_id, login_provider, name)
);

CREATE TABLE identity_role_claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    role_id TEXT NOT NULL REFERENCES identity_roles (id) ON DELETE CASCADE,
    claim_type TEXT,
    claim_value TEXT
);
CREATE INDEX ix_identity_role_claims_role ON identity_role_claims (role_id);

INSERT INTO identity_roles (id, name, normalized_name, concurrency_stamp) VALUES
    ('director', 'Director', 'DIRECTOR', 'director'),
    ('saleshead', 'SalesHead', 'SALESHEAD', 'saleshead'),
    ('manager', 'Manager', 'MANAGER', 'manager'),
    ('dispatcher', 'Dispatcher', 'DISPATCHER', 'dispatcher'),
    ('specialist', 'Specialist', 'SPECIALIST', 'specialist'),
    ('methodologist', 'Methodologist', 'METHODOLOGIST', 'methodologist'),
    ('admin', 'Admin', 'ADMIN', 'admin');

CREATE TABLE identity_secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE identity_data_protection_keys (
    friendly_name TEXT PRIMARY KEY,
    xml TEXT NOT NULL,
    created_at TEXT NOT NULL
);
