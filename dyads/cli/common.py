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


def dictionary_options(func: Any) -> Any:
    """`--actors PATH` and `--verbs PATH` (repeatable): user dictionaries over the shipped ones.

    Given on the command line they replace the `actors` / `verbs` settings of the config file;
    pass them on with `dictionary_flags`.
    """
    func = click.option(
        "--verbs",
        "verbs",
        multiple=True,
        type=click.Path(exists=True),
        help="your verb patterns: a .yml file or a folder of them (repeatable; docs: dyads docs verbs)",
    )(func)
    return click.option(
        "--actors",
        "actors",
        multiple=True,
        type=click.Path(exists=True),
        help="your actors: a .tsv file in a knowledge-base format, or a folder of them (repeatable; "
        "docs: dyads docs actors)",
    )(func)


def fetch_options(func: Any) -> Any:
    """`--delay` and `--timeout` for the polite client that fetches URLs (named or in URL lists)."""
    func = click.option(
        "--timeout",
        default=20.0,
        show_default=True,
        type=click.FloatRange(0.1),
        help="seconds before a URL fetch gives up",
    )(func)
    return click.option(
        "--delay",
        default=1.0,
        show_default=True,
        type=click.FloatRange(0),
        help="seconds between requests to one host (URLs, URL lists)",
    )(func)


def dictionary_flags(actors: tuple[str, ...], verbs: tuple[str, ...]) -> dict[str, Any]:
    """The settings flags for `dictionary_options`: only those given (the config file's stay otherwise)."""
    return {k: v for k, v in (("actors", actors), ("verbs", verbs)) if v}
