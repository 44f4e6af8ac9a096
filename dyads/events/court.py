"""The ``court_order`` pass: what a country's courts order or block.

- A court ordering a party to act ("the High Court ordered all public universities to admit
  ...") demands it of that party (100), when the verb dictionary has no more precise reading of
  the order ("ordered the clinic to pay damages" stays a finding of liability, 116).
- A court blocking, suspending or overturning another party's act ("blocked the government's plan
  to sell the port", "overturned the president's decree", "halted the deportations ordered by the
  ministry") imposes an administrative sanction (172) on the party whose act it is: the possessor
  of the act noun, or its "by" phrase or participle agent.

The court is a `JUD` actor as subject; the verbs are `ordering_verbs` and `blocking_verbs` in
lexicon.yml."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.gate import gated
from dyads.events.lexicon import words
from dyads.events.match import Match, _match_verb
from dyads.events.verbs import Verbs, compile_pattern

_ORDER = compile_pattern("100", "court order $target to")
_BLOCK = compile_pattern("172", "court block act of $target")


@gated(pos={"VERB"}, lists=("ordering_verbs", "blocking_verbs"))
def court_order(verb: Token, by_token: dict[int, Found], verbs: Verbs) -> Match | None:
    if verb.pos_ != "VERB":
        return None
    lemma = verb.lemma_.lower()
    if lemma not in words("ordering_verbs") and lemma not in words("blocking_verbs"):
        return None
    courts = tuple(f for f in _sources(verb, by_token) if f.mention.role == "JUD" and f.mention.country)
    if not courts:
        return None
    objects = [o for o in verb.children if o.dep_ in ("dobj", "obj")]
    if lemma in words("ordering_verbs"):
        targets = _mentions_at(objects, by_token)
        if not targets or not any(c.dep_ == "xcomp" for c in verb.children):
            return None
        if lemma in verbs.by_head and _match_verb(verb, verbs.by_head[lemma], by_token, verbs) is not None:
            return None  # the dictionary's reading of the order
        return Match(verb, _ORDER, courts, targets, via="court_order")
    acts = [o for o in objects if o.i not in by_token]  # the act, not an actor ("suspended the governor")
    owners = [
        g
        for a in acts
        for c in a.children
        for g in (
            [c]
            if c.dep_ == "poss"
            else [o for o in c.children if o.dep_ == "pobj"]
            if c.dep_ == "prep" and c.lower_ == "by"
            else [o for p in c.children if p.dep_ == "agent" for o in p.children if o.dep_ == "pobj"]
            if c.dep_ == "acl"
            else []
        )
    ]
    own = {f.code for f in courts}
    targets = tuple(f for f in _mentions_at(owners, by_token) if f.code not in own and f.mention.role != "JUD")
    if not targets:
        return None
    return Match(verb, _BLOCK, courts, targets, via="court_order")
