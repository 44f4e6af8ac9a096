"""The DuckDB store: keys, idempotent batch writes, failures, runs, clusters, filters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dyads
from dyads.errors import StoreError
from dyads.model import ActorRef, Article, Coded, Document, Event, Mention, Place, Quote, Rejected
from dyads.store.db import Store, document_key, outlet
from dyads.store.query import EventFilter, parse_dyad, query_events, stats
from dyads.store.rows import Batch

MARKER = "dyads=test;settings=0"


def event(
    src: str,
    tgt: str,
    cameo: str = "112",
    date: str | None = "2020-01-03",
    modality: str = "asserted",
    start: int = 0,
    end: int = 10,
    place: Place | None = None,
) -> Event:
    return Event(
        source=ActorRef(code=src, name=f"{src} name", text=src.lower(), start=start, end=start + 3),
        target=ActorRef(code=tgt, name=f"{tgt} name", text=tgt.lower()),
        cameo=cameo,
        root=cameo[:2],
        plover="ACCUSE",
        goldstein=-2.0,
        quad_class=3,
        modality=modality,
        date=date,  # type: ignore[arg-type]
        reported="2020-01-04",
        sentence="Iran accused America.",
        start=start,
        end=end,
        place=place,
    )


def coded(
    doc_id: str,
    events: tuple[Event, ...] = (),
    body: str = "Headline\n\nIran accused America today.\n\nMore.",
    mentions: tuple[Mention, ...] = (),
    quotes: tuple[Quote, ...] = (),
) -> Coded:
    article = Article(doc_id=doc_id, body=body, published="2020-01-04", headline_end=8, url=None)
    return Coded(article=article, mentions=mentions, events=events, quotes=quotes)


def document(doc_id: str, text: str = "some text", url: str | None = None, source: str | None = None) -> Document:
    return Document(id=doc_id, text=text, url=url, source=source or doc_id)


def write(
    store: Store,
    *items: tuple[Document, Coded | Rejected],
    marker: str = MARKER,
    run_id: int = 1,
    replace: bool = False,
) -> list[Rejected]:
    keyed = [(document_key(d), d, r) for d, r in items]
    batch = Batch(
        run_id=run_id,
        marker=marker,
        documents=[(k, d) for k, d, _ in keyed],
        results=[(k, r) for k, _, r in keyed],
        replace=[k for k, _, _ in keyed] if replace else [],
    )
    return store.write(batch)


def count(store: Store, table: str) -> int:
    return store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.mark.parametrize(
    "a,b,same",
    [
        (
            Document(id="x/a.txt", text="Iran and Iraq\r\nmet."),
            Document(id="y/b.txt", text="Iran and Iraq\nmet.  \n"),
            True,
        ),
        (Document(id="a", text="Caf\u00e9 talks"), Document(id="b", text="Cafe\u0301 talks"), True),  # NFC
        (
            Document(id="a", text="talks", published="2020-01-01"),
            Document(id="a", text="talks", published="2020-01-02"),
            False,
        ),
        (Document(id="a", text="<p>talks</p>"), Document(id="a", html="<p>talks</p>"), False),
        (Document(id="a", text="talks"), Document(id="a", text="talks."), False),
    ],
)
def test_store_document_key_is_the_normalized_content(a, b, same):
    assert (document_key(a) == document_key(b)) is same
    assert len(document_key(a)) == 64


@pytest.mark.parametrize(
    "doc,expected",
    [
        (Document(id="a", text="t", url="https://www.Example.org/x"), "example.org"),
        (Document(id="feed.jsonl:3", text="t", source="feed.jsonl"), "feed.jsonl"),
        (Document(id="news/bbc/a.txt", text="t", source="news/bbc/a.txt"), "news/bbc"),
        (Document(id="crawl.warc#4", text="t"), "crawl.warc"),
    ],
)
def test_store_outlet_is_the_host_or_the_container(doc, expected):
    assert outlet(doc) == expected


def test_store_write_roundtrip_every_table(store):
    m = Mention(text="Iran", start=10, end=14, code="IRN", country="IRN", name="Iran")
    q = Quote(
        text="we refuse",
        start=20,
        end=29,
        speaker=ActorRef(code="IRNGOV", name="Ali", text="Ali", start=1, end=4),
        speaker_name="Ali",
        verb="say",
    )
    place = Place(name="Tehran", country="IRN", lat=35.7, lon=51.4)
    c = coded(
        "doc-1",
        (event("IRNGOV", "USA", start=10, end=30, place=place), event("USA", "IRN", start=40, end=45)),
        mentions=(m,),
        quotes=(q,),
    )
    assert write(store, (document("doc-1", url="https://a.example/1"), c)) == []
    counts = store.counts()
    assert {t: counts[t] for t in ("documents", "coded", "articles", "mentions", "events", "quotes", "failures")} == {
        "documents": 1,
        "coded": 1,
        "articles": 1,
        "mentions": 1,
        "events": 2,
        "quotes": 1,
        "failures": 0,
    }
    row = store.con.execute(
        "SELECT source_code, target_code, cameo, root, event_date, reported, place_name, "
        "place_lat, is_root, start_char, end_char FROM events ORDER BY n"
    ).fetchall()
    assert row[0] == (
        "IRNGOV",
        "USA",
        "112",
        "11",
        dt.date(2020, 1, 3),
        dt.date(2020, 1, 4),
        "Tehran",
        35.7,
        True,
        10,
        30,
    )
    assert row[1][-3:] == (False, 40, 45)  # after the lead paragraph
    assert store.con.execute("SELECT text, speaker_code, speaker_name, verb FROM quotes").fetchone() == (
        "we refuse",
        "IRNGOV",
        "Ali",
        "say",
    )
    assert store.con.execute("SELECT outcome, marker FROM coded").fetchone() == ("coded", MARKER)


def test_store_writing_a_batch_twice_adds_nothing(store):
    item = (document("d"), coded("d", (event("IRN", "USA"),)))
    write(store, item)
    before = store.counts()
    write(store, item)
    assert store.counts() == before


def test_store_a_batch_meeting_a_stored_key_is_upserted_whole(store):
    item = (document("d"), coded("d", (event("IRN", "USA"),)))
    other = (document("e", "other text"), coded("e", (event("USA", "IRN"),)))
    assert write(store, item) == []
    assert write(store, item, other) == []  # plain INSERTs meet "d": the batch goes in again with upserts
    assert {t: count(store, t) for t in ("documents", "coded", "articles", "events", "failures")} == {
        "documents": 2,
        "coded": 2,
        "articles": 2,
        "events": 2,
        "failures": 0,
    }


def test_store_recoding_under_other_versions_replaces_rows(store):
    doc = document("d")
    write(store, (doc, coded("d", (event("IRN", "USA"), event("USA", "IRN")))), marker="v1")
    assert store.markers([document_key(doc)]) == {document_key(doc): ("v1", "coded")}
    write(store, (doc, coded("d", (event("IRN", "ISR"),))), marker="v2", replace=True)
    assert store.con.execute("SELECT target_code FROM events").fetchall() == [("ISR",)]
    assert store.markers([document_key(doc)])[document_key(doc)] == ("v2", "coded")
    write(store, (doc, Rejected(doc_id="d", stage="extract", reason="too-short")), marker="v3", replace=True)
    assert count(store, "events") == 0 and count(store, "articles") == 0
    assert store.con.execute("SELECT stage, reason, doc_key FROM failures").fetchone() == (
        "extract",
        "too-short",
        document_key(doc),
    )


def test_store_failures_are_keyed_so_reruns_do_not_double_them(store):
    bad = Rejected(doc_id="x.txt", stage="ingest", reason="binary", detail="not text")
    for run in (1, 2, 3):
        store.write(Batch(run_id=run, marker=MARKER, rejected=[bad, bad]))
    assert store.con.execute("SELECT doc_id, reason, first_run, last_run FROM failures").fetchall() == [
        ("x.txt", "binary", 1, 3)
    ]


def test_store_a_failed_transaction_leaves_no_rows(store, monkeypatch):
    real = Store._insert

    def failing(self, table, rows, verb, on_conflict=""):
        if table == "events":
            raise duckdb.ConstraintException("simulated failure in the middle of a batch")
        return real(self, table, rows, verb, on_conflict)

    monkeypatch.setattr(Store, "_insert", failing)
    batch = Batch(
        run_id=1, marker=MARKER, documents=[("k1", document("d"))], results=[("k1", coded("d", (event("IRN", "USA"),)))]
    )
    with pytest.raises(duckdb.ConstraintException):
        store._write(batch)
    store._rollback()
    assert {t: count(store, t) for t in ("documents", "articles", "events", "coded")} == {
        "documents": 0,
        "articles": 0,
        "events": 0,
        "coded": 0,
    }


def test_store_an_unstorable_document_is_a_failure_and_the_rest_are_stored(store):
    good = [(document(f"ok-{i}", f"text {i}"), coded(f"ok-{i}", (event("IRN", "USA"),))) for i in range(3)]
    broken = (document("broken", "other"), coded("broken", body="Headline\n\nbad \ud800 text"))
    lost = write(store, good[0], broken, *good[1:])
    assert [(r.doc_id, r.stage, r.reason) for r in lost] == [("broken", "store", "internal-error")]
    assert count(store, "articles") == 3 and count(store, "events") == 3
    assert store.con.execute("SELECT doc_id, stage, reason FROM failures").fetchall() == [
        ("broken", "store", "internal-error")
    ]


def test_store_documents_keep_their_first_source(store):
    first, second = document("a/one.txt", "same words"), document("b/two.txt", "same words")
    write(store, (first, coded("a/one.txt")))
    write(store, (second, coded("b/two.txt")))
    assert store.con.execute("SELECT doc_id FROM documents").fetchall() == [("a/one.txt",)]


def test_store_runs_record_versions_and_mark_killed_runs_interrupted(store):
    versions = (("dyads", "0.1.0"), ("coder", "c1"), ("model", "m1"), ("actors", "a1"), ("verbs", "v1"))
    first = store.start_run(versions, {"min_chars": 40}, ["corpus/"])
    second = store.start_run(versions, {"min_chars": 40}, ["corpus/"])  # the first never finished
    store.finish_run(second, {"documents": 5, "coded": 4, "rejected": 1})
    rows = store.con.execute(
        "SELECT run_id, status, dyads, model, actors, verbs, documents, coded, rejected, "
        "ended IS NOT NULL FROM runs ORDER BY run_id"
    ).fetchall()
    assert rows == [
        (first, "interrupted", "0.1.0", "m1", "a1", "v1", None, None, None, False),
        (second, "done", "0.1.0", "m1", "a1", "v1", 5, 4, 1, True),
    ]


def _clustered_store(store: Store) -> None:
    place = Place(name="Tehran", country="IRN", lat=35.7, lon=51.4)
    write(
        store,
        (
            document("a1", "one", url="https://a.example/1"),
            coded("a1", (event("IRNGOV", "USA", place=place), event("IRNGOV", "USA", start=20, end=30))),
        ),
        (document("a2", "two", url="https://www.a.example/2"), coded("a2", (event("IRNGOV", "USA"),))),
        (
            document("b1", "three", url="https://b.example/1"),
            coded(
                "b1",
                (
                    event("IRNGOV", "USA"),
                    event("IRNGOV", "USA", modality="negated"),
                    event("IRNGOV", "USA", date=None),
                    event("IRNGOV", "USA", cameo="111"),
                ),
            ),
        ),
        (
            document("c1", "four", url="https://c.example/1"),
            coded("c1", (event("IRNGOV", "USA", date=None), event("IRNGOV", "USA", date="2020-01-05"))),
        ),
    )


def test_store_clusters_count_mentions_articles_and_sources(store):
    _clustered_store(store)
    rows = store.con.execute(
        "SELECT cameo, event_date, modality, n_mentions, n_articles, n_sources, len(evidence), place.name "
        "FROM event_clusters ORDER BY n_mentions DESC, cameo, event_date NULLS LAST, modality"
    ).fetchall()
    assert rows[0] == ("112", dt.date(2020, 1, 3), "asserted", 4, 3, 2, 4, "Tehran")
    assert sorted(rows[1:], key=repr) == sorted(
        [
            ("111", dt.date(2020, 1, 3), "asserted", 1, 1, 1, 1, None),
            ("112", dt.date(2020, 1, 3), "negated", 1, 1, 1, 1, None),  # modality keeps clusters apart
            ("112", dt.date(2020, 1, 5), "asserted", 1, 1, 1, 1, None),
            ("112", None, "asserted", 1, 1, 1, 1, None),  # undated events are never merged
            ("112", None, "asserted", 1, 1, 1, 1, None),
        ],
        key=repr,
    )
    assert count(store, "events") == 9  # every evidence link is kept


@pytest.mark.parametrize(
    "flt,n",
    [
        (EventFilter(), 8),  # 9 events, one negated; no date range: the 2 undated ones count
        (EventFilter(undated="exclude"), 6),  # ... unless asked to leave them out
        (EventFilter(modality="all"), 9),
        (EventFilter(modality="negated"), 1),
        (EventFilter(dyad="IRN-USA"), 8),
        (EventFilter(dyad="USA-IRN"), 0),
        (EventFilter(dyad="USA~IRN", undated="include"), 8),
        (EventFilter(dyad="IRNGOV-"), 8),
        (EventFilter(dyad="-USA"), 8),
        (EventFilter(dyad="ISR~"), 0),
        (EventFilter(since="2020-01-04"), 1),  # a date range leaves out the 2 undated events
        (EventFilter(since="2020-01-04", undated="include"), 3),  # ... unless asked to take them
        (EventFilter(until="2020-01-03"), 5),
        (EventFilter(root="11", since="2020-01-01", until="2020-12-31"), 6),
    ],
)
def test_store_query_events_filters(store, flt, n):
    _clustered_store(store)
    cols, rows = query_events(store.con, flt)
    assert len(rows) == n
    assert cols[:3] == ("event_date", "source_code", "target_code")


def test_store_query_clusters(store):
    _clustered_store(store)
    cols, rows = query_events(store.con, EventFilter(since="2020-01-03", until="2020-01-03"), clusters=True)
    top = max((dict(zip(cols, r)) for r in rows), key=lambda r: r["n_mentions"])
    assert len(rows) == 2  # 112 and 111 on 2020-01-03
    assert (top["n_mentions"], top["n_articles"], top["n_sources"]) == (4, 3, 2)
    assert top["first_url"] in ("https://a.example/1", "https://www.a.example/2", "https://b.example/1")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"since": "2015-1-1"},
        {"until": "2015-13-01"},
        {"since": "2015-W01-1"},
        {"modality": "maybe"},
        {"root": "123"},
        {"dyad": "IRN-USA-ISR"},
        {"dyad": "-"},
        {"dyad": "IR'N-USA"},
        {"dyad": "irn usa"},
    ],
)
def test_store_event_filter_rejects_bad_values(kwargs):
    with pytest.raises(ValueError):
        EventFilter(**kwargs)


@pytest.mark.parametrize(
    "text,parsed",
    [
        ("IRN-USA", ("IRN", "USA", False)),
        ("irn~usa", ("IRN", "USA", True)),
        ("IGOUNO-", ("IGOUNO", None, False)),
        ("-USAGOV", (None, "USAGOV", False)),
    ],
)
def test_store_parse_dyad(text, parsed):
    assert parse_dyad(text) == parsed


def test_store_stats(store):
    _clustered_store(store)
    store.write(Batch(run_id=1, marker=MARKER, rejected=[Rejected(doc_id="x", stage="ingest", reason="empty")]))
    s = stats(store.con, flt=EventFilter(undated="include"))
    assert (s["documents"], s["events"], s["failures"]) == (4, 9, 1)
    assert s["modalities"] == {"asserted": 8, "negated": 1}
    assert s["roots"] == {"11": 8}
    assert s["dyads"][0] == {"source": "IRNGOV", "target": "USA", "events": 8, "clusters": 5}
    assert s["failures_by_reason"] == [{"stage": "ingest", "reason": "empty", "documents": 1}]
    assert s["left_out"] == 0
    default = stats(store.con)  # the default: asserted events, undated ones too (no date range)
    assert (default["selected"], default["left_out"]) == (8, 0)
    for flt in (EventFilter(since="2020-01-01"), EventFilter(undated="exclude")):
        dated = stats(store.con, flt=flt)  # dated events only; the undated ones counted apart
        assert (dated["selected"], dated["left_out"]) == (6, 2)
        assert sum(dated["roots"].values()) == 6


def test_store_connect_leaves_no_result_open(tmp_path):
    """con.sql() on a fresh connection: nothing the store ran is left unfinished (DuckDB 2 refuses that)."""
    path = tmp_path / "s.duckdb"
    dyads.connect(str(path)).close()
    for read_only in (False, True):
        con = dyads.connect(str(path), read_only=read_only)
        assert con.sql("select root, count(*) from events group by root").fetchall() == []
        assert con.execute("select count(*) from documents").fetchall() == [(0,)]
        con.close()


def test_store_connect_creates_and_reopens(tmp_path):
    path = tmp_path / "s.duckdb"
    con = dyads.connect(str(path))
    assert {r[0] for r in con.execute("SHOW TABLES").fetchall()} >= {
        "documents",
        "articles",
        "mentions",
        "events",
        "quotes",
        "failures",
        "runs",
        "coded",
        "event_clusters",
    }
    con.close()
    ro = dyads.connect(str(path), read_only=True)
    assert ro.execute("SELECT count(*) FROM event_clusters").fetchone() == (0,)
    ro.close()


def test_store_errors_say_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    with pytest.raises(StoreError, match="not a dyads store"):
        Store(other, read_only=True)


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_code = st.sampled_from(["IRN", "USA", "IRNGOV", "USAMIL", "IGOUNO", "RUSGOV"])


@st.composite
def coded_docs(draw):  # type: ignore[no-untyped-def]
    body = draw(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200))
    n = len(body)
    spans = st.tuples(st.integers(0, n), st.integers(0, n)).map(sorted)
    mentions = tuple(
        Mention(text=body[a:b], start=a, end=b, code=draw(_code), name=draw(_text))
        for a, b in draw(st.lists(spans, max_size=4))
    )
    events = tuple(
        Event(
            source=ActorRef(code=draw(_code)),
            target=ActorRef(code=draw(_code)),
            cameo=draw(st.sampled_from(["010", "042", "112", "1831"])),
            root="01",
            plover=None,
            goldstein=draw(st.floats(-10, 10)),
            quad_class=draw(st.integers(1, 4)),
            date=draw(st.sampled_from([None, "2020-02-29", "1999-12-31", "not a date"])),
            sentence=body[a:b],
            start=a,
            end=b,
        )
        for a, b in draw(st.lists(spans, max_size=3))
    )
    return Document(id=draw(_text) or "id", text=body), Coded(
        article=Article(doc_id="x", body=body, title=draw(st.none() | _text), published=draw(st.none() | _text)),
        mentions=mentions,
        events=events,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=st.lists(coded_docs(), min_size=1, max_size=4))
def test_store_hypothesis_roundtrip_and_rerun_adds_nothing(docs):
    docs = list({document_key(d): (d, c) for d, c in reversed(docs)}.values())  # a batch holds each key once
    with Store(":memory:") as store:
        assert write(store, *docs) == []
        keys = {document_key(d) for d, _ in docs}
        assert count(store, "documents") == len(keys)
        before = store.counts()
        assert write(store, *docs) == []
        assert store.counts() == before
        for d, c in docs:
            key = document_key(d)
            body = store.con.execute("SELECT body FROM articles WHERE doc_key = ?", [key]).fetchone()[0]
            assert body == c.article.body
            n_events = store.con.execute("SELECT count(*) FROM events WHERE doc_key = ?", [key]).fetchone()[0]
            assert n_events == len(c.events)
            for text, a, b in store.con.execute(
                "SELECT text, start_char, end_char FROM mentions WHERE doc_key = ?", [key]
            ).fetchall():
                assert body[a:b] == text


# --- versions that cannot go stale ------------------------------------------------------------


def test_store_fingerprint_changes_with_one_verb_pattern(tmp_path):
    import shutil
    from importlib import resources

    from dyads.store.fingerprint import PARTS, fingerprint, part_hash

    package = Path(str(resources.files("dyads")))
    root = tmp_path / "dyads"
    shutil.copytree(package / "data" / "verbs", root / "data" / "verbs")
    before = part_hash(root, PARTS["verbs"])
    assert before == part_hash(package, PARTS["verbs"])  # the copy hashes like the package
    one = sorted((root / "data" / "verbs").rglob("*.yml"))[0]
    text = one.read_text(encoding="utf-8")
    one.write_text(text.replace("$target", "$target again", 1), encoding="utf-8")
    assert text != one.read_text(encoding="utf-8")
    assert part_hash(root, PARTS["verbs"]) != before
    assert {"coder", "actors", "verbs"} == {p.split("=")[0] for p in fingerprint().split(",")}


def test_store_fingerprint_covers_the_rule_code():
    from importlib import resources

    from dyads.store.fingerprint import PARTS, _files

    package = Path(str(resources.files("dyads")))
    covered = {p.relative_to(package).as_posix() for rel in PARTS["coder"] for p in _files(package, rel)}
    assert {"events/code.py", "events/verbs.py", "actors/kb.py", "data/cameo.tsv", "pipeline.py"} <= covered


def test_store_ingest_says_when_it_recodes(tmp_path, pipeline):
    from dyads.ingest import ingest, marker_of
    from dyads.store.fingerprint import stale_note

    doc = tmp_path / "a.txt"
    doc.write_text("Iran condemned the United States on Monday over the new sanctions.\n" * 3, encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(doc)], store, pipeline)
        versions = dict(pipeline.versions)
        assert stale_note(store.con, versions, marker_of(pipeline.versions, pipeline.settings)) is None
        changed = {**versions, "fingerprint": versions["fingerprint"].replace("verbs=", "verbs=0")}
        note = stale_note(store.con, changed, marker_of(tuple(changed.items()), pipeline.settings))
        assert note is not None and note.startswith("1 document in the store") and "verbs dictionary" in note
