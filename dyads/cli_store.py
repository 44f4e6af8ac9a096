"""Store commands: ingest, export, stats, events (filled in by the store work)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
