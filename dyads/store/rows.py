"""Rows of the store: document keys and outlets, and the table rows of one coded document.

The write path (dyads/store/db.py) turns a batch into these rows; nothing here touches
a connection.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dyads.model import Article, Coded, Document, Event


def document_key(doc: Document) -> str:
    """sha256 of the normalized content, plus the metadata hints that change how it is coded.

    Normalized: Unicode NFC, line ends as \\n, trailing spaces dropped, outer blank
    lines stripped. A source's `published` and `title` hints count too: the same text
    with another publication date codes to other event dates.
    """
    kind, content = ("html", doc.html) if doc.html is not None else ("text", doc.text or "")
    norm = unicodedata.normalize("NFC", content).replace("\r\n", "\n").replace("\r", "\n")
    norm = "\n".join(line.rstrip() for line in norm.split("\n")).strip()
    h = hashlib.sha256(kind.encode())
    for part in (norm, doc.published or "", doc.title or ""):
        h.update(b"\x00" + part.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def outlet(doc: Document) -> str:
    """Who published it, for n_sources: the URL's host (without www.), else where it was found.

    Where it was found: the container (JSON Lines, feed, WARC) of a record, or the folder
    of a single file, so that a folder of one outlet's articles counts as one source.
    """
    if doc.url:
        host = (urlsplit(doc.url).hostname or "").lower()
        if host:
            return host.removeprefix("www.")
    source = doc.source or _container(doc.id)
    if source == doc.id and source != "-":  # a file of its own: its folder
        return str(Path(source).parent)
    return source


def document_row(key: str, doc: Document, run_id: int) -> dict[str, Any]:
    content = doc.html if doc.html is not None else doc.text
    return {
        "doc_key": key,
        "doc_id": doc.id,
        "source": doc.source,
        "url": doc.url,
        "published": doc.published,
        "title": doc.title,
        "outlet": outlet(doc),
        "kind": "html" if doc.html is not None else "text",
        "chars": len(content or ""),
        "first_run": run_id,
    }


def coded_rows(key: str, coded: Coded, run_id: int, now: dt.datetime) -> dict[str, list[dict[str, Any]]]:
    """Rows for articles, mentions, events and quotes of one coded document."""
    a = coded.article
    article = {
        "doc_key": key,
        "doc_id": a.doc_id,
        "title": a.title,
        "published": iso_date(a.published),
        "language": a.language,
        "url": a.url,
        "dateline": a.dateline,
        "body": a.body,
        "source": a.source,
        "run_id": run_id,
        "coded_at": now,
    }
    mentions = [
        {
            "doc_key": key,
            "n": n,
            "text": m.text,
            "start_char": m.start,
            "end_char": m.end,
            "code": m.code,
            "country": m.country,
            "role": m.role,
            "name": m.name,
            "kind": m.kind,
        }
        for n, m in enumerate(coded.mentions)
    ]
    lead = lead_end(a)
    events = [event_row(key, n, e, lead) for n, e in enumerate(coded.events)]
    quotes = []
    for n, q in enumerate(coded.quotes):
        s = q.speaker
        quotes.append(
            {
                "doc_key": key,
                "n": n,
                "text": q.text,
                "start_char": q.start,
                "end_char": q.end,
                "speaker_name": q.speaker_name or (s.name if s else None),
                "speaker_code": s.code if s else None,
                "speaker_text": s.text if s else None,
                "speaker_start": s.start if s else None,
                "speaker_end": s.end if s else None,
                "verb": q.verb,
            }
        )
    return {"articles": [article], "mentions": mentions, "events": events, "quotes": quotes}


def event_row(key: str, n: int, e: Event, lead: int) -> dict[str, Any]:
    p = e.place
    return {
        "doc_key": key,
        "n": n,
        "cluster_id": cluster_id(key, n, e),
        "source_code": e.source.code,
        "source_name": e.source.name,
        "source_text": e.source.text,
        "source_start": e.source.start,
        "source_end": e.source.end,
        "target_code": e.target.code,
        "target_name": e.target.name,
        "target_text": e.target.text,
        "target_start": e.target.start,
        "target_end": e.target.end,
        "cameo": e.cameo,
        "root": e.root,
        "plover": e.plover,
        "goldstein": e.goldstein,
        "quad_class": e.quad_class,
        "modality": e.modality,
        "event_date": iso_date(e.date),
        "reported": iso_date(e.reported),
        "place_name": p.name if p else None,
        "place_country": p.country if p else None,
        "place_lat": p.lat if p else None,
        "place_lon": p.lon if p else None,
        "place_feature": p.feature if p else None,
        "sentence": e.sentence,
        "start_char": e.start,
        "end_char": e.end,
        "confidence": e.confidence,
        "pattern": e.pattern,
        "coder": e.coder,
        "quote": e.quote,
        "is_root": e.start < lead,
    }


def cluster_id(key: str, n: int, e: Event) -> int:
    """The event's cluster: equal for equal (source, target, CAMEO code, date, modality).

    An event without a date cannot be matched safely across articles: it is its own cluster.
    """
    date = iso_date(e.date)
    ident = f"{e.source.code}|{e.target.code}|{e.cameo}|{date}|{e.modality}" if date else f"{key}|{n}"
    return int(hashlib.sha256(ident.encode()).hexdigest()[:15], 16)  # 60 bits: a positive BIGINT


def lead_end(article: Article) -> int:
    """End offset of the lead paragraph (the first after the headline): GDELT's IsRootEvent test."""
    body, start = article.body, article.headline_end
    while start < len(body) and body[start] in "\n ":
        start += 1
    end = body.find("\n\n", start)
    return len(body) if end < 0 else end


def iso_date(value: str | None) -> dt.date | None:
    """The date of a 'YYYY-MM-DD...' string, else None (never a guess)."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _container(doc_id: str) -> str:
    """The file a record id like `feed.jsonl:12` or `crawl.warc#3` came from."""
    for sep in ("#", ":"):
        head, _, tail = doc_id.rpartition(sep)
        if head and tail.isdigit():
            return head
    return doc_id
