#!/usr/bin/env bash
# The cluster benchmarks' common run: build the silo and the benchmark tool, start a private PostgreSQL (stopped on
# exit), then run one benchmark command of the tool. Source this file, then call cluster_bench COMMAND [ARGS...].
# Sourced by scripts: it sets no shell options of its own.
source "$(dirname "${BASH_SOURCE[0]}")/lib-postgres.sh"

cluster_bench() {
  trap pg_down EXIT INT TERM
  dotnet build -c Release src/OrleansRecsys.Silo -v q -nologo >&2
  dotnet build -c Release src/OrleansRecsys.Benchmarks -v q -nologo >&2
  pg_up
  dotnet run -c Release --no-build --project src/OrleansRecsys.Benchmarks -- "$@"
}
