#!/usr/bin/env bash
# Ingestion with grain state in PostgreSQL, batched writes vs the one-row path: one in-process silo (mock Kafka) on a
# private PostgreSQL with fsync on (as in production; the test instance runs without it), then for each path a fresh
# database: sustained applied rate, checkpoint and freshness p99, backlog drain rate, state writes/s, rows per
# statement and cold activations/s.
#   scripts/pg-ingest-bench.sh [--paths batched,one-row] [--rate 20000] [--users 100000] [--seconds 60] ...
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib-postgres.sh
trap pg_down EXIT INT TERM
dotnet build -c Release src/OrleansRecsys.Benchmarks -v q -nologo >&2
pg_up
runuser -u postgres -- "$(pg_bin_dir)/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "ALTER SYSTEM SET fsync = on" -c "SELECT pg_reload_conf()" >/dev/null
echo "[bench] machine load: $(uptime)" >&2
dotnet run -c Release --no-build --project src/OrleansRecsys.Benchmarks -- pg-ingest "$@"
