"""Coreference for pairs: "both countries", "the two sides", "the warring parties", "the East
African neighbors" stand for the two actors the story named last (one mention per member)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dyads.actors.kb import KB
from dyads.actors.matching import Found
from dyads.actors.resolution import _found
from dyads.nlp.parse import lowers, sentence_start, span_root, tokens

_PAIR_NOUNS = {
    "countries",
    "nations",
    "sides",
    "governments",
    "neighbours",
    "neighbors",
    "capitals",
    "states",
    "allies",
}
_STATE_NOUNS = {"countries", "nations", "neighbours", "neighbors", "states", "allies"}  # the states themselves
_SIDE_NOUNS = {"sides", "parties", "factions"}  # fighting sides may be of one country
_RIVAL_NOUNS = {"neighbours", "neighbors"}  # "the East African neighbors"
_BELLIGERENT = {"MIL", "REB", "GOV", "COP"}
_NOUNS = _PAIR_NOUNS | _SIDE_NOUNS | _RIVAL_NOUNS


def _pairs(doc: Doc, found: list[Found], kb: KB) -> list[Found]:
    """ "both countries", "the two sides", "the warring parties", "the Balkan neighbours": the two
    latest actors of different countries, or for fighting sides the two latest belligerents named
    in one sentence. The pair is written as one mention per member, over the same words."""
    covered = {i for f in found for i in range(f.start, f.end)}
    out: list[Found] = []
    for tok, low in zip(tokens(doc), lowers(doc)):
        if low not in _NOUNS or tok.i in covered or tok.i == 0:
            continue
        start = _pair_start(doc, tok)
        if start is None:
            continue
        verb = tok.head
        # "the United States urged both countries": the pair is not its own verb's subject
        before = [
            f
            for f in found
            if f.end <= start
            and not (span_root(doc, f.start, f.end).head == verb and span_root(doc, f.start, f.end).dep_ == "nsubj")
        ]
        members = _sides(doc, before) if tok.lower_ in _SIDE_NOUNS else []
        if not members:
            for f in reversed(before):
                if f.mention.country and all(f.mention.country != m.mention.country for m in members):
                    members.append(f)
                if len(members) == 2:
                    break
        if len(members) < 2:
            continue
        span = doc[start : tok.i + 1]
        for member in (members[1], members[0]):
            code = member.code
            if tok.lower_ in _STATE_NOUNS and member.mention.country:
                code = member.mention.country  # "both countries" are the two states, whoever acted for them
            group = _found(span, code, member.mention.name, "group", kb, plural=True)
            group.members = [members[1], members[0]]
            out.append(group)
    return out


def _pair_start(doc: Doc, tok: Token) -> int | None:
    """Where a pair phrase starts ("both sides", "the two sides", "the warring parties", "the
    East African neighbors"), or None when the noun names no pair."""
    first = tok.i - 1
    if tok.i >= 2 and doc[first].text[:1].isupper() and doc[first].pos_ == "PROPN":
        first -= 1  # "the two NATO allies"
    prev = doc[first]
    if prev.lower_ in ("both", "two"):
        return first - 1 if first >= 1 and doc[first - 1].lower_ == "the" else first
    if prev.lower_ == "warring" and tok.lower_ in _SIDE_NOUNS and tok.i >= 2 and doc[tok.i - 2].lower_ == "the":
        return tok.i - 2
    if tok.lower_ in _RIVAL_NOUNS:
        j = tok.i - 1
        while j > 0 and j > tok.i - 4 and doc[j].text[:1].isupper() and doc[j].is_alpha:
            j -= 1
        if j < tok.i - 1 and doc[j].lower_ == "the":
            return j
    return None


def _sides(doc: Doc, before: list[Found]) -> list[Found]:
    """The latest two belligerents of different codes named in one sentence ("the RSF has been
    fighting the army"), latest first."""
    fighters = [f for f in before if f.mention.role in _BELLIGERENT and f.mention.kind != "pronoun"]
    for f in reversed(fighters):
        sent_start = sentence_start(doc, f.start)
        members = [f]
        for g in reversed([g for g in fighters if sent_start <= g.start < f.start]):
            if all(g.code != m.code for m in members):
                members.append(g)
                break
        if len(members) == 2:
            return members
    return []
