"""RSS/Atom feeds and URL lists: one document per feed item with content, or per URL fetched."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from dyads.model import Document, Rejected
from dyads.read.base import (
    DocumentTimeout,
    Read,
    ReadOptions,
    document_from_bytes,
    read_whole,
    reader,
    time_budget,
)
from dyads.read.normalize import checked_published
from dyads.settings import Settings


@reader("dyads.feed.v1", (".rss", ".atom", ".xml"))
def read_feed(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Read]:
    """One document per feed item that carries its content (RSS 0.9x-2.0, Atom, RDF)."""
    data = read_whole(path, settings)
    if isinstance(data, Rejected):
        yield data
    else:
        yield from documents_from_feed(str(path), data, settings)


def documents_from_feed(name: str, data: bytes, settings: Settings) -> Iterator[Read]:
    """Documents of a feed's items; Rejected('malformed-feed') when nothing can be parsed."""
    import feedparser

    if not data.strip():
        yield Rejected(doc_id=name, stage="ingest", reason="empty", detail="no text")
        return
    if _too_deep(data):
        yield Rejected(doc_id=name, stage="ingest", reason="malformed-feed", detail="XML nested too deeply")
        return
    try:
        with time_budget(settings.max_seconds):  # feedparser slows down more than linearly on some markup
            parsed = feedparser.parse(io.BytesIO(data))  # a stream, so feedparser never goes to the network
    except DocumentTimeout:
        yield Rejected(
            doc_id=name, stage="ingest", reason="timeout", detail=f"parsing took more than {settings.max_seconds:g} s"
        )
        return
    except RecursionError:
        yield Rejected(doc_id=name, stage="ingest", reason="malformed-feed", detail="XML nested too deeply")
        return
    except Exception as exc:  # feedparser's parsers (sax, its own loose one) raise assorted errors
        yield Rejected(
            doc_id=name, stage="ingest", reason="malformed-feed", detail=f"{type(exc).__name__}: {exc}"[:300]
        )
        return
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
        try:
            yield _feed_document(name, n, entry, settings)
        except RecursionError:
            yield Rejected(
                doc_id=f"{name}#{n}", stage="ingest", reason="malformed-feed", detail="item nested too deeply"
            )


def _too_deep(data: bytes) -> bool:
    """True when the XML nests deeper than libxml2 allows (256): feedparser would take minutes on it."""
    from lxml import etree

    try:
        for _, element in etree.iterparse(io.BytesIO(data), events=("end",), resolve_entities=False, no_network=True):
            element.clear()  # only the depth matters: keep no tree
    except etree.XMLSyntaxError as exc:
        return "excessive depth" in str(exc).lower()
    except (ValueError, RecursionError):
        return False
    return False


def _feed_document(name: str, n: int, entry, settings: Settings) -> Read:
    doc_id = str(entry.get("id") or entry.get("link") or f"{name}#{n}")
    parts = list(entry.get("content") or [])
    if entry.get("summary"):
        parts.append({"value": entry.get("summary"), "type": entry.get("summary_detail", {}).get("type")})
    best: dict[str, object] = max(parts, key=lambda p: len(str(p.get("value") or "")), default={})
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
    published: str | None
    if when:
        published = f"{when.tm_year:04d}-{when.tm_mon:02d}-{when.tm_mday:02d}"
    else:  # a date feedparser could not read: ours reads more formats, or warns
        published = checked_published(doc_id, entry.get("published") or entry.get("updated"))
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
        return re.sub(r"<[^<>]*>", " ", fragment)  # [^<>]: linear even with many unclosed tags
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


@reader("dyads.urls.v1", (".urls",))
def read_url_list(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Read]:
    """One document per URL in a list (one per line, `#` comments), fetched politely."""
    data = read_whole(path, settings)
    if isinstance(data, Rejected):
        yield data
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield Rejected(doc_id=str(path), stage="ingest", reason="encoding", detail=f"invalid UTF-8 at byte {exc.start}")
        return
    yield from documents_from_urls(url_lines(text), settings, options, source=str(path))


_URL = re.compile(r"^https?://\S+$", re.I)
_ANY_URL = re.compile(r"^[a-z][a-z0-9+.-]*://\S+$", re.I)


def is_url(name: object, any_scheme: bool = False) -> bool:
    """True for an http(s) URL (`dyads code https://...`), which is fetched, not opened as a file.

    `any_scheme`: also `ftp://...` and the like, which the client then refuses (fetch-failed).
    """
    return isinstance(name, str) and bool((_ANY_URL if any_scheme else _URL).match(name.strip()))


def url_lines(text: str) -> list[str]:
    """The URLs of a list: one per line; blank lines and `#` comments skipped."""
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def documents_from_urls(
    urls: Iterable[str], settings: Settings, options: ReadOptions, source: str | None = None
) -> Iterator[Read]:
    """One document per URL, fetched with the polite client (robots.txt, per-host delay, timeout, size cap).

    The document id is the URL as given; its `url` is where the page was found (after redirects).
    A URL that cannot be had is one Rejected with its reason (docs/errors.md) and the rest go on;
    `options.skip_url` skips URLs already stored. Uses `options.client` when given, else its own.
    """
    from dyads.read.fetch import FetchConfig, PoliteClient

    client = options.client or PoliteClient(options.fetch or FetchConfig(max_bytes=settings.max_bytes))
    try:
        for url in urls:
            if options.skip_url is not None and options.skip_url(url):
                continue
            got = client.fetch(url)
            if isinstance(got, Rejected):
                yield got
            else:
                yield document_from_bytes(url, got.content, settings, got.charset, url=got.url, source=source or url)
    finally:
        if options.client is None:
            client.close()
