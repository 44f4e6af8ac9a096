"""Offices named without their holder: "Iran's supreme leader", "the top U.S. diplomat", "the
Chinese foreign minister" are the one person the knowledge base has in that office on the
article's date. The titles that name one office are listed in data/actors/offices.tsv."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Span

from dyads.actors.kb import KB
from dyads.actors.unnamed import INDEFINITE

_RANK = ("top", "chief")  # "the top U.S. diplomat": "top" stands before the country


def office_holder(span: Span, title: str, country: str, day: dt.date | None, kb: KB) -> int | None:
    """The KB person behind a country's title in `span`, or None: no date, a plural ("the
    foreign ministers"), an indefinite ("a deputy minister"), a country that owns what follows,
    an office not in offices.tsv, or nobody (or several) known in that office on the day."""
    doc = span.doc
    if span[-1].tag_ in ("NNS", "NNPS") or (span.end < len(doc) and doc[span.end].tag_ == "POS"):
        return None  # "the foreign ministers"; "president of Cameroon's farmers' association"
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    start = span.start - 1 if before in _RANK else span.start
    if doc[start].lower_ in INDEFINITE or (start > 0 and doc[start - 1].lower_ in INDEFINITE):
        return None  # "a Russian deputy foreign minister", "a top Indian diplomat": one of several
    if before in _RANK:
        title = f"{before} {title}"  # "the top U.S. diplomat"
    if title.lower() not in kb.offices:
        return None  # only the offices offices.tsv lists have one holder per country
    return kb.holder(country, title, day)
