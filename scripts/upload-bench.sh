#!/usr/bin/env bash
# Model upload benchmark: one silo and one gateway process (cluster profile) on a private PostgreSQL and librdkafka's
# mock broker; a generated model with a big initializer is registered through the gateway.
#   scripts/upload-bench.sh [--mb 200]
# Prints the time to register and the resident memory of gateway and silo before and at the peak of the upload.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib-bench.sh
cluster_bench upload "$@"
