-- The audit log: one row per stored change, written in the change's own transaction (see BuildingBlocks/Audit).
CREATE SCHEMA IF NOT EXISTS audit;
CREATE TABLE audit.entries (
    id uuid PRIMARY KEY,
    entity varchar(40) NOT NULL,
    entity_id varchar(64) NOT NULL,
    version integer,
    module varchar(40) NOT NULL,
    actor_id varchar(64),
    actor_name varchar(200) NOT NULL,
    at bigint NOT NULL,
    action varchar(60) NOT NULL,
    changes text NOT NULL
);
CREATE INDEX ix_audit_entity ON audit.entries (entity, entity_id, at);
CREATE INDEX ix_audit_at ON audit.entries (at);
