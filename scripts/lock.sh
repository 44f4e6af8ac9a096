#!/usr/bin/env bash
# Refresh requirements.lock: the exact versions that scripts/setup.sh (and so CI) installs.
#   bash scripts/lock.sh    in a fresh venv: install dyads[dev] from pyproject's ranges, freeze it
# Commit the new lock together with whatever made it necessary (a new dependency, a bound moved).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PYTHON" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet --upgrade pip
"$tmp/venv/bin/python" -m pip install --quiet -e ".[dev]"
{
  echo "# Exact versions installed by scripts/setup.sh (pip constraints). Refresh: bash scripts/lock.sh"
  "$tmp/venv/bin/python" -m pip freeze --exclude-editable | grep -v '^-e '
} > requirements.lock
echo "requirements.lock: $(grep -vc '^#' requirements.lock) packages"
