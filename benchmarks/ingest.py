"""Throughput of `dyads ingest` (read, code, store) beside spaCy's nlp.pipe alone, on the same texts.

    .venv/bin/python benchmarks/ingest.py [--docs 600] [--batch 64] [--full] [--keep out.duckdb]

Writes a generated corpus of short news texts (tests/corpusgen.py: the samples with names,
numbers and dates varied; half as .txt files, half as JSON Lines) to a temporary folder, then
times, on the same articles:
  1. spaCy nlp.pipe alone on the article bodies,
  2. the dyads pipeline alone (extract, parse, code: no store),
  3. the whole ingest into a fresh DuckDB store (read, key, skip check, code; each batch is
     written on a writer thread while the next one is coded),
  4. a second ingest of the same corpus (everything skipped as already done).
Each is timed --repeat times, interleaved, and the best time counts. Target: ingest / nlp.pipe
>= 0.80. Run on an idle machine with two cores or more (the writer thread's DuckDB work runs on
the second); one process.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dyads.ingest import ingest  # noqa: E402
from dyads.model import Article, Document  # noqa: E402
from dyads.nlp.parse import parse_text  # noqa: E402
from dyads.pipeline import Pipeline  # noqa: E402
from dyads.read.sources import read_sources  # noqa: E402
from dyads.settings import Settings  # noqa: E402
from dyads.store.db import Store  # noqa: E402
from tests.corpusgen import base_texts, full_texts, write_benchmark_corpus  # noqa: E402


def timed(label: str, n: int, words: int, seconds: float) -> float:
    rate = n / seconds
    print(f"{label:38} {rate:8.1f} docs/s  {words / seconds:8.0f} words/s  ({seconds:.2f} s)")
    return rate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=600, help="documents in the generated corpus")
    ap.add_argument("--batch", type=int, default=64, help="documents per store transaction")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--full", action="store_true", help="vary whole sample articles (~300 words) instead of short ones (~60 words)"
    )
    ap.add_argument("--keep", help="write the (first) store here instead of a temporary file")
    ap.add_argument("--repeat", type=int, default=3, help="timings to take of each; the best counts")
    args = ap.parse_args()

    settings = Settings(default_date="2021-03-04")
    pipeline = Pipeline(settings)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write_benchmark_corpus(corpus, args.docs, args.seed, full_texts() if args.full else base_texts())
        docs = [d for d in read_sources([str(corpus)], settings) if isinstance(d, Document)]
        articles = [a for a in (pipeline._extract(d) for d in docs) if isinstance(a, Article)]
        texts = [parse_text(a) for a in articles]
        words = sum(len(t.split()) for t in texts)
        list(pipeline.code_documents(docs[:16]))  # warm up: model, knowledge base, gazetteer, language id
        print(
            f"corpus: {len(docs)} documents, {len(articles)} articles, {words} words "
            f"({words / max(1, len(texts)):.0f} per article)"
        )

        best = {"spacy": float("inf"), "code": float("inf"), "ingest": float("inf")}
        for rep in range(args.repeat):  # interleaved, best of N: other load on the machine hits all three alike
            t0 = time.perf_counter()
            for _ in pipeline.nlp.pipe(texts, batch_size=settings.batch_size):
                pass
            best["spacy"] = min(best["spacy"], time.perf_counter() - t0)
            t0 = time.perf_counter()
            for _ in pipeline.code_documents(docs):
                pass
            best["code"] = min(best["code"], time.perf_counter() - t0)
            db = Path(args.keep) if args.keep and rep == 0 else Path(tmp) / f"bench-{rep}.duckdb"
            with Store(db) as store:
                t0 = time.perf_counter()
                summary = ingest([str(corpus)], store, pipeline, batch_docs=args.batch)
                best["ingest"] = min(best["ingest"], time.perf_counter() - t0)
                t0 = time.perf_counter()
                again = ingest([str(corpus)], store, pipeline, batch_docs=args.batch)
                rerun_s = time.perf_counter() - t0
                counts = store.counts()
        spacy_rate = timed("spaCy nlp.pipe alone", len(texts), words, best["spacy"])
        code_rate = timed("dyads pipeline (no store)", len(docs), words, best["code"])
        ingest_rate = timed("dyads ingest (read+code+store)", summary.documents, words, best["ingest"])
        print(
            f"{'rerun (all skipped)':38} {again.documents / rerun_s:8.1f} docs/s  ({rerun_s:.2f} s, "
            f"{again.skipped} skipped, {again.coded} coded)"
        )
        print(
            f"store: {counts['documents']} documents, {counts['mentions']} mentions, {counts['events']} events, "
            f"{counts['quotes']} quotes"
        )
        print(f"ratio ingest / nlp.pipe:        {ingest_rate / spacy_rate:.2f}  (target >= 0.80)")
        print(f"ratio ingest / pipeline alone:  {ingest_rate / code_rate:.2f}  (the store's own cost)")


if __name__ == "__main__":
    main()
