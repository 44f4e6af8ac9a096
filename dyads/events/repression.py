"""The ``repression`` pass: security forces using riot weapons on a crowd named only in the
purpose or result of the act repress that crowd (175): "police fired tear gas and water cannon to
drive back thousands of protesters", "troops fired rubber bullets, scattering the students".

The act is a verb with an object of `repression_tools` in lexicon.yml (tear gas, rubber bullets,
water cannon, batons, stun grenades); the crowd is the object of a to-clause or participle that
hangs on that verb, an actor of the public (civilians, students, workers, the opposition,
journalists, clergy); the source is police, troops or the government of the same country."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.gate import gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.verbs import compile_pattern

_REPRESS = compile_pattern("175", "use riot weapons to disperse $target")
_FORCES = {"COP", "MIL", "GOV", "SPY"}
_PUBLIC = {"CVL", "OPP", "EDU", "LAB", "MED", "REL", "BUS", "NGO", "REF"}


@gated(pos={"VERB"})
def repression(verb: Token, by_token: dict[int, Found]) -> Match | None:
    if verb.pos_ != "VERB":
        return None
    tools = words("repression_tools")
    objects = [o for o in verb.children if o.dep_ in ("dobj", "obj")]
    if not any(t.lower_ in tools or t.lemma_.lower() in tools for o in objects for t in (o, *o.conjuncts)):
        return None
    sources = tuple(f for f in _sources(verb, by_token) if f.mention.role in _FORCES and f.mention.country)
    if not sources:
        return None
    clauses = [c for c in verb.children if c.dep_ in ("advcl", "xcomp") and c.pos_ == "VERB"]
    # "tens of thousands of protesters": the crowd noun anywhere in the object's phrase
    crowd = [t for c in clauses for o in c.children if o.dep_ in ("dobj", "obj") for t in o.subtree]
    countries = {f.mention.country for f in sources}
    targets = tuple(
        f
        for f in _mentions_at(crowd, by_token)
        if f.mention.role in _PUBLIC and (f.mention.country in countries or f.mention.country is None)
    )
    if not targets:
        return None
    return Match(verb, _REPRESS, sources, targets, via="repression")
