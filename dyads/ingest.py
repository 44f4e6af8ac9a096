"""Ingest a corpus into the store: read -> skip what is done -> code -> write, one batch at a time.

Each batch (64 documents by default) is read, looked up in the store, coded and
written in one transaction (on a writer thread, while the next batch is coded), so
a run killed at any point resumes where it stopped (docs/store.md). A document
already coded with the same versions and settings is skipped (one that failed with
`internal-error` or `timeout` is retried); one read twice in a run (same content, another path)
is a duplicate. An error of the machine (disk full, read-only store, a model that
cannot load) stops the run as errors.EnvironmentFailure: the run is marked failed.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from itertools import islice
from typing import Any

import duckdb

from dyads.errors import DyadsError, EnvironmentFailure, StoreError
from dyads.model import Coded, Document, Rejected
from dyads.pipeline import Pipeline
from dyads.read.sources import ReadOptions, read_sources
from dyads.settings import Settings
from dyads.sink import Sink
from dyads.store.db import Store
from dyads.store.rows import Batch, document_key

BATCH_DOCS = 64  # documents per transaction: 2 nlp.pipe batches of 32; a kill redoes at most twice this many
# settings that cannot change what is coded, or whose effect is in the versions: the user
# dictionaries' content is in the fingerprint (store/fingerprint.py), so moving a file re-codes nothing
_NOT_CODING = ("batch_size", "lock_wait", "actors", "verbs")
_RETRIED = (":internal-error", ":timeout")  # outcomes that say nothing final about the document: coded again


@dataclass(slots=True)
class Summary:
    """What a run did: documents read, coded, skipped, rejected; events found."""

    documents: int = 0
    coded: int = 0
    skipped: int = 0  # coded before with the same versions and settings
    duplicates: int = 0  # same content as an earlier document of this run
    rejected: Counter[str] = field(default_factory=Counter)  # "stage:reason" -> n
    rejected_before: int = 0  # of those, recorded by an earlier run and not retried
    events: int = 0
    quotes: int = 0
    modalities: Counter[str] = field(default_factory=Counter)
    roots: Counter[str] = field(default_factory=Counter)  # asserted events only
    dyads: Counter[str] = field(default_factory=Counter)  # asserted events only

    def add(self, result: Coded | Rejected) -> None:
        if isinstance(result, Rejected):
            self.rejected[f"{result.stage}:{result.reason}"] += 1
            return
        self.coded += 1
        self.quotes += len(result.quotes)
        for e in result.events:
            self.events += 1
            self.modalities[e.modality] += 1
            if e.modality == "asserted":
                self.roots[e.root] += 1
                self.dyads[f"{e.source.code} -> {e.target.code}"] += 1

    @property
    def n_rejected(self) -> int:
        return sum(self.rejected.values())

    def counts(self) -> dict[str, int]:
        return {
            "documents": self.documents,
            "coded": self.coded,
            "skipped": self.skipped,
            "duplicates": self.duplicates,
            "rejected": self.n_rejected,
            "events": self.events,
        }

    def lines(self, stored: bool = True) -> list[str]:
        """The closing summary a person reads (`stored=False`: `dyads code --summary`, no store involved)."""
        earlier = f" ({self.rejected_before} recorded by an earlier run)" if self.rejected_before else ""
        by_modality = ", ".join(f"{k} {v}" for k, v in self.modalities.most_common())
        documents = (
            f"documents: {self.documents} read; {self.coded} coded, {self.skipped} skipped as already done, "
            f"{self.duplicates} duplicates, {self.n_rejected} rejected{earlier}"
            if stored
            else f"documents: {self.coded + self.n_rejected} ({self.coded} coded, {self.n_rejected} rejected)"
        )
        out = [
            documents,
            f"events: {self.events}" + (f" ({by_modality})" if by_modality else "") + f"; quotes: {self.quotes}",
        ]
        if self.roots:
            labels = _root_labels()
            out.append("asserted events by CAMEO root:")
            out += [f"  {r}  {labels.get(r, ''):32} {n}" for r, n in sorted(self.roots.items())]
        if self.dyads:
            out.append("top dyads:")
            out += [f"  {n:5d}  {d}" for d, n in self.dyads.most_common(10)]
        if self.rejected:
            out.append("rejected by reason:")
            out += [f"  {n:5d}  {k}" for k, n in sorted(self.rejected.items(), key=lambda kv: (-kv[1], kv[0]))]
        return out


def coding_settings(settings: Settings) -> dict[str, Any]:
    """The settings that change what is coded (all but batch sizes)."""
    return {f.name: getattr(settings, f.name) for f in fields(settings) if f.name not in _NOT_CODING}


def marker_of(versions: Iterable[tuple[str, str]], settings: Settings) -> str:
    """The `coded` marker: every version, and a fingerprint of the coding settings."""
    fingerprint = hashlib.sha256(json.dumps(coding_settings(settings), sort_keys=True).encode()).hexdigest()[:12]
    return ";".join(f"{k}={v}" for k, v in sorted(versions)) + f";settings={fingerprint}"


def ingest(
    sources: Iterable[str],
    store: Store,
    pipeline: Pipeline,
    *,
    batch_docs: int = BATCH_DOCS,
    options: ReadOptions | None = None,
    on_batch: Callable[[Summary], None] | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
    on_document: Callable[[int, Summary], None] | None = None,
) -> Summary:
    """Read, code and store every document of `sources`; the run's Summary.

    Each batch is written in one transaction on a writer thread (its own DuckDB
    connection) while the next batch is read and coded; one batch at most is in flight.
    `on_batch` is called, on the calling thread, after each committed batch (the
    Summary may already count the next batch's documents); `on_reject` for each new
    rejection; `on_document(done, summary)` as each document is coded (done: documents
    read and finished, coded or not), for a progress bar. An error in a write stops the
    run and is raised here; its batch is rolled back.
    """
    sources = list(sources)
    settings = pipeline.settings
    marker = marker_of(pipeline.versions, settings)
    try:
        run_id = store.start_run(pipeline.versions, coding_settings(settings), sources)
    except (duckdb.Error, OSError) as exc:
        raise store_failure(store, exc) from exc
    summary = Summary()
    seen: set[str] = set()  # content keys read so far in this run
    status = "failed"
    writer = _Writer(store)

    def settled(lost: list[Rejected]) -> None:  # a batch committed: count what the store could not take
        for r in lost:
            summary.coded -= 1  # it was counted as coded; the store could not take it
            summary.add(r)
            if on_reject:
                on_reject(r)
        if on_batch:
            on_batch(summary)

    try:
        items = read_sources(
            sources,
            settings,
            read_options(options, store, marker, summary, before_lookup=lambda url: writer.wait_for(url, settled)),
        )
        for chunk in chunked(items, max(1, batch_docs)):
            batch = plan_batch(chunk, store, marker, run_id, summary, seen, on_reject)
            todo = list(batch.documents)
            left = len(todo)  # of the documents read so far, these are still to code
            if on_document:
                on_document(summary.documents - left, summary)
            for (key, _), result in zip(todo, pipeline.code_documents([d for _, d in todo])):
                batch.results.append((key, result))
                summary.add(result)
                if isinstance(result, Rejected) and on_reject:
                    on_reject(result)
                left -= 1
                if on_document:
                    on_document(summary.documents - left, summary)
            writer.wait(settled)  # the batch before this one: committed (or its error raised here)
            writer.submit(batch)
        writer.wait(settled)
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    except DyadsError:
        raise
    except (duckdb.Error, OSError) as exc:  # readers catch their own: what is left is the store or the machine
        raise store_failure(store, exc) from exc
    finally:
        try:
            writer.close(settled)  # after an error: the batch in flight commits or rolls back first
        finally:
            try:
                store.finish_run(run_id, summary.counts(), status)
            except (duckdb.Error, OSError, StoreError):  # a full disk, a lock: the run stays 'running' (interrupted)
                if status == "done":
                    raise
    return summary


def store_failure(store: Store, exc: BaseException) -> EnvironmentFailure:
    """One line that names the real cause of a store write failing (full disk, read-only file or folder)."""
    import os
    from pathlib import Path

    text = " ".join(str(exc).split())
    low = text.lower()
    path = Path(store.path)
    if "no space" in low or "disk full" in low or getattr(exc, "errno", None) == 28:
        cause = "the disk is full"
    elif path.exists() and not os.access(path, os.W_OK):
        cause = f"the store file {path} is read-only"
    elif not os.access(path.parent if str(path.parent) else Path("."), os.W_OK):
        cause = f"the folder {path.parent} is read-only (DuckDB writes a .wal file beside the store)"
    elif "permission" in low or "read-only" in low or "read only" in low:
        cause = "no permission to write the store"
    else:
        cause = "the store cannot be written"
    return EnvironmentFailure(f"{cause}: {text}"[:400])


class _Writer:
    """Store.write on one background thread, one batch at a time, on a DuckDB connection of its own.

    DuckDB releases the GIL while it executes, as spaCy does in its matrix products, so
    a batch is written while the next one is parsed. The calling thread keeps the
    store's own connection for its look-ups (markers, url_done); those see only
    committed batches, and a key of the batch in flight is in `seen` already.
    """

    def __init__(self, store: Store) -> None:
        self.out = store.cursor()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dyads-store")
        self.pending: Future[list[Rejected]] | None = None
        self.urls: set[str] = set()  # URLs of the documents in flight

    def submit(self, batch: Batch) -> None:
        assert self.pending is None, "one batch in flight at most"
        self.urls = {d.url for _, d in batch.documents if d.url}
        self.pending = self.pool.submit(self.out.write, batch)

    def wait(self, settled: Callable[[list[Rejected]], None]) -> None:
        """Wait for the batch in flight, if any; `settled(lost)` once it is committed; its error raised."""
        if self.pending is None:
            return
        try:
            lost = self.pending.result()
        finally:
            if self.pending.done():  # not after a Ctrl-C in the wait: close() waits again
                self.pending, self.urls = None, set()
        settled(lost)

    def wait_for(self, url: str, settled: Callable[[list[Rejected]], None]) -> None:
        """Before asking the store whether `url` is done: wait when the batch in flight holds it."""
        if url in self.urls:
            self.wait(settled)

    def close(self, settled: Callable[[list[Rejected]], None]) -> None:
        """Let the batch in flight finish (committed or rolled back) and stop the thread.

        A batch still in flight here (the run is on its way out after an error) is counted
        when it commits; its own error, if any, is dropped: the first error is the one raised.
        """
        try:
            if self.pending is not None:
                try:
                    self.wait(settled)
                except Exception:  # the error already on its way out matters more
                    pass
        finally:
            self.pool.shutdown(wait=True)
            self.out.close()


def plan_batch(
    chunk: list[Document | Rejected],
    store: Sink,
    marker: str,
    run_id: int,
    summary: Summary,
    seen: set[str],
    on_reject: Callable[[Rejected], None] | None,
) -> Batch:
    """The batch for a chunk: which documents to code, which to skip, which replace older rows."""
    batch = Batch(run_id=run_id, marker=marker)
    keyed = [(document_key(d), d) if isinstance(d, Document) else (None, d) for d in chunk]
    known = store.markers(k for k, _ in keyed if k is not None)
    for key, item in keyed:
        summary.documents += 1
        if isinstance(item, Rejected):
            batch.rejected.append(item)
            summary.add(item)
            if on_reject:
                on_reject(item)
            continue
        assert key is not None
        if key in seen:
            summary.duplicates += 1
            continue
        seen.add(key)
        before = known.get(key)
        if before is not None and before[0] == marker and not before[1].endswith(_RETRIED):
            if before[1] == "coded":
                summary.skipped += 1
            else:
                summary.rejected[before[1]] += 1
                summary.rejected_before += 1
            continue
        if before is not None:
            batch.replace.append(key)
        batch.documents.append((key, item))
    return batch


def read_options(
    options: ReadOptions | None,
    store: Sink,
    marker: str,
    summary: Summary,
    before_lookup: Callable[[str], None] | None = None,
) -> ReadOptions:
    """Read options whose skip_url skips (and counts) URLs already coded with this marker.

    `before_lookup(url)` is called before the store is asked (ingest: waits when the
    batch being written holds that URL, so the answer is the one a sequential run gets).
    """
    base = options or ReadOptions()

    def skip_url(url: str) -> bool:
        if before_lookup is not None:
            before_lookup(url)
        if (base.skip_url and base.skip_url(url)) or store.url_done(url, marker):
            summary.documents += 1
            summary.skipped += 1
            return True
        return False

    return ReadOptions(fetch=base.fetch, client=base.client, skip_url=skip_url)


def chunked(items: Iterator[Document | Rejected], size: int) -> Iterator[list[Document | Rejected]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _root_labels() -> dict[str, str]:
    from dyads.errors import KnowledgeError
    from dyads.events.verbs import load_cameo

    try:
        return {code: c.label.title() for code, c in load_cameo().items() if len(code) == 2}
    except (KnowledgeError, OSError):  # labels are decoration: they must not hide the summary
        return {}
