"""Where an ingest run's documents go: the protocol that the DuckDB `Store` and the cluster's sinks share.

A run asks its sink what is done before it codes (`markers`, `url_done`) and records itself
in it (`start_run`, `finish_run`). `dyads.store.db.Store` is one (single-process ingest);
`dyads.scale.sinks` has the two a cluster run writes through: partitions loaded into the
store, or left as a Parquet dataset.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol


class Sink(Protocol):
    """What ingest asks of the place its documents go."""

    def markers(self, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """(marker, outcome) of each key already coded there."""
        ...

    def url_done(self, url: str, marker: str) -> bool:
        """Whether the document at `url` was coded there under `marker`."""
        ...

    def start_run(self, versions: Sequence[tuple[str, str]], settings: dict[str, Any], sources: Sequence[str]) -> int:
        """Record a run that starts now; its run id."""
        ...

    def finish_run(self, run_id: int, counts: dict[str, int], status: str) -> None:
        """Record how the run ended (done, failed, interrupted) and what it counted."""
        ...
