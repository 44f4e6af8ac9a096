"""The ``implied_civilians`` pass: an armed group's attack on a civilian place with no actor
named as its target is violence against that country's civilians. "Fighters attacked a crowded bus
near Jalalabad" is unconventional violence (180) against AFGCVL; "..., taking dozens hostage" adds
a hostage-taking (181) against the same civilians.

The attack is a verb of `assault_verbs` in lexicon.yml whose object is a noun of
`civilian_places` (a bus, a hotel, a market, a school, a village) that is no actor mention; the
attackers are rebels or criminals (`REB`, `CRM`) with a country, whose civilians are the target.
State forces are left to the verb patterns, which read the place's country."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events.arguments import _sources, civilians_at
from dyads.events.gate import gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.verbs import compile_pattern

_ATTACK = compile_pattern("180", "attack $target place")
_HOSTAGE = compile_pattern("181", "take $target hostage in an attack")
_ARMED = {"REB", "CRM"}


@gated(pos={"VERB"}, lists=("assault_verbs",), lemmas={"take", "hold", "seize"})
def implied_civilians(verb: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    """Violence against the civilians of the attackers' country when this verb attacks a civilian
    place, and hostage-taking when it is the attack's "taking ... hostage" participle."""
    if verb.pos_ != "VERB":
        return None
    if _hostages(verb) and verb.dep_ in ("advcl", "conj", "xcomp"):
        attack = _attack(verb.head, by_token, kb)
        return replace(attack, verb=verb, pattern=_HOSTAGE) if attack is not None else None
    return _attack(verb, by_token, kb)


def _attack(verb: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in words("assault_verbs"):
        return None
    places = [
        o
        for o in verb.children
        if o.dep_ in ("dobj", "obj")
        and o.lemma_.lower() in words("civilian_places")
        and not any(t.i in by_token for t in o.lefts)  # "a passenger bus": the patterns' target
    ]
    if not places or any(o.i in by_token for o in verb.children if o.dep_ in ("dobj", "obj", "dative")):
        return None
    found = _sources(verb, by_token)
    if not found and verb.dep_ == "dep" and verb.head.pos_ == "VERB":
        # "Fighters linked with X attacked a bus": the parser can make "linked" the root and hang
        # the real verb on it; the subject is the root's
        found = _sources(verb.head, by_token)
    sources = tuple(f for f in found if f.mention.role in _ARMED and f.mention.country)
    if not sources:
        return None
    country = sources[0].mention.country
    assert country is not None
    place = places[0]
    target = civilians_at(place, country, sources[0].mention, kb)
    return Match(verb, _ATTACK, sources, (target,), via="implied_civilians")


def _hostages(verb: Token) -> bool:
    """ "taking dozens hostage": a verb that takes hostages."""
    return verb.lemma_.lower() in ("take", "hold", "seize") and any(
        t.lower_ in ("hostage", "hostages", "captive", "captives") for t in verb.subtree
    )
