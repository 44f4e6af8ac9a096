#!/usr/bin/env bash
# Set up dyads in ./.venv from the package registries only.
#   bash scripts/setup.sh         the package, the pinned spaCy model, all runtime dependencies
#   bash scripts/setup.sh --dev   also the test tools, and Debian's chromium for the browser test when run as root
# Versions come from requirements.lock (exact pins; refresh with bash scripts/lock.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# pip 23.2 installs trafilatura in a state that cannot import: upgrade pip first
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--dev" ]; then
  .venv/bin/python -m pip install --quiet -c requirements.lock -e ".[dev]"
  # the dashboard's browser test drives Debian's headless chromium (through Playwright); it skips without one
  if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
        || echo "setup: could not install chromium; the browser tests will skip" >&2
    else
      echo "setup: no chromium; the browser tests will skip (as root: apt-get install chromium)" >&2
    fi
  fi
else
  .venv/bin/python -m pip install --quiet -c requirements.lock -e .
fi
