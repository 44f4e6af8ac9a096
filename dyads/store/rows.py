"""Rows of the store: document keys and outlets, and the table rows of one coded document.

The write path (dyads/store/db.py) turns a batch into these rows; nothing here touches
a connection.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dyads.model import Article, Coded, Document, Event, Rejected


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


DATA_TABLES = ("articles", "mentions", "events", "quotes")


def coded_ids(tables: dict[str, Any]) -> list[str]:
    """The ids of the documents that Arrow `coded` and `documents` tables say were coded (not rejected)."""
    coded = tables["coded"].select(["doc_key", "outcome"]).to_pylist()
    keys = {r["doc_key"] for r in coded if r["outcome"] == "coded"}
    docs = tables["documents"].select(["doc_key", "doc_id"]).to_pylist()
    return sorted({r["doc_id"] for r in docs if r["doc_key"] in keys})


@dataclass(slots=True)
class Batch:
    """One transaction's worth: new documents, their results, and reader-stage rejections."""

    run_id: int
    marker: str
    documents: list[tuple[str, Document]] = field(default_factory=list)
    results: list[tuple[str, Coded | Rejected]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)  # no content, so no key: unreadable, binary...
    replace: list[str] = field(default_factory=list)  # keys coded before under another marker

    def __len__(self) -> int:
        return len(self.results) + len(self.rejected)

    def split(self) -> list[Batch]:
        """One batch per document (with its documents row), and one per reader rejection."""
        docs, replace = dict(self.documents), set(self.replace)
        out = [
            Batch(
                self.run_id,
                self.marker,
                [(k, docs[k])] if k in docs else [],
                [(k, r)],
                replace=[k] if k in replace else [],
            )
            for k, r in self.results
        ]
        out += [Batch(self.run_id, self.marker, rejected=[r]) for r in self.rejected]
        return out

    def as_failures(self, detail: str) -> list[Rejected]:
        ids = [r.doc_id if isinstance(r, Rejected) else r.article.doc_id for _, r in self.results]
        ids += [r.doc_id for r in self.rejected]
        return [Rejected(doc_id=_safe(i), stage="store", reason="internal-error", detail=_safe(detail)) for i in ids]

    def rows(self) -> dict[str, list[dict[str, Any]]]:
        """Rows per table for this batch (failures deduplicated on their key)."""
        now = _now()
        out: dict[str, list[Any]] = {t: [] for t in (*DATA_TABLES, "documents", "failures", "coded", "cleared")}
        first = dict(reversed(self.documents))  # a key given twice: its first document
        sources = {k: d.source for k, d in first.items()}
        out["documents"] = [document_row(k, d, self.run_id) for k, d in first.items()]
        failures: dict[tuple[str, str, str], dict[str, Any]] = {}
        for key, result in dict(self.results).items():  # a key given twice: its last result
            if isinstance(result, Rejected):
                outcome = f"{result.stage}:{result.reason}"
                failures[(result.doc_id, result.stage, result.reason)] = self._failure(result, key, sources.get(key))
            else:
                outcome = "coded"
                out["cleared"].append(result.article.doc_id)
                for table, rows in coded_rows(key, result, self.run_id, now).items():
                    out[table] += rows
            out["coded"].append(
                {"doc_key": key, "marker": self.marker, "outcome": outcome, "run_id": self.run_id, "coded_at": now}
            )
        for r in self.rejected:
            failures[(r.doc_id, r.stage, r.reason)] = self._failure(r, None, None)
        out["failures"] = list(failures.values())
        return out

    def _failure(self, r: Rejected, key: str | None, source: str | None) -> dict[str, Any]:
        return {
            "doc_id": r.doc_id,
            "stage": r.stage,
            "reason": r.reason,
            "detail": r.detail,
            "doc_key": key,
            "source": source or _container(r.doc_id),
            "first_run": self.run_id,
            "last_run": self.run_id,
        }


def _safe(value: str) -> str:
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
