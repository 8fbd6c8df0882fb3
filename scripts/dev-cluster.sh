#!/usr/bin/env bash
# A local multi-process cluster in the cluster profile: a private PostgreSQL, a standalone Kafka-protocol broker
# (recsysctl dev kafka), N silo processes and one gateway on http://127.0.0.1:5080, and the demo ranker trained
# and registered as ranker@v1 through the gateway (the cluster profile trains nothing itself). Ctrl+C stops everything.
#   scripts/dev-cluster.sh [N=3]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-3}"
source scripts/lib-postgres.sh

echo "[cluster] building" >&2
dotnet build -c Release src/OrleansRecsys.Silo -v q -nologo >&2
dotnet build -c Release src/OrleansRecsys.Cli -v q -nologo >&2
SILO=src/OrleansRecsys.Silo/bin/Release/net10.0/linux-x64/OrleansRecsys.Silo.dll
CTL=src/OrleansRecsys.Cli/bin/Release/net10.0/linux-x64/recsysctl.dll
RUN="$(mktemp -d /tmp/recsys-cluster.XXXXXX)"
PIDS=()

cleanup() {
  echo "[cluster] stopping" >&2
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  pg_down
  rm -rf "$RUN"
}
trap cleanup EXIT INT TERM

pg_up
psql "host=127.0.0.1 port=$PG_PORT user=postgres dbname=postgres" -qc "CREATE DATABASE recsys" >/dev/null
for f in silo-config/sql/*.sql; do psql "host=127.0.0.1 port=$PG_PORT user=postgres dbname=recsys" -q -f "$f" >/dev/null; done
CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=recsys"

dotnet "$CTL" dev kafka > "$RUN/broker.out" 2> "$RUN/broker.log" &
PIDS+=($!)
for _ in $(seq 1 100); do grep -q '^bootstrap ' "$RUN/broker.out" 2>/dev/null && break; sleep 0.1; done
KAFKA="$(awk '/^bootstrap /{print $2}' "$RUN/broker.out")"
echo "[cluster] Kafka broker at $KAFKA" >&2

KEY="base64:$(head -c 48 /dev/urandom | base64 -w0)"
REQUEST_ID_KEY="base64:$(head -c 48 /dev/urandom | base64 -w0)"
STATE_KEY="$(head -c 32 /dev/urandom | base64 -w0)"
PSEUDONYM_KEY="$(head -c 32 /dev/urandom | base64 -w0)"
GRAIN_KEY_PSEUDONYM_KEY="$(head -c 32 /dev/urandom | base64 -w0)"
common_env() {
  export RECSYS_PROFILE=cluster
  export RECSYS__STORAGE__CONNECTIONSTRING="$CONN"
  export RECSYS__KAFKA__BOOTSTRAPSERVERS="$KAFKA"
  export RECSYS__AUTH__SIGNINGKEY="$KEY"
  export RECSYS__HOST__ADVERTISEDIP=127.0.0.1
  export RECSYS__GRID__MODELSTOREDIRECTORY="$RUN/model-store"
}

for i in $(seq 0 $((N - 1))); do
  (
    common_env
    export RECSYS__HOST__HTTPURL="http://127.0.0.1:$((5081 + i))"
    export RECSYS__GRID__REQUESTIDKEY="$REQUEST_ID_KEY"
    export RECSYS__ENCRYPTION__KEYS__0__ID=dev-1
    export RECSYS__ENCRYPTION__KEYS__0__KEY="$STATE_KEY"
    export RECSYS__ENCRYPTION__PSEUDONYMKEY="$PSEUDONYM_KEY"
    export RECSYS__ENCRYPTION__GRAINKEYPSEUDONYMKEY="$GRAIN_KEY_PSEUDONYM_KEY"
    export RECSYS__HOST__SILOPORT=$((11111 + i))
    export RECSYS__HOST__GATEWAYPORT=$((30000 + i))
    exec dotnet "$SILO" > "$RUN/silo$i.log" 2>&1
  ) &
  PIDS+=($!)
  echo "[cluster] silo $i: http://127.0.0.1:$((5081 + i)), log $RUN/silo$i.log" >&2
done

(
  common_env
  export RECSYS__HOST__ROLE=gateway
  export RECSYS__HOST__HTTPURL="http://127.0.0.1:5080"
  exec dotnet "$SILO" > "$RUN/gateway.log" 2>&1
) &
PIDS+=($!)

mkdir -p .recsys
RECSYS__AUTH__SIGNINGKEY="$KEY" dotnet "$CTL" token --sub dev-admin > .recsys/dev-token

# The first version of a model becomes its stable one; the silos report ready once it is loaded.
for _ in $(seq 1 240); do curl -fsS -o /dev/null http://127.0.0.1:5080/health/live 2>/dev/null && break; sleep 0.5; done
dotnet "$CTL" train --out "$RUN/ranker-v1" --version v1 >&2
dotnet "$CTL" models register ranker --dir "$RUN/ranker-v1" >&2
echo "[cluster] gateway http://127.0.0.1:5080; admin token in .recsys/dev-token; Ctrl+C stops everything" >&2
wait
