"""A polite HTTP client for URLs: timeouts, a size cap, a per-host delay, robots.txt.

`PoliteClient.fetch(url)` returns the page as `Fetched` or a `Rejected` whose reason
says what went wrong (docs/errors.md): 'robots-disallowed', 'fetch-refused' (the
connection was refused), 'fetch-unreachable' (no such host, no route), 'fetch-timeout',
'http-4xx', 'http-5xx', 'too-large', 'unsupported', or 'fetch-failed' (anything else:
not an http(s) URL, a redirect loop, a broken answer). It never raises on a bad URL or
a bad server. robots.txt follows RFC 9309: a 4xx answer allows everything, a 5xx answer
disallows everything on that host; a host that cannot be reached for its robots.txt
gets that failure's own reason (refused, unreachable, timeout) for each of its URLs, not
'robots-disallowed'.
"""

from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass, replace
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
        # per host: parsed rules, True (no rules: allow all), False (5xx: disallow all) or the failure
        self._robots: dict[str, urllib.robotparser.RobotFileParser | bool | Rejected] = {}
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
        if self.config.robots:
            refused = self._robots_refusal(url)
            if refused is not None:
                return refused
        try:
            return self._get(url)
        except httpx.HTTPError as exc:
            return _http_error(url, exc)

    def _get(self, url: str) -> Fetched | Rejected:
        self._wait(urlsplit(url).netloc)
        started = time.monotonic()
        with self._http.stream("GET", url) as resp:
            if resp.status_code >= 400:
                kind = "http-5xx" if resp.status_code >= 500 else "http-4xx"
                reason = f"HTTP {resp.status_code} {resp.reason_phrase}".strip()
                return Rejected(doc_id=url, stage="fetch", reason=kind, detail=reason)
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
                if time.monotonic() - started > self.config.timeout:  # a server that trickles bytes
                    return _timeout(url, f"the page took more than {self.config.timeout:g} s to arrive")
            return Fetched(url=str(resp.url), content=bytes(body), content_type=ctype, charset=resp.charset_encoding)

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.config.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
        self._last[host] = time.monotonic()

    def _robots_refusal(self, url: str) -> Rejected | None:
        """None when robots.txt lets us fetch `url`; else why not (disallowed, or the host failed)."""
        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        if host not in self._robots:
            self._robots[host] = self._load_robots(host, parts.netloc)
        rules = self._robots[host]
        if isinstance(rules, Rejected):
            return Rejected(doc_id=url, stage="fetch", reason=rules.reason, detail=rules.detail)
        if rules is False:
            return _disallowed(url, "robots.txt answered with a server error: the host disallows all (RFC 9309)")
        if rules is True or rules.can_fetch(self.config.user_agent, url):
            return None
        return _disallowed(url, f"disallowed by {host}/robots.txt")

    def _load_robots(self, host: str, netloc: str) -> urllib.robotparser.RobotFileParser | bool | Rejected:
        """Parsed robots.txt; True (4xx, no rules: allow all), False (5xx: disallow all) or the host's failure."""
        self._wait(netloc)
        try:
            resp = self._http.get(f"{host}/robots.txt")
        except httpx.HTTPError as exc:
            failed = _http_error(f"{host}/robots.txt", exc)
            return replace(failed, detail=f"reading robots.txt: {failed.detail}"[:300])
        if 400 <= resp.status_code < 500:
            return True
        if resp.status_code >= 500:
            return False
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(resp.text[: self.config.max_bytes].splitlines())
        return parser


def _failed(url: str, detail: str) -> Rejected:
    return Rejected(doc_id=url, stage="fetch", reason="fetch-failed", detail=detail)


def _disallowed(url: str, detail: str) -> Rejected:
    return Rejected(doc_id=url, stage="fetch", reason="robots-disallowed", detail=detail)


def _timeout(url: str, detail: str) -> Rejected:
    return Rejected(doc_id=url, stage="fetch", reason="fetch-timeout", detail=detail)


def _http_error(url: str, exc: httpx.HTTPError) -> Rejected:
    """The reason an httpx error stands for: refused, unreachable, timeout, or fetch-failed."""
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
    if isinstance(exc, httpx.TimeoutException):
        return _timeout(url, detail)
    if isinstance(exc, httpx.ConnectError):
        refused = "refused" in str(exc).lower() or isinstance(_root_cause(exc), ConnectionRefusedError)
        return Rejected(
            doc_id=url, stage="fetch", reason="fetch-refused" if refused else "fetch-unreachable", detail=detail
        )
    return _failed(url, detail)


def _root_cause(exc: BaseException) -> BaseException:
    seen = 0
    while (exc.__cause__ or exc.__context__) is not None and seen < 10:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
        seen += 1
    return exc


def _too_large(url: str, size: int, limit: int) -> Rejected:
    return Rejected(
        doc_id=url, stage="fetch", reason="too-large", detail=f"over {limit} bytes ({size} read or declared)"
    )
