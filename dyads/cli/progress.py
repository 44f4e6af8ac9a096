"""Progress of `dyads ingest` on stderr: a bar per document on a terminal, else a line per batch."""

from __future__ import annotations

import sys
import time
from typing import Any

import click


class Reporter:
    """Progress on stderr: a rich bar moved per document (documents/s, ETA) on a terminal, else one
    line per batch (with documents/s, and an ETA when the number of documents can be estimated)."""

    def __init__(self, sources: tuple[str, ...], bar: bool | None) -> None:
        self.sources = sources
        self.bar = sys.stderr.isatty() if bar is None else bar
        self.started = time.monotonic()
        self.progress: Any = None
        self.total: int | None = None

    def __enter__(self) -> Reporter:
        from dyads.read.sources import estimate_documents

        self.total = estimate_documents(self.sources) or None
        if self.bar:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(
                TextColumn("ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:.1f} docs/s"),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self.task = self.progress.add_task("ingest", total=self.total, rate=0.0)
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()

    def document(self, done: int, summary: Any) -> None:
        """A document finished: the bar moves (the lines wait for the batch)."""
        if self.progress is not None:
            self._advance(done)

    def batch(self, summary: Any) -> None:
        if self.progress is None:
            self.progress_line(summary.documents, summary, "read")

    def finished(self, done: int, summary: Any) -> None:
        """Documents finished so far (on a cluster: partitions completed, skipped, rejected on reading)."""
        self.progress_line(done, summary, "done")

    def _rate(self, done: int) -> float:
        return done / max(time.monotonic() - self.started, 1e-9)

    def _advance(self, done: int) -> None:
        total = self.progress.tasks[0].total
        if total is not None and done > total:
            self.progress.update(self.task, total=done)
        self.progress.update(self.task, completed=done, rate=self._rate(done))

    def progress_line(self, done: int, summary: Any, verb: str) -> None:
        if self.progress is not None:
            self._advance(done)
            return
        rate = self._rate(done)
        eta = ""
        if self.total and done < self.total and rate > 0:
            seconds = int((self.total - done) / rate)
            eta = f", ETA {seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        click.echo(
            f"ingest: {done} documents {verb}, {summary.coded} coded, "
            f"{summary.n_rejected} rejected ({rate:.1f} docs/s{eta})",
            err=True,
        )

    def note(self, text: str) -> None:
        """A line on stderr that does not disturb the bar (the Dask dashboard address)."""
        if self.progress is not None:
            self.progress.console.print(text, markup=False, highlight=False)
        else:
            click.echo(text, err=True)

    def reject(self, rejected: Any) -> None:
        if self.progress is not None:
            self.progress.console.print(rejected.line(), markup=False, highlight=False)
        else:
            click.echo(rejected.line(), err=True)
