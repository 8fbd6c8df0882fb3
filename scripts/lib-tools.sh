#!/usr/bin/env bash
# Command-line tools some tests run (docker-compose to validate the compose file, ...), installed from Debian packages
# when missing. Source this file, then call tool_from_debian COMMAND PACKAGE.
# Sourced by scripts: it sets no shell options of its own.

tool_from_debian() {
  local command="$1" package="$2"
  if command -v "$command" >/dev/null 2>&1; then return 0; fi
  echo "[test] $command not found: installing Debian's $package package (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "$package" >&2
  command -v "$command" >/dev/null
}
