"""A polite HTTP client for URL lists: timeouts, a size cap, a per-host delay, robots.txt.

`PoliteClient.fetch(url)` returns the page as `Fetched` or a `Rejected`
('fetch-failed', 'too-large', 'unsupported'); it never raises on a bad URL or
a bad server. robots.txt follows RFC 9309: a 4xx answer allows everything, a
5xx answer or an unreachable host disallows everything on that host.
"""

from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from dyads import __version__
from dyads.model import Rejected

USER_AGENT = f"dyads/{__version__} (political event research; offline-first news coder)"
_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchConfig:
    """How politely to fetch: seconds between requests to one host, limits, identity."""

    delay: float = 1.0  # per host; 1 s is the common crawler courtesy
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    robots: bool = True


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str
    charset: str | None


class PoliteClient:
    """One httpx client shared by all URLs of a run; remembers robots.txt and last visits per host."""

    def __init__(self, config: FetchConfig | None = None, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config or FetchConfig()
        self._http = httpx.Client(
            timeout=self.config.timeout,
            follow_redirects=True,
            transport=transport,
            max_redirects=self.config.max_redirects,
            headers={"User-Agent": self.config.user_agent},
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser | bool] = {}
        self._last: dict[str, float] = {}

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def fetch(self, url: str) -> Fetched | Rejected:
        """The page at `url`, or Rejected with the reason it could not be had."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return _failed(url, "not an http(s) URL")
        if self.config.robots and not self._allowed(url):
            return _failed(url, "disallowed by robots.txt")
        try:
            return self._get(url)
        except httpx.HTTPError as exc:
            return _failed(url, f"{type(exc).__name__}: {exc}"[:300])

    def _get(self, url: str) -> Fetched | Rejected:
        self._wait(urlsplit(url).netloc)
        with self._http.stream("GET", url) as resp:
            if resp.status_code >= 400:
                return _failed(url, f"HTTP {resp.status_code}")
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype and ctype not in _TEXT_TYPES:
                return Rejected(doc_id=url, stage="fetch", reason="unsupported", detail=f"content type {ctype}")
            declared = int(resp.headers.get("content-length") or 0)
            if declared > self.config.max_bytes:
                return _too_large(url, declared, self.config.max_bytes)
            body = bytearray()
            for chunk in resp.iter_bytes():
                body += chunk
                if len(body) > self.config.max_bytes:  # servers may lie or omit the length
                    return _too_large(url, len(body), self.config.max_bytes)
            return Fetched(url=str(resp.url), content=bytes(body), content_type=ctype, charset=resp.charset_encoding)

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.config.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self._robots:
            self._robots[host] = self._load_robots(host, parts.netloc)
        rules = self._robots[host]
        if isinstance(rules, bool):
            return rules
        return rules.can_fetch(self.config.user_agent, url)

    def _load_robots(self, host: str, netloc: str) -> urllib.robotparser.RobotFileParser | bool:
        """Parsed robots.txt, or True (no rules: allow) / False (host unreachable: disallow)."""
        self._wait(netloc)
        try:
            resp = self._http.get(f"{host}/robots.txt")
        except httpx.HTTPError:
            return False
        if 400 <= resp.status_code < 500:
            return True
        if resp.status_code >= 500:
            return False
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(resp.text[: self.config.max_bytes].splitlines())
        return parser


def _failed(url: str, detail: str) -> Rejected:
    return Rejected(doc_id=url, stage="fetch", reason="fetch-failed", detail=detail)


def _too_large(url: str, size: int, limit: int) -> Rejected:
    return Rejected(
        doc_id=url, stage="fetch", reason="too-large", detail=f"over {limit} bytes ({size} read or declared)"
    )
