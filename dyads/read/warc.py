"""WARC (and legacy ARC) archives: one document per HTML or plain-text HTTP 2xx response record."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from dyads.model import Rejected
from dyads.read.base import Read, ReadOptions, SeekableByteStream, _unreadable, document_from_bytes, reader
from dyads.settings import Settings

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


_LINE_MAX = 64 * 1024  # a WARC header line longer than this is damage (or a bomb)
_HEADERS_MAX = 1 << 20  # all the header lines of one record
_CHUNK = 1 << 20


def documents_from_warc(name: str, stream: BinaryIO, settings: Settings) -> Iterator[Read]:
    """Documents of the response records in a WARC stream (a seekable file, gzipped or not).

    The framing is checked here, record by record: a version line, headers with a
    WARC-Type and a numeric Content-Length, exactly Content-Length bytes of block, then
    a blank line. A record that breaks one of these is Rejected('malformed-warc') with
    its number; reading then re-synchronizes on the next `WARC/` version line (from the
    start of the broken record's block, so that records swallowed by a Content-Length
    larger than the record are found again). warcio parses each intact record's HTTP part.
    """
    if name.lower().endswith((".arc", ".arc.gz")):
        yield from _documents_from_arc(name, stream, settings)
        return
    import gzip

    magic = stream.read(2)
    stream.seek(0)
    fh: SeekableByteStream = gzip.GzipFile(fileobj=stream) if magic == b"\x1f\x8b" else stream
    n = 0
    try:
        pending = _next_line(fh)
        while pending is not None:
            n += 1
            line, pending = pending, None
            result, resync_at = _record(name, n, line, fh, settings)
            if result is not None:
                yield result
            if resync_at == "eof":
                break
            if isinstance(resync_at, int):
                if resync_at >= 0:
                    fh.seek(resync_at)
                pending = _resync(fh)
                continue
            pending = _next_line(fh)
    except (OSError, EOFError, ValueError) as exc:  # a corrupt gzip member (BadGzipFile is an OSError)
        yield _malformed_warc(name, n or 1, f"{type(exc).__name__}: {exc}")
        return
    if n == 0:
        yield _malformed_warc(name, 1, "no WARC record found")


def _record(
    name: str, n: int, line: bytes, fh: SeekableByteStream, settings: Settings
) -> tuple[Read | None, int | Literal["eof"] | None]:
    """(what record n gives, where to re-sync): None to go on, -1 from here, an offset, or 'eof'."""
    if len(line) > _LINE_MAX:
        return _too_long(name, n), -1
    if not (line.startswith(b"WARC/") and len(line) < 20):
        return _malformed_warc(name, n, "not a WARC record (no WARC/ version line)"), -1
    raw = [b"WARC/1.0\r\n"]
    headers: dict[str, str] = {}
    size = 0
    while True:
        h = fh.readline(_LINE_MAX + 1)
        if not h:
            return _malformed_warc(name, n, "the file ends inside the record's headers"), "eof"
        if len(h) > _LINE_MAX:
            return _too_long(name, n), -1
        if not h.strip():
            break
        size += len(h)
        if size > _HEADERS_MAX:
            return _malformed_warc(name, n, f"headers longer than {_HEADERS_MAX} bytes"), -1
        key, sep, value = h.decode("utf-8", "replace").partition(":")
        if not sep and not h[:1].isspace():
            return _malformed_warc(name, n, f"a header line without a colon: {h[:60]!r}"), -1
        if sep:
            headers[key.strip().lower()] = value.strip()
        raw.append(h)
    if not headers.get("warc-type"):
        return _malformed_warc(name, n, "no WARC-Type header"), -1
    length_text = headers.get("content-length", "")
    if not length_text.isdigit():
        return _malformed_warc(name, n, f"bad Content-Length {length_text!r}"), -1
    length = int(length_text)
    body_start = fh.tell()
    keep = headers["warc-type"] == "response" and length <= settings.max_bytes + _HEADERS_MAX
    block = fh.read(length if keep else min(length, 8192))
    got = len(block) + (0 if keep else _skip(fh, length - len(block)))
    if got < length:
        detail = f"Content-Length {length} but the file ends {got} bytes into the block"
        return _malformed_warc(name, n, detail), body_start
    end = fh.readline(_LINE_MAX + 1)
    if end.strip():
        return _malformed_warc(name, n, f"Content-Length {length} does not end at the record's end"), body_start
    if headers["warc-type"] != "response":
        return None, None
    if not keep:
        return _too_large_response(name, n, headers, block, settings), None
    return _parse_record(name, n, b"".join(raw) + b"\r\n" + block + b"\r\n\r\n", settings), None


def _next_line(fh: SeekableByteStream) -> bytes | None:
    """The next non-blank line (at most _LINE_MAX + 1 bytes), None at the end."""
    while line := fh.readline(_LINE_MAX + 1):
        if line.strip():
            return line
    return None


def _resync(fh: SeekableByteStream) -> bytes | None:
    """The next WARC version line after damage, None when there is none."""
    while line := fh.readline(_CHUNK):
        if line.startswith(b"WARC/") and len(line) < 20:
            return line
    return None


def _skip(fh: SeekableByteStream, n: int) -> int:
    """Read and drop n bytes (1 MiB at a time); how many there were."""
    got = 0
    while got < n and (data := fh.read(min(_CHUNK, n - got))):
        got += len(data)
    return got


def _too_long(name: str, n: int) -> Rejected:
    return Rejected(
        doc_id=f"{name}#{n}", stage="ingest", reason="too-large", detail=f"record {n}: a line over {_LINE_MAX} bytes"
    )


def _too_large_response(name: str, n: int, headers: dict[str, str], head: bytes, settings: Settings) -> Read | None:
    """too-large for an HTML or text 2xx response over max_bytes; None for other big records (video)."""
    status, _, rest = head.partition(b"\n")
    ctype = re.search(rb"(?im)^content-type:\s*([\w.+/-]+)", rest[:8192])
    if b" 2" not in status[:16] or not ctype or ctype.group(1).decode("ascii").lower() not in _WARC_TYPES:
        return None
    return Rejected(
        doc_id=headers.get("warc-target-uri") or f"{name}#{n}",
        stage="ingest",
        reason="too-large",
        detail=f"record {n}: more than {settings.max_bytes} bytes",
    )


def _parse_record(name: str, n: int, data: bytes, settings: Settings) -> Read | None:
    """The document of one intact record (its bytes), parsed by warcio (HTTP headers, chunks, encodings)."""
    import io

    from warcio.archiveiterator import ArchiveIterator

    try:
        record = next(iter(ArchiveIterator(io.BytesIO(data))))
        return _warc_document(f"{name}#{n}", record, settings)
    except RecursionError:
        return _malformed_warc(name, n, "nested too deeply")
    except Exception as exc:  # warcio has no single error type: headers, chunking, encodings all differ
        return _malformed_warc(name, n, f"{type(exc).__name__}: {exc}")


def _documents_from_arc(name: str, stream: BinaryIO, settings: Settings) -> Iterator[Read]:
    """Documents of a legacy ARC file, read by warcio."""
    import zlib

    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    n = 0
    try:
        for record in ArchiveIterator(stream):
            n += 1
            problem = _warc_problem(record, True)
            if problem:
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
        RecursionError,
    ) as exc:
        # warcio has no single error type: broken headers, bad lengths and bad gzip members all differ
        yield _malformed_warc(name, n + 1, f"{type(exc).__name__}: {exc}")
        return
    if n == 0:
        yield _malformed_warc(name, 1, "no ARC record found")


def _warc_problem(record, arc: bool) -> str | None:
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


def _warc_document(record_id: str, record, settings: Settings) -> Read | None:
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
