"""The ``prosecution`` pass: what a country's prosecutors say someone did is an accusation of a
crime (1121) by that judiciary against the doer. "French prosecutors said the Algerian diplomat
had recruited the men", "Moscow was behind the plot, according to British prosecutors": the
prosecutors (a `JUD` actor named by a noun of `prosecuting_nouns` in lexicon.yml) accuse the
active subject of the content clause, or of the clause an "according to" phrase hangs on.

A national judiciary only: an international court's prosecutor (the ICC, a UN tribunal) is not
coded `JUD` with a country and accuses no one here. The content must be told as done or as
alleged (not negated, asked or merely expected); a passive subject is a victim, not the accused."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.gate import VERBAL, gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.modality import SPEECH, modality_of
from dyads.events.verbs import compile_pattern

_CHARGE = compile_pattern("1121", "prosecutor say $target [did a crime]")
_ALLEGING = SPEECH | {"allege", "claim", "charge", "contend", "assert", "argue", "describe"}


@gated(pos=VERBAL)
def prosecution(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """The prosecutors' accusation of the doer this verb's content (or its own clause) names."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if verb.lemma_.lower() in _ALLEGING:
        prosecutors = _prosecutors(_sources(verb, by_token), verb)
        contents = [c for c in verb.children if c.dep_ == "ccomp"]
    else:  # "X was behind the plot, according to prosecutors"
        according = [
            o
            for p in verb.children
            if p.dep_ == "prep" and p.lower_ == "according"
            for t in p.children
            for o in ([t] if t.dep_ == "pobj" else [g for g in t.children if g.dep_ == "pobj"])
        ]
        prosecutors = _prosecutors(_mentions_at(according, by_token), verb)
        contents = [verb]
    if not prosecutors:
        return None
    accused: list[Found] = []
    for content in contents:
        if modality_of(content) not in ("asserted", "reported"):
            continue
        subjects = [c for c in content.children if c.dep_ == "nsubj"]
        accused += [
            f
            for f in _mentions_at(subjects, by_token)
            if f.mention.role != "JUD" and f.mention.kind != "pronoun" and f.code not in {p.code for p in prosecutors}
        ]
    if not accused:
        return None
    return Match(verb, _CHARGE, prosecutors, tuple(dict.fromkeys(accused)), via="prosecution")


def _prosecutors(found: tuple[Found, ...], verb: Token) -> tuple[Found, ...]:
    """A country's prosecutors among these actors: JUD with a country, named by a prosecuting noun."""
    nouns = words("prosecuting_nouns")
    return tuple(
        f
        for f in found
        if f.mention.role == "JUD"
        and f.mention.country
        and any(t.lemma_.lower() in nouns for t in verb.doc[f.start : f.end])
    )
