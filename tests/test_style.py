"""The code base's checks that are not tests: `ruff format --check` and `mypy` (configured in pyproject.toml).

They run as subprocesses of this interpreter, so the README's single test command (and
.ci/run) enforces them; each is skipped, saying why, when its tool is not installed (the
`dev` extra installs both). Run one alone: `pytest -m mypy` or `pytest tests/test_style.py`.
"""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from dyads.model import ROLES, Role

ROOT = Path(__file__).resolve().parents[1]
FORMATTED = ("dyads", "tests", "benchmarks", "scripts")


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(tool) is None:
        pytest.skip(f"{tool} is not installed in this environment (pip install -e '.[dev]')")
    return subprocess.run([sys.executable, "-m", tool, *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_format_leaves_every_file_as_it_is() -> None:
    result = _run("ruff", "format", "--check", *FORMATTED)
    assert result.returncode == 0, f"run: ruff format {' '.join(FORMATTED)}\n{result.stdout}{result.stderr}"


@pytest.mark.mypy
def test_mypy_finds_no_errors() -> None:
    result = _run("mypy", "dyads")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_role_literal_is_the_role_table() -> None:
    """model.Role lists exactly the roles of data/actors/roles.tsv ('-', the bare country, is no role)."""
    with (ROOT / "dyads" / "data" / "actors" / "roles.tsv").open(encoding="utf-8", newline="") as fh:
        table = {row["role"] for row in csv.DictReader(fh, delimiter="\t")} - {"-"}
    assert set(ROLES) == table and len(ROLES) == len(table) and ROLES == get_args(Role)
