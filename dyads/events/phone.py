"""Part of the ``phone_call`` pass: a speech verb with its addressee and a phone call ("told X in
a phone call", "spoke to X by telephone") is a telephone discussion (041) with the addressee."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.gate import gated
from dyads.events.match import Match
from dyads.events.verbs import compile_pattern
from dyads.nlp.syntax import DOBJ

_PHONE = compile_pattern("041", "talk by phone with $target")
_SPEAKING = {"tell", "speak", "talk", "say", "assure", "inform", "brief"}
_CALLS = {"call", "conversation", "conversations", "talk"}
_PHONES = {"phone", "telephone", "video", "telephonic"}


@gated(lemmas=_SPEAKING)
def phone_talk(verb: Token, by_token: dict[int, Found]) -> Match | None:
    if verb.lemma_.lower() not in _SPEAKING:
        return None
    preps = [c for c in verb.children if c.dep_ == "prep"]
    by_phone = any(
        p.lower_ in ("in", "during", "over", "by", "on")
        and any(
            o.dep_ == "pobj"
            and (o.lower_ in _PHONES or o.lemma_.lower() in _CALLS and any(m.lower_ in _PHONES for m in o.children))
            for o in p.children
        )
        for p in preps
    )
    if not by_phone:
        return None
    heads = [c for c in verb.children if c.dep_ in DOBJ] + [
        o for p in preps if p.lower_ in ("with", "to") for o in p.children if o.dep_ == "pobj"
    ]
    targets = _mentions_at(heads, by_token)
    sources = _sources(verb, by_token)
    if not targets or not sources:
        return None
    return Match(verb, _PHONE, sources, targets, via="phone_call")
