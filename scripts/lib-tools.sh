#!/usr/bin/env bash
# Command-line tools some tests run, installed from Debian packages when missing: promtool (Prometheus' own checker,
# which lints /metrics), docker-compose (which validates the compose file; no engine is needed) and headless Chromium
# with its ChromeDriver (the rollout console's browser tests).
# Source this file, then call promtool_up, chromium_up and tool_from_debian COMMAND PACKAGE.
# Sourced by scripts: it sets no shell options of its own.

tool_from_debian() {
  local command="$1" package="$2"
  if command -v "$command" >/dev/null 2>&1; then return 0; fi
  echo "[test] $command not found: installing Debian's $package package (apt-get)" >&2
  debian_install "$package"
  command -v "$command" >/dev/null
}

# apt-get install of PACKAGE..., as root, or through sudo for a user that may use it without a password.
debian_install() {
  local apt=(env DEBIAN_FRONTEND=noninteractive apt-get)
  if [[ $EUID -ne 0 ]] && command -v sudo >/dev/null 2>&1; then apt=(sudo -n "${apt[@]}"); fi
  "${apt[@]}" update -qq >&2
  # Only the tools are wanted: no recommended extras (the prometheus package's server is not used by the tests).
  "${apt[@]}" install -y -qq --no-install-recommends "$@" >&2
}

# promtool for the /metrics lint tests: exports RECSYS_TEST_PROMTOOL.
promtool_up() {
  tool_from_debian promtool prometheus || return 1
  RECSYS_TEST_PROMTOOL="$(command -v promtool)"
  export RECSYS_TEST_PROMTOOL
  echo "[test] $("$RECSYS_TEST_PROMTOOL" --version 2>&1 | head -1)" >&2
}

# Chromium and ChromeDriver for the console's browser tests (Selenium drives the system browser; nothing is downloaded
# at test time): exports RECSYS_TEST_CHROMIUM and RECSYS_TEST_CHROMEDRIVER. Debian builds both from the same sources,
# so their versions match.
chromium_up() {
  tool_from_debian chromium chromium || return 1
  tool_from_debian chromedriver chromium-driver || return 1
  # Fonts are only recommended by the chromium package; without any, the screenshots would show boxes for text.
  if ! fc-list 2>/dev/null | grep -q .; then debian_install fonts-liberation || return 1; fi
  RECSYS_TEST_CHROMIUM="$(command -v chromium)"
  RECSYS_TEST_CHROMEDRIVER="$(command -v chromedriver)"
  export RECSYS_TEST_CHROMIUM RECSYS_TEST_CHROMEDRIVER
  echo "[test] $("$RECSYS_TEST_CHROMIUM" --version 2>/dev/null | head -1), $("$RECSYS_TEST_CHROMEDRIVER" --version 2>/dev/null | head -1)" >&2
}
