"""dyads: news text in, evidence-linked political event data out (CAMEO and PLOVER)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from dyads.model import ActorRef, Article, Coded, Document, Event, Mention, Place, Quote, Rejected  # noqa: E402
from dyads.settings import Settings  # noqa: E402

if TYPE_CHECKING:
    import duckdb

    from dyads.pipeline import Pipeline

__all__ = [
    "ActorRef",
    "Article",
    "Coded",
    "Document",
    "Event",
    "Mention",
    "Pipeline",
    "Place",
    "Quote",
    "Rejected",
    "Settings",
    "__version__",
    "code",
    "connect",
]

_PIPELINE: Pipeline | None = None


def __getattr__(name: str) -> Any:
    if name == "Pipeline":  # import spaCy only when asked
        from dyads.pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)


def code(text: str, date: str | None = None, title: str | None = None, settings: Settings | None = None) -> Coded:
    """The Coded record of one article's text (mentions, events, quotes).

    >>> coded = code("Iran condemned the United States on Monday.", date="2019-06-14")
    """
    global _PIPELINE
    from dyads.errors import DyadsError
    from dyads.pipeline import Pipeline

    if _PIPELINE is None or (settings is not None and settings != _PIPELINE.settings):
        _PIPELINE = Pipeline(settings)
    doc = Document(id="text", text=text, published=date, title=title)
    result = next(_PIPELINE.code_documents([doc]))
    if isinstance(result, Rejected):
        raise DyadsError(result.line())
    return result


def connect(path: str = "dyads.duckdb", read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to the dyads store at `path` (tables created when writable).

    >>> con = connect("dyads.duckdb", read_only=True)
    >>> con.sql("SELECT root, count(*) FROM events GROUP BY root").fetchall()
    """
    from dyads.store.db import connect as _connect  # import duckdb only when asked

    return _connect(path, read_only=read_only)
