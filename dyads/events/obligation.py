"""The ``obligation`` pass: "X said Y must act" is X's demand on Y (10); "X said Y should act" or
"Y needs to act" is X's appeal to Y (02). The obliged act itself is not asserted (modality)."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _one_subject, _sources
from dyads.events.match import Match
from dyads.events.modality import SPEECH
from dyads.events.readings import obliged
from dyads.events.verbs import compile_pattern

_DEMAND = compile_pattern("100", "say $target must")
_APPEAL = compile_pattern("020", "say $target should")

# "they must understand that ...": a lesson the speaker draws, not an act asked for
_KNOWING = {"understand", "know", "realize", "realise", "remember", "learn"}


def obligation(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """The speaker's demand or appeal when this verb is an obligation in a speech verb's content."""
    if not obliged(verb) or verb.lemma_.lower() in _KNOWING:
        return None
    content = verb if verb.dep_ == "ccomp" else verb.head if verb.dep_ == "xcomp" else None
    if content is None or content.dep_ != "ccomp" or content.head.lemma_.lower() not in SPEECH:
        return None
    speaker = _one_subject(content.head, by_token)
    if speaker is None or speaker.mention.role == "MED":
        return None
    # the subject itself names the actor ("talks with China must go on" obliges no one)
    heads = {t.i for c in content.children if c.dep_ == "nsubj" for t in (c, *c.conjuncts)}
    obliged_ = tuple(
        f
        for f in _sources(content, by_token)
        if f.code != speaker.code
        and f.mention.role != "MED"
        and f.mention.kind != "pronoun"
        and any(f.start <= i < f.end for i in heads)
    )
    if not obliged_:
        return None
    must = any(c.dep_ == "aux" and c.lower_ == "must" for c in verb.children)
    return Match(content.head, _DEMAND if must else _APPEAL, (speaker,), obliged_, via="obligation")
