"""Readers: turn files, directories, archives, feeds, URL lists and stdin into Documents.

A reader never raises on bad input: each unreadable document becomes a
`Rejected` with a reason slug from `errors.REASONS`, and reading goes on.
Readers are registered in `registry.readers` with the file suffixes they take
(`.txt`/`.html`, `.json`, `.jsonl`, `.gz`, `.warc[.gz]`, RSS/Atom, `.urls`);
`read_sources` walks directories and picks the reader for each file.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from dyads.model import Document, Rejected
from dyads.registry import readers
from dyads.settings import Settings

Read = Document | Rejected

_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF")
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<\?xml[^>]*>\s*<html|<head|<body|<!--)", re.I)
_HTML_TAGS = re.compile(rb"<(p|div|article|body|br|span|a|h[1-6])[\s>/]", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.I)


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


def documents_from_jsonl(name: str, lines: Iterable[bytes | None], settings: Settings) -> Iterator[Read]:
    """One Document per JSON line with `id` and `text` or `html` (None: a line over max_bytes)."""
    for n, raw in enumerate(lines, 1):
        line_id = f"{name}:{n}"
        if raw is None:
            yield Rejected(
                doc_id=line_id,
                stage="ingest",
                reason="too-large",
                detail=f"line longer than {settings.max_bytes} bytes",
            )
            continue
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            yield Rejected(doc_id=line_id, stage="ingest", reason="malformed-json", detail=str(exc)[:200])
            continue
        yield document_from_record(rec, line_id, settings)


def document_from_record(rec: object, fallback_id: str, settings: Settings) -> Read:
    """A Document from one parsed JSON object, or Rejected('malformed-json')."""
    if not isinstance(rec, dict):
        return Rejected(
            doc_id=fallback_id, stage="ingest", reason="malformed-json", detail="a line is not a JSON object"
        )
    doc_id = _safe_text(str(rec.get("id") or fallback_id))
    text, html = rec.get("text"), rec.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        return Rejected(
            doc_id=doc_id, stage="ingest", reason="malformed-json", detail="needs a string field 'text' or 'html'"
        )
    body = text if isinstance(text, str) else html
    assert body is not None
    if not body.strip():
        return Rejected(doc_id=doc_id, stage="ingest", reason="empty", detail="no text")
    meta = {k: str(rec[k]) for k in ("url", "title", "published") if rec.get(k)}
    try:  # JSON can carry unpaired surrogates ("\ud800"), which no UTF-8 store can hold
        size = len(body.encode("utf-8"))
        for value in meta.values():
            value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return Rejected(
            doc_id=doc_id,
            stage="ingest",
            reason="encoding",
            detail=f"unpaired surrogate {exc.object[exc.start]!a} in the JSON text",
        )
    if size > settings.max_bytes:
        return Rejected(
            doc_id=doc_id,
            stage="ingest",
            reason="too-large",
            detail=f"{len(body)} characters (maximum {settings.max_bytes} bytes)",
        )
    if isinstance(text, str):
        return Document(id=doc_id, text=text, source=fallback_id.rsplit(":", 1)[0], **meta)
    return Document(id=doc_id, html=html, source=fallback_id.rsplit(":", 1)[0], **meta)


def _safe_text(value: str) -> str:
    """The string with unpaired surrogates replaced (U+FFFD), so that it can be stored."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def read_stream(name: str, stream: BinaryIO, settings: Settings) -> Iterator[Read]:
    """Documents from stdin: JSON Lines when the first character is `{`, else one document."""
    data = stream.read()
    if data.lstrip()[:1] == b"{":
        yield from documents_from_jsonl(name, iter(data.splitlines()), settings)
    else:
        yield document_from_bytes(name, data, settings, source=name)


# --- sources: directories, registered readers by suffix -------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOptions:
    """What readers other than plain files need: the URL client and a way to skip done URLs."""

    fetch: object | None = None  # fetch.FetchConfig; None: defaults with settings.max_bytes
    skip_url: Callable[[str], bool] | None = None  # True: the URL is already stored, do not fetch
    client: object | None = None  # a fetch.PoliteClient to share (tests pass one with a mock transport)


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


def walk(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and files with a reader under directories named (sorted; hidden ones skipped)."""
    for name in paths:
        path = Path(name)
        if str(name) != "-" and path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                found += [Path(root, f) for f in files if not f.startswith(".")]
            yield from sorted(p for p in found if _walkable(p))
        else:
            yield path


def _walkable(path: Path) -> bool:
    """A file in a directory walk is read when a reader claims it (`x.gz`: when one claims `x`)."""
    func = reader_for(path)
    if func is read_gzip:
        return reader_for(Path(path.stem)) not in (None, read_gzip)
    return func is not None


def read_sources(paths: Iterable[str | Path], settings: Settings, options: ReadOptions | None = None) -> Iterator[Read]:
    """Every Document (or Rejected) from files, directory trees and `-` (stdin), in order."""
    import sys

    for path in walk(paths):
        if str(path) == "-":
            yield from read_stream("-", sys.stdin.buffer, settings)
        elif not path.exists():
            yield Rejected(doc_id=str(path), stage="ingest", reason="unreadable", detail="no such file")
        else:
            yield from read_path(path, settings, options)


def read_path(path: str | Path, settings: Settings, options: ReadOptions | None = None) -> Iterator[Read]:
    """Documents from one file, read by the reader registered for its suffix.

    A file with a suffix no reader claims is read as one document, its content sniffed.
    """
    path = Path(path)
    func = reader_for(path) or read_file
    yield from func(path, settings, options or ReadOptions())


@reader("dyads.file.v1", (".txt", ".text", ".html", ".htm", ".xhtml"))
def read_file(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Read]:
    """One document per file: HTML or text, sniffed from the content."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:  # do not read a huge file just to reject it
            yield Rejected(
                doc_id=name, stage="ingest", reason="too-large", detail=f"{size} bytes (maximum {settings.max_bytes})"
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield _unreadable(name, exc)
        return
    yield document_from_bytes(name, data, settings, source=name)


@reader("dyads.jsonl.v1", (".jsonl", ".ndjson"))
def read_jsonl(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Read]:
    """One document per JSON line: `{"id", "text" | "html", "published", "url", "title"}`."""
    try:
        with path.open("rb") as fh:
            yield from documents_from_jsonl(str(path), capped_lines(fh, settings.max_bytes), settings)
    except OSError as exc:
        yield _unreadable(str(path), exc)


@reader("dyads.json.v1", (".json",))
def read_json(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Read]:
    """One document per JSON object: a file holds one object, an array of them, or JSON Lines."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _unreadable(str(path), exc)
        return
    yield from documents_from_json(str(path), data, settings)


def documents_from_json(name: str, data: bytes, settings: Settings) -> Iterator[Read]:
    """Documents of a JSON file's content (object, array of objects, or JSON Lines)."""
    if not data.strip():
        yield Rejected(doc_id=name, stage="ingest", reason="empty", detail="no text")
        return
    try:
        parsed = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        lines = data.splitlines()
        if len(lines) > 1 and all(ln.lstrip()[:1] in (b"{", b"") for ln in lines):
            yield from documents_from_jsonl(name, lines, settings)  # JSON Lines saved as .json
        else:
            yield Rejected(doc_id=name, stage="ingest", reason="malformed-json", detail=str(exc)[:200])
        return
    if isinstance(parsed, list):
        for n, rec in enumerate(parsed, 1):
            yield document_from_record(rec, f"{name}:{n}", settings)
    else:
        yield document_from_record(parsed, name, settings)


@reader("dyads.gzip.v1", (".gz",))
def read_gzip(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Read]:
    """A gzipped file: its inner name (`a.jsonl.gz` -> `a.jsonl`) picks how to read the content."""
    name, inner = str(path), Path(path.stem)
    try:
        with gzip.open(path, "rb") as fh:
            func = reader_for(inner)
            if func is read_jsonl:
                yield from documents_from_jsonl(name, capped_lines(fh, settings.max_bytes), settings)
            elif func is read_json:
                yield from documents_from_json(name, fh.read(), settings)
            elif func is read_feed:
                yield from documents_from_feed(name, fh.read(), settings)
            else:
                data = fh.read(settings.max_bytes + 1)  # a bounded read: no gzip bomb
                if len(data) > settings.max_bytes:
                    yield Rejected(
                        doc_id=name,
                        stage="ingest",
                        reason="too-large",
                        detail=f"more than {settings.max_bytes} bytes uncompressed",
                    )
                else:
                    yield document_from_bytes(name, data, settings, source=name)
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        yield _unreadable(name, exc)


def capped_lines(fh: BinaryIO, cap: int) -> Iterator[bytes | None]:
    """Lines of a binary file; a line longer than `cap` bytes is skipped and yields None."""
    while line := fh.readline(cap + 1):
        if len(line) > cap and not line.endswith(b"\n"):
            while (rest := fh.readline(cap + 1)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield line


def _unreadable(name: str, exc: BaseException) -> Rejected:
    detail = getattr(exc, "strerror", None) or f"{type(exc).__name__}: {exc}"
    return Rejected(doc_id=name, stage="ingest", reason="unreadable", detail=str(detail)[:300])


# --- WARC -------------------------------------------------------------------------------------

_WARC_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


@reader("dyads.warc.v1", (".warc", ".warc.gz", ".arc", ".arc.gz"))
def read_warc(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Read]:
    """One document per HTML (or plain-text) HTTP 2xx response record of a WARC file."""
    name = str(path)
    try:
        fh = path.open("rb")
        empty = path.stat().st_size == 0
    except OSError as exc:
        yield _unreadable(name, exc)
        return
    if empty:
        fh.close()
        yield Rejected(doc_id=name, stage="ingest", reason="empty", detail="no text")
        return
    with fh:
        yield from documents_from_warc(name, fh, settings)


def documents_from_warc(name: str, stream: BinaryIO, settings: Settings) -> Iterator[Read]:
    """Documents of the response records in a WARC stream; Rejected('malformed-warc') where it breaks."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    arc = name.lower().endswith((".arc", ".arc.gz"))
    try:
        for record in ArchiveIterator(stream):
            n += 1
            problem = _warc_problem(record, arc)
            if problem:  # warcio reads almost anything: offsets after a bad record mean nothing
                yield _malformed_warc(name, n, problem)
                return
            doc = _warc_document(f"{name}#{n}", record, settings)
            if doc is not None:
                yield doc
    except (
        ArchiveLoadFailed,
        ValueError,
        EOFError,
        OSError,
        zlib.error,
        IndexError,
        KeyError,
        TypeError,
        AttributeError,
    ) as exc:
        # warcio has no single error type: broken headers, bad lengths and bad gzip members all differ
        yield _malformed_warc(name, n + 1, f"{type(exc).__name__}: {exc}")
        return
    if n == 0:
        yield _malformed_warc(name, 1, "no WARC record found")


def _warc_problem(record, arc: bool) -> str | None:  # type: ignore[no-untyped-def]
    """Why a record read by warcio is not a sound WARC (or ARC) record, else None."""
    if arc:
        return None if record.format.startswith("arc") else "not an ARC record"
    if record.format != "warc" or not record.rec_type:
        return "no WARC-Type header" if record.format == "warc" else "not a WARC record"
    length = record.rec_headers.get_header("Content-Length") or ""
    if not length.strip().isdigit():
        return f"bad Content-Length {length!r}"
    return None


def _malformed_warc(name: str, n: int, detail: str) -> Rejected:
    return Rejected(doc_id=f"{name}#{n}", stage="ingest", reason="malformed-warc", detail=f"record {n}: {detail}"[:300])


def _warc_document(record_id: str, record, settings: Settings) -> Read | None:  # type: ignore[no-untyped-def]
    """A Document for an HTML 2xx response; None for every other record (requests, images, metadata)."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode() or ""
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    if not status.startswith("2") or ctype.split(";")[0].strip() not in _WARC_TYPES:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    doc_id = url or record_id
    data = record.content_stream().read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        return Rejected(
            doc_id=doc_id, stage="ingest", reason="too-large", detail=f"more than {settings.max_bytes} bytes"
        )
    charset = re.search(r"charset=([\w.-]+)", ctype)
    return document_from_bytes(
        doc_id, data, settings, charset.group(1) if charset else None, url=url, source=record_id.rsplit("#", 1)[0]
    )


# --- RSS / Atom -------------------------------------------------------------------------------


@reader("dyads.feed.v1", (".rss", ".atom", ".xml"))
def read_feed(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Read]:
    """One document per feed item that carries its content (RSS 0.9x-2.0, Atom, RDF)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _unreadable(str(path), exc)
        return
    yield from documents_from_feed(str(path), data, settings)


def documents_from_feed(name: str, data: bytes, settings: Settings) -> Iterator[Read]:
    """Documents of a feed's items; Rejected('malformed-feed') when nothing can be parsed."""
    import feedparser

    if not data.strip():
        yield Rejected(doc_id=name, stage="ingest", reason="empty", detail="no text")
        return
    parsed = feedparser.parse(io.BytesIO(data))  # a stream, so feedparser never goes to the network
    if not parsed.entries:
        if not parsed.get("version") and not parsed.get("bozo"):
            yield Rejected(doc_id=name, stage="ingest", reason="unsupported", detail="XML that is not a feed")
        elif parsed.get("bozo"):
            yield Rejected(
                doc_id=name,
                stage="ingest",
                reason="malformed-feed",
                detail=str(parsed.get("bozo_exception", "unparseable"))[:300],
            )
        return
    for n, entry in enumerate(parsed.entries, 1):
        yield _feed_document(name, n, entry, settings)


def _feed_document(name: str, n: int, entry, settings: Settings) -> Read:  # type: ignore[no-untyped-def]
    doc_id = str(entry.get("id") or entry.get("link") or f"{name}#{n}")
    parts = list(entry.get("content") or [])
    if entry.get("summary"):
        parts.append({"value": entry.get("summary"), "type": entry.get("summary_detail", {}).get("type")})
    best = max(parts, key=lambda p: len(p.get("value") or ""), default={})
    value = str(best.get("value") or "")
    if "html" in str(best.get("type") or "text/html"):
        value = html_to_text(value)
    if not value.strip():
        return Rejected(doc_id=doc_id, stage="ingest", reason="empty", detail="feed item without content")
    if len(value.encode("utf-8")) > settings.max_bytes:
        return Rejected(
            doc_id=doc_id,
            stage="ingest",
            reason="too-large",
            detail=f"{len(value)} characters (maximum {settings.max_bytes} bytes)",
        )
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    published = f"{when.tm_year:04d}-{when.tm_mon:02d}-{when.tm_mday:02d}" if when else None
    return Document(
        id=doc_id,
        text=value,
        url=entry.get("link") or None,
        title=entry.get("title") or None,
        published=published,
        source=name,
    )


_BLOCKS = (
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "tr",
    "pre",
    "figure",
    "ul",
    "ol",
    "table",
)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed item's content): one paragraph per block element."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", fragment)
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if el.tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif el.tag in _BLOCKS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- URL lists --------------------------------------------------------------------------------


@reader("dyads.urls.v1", (".urls",))
def read_url_list(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Read]:
    """One document per URL in a list (one per line, `#` comments), fetched politely."""
    from dyads.read.fetch import FetchConfig, PoliteClient

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        yield _unreadable(str(path), exc)
        return
    except UnicodeDecodeError as exc:
        yield Rejected(doc_id=str(path), stage="ingest", reason="encoding", detail=f"invalid UTF-8 at byte {exc.start}")
        return
    urls = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    client = options.client or PoliteClient(options.fetch or FetchConfig(max_bytes=settings.max_bytes))
    try:
        for url in urls:
            if options.skip_url is not None and options.skip_url(url):
                continue
            got = client.fetch(url)  # type: ignore[attr-defined]
            if isinstance(got, Rejected):
                yield got
            else:
                yield document_from_bytes(url, got.content, settings, got.charset, url=got.url, source=str(path))
    finally:
        if options.client is None:
            client.close()  # type: ignore[attr-defined]


def estimate_documents(paths: Iterable[str | Path]) -> int:
    """About how many documents `read_sources` will yield (for a progress bar's ETA); cheap byte counts."""
    total = 0
    for path in walk(paths):
        try:
            total += _estimate_one(path)
        except (OSError, EOFError, zlib.error):
            total += 1
    return total


def _estimate_one(path: Path) -> int:
    if str(path) == "-" or not path.is_file():
        return 1
    func, name = reader_for(path), path.name.lower()
    if func in (read_file, None) or func is read_json:
        return 1
    if func is read_gzip and not name.endswith((".jsonl.gz", ".ndjson.gz", ".rss.gz", ".atom.gz", ".xml.gz")):
        return 1
    opener: Callable[[Path, str], BinaryIO] = gzip.open if name.endswith(".gz") else open  # type: ignore[assignment]
    with opener(path, "rb") as fh:
        if func is read_warc:
            return max(1, _count(fh, (b"WARC-Type: response",)))
        if func is read_feed or name.endswith((".rss.gz", ".atom.gz", ".xml.gz")):
            return max(1, _count(fh, (b"<item", b"<entry")))
        if func is read_url_list:
            return sum(1 for ln in fh if ln.strip() and not ln.lstrip().startswith(b"#"))
        return sum(1 for ln in fh if ln.strip())


def _count(fh: BinaryIO, needles: tuple[bytes, ...], chunk: int = 1 << 20) -> int:
    """Occurrences of the needles in a stream read in 1 MiB chunks (files may be larger than memory)."""
    keep = max(len(n) for n in needles) - 1
    total, tail = 0, b""
    while data := fh.read(chunk):
        window = tail + data
        total += sum(window.count(n) for n in needles)
        tail = window[-keep:]
        total -= sum(tail.count(n) for n in needles)  # counted again with the next chunk
    return total + sum(tail.count(n) for n in needles)
