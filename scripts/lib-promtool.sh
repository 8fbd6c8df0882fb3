#!/usr/bin/env bash
# promtool (Prometheus' own checker) for the tests that lint /metrics: installed from Debian's prometheus package
# when missing. Source this file, then call promtool_up: it exports RECSYS_TEST_PROMTOOL.
# Sourced by scripts: it sets no shell options of its own.

promtool_install_if_missing() {
  if command -v promtool >/dev/null 2>&1; then return 0; fi
  echo "[test] promtool not found: installing Debian's prometheus package (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  # Only the tool is wanted: no recommended exporters. The package's server is not used by the tests.
  apt-get install -y -qq --no-install-recommends prometheus >&2
  command -v promtool >/dev/null
}

promtool_up() {
  promtool_install_if_missing || return 1
  RECSYS_TEST_PROMTOOL="$(command -v promtool)"
  export RECSYS_TEST_PROMTOOL
  echo "[test] $("$RECSYS_TEST_PROMTOOL" --version 2>&1 | head -1)" >&2
}
