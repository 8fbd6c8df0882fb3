#!/usr/bin/env bash
# Command-line tools some tests run, installed from Debian packages when missing: promtool (Prometheus' own checker,
# which lints /metrics) and docker-compose (which validates the compose file; no engine is needed).
# Source this file, then call promtool_up and tool_from_debian COMMAND PACKAGE.
# Sourced by scripts: it sets no shell options of its own.

tool_from_debian() {
  local command="$1" package="$2"
  if command -v "$command" >/dev/null 2>&1; then return 0; fi
  echo "[test] $command not found: installing Debian's $package package (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # Only the tool is wanted: no recommended extras (the prometheus package's server is not used by the tests).
  apt-get install -y -qq --no-install-recommends "$package" >&2
  command -v "$command" >/dev/null
}

# promtool for the /metrics lint tests: exports RECSYS_TEST_PROMTOOL.
promtool_up() {
  tool_from_debian promtool prometheus || return 1
  RECSYS_TEST_PROMTOOL="$(command -v promtool)"
  export RECSYS_TEST_PROMTOOL
  echo "[test] $("$RECSYS_TEST_PROMTOOL" --version 2>&1 | head -1)" >&2
}
