#!/usr/bin/env bash
# Private PostgreSQL instance for tests and local clusters: initdb into a temp dir as user postgres,
# a free port on 127.0.0.1, log in a postgres-owned folder. Source this file, then call pg_up / pg_down.
# Sourced by scripts: it sets no shell options of its own.

pg_bin_dir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [[ -x "$d/initdb" ]]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

pg_install_if_missing() {
  if pg_bin_dir >/dev/null 2>&1; then return 0; fi
  echo "[test] PostgreSQL not found: installing it from Debian packages (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  pg_bin_dir >/dev/null
}

pg_free_port() {
  python3 - <<'PY' 2>/dev/null || echo 55432
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

pg_up() {
  pg_install_if_missing
  local bin; bin="$(pg_bin_dir)"
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/bash postgres
  PG_ROOT="$(mktemp -d /tmp/recsys-pg.XXXXXX)"
  chown postgres:postgres "$PG_ROOT"
  chmod 700 "$PG_ROOT"
  PG_PORT="$(pg_free_port)"
  runuser -u postgres -- "$bin/initdb" -D "$PG_ROOT/data" -U postgres --auth=trust -E UTF8 >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_ROOT -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  export PG_ROOT PG_PORT
  export RECSYS_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"
  echo "[test] PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT ($PG_ROOT)" >&2
}

pg_down() {
  if [[ -n "${PG_ROOT:-}" && -d "$PG_ROOT/data" ]]; then
    local bin; bin="$(pg_bin_dir)"
    runuser -u postgres -- "$bin/pg_ctl" -D "$PG_ROOT/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_ROOT"
  fi
}
