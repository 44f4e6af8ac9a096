"""Throughput of `dyads code` beside spaCy's nlp.pipe alone, on the same texts.

    .venv/bin/python benchmarks/throughput.py [--repeat N] [--texts FILE.jsonl]

`--texts` codes the `text` (and `published`) of each line of a JSON Lines file instead of the
sample corpus, e.g. a gold file: `--texts ../shared/gold/voa_dev.jsonl --repeat 1`.

Prints documents/s and words/s for both and their ratio (target >= 0.80: our
own work stays small beside parsing): parsing alone and coding in full are timed alternately,
`--rounds` times, and the ratio is the median of the rounds' ratios, since a shared machine's
speed drifts between minutes. Run on an idle machine; one process.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from dyads.model import Article, Document
from dyads.nlp.parse import parse, parse_text
from dyads.pipeline import Pipeline
from dyads.read.sources import read_sources
from dyads.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=8, help="copies of the sample corpus to code")
    ap.add_argument("--rounds", type=int, default=3, help="alternate parse-alone and full-coding timings this often")
    ap.add_argument(
        "--texts", metavar="FILE.jsonl", help="code these texts instead of samples/ (one JSON object a line)"
    )
    args = ap.parse_args()
    settings = Settings()
    pipeline = Pipeline(settings)
    if args.texts:
        rows = [json.loads(line) for line in Path(args.texts).read_text(encoding="utf-8").splitlines() if line.strip()]
        docs = [
            Document(id=str(r.get("id", i)), text=r["text"], published=r.get("published")) for i, r in enumerate(rows)
        ]
    else:
        docs = [d for d in read_sources((str(ROOT / "samples"),), settings) if isinstance(d, Document)]
    docs = [
        Document(id=f"{d.id}#{i}", text=d.text, html=d.html, published=d.published or "2020-01-01")
        for i in range(args.repeat)
        for d in docs
    ]
    articles = [a for a in (pipeline._extract(d) for d in docs) if isinstance(a, Article)]
    texts = [parse_text(a) for a in articles]
    words = sum(len(t.split()) for t in texts)
    list(pipeline.nlp.pipe(texts[:8]))  # warm up

    # parse alone and code in full, alternately, round by round: a shared machine's speed drifts
    # by a quarter between minutes, so each round's ratio compares like with like
    ratios: list[float] = []
    spacy_s = dyads_s = 0.0
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for _ in pipeline.nlp.pipe(texts, batch_size=settings.batch_size):
            pass
        spacy_round = time.perf_counter() - t0
        t0 = time.perf_counter()
        coded = list(pipeline.code_documents(docs))
        dyads_round = time.perf_counter() - t0
        ratios.append(spacy_round / dyads_round)  # documents/s of dyads over documents/s of spaCy
        spacy_s, dyads_s = spacy_s + spacy_round, dyads_s + dyads_round
    spacy_s, dyads_s = spacy_s / args.rounds, dyads_s / args.rounds

    t0 = time.perf_counter()
    for a, doc in zip(articles, parse(pipeline.nlp, articles, settings.batch_size), strict=True):
        pipeline.code_parsed(a, doc)
    parse_and_code_s = time.perf_counter() - t0

    # the actor stage alone, on the parsed documents (issue: resolution adds < 15% per article)
    from dyads.actors.mentions import find_mentions

    parsed = list(parse(pipeline.nlp, articles, settings.batch_size))
    t0 = time.perf_counter()
    for a, doc in zip(articles, parsed):
        find_mentions(doc, pipeline.kb, a.published)
    actors_s = time.perf_counter() - t0

    n = len(docs)
    print(f"documents: {n} ({len(articles)} articles, {words} words); coded records: {len(coded)}")
    print(f"spaCy nlp.pipe alone:        {len(texts) / spacy_s:8.1f} docs/s  {words / spacy_s:8.0f} words/s")
    print(f"dyads code (read->coded):    {n / dyads_s:8.1f} docs/s  {words / dyads_s:8.0f} words/s")
    print(f"  of which extraction:       {dyads_s - parse_and_code_s:8.2f} s; parse+code {parse_and_code_s:.2f} s")
    print(
        f"actor resolution:            {actors_s:8.2f} s = {100 * actors_s / spacy_s:.1f}% of parsing time "
        f"({1000 * actors_s / len(articles):.1f} ms per article; target < 15%)"
    )
    rounds = " ".join(f"{r:.2f}" for r in ratios)
    print(f"ratio dyads/spaCy: {statistics.median(ratios):.2f}  (median of rounds: {rounds}; target >= 0.80)")


if __name__ == "__main__":
    main()
