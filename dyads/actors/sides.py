"""Actors: one party of a negotiation named as a side ("the Chinese side", "the U.S. side",
"Pakistani side") is that country's government; a place ("on the Afghan side of the border")
is not an actor. Pairs of sides ("both sides"): pairs.py."""

from __future__ import annotations

from spacy.tokens import Doc

from dyads.actors.kb import KB
from dyads.actors.matching import COUNTRYISH, Found
from dyads.actors.resolution import _found
from dyads.nlp.parse import lowers, tokens

# a bloc's adjective that names its side in talks with a state ("the European side")
_BLOC_SIDES = {"european": ("IGOEUREEC", "European Union")}

# "on the Chinese side", "across the Afghan side": a place, not a party
_PLACE_PREPS = {"on", "across", "along", "into", "in", "onto", "at", "from", "inside", "over", "toward", "towards"}


def sides(doc: Doc, found: list[Found], kb: KB) -> list[Found]:
    """The mentions with "the Chinese side", "the U.S. side" (a singular "side" right after a
    demonym or country, no "of"), each in place of the bare country mention it contains."""
    covered = {i: f for f in found for i in range(f.start, f.end)}
    out = list(found)
    for tok, low in zip(tokens(doc)[1:], lowers(doc)[1:]):
        if low != "side" or tok.i in covered or _a_place(doc, tok.i):
            continue
        party = _party(doc, tok.i, kb)
        if party is None:
            continue
        start, code, name = party
        if start > 0 and doc[start - 1].lower_ == "the":
            start -= 1
        inside = {id(covered[i]) for i in range(start, tok.i) if i in covered}
        if any(f.mention.kind != "country" or f.start < start for f in found if id(f) in inside):
            continue  # "the Chinese trade minister's side" belongs to someone else
        out = [f for f in out if id(f) not in inside]
        out.append(_found(doc[start : tok.i + 1], code, name, "sector" if code[3:] else "igo", kb))
    return sorted(out, key=lambda f: f.start)


def _a_place(doc: Doc, i: int) -> bool:
    """ "the Chinese side of the border", "crossed to the Afghan side", "on the Russian side"."""
    tok = doc[i]
    if i + 2 < len(doc) and doc[i + 1].lower_ == "of" and doc[i + 2].tag_ != "VBG":
        return True  # not "accused the Afghan side of harboring"
    if tok.dep_ == "pobj" and tok.head.lower_ in _PLACE_PREPS:
        return True
    return tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "dative", "pobj", "conj", "appos")


def _party(doc: Doc, i: int, kb: KB) -> tuple[int, str, str] | None:
    """The first token, code and name of the country or bloc named right before "side"."""
    for length in (3, 2, 1):
        start = i - length
        if start < 0:
            continue
        words = tuple(t.lower_ for t in doc[start:i])
        entry = next((e for e in kb.lexicon.get(words, []) if e.kind in COUNTRYISH), None)
        if entry is not None:
            return start, entry.key + "GOV", entry.name
        if words in {(w,) for w in _BLOC_SIDES}:
            code, name = _BLOC_SIDES[words[0]]
            return start, code, name
    return None
