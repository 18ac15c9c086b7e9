-- Orleans ADO.NET grain persistence on SQLite (invariant System.Data.SQLite, which Orleans maps to Microsoft.Data.Sqlite).
-- The product writes grain state through its own GroupCommitGrainStorage (same table, keys and versions, writes grouped
-- into shared transactions); the queries below keep the table usable by Orleans' own provider, which the tests run.
-- Idempotent: safe to re-run on any earlier version. WAL mode is switched on by the caller: it can't change inside a transaction.
-- Tables carry an orleans_ prefix because the file is shared with the product's EF Core read tables.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

-- Orleans binds the state name (not the grain class) as @GrainTypeString, and GrainIdN0/N1/ExtensionString come from
-- the grain key only. The two hash parameters are ignored: the exact identity is the key, so the hasher can't matter.
-- A null key extension is stored as '' plus has_extension = 0, so the primary key can enforce uniqueness
-- (SQLite treats NULLs as distinct) and stays usable by plain equality lookups.
CREATE TABLE IF NOT EXISTS orleans_storage
(
    service_id             TEXT    NOT NULL,
    state_name             TEXT    NOT NULL,
    grain_id_n0            INTEGER NOT NULL,
    grain_id_n1            INTEGER NOT NULL,
    grain_id_extension     TEXT    NOT NULL,
    grain_id_has_extension INTEGER NOT NULL,
    payload_binary         BLOB    NULL,
    version                INTEGER NOT NULL,
    modified_on            TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension, grain_id_has_extension)
);

-- Upserts only text that differs, so a re-run rewrites no rows.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
('ReadFromStorageKey', '
SELECT payload_binary AS PayloadBinary, version AS Version
FROM orleans_storage
WHERE service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = COALESCE(@GrainIdExtensionString, '''')
  AND grain_id_has_extension = (@GrainIdExtensionString IS NOT NULL);
'),

-- A known version may only update that version; an unknown one (null ETag) may only insert. Orleans reads every
-- result set, so the two statements yield one row on success and none on a conflict (InconsistentStateException).
('WriteToStorageKey', '
UPDATE orleans_storage
SET payload_binary = @PayloadBinary, version = version + 1,
    modified_on = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE @GrainStateVersion IS NOT NULL
  AND service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = COALESCE(@GrainIdExtensionString, '''')
  AND grain_id_has_extension = (@GrainIdExtensionString IS NOT NULL)
  AND version = @GrainStateVersion
RETURNING version AS NewGrainStateVersion;

INSERT INTO orleans_storage
    (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension, grain_id_has_extension, payload_binary, version)
SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''),
       (@GrainIdExtensionString IS NOT NULL), @PayloadBinary, 1
WHERE @GrainStateVersion IS NULL
ON CONFLICT DO NOTHING
RETURNING version AS NewGrainStateVersion;
'),

-- Keeps the row (payload gone, version bumped) so a stale activation can't resurrect the state.
('ClearStorageKey', '
UPDATE orleans_storage
SET payload_binary = NULL, version = version + 1,
    modified_on = strftime(''%Y-%m-%dT%H:%M:%fZ'', ''now'')
WHERE service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = COALESCE(@GrainIdExtensionString, '''')
  AND grain_id_has_extension = (@GrainIdExtensionString IS NOT NULL)
  AND version = @GrainStateVersion
RETURNING version;
'),

-- Used when DeleteStateOnClear is on. Orleans expects the deleted version + 1 back (anything else is a conflict).
('DeleteStorageKey', '
DELETE FROM orleans_storage
WHERE service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = COALESCE(@GrainIdExtensionString, '''')
  AND grain_id_has_extension = (@GrainIdExtensionString IS NOT NULL)
  AND version = @GrainStateVersion
RETURNING version + 1;
')
ON CONFLICT (QueryKey) DO UPDATE
SET QueryText = excluded.QueryText
WHERE QueryText IS NOT excluded.QueryText;
