-- OrleansRecsys :: 05-reminders.sql
--
-- The reminder table for Microsoft.Orleans.Reminders.AdoNet (10.x) on PostgreSQL. Batch coordinators keep a
-- reminder while a run is in progress, and retraining autopilots while they watch a model or run a retraining; after a
-- silo restart it is what wakes them to resume the run, so it must live in the database, not in a silo. At start-up the provider loads OrleansQuery and uses these keys:
--
--   UpsertReminderRowKey, ReadReminderRowKey, ReadReminderRowsKey, ReadRangeRows1Key, ReadRangeRows2Key,
--   DeleteReminderRowKey, DeleteReminderRowsKey
--
-- Requires 01-main.sql. Re-running is safe.
--
-- Provider contract, in short:
--   * Parameters: @ServiceId text, @GrainId text (the grain id's string form), @ReminderName text, @StartTime (UTC
--     timestamp), @Period (milliseconds, int4 or int8), @GrainHash int4 (the grain's uniform hash as a signed int),
--     @BeginHash / @EndHash int4 (a ring range, begin exclusive, end inclusive), @Version int4 (the ETag it read).
--   * Reads return columns named GrainId, ReminderName, StartTime, Period (int8) and Version (int4), looked up by name.
--   * The upsert returns one row with the new Version; the delete one row with one boolean column (true = deleted).
--   * ReadRangeRows1Key serves begin < end; ReadRangeRows2Key a range that wraps around the ring (begin >= end).

CREATE TABLE IF NOT EXISTS orleans_reminders
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL DEFAULT 0,

    CONSTRAINT pk_orleans_reminders PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Each silo reads the reminders of its share of the hash ring when membership changes.
CREATE INDEX IF NOT EXISTS ix_orleans_reminders_hash ON orleans_reminders (service_id, grain_hash);

COMMENT ON TABLE orleans_reminders IS 'Orleans reminders (AdoNetReminderTable): batch coordinators and retraining autopilots resume their runs from these.';

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
(
    'UpsertReminderRowKey',
    $q$
INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT ON CONSTRAINT pk_orleans_reminders DO UPDATE
    SET start_time = EXCLUDED.start_time,
        period_ms  = EXCLUDED.period_ms,
        grain_hash = EXCLUDED.grain_hash,
        version    = orleans_reminders.version + 1
RETURNING version AS "Version";
$q$
),
(
    'ReadReminderRowKey',
    $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;
$q$
),
(
    'ReadReminderRowsKey',
    $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_id = @GrainId;
$q$
),
(
    'ReadRangeRows1Key',
    $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash;
$q$
),
(
    'ReadRangeRows2Key',
    $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime", period_ms AS "Period", version AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash);
$q$
),
(
    'DeleteReminderRowKey',
    $q$
WITH deleted AS (
    DELETE FROM orleans_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted) AS "Deleted";
$q$
),
(
    'DeleteReminderRowsKey',
    $q$
DELETE FROM orleans_reminders WHERE service_id = @ServiceId;
$q$
)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
