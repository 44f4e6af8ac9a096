"""Scale-out: the same ingest on a Dask cluster, with the single-machine guarantees (docs/scale.md).

    client   read sources -> key and plan each document (skip done, drop duplicates)
             -> partitions of N documents, each named by a hash of its keys and the marker
    workers  PipelinePlugin loads the pipeline once per worker; `code_partition` codes one
             partition and writes its rows as Parquet part files, one per table, each written
             to a temporary name and renamed; `coded/` last, so its file says "done"
    client   as partitions complete (distributed.as_completed), loads each into the DuckDB
             store in one transaction and deletes its files, or, with `out=`, leaves them as a
             Parquet dataset

Workers never open the DuckDB file: it has one writer, the client. Rows come from the
store's own `Batch.rows()`, so a part holds exactly what a single-process batch would
write. A partition whose worker dies is rerun by Dask (and `retries=` covers errors);
one that keeps killing workers is split into single documents, and a document that
still kills its worker is recorded as `code:internal-error`, so one poison document
never stops the run.
"""

from __future__ import annotations

import hashlib
import posixpath
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from dyads.errors import ConfigError, DyadsError, StoreError
from dyads.ingest import Summary, chunked, coding_settings, marker_of, plan_batch, read_options
from dyads.model import Document, Rejected
from dyads.read.sources import ReadOptions, read_sources
from dyads.settings import Settings
from dyads.store.db import Batch, Store, arrow_schema

PLUGIN = "dyads-pipeline"
INSTALL = 'pip install "dyads[dask]"'
PARTITION_DOCS = (
    32  # 2-3 s of work on one core for ~300-word articles: small enough to balance 2 workers, large enough for nlp.pipe
)
RETRIES = 2  # reruns of a partition whose task raised; a dead worker's partition is rerun by Dask anyway
LOAD_DOCS, LOAD_EVERY_S = 256, 1.0  # the client loads finished partitions this many documents (or seconds) at a time
WAIT_FOR_WORKERS_S = 300  # a batch-queue cluster (Slurm, PBS) may take minutes to start its first worker
PART_TABLES = ("documents", "articles", "mentions", "events", "quotes", "failures", "coded")  # coded last
_STORE_ERRORS: tuple[type[BaseException], ...] = (UnicodeError, ValueError, TypeError, OverflowError)


class ScaleError(DyadsError):
    """The cluster cannot be reached or used, or part files cannot be written."""


class DaskMissing(DyadsError):
    """dask[distributed] is not installed (the `dask` extra)."""


def require_dask() -> None:
    """Import distributed, or raise DaskMissing naming the pip line that installs it."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise DaskMissing(
            f"--workers and --scheduler need Dask's distributed scheduler ({exc}); run: {INSTALL}"
        ) from exc


# --- the cluster --------------------------------------------------------------------------------


@contextmanager
def cluster_client(workers: int | None = None, scheduler: str | None = None, **cluster_kwargs: Any) -> Iterator[Any]:
    """A distributed.Client: of a new local cluster of `workers` processes, or of the cluster at `scheduler`."""
    require_dask()
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise ScaleError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    # without bokeh the scheduler still serves HTTP (health, metrics) on the dashboard port: any free one
    cluster_kwargs.setdefault("dashboard_address", ":8787" if _has_bokeh() else ":0")
    with (
        LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True, **cluster_kwargs) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _has_bokeh() -> bool:
    try:
        import bokeh  # noqa: F401
    except ImportError:  # without bokeh the dashboard is a page asking to install it: leave it off
        return False
    return True


def dashboard(client: Any, local: bool) -> str | None:
    """The Dask dashboard's address, or None when there is none.

    A local cluster has one only when bokeh is installed here; a remote scheduler's is
    taken on trust (without bokeh its page says what to install).
    """
    if local and not _has_bokeh():
        return None
    try:
        return client.dashboard_link if "dashboard" in client.scheduler_info().get("services", {}) else None
    except (KeyError, OSError):
        return None


try:  # the plugin must subclass WorkerPlugin; without the dask extra, require_dask() says what to install
    from distributed import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - the class is then never registered
    _PluginBase = object  # type: ignore[assignment,misc]


class PipelinePlugin(_PluginBase):  # type: ignore[misc,valid-type]
    """A distributed.WorkerPlugin that loads the dyads pipeline once per worker; tasks take it from here."""

    name = PLUGIN
    idempotent = False

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pipeline: Any = None

    async def setup(self, worker: Any) -> None:
        import asyncio

        from dyads.pipeline import Pipeline

        self.lock = threading.Lock()  # a worker with several threads still codes one partition at a time
        # in a thread: loading spaCy takes ~2 s and would block the worker's event loop (heartbeats)
        self.pipeline = await asyncio.get_running_loop().run_in_executor(None, Pipeline, self.settings)

    def teardown(self, worker: Any) -> None:
        self.pipeline = None


def _worker_pipeline(worker: Any = None) -> Any:
    """The plugin of this worker (it holds the loaded pipeline)."""
    if worker is None:
        from distributed import get_worker

        worker = get_worker()
    plugin = worker.plugins.get(PLUGIN)
    if plugin is None or plugin.pipeline is None:
        raise ScaleError(f"worker {worker.address} has no dyads pipeline; register PipelinePlugin first")
    return plugin


def _worker_versions(dask_worker: Any) -> tuple[tuple[str, str], ...]:
    return tuple(_worker_pipeline(dask_worker).pipeline.versions)


def start_workers(client: Any, settings: Settings) -> tuple[tuple[str, str], ...]:
    """The versions every worker codes with, after loading the pipeline on each (once per worker).

    Raises ScaleError when no worker joins in time or when workers disagree (another dyads,
    model or knowledge base installed on some of them).
    """
    try:
        client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_S)
    except TimeoutError as exc:
        raise ScaleError(f"no Dask worker joined the scheduler within {WAIT_FOR_WORKERS_S} s") from exc
    client.register_plugin(PipelinePlugin(settings), name=PLUGIN)
    found = client.run(_worker_versions)
    distinct = set(found.values())
    if len(distinct) != 1:
        listing = "; ".join(f"{w}: {dict(v)}" for w, v in sorted(found.items()))
        raise ScaleError(
            f"workers code with different versions ({listing}); install the same dyads, spaCy model "
            "and data on every worker"
        )
    return distinct.pop()


# --- partitions and part files ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Partition:
    """Documents coded together by one task; `pid` names its part files."""

    pid: str
    documents: tuple[tuple[str, Document], ...]

    def __len__(self) -> int:
        return len(self.documents)

    @property
    def keys(self) -> list[str]:
        return [k for k, _ in self.documents]


def partition_id(keys: Iterable[str], marker: str) -> str:
    """A partition's name: a hash of its document keys and the versions marker (stable across runs)."""
    h = hashlib.sha256(marker.encode())
    for key in keys:
        h.update(b"\x00" + key.encode())
    return h.hexdigest()[:32]


def make_partition(documents: Sequence[tuple[str, Document]], marker: str) -> Partition:
    return Partition(partition_id((k for k, _ in documents), marker), tuple(documents))


def part_path(root: str, table: str, pid: str) -> str:
    return posixpath.join(root, table, f"part-{pid}.parquet")


def code_partition(part: Partition, target: str, marker: str, run_id: int) -> tuple[str, int]:
    """(pid, documents) once the partition's part files exist under `target` (runs on a worker).

    A partition whose `coded` file already exists is not coded again: a task rerun after
    its worker wrote everything and died before reporting.
    """
    fs, root = _fs(target)
    if fs.exists(part_path(root, "coded", part.pid)):
        return part.pid, len(part)
    plugin = _worker_pipeline()
    with plugin.lock:
        pipeline = plugin.pipeline
        if marker_of(pipeline.versions, pipeline.settings) != marker:
            raise ConfigError(
                f"this worker codes under {marker_of(pipeline.versions, pipeline.settings)!r}, the "
                f"run under {marker!r}: install the same dyads, model and data on every worker"
            )
        results = list(pipeline.code_documents([d for _, d in part.documents]))
    batch = Batch(run_id=run_id, marker=marker, documents=list(part.documents), results=list(zip(part.keys, results)))
    write_part(fs, root, part.pid, batch_tables(batch))
    return part.pid, len(part)


def batch_tables(batch: Batch) -> dict[str, Any]:
    """Arrow tables of a batch's rows; a document whose rows Arrow refuses becomes store:internal-error.

    The same rule as Store.write: the batch as a whole, else one document at a time.
    """
    import pyarrow as pa

    errors = (pa.ArrowException, *_STORE_ERRORS)
    try:
        return _tables(batch.rows())
    except errors:
        pass
    parts, lost = [], []
    for one in batch.split():
        try:
            parts.append(_tables(one.rows()))
        except errors as exc:
            lost += one.as_failures(f"cannot store: {type(exc).__name__}: {exc}"[:300])
    if lost:
        parts.append(_tables(Batch(run_id=batch.run_id, marker=batch.marker, rejected=lost).rows()))
    return {t: pa.concat_tables([p[t] for p in parts]) for t in PART_TABLES}


def _tables(rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    import pyarrow as pa

    return {t: pa.Table.from_pylist(rows[t], schema=arrow_schema(t)) for t in PART_TABLES}


def write_part(fs: Any, root: str, pid: str, tables: dict[str, Any]) -> None:
    """Write a partition's tables, each to a temporary name then renamed; `coded` last marks it done."""
    for table in PART_TABLES:
        _write_parquet(fs, part_path(root, table, pid), tables[table])


def _write_parquet(fs: Any, path: str, table: Any) -> None:
    import pyarrow.parquet as pq

    folder, name = posixpath.split(path)
    tmp = posixpath.join(folder, f".{name}.{uuid.uuid4().hex[:12]}.tmp")  # hidden: DuckDB, Spark, pyarrow skip it
    fs.makedirs(folder, exist_ok=True)
    try:
        with fs.open(tmp, "wb") as fh:
            pq.write_table(table, fh, compression="zstd")
        fs.mv(tmp, path)
    except BaseException:
        _remove(fs, [tmp])
        raise


def read_part(fs: Any, root: str, pid: str, tables: Sequence[str] = PART_TABLES) -> dict[str, Any]:
    """A partition's tables, read back from its part files."""
    import pyarrow.parquet as pq

    out = {}
    for table in tables:
        with fs.open(part_path(root, table, pid), "rb") as fh:
            got = pq.ParquetFile(fh).read()  # ~40% faster than read_table, which goes through pyarrow.dataset
        schema = arrow_schema(table)
        out[table] = got if got.schema.equals(schema) else got.cast(schema)
    return out


def delete_part(fs: Any, root: str, pid: str) -> None:
    """Remove a partition's files, its `coded` file first (so that a half-deleted part is not 'done')."""
    _remove(fs, [part_path(root, t, pid) for t in reversed(PART_TABLES)])


def finished_parts(fs: Any, root: str) -> list[str]:
    """Ids of the partitions whose `coded` file exists."""
    return sorted(_pid(p) for p in _glob(fs, posixpath.join(root, "coded", "part-*.parquet")))


def remove_unfinished(fs: Any, root: str) -> int:
    """Delete part files of partitions that never finished (no `coded` file) and stale temporary files."""
    done = set(finished_parts(fs, root))
    stale = [
        p for t in PART_TABLES[:-1] for p in _glob(fs, posixpath.join(root, t, "part-*.parquet")) if _pid(p) not in done
    ]
    stale += [p for t in PART_TABLES for p in _glob(fs, posixpath.join(root, t, ".part-*.tmp"))]
    _remove(fs, stale)
    return len(stale)


def _pid(path: str) -> str:
    return posixpath.basename(path)[len("part-") : -len(".parquet")]


def _glob(fs: Any, pattern: str) -> list[str]:
    return sorted(fs.glob(pattern))


def _remove(fs: Any, paths: Sequence[str]) -> None:
    for path in paths:
        try:
            fs.rm_file(path)
        except FileNotFoundError:
            pass


def absolute(url: str) -> str:
    """A local path made absolute (workers may run elsewhere in the tree); URLs as they are."""
    import os

    return url if "://" in url else os.path.abspath(url)


def _fs(url: str) -> tuple[Any, str]:
    """(fsspec filesystem, root path) of a folder or URL (s3://..., gs://..., file://...)."""
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(url)
    return fs, root.rstrip("/") or "/"


# --- the run ------------------------------------------------------------------------------------


@dataclass(slots=True)
class ClusterSummary(Summary):
    """A Summary, and what the cluster did: partitions coded, recovered, split after worker deaths."""

    partitions: int = 0  # coded by workers in this run
    recovered: int = 0  # finished by an earlier run, loaded now without coding again
    recovered_docs: int = 0
    split: int = 0  # partitions that kept killing workers, rerun one document at a time
    workers: int = 0

    def lines(self) -> list[str]:
        extra = (
            f"; {self.recovered} finished by an interrupted run loaded ({self.recovered_docs} documents)"
            if self.recovered
            else ""
        )
        extra += f"; {self.split} split after killing workers" if self.split else ""
        parts, workers = _plural(self.partitions, "partition"), _plural(self.workers, "worker")
        return Summary.lines(self) + [f"cluster: {parts} coded on {workers}{extra}"]


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
    partition_docs: int = PARTITION_DOCS,
    options: ReadOptions | None = None,
    on_progress: Progress | None = None,
    on_reject: Callable[[Rejected], None] | None = None,
) -> ClusterSummary:
    """Read, code on the cluster and store every document of `sources`; the run's summary.

    Give `store` (the client loads each partition into it; part files go to `parts`, default
    `<store path>.parts`, which workers must be able to reach) or `out` (a folder or URL left
    as a Parquet dataset, one sub-folder per table). `on_progress(done, summary)` is called
    as documents finish, `on_reject` for each new rejection.
    """
    if (store is None) == (out is None):
        raise ConfigError("give a store or an out folder, not both or neither")
    sources = list(sources)
    versions = start_workers(client, settings)
    marker = marker_of(versions, settings)
    if store is not None:
        if parts is None and store.path == ":memory:":
            raise ConfigError("an in-memory store needs a parts folder")
        sink: _Sink = _StoreSink(store, absolute(parts or f"{store.path}.parts"), marker)
    else:
        sink = _DatasetSink(absolute(out), marker)  # type: ignore[arg-type]
    run = _Run(client, sink, settings, marker, max(1, partition_docs), on_progress, on_reject)
    return run.go(sources, versions, options)


class _Run:
    """One cluster ingest: plans partitions on the client, keeps a bounded number in flight."""

    def __init__(
        self,
        client: Any,
        sink: _Sink,
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
        summary, seen, todo = self.summary, set(), []  # type: ignore[var-annotated]
        items = read_sources(sources, self.settings, read_options(options, self.sink, self.marker, summary))
        for chunk in chunked(items, self.size):
            batch = plan_batch(chunk, self.sink, self.marker, self.run_id, summary, seen, self.on_reject)  # type: ignore[arg-type]
            if batch.rejected:
                self.sink.reader_failures(batch)
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
        fs, root = _fs(self.sink.url)
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


# --- where partitions go: the DuckDB store, or a Parquet dataset ---------------------------------


class _Sink:
    """Where finished partitions go; also answers the planner's 'is this done?' questions."""

    url: str
    marker: str

    def markers(self, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        raise NotImplementedError

    def url_done(self, url: str, marker: str) -> bool:
        raise NotImplementedError

    def start_run(self, versions: Sequence[tuple[str, str]], settings: dict[str, Any], sources: Sequence[str]) -> int:
        raise NotImplementedError

    def finish_run(self, run_id: int, counts: dict[str, int], status: str) -> None:
        raise NotImplementedError

    def recover(self) -> tuple[int, int]:
        """Partitions and documents finished by an earlier run and taken now."""
        return 0, 0

    def reader_failures(self, batch: Batch) -> None:
        raise NotImplementedError

    def take(self, pids: list[str]) -> Iterator[dict[str, Any]]:
        """Store finished partitions; yields the tables actually stored (for the summary)."""
        raise NotImplementedError

    def close(self) -> None:
        pass


class _StoreSink(_Sink):
    """Partitions loaded into the DuckDB store by the client, one transaction each; their files then go."""

    def __init__(self, store: Store, url: str, marker: str) -> None:
        self.store, self.url, self.marker = store, url, marker
        self.fs, self.root = _fs(url)
        try:
            self.fs.makedirs(self.root, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the parts folder {url}: {exc}") from exc

    def markers(self, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        return self.store.markers(keys)

    def url_done(self, url: str, marker: str) -> bool:
        return self.store.url_done(url, marker)

    def start_run(self, versions: Sequence[tuple[str, str]], settings: dict[str, Any], sources: Sequence[str]) -> int:
        return self.store.start_run(versions, settings, sources)

    def finish_run(self, run_id: int, counts: dict[str, int], status: str) -> None:
        self.store.finish_run(run_id, counts, status)

    def recover(self) -> tuple[int, int]:
        """Load partitions a killed client left unloaded (same marker); drop stale and unfinished ones."""
        good = []
        for pid in finished_parts(self.fs, self.root):
            coded = read_part(self.fs, self.root, pid, ("coded",))["coded"]
            if set(coded.column("marker").to_pylist()) <= {self.marker}:
                good.append(pid)
            else:  # coded under other versions: those documents will be recoded
                delete_part(self.fs, self.root, pid)
        docs = 0
        for i in range(0, len(good), 64):  # transactions of 64 partitions: fast, and bounded in memory
            docs += sum(tables["coded"].num_rows for tables in self.take(good[i : i + 64]))
        remove_unfinished(self.fs, self.root)
        return len(good), docs

    def reader_failures(self, batch: Batch) -> None:
        self.store.write(Batch(run_id=batch.run_id, marker=batch.marker, rejected=batch.rejected))

    def take(self, pids: list[str]) -> Iterator[dict[str, Any]]:
        import duckdb
        import pyarrow as pa

        parts = [read_part(self.fs, self.root, pid) for pid in pids]
        tables = {t: pa.concat_tables([p[t] for p in parts]) for t in PART_TABLES}
        keys = tables["coded"].column("doc_key").to_pylist()
        replace = list(self.store.markers(keys))  # coded before (other versions, or a part loaded twice): old rows go
        try:
            self.store.write_tables(tables, replace=replace)
            yield tables
        except (duckdb.Error, *_STORE_ERRORS):
            yield from self._one_by_one(tables, keys)
        for pid in pids:
            delete_part(self.fs, self.root, pid)

    def _one_by_one(self, tables: dict[str, Any], keys: list[str]) -> Iterator[dict[str, Any]]:
        """Store.write's fallback for Arrow rows: each document alone; one that fails is store:internal-error."""
        import duckdb
        import pyarrow.compute as pc

        run_id = tables["coded"].column("run_id")[0].as_py() if keys else 0
        ids = dict(
            zip(tables["documents"].column("doc_key").to_pylist(), tables["documents"].column("doc_id").to_pylist())
        )
        lost = []
        for key in keys:
            one = {t: tab.filter(pc.equal(tab.column("doc_key"), key)) for t, tab in tables.items()}
            try:
                self.store.write_tables(one, replace=[key])
                yield one
            except (duckdb.Error, *_STORE_ERRORS) as exc:
                lost.append(
                    Rejected(
                        doc_id=ids.get(key, key),
                        stage="store",
                        reason="internal-error",
                        detail=f"cannot store: {type(exc).__name__}: {exc}"[:300],
                    )
                )
        orphans = {t: tab.filter(pc.is_null(tab.column("doc_key"))) for t, tab in tables.items()}
        lost_batch = Batch(run_id=run_id, marker=self.marker, rejected=lost)
        self.store.write(lost_batch)
        if orphans["failures"].num_rows:
            self.store.write_tables(orphans)
        yield {**_tables(lost_batch.rows()), "failures": _concat(orphans["failures"], lost_batch)}

    def close(self) -> None:
        remove_unfinished(self.fs, self.root)
        try:
            if not self.fs.find(self.root):
                self.fs.rm(self.root, recursive=True)  # the scratch folder is empty: leave no trace
        except OSError:
            pass


def _concat(failures: Any, batch: Batch) -> Any:
    import pyarrow as pa

    return pa.concat_tables([failures, _tables(batch.rows())["failures"]])


class _DatasetSink(_Sink):
    """Partitions left where workers wrote them: a Parquet dataset, one folder per table."""

    def __init__(self, url: str, marker: str) -> None:
        self.url, self.marker = url, marker
        self.fs, self.root = _fs(url)
        self.known: dict[str, tuple[str, str]] = {}
        self.urls: set[str] = set()
        self.reader_keys: set[tuple[str, str, str]] = set()
        self.pending: dict[tuple[str, str, str], Rejected] = {}

    def _load_index(self) -> None:
        """What the dataset already holds: each document's marker, URLs coded, reader failures."""
        import pyarrow.dataset as ds

        def read(table: str, columns: list[str]) -> list[dict[str, Any]]:
            folder = posixpath.join(self.root, table)
            if not self.fs.exists(folder):
                return []
            return (
                ds.dataset(folder, filesystem=self.fs, format="parquet", schema=arrow_schema(table))
                .to_table(columns=columns)
                .to_pylist()
            )

        for row in read("coded", ["doc_key", "marker", "outcome"]):
            self.known[row["doc_key"]] = (row["marker"], row["outcome"])
        stale = {m for m, _ in self.known.values()} - {self.marker}
        if stale:
            raise ConfigError(
                f"{self.url} holds documents coded under other versions ({sorted(stale)[0]}); "
                "write this run to a new --out folder (or ingest into a DuckDB store, which recodes)"
            )
        coded = {k for k, (_, o) in self.known.items() if o == "coded"}
        self.urls = {r["url"] for r in read("documents", ["doc_key", "url"]) if r["url"] and r["doc_key"] in coded}
        self.reader_keys = {
            (r["doc_id"], r["stage"], r["reason"])
            for r in read("failures", ["doc_id", "stage", "reason", "doc_key"])
            if r["doc_key"] is None
        }

    def markers(self, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        return {k: self.known[k] for k in keys if k in self.known}

    def url_done(self, url: str, marker: str) -> bool:
        return url in self.urls

    def start_run(self, versions: Sequence[tuple[str, str]], settings: dict[str, Any], sources: Sequence[str]) -> int:
        import datetime as dt
        import json

        try:
            self.fs.makedirs(self.root, exist_ok=True)
            remove_unfinished(self.fs, self.root)  # a killed run's half-written partitions
            self._load_index()
            runs = _glob(self.fs, posixpath.join(self.root, "runs", "run-*.parquet"))
        except OSError as exc:
            raise StoreError(f"cannot use the output folder {self.url}: {exc}") from exc
        self._interrupt(runs)
        v = dict(versions)
        self.run = {
            "run_id": len(runs) + 1,
            "started": dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0),
            "ended": None,
            "status": "running",
            "dyads": v.get("dyads"),
            "coder": v.get("coder"),
            "model": v.get("model"),
            "actors": v.get("actors"),
            "verbs": v.get("verbs"),
            "versions": json.dumps(v, sort_keys=True),
            "settings": json.dumps(settings, sort_keys=True),
            "sources": json.dumps(list(sources)),
        }
        self._write_run()
        return int(self.run["run_id"])

    def _interrupt(self, runs: list[str]) -> None:
        """Runs that never finished (killed) are marked interrupted, as the store does."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        for path in runs:
            with self.fs.open(path, "rb") as fh:
                table = pq.read_table(fh, schema=arrow_schema("runs"))
            rows = table.to_pylist()
            if any(r["status"] == "running" for r in rows):
                rows = [{**r, "status": "interrupted" if r["status"] == "running" else r["status"]} for r in rows]
                _write_parquet(self.fs, path, pa.Table.from_pylist(rows, schema=arrow_schema("runs")))

    def _write_run(self) -> None:
        import pyarrow as pa

        path = posixpath.join(self.root, "runs", f"run-{self.run['run_id']:06d}.parquet")
        _write_parquet(self.fs, path, pa.Table.from_pylist([self.run], schema=arrow_schema("runs")))

    def finish_run(self, run_id: int, counts: dict[str, int], status: str) -> None:
        import datetime as dt

        self._flush_failures(run_id)
        self.run.update(counts, status=status, ended=dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0))
        self._write_run()

    def reader_failures(self, batch: Batch) -> None:
        for r in batch.rejected:  # kept until the run ends: one file per run, each key once in the dataset
            key = (r.doc_id, r.stage, r.reason)
            if key not in self.reader_keys:
                self.pending[key] = r

    def _flush_failures(self, run_id: int) -> None:
        if not self.pending:
            return
        batch = Batch(run_id=run_id, marker=self.marker, rejected=list(self.pending.values()))
        path = posixpath.join(self.root, "failures", f"reader-run-{run_id:06d}.parquet")
        _write_parquet(self.fs, path, _tables(batch.rows())["failures"])
        self.reader_keys |= set(self.pending)
        self.pending = {}

    def take(self, pids: list[str]) -> Iterator[dict[str, Any]]:
        for pid in pids:
            yield read_part(self.fs, self.root, pid, ("coded", "events", "quotes", "failures"))
