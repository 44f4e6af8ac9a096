"""Where an unnamed group is: the place named with it says whose it is ("police in Lahore")."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from dyads.actors.kb import KB

_PLACE_KINDS = ("country", "capital", "city")


def _place_after(span: Span, kb: KB, subject: bool = False) -> str | None:
    """The country of the place an unnamed group is in: named right after it ("struck rebel
    positions in Idlib", "killed civilians in Gaza"), else earlier in its sentence ("an attack on
    Kyiv killed three people"). The group is of that country, not the subject's. A subject
    only takes a place its own noun phrase names ("Police in Lahore arrested ...")."""
    doc = span.doc
    if subject:
        prep = doc[span.end] if span.end < span.sent.end else None
        if prep is None or prep.lower_ not in _IN or prep.head.i != span.root.i:
            return None
        return _place_at(doc, span.end + 1, span.sent.end, kb)
    after = range(span.end, min(span.end + 6, span.sent.end))
    before = range(span.start - 1, span.sent.start - 1, -1)
    for window, preps in ((after, _IN), (before, _IN | {"on"})):
        for i in window:
            if doc[i].lower_ in preps and doc[i].dep_ == "prep":
                country = _place_at(doc, i + 1, span.sent.end, kb)
                if country is not None or window is after:
                    return country
    return None


_IN = {"in", "near", "inside", "across", "throughout", "outside"}


def _place_at(doc: Doc, j: int, stop: int, kb: KB) -> str | None:
    while j < stop and (doc[j].lower_ == "the" or doc[j].pos_ == "ADJ"):  # "in northern Iraq"
        j += 1
    for length in (3, 2, 1):
        entries = kb.lexicon.get(tuple(t.lower_ for t in doc[j : j + length]), [])
        entries = [e for e in entries if e.kind in _PLACE_KINDS and doc[j].text[:1].isupper()]
        if entries:
            owner = j + length < stop and doc[j + length].lower_ in ("'s", "’s")
            return None if owner else entries[0].key  # "near Ukraine's borders" is not in Ukraine
    return None
