"""What every reader shares: decoding bytes, capped reads, read options and the reader registry."""

from __future__ import annotations

import ctypes
import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from dyads.model import Document, Rejected
from dyads.registry import readers
from dyads.settings import Settings

if TYPE_CHECKING:  # fetch imports httpx: only URL lists need it
    from dyads.read.fetch import FetchConfig, PoliteClient

Read = Document | Rejected

_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF")
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<\?xml[^>]*>\s*<html|<head|<body|<!--)", re.I)
_HTML_TAGS = re.compile(rb"<(p|div|article|body|br|span|a|h[1-6])[\s>/]", re.I)
_CHARSET = re.compile(rb"""<meta[^<>]{1,400}charset=["']?([A-Za-z0-9_-]+)""", re.I)


def decode_bytes(doc_id: str, data: bytes, settings: Settings, charset: str | None = None) -> str | Rejected:
    """Text of the bytes, or Rejected('empty' | 'binary' | 'too-large' | 'encoding').

    UTF-8 is tried first, then `charset` (from an HTTP header), then a `<meta charset>`.
    """
    if not data.strip():
        return Rejected(doc_id=doc_id, stage="ingest", reason="empty", detail="no text")
    if len(data) > settings.max_bytes:
        return Rejected(
            doc_id=doc_id,
            stage="ingest",
            reason="too-large",
            detail=f"{len(data)} bytes (maximum {settings.max_bytes})",
        )
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:8192]:
        return Rejected(doc_id=doc_id, stage="ingest", reason="binary", detail="not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        meta = _CHARSET.search(data[:4096])
        for declared in (charset, meta.group(1).decode("ascii") if meta else None):
            if declared and declared.lower() not in ("utf-8", "utf8"):
                try:
                    return data.decode(declared)
                except (LookupError, UnicodeDecodeError):
                    pass
        return Rejected(doc_id=doc_id, stage="ingest", reason="encoding", detail=f"invalid UTF-8 at byte {exc.start}")


def looks_like_html(data: bytes | str) -> bool:
    """True when the content is HTML, whatever the file is called."""
    head = (data.encode("utf-8", "replace") if isinstance(data, str) else data)[:4096]
    return bool(_HTML_START.match(head)) or len(_HTML_TAGS.findall(head)) >= 3


def document_from_bytes(
    doc_id: str, data: bytes, settings: Settings, charset: str | None = None, **meta: str | None
) -> Read:
    """A Document with text or html decided by sniffing the content."""
    text = decode_bytes(doc_id, data, settings, charset)
    if isinstance(text, Rejected):
        return text
    if looks_like_html(text):
        return Document(id=doc_id, html=text, **meta)
    return Document(id=doc_id, text=text, **meta)


class ByteStream(Protocol):
    """A binary stream as the readers use it: an open file, a gzip stream, stdin's buffer."""

    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int = -1, /) -> bytes: ...


class SeekableByteStream(ByteStream, Protocol):
    """A binary stream that can go back (WARC records re-sync after damage)."""

    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def tell(self) -> int: ...


def read_capped(fh: ByteStream, cap: int) -> bytes | None:
    """Everything left in a stream, or None when it holds more than `cap` bytes (read: cap + 1 at most)."""
    data = fh.read(cap + 1)
    return None if len(data) > cap else data


def too_large(doc_id: str, cap: int, what: str = "bytes") -> Rejected:
    return Rejected(doc_id=doc_id, stage="ingest", reason="too-large", detail=f"more than {cap} {what}")


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOptions:
    """What readers other than plain files need: the URL client and a way to skip done URLs."""

    fetch: FetchConfig | None = None  # None: defaults with settings.max_bytes
    skip_url: Callable[[str], bool] | None = None  # True: the URL is already stored, do not fetch
    client: PoliteClient | None = None  # a client to share (tests pass one with a mock transport)


Reader = Callable[[Path, Settings, ReadOptions], Iterator[Read]]


def reader(name: str, suffixes: tuple[str, ...]) -> Callable[[Reader], Reader]:
    """Register a reader for files whose name ends with one of `suffixes` (lower case)."""

    def register(func: Reader) -> Reader:
        func.suffixes = suffixes  # type: ignore[attr-defined]
        readers.register(name, func=func)
        _suffixes.cache_clear()
        return func

    return register


def reader_for(path: Path) -> Reader | None:
    """The registered reader with the longest suffix matching the file name, else None."""
    name = path.name.lower()
    return next((func for suffix, func in _suffixes() if name.endswith(suffix)), None)


@lru_cache(maxsize=1)
def _suffixes() -> tuple[tuple[str, Reader], ...]:
    """(suffix, reader), longest suffix first; built once (get_all scans entry points: ~1 ms a call)."""
    pairs = [(s, f) for f in readers.get_all().values() for s in getattr(f, "suffixes", ())]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def read_whole(path: Path, settings: Settings) -> bytes | Rejected:
    """The bytes of a file parsed as a whole (JSON, a feed, a URL list), at most max_file_bytes."""
    try:
        with path.open("rb") as fh:
            data = read_capped(fh, settings.max_file_bytes)
    except OSError as exc:
        return _unreadable(str(path), exc)
    return too_large(str(path), settings.max_file_bytes) if data is None else data


def _unreadable(name: str, exc: BaseException, what: str = "") -> Rejected:
    detail = getattr(exc, "strerror", None) or f"{type(exc).__name__}: {exc}"
    detail = f"{what} cannot be read: {detail}" if what else detail
    return Rejected(doc_id=name, stage="ingest", reason="unreadable", detail=str(detail)[:300])


# --- a time budget: SIGALRM on the main thread, a watchdog on any other -----------------------


class DocumentTimeout(BaseException):
    """A document ran past its time budget (a BaseException: no `except Exception` in a library swallows it)."""


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise DocumentTimeout in the block after `seconds`, on whatever thread runs it.

    On the main thread a SIGALRM timer raises it; on another thread (a Dask worker's task
    thread, where signals cannot go) a watchdog timer thread raises it asynchronously in the
    coding thread (`PyThreadState_SetAsyncExc`). Either way it is raised when the thread next
    runs Python bytecode: a call that stays in C (one regex match, one spaCy batch) finishes
    first, exactly as with the signal. 0 or less: no limit.
    """
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
        return
    with _Watchdog(seconds):
        yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expired(signum: int, frame: object) -> None:
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_RAISE_IN = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.py_object)(
    ("PyThreadState_SetAsyncExc", ctypes.pythonapi)
)
_CLEAR_IN = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p)(
    ("PyThreadState_SetAsyncExc", ctypes.pythonapi)
)


class _Watchdog:
    """A timer thread that raises DocumentTimeout in the thread that entered it, unless it left first.

    The lock makes firing and leaving exclusive: once the block is left the timer cannot fire,
    and an exception it set just before (not yet raised) is cleared on the way out, so it
    never lands outside the block.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.lock = threading.Lock()
        self.left = self.fired = False

    def __enter__(self) -> None:
        self.tid = threading.get_ident()
        self.timer = threading.Timer(self.seconds, self._fire)
        self.timer.daemon = True
        self.timer.name = "dyads-time-budget"
        self.timer.start()

    def _fire(self) -> None:
        with self.lock:
            if not self.left:
                self.fired = True
                _RAISE_IN(self.tid, DocumentTimeout)

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.left = True
            self.timer.cancel()
            if self.fired:
                _CLEAR_IN(self.tid, None)  # set but not raised yet: it must not land after the block
