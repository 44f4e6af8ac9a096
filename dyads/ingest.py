"""Readers: turn files, JSON Lines and stdin into Documents (or Rejected).

A reader never raises on bad input: each unreadable document becomes a
`Rejected` with a reason slug from `errors.REASONS`, and reading goes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .model import Document, Rejected
from .settings import Settings

Read = Document | Rejected

_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF")
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<\?xml[^>]*>\s*<html|<head|<body|<!--)", re.I)
_HTML_TAGS = re.compile(rb"<(p|div|article|body|br|span|a|h[1-6])[\s>/]", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.I)


def decode_bytes(doc_id: str, data: bytes, settings: Settings) -> str | Rejected:
    """Text of the bytes, or Rejected('empty' | 'binary' | 'too-large' | 'encoding')."""
    if not data.strip():
        return Rejected(doc_id=doc_id, stage="ingest", reason="empty", detail="no text")
    if len(data) > settings.max_bytes:
        return Rejected(doc_id=doc_id, stage="ingest", reason="too-large",
                        detail=f"{len(data)} bytes (maximum {settings.max_bytes})")
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:8192]:
        return Rejected(doc_id=doc_id, stage="ingest", reason="binary", detail="not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        declared = _CHARSET.search(data[:4096])
        if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
            try:
                return data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        return Rejected(doc_id=doc_id, stage="ingest", reason="encoding",
                        detail=f"invalid UTF-8 at byte {exc.start}")


def looks_like_html(data: bytes | str) -> bool:
    """True when the content is HTML, whatever the file is called."""
    head = (data.encode("utf-8", "replace") if isinstance(data, str) else data)[:4096]
    return bool(_HTML_START.match(head)) or len(_HTML_TAGS.findall(head)) >= 3


def document_from_bytes(doc_id: str, data: bytes, settings: Settings, **meta: str | None) -> Read:
    """A Document with text or html decided by sniffing the content."""
    text = decode_bytes(doc_id, data, settings)
    if isinstance(text, Rejected):
        return text
    if looks_like_html(text):
        return Document(id=doc_id, html=text, **meta)
    return Document(id=doc_id, text=text, **meta)


def documents_from_jsonl(name: str, lines: Iterator[bytes], settings: Settings) -> Iterator[Read]:
    """One Document per JSON line with `id` and `text` or `html`."""
    for n, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        line_id = f"{name}:{n}"
        try:
            rec = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            yield Rejected(doc_id=line_id, stage="ingest", reason="malformed-json", detail=str(exc)[:200])
            continue
        yield document_from_record(rec, line_id, settings)


def document_from_record(rec: object, fallback_id: str, settings: Settings) -> Read:
    """A Document from one parsed JSON object, or Rejected('malformed-json')."""
    if not isinstance(rec, dict):
        return Rejected(doc_id=fallback_id, stage="ingest", reason="malformed-json",
                        detail="a line is not a JSON object")
    doc_id = str(rec.get("id") or fallback_id)
    text, html = rec.get("text"), rec.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        return Rejected(doc_id=doc_id, stage="ingest", reason="malformed-json",
                        detail="needs a string field 'text' or 'html'")
    body = text if isinstance(text, str) else html
    assert body is not None
    if not body.strip():
        return Rejected(doc_id=doc_id, stage="ingest", reason="empty", detail="no text")
    if len(body.encode("utf-8")) > settings.max_bytes:
        return Rejected(doc_id=doc_id, stage="ingest", reason="too-large",
                        detail=f"{len(body)} characters (maximum {settings.max_bytes} bytes)")
    meta = {k: str(rec[k]) for k in ("url", "title", "published") if rec.get(k)}
    if isinstance(text, str):
        return Document(id=doc_id, text=text, source=fallback_id.rsplit(":", 1)[0], **meta)
    return Document(id=doc_id, html=html, source=fallback_id.rsplit(":", 1)[0], **meta)


def read_path(path: str | Path, settings: Settings) -> Iterator[Read]:
    """Documents from one file: `.jsonl` gives one per line, anything else one."""
    path = Path(path)
    name = str(path)
    try:
        if path.suffix.lower() in (".jsonl", ".ndjson"):
            with path.open("rb") as fh:
                yield from documents_from_jsonl(name, iter(fh), settings)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejected(doc_id=name, stage="ingest", reason="unreadable", detail=exc.strerror or str(exc))
        return
    yield document_from_bytes(name, data, settings, source=name)


def read_stream(name: str, stream: BinaryIO, settings: Settings) -> Iterator[Read]:
    """Documents from stdin: JSON Lines when the first character is `{`, else one document."""
    data = stream.read()
    if data.lstrip()[:1] == b"{":
        yield from documents_from_jsonl(name, iter(data.splitlines()), settings)
    else:
        yield document_from_bytes(name, data, settings, source=name)
