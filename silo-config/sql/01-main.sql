-- OrleansRecsys :: 01-main.sql
--
-- Query catalogue shared by every Orleans ADO.NET provider (clustering, grain
-- persistence, ...). At start-up each provider runs
--     SELECT QueryKey, QueryText FROM OrleansQuery [WHERE ...]
-- and afterwards executes only the SQL text it finds here, binding its own
-- named parameters (@Name) through Npgsql.
--
-- The table name and the two column names are fixed by the providers; they are
-- left unquoted so PostgreSQL stores them folded to lower case, which is what the
-- providers' unquoted SELECT resolves to.
--
-- Apply first, then the other scripts in name order (02-persistence.sql, 03-clustering.sql, ...). Re-running is safe.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64)   NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT pk_orleansquery PRIMARY KEY (QueryKey)
);

COMMENT ON TABLE OrleansQuery IS
    'Orleans ADO.NET provider query catalogue (key -> SQL text). Filled by 02-persistence.sql and 03-clustering.sql.';
