"""`dyads code URL` and `dyads ingest URL`: pages fetched by the polite client from a local server.

Every test talks to 127.0.0.1 only: an http.server in a thread on a random port, and a port
where nothing listens (a refused connection). Each way a URL can fail has its own reason.
"""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dyads.cli.main import main
from dyads.model import Document, Rejected
from dyads.read.fetch import FetchConfig
from dyads.read.sources import ReadOptions, read_sources, read_stream
from dyads.settings import Settings
from dyads.store.db import Store

STORY = (
    "Border talks collapse\n\n"
    "NAIROBI, Kenya - Kenya accused Uganda on Tuesday of moving troops toward the shared border, "
    "and its foreign ministry said a protest note had been delivered to the Ugandan envoy."
)
PAGE = (
    "<html><head><title>Border talks collapse</title></head><body><article><h1>Border talks collapse</h1>"
    + "".join(f"<p>{p}</p>" for p in STORY.split("\n\n")[1:])
    + "</article></body></html>"
)
SLOW_S = 3.0  # the slow page answers after this long; the client gives up well before
TIMEOUT_S = 0.5


class _Site(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        type(self).hits.append(self.path)
        if self.path == "/slow.html":
            time.sleep(SLOW_S)
        pages = {
            "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /members/\n"),
            "/story.html": (200, "text/html; charset=utf-8", PAGE.encode()),
            "/story2.html": (200, "text/html; charset=utf-8", PAGE.encode()),
            "/members/story.html": (200, "text/html", PAGE.encode()),
            "/slow.html": (200, "text/html", PAGE.encode()),
        }
        status, ctype, body = pages.get(self.path, (404, "text/plain", b"not found"))
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up on the slow page
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def site():
    _Site.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture()
def refused() -> str:
    """A URL on a local port where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/story.html"


def _code(runner, *args: str, stdin: str | None = None):
    return runner.invoke(
        main, ["code", "--date", "2026-03-03", "--delay", "0", "--timeout", str(TIMEOUT_S), *args], input=stdin
    )


def test_fetch_code_url_codes_the_page(runner, site):
    result = _code(runner, f"{site}/story.html")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert row["doc"] == f"{site}/story.html"  # the id is the URL as given, not a mangled path
    assert row["title"] == "Border talks collapse"
    events = {(e["source"]["code"][:3], e["root"], e["target"]["code"][:3]) for e in row["events"]}
    assert ("KEN", "11", "UGA") in events  # "Kenya accused Uganda": an accusation


def test_fetch_each_failure_has_its_own_reason_and_the_run_goes_on(runner, site, refused):
    urls = [
        f"{site}/gone.html",
        refused,
        f"{site}/members/story.html",
        f"{site}/slow.html",
        "ftp://127.0.0.1/story.html",
        f"{site}/story.html",
    ]
    result = _code(runner, *urls)
    assert result.exit_code == 1
    assert [json.loads(line)["doc"] for line in result.stdout.splitlines()] == [f"{site}/story.html"]
    lines = result.stderr.strip().splitlines()
    assert [line.split("  ")[1:3] for line in lines] == [
        [f"{site}/gone.html", "fetch:http-4xx"],
        [refused, "fetch:fetch-refused"],  # never "robots-disallowed": robots.txt could not be asked either
        [f"{site}/members/story.html", "fetch:robots-disallowed"],
        [f"{site}/slow.html", "fetch:fetch-timeout"],
        ["ftp://127.0.0.1/story.html", "fetch:fetch-failed"],
    ]
    assert "404" in lines[0] and "robots.txt" in lines[2]
    assert "/members/story.html" not in _Site.hits  # disallowed: never asked for
    assert _Site.hits.count("/robots.txt") == 1  # one robots.txt per host for the whole run


def test_fetch_urls_on_stdin_are_fetched(runner, site, refused):
    result = _code(runner, "-", stdin=f"# to code\n{site}/story.html\n\n{refused}\n")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["doc"] == f"{site}/story.html"
    assert f"{refused}  fetch:fetch-refused" in result.stderr


def test_fetch_stdin_text_that_starts_with_a_url_is_one_document(site):
    text = f"{site}/story.html\n\n{STORY}\n"
    got = list(read_stream("-", io.BytesIO(text.encode()), Settings()))
    assert len(got) == 1 and isinstance(got[0], Document) and got[0].text == text
    assert _Site.hits == []  # nothing fetched


def test_fetch_urls_share_one_polite_client(site):
    """Named URLs are fetched with the per-host delay between them, robots.txt read once."""
    options = ReadOptions(fetch=FetchConfig(delay=0.3, timeout=5))
    started = time.monotonic()
    got = list(read_sources([f"{site}/story.html", f"{site}/story2.html"], Settings(), options))
    assert [type(d) for d in got] == [Document, Document]
    assert _Site.hits == ["/robots.txt", "/story.html", "/story2.html"]
    assert time.monotonic() - started >= 2 * 0.3 * 0.9  # robots.txt, then each page, 0.3 s apart


def test_fetch_ingest_urls_records_each_reason_and_skips_what_is_done(runner, site, refused, tmp_path):
    db = str(tmp_path / "s.duckdb")
    args = ["ingest", "--db", db, "--delay", "0", "--timeout", str(TIMEOUT_S), "--no-progress"]
    urls = [f"{site}/story.html", f"{site}/gone.html", refused, f"{site}/members/story.html"]
    first = runner.invoke(main, [*args, *urls])
    assert first.exit_code == 1, first.output
    with Store(db, read_only=True) as store:
        failures = store.con.execute("SELECT doc_id, stage, reason FROM failures ORDER BY doc_id").fetchall()
        stored = store.con.execute("SELECT url FROM documents").fetchall()
    assert sorted(failures) == sorted(
        [
            (f"{site}/gone.html", "fetch", "http-4xx"),
            (refused, "fetch", "fetch-refused"),
            (f"{site}/members/story.html", "fetch", "robots-disallowed"),
        ]
    )
    assert stored == [(f"{site}/story.html",)]
    _Site.hits = []
    second = runner.invoke(main, [*args, *urls])
    assert second.exit_code == 1
    assert "/story.html" not in _Site.hits  # coded already: not fetched again
    assert "1 skipped as already done" in second.stdout


def test_fetch_a_refused_host_is_not_robots_disallowed(refused):
    got = list(read_sources([refused], Settings(), ReadOptions(fetch=FetchConfig(delay=0, timeout=2))))
    assert len(got) == 1 and isinstance(got[0], Rejected)
    assert (got[0].stage, got[0].reason) == ("fetch", "fetch-refused")
    assert "robots.txt" in got[0].detail and "disallow" not in got[0].detail.lower()
