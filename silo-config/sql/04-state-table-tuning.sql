-- OrleansRecsys :: 04-state-table-tuning.sql
--
-- Storage settings for orleans_grain_state under batched checkpoint writes. No column, index or query changes: the
-- batched path writes the same rows and versions the ADO.NET provider's queries (02-persistence.sql) read and write,
-- so silos with batched and with one-row writes can run against one database at the same time.
--
-- Every checkpoint rewrites the row of every grain it touched, so the table is almost all updates:
--   * fillfactor 80 leaves room on each page for the new row version, so most updates are HOT (the identity index
--     does not change and gets no new entry). It applies to pages written from now on; existing pages keep their fill
--     until the table is rewritten (VACUUM FULL, or pg_repack to avoid the exclusive lock).
--   * autovacuum runs after 2% of the rows changed (default 20%), so dead versions are reclaimed before they
--     double the table, and without cost-based sleeps on this table, so it keeps up with the write rate.
--
-- Requires 02-persistence.sql. Re-running is safe (ALTER TABLE ... SET only sets storage parameters).
ALTER TABLE orleans_grain_state SET (
    fillfactor = 80,
    autovacuum_vacuum_scale_factor = 0.02,
    autovacuum_vacuum_insert_scale_factor = 0.02,
    autovacuum_analyze_scale_factor = 0.05,
    autovacuum_vacuum_cost_delay = 0
);
