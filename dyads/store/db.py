"""The DuckDB store's write path: schema, idempotent batch writes, failures, runs.

Rows come from dyads/store/rows.py; queries live in dyads/store/query.py.

Identity and idempotence (docs/store.md):
- a document's key is the sha256 of its normalized content (`document_key`), so the
  same article read from two paths is one document; `documents` keeps the first source;
- a document's rows (articles, mentions, events, quotes) are written in one
  transaction with a `coded` marker naming the versions and settings they were coded
  with; a rerun skips documents whose marker matches, and replaces the rows of a
  document coded under other versions;
- failures are keyed by (doc_id, stage, reason), so a rerun does not double them;
- every batch is one transaction: a run killed at any point loses at most the open
  batch, and the next run redoes exactly that.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import duckdb

from dyads.errors import StoreError
from dyads.model import Rejected
from dyads.store.clusters import cluster_sql
from dyads.store.lock import LOCK_WAIT, connect_waiting
from dyads.store.rows import (  # noqa: F401  (re-exported: the row builders and Batch lived here)
    DATA_TABLES,
    Batch,
    _container,
    _now,
    _safe,
    cluster_id,
    coded_ids,
    coded_rows,
    document_key,
    document_row,
    event_row,
    iso_date,
    lead_end,
    outlet,
)

DEFAULT_DB = "dyads.duckdb"
SCHEMA_VERSION = "1"
# what a batch that cannot be written raises: it is retried one document at a time
_STORE_ERRORS = (duckdb.Error, UnicodeError, ValueError, TypeError, OverflowError)
_MACHINE_ERRORS = (duckdb.IOException, duckdb.PermissionException, duckdb.OutOfMemoryException)


# (column, type) per table; the DDL and the Arrow schema of batch inserts both come from here
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("doc_key", "VARCHAR"),
        ("doc_id", "VARCHAR"),
        ("source", "VARCHAR"),
        ("url", "VARCHAR"),
        ("published", "VARCHAR"),
        ("title", "VARCHAR"),
        ("outlet", "VARCHAR"),
        ("kind", "VARCHAR"),
        ("chars", "BIGINT"),
        ("first_run", "INTEGER"),
    ],
    "coded": [
        ("doc_key", "VARCHAR"),
        ("marker", "VARCHAR"),
        ("outcome", "VARCHAR"),
        ("run_id", "INTEGER"),
        ("coded_at", "TIMESTAMP"),
    ],
    "articles": [
        ("doc_key", "VARCHAR"),
        ("doc_id", "VARCHAR"),
        ("title", "VARCHAR"),
        ("published", "DATE"),
        ("language", "VARCHAR"),
        ("url", "VARCHAR"),
        ("dateline", "VARCHAR"),
        ("body", "VARCHAR"),
        ("source", "VARCHAR"),
        ("run_id", "INTEGER"),
        ("coded_at", "TIMESTAMP"),
    ],
    "mentions": [
        ("doc_key", "VARCHAR"),
        ("n", "INTEGER"),
        ("text", "VARCHAR"),
        ("start_char", "INTEGER"),
        ("end_char", "INTEGER"),
        ("code", "VARCHAR"),
        ("country", "VARCHAR"),
        ("role", "VARCHAR"),
        ("name", "VARCHAR"),
        ("kind", "VARCHAR"),
    ],
    "events": [
        ("doc_key", "VARCHAR"),
        ("n", "INTEGER"),
        ("cluster_id", "BIGINT"),
        ("source_code", "VARCHAR"),
        ("source_name", "VARCHAR"),
        ("source_text", "VARCHAR"),
        ("source_start", "INTEGER"),
        ("source_end", "INTEGER"),
        ("target_code", "VARCHAR"),
        ("target_name", "VARCHAR"),
        ("target_text", "VARCHAR"),
        ("target_start", "INTEGER"),
        ("target_end", "INTEGER"),
        ("cameo", "VARCHAR"),
        ("root", "VARCHAR"),
        ("plover", "VARCHAR"),
        ("goldstein", "DOUBLE"),
        ("quad_class", "INTEGER"),
        ("modality", "VARCHAR"),
        ("event_date", "DATE"),
        ("reported", "DATE"),
        ("place_name", "VARCHAR"),
        ("place_country", "VARCHAR"),
        ("place_lat", "DOUBLE"),
        ("place_lon", "DOUBLE"),
        ("place_feature", "VARCHAR"),
        ("sentence", "VARCHAR"),
        ("start_char", "INTEGER"),
        ("end_char", "INTEGER"),
        ("confidence", "DOUBLE"),
        ("pattern", "VARCHAR"),
        ("coder", "VARCHAR"),
        ("quote", "INTEGER"),
        ("is_root", "BOOLEAN"),
    ],
    "quotes": [
        ("doc_key", "VARCHAR"),
        ("n", "INTEGER"),
        ("text", "VARCHAR"),
        ("start_char", "INTEGER"),
        ("end_char", "INTEGER"),
        ("speaker_name", "VARCHAR"),
        ("speaker_code", "VARCHAR"),
        ("speaker_text", "VARCHAR"),
        ("speaker_start", "INTEGER"),
        ("speaker_end", "INTEGER"),
        ("verb", "VARCHAR"),
    ],
    "failures": [
        ("doc_id", "VARCHAR"),
        ("stage", "VARCHAR"),
        ("reason", "VARCHAR"),
        ("detail", "VARCHAR"),
        ("doc_key", "VARCHAR"),
        ("source", "VARCHAR"),
        ("first_run", "INTEGER"),
        ("last_run", "INTEGER"),
    ],
    "runs": [
        ("run_id", "INTEGER"),
        ("started", "TIMESTAMP"),
        ("ended", "TIMESTAMP"),
        ("status", "VARCHAR"),
        ("dyads", "VARCHAR"),
        ("coder", "VARCHAR"),
        ("model", "VARCHAR"),
        ("actors", "VARCHAR"),
        ("verbs", "VARCHAR"),
        ("versions", "VARCHAR"),
        ("settings", "VARCHAR"),
        ("sources", "VARCHAR"),
        ("documents", "BIGINT"),
        ("coded", "BIGINT"),
        ("skipped", "BIGINT"),
        ("duplicates", "BIGINT"),
        ("rejected", "BIGINT"),
        ("events", "BIGINT"),
    ],
}
KEYS = {
    "documents": "doc_key",
    "coded": "doc_key",
    "articles": "doc_key",
    "mentions": "doc_key, n",
    "events": "doc_key, n",
    "quotes": "doc_key, n",
    "failures": "doc_id, stage, reason",
    "runs": "run_id",
}


def _ddl() -> list[str]:
    out = ["CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)"]
    for table, cols in COLUMNS.items():
        body = ", ".join(f"{name} {kind}" for name, kind in cols)
        out.append(f"CREATE TABLE IF NOT EXISTS {table} ({body}, PRIMARY KEY ({KEYS[table]}))")
    out.append("CREATE INDEX IF NOT EXISTS failures_doc_key ON failures (doc_key)")
    out.append("CREATE INDEX IF NOT EXISTS documents_url ON documents (url)")
    out.append(f"CREATE OR REPLACE VIEW event_clusters AS {cluster_sql()}")
    return out


def connect(path: str | Path = DEFAULT_DB, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to the store at `path`, its tables created when writable."""
    return Store(path, read_only=read_only).con


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _opened(method: Callable[Concatenate[Store, _P], _R]) -> Callable[Concatenate[Store, _P], _R]:
    """Run a Store method inside a session: the file opened for it when the store is not held."""

    @wraps(method)
    def run(self: Store, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self.session():
            return method(self, *args, **kwargs)

    return run


class Store:
    """One DuckDB file holding documents, coded rows, failures and runs (one writer at a time).

    `hold=True` keeps the file open (and locked) until `close()`; `hold=False` opens it per
    operation (`session()`), so `dyads serve` can read between an ingest's batches
    (docs/store.md). Opening waits up to `lock_wait` s while another process holds the lock.
    """

    def __init__(
        self,
        path: str | Path = DEFAULT_DB,
        *,
        read_only: bool = False,
        hold: bool = True,
        lock_wait: float = LOCK_WAIT,
    ) -> None:
        self.path = str(path)
        self.read_only, self.lock_wait = read_only, lock_wait
        self.hold = hold or self.path == ":memory:"  # an in-memory store lives as long as its connection
        self._con: duckdb.DuckDBPyConnection | None = None
        self._depth = 0
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(f"store {self.path} does not exist; create it with: dyads ingest SOURCE --db {self.path}")
        with self.session():
            if read_only:
                self._check_schema()
            else:
                self._create()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open DuckDB connection (with hold=False: only inside `session()`)."""
        if self._con is None:
            raise StoreError(f"store {self.path} is not open: use it inside `with store.session():`")
        return self._con

    @contextmanager
    def session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The store open for a while: opened here if it is not (waiting on another process's lock),
        closed at the end of the outermost session unless the store is held."""
        if self._con is None:
            self._con = connect_waiting(self.path, self.read_only, self.lock_wait)
        self._depth += 1
        try:
            yield self._con
        finally:
            self._depth -= 1
            if self._depth == 0 and not self.hold:
                self._release()

    def _release(self) -> None:
        con, self._con = self._con, None
        if con is not None:
            con.close()

    def close(self) -> None:
        self._release()

    def cursor(self) -> Store:
        """This store on a DuckDB connection of its own, for use from another thread.

        Held: `con.cursor()`, closed before the store. Not held: a store object that opens
        its own connection per session (within one process DuckDB shares the open file).
        Each connection has its own transactions: the other sees what this one commits.
        """
        twin = object.__new__(Store)
        twin.path, twin.read_only, twin.lock_wait, twin.hold = self.path, self.read_only, self.lock_wait, self.hold
        twin._con, twin._depth = (self.con.cursor() if self.hold else None), 0
        return twin

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _create(self) -> None:
        self.con.begin()
        for statement in _ddl():
            self.con.execute(statement)
        found = first(self.con, "SELECT value FROM meta WHERE key = 'schema'")
        if found is None:
            self.con.execute("INSERT INTO meta VALUES ('schema', ?)", [SCHEMA_VERSION])
        self.con.commit()
        self._check_schema()

    def _check_schema(self) -> None:
        try:
            found = first(self.con, "SELECT value FROM meta WHERE key = 'schema'")
        except duckdb.CatalogException as exc:
            raise StoreError(f"{self.path} is not a dyads store (no meta table)") from exc
        if found is None or found[0] != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has store schema {found[0] if found else '?'}; this dyads "
                f"reads schema {SCHEMA_VERSION}: ingest into a new file"
            )

    # --- runs ---------------------------------------------------------------------------------

    @_opened
    def start_run(self, versions: Sequence[tuple[str, str]], settings: dict[str, Any], sources: Sequence[str]) -> int:
        """A new run's id; earlier runs left unfinished (killed) are marked interrupted."""
        v = dict(versions)
        self.con.begin()
        self.con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        run_id = self.con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchall()[0][0]
        self.con.execute(
            "INSERT INTO runs (run_id, started, status, dyads, coder, model, actors, verbs, versions, settings, "
            "sources) VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                _now(),
                v.get("dyads"),
                v.get("coder"),
                v.get("model"),
                v.get("actors"),
                v.get("verbs"),
                json.dumps(v, sort_keys=True),
                json.dumps(settings, sort_keys=True),
                json.dumps(list(sources)),
            ],
        )
        self.con.commit()
        return int(run_id)

    @_opened
    def finish_run(self, run_id: int, counts: dict[str, int], status: str = "done") -> None:
        """Record a run's end, its status and its counts."""
        cols = ("documents", "coded", "skipped", "duplicates", "rejected", "events")
        sets = ", ".join(f"{c} = ?" for c in cols)
        self.con.execute(
            f"UPDATE runs SET ended = ?, status = ?, {sets} WHERE run_id = ?",
            [_now(), status, *(counts.get(c, 0) for c in cols), run_id],
        )

    # --- idempotence --------------------------------------------------------------------------

    @_opened
    def markers(self, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """For each key already coded: (marker, outcome), outcome 'coded' or 'stage:reason'."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return {}
        rows = self.con.execute(
            "SELECT doc_key, marker, outcome FROM coded WHERE doc_key IN (SELECT unnest(?::VARCHAR[]))", [keys]
        ).fetchall()
        return {k: (m, o) for k, m, o in rows}

    @_opened
    def url_done(self, url: str, marker: str) -> bool:
        """True when a document fetched from `url` is already coded under `marker`."""
        row = first(
            self.con,
            "SELECT 1 FROM documents d JOIN coded c USING (doc_key) WHERE d.url = ? "
            "AND c.marker = ? AND c.outcome = 'coded' LIMIT 1",
            [url, marker],
        )
        return row is not None

    @_opened
    def write(self, batch: Batch) -> list[Rejected]:
        """Write a batch in one transaction; returns the documents that could not be stored.

        A batch without keys to replace is written with plain INSERTs (new keys: what an
        ingest plans); should a key be stored already (a batch written twice), the batch is
        written again with the upserting statements. A batch that fails as a whole is
        retried one document at a time, and a document that still fails is recorded as
        Rejected('internal-error') at stage `store`.
        """
        try:
            try:
                self._write(batch, upsert=bool(batch.replace))
            except duckdb.ConstraintException:
                if batch.replace:
                    raise
                self._rollback()
                self._write(batch, upsert=True)
            return []
        except _STORE_ERRORS as exc:
            self._rollback()
            if isinstance(exc, _MACHINE_ERRORS):  # a full disk or a read-only file: no document is at fault
                raise
        lost = []
        for one in batch.split():
            try:
                self._write(one)
            except _STORE_ERRORS as exc:
                self._rollback()
                lost += one.as_failures(f"cannot store: {type(exc).__name__}: {exc}"[:300])
        if lost:
            self._write(Batch(run_id=batch.run_id, marker=batch.marker, rejected=lost))
        return lost

    def _rollback(self) -> None:
        try:
            self.con.rollback()
        except duckdb.Error:  # no transaction open
            pass

    @_opened
    def write_tables(self, tables: dict[str, Any], replace: Sequence[str] = ()) -> None:
        """Write rows that are already Arrow tables (Dask part files) in one transaction.

        The same statements as `write`: the rows of the keys in `replace` go first, then
        each table is upserted, and the failure rows an earlier run recorded under the id of
        a document coded now go (`coded_ids`). Raises (after rolling back) when the transaction
        fails; the caller decides what to retry (dyads/scale/cluster.py retries one document at a time).
        """
        try:
            self._write_rows({**tables, "cleared": coded_ids(tables)}, list(replace))
        except BaseException:
            self._rollback()
            raise

    def _write(self, batch: Batch, upsert: bool = True) -> None:
        self._write_rows(batch.rows(), batch.replace, upsert)

    def _write_rows(self, rows: dict[str, Any], replace: list[str], upsert: bool = True) -> None:
        """One transaction: delete the rows of `replace`, then insert rows (lists of dicts or Arrow tables).

        `upsert`: a document row already stored is kept and every other row already stored is
        replaced, so writing a batch twice changes nothing. Without it the rows go in with plain
        INSERTs, about half the cost, which fail (ConstraintException) on a key already stored.
        Failures are always upserted: a reader's rejection comes back on every run.
        """
        self.con.begin()
        if replace:  # documents coded before under other versions: their old rows go
            for table in (*DATA_TABLES, "failures"):
                self.con.execute(f"DELETE FROM {table} WHERE doc_key IN (SELECT unnest(?::VARCHAR[]))", [replace])
        self._insert("documents", rows["documents"], "INSERT OR IGNORE INTO" if upsert else "INSERT INTO")
        for table in DATA_TABLES:
            self._insert(table, rows[table], "INSERT OR REPLACE INTO" if upsert else "INSERT INTO")
        self._insert(
            "failures",
            rows["failures"],
            "INSERT INTO",
            on_conflict=(
                " ON CONFLICT (doc_id, stage, reason) DO UPDATE SET detail = excluded.detail, "
                "doc_key = excluded.doc_key, last_run = excluded.last_run"
            ),
        )
        self._insert("coded", rows["coded"], "INSERT OR REPLACE INTO" if upsert else "INSERT INTO")
        if rows.get("cleared"):  # documents coded now: failures an earlier run recorded for them go
            self.con.execute("DELETE FROM failures WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [rows["cleared"]])
        self.con.commit()

    def _insert(self, table: str, rows: Any, verb: str, on_conflict: str = "") -> None:
        import pyarrow as pa

        if not len(rows):
            return
        data = rows if isinstance(rows, pa.Table) else pa.Table.from_pylist(rows, schema=arrow_schema(table))
        self.con.register("_batch", data)
        try:
            self.con.execute(f"{verb} {table} SELECT * FROM _batch{on_conflict}")
        finally:
            self.con.unregister("_batch")

    # --- queries ------------------------------------------------------------------------------

    @_opened
    def counts(self) -> dict[str, int]:
        """Rows per table (and clusters in the event_clusters view)."""
        out = {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in COLUMNS}
        out["event_clusters"] = self.con.execute("SELECT count(*) FROM event_clusters").fetchall()[0][0]
        return out


def first(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
    """The first row of a query, or None; the result is read to its end.

    Never `fetchone()` on a connection handed to users: DuckDB 2 refuses any other
    statement (`con.sql(...)`) while a result is left unfinished.
    """
    rows = con.execute(sql, list(params)).fetchall()
    return rows[0] if rows else None


_ARROW: dict[str, Any] = {}


def arrow_schema(table: str):  # type: ignore[no-untyped-def]
    """The Arrow schema of a table's rows (batch inserts, Dask part files), from COLUMNS."""
    import pyarrow as pa

    if table not in _ARROW:
        types = {
            "VARCHAR": pa.string(),
            "INTEGER": pa.int32(),
            "BIGINT": pa.int64(),
            "DOUBLE": pa.float64(),
            "DATE": pa.date32(),
            "BOOLEAN": pa.bool_(),
            "TIMESTAMP": pa.timestamp("us"),
        }
        _ARROW[table] = pa.schema([(name, types[kind]) for name, kind in COLUMNS[table]])
    return _ARROW[table]
