"""Readers (files, folders, gzip, JSON, WARC, feeds, URL lists) and corpus ingest into the store."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyads.cli.main import main
from dyads.ingest import ingest, marker_of
from dyads.model import Document, Rejected
from dyads.read.fetch import FetchConfig, PoliteClient
from dyads.read.sources import ReadOptions, estimate_documents, html_to_text, read_path, read_sources, read_stream, walk
from dyads.registry import readers
from dyads.settings import Settings
from dyads.store.db import Store

from .corpusgen import MAX_BYTES, ROOT, make_corpus, rss_bytes, warc_bytes

S = Settings(max_bytes=MAX_BYTES, max_seconds=0)  # no time budget: outcomes must not hang on the load
ARTICLE = (
    "Ministers meet in Oslo\n\nThe foreign ministers of Norway and Iceland met in Oslo on Thursday to revive "
    "a fisheries agreement, officials in both capitals said."
)
PAGE = f"<html><body><article><h1>Talks</h1><p>{ARTICLE}</p><p>{ARTICLE}</p></article></body></html>"


def read(path: Path, options: ReadOptions | None = None) -> list[Document | Rejected]:
    return list(read_path(path, S, options))


def outcome(item: Document | Rejected) -> str:
    return "doc" if isinstance(item, Document) else f"{item.stage}:{item.reason}"


# --- readers ----------------------------------------------------------------------------------


def test_ingest_registry_names_are_pinned():
    assert sorted(readers.get_all()) == [
        "dyads.feed.v1",
        "dyads.file.v1",
        "dyads.gzip.v1",
        "dyads.json.v1",
        "dyads.jsonl.v1",
        "dyads.urls.v1",
        "dyads.warc.v1",
    ]


@pytest.mark.parametrize(
    "name,data,expected",
    [
        ("a.json", json.dumps({"id": "one", "text": ARTICLE, "published": "2020-01-02"}), ["doc"]),
        (
            "b.json",
            json.dumps([{"id": "x", "text": ARTICLE}, {"id": "y", "html": PAGE}, {"id": "z"}, 7]),
            ["doc", "doc", "ingest:malformed-json", "ingest:malformed-json"],
        ),
        (
            "c.json",
            json.dumps({"id": "q", "text": ARTICLE}) + "\n" + json.dumps({"id": "r", "text": ARTICLE}),
            ["doc", "doc"],
        ),
        ("d.json", '{"id": "broken", "text": "cut', ["ingest:malformed-json"]),
        ("e.json", "   ", ["ingest:empty"]),
        (
            "f.jsonl",
            json.dumps({"id": "a", "text": ARTICLE}) + "\n\nnot json\n" + json.dumps({"text": "  "}),
            ["doc", "ingest:malformed-json", "ingest:empty"],
        ),
        ("g.jsonl", json.dumps({"id": "s", "text": "bad \ud800 surrogate"}), ["ingest:encoding"]),
    ],
)
def test_ingest_json_readers(tmp_path, name, data, expected):
    (tmp_path / name).write_text(data, encoding="utf-8")
    assert [outcome(d) for d in read(tmp_path / name)] == expected


def test_ingest_jsonl_line_over_max_bytes_is_too_large_and_reading_goes_on(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(
        json.dumps({"id": "big", "text": "w " * MAX_BYTES}) + "\n" + json.dumps({"id": "ok", "text": ARTICLE})
    )
    got = read(path)
    assert [(outcome(d), getattr(d, "doc_id", getattr(d, "id", None))) for d in got] == [
        ("ingest:too-large", f"{path}:1"),
        ("doc", "ok"),
    ]


@pytest.mark.parametrize(
    "name,content,expected",
    [
        ("a.txt.gz", ARTICLE.encode(), ["doc"]),
        ("b.html.gz", PAGE.encode(), ["doc"]),
        (
            "c.jsonl.gz",
            (json.dumps({"id": "j1", "text": ARTICLE}) + "\n{bad\n").encode(),
            ["doc", "ingest:malformed-json"],
        ),
        ("d.json.gz", json.dumps([{"id": "j2", "text": ARTICLE}]).encode(), ["doc"]),
        ("e.rss.gz", rss_bytes([("https://x.example/1", "T", ARTICLE)]), ["doc"]),
        ("f.txt.gz", b"A" * (MAX_BYTES + 10), ["ingest:too-large"]),  # bounded: no gzip bomb
    ],
)
def test_ingest_gzip_reads_by_inner_name(tmp_path, name, content, expected):
    (tmp_path / name).write_bytes(gzip.compress(content))
    assert [outcome(d) for d in read(tmp_path / name)] == expected


def test_ingest_gzip_corrupt_is_unreadable(tmp_path):
    (tmp_path / "bad.txt.gz").write_bytes(b"\x1f\x8b\x08\x00not really gzip at all")
    assert [outcome(d) for d in read(tmp_path / "bad.txt.gz")] == ["ingest:unreadable"]


def test_ingest_file_over_max_bytes_is_not_read(tmp_path):
    (tmp_path / "big.txt").write_bytes(b"x" * (MAX_BYTES + 1))
    assert [outcome(d) for d in read(tmp_path / "big.txt")] == ["ingest:too-large"]


def test_ingest_warc_html_responses_only(tmp_path):
    pages = [("https://a.example/1", PAGE), ("https://a.example/2", PAGE.replace("Oslo", "Bergen"))]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_bytes(pages))
    got = read(path)
    assert [(type(d).__name__, d.id, d.url) for d in got] == [  # type: ignore[union-attr]
        ("Document", "https://a.example/1", "https://a.example/1"),
        ("Document", "https://a.example/2", "https://a.example/2"),
    ]
    assert all(d.html and "Oslo" in d.html or "Bergen" in d.html for d in got)  # type: ignore[union-attr, operator]


@pytest.mark.parametrize(
    "data,expected",
    [
        (b"this is not a WARC file at all", ["ingest:malformed-warc"]),
        (b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: many\r\n\r\n", ["ingest:malformed-warc"]),
        (b"", ["ingest:empty"]),
    ],
)
def test_ingest_warc_malformed(tmp_path, data, expected):
    (tmp_path / "x.warc").write_bytes(data)
    assert [outcome(d) for d in read(tmp_path / "x.warc")] == expected


def test_ingest_warc_broken_after_good_records_keeps_the_good_ones(tmp_path):
    good = warc_bytes([("https://a.example/1", PAGE)], extra_image=False)
    (tmp_path / "x.warc.gz").write_bytes(good + b"WARC/1.0\r\nno type here\r\n\r\n")
    assert [outcome(d) for d in read(tmp_path / "x.warc.gz")] == ["doc", "ingest:malformed-warc"]


ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><id>urn:x:1</id><title>Talks</title><link href="https://atom.example/1"/><updated>2021-03-04T10:00:00Z</updated>
<content type="html">&lt;p&gt;{a}&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;</content></entry>
<entry><id>urn:x:2</id><title>Empty</title><updated>2021-03-04T10:00:00Z</updated></entry></feed>"""


def test_ingest_feeds_items_with_content(tmp_path):
    (tmp_path / "a.atom").write_text(ATOM.format(a=ARTICLE), encoding="utf-8")
    got = read(tmp_path / "a.atom")
    assert [outcome(d) for d in got] == ["doc", "ingest:empty"]
    doc = got[0]
    assert isinstance(doc, Document)
    assert (doc.id, doc.url, doc.title, doc.published) == ("urn:x:1", "https://atom.example/1", "Talks", "2021-03-04")
    assert doc.text == ARTICLE + "\n\nSecond paragraph."
    (tmp_path / "b.rss").write_bytes(rss_bytes([("https://r.example/1", "Talks", ARTICLE)]))
    rss = read(tmp_path / "b.rss")
    assert [(d.id, d.published) for d in rss] == [("https://r.example/1", "2020-01-06")]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "data,expected",
    [
        (b"<rss version='2.0'><channel><<<>>>&&&", ["ingest:malformed-feed"]),
        (b"plain words, not XML", ["ingest:malformed-feed"]),
        (b"<?xml version='1.0'?><urlset></urlset>", ["ingest:unsupported"]),
        (b"<rss version='2.0'><channel><title>no items</title></channel></rss>", []),
    ],
)
def test_ingest_feeds_malformed(tmp_path, data, expected):
    (tmp_path / "f.xml").write_bytes(data)
    assert [outcome(d) for d in read(tmp_path / "f.xml")] == expected


@pytest.mark.parametrize(
    "html,text",
    [
        ("<p>One.</p><p>Two <b>bold</b>.</p>", "One.\n\nTwo bold."),
        ("Line<br>next<script>var x;</script>", "Line\nnext"),
        ("<ul><li>a</li><li>b</li></ul>", "a\n\nb"),
        ("", ""),
    ],
)
def test_ingest_html_to_text(html, text):
    assert html_to_text(html) == text


def test_ingest_walk_folders_sorted_skipping_hidden_and_unknown(tmp_path):
    for name in (
        "b/2.txt",
        "a/1.html",
        "a/.hidden.txt",
        ".git/x.txt",
        "c/img.png",
        "c/d.jsonl.gz",
        "c/e.tar.gz",
        "c/f.warc.gz",
        "c/g.urls",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    found = [p.relative_to(tmp_path).as_posix() for p in walk([tmp_path])]
    assert found == ["a/1.html", "b/2.txt", "c/d.jsonl.gz", "c/f.warc.gz", "c/g.urls"]
    assert [p.name for p in walk([tmp_path / "c" / "img.png"])] == ["img.png"]  # named files are always read


def test_ingest_sources_missing_and_stdin(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps({"id": "s1", "text": ARTICLE}).encode())))
    got = list(read_sources([str(tmp_path / "nope.txt"), "-"], S))
    assert [outcome(d) for d in got] == ["ingest:unreadable", "doc"]


def test_ingest_estimate_documents(tmp_path):
    (tmp_path / "a.jsonl").write_text("{}\n{}\n\n{}\n")
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "c.rss").write_bytes(rss_bytes([("u1", "t", "a\n\nb"), ("u2", "t", "a\n\nb")]))
    (tmp_path / "d.warc.gz").write_bytes(warc_bytes([("https://a/1", PAGE)] * 3))
    (tmp_path / "e.urls").write_text("# list\nhttps://a/1\n\nhttps://a/2\n")
    assert estimate_documents([tmp_path]) == 3 + 1 + 2 + 4 + 2  # the WARC's image response counts too


_SUFFIXES = [
    ".txt",
    ".html",
    ".json",
    ".jsonl",
    ".ndjson",
    ".gz",
    ".txt.gz",
    ".jsonl.gz",
    ".warc",
    ".warc.gz",
    ".rss",
    ".atom",
    ".xml",
    ".urls",
    ".bin",
]


def _offline_client() -> PoliteClient:
    return PoliteClient(FetchConfig(delay=0), transport=httpx.MockTransport(lambda r: httpx.Response(404)))


def _check_reader(suffix: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"doc{suffix}"
        path.write_bytes(data)
        with _offline_client() as client:
            got = list(read_path(path, S, ReadOptions(client=client)))
    for item in got:
        assert isinstance(item, (Document, Rejected))
        if isinstance(item, Rejected):
            assert item.reason in __import__("dyads.errors", fromlist=["REASONS"]).REASONS


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(suffix=st.sampled_from(_SUFFIXES), data=st.binary(max_size=3000))
def test_ingest_hypothesis_readers_never_raise_on_bytes(suffix, data):
    _check_reader(suffix, data)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda kids: (
        st.lists(kids, max_size=3)
        | st.dictionaries(st.sampled_from(["id", "text", "html", "url", "title", "published", "x"]), kids, max_size=5)
    ),
    max_leaves=8,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(_json, max_size=5), gz=st.booleans(), as_json=st.booleans())
def test_ingest_hypothesis_json_records_never_raise(records, gz, as_json):
    text = json.dumps(records) if as_json else "\n".join(json.dumps(r) for r in records)
    data = text.encode("utf-8", "surrogatepass")
    suffix = ".json" if as_json else ".jsonl"
    _check_reader(suffix + (".gz" if gz else ""), gzip.compress(data) if gz else data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    payloads=st.lists(
        st.binary(max_size=400) | st.text(max_size=300).map(lambda t: f"<p>{t}</p>".encode("utf-8", "surrogatepass")),
        min_size=1,
        max_size=3,
    ),
    cut=st.integers(0, 4000),
)
def test_ingest_hypothesis_warc_never_raises(payloads, cut):
    pages = [(f"https://w.example/{i}", p.decode("utf-8", "replace")) for i, p in enumerate(payloads)]
    _check_reader(".warc.gz", warc_bytes(pages)[:cut] if cut else warc_bytes(pages))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=st.lists(st.tuples(st.text(max_size=20), st.text(max_size=20), st.text(max_size=200)), max_size=3),
    cut=st.integers(0, 600),
)
def test_ingest_hypothesis_feeds_never_raise(items, cut):
    data = rss_bytes([(f"u{i}-{g}", t, b) for i, (g, t, b) in enumerate(items)]).decode("utf-8", "surrogatepass")
    _check_reader(".rss", (data[:cut] if cut else data).encode("utf-8", "surrogatepass"))


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=2000))
def test_ingest_hypothesis_stdin_never_raises(data):
    for item in read_stream("-", io.BytesIO(data), S):
        assert isinstance(item, (Document, Rejected))


# --- URL lists: a polite client against a local server ---------------------------------------


class _Site(BaseHTTPRequestHandler):
    pages: dict[str, tuple[int, str, bytes]] = {}
    hits: list[tuple[str, float, str]] = []

    def do_GET(self) -> None:  # noqa: N802
        type(self).hits.append((self.path, time.monotonic(), self.headers.get("User-Agent", "")))
        status, ctype, body = self.pages.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def site():
    _Site.hits = []
    _Site.pages = {
        "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/news/1.html": (200, "text/html; charset=utf-8", PAGE.encode()),
        "/news/2.html": (200, "text/html; charset=iso-8859-1", PAGE.replace("Oslo", "Troms\u00f8").encode("latin-1")),
        "/news/plain.txt": (200, "text/plain", ARTICLE.encode()),
        "/private/secret.html": (200, "text/html", PAGE.encode()),
        "/big.html": (200, "text/html", b"<p>" + b"x" * (MAX_BYTES + 10) + b"</p>"),
        "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
        "/broken": (500, "text/plain", b"oops"),
    }
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_ingest_url_list_fetches_politely(site, tmp_path):
    urls = [
        "/news/1.html",
        "/news/2.html",
        "/news/plain.txt",
        "/private/secret.html",
        "/big.html",
        "/logo.png",
        "/missing.html",
        "/broken",
    ]
    path = tmp_path / "list.urls"
    path.write_text("# our list\n" + "\n".join(site + u for u in urls) + "\nftp://elsewhere/x\n", encoding="utf-8")
    options = ReadOptions(fetch=FetchConfig(delay=0.2, timeout=5, max_bytes=MAX_BYTES))
    got = read(path, options)
    assert [(outcome(d), getattr(d, "doc_id", None) or d.id) for d in got] == [  # type: ignore[union-attr]
        ("doc", site + "/news/1.html"),
        ("doc", site + "/news/2.html"),
        ("doc", site + "/news/plain.txt"),
        ("fetch:robots-disallowed", site + "/private/secret.html"),
        ("fetch:too-large", site + "/big.html"),
        ("fetch:unsupported", site + "/logo.png"),
        ("fetch:http-4xx", site + "/missing.html"),
        ("fetch:http-5xx", site + "/broken"),
        ("fetch:fetch-failed", "ftp://elsewhere/x"),
    ]
    assert "Troms\u00f8" in got[1].html  # type: ignore[union-attr, operator]  # the HTTP charset decodes it
    assert got[2].text == ARTICLE and got[0].source == str(path)  # type: ignore[union-attr]
    assert "robots.txt" in got[3].detail  # type: ignore[union-attr]
    paths = [p for p, _, _ in _Site.hits]
    assert paths.count("/robots.txt") == 1 and "/private/secret.html" not in paths
    times = [t for _, t, _ in _Site.hits]
    # one host: the client waits 0.2 s between requests; the server stamps arrivals in its own thread,
    # which a loaded 2-core machine delays by tens of milliseconds (without the delay gaps are ~1 ms)
    assert all(b - a >= 0.2 - 0.06 for a, b in zip(times, times[1:]))
    assert times[-1] - times[0] >= 0.2 * (len(times) - 1) * 0.9
    assert all(ua.startswith("dyads/") for _, _, ua in _Site.hits)


def test_ingest_url_list_skips_urls_already_stored(site, tmp_path):
    path = tmp_path / "list.urls"
    path.write_text(f"{site}/news/1.html\n{site}/news/2.html\n", encoding="utf-8")
    options = ReadOptions(fetch=FetchConfig(delay=0), skip_url=lambda url: url.endswith("1.html"))
    assert [d.id for d in read(path, options)] == [f"{site}/news/2.html"]  # type: ignore[union-attr]


def test_ingest_url_list_rerun_fetches_only_what_failed(site, tmp_path, pipeline):
    from dyads.pipeline import Pipeline

    path = tmp_path / "list.urls"
    path.write_text(f"{site}/news/1.html\n{site}/news/plain.txt\n{site}/missing.html\n", encoding="utf-8")
    options = ReadOptions(fetch=FetchConfig(delay=0, max_bytes=MAX_BYTES))
    with Store(tmp_path / "s.duckdb") as store:
        first = ingest([str(path)], store, Pipeline(S), options=options)
        assert (first.coded, first.n_rejected) == (2, 1)
        _Site.hits = []
        second = ingest([str(path)], store, Pipeline(S), options=options)
        assert (second.coded, second.skipped, second.n_rejected) == (0, 2, 1)
        assert [p for p, _, _ in _Site.hits if p != "/robots.txt"] == ["/missing.html"]
        assert store.con.execute("SELECT url FROM documents ORDER BY url").fetchall() == [
            (f"{site}/news/1.html",),
            (f"{site}/news/plain.txt",),
        ]


@pytest.mark.parametrize("robots_status,allowed", [(404, True), (403, True), (503, False)])
def test_ingest_robots_status_rules(robots_status, allowed):
    """RFC 9309: a 4xx robots.txt allows everything, a 5xx one disallows everything."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(robots_status)
        return httpx.Response(200, headers={"content-type": "text/html"}, content=PAGE.encode())

    with PoliteClient(FetchConfig(delay=0), transport=httpx.MockTransport(handler)) as client:
        got = client.fetch("https://site.example/a.html")
    assert isinstance(got, Rejected) is not allowed
    if not allowed:
        assert got.reason == "robots-disallowed" and "server error" in got.detail  # type: ignore[union-attr]


def test_ingest_fetch_timeout_is_a_rejection():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with PoliteClient(FetchConfig(delay=0, robots=False), transport=httpx.MockTransport(handler)) as client:
        got = client.fetch("https://slow.example/a")
    assert isinstance(got, Rejected) and (got.reason, got.stage) == ("fetch-timeout", "fetch")
    assert "ReadTimeout" in got.detail


# --- corpus ingest ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory, pipeline):
    """A generated corpus of 1,000 good and ~70 bad documents, ingested twice."""
    from dyads.pipeline import Pipeline

    root = tmp_path_factory.mktemp("big")
    corpus = make_corpus(root / "corpus", n_good=1000, seed=7)
    coder = Pipeline(S)  # the model, knowledge base and verbs are cached: this shares the session's
    store = Store(root / "big.duckdb")
    first = ingest([str(corpus.root)], store, coder)
    counts = store.counts()
    second = ingest([str(corpus.root)], store, coder)
    yield corpus, store, first, second, counts
    store.close()


def _outcomes(store: Store) -> dict[str, str]:
    got = {d: "coded" for (d,) in store.con.execute("SELECT doc_id FROM articles").fetchall()}
    for doc_id, stage, reason in store.con.execute("SELECT doc_id, stage, reason FROM failures").fetchall():
        assert doc_id not in got
        got[doc_id] = f"{stage}:{reason}"
    return got


def test_ingest_corpus_is_big_and_mixed(big):
    corpus = big[0]
    assert len(corpus.good) >= 1000
    assert len(corpus.bad) >= 0.05 * len(corpus.good)
    kinds = {o for o in corpus.bad.values()}
    assert {
        "ingest:empty",
        "ingest:binary",
        "ingest:encoding",
        "ingest:malformed-json",
        "extract:not-english",
        "ingest:too-large",
        "ingest:malformed-warc",
        "ingest:malformed-feed",
    } <= kinds


def test_ingest_corpus_every_document_has_its_outcome(big):
    corpus, store, first, _, _ = big
    got = _outcomes(store)
    expected = {k: v for k, v in corpus.expected.items() if v != "duplicate"}
    wrong = {k: (v, got.get(k)) for k, v in expected.items() if got.get(k) != v}
    assert wrong == {}
    assert set(got) == set(expected)
    assert first.coded == len(corpus.good)
    assert first.n_rejected == len(corpus.bad)


def test_ingest_corpus_same_content_twice_is_one_document(big):
    corpus, store, first, _, _ = big
    assert first.duplicates == len(corpus.ids("duplicate"))
    copies = {str(p) for p in corpus.ids("duplicate")}
    assert not copies & {d for (d,) in store.con.execute("SELECT doc_id FROM documents").fetchall()}


def test_ingest_corpus_second_run_adds_nothing(big):
    corpus, store, first, second, counts = big
    after = store.counts()
    assert {k: v for k, v in after.items() if k != "runs"} == {k: v for k, v in counts.items() if k != "runs"}
    assert after["runs"] == counts["runs"] + 1
    assert (second.coded, second.skipped, second.duplicates) == (0, first.coded, first.duplicates)
    assert second.rejected == first.rejected  # the exit status stays 1: the same documents are still bad
    assert second.rejected_before == first.rejected["extract:not-english"]
    runs = store.con.execute("SELECT status, coded, skipped FROM runs ORDER BY run_id").fetchall()
    assert runs == [("done", first.coded, 0), ("done", 0, first.coded)]


def test_ingest_corpus_summary_lines(big):
    lines = big[2].lines()
    assert lines[0].startswith(f"documents: {big[2].documents} read; {big[2].coded} coded")
    assert "rejected by reason:" in lines
    assert any("ingest:binary" in line for line in lines)


class _Bumped:
    """A pipeline whose verb dictionary version moved on: everything must be recoded."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner, self.settings = inner, inner.settings

    @property
    def versions(self):  # type: ignore[no-untyped-def]
        return tuple((k, v + "+next" if k == "verbs" else v) for k, v in self.inner.versions)

    def code_documents(self, docs):  # type: ignore[no-untyped-def]
        return self.inner.code_documents(docs)


def test_ingest_new_versions_replace_rows(tmp_path, pipeline):
    from dyads.pipeline import Pipeline

    coder = Pipeline(S)
    corpus = make_corpus(tmp_path / "c", n_good=30, seed=5)
    with Store(tmp_path / "s.duckdb") as store:
        ingest([str(corpus.root)], store, coder)
        before = store.counts()
        again = ingest([str(corpus.root)], store, _Bumped(coder))
        assert again.coded == len(corpus.good) and again.skipped == 0
        after = store.counts()
        assert {k: v for k, v in after.items() if k != "runs"} == {k: v for k, v in before.items() if k != "runs"}
        markers = {m for (m,) in store.con.execute("SELECT DISTINCT marker FROM coded").fetchall()}
        assert markers == {marker_of(_Bumped(coder).versions, S)}


def _write_inline(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Make ingest write each batch on the calling thread, as before the writer thread."""
    from concurrent.futures import Future

    from dyads import ingest as corpus_module

    def submit(self, batch):  # type: ignore[no-untyped-def]
        done: Future = Future()
        done.set_result(self.out.write(batch))
        self.pending = done

    monkeypatch.setattr(corpus_module._Writer, "submit", submit)


def test_ingest_writer_thread_gives_what_a_sequential_run_gives(tmp_path, pipeline, monkeypatch):
    from dyads.pipeline import Pipeline
    from dyads.store import rows as store_module  # Batch.rows builds the rows there

    coder = Pipeline(S)
    corpus = make_corpus(tmp_path / "c", n_good=30, seed=13)
    unlucky = corpus.good[3]
    real_rows = store_module.coded_rows

    def coded_rows(key, coded, run_id, now):  # type: ignore[no-untyped-def]
        if coded.article.doc_id == unlucky:  # a document the store cannot take: written one by one, then lost
            raise ValueError("unstorable")
        return real_rows(key, coded, run_id, now)

    monkeypatch.setattr(store_module, "coded_rows", coded_rows)

    def run(db: Path) -> tuple:
        committed, rejected = [], []
        with Store(db) as store:

            def on_batch(summary) -> None:  # type: ignore[no-untyped-def]
                committed.append(store.con.execute("SELECT count(*) FROM coded").fetchone()[0])

            summary = ingest(
                [str(corpus.root)],
                store,
                coder,
                batch_docs=4,
                on_batch=on_batch,
                on_reject=lambda r: rejected.append(r.line()),
            )
            run_row = store.con.execute(
                "SELECT status, documents, coded, skipped, duplicates, rejected, events FROM runs"
            ).fetchall()
        return summary, committed, sorted(rejected), run_row, _snapshot(db)

    threaded = run(tmp_path / "threaded.duckdb")
    _write_inline(monkeypatch)
    inline = run(tmp_path / "inline.duckdb")
    assert threaded == inline
    summary, committed, _, run_row, snapshot = threaded
    assert summary.rejected["store:internal-error"] == 1 and summary.coded == len(corpus.good) - 1
    assert (unlucky, "store", "internal-error", None) in snapshot["failures"]
    assert committed == sorted(committed) and committed[-1] == len(snapshot["coded"])  # each after its commit
    assert run_row == [("done", *summary.counts().values())]


def test_ingest_writer_error_is_raised_and_its_batch_rolled_back(tmp_path, pipeline, monkeypatch):
    from dyads.pipeline import Pipeline

    coder = Pipeline(S)
    corpus = make_corpus(tmp_path / "c", n_good=16, seed=5, bad=False)
    real_insert, calls = Store._insert, []

    def insert(self, table, rows, verb, on_conflict=""):  # type: ignore[no-untyped-def]
        if table == "events":  # after documents, articles and mentions: the transaction is open
            calls.append(threading.current_thread().name)
            if len(calls) == 2:
                raise RuntimeError("disk on fire")
        return real_insert(self, table, rows, verb, on_conflict)

    monkeypatch.setattr(Store, "_insert", insert)
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(RuntimeError, match="disk on fire"):
            ingest([str(corpus.root)], store, coder, batch_docs=4)
        assert calls[0].startswith("dyads-store")  # written on the writer thread
        assert not [t for t in threading.enumerate() if t.name.startswith("dyads-store")]
        counts = store.counts()
        assert counts["coded"] == counts["documents"] == counts["articles"] == 4  # the first batch, no more
        assert store.con.execute("SELECT status FROM runs").fetchall() == [("failed",)]
        monkeypatch.setattr(Store, "_insert", real_insert)
        again = ingest([str(corpus.root)], store, coder, batch_docs=4)
        assert (again.skipped, again.coded) == (4, len(corpus.good) - 4)


def test_ingest_cli_exit_status_summary_and_rerun(runner, tmp_path, pipeline):
    corpus = make_corpus(tmp_path / "c", n_good=12, seed=3)
    db = str(tmp_path / "s.duckdb")
    env = {"DYADS_MAX_BYTES": str(MAX_BYTES), "DYADS_MAX_SECONDS": "0"}
    first = runner.invoke(main, ["ingest", str(corpus.root), "--db", db, "--batch", "8"], env=env)
    assert first.exit_code == 1, first.output
    assert f"{len(corpus.good)} coded" in first.stdout and "rejected by reason:" in first.stdout
    assert "skip  " in first.stderr and "ingest: " in first.stderr  # one line per rejection, one per batch
    second = runner.invoke(main, ["ingest", str(corpus.root), "--db", db], env=env)
    assert second.exit_code == 1
    assert f"0 coded, {len(corpus.good)} skipped as already done" in second.stdout
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_text(ARTICLE, encoding="utf-8")
    clean = runner.invoke(main, ["ingest", str(good), "--db", str(tmp_path / "g.duckdb"), "--date", "2021-05-06"])
    assert clean.exit_code == 0, clean.output
    assert runner.invoke(main, ["ingest", str(good), "--date", "May 6"]).exit_code == 2


def test_ingest_cli_store_locked_is_a_setup_error(runner, tmp_path, pipeline):
    db = tmp_path / "s.duckdb"
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(30)"
    holder = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"  # type: ignore[union-attr]
        result = runner.invoke(
            main, ["ingest", str(tmp_path / "a.txt"), "--db", str(db)], env={"DYADS_LOCK_WAIT": "0.2"}
        )
        assert result.exit_code == 3
        assert f"locked by python -c (PID {holder.pid}) for 0.2 s" in result.output
        assert "no process write a store while another has it open" in result.output
    finally:
        holder.kill()
        holder.wait()


_SNAPSHOT = {
    "documents": "doc_key, doc_id, source, url, outlet",
    "coded": "doc_key, marker, outcome",
    "articles": "doc_key, doc_id, body, published",
    "mentions": "doc_key, n, code, start_char, end_char",
    "events": "doc_key, n, cluster_id, cameo, modality, event_date",
    "quotes": "doc_key, n, text",
    "failures": "doc_id, stage, reason, doc_key",
}


def _snapshot(db: Path) -> dict[str, list[tuple]]:
    with Store(db, read_only=True) as store:
        return {
            t: sorted(store.con.execute(f"SELECT {cols} FROM {t}").fetchall(), key=repr)
            for t, cols in _SNAPSHOT.items()
        }


def test_ingest_sigkill_at_a_random_point_then_rerun_equals_an_uninterrupted_run(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", n_good=150, seed=11)
    # all three runs use one frozen copy of the code and knowledge files, whatever changes meanwhile
    frozen = tmp_path / "frozen"
    shutil.copytree(ROOT / "dyads", frozen / "dyads", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "DYADS_MAX_BYTES": str(MAX_BYTES), "DYADS_MAX_SECONDS": "0", "PYTHONPATH": str(frozen)}
    where = subprocess.run(
        [sys.executable, "-c", "import dyads; print(dyads.__file__)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    ).stdout
    assert where.startswith(str(frozen))

    def command(db: Path) -> list[str]:
        return [
            sys.executable,
            "-m",
            "dyads",
            "ingest",
            str(corpus.root),
            "--db",
            str(db),
            "--batch",
            "16",
            "--no-progress",
        ]

    clean, killed = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    rng = random.Random(2024)
    proc = subprocess.Popen(
        command(killed), env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    batches, wanted, seen = 0, rng.randint(1, 6), []  # about 11 batches in all: the kill lands before the end
    for line in proc.stderr:  # type: ignore[union-attr]
        seen.append(line)
        batches += line.startswith("ingest: ")
        if batches == wanted:
            break
    assert batches == wanted, "the ingest ended early:\n" + "".join(seen[-20:])
    time.sleep(rng.uniform(0, 0.4))  # anywhere inside the next batch: parsing, or writing
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    partial = _snapshot(killed)
    assert subprocess.run(command(killed), env=env, cwd=tmp_path, capture_output=True).returncode == 1
    assert subprocess.run(command(clean), env=env, cwd=tmp_path, capture_output=True).returncode == 1
    full, after = _snapshot(clean), _snapshot(killed)
    assert 0 < len(partial["coded"]) < len(full["coded"])
    outcomes = lambda snap: Counter(o for _, _, o in snap["coded"])  # noqa: E731  (a readable first check)
    assert outcomes(after) == outcomes(full)
    assert {t: len(rows) for t, rows in after.items()} == {t: len(rows) for t, rows in full.items()}
    for table in _SNAPSHOT:  # row by row; on failure, name the first rows that differ
        missing, extra = set(full[table]) - set(after[table]), set(after[table]) - set(full[table])
        assert not missing and not extra, (table, sorted(missing, key=repr)[:3], sorted(extra, key=repr)[:3])
    with Store(killed, read_only=True) as store:
        statuses = [s for (s,) in store.con.execute("SELECT status FROM runs ORDER BY run_id").fetchall()]
    assert statuses == ["interrupted", "done"]


def test_ingest_progress_moves_per_document_within_a_batch(tmp_path, pipeline):
    folder = tmp_path / "c"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(ARTICLE.replace("Thursday", f"Thursday, {i + 1} June"), encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    seen: list[int] = []
    with Store(tmp_path / "s.duckdb") as store:
        summary = ingest([str(folder)], store, pipeline, batch_docs=64, on_document=lambda done, s: seen.append(done))
    assert summary.documents == 6 and summary.coded == 5
    assert seen == sorted(seen) and seen[-1] == 6
    assert {2, 3, 4, 5} <= set(seen)  # one call per coded document, all in one batch of 64


def test_ingest_cli_progress_bar_and_lines_show_rate_and_eta(tmp_path, monkeypatch):
    from dyads.cli.progress import Reporter
    from dyads.ingest import Summary

    folder = tmp_path / "c"
    folder.mkdir()
    for i in range(4):
        (folder / f"{i}.txt").write_text(ARTICLE, encoding="utf-8")
    with Reporter((str(folder),), bar=True) as report:
        for done in (1, 2, 3):
            report.document(done, Summary())
            assert report.progress.tasks[0].completed == done and report.progress.tasks[0].total == 4
    lines: list[str] = []
    monkeypatch.setattr("click.echo", lambda text, err=False: lines.append(text))
    with Reporter((str(folder),), bar=False) as report:
        report.document(1, Summary())  # no line per document
        report.batch(Summary(documents=2, coded=2))
    assert len(lines) == 1 and "2 documents read, 2 coded" in lines[0]
    assert "docs/s, ETA " in lines[0]
