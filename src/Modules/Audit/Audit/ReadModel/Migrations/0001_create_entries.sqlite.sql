-- The audit log: one row per stored change, written in the change's own transaction (see BuildingBlocks/Audit).
CREATE TABLE audit_entries (
    id TEXT PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    version INTEGER,
    module TEXT NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX ix_audit_entity ON audit_entries (entity, entity_id, at);
CREATE INDEX ix_audit_at ON audit_entries (at);
