"""Where a cluster run's finished partitions go: the DuckDB store, or a Parquet dataset.

Both are `PartSink`s, the `dyads.sink.Sink` protocol of the single-process store plus what
the run loop needs for part files. Workers never open the DuckDB file: `StoreSink` is
the client, the store's one writer, loading each batch of partitions in one transaction
and deleting their files. `DatasetSink` leaves the files where workers wrote them.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

from dyads.errors import ConfigError, StoreError
from dyads.model import Rejected
from dyads.scale.parts import (
    PART_TABLES,
    STORE_ERRORS,
    _pid,
    arrow_tables,
    delete_part,
    filesystem,
    finished_parts,
    glob_files,
    part_path,
    read_part,
    remove_unfinished,
    write_parquet,
)
from dyads.sink import Sink
from dyads.store.db import Store, arrow_schema
from dyads.store.rows import Batch, coded_ids


class PartSink(Sink, Protocol):
    """A Sink for part files; also answers the planner's 'is this done?' questions."""

    url: str  # the folder or URL workers write part files to
    marker: str

    def recover(self) -> tuple[int, int]:
        """Partitions and documents finished by an earlier run and taken now."""
        ...

    def reader_failures(self, batch: Batch) -> None:
        """Keep the documents the readers rejected (they have no partition)."""
        ...

    def forget(self, keys: list[str]) -> None:
        """Documents planned again (an earlier `internal-error` or `timeout`): their old rows must go."""
        ...

    def take(self, pids: list[str]) -> Iterator[dict[str, Any]]:
        """Store finished partitions; yields the tables actually stored (for the summary)."""
        ...

    def close(self) -> None:
        """After a run that finished: leave no scratch files."""
        ...


class StoreSink:
    """Partitions loaded into the DuckDB store by the client, one transaction each; their files then go."""

    def __init__(self, store: Store, url: str, marker: str) -> None:
        self.store, self.url, self.marker = store, url, marker
        self.fs, self.root = filesystem(url)
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

    def forget(self, keys: list[str]) -> None:
        """Nothing now: `take` replaces the old rows of every key it loads, in the same transaction."""

    def take(self, pids: list[str]) -> Iterator[dict[str, Any]]:
        import duckdb
        import pyarrow as pa

        errors: tuple[type[BaseException], ...] = (duckdb.Error, *STORE_ERRORS)
        parts = [read_part(self.fs, self.root, pid) for pid in pids]
        tables = {t: pa.concat_tables([p[t] for p in parts]) for t in PART_TABLES}
        keys = tables["coded"].column("doc_key").to_pylist()
        replace = list(self.store.markers(keys))  # coded before (other versions, or a part loaded twice): old rows go
        try:
            self.store.write_tables(tables, replace=replace)
            yield tables
        except errors:
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
        errors: tuple[type[BaseException], ...] = (duckdb.Error, *STORE_ERRORS)
        lost = []
        for key in keys:
            one = {t: tab.filter(pc.equal(tab.column("doc_key"), key)) for t, tab in tables.items()}
            try:
                self.store.write_tables(one, replace=[key])
                yield one
            except errors as exc:
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
        yield {**arrow_tables(lost_batch.rows()), "failures": _concat(orphans["failures"], lost_batch)}

    def close(self) -> None:
        remove_unfinished(self.fs, self.root)
        try:
            if not self.fs.find(self.root):
                self.fs.rm(self.root, recursive=True)  # the scratch folder is empty: leave no trace
        except OSError:
            pass


def _without(table: Any, column: str, values: set[str]) -> Any:
    """The rows of an Arrow table whose `column` is not one of `values` (nulls kept)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    hit = pc.fill_null(pc.is_in(table.column(column), value_set=pa.array(sorted(values), pa.string())), False)
    return table.filter(pc.invert(hit))


def _rows_with_files(fs: Any, folder: str, columns: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(file, row) for every row of the Parquet files in `folder`."""
    import pyarrow.dataset as ds

    if not fs.exists(folder):
        return
    for fragment in ds.dataset(folder, filesystem=fs, format="parquet").get_fragments():
        for row in fragment.to_table(columns=columns).to_pylist():
            yield fragment.path, row


def _concat(failures: Any, batch: Batch) -> Any:
    import pyarrow as pa

    return pa.concat_tables([failures, arrow_tables(batch.rows())["failures"]])


class DatasetSink:
    """Partitions left where workers wrote them: a Parquet dataset, one folder per table."""

    def __init__(self, url: str, marker: str) -> None:
        self.url, self.marker = url, marker
        self.fs, self.root = filesystem(url)
        self.known: dict[str, tuple[str, str]] = {}
        self.urls: set[str] = set()
        self.reader_keys: set[tuple[str, str, str]] = set()
        self.pending: dict[tuple[str, str, str], Rejected] = {}
        self.run: dict[str, Any] = {}  # this run's row of the `runs` table
        self.part_of: dict[str, str] = {}  # doc_key -> the pid of the partition that holds its rows
        self.failed_in: dict[str, set[str]] = {}  # doc_id -> the failures files that name it

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

        for path, row in _rows_with_files(
            self.fs, posixpath.join(self.root, "coded"), ["doc_key", "marker", "outcome"]
        ):
            self.known[row["doc_key"]] = (row["marker"], row["outcome"])
            self.part_of[row["doc_key"]] = _pid(path)
        for path, row in _rows_with_files(self.fs, posixpath.join(self.root, "failures"), ["doc_id"]):
            self.failed_in.setdefault(row["doc_id"], set()).add(path)
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
            runs = glob_files(self.fs, posixpath.join(self.root, "runs", "run-*.parquet"))
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
                write_parquet(self.fs, path, pa.Table.from_pylist(rows, schema=arrow_schema("runs")))

    def _write_run(self) -> None:
        import pyarrow as pa

        path = posixpath.join(self.root, "runs", f"run-{self.run['run_id']:06d}.parquet")
        write_parquet(self.fs, path, pa.Table.from_pylist([self.run], schema=arrow_schema("runs")))

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
        write_parquet(self.fs, path, arrow_tables(batch.rows())["failures"])
        self.reader_keys |= set(self.pending)
        self.pending = {}

    def recover(self) -> tuple[int, int]:
        """Nothing to take: finished partitions of an earlier run are already in the dataset."""
        return 0, 0

    def forget(self, keys: list[str]) -> None:
        """Drop the rows of documents planned again from the partitions that hold them, before they are
        coded again: a key stays once in the dataset, and a partition of the same documents (the same
        pid) is free to be written anew. Killed in between, the next run finds them unknown and codes them."""
        by_part: dict[str, set[str]] = {}
        for key in keys:
            if key in self.part_of:
                by_part.setdefault(self.part_of.pop(key), set()).add(key)
            self.known.pop(key, None)
        for pid, gone in by_part.items():
            tables = read_part(self.fs, self.root, pid)
            kept = {t: _without(tab, "doc_key", gone) for t, tab in tables.items()}
            if not kept["coded"].num_rows:
                delete_part(self.fs, self.root, pid)
                continue
            for table in PART_TABLES:  # `coded` last, as when it was written
                write_parquet(self.fs, part_path(self.root, table, pid), kept[table])

    def take(self, pids: list[str]) -> Iterator[dict[str, Any]]:
        for pid in pids:
            tables = read_part(self.fs, self.root, pid, ("coded", "documents", "events", "quotes", "failures"))
            self._clear(coded_ids(tables))
            yield tables

    def _clear(self, ids: list[str]) -> None:
        """Failure rows an earlier run recorded under the ids of documents coded now go (as in the store)."""
        import pyarrow.parquet as pq

        files = sorted({path for i in ids for path in self.failed_in.pop(i, ())})
        for path in files:
            if not self.fs.exists(path):
                continue
            with self.fs.open(path, "rb") as fh:
                table = pq.read_table(fh, schema=arrow_schema("failures"))
            write_parquet(self.fs, path, _without(table, "doc_id", set(ids)))

    def close(self) -> None:
        """The part files are the output: they stay."""
