"""Documents/s of `dyads ingest` on 1 and 2 local Dask workers, beside spaCy's nlp.pipe(n_process=2).

    .venv/bin/python benchmarks/scale.py [--docs 240] [--partition 32] [--repeat 3]

Writes a corpus of full-length news articles (the plain-text samples with names, numbers and
dates varied by tests/corpusgen.py) to a temporary folder, then times, on the same documents:
  1. dyads ingest on a local cluster of 1 worker process (dyads.scale.cluster.ingest_cluster into a fresh
     DuckDB store: client reads and plans, the worker codes and writes Parquet parts, the client
     loads them),
  2. the same on 2 worker processes,
  3. spaCy's own nlp.pipe on the article texts (parsing only: no extraction, coding or store),
     in one process and with n_process=2. The latter's time includes starting 2 processes that
     load the model; the start-up, timed on 2 texts, is also shown subtracted.
Before and after, a pure-CPU probe measures how much faster 2 processes are than 1 on this
machine right now: on a shared or oversubscribed machine no parallel code can beat that figure.
Workers are started and warmed up (pipeline loaded, a first partition coded) before timing, so
the figures are steady-state throughput. The four timings are interleaved, --repeat rounds, and
the best of each counts (load from other processes then hits all of them alike).
Target: 2 workers >= 1.6 x 1 worker on a 2-core machine (the client shares those cores).
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dyads.model import Article, Document  # noqa: E402
from dyads.nlp.parse import load_pipeline, parse_text  # noqa: E402
from dyads.pipeline import Pipeline  # noqa: E402
from dyads.read.sources import read_sources  # noqa: E402
from dyads.scale.cluster import cluster_client, ingest_cluster  # noqa: E402
from dyads.settings import Settings  # noqa: E402
from dyads.store.db import Store  # noqa: E402
from tests.corpusgen import full_texts, write_benchmark_corpus  # noqa: E402


def cpu_seconds() -> float:
    """CPU time of this process so far (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cluster_run(client, corpus: Path, settings: Settings, db: Path, partition: int) -> tuple[float, int, float, float]:  # type: ignore[no-untyped-def]
    """(documents/s, documents coded, worker CPU s, client CPU s) of one cluster ingest into a fresh store.

    The client's CPU includes the scheduler's, which runs in this process for a local cluster.
    """
    with Store(db) as store:
        before, mine, t0 = client.run(cpu_seconds), cpu_seconds(), time.perf_counter()
        summary = ingest_cluster([str(corpus)], settings, client, store=store, partition_docs=partition)
        seconds = time.perf_counter() - t0
        after = client.run(cpu_seconds)
    worker_cpu = sum(after[w] - before.get(w, 0.0) for w in after)
    return summary.documents / seconds, summary.coded, worker_cpu, cpu_seconds() - mine


def burn(n: int) -> float:
    """Seconds of a pure-Python loop (no memory traffic, no I/O): a probe of free CPU."""
    t0, x = time.perf_counter(), 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - t0


def capacity(n: int = 5_000_000) -> float:
    """How much faster 2 processes get 2 units of pure CPU work done than 1 process does 1 (ideal: 2.0).

    On a shared or oversubscribed machine this is well under 2, and no parallel code can beat it.
    """
    import multiprocessing

    one = min(burn(n) for _ in range(2))
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        pool.map(burn, [10, 10])
        t0 = time.perf_counter()
        pool.map(burn, [n, n])
        two = time.perf_counter() - t0
    return 2 * one / two


def pipe_run(texts: list[str], model: str, n_process: int) -> tuple[float, float]:
    """(texts/s including process start-up, the same with the start-up on 2 texts subtracted)."""
    nlp = load_pipeline(model)
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts[:2], batch_size=32, n_process=n_process):
        pass
    startup = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=n_process):
        pass
    seconds = time.perf_counter() - t0
    return len(texts) / seconds, len(texts) / max(seconds - (startup if n_process > 1 else 0.0), 1e-9)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=240, help="documents in the generated corpus")
    ap.add_argument("--partition", type=int, default=32, help="documents per Dask partition")
    ap.add_argument("--repeat", type=int, default=3, help="timings to take of each; the best counts")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    settings = Settings(default_date="2021-03-04")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus, warm = tmp / "corpus", tmp / "warm"
        write_benchmark_corpus(corpus, args.docs, args.seed, full_texts())
        write_benchmark_corpus(warm, 2 * args.partition, args.seed + 1, full_texts())
        pipeline = Pipeline(settings)
        docs = [d for d in read_sources([str(corpus)], settings) if isinstance(d, Document)]
        texts = [parse_text(a) for a in (pipeline._extract(d) for d in docs) if isinstance(a, Article)]
        words = sum(len(t.split()) for t in texts)
        print(
            f"corpus: {len(docs)} documents, {len(texts)} articles, {words} words "
            f"({words / max(1, len(texts)):.0f} per article); partitions of {args.partition}"
        )

        print(
            f"load average before: {os.getloadavg()[0]:.2f}; 2 processes on pure CPU work: {capacity():.2f} x one "
            "(the ceiling of any 2-process speed-up here now)"
        )
        best: dict[str, tuple[float, ...]] = {}
        keep = lambda name, got: best.__setitem__(name, max(best.get(name, got), got))  # noqa: E731
        with ExitStack() as stack:
            clients = {
                n: stack.enter_context(cluster_client(workers=n, dashboard_address=":0", silence_logs=logging.ERROR))
                for n in (1, 2)
            }
            for n, client in clients.items():  # load the pipeline on every worker and parse once: warm
                with Store(tmp / f"warm-{n}.duckdb") as store:
                    ingest_cluster([str(warm)], settings, client, store=store, partition_docs=args.partition)
            for rep in range(args.repeat):  # interleaved, best of N: load from other processes hits all alike
                for n, client in clients.items():
                    keep(f"w{n}", cluster_run(client, corpus, settings, tmp / f"b{n}-{rep}.duckdb", args.partition))
                keep("pipe1", pipe_run(texts, settings.model, 1))
                keep("pipe2", pipe_run(texts, settings.model, 2))
        for n in (1, 2):
            rate, coded, worker_cpu, client_cpu = best[f"w{n}"]
            print(
                f"{f'dyads ingest, {n} Dask worker' + 's' * (n > 1):40} {rate:7.1f} docs/s  ({coded:.0f} coded; "
                f"workers {1000 * worker_cpu / coded:.0f} ms CPU a document, client+scheduler "
                f"{100 * client_cpu / worker_cpu:.0f}% of that)"
            )
        one, two = best["w1"][0], best["w2"][0]
        pipe1 = best["pipe1"][0]
        pipe, pipe_warm = best["pipe2"]
        print(f"{'spaCy nlp.pipe (one process)':40} {pipe1:7.1f} docs/s  (parsing only)")
        print(f"{'spaCy nlp.pipe(n_process=2)':40} {pipe:7.1f} docs/s  ({pipe_warm:.1f} without process start-up)")
        print(f"ratio 2 workers / 1 worker:              {two / one:.2f}  (target >= 1.6)")
        print(f"ratio nlp.pipe n_process=2 / 1:          {pipe_warm / pipe1:.2f}  (spaCy's own scaling, same machine)")
        print(
            f"ratio 2 workers / nlp.pipe(n_process=2): {two / pipe:.2f}  ({two / pipe_warm:.2f} against its "
            "steady state; dyads also extracts, codes and stores)"
        )
        print(f"load average after: {os.getloadavg()[0]:.2f}; 2 processes on pure CPU work: {capacity():.2f} x one")


if __name__ == "__main__":
    main()
