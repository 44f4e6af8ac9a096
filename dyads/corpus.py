"""Ingest a corpus into the store: read -> skip what is done -> code -> write, one batch at a time.

Each batch (64 documents by default) is read, looked up in the store, coded and
written in one transaction, so a run killed at any point resumes where it stopped
(docs/store.md). A document already coded with the same versions and settings is
skipped; one read twice in a run (same content, another path) is a duplicate.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from itertools import islice
from typing import Any

from .ingest import ReadOptions, read_sources
from .model import Coded, Document, Rejected
from .pipeline import Pipeline
from .settings import Settings
from .store import Batch, Store, document_key

BATCH_DOCS = 64  # documents per transaction: 2 nlp.pipe batches of 32; a kill redoes at most this many
_NOT_CODING = ("batch_size",)  # settings that cannot change what is coded


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
        return {"documents": self.documents, "coded": self.coded, "skipped": self.skipped,
                "duplicates": self.duplicates, "rejected": self.n_rejected, "events": self.events}

    def lines(self, stored: bool = True) -> list[str]:
        """The closing summary a person reads (`stored=False`: `dyads code --summary`, no store involved)."""
        earlier = f" ({self.rejected_before} recorded by an earlier run)" if self.rejected_before else ""
        by_modality = ", ".join(f"{k} {v}" for k, v in self.modalities.most_common())
        documents = (f"documents: {self.documents} read; {self.coded} coded, {self.skipped} skipped as already done, "
                     f"{self.duplicates} duplicates, {self.n_rejected} rejected{earlier}" if stored else
                     f"documents: {self.coded + self.n_rejected} ({self.coded} coded, {self.n_rejected} rejected)")
        out = [documents,
               f"events: {self.events}" + (f" ({by_modality})" if by_modality else "") + f"; quotes: {self.quotes}"]
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


def ingest(sources: Iterable[str], store: Store, pipeline: Pipeline, *, batch_docs: int = BATCH_DOCS,
           options: ReadOptions | None = None, on_batch: Callable[[Summary], None] | None = None,
           on_reject: Callable[[Rejected], None] | None = None) -> Summary:
    """Read, code and store every document of `sources`; the run's Summary.

    `on_batch` is called after each committed batch, `on_reject` for each new rejection.
    """
    sources = list(sources)
    settings = pipeline.settings
    marker = marker_of(pipeline.versions, settings)
    run_id = store.start_run(pipeline.versions, coding_settings(settings), sources)
    summary = Summary()
    seen: set[str] = set()  # content keys read so far in this run
    status = "failed"
    try:
        items = read_sources(sources, settings, read_options(options, store, marker, summary))
        for chunk in chunked(items, max(1, batch_docs)):
            batch = plan_batch(chunk, store, marker, run_id, summary, seen, on_reject)
            todo = list(batch.documents)
            for (key, _), result in zip(todo, pipeline.code_documents([d for _, d in todo])):
                batch.results.append((key, result))
                summary.add(result)
                if isinstance(result, Rejected) and on_reject:
                    on_reject(result)
            for lost in store.write(batch):
                summary.coded -= 1  # it was counted as coded; the store could not take it
                summary.add(lost)
                if on_reject:
                    on_reject(lost)
            if on_batch:
                on_batch(summary)
        status = "done"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        store.finish_run(run_id, summary.counts(), status)
    return summary


def plan_batch(chunk: list[Document | Rejected], store: Store, marker: str, run_id: int, summary: Summary,
               seen: set[str], on_reject: Callable[[Rejected], None] | None) -> Batch:
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
        if before is not None and before[0] == marker:
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


def read_options(options: ReadOptions | None, store: Store, marker: str, summary: Summary) -> ReadOptions:
    """Read options whose skip_url skips (and counts) URLs already coded with this marker."""
    base = options or ReadOptions()

    def skip_url(url: str) -> bool:
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
    from .errors import KnowledgeError
    from .verbs import load_cameo

    try:
        return {code: c.label.title() for code, c in load_cameo().items() if len(code) == 2}
    except (KnowledgeError, OSError):  # labels are decoration: they must not hide the summary
        return {}
