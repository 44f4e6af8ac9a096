"""Actors: a ruling body named without its country ("the junta", "the generals", "the military
rulers", "the regime") is that of the country the article attaches it to, not of the nearest
nationality word ("Ghanaian officials said the junta ..." is not Ghana's junta):
1. a place right after the noun ("the junta in Niamey", "the regime in Damascus");
2. the latest body of that kind named before, whose country is known ("Niger's junta ... the
   junta"; for a regime, a government too);
3. for a military ruling body: the latest country named before that juntas.tsv lists, the
   article's home first ("Malian officials ... the junta" in a story from Bamako);
4. the article's home (the dateline's country, else the country the story names most).
The possessive or demonym on the noun itself ("Sudan's generals") never reaches here: the
group names its own country."""

from __future__ import annotations

from spacy.tokens import Span

from dyads.actors.context import _place_at
from dyads.actors.kb import KB
from dyads.actors.matching import Found

# head nouns of military ruling bodies, and of any ruling body (lower-case text)
_MILITARY = {"junta", "generals", "rulers"}  # not "the juntas": several countries'
_RULING = _MILITARY | {"regime"}
_DEFINITE = {"the", "this", "that"}
# bodies a regime is the same kind of body as: "Belarus's government ... the regime"
_KIN = {"regime": _RULING | {"government"}}


def ruling_country(span: Span, earlier: list[Found], home: str | None, kb: KB) -> str | None:
    """The country of "the junta", "the generals", "the military rulers" or "the regime", or None
    when the span is no such body (or a possessive pronoun owns it: "its junta")."""
    doc = span.doc
    head = span[-1].lower_
    if head not in _RULING or span[0].lower_ not in _DEFINITE:
        return None
    if head == "rulers" and (len(span) < 3 or span[-2].lower_ != "military"):
        return None  # "the rulers" alone may be a monarchy's
    if span.start > 0 and doc[span.start - 1].dep_ == "poss":
        return None
    stop = span.sent.end
    if span.end + 1 < stop and doc[span.end].lower_ in ("in", "of"):
        place = _place_at(doc, span.end + 1, stop, kb)  # "the junta in Niamey"
        if place is not None:
            return place
    kin = _KIN.get(head, _RULING)
    for f in reversed(earlier):
        if f.mention.country and kin.intersection(t.lower_ for t in doc[f.start : f.end]):
            return f.mention.country
    if head in _MILITARY:
        if home in kb.juntas:
            return home
        for f in reversed(earlier):
            if f.mention.country in kb.juntas and f.mention.kind in ("country", "sector", "person", "title"):
                return f.mention.country
    return home
