"""The ``joint_operation`` pass (issue 12): forces of two parties acting together cooperate
militarily (062), each toward the other.

- "joint patrols by Thai and Malaysian troops", "the Egyptian-Sudanese joint exercise": the
  parties are the joint noun's by/between phrase or its own actor and demonym modifiers;
- "Thai and Malaysian troops began joint patrols": the subject of the verb that performs it;
- "died in a raid that Iraqi and Syrian commanders called a joint operation": the countries of
  those who describe it (they speak for forces the text does not name);
- "Kenyan and Somali forces jointly patrolled the town": a compound subject acting "jointly".

The act keeps its clause's mood ("plan joint drills" is intended). Word lists: `joint_words`,
`joint_nouns`, `joint_verbs` and `labelling_verbs` in lexicon.yml.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources, bare_country
from dyads.events.gate import gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.nominal import _demonym
from dyads.events.verbs import compile_pattern
from dyads.nlp.syntax import DOBJ

_JOINT = compile_pattern("062", "hold joint operation with $target")
_NOT_FORCES = ("CVL", "REF", "MED", "EDU", "BUS", "LAB")


@gated(pos={"NOUN", "VERB"}, lists=("joint_nouns", "joint_verbs"))
def joint_operation(tok: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in words("joint_nouns"):
        if not any(c.dep_ in ("amod", "compound") and c.lower_ in words("joint_words") for c in tok.children):
            return None
        parties = _phrase_parties(tok, by_token) or _modifiers(tok, by_token, kb)
        if len(_countries(parties)) < 2:
            parties = _performers(tok, by_token) or _describers(tok, by_token)
    elif tok.pos_ == "VERB" and tok.lemma_.lower() in words("joint_verbs"):
        if not any(c.dep_ == "advmod" and c.lower_ == "jointly" for c in tok.children):
            return None
        parties = _sources(tok, by_token)
    else:
        return None
    parties = tuple(f for f in parties if f.mention.kind != "pronoun" and f.mention.role not in _NOT_FORCES)
    if len(_countries(parties)) < 2:
        return None
    return Match(tok, _JOINT, parties, (), symmetric=True, via="joint_operation")


def _countries(parties: tuple[Found, ...]) -> set[str | None]:
    return {f.mention.country or f.code for f in parties}


def _phrase_parties(noun: Token, by_token: dict[int, Found]) -> tuple[Found, ...]:
    heads = [
        o
        for p in noun.children
        if p.dep_ in ("prep", "agent") and p.lower_ in ("by", "between", "of")
        for o in p.children
        if o.dep_ == "pobj"
    ]
    return _mentions_at(heads, by_token)


def _modifiers(noun: Token, by_token: dict[int, Found], kb: KB) -> tuple[Found, ...]:
    """ "the Egyptian-Sudanese joint exercise", "Kenya-U.S. joint patrols"."""
    out: list[Found] = []
    for c in noun.children:
        if c.dep_ not in ("amod", "compound", "nmod") or c.i > noun.i:
            continue
        for t in (c, *c.conjuncts, *(g for g in c.children if g.dep_ in ("amod", "compound", "nmod"))):
            f = by_token.get(t.i) or _demonym(t, kb)
            if f is not None and f not in out:
                out.append(f)
    return tuple(out)


def _performers(noun: Token, by_token: dict[int, Found]) -> tuple[Found, ...]:
    """ "Thai and Malaysian troops began joint patrols": the subject of the verb whose object it is."""
    if noun.dep_ not in DOBJ or noun.head.pos_ not in ("VERB", "AUX"):
        return ()
    if noun.head.lemma_.lower() in words("labelling_verbs"):
        return ()  # "called it a joint raid": those who describe it (`_describers`)
    return _sources(noun.head, by_token)


def _describers(noun: Token, by_token: dict[int, Found]) -> tuple[Found, ...]:
    """ "what X and Y officials described as a joint operation": the describers' countries."""
    # "described as a joint operation", "called a joint operation"
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "as" else noun.head
    if noun.dep_ not in ("pobj", "oprd", "dobj") or verb.lemma_.lower() not in words("labelling_verbs"):
        return ()
    out: list[Found] = []
    for f in _sources(verb, by_token):
        country = f.mention.country
        if not country or any(o.code == country for o in out):
            continue
        out.append(bare_country(f))
    return tuple(out)
