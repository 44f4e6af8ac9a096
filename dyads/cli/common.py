"""What every command module shares: the setup-error exception and settings from --config."""

from __future__ import annotations

from typing import Any

import click

from dyads.errors import DyadsError
from dyads.settings import Settings


class Failure(click.ClickException):
    """A setup error: exit status 3."""

    exit_code = 3


def _settings(ctx: click.Context, **flags: Any) -> Settings:
    try:
        return Settings.load(ctx.obj.get("config") if ctx.obj else None, **flags)
    except DyadsError as exc:
        raise Failure(str(exc)) from exc
