"""Every setting, command and rejection reason is documented."""

from __future__ import annotations

import re

import click
import pytest

from dyads.cli.main import main
from dyads.errors import REASONS
from dyads.settings import Settings

from .conftest import ROOT

CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "dyads") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in group.commands.items():
        out.append((f"{prefix} {name}", cmd))
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, f"{prefix} {name}"))
    return out


@pytest.mark.parametrize("name", Settings.names())
def test_docs_every_setting_documented(name):
    assert Settings.help()[name]
    assert f"`{name}`" in CLI_DOC


@pytest.mark.parametrize("path,cmd", _commands(main), ids=lambda x: x if isinstance(x, str) else "")
def test_docs_every_command_documented_with_help(path, cmd):
    assert cmd.help, f"{path} has no help"
    assert re.search(rf"^## {re.escape(path)}\b", CLI_DOC, re.M), f"{path} missing from docs/cli.md"


@pytest.mark.parametrize("slug", sorted(REASONS))
def test_docs_every_reason_in_errors_md(slug):
    errors_md = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert f"`{slug}`" in errors_md
