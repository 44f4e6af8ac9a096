"""The ``obligation`` pass: "X said Y must act" is X's demand on Y (10); "X said Y should act" or
"Y needs to act" is X's appeal to Y (02), and so is "X hoped Y would act". The obliged or hoped-for
act itself is not asserted (modality)."""

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
_HOPE = compile_pattern("020", "hope $target would")


_HOPING = {"hope", "wish"}
_HOPED_AUX = {"would", "will", "can", "could"}
_HOPE_FORMS = {"hopes", "hoped", "hoping"}  # the lemmatizer reads "hopes" as "hop"

# "they must understand that ...": a lesson the speaker draws, not an act asked for
_KNOWING = {"understand", "know", "realize", "realise", "remember", "learn"}


def obligation(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """The speaker's demand or appeal when this verb is an obligation in a speech verb's content."""
    if verb.dep_ == "ccomp" and (verb.head.lemma_.lower() in _HOPING or verb.head.lower_ in _HOPE_FORMS):
        return _hoped(verb, by_token)
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


def _hoped(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """ "Kyiv said it hoped India would lean on Moscow": the hoper's appeal (020) to the
    subject of the hoped-for act; a pronoun hoper inside a speech verb's content is the speaker."""
    if not any(c.dep_ == "aux" and c.lower_ in _HOPED_AUX for c in verb.children):
        return None
    hope = verb.head
    speaker = _one_subject(hope, by_token)
    if (
        (speaker is None or speaker.mention.kind == "pronoun")
        and hope.dep_ == "ccomp"
        and hope.head.lemma_.lower() in SPEECH
    ):
        speaker = _one_subject(hope.head, by_token)
    if speaker is None or speaker.mention.role == "MED" or speaker.mention.kind == "pronoun":
        return None
    heads = {t.i for c in verb.children if c.dep_ == "nsubj" for t in (c, *c.conjuncts)}
    hoped = tuple(
        f
        for f in _sources(verb, by_token)
        if f.code != speaker.code
        and f.mention.role not in ("MED", "CVL", "REF")  # "hope tourists will come": no one appealed to
        and f.mention.kind != "pronoun"
        and any(f.start <= i < f.end for i in heads)
    )
    return Match(hope, _HOPE, (speaker,), hoped, via="obligation") if hoped else None
