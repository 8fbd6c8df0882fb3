#!/usr/bin/env bash
# Failover benchmark: N silo processes (cluster profile) on a private PostgreSQL and librdkafka's mock broker; each run
# stops one silo that owns partitions (kill -9 or SIGTERM) and times until every partition is consumed again.
#   scripts/failover-bench.sh [--runs 5] [--mode kill,term] [--silos 3] [--set RECSYS__KEY=VALUE,...] [--logs DIR]
# Prints each run on stderr, then the median per mode and whether every probe event was applied exactly once.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib-bench.sh
cluster_bench failover "$@"
