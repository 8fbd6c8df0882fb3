#!/usr/bin/env bash
# Failover benchmark: N silo processes (cluster profile) on a private PostgreSQL and librdkafka's mock broker; each run
# stops one silo that owns partitions (kill -9 or SIGTERM) and times until every partition is consumed again.
#   scripts/failover-bench.sh [--runs 5] [--mode kill,term] [--silos 3] [--set RECSYS__KEY=VALUE,...]
# Prints each run on stderr, then the median per mode and whether every probe event was applied exactly once.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib-postgres.sh
trap pg_down EXIT INT TERM
dotnet build -c Release src/OrleansRecsys.Silo -v q -nologo >&2
dotnet build -c Release src/OrleansRecsys.Benchmarks -v q -nologo >&2
pg_up
dotnet run -c Release --no-build --project src/OrleansRecsys.Benchmarks -- failover "$@"
