"""Scale-out on Dask: the same rows as one process, nothing lost when a worker dies (dyads/scale/)."""

from __future__ import annotations

import builtins
import logging
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from distributed import Client, LocalCluster, WorkerPlugin

from dyads.cli.main import main
from dyads.ingest import ingest, marker_of
from dyads.model import Article, Coded, Document
from dyads.scale import cluster as scale
from dyads.scale import parts as part_files
from dyads.scale.sinks import StoreSink
from dyads.settings import Settings
from dyads.store.db import COLUMNS, Store, document_key
from dyads.store.rows import Batch

from .conftest import SAMPLES

TABLES = ("documents", "coded", "articles", "mentions", "events", "quotes", "failures")
_RUN_COLUMNS = {"run_id", "coded_at", "first_run", "last_run"}  # which run wrote a row, and when: not what it says


def _columns(table: str) -> str:
    return ", ".join(c for c, _ in COLUMNS[table] if c not in _RUN_COLUMNS)


def snapshot(con: duckdb.DuckDBPyConnection, source: str = "{table}") -> dict[str, list[tuple]]:
    """Every row of every data table (run ids and times aside), sorted: equal snapshots, equal data."""
    return {
        t: sorted(con.execute(f"SELECT {_columns(t)} FROM {source.format(table=t)}").fetchall(), key=repr)
        for t in TABLES
    }


def store_snapshot(db: Path) -> dict[str, list[tuple]]:
    with Store(db, read_only=True) as store:
        return snapshot(store.con)


def dataset_snapshot(out: Path) -> dict[str, list[tuple]]:
    """The same, read from a Parquet dataset by DuckDB directly (as a user would)."""
    return snapshot(duckdb.connect(), f"read_parquet('{out}/{{table}}/*.parquet')")


def event_keys(snap: dict[str, list[tuple]]) -> set[tuple]:
    return {row[:2] for row in snap["events"]}  # (doc_key, n)


# --- fixtures: one 2-worker cluster for the module, one single-process ingest to compare with ------


@pytest.fixture(scope="module")
def cluster():
    """A client of a local cluster of 2 worker processes, 1 thread each; closed after the module."""
    lc = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.CRITICAL
    )
    client = Client(lc)
    try:
        yield client
    finally:
        client.close()
        lc.close()


@pytest.fixture(scope="module")
def single(tmp_path_factory, pipeline):
    """The sample corpus ingested by one process (corpus.ingest): its snapshot and summary."""
    db = tmp_path_factory.mktemp("single") / "single.duckdb"
    with Store(db) as store:
        summary = ingest([str(SAMPLES)], store, pipeline)
    return store_snapshot(db), summary


@pytest.fixture(scope="module")
def clustered(tmp_path_factory, cluster):
    """The sample corpus ingested on the 2-worker cluster, 4 documents a partition (7 partitions)."""
    db = tmp_path_factory.mktemp("clustered") / "clustered.duckdb"
    with Store(db) as store:
        summary = scale.ingest_cluster([str(SAMPLES)], Settings(), cluster, store=store, partition_docs=4)
    return db, summary


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, cluster):
    """The sample corpus written by the cluster as a Parquet dataset (--out)."""
    out = tmp_path_factory.mktemp("dataset") / "out"
    summary = scale.ingest_cluster([str(SAMPLES)], Settings(), cluster, out=str(out), partition_docs=4)
    return out, summary


class _Patch(WorkerPlugin):
    """Wraps Pipeline.code_documents on every worker (restored on teardown) to inject failures."""

    name = "test-patch"

    def __init__(self, marker: str | None = None, after: int = 1, poison: str | None = None) -> None:
        self.marker, self.after, self.poison = marker, after, poison

    def setup(self, worker) -> None:  # type: ignore[no-untyped-def]
        from dyads.pipeline import Pipeline

        self.original = original = Pipeline.code_documents
        marker, after, poison = self.marker, self.after, self.poison

        def code_documents(pipeline, docs):  # type: ignore[no-untyped-def]
            docs = list(docs)
            if poison and any(d.id.endswith(poison) for d in docs):
                raise RuntimeError(f"poisoned by {poison}")
            for n, result in enumerate(original(pipeline, docs)):
                if n == after and marker and _claim(marker):
                    os._exit(1)  # the worker process dies in the middle of its partition
                yield result

        Pipeline.code_documents = code_documents

    def teardown(self, worker) -> None:  # type: ignore[no-untyped-def]
        from dyads.pipeline import Pipeline

        Pipeline.code_documents = self.original


def _claim(marker: str) -> bool:
    """True for the one process that renames the marker file first (the kill happens once per test)."""
    try:
        os.rename(marker, marker + ".used")
        return True
    except FileNotFoundError:
        return False


# --- tests ------------------------------------------------------------------------------------


def test_scale_two_workers_give_exactly_the_rows_of_one_process(single, clustered):
    db, summary = clustered
    expected, one = single
    got = store_snapshot(db)
    assert {t: len(rows) for t, rows in got.items()} == {t: len(rows) for t, rows in expected.items()}
    assert len(got["events"]) > 100 and event_keys(got) == event_keys(expected)
    assert got == expected
    assert summary.counts() == one.counts()
    assert (summary.roots, summary.dyads, summary.modalities) == (one.roots, one.dyads, one.modalities)
    assert (summary.partitions, summary.workers, summary.recovered) == (7, 2, 0)
    assert not Path(f"{db}.parts").exists()  # the scratch part files are gone once loaded


def test_scale_rerun_codes_nothing_again(clustered, cluster, tmp_path):
    db = tmp_path / "again.duckdb"
    shutil.copy(clustered[0], db)
    before = store_snapshot(db)
    with Store(db) as store:
        again = scale.ingest_cluster([str(SAMPLES)], Settings(), cluster, store=store, partition_docs=4)
        runs = store.con.execute("SELECT status, coded, skipped FROM runs ORDER BY run_id").fetchall()
    assert (again.partitions, again.coded, again.skipped) == (0, 0, 28)
    assert runs == [("done", 28, 0), ("done", 0, 28)]
    assert store_snapshot(db) == before


class _OlderVerbs:
    """The session pipeline presenting an older verb dictionary version: what it stored must be recoded."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner, self.settings = inner, inner.settings

    @property
    def versions(self):  # type: ignore[no-untyped-def]
        return tuple((k, v + "-older" if k == "verbs" else v) for k, v in self.inner.versions)

    def code_documents(self, docs):  # type: ignore[no-untyped-def]
        return self.inner.code_documents(docs)


def test_scale_documents_coded_under_other_versions_are_recoded_and_replaced(pipeline, cluster, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in sorted(SAMPLES.glob("*.txt"))[:3]:
        shutil.copy(p, corpus / p.name)
    db = tmp_path / "old.duckdb"
    with Store(db) as store:
        ingest([str(corpus)], store, _OlderVerbs(pipeline))
    before = store_snapshot(db)
    with Store(db) as store:
        summary = scale.ingest_cluster([str(corpus)], Settings(), cluster, store=store, partition_docs=2)
        markers = {m for (m,) in store.con.execute("SELECT DISTINCT marker FROM coded").fetchall()}
    after = store_snapshot(db)
    assert (summary.coded, summary.skipped) == (3, 0)
    assert {t: len(r) for t, r in after.items()} == {t: len(r) for t, r in before.items()}
    assert after["events"] == before["events"] and markers == {marker_of(pipeline.versions, Settings())}


def test_scale_worker_killed_mid_partition_gives_the_same_rows(single, cluster, tmp_path):
    marker = tmp_path / "die-once"
    marker.touch()
    pids = set(cluster.run(os.getpid).values())
    cluster.register_plugin(_Patch(marker=str(marker), after=1))
    try:
        with Store(tmp_path / "killed.duckdb") as store:
            summary = scale.ingest_cluster([str(SAMPLES)], Settings(), cluster, store=store, partition_docs=4)
    finally:
        cluster.unregister_worker_plugin(_Patch.name)
    assert not marker.exists() and Path(f"{marker}.used").exists()  # a worker died in the middle of a partition
    cluster.wait_for_workers(
        2, timeout=240
    )  # the new worker loads and warms its pipeline first: slow on a busy machine
    assert set(cluster.run(os.getpid).values()) != pids  # the nanny started a new worker process
    assert summary.partitions == 7 and summary.coded == 28 and summary.split == 0
    got = store_snapshot(tmp_path / "killed.duckdb")
    assert event_keys(got) == event_keys(single[0])
    assert got == single[0]


def test_scale_a_partition_that_keeps_failing_is_split_and_only_its_bad_document_recorded(cluster, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = sorted(p.name for p in SAMPLES.glob("*.txt"))[:3]
    for name in names:
        shutil.copy(SAMPLES / name, corpus / name)
    cluster.register_plugin(_Patch(poison=names[1]))
    try:
        with Store(tmp_path / "p.duckdb") as store:
            summary = scale.ingest_cluster([str(corpus)], Settings(), cluster, store=store, partition_docs=3)
            failures = store.con.execute("SELECT doc_id, stage, reason, detail FROM failures").fetchall()
            outcomes = dict(
                store.con.execute("SELECT d.doc_id, c.outcome FROM coded c JOIN documents d USING (doc_key)").fetchall()
            )
    finally:
        cluster.unregister_worker_plugin(_Patch.name)
    poisoned = str(corpus / names[1])
    assert summary.split == 1 and summary.coded == 2 and dict(summary.rejected) == {"code:internal-error": 1}
    assert [f[:3] for f in failures] == [(poisoned, "code", "internal-error")]
    assert "poisoned by" in failures[0][3]
    assert outcomes == {str(corpus / n): "coded" if n != names[1] else "code:internal-error" for n in names}


class _Faults(WorkerPlugin):
    """On every worker: the document whose id ends with `slow` never finishes extracting, and
    coding the one ending with `broken` raises (restored on teardown)."""

    name = "test-faults"

    def __init__(self, slow: str, broken: str) -> None:
        self.slow, self.broken = slow, broken

    def setup(self, worker) -> None:  # type: ignore[no-untyped-def]
        import time

        import dyads.pipeline as pl

        self.extract, self.code = extract, code = pl.extract_article, pl.Pipeline.code_parsed
        slow, broken = self.slow, self.broken

        def stuck(doc, settings):  # type: ignore[no-untyped-def]
            while doc.id.endswith(slow):  # only the time budget gets it out
                time.sleep(0.01)
            return extract(doc, settings)

        def failing(pipeline, article, doc, *headline_doc):  # type: ignore[no-untyped-def]
            if article.doc_id.endswith(broken):
                raise RuntimeError("a bug met once")
            return code(pipeline, article, doc, *headline_doc)

        pl.extract_article, pl.Pipeline.code_parsed = stuck, failing

    def teardown(self, worker) -> None:  # type: ignore[no-untyped-def]
        import dyads.pipeline as pl

        pl.extract_article, pl.Pipeline.code_parsed = self.extract, self.code


def test_scale_time_budget_raises_in_a_thread_that_is_not_main():
    """Workers code in task threads, where SIGALRM cannot go: the watchdog raises there, and never
    after the block is left."""
    import threading
    import time

    from dyads.read.base import DocumentTimeout, time_budget

    got: dict[str, object] = {}

    def work() -> None:
        try:
            with time_budget(0.2):
                while True:
                    time.sleep(0.005)
        except DocumentTimeout:
            got["stuck"] = "timeout"
        with time_budget(0.2):
            got["quick"] = "done"
        try:
            deadline = time.monotonic() + 0.5  # well past the second budget: nothing may land here
            while time.monotonic() < deadline:
                time.sleep(0.005)
            got["after"] = "quiet"
        except DocumentTimeout:
            got["after"] = "timeout"

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert got == {"stuck": "timeout", "quick": "done", "after": "quiet"}


@pytest.mark.parametrize("sink", ["store", "out"])
def test_scale_timeouts_and_internal_errors_are_retried_and_success_clears_failures(cluster, tmp_path, sink):
    """As one process does: the time budget holds on workers (timeout, the run goes on); the next
    run codes timeout and internal-error documents again, and a document coded now clears the
    failure rows recorded under its id (here a reader's rejection of the file's earlier content)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    names = sorted(p.name for p in SAMPLES.glob("*.txt"))[:3]
    for name in names:
        shutil.copy(SAMPLES / name, corpus / name)
    late = corpus / "late.txt"
    late.write_bytes(b"%PDF-1.4 not a story yet")
    settings = Settings(max_seconds=5)

    def run() -> scale.ClusterSummary:
        if sink == "out":
            return scale.ingest_cluster([str(corpus)], settings, cluster, out=str(tmp_path / "out"), partition_docs=2)
        with Store(tmp_path / "s.duckdb") as store:
            return scale.ingest_cluster([str(corpus)], settings, cluster, store=store, partition_docs=2)

    def tables() -> tuple[list[tuple], dict[str, list[str]]]:
        con, src = duckdb.connect(), "read_parquet('{}/{{}}/*.parquet')".format(tmp_path / "out")
        if sink == "store":
            con, src = duckdb.connect(str(tmp_path / "s.duckdb"), read_only=True), "{}"
        with con:
            failures = con.execute(f"SELECT doc_id, stage, reason FROM {src.format('failures')} ORDER BY 1").fetchall()
            outcomes: dict[str, list[str]] = {}
            for doc_id, outcome in con.execute(
                f"SELECT d.doc_id, c.outcome FROM {src.format('coded')} c JOIN {src.format('documents')} d "
                "USING (doc_key) ORDER BY 1, 2"
            ).fetchall():
                outcomes.setdefault(doc_id, []).append(outcome)
        return failures, outcomes

    cluster.register_plugin(_Faults(slow=names[0], broken=names[1]))
    try:
        first = run()
    finally:
        cluster.unregister_worker_plugin(_Faults.name)
    slow, broken, fine = (str(corpus / n) for n in names)
    assert first.coded == 1
    assert dict(first.rejected) == {"extract:timeout": 1, "code:internal-error": 1, "ingest:binary": 1}
    failures, outcomes = tables()
    assert failures == sorted(
        [(slow, "extract", "timeout"), (broken, "code", "internal-error"), (str(late), "ingest", "binary")]
    )
    assert outcomes == {slow: ["extract:timeout"], broken: ["code:internal-error"], fine: ["coded"]}

    late.write_text((SAMPLES / names[2]).read_text(encoding="utf-8") + "\nA paragraph of its own.\n", encoding="utf-8")
    second = run()
    assert (second.coded, second.skipped, second.n_rejected, second.rejected_before) == (3, 1, 0, 0)
    failures, outcomes = tables()
    assert failures == []
    assert outcomes == {slow: ["coded"], broken: ["coded"], fine: ["coded"], str(late): ["coded"]}  # each key once


def test_scale_out_leaves_a_parquet_dataset_duckdb_reads(single, dataset, cluster):
    out, summary = dataset
    got = dataset_snapshot(out)
    assert got == single[0]
    assert summary.counts() == single[1].counts()
    assert sorted(p.name for p in out.iterdir()) == sorted([*TABLES, "runs"])
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert len([f for f in files if f.startswith("events/part-")]) == 7
    assert not [f for f in files if Path(f).name.startswith(".")]  # no temporary file left behind
    again = scale.ingest_cluster([str(SAMPLES)], Settings(), cluster, out=str(out), partition_docs=4)
    assert (again.partitions, again.skipped) == (0, 28)
    assert dataset_snapshot(out) == got
    runs = (
        duckdb.connect()
        .execute(f"SELECT run_id, status, coded, skipped FROM read_parquet('{out}/runs/*.parquet') ORDER BY run_id")
        .fetchall()
    )
    assert runs == [(1, "done", 28, 0), (2, "done", 0, 28)]


def test_scale_parts_left_by_a_killed_client_are_loaded_not_recoded(single, dataset, cluster, tmp_path):
    db = tmp_path / "late.duckdb"
    parts = Path(f"{db}.parts")
    shutil.copytree(dataset[0], parts, ignore=shutil.ignore_patterns("runs", "reader-*"))
    orphan = parts / "events" / ("part-" + "0" * 32 + ".parquet")  # a partition that never finished
    shutil.copy(next((parts / "events").glob("part-*.parquet")), orphan)
    with Store(db) as store:
        summary = scale.ingest_cluster([str(SAMPLES)], Settings(), cluster, store=store, partition_docs=4)
    assert (summary.recovered, summary.recovered_docs, summary.partitions, summary.skipped) == (7, 28, 0, 28)
    assert store_snapshot(db) == single[0]
    assert not parts.exists()


@pytest.mark.parametrize(
    "documents,threads,size",
    [(28, 2, 7), (6, 2, 1), (3, 2, 1), (1000, 2, 32), (100, 8, 6), (0, 2, 1), (40, 1, 20)],
)
def test_scale_default_partition_size_gives_every_thread_two_partitions(documents, threads, size):
    assert scale.default_partition_docs(documents, threads) == size
    if documents >= 2 * threads:
        assert -(-documents // size) >= 2 * threads  # partitions: at least two per worker thread


def test_scale_default_partitions_on_a_small_corpus(cluster, tmp_path):
    """The issue's case: a small corpus on 2 workers is cut into at least 4 partitions, not one."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for p in sorted(SAMPLES.glob("*.txt"))[:8]:
        shutil.copy(p, corpus / p.name)
    with Store(tmp_path / "s.duckdb") as store:
        summary = scale.ingest_cluster([str(corpus)], Settings(), cluster, store=store)
    assert summary.coded == 8 and summary.partitions >= 4


def test_scale_cli_scheduler_option_uses_a_running_cluster(runner, cluster, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for p in sorted(SAMPLES.glob("*.txt"))[:4]:
        shutil.copy(p, corpus / p.name)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "cli.duckdb"
    args = [
        "ingest",
        str(corpus),
        "--scheduler",
        cluster.scheduler.address,
        "--db",
        str(db),
        "--batch",
        "2",
        "--no-progress",
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == 1, result.output  # the empty file is rejected, the rest coded
    assert "cluster: 2 partitions coded on 2 workers" in result.stdout
    assert f"dask: {cluster.scheduler.address}, 2 workers" in result.stderr
    assert "ingest: 5 documents done, 4 coded, 1 rejected" in result.stderr
    assert f"skip  {corpus / 'empty.txt'}  ingest:empty" in result.stderr
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 4 and store.counts()["failures"] == 1
    again = runner.invoke(main, args)
    assert "0 coded, 4 skipped as already done" in again.stdout and "cluster: 0 partitions" in again.stdout


def test_scale_cli_without_dask_names_the_pip_line(runner, tmp_path, monkeypatch):
    real = builtins.__import__

    def no_distributed(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError("No module named 'distributed'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    result = runner.invoke(main, ["ingest", str(SAMPLES), "--workers", "2", "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 1
    assert 'pip install "dyads[dask]"' in result.output
    assert not (tmp_path / "x.duckdb").exists()


@pytest.mark.parametrize(
    "args,message",
    [
        (["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"], "not both"),
        (["--out", "out"], "need a cluster"),
        (["--workers", "2", "--out", "o", "--parts", "p"], "stay in DIR"),
    ],
)
def test_scale_cli_usage_errors(runner, tmp_path, args, message):
    result = runner.invoke(main, ["ingest", str(SAMPLES), "--db", str(tmp_path / "x.duckdb"), *args])
    assert result.exit_code == 2 and message in result.output


@pytest.mark.parametrize(
    "keys,marker,other",
    [
        (["a", "b"], "m1", (["b", "a"], "m1")),
        (["a", "b"], "m1", (["a", "b"], "m2")),
        (["ab"], "m1", (["a", "b"], "m1")),
    ],
)
def test_scale_partition_id_is_a_hash_of_keys_and_marker(keys, marker, other):
    pid = part_files.partition_id(keys, marker)
    assert pid == part_files.partition_id(list(keys), marker) and len(pid) == 32
    assert pid != part_files.partition_id(*other)


def _batch(*bodies: str) -> Batch:
    docs = [Document(id=f"d{i}", text=f"text {i}") for i in range(len(bodies))]
    results = [(document_key(d), Coded(article=Article(doc_id=d.id, body=b))) for d, b in zip(docs, bodies)]
    return Batch(run_id=1, marker="m", documents=[(k, d) for (k, _), d in zip(results, docs)], results=results)


def test_scale_part_files_are_renamed_into_place_coded_last(tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    fs, root = part_files.filesystem(str(tmp_path))
    tables = part_files.batch_tables(_batch("one body", "two body"))
    real, written = pq.write_table, []

    def failing(table, where, **kwargs):  # type: ignore[no-untyped-def]
        if len(written) == 4:  # documents, articles, mentions, events are written; quotes fails
            raise OSError("disk full")
        written.append(table)
        real(table, where, **kwargs)

    monkeypatch.setattr(pq, "write_table", failing)
    with pytest.raises(OSError):
        part_files.write_part(fs, root, "p1", tables)
    assert part_files.finished_parts(fs, root) == []
    assert not list(tmp_path.rglob(".*"))  # the temporary file of the failed write is gone
    assert part_files.remove_unfinished(fs, root) == 4 and not list(tmp_path.rglob("*.parquet"))
    monkeypatch.setattr(pq, "write_table", real)
    part_files.write_part(fs, root, "p1", tables)
    assert part_files.finished_parts(fs, root) == ["p1"]
    assert part_files.read_part(fs, root, "p1")["articles"].num_rows == 2


def test_scale_a_row_arrow_refuses_is_a_store_failure_and_the_rest_are_kept():
    tables = part_files.batch_tables(_batch("fine body", "bad \ud800 body"))
    assert tables["articles"].column("body").to_pylist() == ["fine body"]
    failures = tables["failures"].to_pylist()
    assert [(f["doc_id"], f["stage"], f["reason"], f["doc_key"]) for f in failures] == [
        ("d1", "store", "internal-error", None)
    ]
    assert tables["coded"].num_rows == 1


def test_scale_a_part_the_store_refuses_is_loaded_one_document_at_a_time(tmp_path, monkeypatch):
    batch = _batch("first body", "second body")
    bad = batch.results[1][0]
    fs, root = part_files.filesystem(str(tmp_path / "parts"))
    part_files.write_part(fs, root, "p1", part_files.batch_tables(batch))
    with Store(tmp_path / "s.duckdb") as store:
        real = store.write_tables

        def refuse(tables, replace=()):  # type: ignore[no-untyped-def]
            if bad in tables["coded"].column("doc_key").to_pylist():
                raise duckdb.ConversionException("value out of range")
            return real(tables, replace)

        monkeypatch.setattr(store, "write_tables", refuse)
        sink = StoreSink(store, str(tmp_path / "parts"), "m")
        stored = list(sink.take(["p1"]))
        rows = store.con.execute("SELECT doc_id, stage, reason FROM failures").fetchall()
        coded = store.con.execute("SELECT count(*) FROM coded").fetchone()[0]
    assert rows == [("d1", "store", "internal-error")] and coded == 1
    assert sum(t["coded"].num_rows for t in stored) == 1
    assert part_files.finished_parts(fs, root) == []
