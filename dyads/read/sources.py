"""Readers: turn files, directories, archives, feeds, URL lists and stdin into Documents.

A reader never raises on bad input: each unreadable document becomes a
`Rejected` with a reason slug from `errors.REASONS`, and reading goes on.
Readers are registered in `registry.readers` with the file suffixes they take
(`.txt`/`.html`, `.json`, `.jsonl`, `.gz` here; `.warc[.gz]` in warc.py, RSS/Atom
and `.urls` in feeds.py); `read_sources` walks directories and picks the reader
for each file.

One byte budget bounds every read: a document, a JSON line or a WARC record holds
at most `max_bytes` bytes once decompressed, and a file parsed as a whole (`.json`,
a feed, a URL list) at most `max_file_bytes`; every read stops one byte past its
cap (`too-large`), so a gzip bomb or an endless stdin costs bounded memory.
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from dyads.model import Document, Rejected
from dyads.read.base import (  # noqa: F401  (re-exported: the readers' shared helpers)
    ByteStream,
    Read,
    Reader,
    ReadOptions,
    _unreadable,
    decode_bytes,
    document_from_bytes,
    looks_like_html,
    read_capped,
    read_whole,
    reader,
    reader_for,
    too_large,
)
from dyads.read.normalize import checked_published
from dyads.settings import Settings


def documents_from_jsonl(
    name: str, lines: Iterable[bytes | None], settings: Settings, first: int = 1
) -> Iterator[Read]:
    """One Document per JSON line with `id` and `text` or `html` (None: a line over max_bytes)."""
    for n, raw in enumerate(lines, first):
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
        rec = _parse_json(raw)
        if isinstance(rec, str):
            yield Rejected(doc_id=line_id, stage="ingest", reason="malformed-json", detail=rec)
            continue
        yield document_from_record(rec.value, line_id, settings)


@dataclass(frozen=True, slots=True)
class _Parsed:
    value: object


def _parse_json(raw: bytes) -> _Parsed | str:
    """The parsed value, or why it does not parse (nesting too deep included: RecursionError)."""
    try:
        return _Parsed(json.loads(raw))
    except RecursionError:
        return "JSON nested too deeply"
    except (ValueError, UnicodeDecodeError) as exc:
        return str(exc)[:200]


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
    meta = {k: str(rec[k]) for k in ("url", "title") if isinstance(rec.get(k), (str, int, float)) and rec.get(k)}
    published = checked_published(doc_id, rec.get("published"))
    if published:
        meta["published"] = published
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


def read_stream(name: str, stream: BinaryIO, settings: Settings, options: ReadOptions | None = None) -> Iterator[Read]:
    """Documents from stdin: JSON Lines when the first character is `{`, URLs to fetch when every
    line is a URL (`# comments` and blank lines allowed), else one document.

    Read line by line (JSON Lines) or up to max_bytes + 1 (one document; a URL list: up to
    max_file_bytes + 1): never all at once.
    """
    lines = capped_lines(stream, settings.max_bytes)
    head: list[bytes] = []
    size = 0
    for line in lines:
        size += len(line or b"")
        if line is None or size > settings.max_bytes:  # one document too large, or a JSON line too large
            yield too_large(name if not head else f"{name}:{len(head) + 1}", settings.max_bytes)
            return
        head.append(line)
        if line.strip():
            break
    if not head:
        yield Rejected(doc_id=name, stage="ingest", reason="empty", detail="no text")
        return
    if head[-1].lstrip()[:1] == b"{":
        yield from documents_from_jsonl(name, itertools.chain(head, lines), settings)
        return
    data = b"".join(head)
    first = head[-1].decode("utf-8", "replace")
    if is_url(first) or first.lstrip().startswith("#"):  # `echo URL | dyads code -`: a URL list, or a text
        rest = read_capped(stream, settings.max_file_bytes - len(data))
        text = (data + rest).decode("utf-8", "replace") if rest is not None else ""
        urls = url_lines(text)
        if rest is not None and urls and all(is_url(u) for u in urls):
            yield from documents_from_urls(urls, settings, options or ReadOptions(), source=name)
        elif rest is None or len(data) + len(rest) > settings.max_bytes:
            yield too_large(name, settings.max_bytes)
        else:
            yield document_from_bytes(name, data + rest, settings, source=name)
        return
    rest = read_capped(stream, settings.max_bytes - len(data)) if len(data) <= settings.max_bytes else None
    if rest is None:
        yield too_large(name, settings.max_bytes)
    else:
        yield document_from_bytes(name, data + rest, settings, source=name)


# --- sources: directories, registered readers by suffix -------------------------------------


def walk(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and files with a reader under directories named (sorted; hidden ones skipped)."""
    for item in walk_tree(paths):
        if isinstance(item, Path):
            yield item


def walk_tree(paths: Iterable[str | Path]) -> Iterator[Path | Rejected | str]:
    """walk's files, http(s) URLs as given (str), and Rejected('unreadable') for each directory that cannot be listed.

    Symbolic links to directories are followed; a directory reached twice (a link
    loop, or two links to one folder) is read once.
    """
    for name in paths:
        if is_url(name, any_scheme=True):  # Path() would fold its '//': fetched (or refused), never opened
            yield str(name).strip()
            continue
        path = Path(name)
        if str(name) != "-" and _is_dir(path):
            yield from _tree(path)
        else:
            yield path


def _tree(top: Path) -> list[Path | Rejected]:
    found: list[Path | Rejected] = []
    seen: set[tuple[int, int]] = set()

    def failed(exc: OSError) -> None:
        found.append(_unreadable(str(exc.filename or top), exc, "directory"))

    for root, dirs, files in os.walk(top, onerror=failed, followlinks=True):
        try:
            st = os.stat(root)
        except OSError as exc:
            failed(exc)
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:  # a link loop, or a second link to one folder
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(root, f) for f in files if not f.startswith(".") and _walkable(Path(root, f))]
    return sorted(found, key=lambda p: str(p) if isinstance(p, Path) else p.doc_id)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _walkable(path: Path) -> bool:
    """A file in a directory walk is read when a reader claims it (`x.gz`: when one claims `x`)."""
    func = reader_for(path)
    if func is read_gzip:
        return reader_for(Path(path.stem)) not in (None, read_gzip)
    return func is not None


def read_sources(paths: Iterable[str | Path], settings: Settings, options: ReadOptions | None = None) -> Iterator[Read]:
    """Every Document (or Rejected) from files, directory trees, http(s) URLs and `-` (stdin), in order.

    URLs named among `paths` are fetched by one polite client shared by the run (its robots.txt
    cache and per-host delay span them all), unless `options.client` is given.
    """
    import sys

    options = options or ReadOptions()
    owned = None
    try:
        for path in walk_tree(paths):
            if isinstance(path, str):  # a URL
                if options.client is None:
                    from dyads.read.fetch import FetchConfig, PoliteClient

                    owned = PoliteClient(options.fetch or FetchConfig(max_bytes=settings.max_bytes))
                    options = replace(options, client=owned)
                yield from documents_from_urls([path], settings, options)
            else:
                yield from _read_one(path, settings, options, sys.stdin.buffer)
    finally:
        if owned is not None:
            owned.close()


def _read_one(path: Path | Rejected, settings: Settings, options: ReadOptions, stdin: BinaryIO) -> Iterator[Read]:
    if isinstance(path, Rejected):
        yield path
    elif str(path) == "-":
        yield from read_stream("-", stdin, settings, options)
    else:
        try:
            os.stat(path)
        except FileNotFoundError:
            yield Rejected(doc_id=str(path), stage="ingest", reason="unreadable", detail="no such file")
            return
        except OSError as exc:  # a file under a folder that cannot be searched
            yield _unreadable(str(path), exc)
            return
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
    data = read_whole(path, settings)
    if isinstance(data, Rejected):
        yield data
    else:
        yield from documents_from_json(str(path), data, settings)


def documents_from_json(name: str, data: bytes, settings: Settings) -> Iterator[Read]:
    """Documents of a JSON file's content (object, array of objects, or JSON Lines)."""
    if not data.strip():
        yield Rejected(doc_id=name, stage="ingest", reason="empty", detail="no text")
        return
    parsed = _parse_json(data)
    if isinstance(parsed, str):
        lines = data.splitlines()
        if len(lines) > 1 and all(ln.lstrip()[:1] in (b"{", b"") for ln in lines):
            capped = (ln if len(ln) <= settings.max_bytes else None for ln in lines)
            yield from documents_from_jsonl(name, capped, settings)  # JSON Lines saved as .json
        else:
            yield Rejected(doc_id=name, stage="ingest", reason="malformed-json", detail=parsed)
        return
    value = parsed.value
    if isinstance(value, list):
        for n, rec in enumerate(value, 1):
            yield document_from_record(rec, f"{name}:{n}", settings)
    else:
        yield document_from_record(value, name, settings)


@reader("dyads.gzip.v1", (".gz",))
def read_gzip(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Read]:
    """A gzipped file: its inner name (`a.jsonl.gz` -> `a.jsonl`) picks how to read the content."""
    name, inner = str(path), Path(path.stem)
    try:
        with gzip.open(path, "rb") as fh:
            func = reader_for(inner)
            if func is read_jsonl:
                yield from documents_from_jsonl(name, capped_lines(fh, settings.max_bytes), settings)
            elif func in (read_json, read_feed):
                data = read_capped(fh, settings.max_file_bytes)  # a bounded read: no gzip bomb
                if data is None:
                    yield too_large(name, settings.max_file_bytes, "bytes uncompressed")
                elif func is read_json:
                    yield from documents_from_json(name, data, settings)
                else:
                    yield from documents_from_feed(name, data, settings)
            else:
                data = read_capped(fh, settings.max_bytes)
                if data is None:
                    yield too_large(name, settings.max_bytes, "bytes uncompressed")
                else:
                    yield document_from_bytes(name, data, settings, source=name)
    except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
        yield _unreadable(name, exc)


def capped_lines(fh: ByteStream, cap: int) -> Iterator[bytes | None]:
    """Lines of a binary file; a line longer than `cap` bytes is skipped and yields None."""
    while line := fh.readline(cap + 1):
        if len(line) > cap and not line.endswith(b"\n"):
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):  # skipped 1 MiB at a time
                pass
            yield None
        else:
            yield line


def estimate_documents(paths: Iterable[str | Path]) -> int:
    """About how many documents `read_sources` will yield (for a progress bar's ETA); cheap byte counts."""
    paths = list(paths)
    total = sum(1 for p in paths if is_url(p, any_scheme=True))
    for path in walk(paths):
        try:
            total += _estimate_one(path)
        except (OSError, EOFError, zlib.error):
            total += 1
    return total


_ESTIMATE_BYTES = 64 << 20  # bytes read (decompressed) per file for an estimate; past them it extrapolates


def _estimate_one(path: Path) -> int:
    if str(path) == "-" or not path.is_file():
        return 1
    func, name = reader_for(path), path.name.lower()
    if func in (read_file, None) or func is read_json:
        return 1
    if func is read_gzip and not name.endswith((".jsonl.gz", ".ndjson.gz", ".rss.gz", ".atom.gz", ".xml.gz")):
        return 1
    size = path.stat().st_size
    with path.open("rb") as raw, gzip.GzipFile(fileobj=raw) if name.endswith(".gz") else raw as fh:
        if func is read_warc:
            n, done = _count(fh, (b"WARC-Type: response",))
        elif func is read_feed or name.endswith((".rss.gz", ".atom.gz", ".xml.gz")):
            n, done = _count(fh, (b"<item", b"<entry"))
        else:
            n, done = _count_lines(fh, comments=func is read_url_list)
        if not done:  # a huge (or bomb) file: scale by how much of the file was read
            n = int(n * size / max(raw.tell(), 1))
    return max(1, n)


def _count_lines(fh: ByteStream, comments: bool) -> tuple[int, bool]:
    """(non-blank lines, whether the whole stream was read), reading at most _ESTIMATE_BYTES."""
    n = read = 0
    for line in capped_lines(fh, 1 << 16):
        if line is None:
            n, read = n + 1, read + (1 << 16)
            continue
        read += len(line)
        if line.strip() and not (comments and line.lstrip().startswith(b"#")):
            n += 1
        if read > _ESTIMATE_BYTES:
            return n, False
    return n, True


def _count(fh: ByteStream, needles: tuple[bytes, ...], chunk: int = 1 << 20) -> tuple[int, bool]:
    """(occurrences of the needles, whether the whole stream was read), in 1 MiB chunks, _ESTIMATE_BYTES at most."""
    keep = max(len(n) for n in needles) - 1
    total, tail, read = 0, b"", 0
    while data := fh.read(chunk):
        read += len(data)
        window = tail + data
        total += sum(window.count(n) for n in needles)
        tail = window[-keep:]
        total -= sum(tail.count(n) for n in needles)  # counted again with the next chunk
        if read > _ESTIMATE_BYTES:
            return total + sum(tail.count(n) for n in needles), False
    return total + sum(tail.count(n) for n in needles), True


# the readers of the other formats register themselves when imported
from dyads.read.feeds import (  # noqa: E402
    documents_from_feed,
    documents_from_urls,
    html_to_text,
    is_url,
    read_feed,
    read_url_list,
    url_lines,
)
from dyads.read.warc import documents_from_warc, read_warc  # noqa: E402

__all__ = [
    "documents_from_feed",
    "documents_from_urls",
    "documents_from_warc",
    "html_to_text",
    "is_url",
    "read_feed",
    "read_url_list",
    "read_warc",
    "url_lines",
]
