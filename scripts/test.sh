#!/usr/bin/env bash
# The test command: installs PostgreSQL and the tools tests run (promtool, docker-compose, Chromium and ChromeDriver) if
# missing, starts a private PostgreSQL, runs the whole suite,
# stops the instance and prints "N passed, N failed". Extra arguments go to `dotnet test` (e.g. --filter X).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib-postgres.sh
source scripts/lib-tools.sh
trap pg_down EXIT
pg_up || { echo "[test] could not start PostgreSQL" >&2; echo "0 passed, 1 failed"; exit 1; }
promtool_up || { echo "[test] could not install promtool" >&2; echo "0 passed, 1 failed"; exit 1; }
tool_from_debian docker-compose docker-compose || { echo "[test] could not install docker-compose" >&2; echo "0 passed, 1 failed"; exit 1; }
chromium_up || { echo "[test] could not install chromium and chromium-driver" >&2; echo "0 passed, 1 failed"; exit 1; }
# The browser tests save screenshots of the console here (kept after the run, unlike the trx files).
export RECSYS_TEST_ARTIFACTS="${RECSYS_TEST_ARTIFACTS:-$PWD/artifacts/console-screenshots}"

results="$(mktemp -d /tmp/recsys-results.XXXXXX)"
# No "|| true" after the pipeline: it would reset PIPESTATUS, and a build error would pass as "N passed, 0 failed".
dotnet test OrleansRecsys.sln -c Release --logger "trx" --results-directory "$results" "$@" 2>&1 | \
  grep -vE "^\s*$" | grep -vE "warn: |info: "
status=${PIPESTATUS[0]}

passed=0; failed=0
for f in "$results"/*.trx; do
  [[ -f "$f" ]] || continue
  p=$(grep -o 'passed="[0-9]*"' "$f" | head -1 | tr -dc 0-9); passed=$((passed + ${p:-0}))
  x=$(grep -o 'failed="[0-9]*"' "$f" | head -1 | tr -dc 0-9); failed=$((failed + ${x:-0}))
done
rm -rf "$results"
if [[ $status -ne 0 && $failed -eq 0 ]]; then failed=1; echo "[test] dotnet test exited $status (build or host failure)" >&2; fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
