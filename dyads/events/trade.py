"""The ``trade_penalty`` pass: a tariff, duty, levy, sanction or embargo that a party imposes,
announces or raises on another's goods is a sanction (163) on that party. "Canada announced higher
tariffs on U.S. goods", "Mexico doubled the duty on Chinese cars": the target is the actor named in
the "on"/"against" phrase, or the country of its demonym ("Chinese cars" is China's trade); the
source is the verb's subject. Easing one ("delayed the tariffs on Canadian goods", "exempted the
duties on Mexican cars", `relieving_verbs`) is easing a sanction (085) on that party; with no party
named on the penalty, a verb coordinated with the one that imposed it eases it on the same
parties ("imposed tariffs on Canadian goods, then delayed the tariffs"). Word lists:
`trade_penalties`, `imposing_verbs`, `retaliating_verbs` ("retaliated with tariffs on German
cars") and `relieving_verbs` in lexicon.yml."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.gate import VERBAL, gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.nominal import _demonym
from dyads.events.verbs import Pattern, compile_pattern
from dyads.nlp.syntax import prep_objects

_SANCTION = compile_pattern("163", "impose penalty on $target")
_RELIEF = compile_pattern("085", "ease penalty on $target")


@gated(pos=VERBAL, lists=("imposing_verbs", "retaliating_verbs", "relieving_verbs"))
def trade_penalty(verb: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = verb.lemma_.lower()
    if lemma in words("imposing_verbs") or lemma in words("retaliating_verbs"):
        return _penalty(verb, by_token, kb, _SANCTION)
    if lemma in words("relieving_verbs"):
        match = _penalty(verb, by_token, kb, _RELIEF)
        imposer = _imposer(verb)
        if match is None and imposer is not None and _penalties(verb):
            first = _penalty(imposer, by_token, kb, _SANCTION)  # "imposed tariffs on X, then delayed them"
            sources = _sources(verb, by_token) or _sources(imposer, by_token)
            if first is not None and sources:
                match = Match(verb, _RELIEF, sources, first.targets, via="trade_penalty")
        return match
    return None


def _imposer(verb: Token) -> Token | None:
    """The verb that imposed the penalty this coordinated verb eases ("imposed ..., then exempted
    ... and later delayed ...": the parser joins them by conj or dep)."""
    tok = verb
    for _ in range(3):
        if tok.dep_ not in ("conj", "dep") or tok.head is tok:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in words("imposing_verbs"):
            return tok
    return None


def _penalties(verb: Token) -> list[Token]:
    return [
        c
        for c in verb.children
        if c.dep_ in ("dobj", "obj", "nsubjpass") and c.lemma_.lower() in words("trade_penalties")
    ]


def _penalty(verb: Token, by_token: dict[int, Found], kb: KB, pattern: Pattern) -> Match | None:
    penalties = _penalties(verb)
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
    on = prep_objects((verb, *penalties), ("on", "against"))
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
    if not targets and pattern is _RELIEF:
        # "the levies on Korean- and Japanese-built trucks": every demonym before a goods noun
        goods = [o for holder in (verb, *penalties) for p in holder.children if p.lower_ == "on" for o in p.children]
        targets = tuple(
            dict.fromkeys(
                f
                for o in goods
                for t in o.subtree
                if t.dep_ in ("amod", "compound", "nmod", "npadvmod", "conj") and t.i not in by_token
                for f in [_demonym(t, kb)]
                if f is not None
            )
        )
    sources = _sources(verb, by_token) or _gerund_sources(verb, by_token)
    if not sources and verb.dep_ in ("conj", "dep") and pattern is _RELIEF:
        sources = _sources(verb.head, by_token)  # "imposed ... then exempted the duties on ..."
    if not targets or not sources:
        return None
    return Match(verb, pattern, sources, targets, via="trade_penalty")


def _gerund_sources(verb: Token, by_token: dict[int, Found]) -> tuple[Found, ...]:
    """ "..., along with doubling the duty on X": a gerund under a chain of prepositions has the
    subject of the verb the chain hangs on."""
    tok = verb
    if tok.dep_ != "pcomp":
        return ()
    while tok.dep_ in ("pcomp", "pobj", "prep") and tok.head is not tok:
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return _sources(tok, by_token)
    return ()
