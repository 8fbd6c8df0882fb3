-- OrleansRecsys :: 02-persistence.sql
--
-- Grain state storage for Microsoft.Orleans.Persistence.AdoNet (10.x) on PostgreSQL,
-- plus the four query rows the provider looks up in OrleansQuery:
--
--   ReadFromStorageKey   (required)
--   WriteToStorageKey    (required)
--   ClearStorageKey      (required; used when DeleteStateOnClear = false, the default)
--   DeleteStorageKey     (optional; required only when DeleteStateOnClear = true)
--
-- Requires 01-main.sql. Re-running is safe (IF NOT EXISTS / ON CONFLICT DO UPDATE).
--
-- Contract with the provider (what the C# side does with the results):
--   * Parameters: @GrainIdHash int4, @GrainIdN0 int8, @GrainIdN1 int8,
--     @GrainTypeHash int4, @GrainTypeString text, @GrainIdExtensionString text
--     (NULL when the key has no extension), @ServiceId text, and for the
--     mutating queries @GrainStateVersion int4 (NULL = "grain has no ETag yet");
--     the write additionally binds @PayloadBinary bytea.
--   * Read: at most one row; columns are looked up by name, "PayloadBinary"
--     (NULL payload => the grain gets a fresh default state) and "Version"
--     (becomes the ETag). No row => RecordExists = false, ETag = null.
--   * Write / clear / delete: the provider takes column 0 of the single result
--     row as the new ETag. It throws InconsistentStateException when that value
--     equals the ETag it sent, or is empty (SQL NULL). Therefore every mutating
--     query below returns EXACTLY ONE row: the new version on success, NULL when
--     nothing was changed (stale or missing version, or lost insert race).
--     Returning no row at all would be unsafe: with a non-null ETag the provider
--     would read that as success.
--   * Delete returns (deleted version + 1) on success; the provider then sets the
--     ETag to null itself, so the next write takes the "insert" path.

-- ---------------------------------------------------------------------------
-- Table
-- ---------------------------------------------------------------------------
-- One row per (service, grain type, grain id [+ key extension]). The provider
-- hashes id and type into two int4 values; those lead the index so lookups stay
-- narrow, and the full natural key (folded into an md5 of the text parts) makes
-- the index UNIQUE, so two concurrent first writes of the same grain cannot both
-- insert: the loser hits ON CONFLICT DO NOTHING and reports a version conflict.
CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    grain_id_hash   integer     NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    grain_type_hash integer     NOT NULL,
    grain_type      text        NOT NULL,
    grain_key_ext   text        NULL,
    service_id      text        NOT NULL,
    -- Serialized state exactly as produced by the configured IGrainStorageSerializer
    -- (JSON text bytes or Orleans binary); NULL after ClearStateAsync.
    payload         bytea       NULL,
    version         integer     NOT NULL,
    modified_at     timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_orleans_grain_state_identity
    ON orleans_grain_state
    (
        grain_id_hash,
        grain_type_hash,
        grain_id_n0,
        grain_id_n1,
        md5(service_id || chr(31) || grain_type || chr(31) || coalesce(chr(30) || grain_key_ext, ''))
    );

COMMENT ON TABLE orleans_grain_state IS
    'Orleans grain state (AdoNetGrainStorage). Queries live in OrleansQuery: ReadFromStorageKey, WriteToStorageKey, ClearStorageKey, DeleteStorageKey.';

-- ---------------------------------------------------------------------------
-- Query rows
-- ---------------------------------------------------------------------------
-- The texts are plain single statements (data-modifying CTEs), dollar-quoted
-- here only to avoid escaping. They reference only parameters the provider binds:
-- an @Name without a matching parameter would be sent to PostgreSQL verbatim.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'ReadFromStorageKey',
    $q$
SELECT s.payload AS "PayloadBinary",
       s.version AS "Version"
  FROM orleans_grain_state AS s
 WHERE s.grain_id_hash   = @GrainIdHash
   AND s.grain_type_hash = @GrainTypeHash
   AND s.grain_id_n0     = @GrainIdN0
   AND s.grain_id_n1     = @GrainIdN1
   AND s.grain_type      = @GrainTypeString
   AND s.grain_key_ext IS NOT DISTINCT FROM @GrainIdExtensionString
   AND s.service_id      = @ServiceId;
$q$
),
(
    'WriteToStorageKey',
    $q$
WITH bumped AS (
    UPDATE orleans_grain_state AS s
       SET payload     = @PayloadBinary,
           version     = s.version + 1,
           modified_at = now()
     WHERE @GrainStateVersion IS NOT NULL
       AND s.grain_id_hash   = @GrainIdHash
       AND s.grain_type_hash = @GrainTypeHash
       AND s.grain_id_n0     = @GrainIdN0
       AND s.grain_id_n1     = @GrainIdN1
       AND s.grain_type      = @GrainTypeString
       AND s.grain_key_ext IS NOT DISTINCT FROM @GrainIdExtensionString
       AND s.service_id      = @ServiceId
       AND s.version         = @GrainStateVersion
    RETURNING s.version
),
created AS (
    INSERT INTO orleans_grain_state
        (grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type,
         grain_key_ext, service_id, payload, version, modified_at)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
           @GrainIdExtensionString, @ServiceId, @PayloadBinary, 1, now()
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT (SELECT b.version FROM bumped AS b
        UNION ALL
        SELECT c.version FROM created AS c
        LIMIT 1) AS "NewGrainStateVersion";
$q$
),
(
    'ClearStorageKey',
    $q$
WITH emptied AS (
    UPDATE orleans_grain_state AS s
       SET payload     = NULL,
           version     = s.version + 1,
           modified_at = now()
     WHERE s.grain_id_hash   = @GrainIdHash
       AND s.grain_type_hash = @GrainTypeHash
       AND s.grain_id_n0     = @GrainIdN0
       AND s.grain_id_n1     = @GrainIdN1
       AND s.grain_type      = @GrainTypeString
       AND s.grain_key_ext IS NOT DISTINCT FROM @GrainIdExtensionString
       AND s.service_id      = @ServiceId
       AND s.version         = @GrainStateVersion
    RETURNING s.version
)
SELECT (SELECT e.version FROM emptied AS e) AS "NewGrainStateVersion";
$q$
),
(
    'DeleteStorageKey',
    $q$
WITH removed AS (
    DELETE FROM orleans_grain_state AS s
     WHERE s.grain_id_hash   = @GrainIdHash
       AND s.grain_type_hash = @GrainTypeHash
       AND s.grain_id_n0     = @GrainIdN0
       AND s.grain_id_n1     = @GrainIdN1
       AND s.grain_type      = @GrainTypeString
       AND s.grain_key_ext IS NOT DISTINCT FROM @GrainIdExtensionString
       AND s.service_id      = @ServiceId
       AND s.version         = @GrainStateVersion
    RETURNING s.version
)
SELECT (SELECT r.version + 1 FROM removed AS r) AS "NewGrainStateVersion";
$q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
