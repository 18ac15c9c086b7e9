-- Orleans ADO.NET clustering (membership) on PostgreSQL (invariant Npgsql). Idempotent: safe to re-run on any earlier version.
-- Tables carry an orleans_ prefix in the default schema rather than a schema of their own: Orleans reads the
-- unqualified OrleansQuery table through the search_path.

-- Serialises hosts that start together; released at commit (run the file in one transaction, e.g. psql -1).
SELECT pg_advisory_xact_lock(hashtext('OrleansCrm.OrleansSchema'));

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- One row per cluster (Orleans' @DeploymentId is the ClusterId); version is the table-wide optimistic etag.
CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id text        NOT NULL PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    modified_on   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   text        NOT NULL REFERENCES orleans_membership_version (deployment_id),
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT pk_orleans_membership PRIMARY KEY (deployment_id, address, port, generation)
);

-- Upserts only text that differs, so a re-run rewrites no rows.
-- Row writes (insert, update) must move the table version from @Version to @Version + 1 in the same statement and
-- report success as a single boolean; reads must return the version row even when the cluster has no silos yet
-- (Orleans takes the etag from the first row and treats a null StartTime as "no member").
INSERT INTO OrleansQuery AS q (QueryKey, QueryText)
VALUES
('InsertMembershipVersionKey', $q$
WITH inserted AS
(
    INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted);
$q$),

('InsertMembershipKey', $q$
WITH bumped AS
(
    UPDATE orleans_membership_version
    SET version = version + 1, modified_on = now()
    WHERE deployment_id = @DeploymentId
      AND version = @Version
      AND NOT EXISTS (SELECT 1 FROM orleans_membership
                      WHERE deployment_id = @DeploymentId AND address = @Address
                        AND port = @Port AND generation = @Generation)
    RETURNING deployment_id
),
inserted AS
(
    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
    FROM bumped
    ON CONFLICT ON CONSTRAINT pk_orleans_membership DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted);
$q$),

('UpdateMembershipKey', $q$
WITH bumped AS
(
    UPDATE orleans_membership_version
    SET version = version + 1, modified_on = now()
    WHERE deployment_id = @DeploymentId
      AND version = @Version
      AND EXISTS (SELECT 1 FROM orleans_membership
                  WHERE deployment_id = @DeploymentId AND address = @Address
                    AND port = @Port AND generation = @Generation)
    RETURNING deployment_id
),
updated AS
(
    UPDATE orleans_membership AS m
    SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    FROM bumped
    WHERE m.deployment_id = bumped.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM updated);
$q$),

-- Heartbeats deliberately leave the table version alone.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership
SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation;
$q$),

('MembershipReadRowKey', $q$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
$q$),

('MembershipReadAllKey', $q$
SELECT v.version AS "Version",
       m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status", m.proxy_port AS "ProxyPort",
       m.suspect_times AS "SuspectTimes", m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version AS v
LEFT JOIN orleans_membership AS m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
$q$),

-- Orleans builds the gateway URI from Address, ProxyPort and Generation; @Status is SiloStatus.Active.
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
$q$),

-- 6 is SiloStatus.Dead. Orleans 10.4 only falls back to this bulk form when CleanupDefunctSiloEntryKey is missing.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = 6
  AND i_am_alive_time < @IAmAliveTime AND start_time < @IAmAliveTime;
$q$),

-- Optional key, preferred by Orleans 10.4: it picks the defunct rows itself (also judging suspect times, so a silo
-- declared dead just now survives) and deletes each one only if it is unchanged since it read it.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId
  AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
  AND COALESCE(suspect_times, '') = COALESCE(@SuspectTimes, '');
$q$)
ON CONFLICT (QueryKey) DO UPDATE
SET QueryText = EXCLUDED.QueryText
WHERE q.QueryText IS DISTINCT FROM EXCLUDED.QueryText;
