"""The dashboard and JSON API over a store: `create_app(db_path)`, served by `dyads serve` (docs/web.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app"]


def create_app(db_path: Any, **kwargs: Any) -> FastAPI:
    """The FastAPI app over the store at `db_path` (imports FastAPI only when called)."""
    from dyads.web.app import create_app as _create

    return _create(db_path, **kwargs)
