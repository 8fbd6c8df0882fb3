-- OrleansRecsys :: 03-clustering.sql
--
-- Cluster membership for Microsoft.Orleans.Clustering.AdoNet (10.x) on PostgreSQL,
-- used by silos (UseAdoNetClustering -> AdoNetClusteringTable) and by clients
-- (UseAdoNetClustering -> AdoNetGatewayListProvider). Both load the WHOLE
-- OrleansQuery table at start-up and refuse to start if any of these keys is
-- missing:
--
--   GatewaysQueryKey, MembershipReadRowKey, MembershipReadAllKey,
--   InsertMembershipVersionKey, UpdateIAmAlivetimeKey, InsertMembershipKey,
--   UpdateMembershipKey, DeleteMembershipTableEntriesKey,
--   CleanupDefunctSiloEntriesKey
--
-- CleanupDefunctSiloEntryKey (singular) is also provided: newer provider builds
-- use it for per-row cleanup of dead silos; older builds ignore extra keys.
--
-- Requires 01-main.sql. Re-running is safe.
--
-- Provider contract, in short:
--   * @DeploymentId is ClusterOptions.ClusterId. A silo address is bound as
--     @Address (text, IP), @Port (int4), @Generation (int4). Times are UTC
--     DateTime values, which Npgsql sends as timestamptz. @Status is the int value
--     of SiloStatus (3 = Active, 6 = Dead). @Version is the table version (ETag)
--     the caller last read. @SuspectTimes is "silo,date|silo,date" text or NULL.
--   * Reads must return one row per member PLUS the table version, and at least
--     one row whenever the version row exists (LEFT JOIN): the provider reads the
--     version from row 0 and treats a row with NULL "StartTime" as "no member".
--     Columns are looked up by name.
--   * InsertMembershipVersionKey, InsertMembershipKey and UpdateMembershipKey must
--     return a single row with a single column that converts to bool.
--   * Insert/Update are conditional on @Version and must change nothing at all
--     when they report false.

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------
-- One row per cluster (deployment): the optimistic-concurrency token for the
-- whole membership table of that cluster.
CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id text        NOT NULL,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT pk_orleans_membership_version PRIMARY KEY (deployment_id)
);

-- One row per silo incarnation (address, port, generation) in a cluster.
CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   text        NOT NULL,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,

    CONSTRAINT pk_orleans_membership PRIMARY KEY (deployment_id, address, port, generation),
    CONSTRAINT fk_orleans_membership_cluster FOREIGN KEY (deployment_id)
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE
);

COMMENT ON TABLE orleans_membership_version IS 'Orleans membership table version per cluster (AdoNetClusteringTable).';
COMMENT ON TABLE orleans_membership IS 'Orleans silo membership rows (AdoNetClusteringTable / AdoNetGatewayListProvider).';

-- ---------------------------------------------------------------------------
-- Helper functions for the two conditional, two-table writes.
-- Both return false and leave no trace when the version check fails: the
-- partial work is undone by raising a private SQLSTATE inside a block with an
-- EXCEPTION handler (a sub-transaction), not by ASSERT, which a server setting
-- (plpgsql.check_asserts = off) could silently disable.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION orleans_membership_add(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_silo_name        text,
    p_host_name        text,
    p_status           integer,
    p_proxy_port       integer,
    p_start_time       timestamptz,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    INSERT INTO orleans_membership
        (deployment_id, address, port, generation, silo_name, host_name,
         status, proxy_port, suspect_times, start_time, i_am_alive_time)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
         p_status, coalesce(p_proxy_port, 0), NULL, p_start_time, p_i_am_alive_time)
    ON CONFLICT ON CONSTRAINT pk_orleans_membership DO NOTHING;

    IF NOT FOUND THEN
        -- This silo incarnation is already registered: nothing was changed.
        RETURN false;
    END IF;

    UPDATE orleans_membership_version AS v
       SET version    = v.version + 1,
           changed_at = now()
     WHERE v.deployment_id = p_deployment_id
       AND v.version = p_expected_version;

    IF NOT FOUND THEN
        -- Someone changed the table since the caller read it: undo the insert.
        RAISE EXCEPTION USING ERRCODE = 'OR409', MESSAGE = 'orleans membership version mismatch';
    END IF;

    RETURN true;
EXCEPTION
    WHEN SQLSTATE 'OR409' THEN
        RETURN false;
END;
$fn$;

CREATE OR REPLACE FUNCTION orleans_membership_change(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_status           integer,
    p_suspect_times    text,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    -- Bump the table version first: this also row-locks it, serializing
    -- concurrent membership writers of the same cluster.
    UPDATE orleans_membership_version AS v
       SET version    = v.version + 1,
           changed_at = now()
     WHERE v.deployment_id = p_deployment_id
       AND v.version = p_expected_version;

    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership AS m
       SET status          = p_status,
           suspect_times   = p_suspect_times,
           i_am_alive_time = p_i_am_alive_time
     WHERE m.deployment_id = p_deployment_id
       AND m.address       = p_address
       AND m.port          = p_port
       AND m.generation    = p_generation;

    IF NOT FOUND THEN
        -- No such member: undo the version bump.
        RAISE EXCEPTION USING ERRCODE = 'OR404', MESSAGE = 'orleans membership row not found';
    END IF;

    RETURN true;
EXCEPTION
    WHEN SQLSTATE 'OR404' THEN
        RETURN false;
END;
$fn$;

-- ---------------------------------------------------------------------------
-- Query rows
-- ---------------------------------------------------------------------------
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'InsertMembershipVersionKey',
    $q$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id)
    VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING deployment_id
)
SELECT EXISTS (SELECT 1 FROM created) AS "Created";
$q$
),
(
    'InsertMembershipKey',
    $q$
SELECT orleans_membership_add(
           @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
           @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS "Inserted";
$q$
),
(
    'UpdateMembershipKey',
    $q$
SELECT orleans_membership_change(
           @DeploymentId, @Address, @Port, @Generation,
           @Status, @SuspectTimes, @IAmAliveTime, @Version) AS "Updated";
$q$
),
(
    'UpdateIAmAlivetimeKey',
    $q$
UPDATE orleans_membership AS m
   SET i_am_alive_time = @IAmAliveTime
 WHERE m.deployment_id = @DeploymentId
   AND m.address       = @Address
   AND m.port          = @Port
   AND m.generation    = @Generation;
$q$
),
(
    'MembershipReadRowKey',
    $q$
SELECT v.deployment_id   AS "DeploymentId",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime",
       v.version         AS "Version"
  FROM orleans_membership_version AS v
  LEFT JOIN orleans_membership AS m
         ON m.deployment_id = v.deployment_id
        AND m.address       = @Address
        AND m.port          = @Port
        AND m.generation    = @Generation
 WHERE v.deployment_id = @DeploymentId;
$q$
),
(
    'MembershipReadAllKey',
    $q$
SELECT v.deployment_id   AS "DeploymentId",
       m.address         AS "Address",
       m.port            AS "Port",
       m.generation      AS "Generation",
       m.silo_name       AS "SiloName",
       m.host_name       AS "HostName",
       m.status          AS "Status",
       m.proxy_port      AS "ProxyPort",
       m.suspect_times   AS "SuspectTimes",
       m.start_time      AS "StartTime",
       m.i_am_alive_time AS "IAmAliveTime",
       v.version         AS "Version"
  FROM orleans_membership_version AS v
  LEFT JOIN orleans_membership AS m
         ON m.deployment_id = v.deployment_id
 WHERE v.deployment_id = @DeploymentId
 ORDER BY m.address, m.port, m.generation;
$q$
),
(
    'GatewaysQueryKey',
    $q$
SELECT m.address    AS "Address",
       m.proxy_port AS "ProxyPort",
       m.generation AS "Generation"
  FROM orleans_membership AS m
 WHERE m.deployment_id = @DeploymentId
   AND m.status        = @Status
   AND m.proxy_port    > 0;
$q$
),
(
    'DeleteMembershipTableEntriesKey',
    $q$
DELETE FROM orleans_membership_version AS v
 WHERE v.deployment_id = @DeploymentId;
$q$
),
(
    'CleanupDefunctSiloEntriesKey',
    $q$
DELETE FROM orleans_membership AS m
 WHERE m.deployment_id   = @DeploymentId
   AND m.status          = 6
   AND m.i_am_alive_time < @IAmAliveTime
   AND m.start_time      < @IAmAliveTime;
$q$
),
(
    'CleanupDefunctSiloEntryKey',
    $q$
DELETE FROM orleans_membership AS m
 WHERE m.deployment_id   = @DeploymentId
   AND m.address         = @Address
   AND m.port            = @Port
   AND m.generation      = @Generation
   AND m.status          = 6
   AND m.start_time      = @StartTime
   AND m.i_am_alive_time = @IAmAliveTime
   AND coalesce(m.suspect_times, '') = coalesce(@SuspectTimes, '');
$q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
