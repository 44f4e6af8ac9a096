"""The ``trade_war`` pass: readings of economic escalation that name the other party outside a
penalty's "on" phrase.

- Escalating a trade war with X ("escalated its trade war with Australia", "ignited the tariff war
  with Brazil by imposing ...") is a sanction (163) on X: a verb of `escalating_verbs` whose object
  is a war or dispute noun (`trade_conflicts`) qualified by trade, tariff or economic.
- Hitting X with a penalty ("hit Beijing with a new levy", "slapped Mexico with tariffs") is a
  sanction (163) on X, not an attack: a verb of `penalizing_verbs` with a "with" phrase holding
  a noun of `trade_penalties`.
- Passing a bill aimed at X ("approved a bill targeting Belarus and Belarusian officials") is a
  threat of sanctions (1312) toward X: a verb of `legislating_verbs` whose object, a noun of
  `bill_nouns`, has a participle of `bill_aims` with X as its object.

It runs before a word's own patterns and replaces them when it reads the clause ("hit" is not
an attack here)."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.gate import gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.verbs import compile_pattern
from dyads.nlp.syntax import prep_objects

_ESCALATE = compile_pattern("163", "escalate trade war with $target")
_HIT = compile_pattern("163", "hit $target with penalty")
_BILL = compile_pattern("1312", "pass bill targeting $target")
_ECONOMIC = {"trade", "tariff", "economic", "commercial", "customs"}


@gated(pos={"VERB"}, lists=("escalating_verbs", "penalizing_verbs", "bill_aims"))
def trade_war(tok: Token, by_token: dict[int, Found]) -> Match | None:
    if tok.pos_ != "VERB":
        return None
    lemma = tok.lemma_.lower()
    match = None
    if lemma in words("escalating_verbs"):
        match = _escalation(tok, by_token)
    if match is None and lemma in words("penalizing_verbs"):
        match = _hit_with(tok, by_token)
    if match is None and lemma in words("bill_aims") and tok.dep_ == "acl":
        match = _bill(tok, by_token) if tok.head.lemma_.lower() in words("bill_nouns") else None
    return match


def _escalation(verb: Token, by_token: dict[int, Found]) -> Match | None:
    wars = [
        o
        for o in verb.children
        if o.dep_ in ("dobj", "obj")
        and o.lemma_.lower() in words("trade_conflicts")
        and any(m.lower_ in _ECONOMIC for m in o.children if m.dep_ in ("compound", "amod", "nmod"))
    ]
    if not wars:
        return None
    withs = prep_objects((verb, *wars), ("with",))
    targets = _mentions_at(withs, by_token)
    sources = _sources(verb, by_token)
    if not targets or not sources:
        return None
    return Match(verb, _ESCALATE, sources, targets, via="trade_war")


def _hit_with(verb: Token, by_token: dict[int, Found]) -> Match | None:
    penalized = any(
        g.lemma_.lower() in words("trade_penalties")
        for p in verb.children
        if p.dep_ == "prep" and p.lower_ == "with"
        for g in p.children
        if g.dep_ == "pobj"
    )
    if not penalized:
        return None
    targets = _mentions_at([o for o in verb.children if o.dep_ in ("dobj", "obj")], by_token)
    sources = _sources(verb, by_token)
    if not targets or not sources:
        return None
    return Match(verb, _HIT, sources, targets, via="trade_war")


def _bill(aim: Token, by_token: dict[int, Found]) -> Match | None:
    bill = aim.head
    passing = bill.head
    if bill.dep_ not in ("dobj", "obj", "nsubjpass") or passing.lemma_.lower() not in words("legislating_verbs"):
        return None
    targets = _mentions_at([o for o in aim.children if o.dep_ in ("dobj", "obj")], by_token)
    sources = _sources(passing, by_token)
    if not targets or not sources:
        return None
    return Match(passing, _BILL, sources, targets, via="trade_war")
