"""End to end in headless Chromium: a dyad page draws its chart, and a click shows an event's evidence.

Chromium is Debian's `chromium` (scripts/setup.sh --dev installs it when run as root), driven by
Playwright pointed at that executable, so no browser is downloaded. Without a chromium the tests
skip with the reason. The page is served by uvicorn on a free port of 127.0.0.1.

`DYADS_SCREENSHOT=docs/img/dashboard.png pytest tests/test_web_browser.py` also saves a
screenshot of the dyad page with an event's evidence open (the README's picture).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

WAIT = 20.0  # seconds for any one thing to appear


def chromium() -> str:
    """The Chromium executable, or a skip that says how to get one."""
    found = os.environ.get("DYADS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("no chromium: install Debian's chromium (bash scripts/setup.sh --dev does it as root)")
    return found


class Browser:
    """One headless Chromium page driven by Playwright; it records every request and page error."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self._requests: list[str] = []
        self._errors: list[str] = []
        page.on("request", lambda r: self._requests.append(r.url))
        page.on("pageerror", lambda e: self._errors.append(str(e)[:300]))
        page.on("console", lambda m: self._errors.append(m.text[:300]) if m.type == "error" else None)

    def goto(self, url: str) -> None:
        self.page.goto(url, wait_until="load", timeout=WAIT * 1000)

    def js(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        return self.page.evaluate(expression)

    def wait_for(self, expression: str, what: str = "") -> Any:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what or expression}; page errors: {self.errors()}")

    def click(self, selector: str) -> None:
        """A real mouse click (move, press, release) on the first element matching selector."""
        element = self.page.locator(selector).first
        element.scroll_into_view_if_needed(timeout=WAIT * 1000)
        box = element.bounding_box()
        assert box is not None, f"{selector} is not visible"
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        self.page.mouse.move(x, y)
        time.sleep(0.1)  # as a hand would: charts compute what is under the pointer on the move
        self.page.mouse.down()
        time.sleep(0.1)
        self.page.mouse.up()

    def requests(self) -> list[str]:
        return list(self._requests)

    def errors(self) -> list[str]:
        """Uncaught exceptions and console errors (CSP violations, failed loads) so far."""
        return list(self._errors)

    def resize(self, width: int, height: int) -> None:
        self.page.set_viewport_size({"width": width, "height": height})

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path))


@pytest.fixture(scope="module")
def server(web_store):
    """The dashboard on a free port of 127.0.0.1, served by uvicorn in a thread: its base URL."""
    import uvicorn

    from dyads.web import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(create_app(web_store), log_level="warning"))
    thread = threading.Thread(target=uv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not uv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[Any]:
    exe = chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (a dev dependency)")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


@pytest.fixture()
def browser(chromium_browser: Any) -> Iterator[Browser]:
    context = chromium_browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        yield Browser(context.new_page())
    finally:
        context.close()


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=WAIT) as response:  # noqa: S310 (our own 127.0.0.1 server)
        return json.load(response)


def test_web_browser_dyad_page_chart_and_evidence(server, browser):
    dyads = _get(f"{server}/api/dyads?limit=100")["dyads"]
    dyad = next((d for d in dyads if d["source"] != d["target"]), dyads[0])  # two actors read better than one
    first = _get(f"{server}/api/events?dyad={dyad['dyad']}&limit=1")["events"][0]
    body = _get(f"{server}/api/articles/{first['doc_key']}")["body"]

    browser.goto(f"{server}{dyad['page']}")
    # the chart: plotly drew one bar per period with events, from the timeline endpoint
    bars = browser.wait_for(
        "document.querySelector('#chart').dataset.rendered && "
        "document.querySelectorAll('#chart svg.main-svg .bars .point').length",
        "the chart",
    )
    assert bars >= 1
    assert browser.js("document.querySelectorAll('#chart .scatterlayer .trace').length") == 1  # the Goldstein line

    # click the first event: its evidence appears, highlighted, in the panel
    browser.click("#event-rows tr.event")
    shown = browser.wait_for("document.querySelector('#evidence .evidence-card')?.dataset.event", "the evidence")
    assert shown == first["id"]
    selected = browser.wait_for(f"""Array.from(document.querySelectorAll(
        '#evidence .hl.selected[data-refs~="ev{first["n"]}"]')).map(s => s.textContent).join('')""")
    assert selected == body[first["start"] : first["end"]]
    assert browser.js("getComputedStyle(document.querySelector('#evidence #selected')).backgroundColor") not in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    assert browser.js("document.querySelector('#event-rows tr.event').classList.contains('active')")

    if os.environ.get("DYADS_SCREENSHOT"):
        browser.resize(1400, 1150)
        browser.js("window.scrollTo(0, 0)")
        time.sleep(0.3)  # plotly redraws at the new size
        browser.screenshot(ROOT / os.environ["DYADS_SCREENSHOT"])

    # click a bar: the list shows that period's events only
    timeline = _get(f"{server}{dyad['timeline']}")
    bucket = timeline["buckets"][0]
    browser.click("#chart svg.main-svg .bars .point path")
    browser.wait_for("document.querySelector('#period').textContent.includes('from')", "the period filter")
    period = browser.js("document.querySelector('#period').textContent")
    assert period.startswith(f"from {bucket['period']} to {bucket['until']}")
    assert browser.js("document.querySelectorAll('#event-rows tr.event').length") == min(bucket["events"], 50)
    # the table's CSV link follows the period: it downloads the rows the table now shows
    href = browser.js("document.querySelector(\"a.csv[data-csv-for='event-rows']\").getAttribute('href')")
    assert f"since={bucket['period']}" in href and f"until={bucket['until']}" in href
    with urllib.request.urlopen(f"{server}{href}", timeout=WAIT) as response:  # noqa: S310 (our own server)
        rows = list(csv.DictReader(io.StringIO(response.read().decode("utf-8"))))
    shown = browser.js("Array.from(document.querySelectorAll('#event-rows tr.event')).map(r => r.dataset.id)")
    assert [r["id"] for r in rows][: len(shown)] == shown and len(rows) == bucket["events"]

    # offline by construction: every request went to this server, and the page logged no error
    assert all(u.startswith((server, "data:", "about:")) for u in browser.requests()), browser.requests()
    assert f"{server}/static/vendor/plotly.min.js" in browser.requests()
    assert browser.errors() == []


def test_web_browser_article_page_scrolls_to_the_evidence(server, browser):
    first = _get(f"{server}/api/events?limit=1&order=desc")["events"][0]
    body = _get(f"{server}/api/articles/{first['doc_key']}")["body"]
    browser.goto(f"{server}{first['article']}")
    text = browser.wait_for(f"""Array.from(document.querySelectorAll(
        'article .hl.selected[data-refs~="ev{first["n"]}"]')).map(s => s.textContent).join('')""")
    assert text == body[first["start"] : first["end"]]
    assert browser.js("document.getElementById('selected') !== null")
    assert browser.errors() == []


def _gaps(buckets: list[dict]) -> int:
    """Runs of empty periods between the buckets of a timeline (a bucket's next period starts the day after it)."""
    import datetime as dt

    days = [(dt.date.fromisoformat(b["period"]), dt.date.fromisoformat(b["until"])) for b in buckets]
    return sum(1 for (_, until), (start, _) in zip(days, days[1:]) if start > until + dt.timedelta(days=1))


def test_web_browser_timeline_breaks_the_line_across_empty_periods(server, browser):
    timeline = _get(f"{server}/api/timeline?interval=month")
    gaps = _gaps(timeline["buckets"])
    assert gaps, "the sample corpus has no empty month between two busy ones: nothing to see"
    browser.goto(f"{server}/")
    browser.wait_for("document.querySelector('#chart').dataset.rendered", "the chart")
    line = browser.js("document.querySelector('#chart').data.find(t => t.type === 'scatter')")
    assert line["connectgaps"] is False
    assert sum(1 for y in line["y"] if y is None) == gaps  # a break for each run of empty months
    assert [y for y in line["y"] if y is not None] == [b["goldstein"] for b in timeline["buckets"]]
    labels = browser.js("Array.from(document.querySelectorAll('#chart .xtick text')).map(t => t.textContent)")
    assert labels and all(re.fullmatch(r"(\w{3} )?\d{4}", label) for label in labels), labels  # months or years
    assert browser.errors() == []


def test_web_browser_day_interval_gets_day_ticks(server, browser):
    dyads = _get(f"{server}/api/dyads?limit=100")["dyads"]
    dyad = next(d for d in dyads if d["first"] and d["first"] != d["last"])
    browser.goto(f"{server}{dyad['page']}?interval=day")
    browser.wait_for("document.querySelector('#chart').dataset.rendered", "the chart")
    labels = browser.js("Array.from(document.querySelectorAll('#chart .xtick text')).map(t => t.textContent)")
    assert labels, "no tick labels"
    assert all(re.fullmatch(r"\d{2} \w{3} \d{4}", label) for label in labels), labels  # days, never hours
    assert len(set(labels)) == len(labels)
    assert browser.js("document.querySelector('#chart')._fullLayout.xaxis.dtick") % 86_400_000 == 0
    assert browser.errors() == []


def test_web_browser_map_renders_offline_and_a_click_shows_the_evidence(server, browser):
    data = _get(f"{server}/api/map")
    assert data["points"], "the sample corpus has no located event"
    browser.goto(f"{server}/map")
    drawn = browser.wait_for("document.querySelector('#map').dataset.rendered", "the map")
    assert int(drawn) == len(data["points"])
    # the country shapes: one line trace drawn from the bundled file, as SVG paths
    assert browser.js("document.querySelectorAll('#map .scattergeo path.js-line').length") >= 1
    traces = browser.js("document.querySelector('#map').data.map(t => [t.name, t.lon.length])")
    assert traces[0][0] == "countries" and traces[0][1] > 10_000
    quads = {name: n for name, n in traces[1:]}
    for q, name in enumerate(["Verbal cooperation", "Material cooperation", "Verbal conflict", "Material conflict"], 1):
        assert quads[name] == sum(p["quad_class"] == q for p in data["points"])

    browser.click("#map .scattergeo .point")
    shown = browser.wait_for("document.querySelector('#map-point .map-point')?.dataset.event", "the clicked event")
    point = next(p for p in data["points"] if p["id"] == shown)
    assert browser.js("document.querySelector('#map-point blockquote').textContent") == point["sentence"]
    assert browser.js("document.querySelector('#map-point a.event-link').getAttribute('href')") == point["article"]

    # offline by construction: the shapes came from this server, and nothing else was asked of any other
    assert f"{server}/static/countries-110m.geo.json" in browser.requests()
    assert all(u.startswith((server, "data:", "about:")) for u in browser.requests()), browser.requests()
    assert browser.errors() == []
