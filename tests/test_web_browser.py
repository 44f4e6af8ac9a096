"""End to end in headless Chromium: a dyad page draws its chart, and a click shows an event's evidence.

Chromium is Debian's `chromium` (scripts/setup.sh --dev installs it), driven through the
DevTools protocol over a pipe (`--remote-debugging-pipe`: JSON messages ending in NUL on
file descriptors 3 and 4), so nothing is downloaded and no websocket library is needed.
The page is served by uvicorn on a free port of 127.0.0.1.

`DYADS_SCREENSHOT=docs/img/dashboard.png pytest tests/test_web_browser.py` also saves a
screenshot of the dyad page with an event's evidence open (the README's picture).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
]
WAIT = 20.0  # seconds for any one thing to appear
MOVE_FDS = (
    "import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); os.execv(sys.argv[3], sys.argv[3:])"
)


def chromium() -> str:
    """The Chromium executable; the test fails (never skips) when it is missing."""
    found = os.environ.get("DYADS_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("chromium is not installed; run: bash scripts/setup.sh --dev (it installs Debian's chromium)")
    return found


class Browser:
    """Headless Chromium driven over the DevTools pipe: send commands, collect events."""

    def __init__(self, exe: str, profile: Path) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # a small trampoline moves our pipe ends to the descriptors 3 and 4 that Chromium reads and writes
        cmd = [
            sys.executable,
            "-c",
            MOVE_FDS,
            str(to_chrome_r),
            str(from_chrome_w),
            exe,
            *FLAGS,
            f"--user-data-dir={profile}",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        self.log = open(profile.parent / "chromium.log", "wb")  # noqa: SIM115 (closed in close())
        self.proc = subprocess.Popen(
            cmd, pass_fds=(to_chrome_r, from_chrome_w), stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.next_id = 0
        self.replies: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        self.session: str | None = None

    def _read(self) -> None:
        buf = b""
        while chunk := os.read(self._from_chrome, 1 << 16):
            buf += chunk
            *messages, buf = buf.split(b"\0")
            with self.cond:
                for raw in messages:
                    msg = json.loads(raw)
                    if "id" in msg:
                        self.replies[msg["id"]] = msg
                    else:
                        self.events.append(msg)
                self.cond.notify_all()

    def send(self, method: str, params: dict[str, Any] | None = None, *, browser: bool = False) -> dict[str, Any]:
        """The result of one DevTools command (on the page's session unless `browser`)."""
        self.next_id += 1
        msg: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session and not browser:
            msg["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        with self.cond:
            if not self.cond.wait_for(lambda: msg["id"] in self.replies, timeout=WAIT):
                raise AssertionError(f"chromium did not answer {method} within {WAIT}s")
            reply = self.replies.pop(msg["id"])
        if "error" in reply:
            raise AssertionError(f"{method} failed: {reply['error']}")
        return reply.get("result", {})

    def open_page(self, width: int = 1400, height: int = 1000) -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"}, browser=True)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True}, browser=True)[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )

    def goto(self, url: str) -> None:
        self.send("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'")

    def js(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        found = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in found:
            raise AssertionError(f"{expression!r} threw: {found['exceptionDetails']}")
        return found["result"].get("value")

    def wait_for(self, expression: str, what: str = "") -> Any:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            value = self.js(expression)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what or expression}; page errors: {self.errors()}")

    def click(self, selector: str) -> None:
        """A real mouse click (move, press, release) at the middle of the first element matching selector."""
        x, y = self.js(f"""(() => {{ const el = document.querySelector({json.dumps(selector)});
            el.scrollIntoView({{block: 'center'}}); const r = el.getBoundingClientRect();
            return [r.x + r.width / 2, r.y + r.height / 2]; }})()""")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
            time.sleep(0.1)  # as a hand would: charts compute what is under the pointer on the move

    def requests(self) -> list[str]:
        with self.cond:
            return [
                e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"
            ]

    def errors(self) -> list[str]:
        """Exceptions, console errors and error log entries (CSP violations, failed loads) so far."""
        out = []
        with self.cond:
            for e in self.events:
                p = e.get("params", {})
                if e.get("method") == "Runtime.exceptionThrown":
                    out.append(json.dumps(p["exceptionDetails"])[:300])
                elif e.get("method") == "Runtime.consoleAPICalled" and p.get("type") == "error":
                    out.append(json.dumps(p.get("args"))[:300])
                elif e.get("method") == "Log.entryAdded" and p["entry"]["level"] == "error":
                    out.append(p["entry"]["text"][:300])
        return out

    def screenshot(self, path: Path) -> None:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.send("Browser.close", browser=True)
        except (AssertionError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_chrome)
        self.log.close()


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


@pytest.fixture()
def browser(tmp_path):
    b = Browser(chromium(), tmp_path / "profile")
    try:
        b.open_page()
        yield b
    finally:
        b.close()


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
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1400, "height": 1150, "deviceScaleFactor": 1, "mobile": False},
        )
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
