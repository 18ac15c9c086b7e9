-- Orleans ADO.NET grain persistence on PostgreSQL (invariant Npgsql). Idempotent: safe to re-run on any earlier version.
-- The product writes grain state through its own GroupCommitGrainStorage (same table, keys and versions, writes grouped
-- into shared transactions); the queries below keep the table usable by Orleans' own provider, which the tests run.
-- Tables carry an orleans_ prefix in the default schema rather than a schema of their own: Orleans reads the
-- unqualified OrleansQuery table through the search_path, and the SQLite twin of this script has no schemas.

-- Serialises hosts that start together; released at commit (run the file in one transaction, e.g. psql -1).
SELECT pg_advisory_xact_lock(hashtext('OrleansCrm.OrleansSchema'));

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- Orleans binds the state name (not the grain class) as @GrainTypeString, and GrainIdN0/N1/ExtensionString come from
-- the grain key only. The two hash parameters are ignored: the exact identity is the key, so the hasher can't matter.
-- A null key extension is stored as '' plus has_extension = false, so the primary key can enforce uniqueness
-- (PostgreSQL treats NULLs as distinct) and stays usable by plain equality lookups.
CREATE TABLE IF NOT EXISTS orleans_storage
(
    service_id             text        NOT NULL,
    state_name             text        NOT NULL,
    grain_id_n0            bigint      NOT NULL,
    grain_id_n1            bigint      NOT NULL,
    grain_id_extension     text        NOT NULL,
    grain_id_has_extension boolean     NOT NULL,
    payload_binary         bytea       NULL,
    version                integer     NOT NULL,
    modified_on            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_orleans_storage PRIMARY KEY
        (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension, grain_id_has_extension)
);

-- A busy grain's state is rewritten with every change (a specialist's with each ticket): keep payloads of up to a page
-- inline (no TOAST chunks to write, nothing for pglz to compress — binary state hardly compresses) and leave room on
-- each page for the next version, so updates stay on their page (HOT: no index entry per write). Re-running sets it again.
ALTER TABLE orleans_storage SET (toast_tuple_target = 8160, fillfactor = 70);

-- Upserts only text that differs, so a re-run rewrites no rows.
INSERT INTO OrleansQuery AS q (QueryKey, QueryText)
VALUES
('ReadFromStorageKey', $q$
SELECT payload_binary AS "PayloadBinary", version AS "Version"
FROM orleans_storage
WHERE service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = COALESCE(@GrainIdExtensionString, '')
  AND grain_id_has_extension = (@GrainIdExtensionString IS NOT NULL);
$q$),

-- A known version may only update that version; an unknown one (null ETag) may only insert. Either way one row
-- comes back on success and none on a conflict, which Orleans turns into InconsistentStateException.
('WriteToStorageKey', $q$
WITH updated AS
(
    UPDATE orleans_storage
    SET payload_binary = @PayloadBinary, version = version + 1, modified_on = now()
    WHERE @GrainStateVersion IS NOT NULL
      AND service_id = @ServiceId
      AND state_name = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0
      AND grain_id_n1 = @GrainIdN1
      AND grain_id_extension = COALESCE(@GrainIdExtensionString, '')
      AND grain_id_has_extension = (@GrainIdExtensionString IS NOT NULL)
      AND version = @GrainStateVersion
    RETURNING version
),
inserted AS
(
    INSERT INTO orleans_storage
        (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension, grain_id_has_extension, payload_binary, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''),
           (@GrainIdExtensionString IS NOT NULL), @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT pk_orleans_storage DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted;
$q$),

-- Keeps the row (payload gone, version bumped) so a stale activation can't resurrect the state.
('ClearStorageKey', $q$
UPDATE orleans_storage
SET payload_binary = NULL, version = version + 1, modified_on = now()
WHERE service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = COALESCE(@GrainIdExtensionString, '')
  AND grain_id_has_extension = (@GrainIdExtensionString IS NOT NULL)
  AND version = @GrainStateVersion
RETURNING version;
$q$),

-- Used when DeleteStateOnClear is on. Orleans expects the deleted version + 1 back (anything else is a conflict).
('DeleteStorageKey', $q$
DELETE FROM orleans_storage
WHERE service_id = @ServiceId
  AND state_name = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0
  AND grain_id_n1 = @GrainIdN1
  AND grain_id_extension = COALESCE(@GrainIdExtensionString, '')
  AND grain_id_has_extension = (@GrainIdExtensionString IS NOT NULL)
  AND version = @GrainStateVersion
RETURNING version + 1;
$q$)
ON CONFLICT (QueryKey) DO UPDATE
SET QueryText = EXCLUDED.QueryText
WHERE q.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
