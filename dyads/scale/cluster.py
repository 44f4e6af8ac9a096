"""Scale-out: the same ingest on a Dask cluster, with the single-machine guarantees (docs/scale.md).

    client   read sources -> key and plan each document (skip done, drop duplicates)
             -> partitions of N documents, each named by a hash of its keys and the marker
    workers  PipelinePlugin loads the pipeline once per worker; `code_partition` codes one
             partition and writes its rows as Parquet part files, one per table, each written
             to a temporary name and renamed; `coded/` last, so its file says "done"
    client   as partitions complete (distributed.as_completed), loads each into the DuckDB
             store in one transaction and deletes its files, or, with `out=`, leaves them as a
             Parquet dataset

This module is the run loop (`ingest_cluster`); scale/client.py holds the Dask client and the
worker plugin, scale/parts.py the partitions and their part files, scale/sinks.py where
finished partitions go. Workers never open the DuckDB file: it has one writer, the client.
A partition whose worker dies is rerun by Dask (and `retries=` covers errors); one that
keeps killing workers is split into single documents, and a document that still kills its
worker is recorded as `code:internal-error`, so one poison document never stops the run.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from dyads.errors import ConfigError, DyadsError
from dyads.ingest import Summary, chunked, coding_settings, marker_of, plan_batch, read_options
from dyads.model import Document, Rejected
from dyads.read.sources import ReadOptions, estimate_documents, read_sources
from dyads.scale.client import DaskMissing, ScaleError, cluster_client, dashboard, require_dask, start_workers
from dyads.scale.parts import Partition, absolute, batch_tables, code_partition, filesystem, make_partition, write_part
from dyads.scale.sinks import DatasetSink, PartSink, StoreSink
from dyads.settings import Settings
from dyads.store.db import Store
from dyads.store.rows import Batch

__all__ = [  # what `dyads ingest --workers/--scheduler` needs, in one place
    "PARTITION_DOCS",
    "ClusterSummary",
    "DaskMissing",
    "ScaleError",
    "cluster_client",
    "dashboard",
    "default_partition_docs",
    "ingest_cluster",
    "require_dask",
]

PARTITION_DOCS = 32  # the largest default: 2-3 s of work on one core for ~300-word articles, enough for nlp.pipe
RETRIES = 2  # reruns of a partition whose task raised; a dead worker's partition is rerun by Dask anyway
LOAD_DOCS, LOAD_EVERY_S = 256, 1.0  # the client loads finished partitions this many documents (or seconds) at a time


@dataclass(slots=True)
class ClusterSummary(Summary):
    """A Summary, and what the cluster did: partitions coded, recovered, split after worker deaths."""

    partitions: int = 0  # coded by workers in this run
    recovered: int = 0  # finished by an earlier run, loaded now without coding again
    recovered_docs: int = 0
    split: int = 0  # partitions that kept killing workers, rerun one document at a time
    workers: int = 0

    def lines(self, stored: bool = True) -> list[str]:
        extra = (
            f"; {self.recovered} finished by an interrupted run loaded ({self.recovered_docs} documents)"
            if self.recovered
            else ""
        )
        extra += f"; {self.split} split after killing workers" if self.split else ""
        parts, workers = _plural(self.partitions, "partition"), _plural(self.workers, "worker")
        return Summary.lines(self, stored) + [f"cluster: {parts} coded on {workers}{extra}"]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


Progress = Callable[[int, Summary], None]


def ingest_cluster(
    sources: Iterable[str],
    settings: Settings,
    client: Any,
    *,
    store: Store | None = None,
    out: str | None = None,
    parts: str | None = None,
    partition_docs: int | None = None,
    options: ReadOptions | None = None,
    on_progress: Progress | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
) -> ClusterSummary:
    """Read, code on the cluster and store every document of `sources`; the run's summary.

    Give `store` (the client loads each partition into it; part files go to `parts`, default
    `<store path>.parts`, which workers must be able to reach) or `out` (a folder or URL left
    as a Parquet dataset, one sub-folder per table). `on_progress(done, summary)` is called
    as documents finish, `on_reject` for each new rejection. `partition_docs`: documents per
    partition (default: `default_partition_docs` of the corpus size and the cluster's threads).
    """
    if (store is None) == (out is None):
        raise ConfigError("give a store or an out folder, not both or neither")
    sources = list(sources)
    versions = start_workers(client, settings)
    marker = marker_of(versions, settings)
    sink: PartSink
    if store is not None:
        if parts is None and store.path == ":memory:":
            raise ConfigError("an in-memory store needs a parts folder")
        sink = StoreSink(store, absolute(parts or f"{store.path}.parts"), marker)
    elif out is not None:
        sink = DatasetSink(absolute(out), marker)
    if partition_docs is None:
        partition_docs = default_partition_docs(estimate_documents(sources), sum(client.nthreads().values()))
    run = _Run(client, sink, settings, marker, max(1, partition_docs), on_progress, on_reject)
    return run.go(sources, versions, options)


def default_partition_docs(documents: int, threads: int) -> int:
    """Documents per partition so that every worker thread gets work: at least two partitions per
    thread (a corpus of `documents` cut into `documents // size` >= 2 * threads pieces), and at
    most PARTITION_DOCS documents each (a large corpus keeps nlp.pipe's batches full)."""
    return max(1, min(PARTITION_DOCS, documents // max(1, 2 * threads)))


class _Run:
    """One cluster ingest: plans partitions on the client, keeps a bounded number in flight."""

    def __init__(
        self,
        client: Any,
        sink: PartSink,
        settings: Settings,
        marker: str,
        size: int,
        on_progress: Progress | None,
        on_reject: Callable[[Rejected], None] | None,
    ) -> None:
        from distributed import as_completed

        self.client, self.sink, self.settings, self.marker, self.size = client, sink, settings, marker, size
        self.on_progress, self.on_reject = on_progress, on_reject
        self.summary = ClusterSummary(workers=len(client.nthreads()))
        self.inflight: dict[Any, Partition] = {}
        self.waiting = 0  # documents planned but not yet in a finished partition
        self.completed = as_completed()
        self.finished: list[Partition] = []  # coded by workers, not yet loaded
        self.loaded_at = time.monotonic()

    def go(
        self, sources: list[str], versions: Sequence[tuple[str, str]], options: ReadOptions | None
    ) -> ClusterSummary:
        run_id = self.sink.start_run(versions, coding_settings(self.settings), sources)
        self.run_id, status = run_id, "failed"
        try:
            self.summary.recovered, self.summary.recovered_docs = self.sink.recover()
            for part in self._partitions(sources, options):
                while len(self.inflight) >= self._limit():
                    self._handle(self._ready())
                self._submit(part)
            while self.inflight:
                self._handle(self._ready())
            self._load(force=True)
            self.sink.close()
            status = "done"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            if self.inflight:
                self.client.cancel(list(self.inflight))
            self.sink.finish_run(run_id, self.summary.counts(), status)
        return self.summary

    def _limit(self) -> int:
        """Partitions in flight: two per worker thread keeps every worker busy and the scheduler's memory small."""
        return max(2, 2 * sum(self.client.nthreads().values()))

    def _partitions(self, sources: list[str], options: ReadOptions | None) -> Iterator[Partition]:
        """Partitions of the documents still to code, cut as reading goes (memory stays bounded)."""
        summary = self.summary
        seen: set[str] = set()  # content keys read so far in this run
        todo: list[tuple[str, Document]] = []
        items = read_sources(sources, self.settings, read_options(options, self.sink, self.marker, summary))
        for chunk in chunked(items, self.size):
            batch = plan_batch(chunk, self.sink, self.marker, self.run_id, summary, seen, self.on_reject)
            if batch.rejected:
                self.sink.reader_failures(batch)
            if batch.replace:  # retried (an earlier internal-error or timeout) or coded under other versions
                self.sink.forget(batch.replace)
            todo += batch.documents
            self.waiting += len(batch.documents)
            while len(todo) >= self.size:
                yield make_partition(todo[: self.size], self.marker)
                todo = todo[self.size :]
            if not batch.documents:
                self._progress()
        if todo:
            yield make_partition(todo, self.marker)

    def _submit(self, part: Partition) -> None:
        key = f"dyads-partition-{part.pid[:16]}-{uuid.uuid4().hex[:8]}"
        future = self.client.submit(
            code_partition, part, self.sink.url, self.marker, self.run_id, key=key, retries=RETRIES, pure=False
        )
        self.inflight[future] = part
        self.completed.add(future)

    def _ready(self) -> list[Any]:
        """The next finished future and every other one finished by now (the client may lag behind)."""
        return [next(self.completed), *self.completed.next_batch(block=False)]

    def _handle(self, futures: list[Any]) -> None:
        """Keep finished partitions for loading; split those that killed workers; stop on other errors."""
        for future in futures:
            part = self.inflight.pop(future)
            if future.status == "finished":
                self.finished.append(part)
                future.release()
                continue
            exc = future.exception() if future.status == "error" else None
            future.release()
            if exc is None or isinstance(exc, (OSError, DyadsError)):  # the setup, not a document: stop the run
                why = f"{type(exc).__name__}: {exc}" if exc else f"the task was {future.status}"
                raise ScaleError(f"partition {part.pid} failed on the cluster: {why}") from exc
            self._isolate(part, exc)
        self._load()

    def _load(self, force: bool = False) -> None:
        """Load the finished partitions in one transaction once they hold LOAD_DOCS documents (or a second passed).

        DuckDB's cost is mostly per statement: 7 small partitions load ~5x faster together than
        one by one, which keeps the client (the single writer) ahead of many workers. Partitions
        not loaded yet are safe: their files stay until loaded, and a rerun loads them.
        """
        docs = sum(len(p) for p in self.finished)
        if not docs or not (force or docs >= LOAD_DOCS or time.monotonic() - self.loaded_at >= LOAD_EVERY_S):
            return
        self._take([p.pid for p in self.finished])
        self.summary.partitions += len(self.finished)
        self.finished, self.loaded_at = [], time.monotonic()
        self._progress()

    def _isolate(self, part: Partition, exc: BaseException) -> None:
        """Rerun a failed partition one document at a time; a single document that fails is recorded."""
        if len(part) > 1:
            self.summary.split += 1
            for one in part.documents:
                self._submit(make_partition([one], self.marker))
            return
        key, doc = part.documents[0]
        rejected = Rejected(
            doc_id=doc.id,
            stage="code",
            reason="internal-error",
            detail=f"the worker coding it died or failed: {type(exc).__name__}: {exc}"[:300],
        )
        batch = Batch(run_id=self.run_id, marker=self.marker, documents=[part.documents[0]], results=[(key, rejected)])
        fs, root = filesystem(self.sink.url)
        write_part(fs, root, part.pid, batch_tables(batch))
        self._take([part.pid])

    def _take(self, pids: list[str]) -> None:
        for tables in self.sink.take(pids):
            n = _add_tables(self.summary, tables, self.on_reject)
            self.waiting -= n

    def _progress(self) -> None:
        if self.on_progress:
            self.on_progress(self.summary.documents - self.waiting, self.summary)


def _add_tables(summary: Summary, tables: dict[str, Any], on_reject: Callable[[Rejected], None] | None) -> int:
    """Count a stored partition's outcomes, events and quotes into the summary; its documents."""
    outcomes = tables["coded"].column("outcome").to_pylist()
    for outcome in outcomes:
        if outcome == "coded":
            summary.coded += 1
        else:
            summary.rejected[outcome] += 1
    events = tables["events"].select(["modality", "root", "source_code", "target_code"]).to_pylist()
    summary.events += len(events)
    for e in events:
        summary.modalities[e["modality"]] += 1
        if e["modality"] == "asserted":
            summary.roots[e["root"]] += 1
            summary.dyads[f"{e['source_code']} -> {e['target_code']}"] += 1
    summary.quotes += tables["quotes"].num_rows
    failures = tables["failures"].to_pylist()
    for f in failures:
        if f["doc_key"] is None:  # a document the store could not take (store:internal-error)
            summary.rejected[f"{f['stage']}:{f['reason']}"] += 1
    if on_reject:
        for f in failures:
            on_reject(Rejected(doc_id=f["doc_id"], stage=f["stage"], reason=f["reason"], detail=f["detail"] or ""))
    return len(outcomes) + sum(f["doc_key"] is None for f in failures)
