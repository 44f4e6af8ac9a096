"""The ``halted_aid`` pass: cutting, suspending or ending aid to a party is reducing aid (162):
"Britain has frozen humanitarian assistance to Yemen" (1623), "halted weapons deliveries and
training with Colombia" (1622), "suspended development funding for Niger" (1621).

The verb is one of `halting_verbs` in lexicon.yml, its object a noun of `aid_nouns`; the party is
the object of a "to / for / with / from" phrase on that noun, on a noun coordinated with it, or on
the verb. A military, humanitarian or economic word before the aid noun picks the code
(`military_aid_words`, `humanitarian_aid_words`, `economic_aid_words`); else 162."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.gate import gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.verbs import compile_pattern
from dyads.nlp.syntax import prep_objects

_CODES = (
    ("military_aid_words", compile_pattern("1622", "halt military aid to $target")),
    ("humanitarian_aid_words", compile_pattern("1623", "halt humanitarian aid to $target")),
    ("economic_aid_words", compile_pattern("1621", "halt economic aid to $target")),
)
_AID = compile_pattern("162", "halt aid to $target")
_TO = {"to", "for", "with", "from"}


@gated(pos={"VERB"}, lists=("halting_verbs",), forms=True)
def halted_aid(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """A reduction of aid (162) when this verb halts aid to a named party."""
    lemma, word = verb.lemma_.lower(), verb.lower_
    if verb.pos_ != "VERB" or not {lemma, word} & words("halting_verbs"):
        return None
    aid = [
        o for o in verb.children if o.dep_ in ("dobj", "obj", "nsubjpass") and o.lemma_.lower() in words("aid_nouns")
    ]
    if not aid:
        return None
    holders = [verb, *aid, *(c for a in aid for c in a.conjuncts)]
    parties = prep_objects(holders, _TO)
    targets = _mentions_at(parties, by_token)
    sources = _sources(verb, by_token)
    if not targets or not sources:
        return None
    kinds = {m.lower_ for a in aid for m in a.children if m.dep_ in ("amod", "compound", "nmod")}
    pattern = next((p for concept, p in _CODES if kinds & words(concept)), _AID)
    return Match(verb, pattern, sources, targets, via="halted_aid")
