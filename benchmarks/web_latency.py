"""Latency of the web API on a store of 100,000 synthetic events (target: p95 under 200 ms).

    .venv/bin/python benchmarks/web_latency.py [--events N] [--repeat R] [--db PATH]

Builds a store with the store's own schema (dyads.store.db.Store) and fills it with
synthetic rows straight from SQL: N events over N/5 articles, 60 countries with five
roles each, dates over ten years, codes from the shipped CAMEO table. Then times each
request R times in process (FastAPI's TestClient: routing, validation, SQL and JSON,
no network) and prints p50 and p95 per request. A timing script, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from dyads.events.verbs import load_cameo
from dyads.store.db import Store

COUNTRIES = (
    "AFG ARM AUS AZE BRA CAN CHN COD COL CUB DEU EGY ETH FRA GBR HTI IND IRN IRQ ISR ITA JPN KEN KOR LBN "
    "LBY MEX MLI MMR NER NGA PAK PHL POL PRK PSE QAT RUS RWA SAU SDN SEN SOM SSD SWE SYR TUN TUR TWN UKR "
    "USA VEN YEM ZAF IDN BGD DZA MAR ETH NOR"
).split()
ROLES = ("", "GOV", "MIL", "CVL", "REB")


def build(path: Path, n_events: int) -> None:
    """A store at `path` with `n_events` synthetic events (5 per article) and a quote per article."""
    n_docs = max(1, n_events // 5)
    with Store(path) as store:
        con = store.con
        codes = [
            (c.code, c.root, c.plover, c.goldstein, c.quad_class) for c in load_cameo().values() if len(c.code) >= 3
        ]
        con.execute(
            "CREATE TEMP TABLE cam (n INTEGER, code VARCHAR, root VARCHAR, plover VARCHAR, "
            "goldstein DOUBLE, quad_class INTEGER)"
        )
        con.executemany("INSERT INTO cam VALUES (?, ?, ?, ?, ?, ?)", [(i, *c) for i, c in enumerate(codes)])
        actors = [c + r for c in COUNTRIES for r in ROLES]
        con.execute(
            "CREATE TEMP TABLE act AS SELECT unnest(?::VARCHAR[]) AS code, generate_subscripts(?::VARCHAR[], 1) - 1 AS n",
            [actors, actors],
        )
        con.execute("SELECT setseed(0.42)")
        con.begin()
        con.execute(f"""
            INSERT INTO documents SELECT 'key' || k, 'synthetic/' || k || '.txt', 'synthetic', NULL,
                   NULL, 'Synthetic article ' || k, 'synthetic', 'text', 600, 1 FROM range({n_docs}) t(k)""")
        con.execute(f"""
            INSERT INTO articles SELECT 'key' || k, 'synthetic/' || k || '.txt', 'Synthetic article ' || k,
                   DATE '2015-01-01' + CAST(floor(random() * 3650) AS INTEGER), 'en', NULL, NULL,
                   repeat('Officials met and talked about the border and the ceasefire. ', 10), 'synthetic', 1,
                   TIMESTAMP '2026-01-01 00:00:00' FROM range({n_docs}) t(k)""")
        n_codes = len(codes)
        n_actors = len(actors)
        con.execute(f"""
            INSERT INTO events
            SELECT 'key' || (i // 5), i % 5, i,
                   s.code, 'Source ' || s.code, 'the source', 0, 10,
                   t.code, 'Target ' || t.code, 'the target', 20, 30,
                   cam.code, cam.root, cam.plover, cam.goldstein, cam.quad_class,
                   CASE WHEN i % 10 = 0 THEN 'negated' WHEN i % 17 = 0 THEN 'intended' ELSE 'asserted' END,
                   CASE WHEN i % 3 = 0 THEN NULL ELSE a.published - CAST(i % 4 AS INTEGER) END, a.published,
                   NULL, NULL, NULL, NULL, NULL,
                   'Officials met and talked about the border and the ceasefire number ' || i || '.',
                   0, 62, 0.5, 'synthetic', 'dyads.synthetic', NULL, i % 5 = 0
            FROM range({n_events}) r(i)
            JOIN articles a ON a.doc_key = 'key' || (i // 5)
            JOIN act s ON s.n = hash(i) % {n_actors}
            JOIN act t ON t.n = hash(i * 7 + 3) % {n_actors}
            JOIN cam ON cam.n = hash(i * 13 + 5) % {n_codes}""")
        con.execute(f"""
            INSERT INTO quotes SELECT 'key' || k, 0, 'We talked about the border number ' || k, 0, 40,
                   'Speaker ' || (k % 300), s.code, 'the speaker', 50, 60, 'say'
            FROM range({n_docs}) r(k) JOIN act s ON s.n = hash(k) % {n_actors}""")
        con.commit()


def p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def measure(db: Path, repeat: int) -> list[tuple[str, float, float, int]]:
    from fastapi.testclient import TestClient

    from dyads.web import create_app

    client = TestClient(create_app(db))
    requests = [
        "/api/events",
        "/api/events?dyad=IRN-USA",
        "/api/events?dyad=IRN~USA&limit=500",
        "/api/events?actor=RUSMIL&root=19&since=2018-01-01&until=2020-12-31",
        "/api/events?q=number%20777&modality=all",
        "/api/events?order=desc&offset=50000",
        "/api/dyads/IRN/USA/timeline?interval=day",
        "/api/dyads/IRN/USA/timeline?interval=week",
        "/api/dyads/IRN/USA/timeline?interval=month&both=true",
        "/api/timeline?interval=month",
        "/api/dyads?limit=50",
        "/api/actors/USA",
        "/api/quotes?speaker=IRN&q=border",
        "/dyads/IRN/USA",
    ]
    out = []
    for url in requests:
        response = client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
        out.append((url, statistics.median(times), p(times, 0.95), len(response.content)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000, help="synthetic events in the store")
    ap.add_argument("--repeat", type=int, default=40, help="timed requests per URL")
    ap.add_argument("--db", type=Path, help="keep the store at this path (default: a temporary file)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "synthetic.duckdb"
        if db.exists():
            db.unlink()
        t0 = time.perf_counter()
        build(db, args.events)
        print(f"built {db} with {args.events:,} events in {time.perf_counter() - t0:.1f} s")
        results = measure(db, args.repeat)
    print(f"{'request':64} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>9}")
    for url, p50, p95, size in results:
        print(f"{url:64} {p50:8.1f} {p95:8.1f} {size:9,}")
    worst = max(r[2] for r in results)
    print(f"worst p95: {worst:.1f} ms (target < 200 ms): {'ok' if worst < 200 else 'SLOW'}")


if __name__ == "__main__":
    main()
