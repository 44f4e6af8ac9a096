"""The ``trade_penalty`` pass: a tariff, duty, levy, sanction or embargo that a party imposes,
announces or raises on another's goods is a sanction (163) on that party. "Canada announced higher
tariffs on U.S. goods", "Mexico doubled the duty on Chinese cars": the target is the actor named in
the "on"/"against" phrase, or the country of its demonym ("Chinese cars" is China's trade); the
source is the verb's subject. Word lists: `trade_penalties` and `imposing_verbs` in lexicon.yml."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.nominal import _demonym
from dyads.events.verbs import compile_pattern

_SANCTION = compile_pattern("163", "impose penalty on $target")


def trade_penalty(verb: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in words("imposing_verbs") | words(
        "retaliating_verbs"
    ):
        return None
    penalties = [
        c
        for c in verb.children
        if c.dep_ in ("dobj", "obj", "nsubjpass") and c.lemma_.lower() in words("trade_penalties")
    ]
    # "retaliated with tariffs on German cars"
    penalties += [
        o
        for p in verb.children
        if p.dep_ == "prep" and p.lower_ == "with" and verb.lemma_.lower() in words("retaliating_verbs")
        for o in p.children
        if o.dep_ == "pobj" and o.lemma_.lower() in words("trade_penalties")
    ]
    if not penalties:
        return None
    on = [
        o
        for holder in (verb, *penalties)
        for p in holder.children
        if p.dep_ == "prep" and p.lower_ in ("on", "against")
        for o in p.children
        if o.dep_ == "pobj"
    ]
    targets = _mentions_at(on, by_token) or tuple(
        f
        for o in on
        for c in (o, *o.conjuncts)
        for m0 in c.children
        if m0.dep_ in ("amod", "compound") and m0.i < c.i
        for m in (m0, *m0.conjuncts)  # "German and Italian cars"
        if m.i not in by_token
        for f in [_demonym(m, kb)]
        if f is not None
    )
    sources = _sources(verb, by_token)
    if not targets or not sources:
        return None
    return Match(verb, _SANCTION, sources, targets, via="trade_penalty")
