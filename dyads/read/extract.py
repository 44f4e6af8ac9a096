"""Extract: Document -> Article (clean body, title, dateline, publication date).

Every document's text (or HTML) is first normalized (normalize.py: NFC, no
invisible characters, one kind of space). HTML goes through trafilatura (body,
title, date; it drops navigation by link density); plain text and trafilatura's
output then share one cleaning pass: web boilerplate lines are dropped (one line
at a time, by several signals: boilerplate.py), the headline and a date line are
recognized, and a leading dateline ("TEHRAN, Iran —") is measured so that the
nlp stage can hide it from the parser while offsets into `Article.body` stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dyads.dates import resolve as dates
from dyads.errors import EnvironmentFailure
from dyads.model import Article, Document, Rejected
from dyads.read.boilerplate import LineFilter
from dyads.read.normalize import checked_published, normalize_text
from dyads.settings import Settings

_DATELINE = re.compile(
    r"""(?P<place>[A-ZÀ-Þ][A-ZÀ-Þ.'\-]{1,30}(?:\ [A-ZÀ-Þ][A-ZÀ-Þ.'\-]{1,30}){0,3}      # TEHRAN, BELÉM, UNITED NATIONS
        (?:,\ [A-ZÀ-Þ][A-Za-zÀ-ÿ.'\-]{1,30}(?:\ [A-ZÀ-Þ][A-Za-zÀ-ÿ.'\-]{1,30}){0,2})?)   # , Iran
        (?:\ \([^)\n]{1,40}\))?                                      # (AP)
        (?:,?\ [A-Z][a-z]{2,8}\.?\ \d{1,2}(?:,\ \d{4})?)?            # , Oct. 7
        \s*(?:—|–|--|-|:)\s*""",
    re.X,
)
_DATE_LINE_HINT = re.compile(
    r"(published|updated|posted|^by\b|\d{4}-\d\d-\d\d|\b\d{1,2}[./]\d{1,2}[./]\d{4}\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Cleaned:
    body: str
    title: str | None
    published: str | None
    headline_end: int


def extract_article(doc: Document, settings: Settings) -> Article | Rejected:
    """The clean Article, or Rejected('no-body' | 'too-short' | 'not-english')."""
    title = normalize_text(doc.title) if doc.title else None
    published = checked_published(doc.id, doc.published)
    raw = normalize_text(doc.text) if doc.text is not None else None
    if doc.html is not None:
        extracted = _from_html(normalize_text(doc.html))
        if isinstance(extracted, str):
            return Rejected(
                doc_id=doc.id, stage="extract", reason=extracted, detail="no article text found in the HTML"
            )
        raw, html_title, html_date = extracted
        raw = normalize_text(raw)
        html_title = normalize_text(html_title) if html_title else None
        title, published = title or html_title, published or html_date
    assert raw is not None
    cleaned = clean_text(raw, title)
    body = cleaned.body[: settings.max_chars]
    if len(body.strip()) < settings.min_chars:
        reason = "no-body" if doc.html is not None else "too-short"
        return Rejected(
            doc_id=doc.id,
            stage="extract",
            reason=reason,
            detail=f"body has {len(body.strip())} characters (minimum {settings.min_chars})",
        )
    lang = detect_language(body)  # the label is honest even when the language is not checked
    if settings.check_language:
        if lang != "en":
            return Rejected(
                doc_id=doc.id, stage="extract", reason="not-english", detail=f"language looks like {lang!r}"
            )
    place, dateline_start, dateline_end = find_dateline(body, cleaned.headline_end)
    return Article(
        doc_id=doc.id,
        body=body,
        title=title or cleaned.title,
        published=published or cleaned.published or settings.default_date,
        url=doc.url,
        dateline=place,
        dateline_start=dateline_start,
        dateline_end=dateline_end,
        headline_end=cleaned.headline_end,
        source=doc.source,
        language=lang,
    )


def _from_html(html: str) -> tuple[str, str | None, str | None] | str:
    """(text, title, date) from trafilatura, or a reason slug."""
    import trafilatura  # 0.5 s import: only when HTML arrives

    try:
        result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    except Exception:  # trafilatura raises assorted lxml errors on broken markup
        return "malformed-html"
    if result is None or isinstance(result, dict):  # a dict only with as_dict=True
        return "no-body"
    text = result.text or ""
    if not text.strip():
        return "no-body"
    return text, result.title, dates.iso_date(result.date)


def clean_text(raw: str, title: str | None = None) -> Cleaned:
    """Body without boilerplate and date lines; the headline stays as the first line."""
    lines = [ln.strip() for ln in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kept: list[str] = []
    published = None
    drop = LineFilter(lines)
    for i, line in enumerate(lines):
        if not line:
            kept.append("")
            continue
        if drop(i):
            continue
        if published is None and len(kept) < 8 and _is_date_line(line):
            published = dates.date_in_line(line)
            if published:
                continue
        kept.append(line)
    paragraphs = _paragraphs(kept)
    headline = _headline(paragraphs, title)
    body = "\n\n".join(paragraphs)
    return Cleaned(
        body=body, title=title or headline, published=published, headline_end=len(headline) if headline else 0
    )


def _paragraphs(lines: list[str]) -> list[str]:
    """Non-empty lines; hard-wrapped lines of one paragraph are joined by a space."""
    paras: list[str] = []
    current: list[str] = []
    for line in lines + [""]:
        if line:
            if current and _ends_paragraph(current[-1], line):
                paras.append(" ".join(current))
                current = []
            current.append(line)
        elif current:
            paras.append(" ".join(current))
            current = []
    return paras


def _ends_paragraph(prev: str, line: str) -> bool:
    # trafilatura puts one paragraph per line; hard-wrapped text continues lowercase
    return prev.endswith((".", "?", "!", '"', "”", ":")) or not line[:1].islower()


def _headline(paragraphs: list[str], title: str | None) -> str | None:
    if not paragraphs:
        return None
    first = paragraphs[0]
    if title and first.strip().lower() == title.strip().lower():
        return first
    words = first.split()
    if (
        len(paragraphs) > 1
        and 2 <= len(words) <= 25
        and not first.endswith((".", '"', "”"))
        and not _DATELINE.match(first)
    ):
        return first
    return None


def _is_date_line(line: str) -> bool:
    return (
        len(line.split()) <= 14
        and bool(_DATE_LINE_HINT.search(line))
        and not line.endswith((".", '"', "”"))
        or bool(re.fullmatch(r"[\d\-/:TZ .+]+", line))
    )


def find_dateline(body: str, start: int = 0) -> tuple[str | None, int, int]:
    """(place, start, end) of a dateline opening one of the first two paragraphs after the headline.

    The second paragraph is tried because many pages open with a standfirst.
    """
    offset = start
    for _ in range(2):
        while offset < len(body) and body[offset] in "\n ":
            offset += 1
        m = _DATELINE.match(body, offset)
        if m:
            place = m.group("place")
            head = place.split(",")[0]
            if head == head.upper() and len(head) >= 3:  # "WASHINGTON", not "Iran said"
                return place, offset, m.end()
        nxt = body.find("\n", offset)
        if nxt < 0:
            break
        offset = nxt
    return None, 0, 0


_LANG_ID = None


def load_language_identifier() -> Any:
    """The py3langid identifier, loaded once per process (Pipeline loads it up front, so that
    its seconds of loading never count against a document's time budget)."""
    global _LANG_ID
    if _LANG_ID is None:
        try:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            # py3langid 0.3 names the loader from_pickled_model, 0.4 from_model_file
            load = getattr(LanguageIdentifier, "from_pickled_model", None) or LanguageIdentifier.from_model_file
            _LANG_ID = load(MODEL_FILE, norm_probs=False)
        except Exception as exc:  # a full TMPDIR, a file-size limit, a broken install: the machine, not the text
            raise EnvironmentFailure(
                f"cannot load the language identifier (py3langid): {type(exc).__name__}: {exc}"[:300]
            ) from exc
    return _LANG_ID


def detect_language(text: str) -> str:
    """ISO 639-1 language code of the text (py3langid, offline)."""
    identifier = load_language_identifier()
    sample = text[:2000]
    if len(sample.split()) < 12 and sum(c.isalpha() and c.isascii() for c in sample) > 0.8 * sum(
        c.isalpha() for c in sample
    ):
        return "en"  # too short to judge; Latin script
    return str(identifier.classify(sample)[0])
