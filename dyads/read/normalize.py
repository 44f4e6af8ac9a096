"""Text normalization applied once to every document, whatever its input type, and `published` parsing.

`normalize_text` runs before anything reads a document's text or HTML (extract.py):

- format characters (Unicode category Cf: zero-width spaces and joiners, bidi
  embeddings, overrides and isolates, stray byte-order marks, soft hyphens) are removed;
- no-break and every other space separator (category Zs) become a plain space;
- line and paragraph separators (U+2028, U+2029, NEL, form feed, vertical tab) become `\\n`;
- other control characters except tab, newline and carriage return are removed;
- the result is in Unicode NFC.

Offsets are taken on the normalized text only (Article.body), so no mapping back is kept.
`published_date` reads a source's `published` value in the common formats with
dateutil; what it cannot read is dropped with a `bad-date` warning, never an error.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata

log = logging.getLogger("dyads.read")

_NEWLINES = "\u2028\u2029\x85\x0b\x0c"


class _Table(dict[int, str | int | None]):
    """str.translate table filled on demand: each code point's fate is looked up once."""

    def __missing__(self, cp: int) -> str | int | None:
        ch = chr(cp)
        cat = unicodedata.category(ch)
        if ch in _NEWLINES:
            out: str | int | None = "\n"
        elif cat == "Cf" or (cat == "Cc" and ch not in "\t\n\r"):
            out = None
        elif cat == "Zs":
            out = " "
        else:
            out = cp  # unchanged
        self[cp] = out
        return out


_TABLE = _Table()
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalize_text(text: str) -> str:
    """The text with invisible characters removed, spaces folded, in NFC (see the module doc)."""
    if text.isascii():
        return text.translate(_TABLE) if _ASCII_CONTROL.search(text) else text
    return unicodedata.normalize("NFC", text.translate(_TABLE))


_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_EPOCH = re.compile(r"\d{9,11}(\.\d+)?")


class BadDate(ValueError):
    """A `published` value that no known format reads."""


def published_date(value: object) -> str | None:
    """YYYY-MM-DD of a source's `published` value; None when it is absent; BadDate when unreadable.

    Reads ISO dates and timestamps (`2019-06-25T10:00:00Z`), written dates (`June 25, 2019`,
    `25 June 2019`, RFC 2822 as in feeds), numeric dates (`25/06/2019`, day first as most
    of the world writes them, unless the first number is above 12) and Unix timestamps.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise BadDate(f"{value!r} is not a date")
    if isinstance(value, (int, float)):
        value = str(value)
    text = normalize_text(str(value)).strip()[:100]
    if _ISO_DAY.fullmatch(text):
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError as exc:
            raise BadDate(f"{text!r} is not a date") from exc
    if _EPOCH.fullmatch(text):
        try:
            return dt.datetime.fromtimestamp(float(text), dt.UTC).date().isoformat()
        except (OverflowError, OSError, ValueError) as exc:
            raise BadDate(f"{text!r} is not a date") from exc
    from dateutil import parser as dateutil_parser

    dayfirst = not re.match(r"\d{4}\b", text)  # 2019/06/25 is year first
    try:
        parsed = dateutil_parser.parse(text, dayfirst=dayfirst, default=dt.datetime(1, 1, 1))
    except (ValueError, OverflowError, TypeError) as exc:  # dateutil's ParserError is a ValueError
        raise BadDate(f"{text!r} is not a date") from exc
    if parsed.year < 1800 or parsed.year > 2200 or not re.search(r"\d{4}", text):
        raise BadDate(f"{text!r} has no full year")
    return parsed.date().isoformat()


def warn(doc_id: str, stage: str, reason: str, detail: str) -> None:
    """One warning line on stderr (`warn  doc  stage:reason  detail`): the document is still coded."""
    log.warning("warn  %s  %s:%s  %s", doc_id, stage, reason, detail)


def checked_published(doc_id: str, value: object) -> str | None:
    """published_date, with an unreadable value dropped and a `bad-date` warning."""
    try:
        return published_date(value)
    except BadDate as exc:
        warn(doc_id, "ingest", "bad-date", f"{exc}; the document is coded without it")
        return None
