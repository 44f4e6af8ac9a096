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

# military ruling bodies and any ruling body, as the words after the determiner (lower case);
# not "the juntas": several countries'
_MILITARY = {
    "junta",
    "military junta",
    "generals",
    "military rulers",
    "coup leaders",
    "putschists",
    "military government",
    "military authorities",
}
_RULING = _MILITARY | {"regime"}
_HEADS = {phrase.split()[-1] for phrase in _RULING}
# words that mark a mention before as a ruling body (not "authorities", "government", "military":
# any state's)
_MARKS = {"junta", "generals", "rulers", "coup", "putschists", "regime"}
_DEFINITE = {"the", "this", "that"}
_LAND = {"country", "nation"}  # "the country's junta": the article's country, not a possessor named
# bodies a regime is the same kind of body as: "Belarus's government ... the regime"
_KIN = {"regime": _MARKS | {"government"}}


def ruling_country(span: Span, earlier: list[Found], home: str | None, kb: KB) -> str | None:
    """The country of "the junta", "the generals", "the military rulers" or "the regime", or None
    when the span is no such body (or a possessive owns it: "its junta", "Mali's")."""
    doc = span.doc
    head = span[-1].lower_
    if head not in _HEADS:
        return None
    words = [t.lower_ for t in span]
    before = doc[span.start - 2 : span.start] if span.start > 1 else doc[0:0]
    country_owned = len(before) == 2 and before[1].lower_ in ("'s", "’s") and before[0].lower_ in _LAND
    if words[0] in _DEFINITE:
        words = words[1:]
    elif not country_owned:
        return None
    phrase = " ".join(words)
    if phrase not in _RULING:
        return None
    if not country_owned and span.start > 0 and doc[span.start - 1].dep_ == "poss":
        return None
    stop = span.sent.end
    if span.end + 1 < stop and doc[span.end].lower_ in ("in", "of"):
        place = _place_at(doc, span.end + 1, stop, kb)  # "the junta in Niamey"
        if place is not None:
            return place
    kin = _KIN.get(phrase, _MARKS)
    for f in reversed(earlier):
        if f.mention.country and kin.intersection(t.lower_ for t in doc[f.start : f.end]):
            return f.mention.country
    if phrase in _MILITARY:
        if home in kb.juntas:
            return home
        for f in reversed(earlier):
            if f.mention.country in kb.juntas and f.mention.kind in ("country", "sector", "person", "title"):
                return f.mention.country
    return home
