"""The ``concession`` pass: a government dropping a policy under protest accedes to the
protesters' demand for a change in policy (0832). "The premier shelved the pension reform, bowing
to weeks of protests", "withdrew the fuel tax two days after protesters blocked the highways",
"scrapped the plan in the face of mass strikes": the policy is a noun of `policy_nouns` dropped
by a verb of `retreat_verbs`, and the pressure is a participle of `yielding_verbs`, a clause or
phrase of time or cause ("after", "amid", "in the face of", "in response to") naming protests
(`protest_nouns`) or protesters (`protester_nouns`). The target is the protesting group named
there, else the government's own civilians. Word lists in lexicon.yml."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _sources
from dyads.events.gate import VERBAL, gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.verbs import compile_pattern
from dyads.model import Mention

_POLICY = compile_pattern("0832", "drop plan under pressure from $target")
_RULERS = {"GOV", "LEG"}
_PUBLIC = {"CVL", "LAB", "EDU", "BUS", "REL", "OPP"}
_WHEN = {"after", "following", "amid", "amidst", "as", "when"}
_PHRASES = {"after", "following", "amid", "amidst", "face", "response", "pressure", "wake"}


@gated(pos=VERBAL, lists=("retreat_verbs",))
def concession(verb: Token, by_token: dict[int, Found]) -> Match | None:
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in words("retreat_verbs"):
        return None
    if not any(c.dep_ in ("dobj", "obj") and c.lemma_.lower() in words("policy_nouns") for c in verb.children):
        return None
    pressure = _pressure(verb)
    if pressure is None:
        return None
    sources = tuple(s for s in _sources(verb, by_token) if s.mention.role in _RULERS and s.mention.country)
    if not sources:
        return None
    country = sources[0].mention.country
    assert country is not None
    named = tuple(
        dict.fromkeys(
            by_token[t.i]
            for t in pressure.subtree
            if t.i in by_token and by_token[t.i].mention.role in _PUBLIC and by_token[t.i].mention.country == country
        )
    )
    if named:
        return Match(verb, _POLICY, sources, named, via="concession")
    mention = Mention(
        text="", start=pressure.idx, end=pressure.idx, code=country + "CVL", country=country, role="CVL", kind="implied"
    )
    return Match(verb, _POLICY, sources, (Found(mention=mention, start=pressure.i, end=pressure.i),), via="concession")


def _protests(tok: Token) -> bool:
    """Whether protests or protesters are named in this phrase or clause."""
    for t in tok.subtree:
        lemma = t.lemma_.lower()
        if t.pos_ in ("NOUN", "PROPN") and (lemma in words("protest_nouns") or lemma in words("protester_nouns")):
            return True
    return False


def _pressure(verb: Token) -> Token | None:
    """The participle, clause or phrase that says the policy was dropped under protest."""
    for c in verb.children:
        if c.dep_ == "advcl":
            marks = {m.lower_ for m in c.children if m.dep_ in ("mark", "prep")}
            yielding = c.tag_ == "VBG" and c.lemma_.lower() in words("yielding_verbs")
            if (yielding or marks & _WHEN) and _protests(c):
                return c
        elif c.dep_ == "prep" and c.lower_ in ("after", "following", "amid", "amidst", "in", "under"):
            objects = [o for o in c.children if o.dep_ == "pobj"]
            if c.lower_ in ("in", "under"):  # "in the face of", "in response to", "under pressure from"
                objects = [o for o in objects if o.lemma_.lower() in _PHRASES]
            if any(_protests(o) for o in objects):
                return c
    return None
