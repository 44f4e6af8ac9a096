"""The ``obligation`` pass: "X said Y must act" is X's demand on Y (10); "X said Y should act" or
"Y needs to act" is X's appeal to Y (02), and so is "X hoped Y would act". A suggestion ("X
suggested that Y should act", "X recommended Y could act") is X's appeal to Y too, and "X said talks
with Y must continue" is X's intent to meet Y (036). The obliged or hoped-for act itself is not
asserted (modality)."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _one_subject, _sources
from dyads.events.gate import gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.modality import SPEECH
from dyads.events.readings import obliged
from dyads.events.verbs import compile_pattern
from dyads.nlp.syntax import prep_objects

_DEMAND = compile_pattern("100", "say $target must")
_APPEAL = compile_pattern("020", "say $target should")
_HOPE = compile_pattern("020", "hope $target would")
_SUGGEST = compile_pattern("020", "suggest $target should")
_GO_ON = compile_pattern("036", "say talks with $target must continue")

# "suggested the U.S. could shutter ...": a modal, or a bare subjunctive ("recommended that Rome expel")
_SUGGESTED_AUX = {"should", "could", "would", "might", "must", "ought", "can"}


_HOPING = {"hope", "wish"}
_HOPED_AUX = {"would", "will", "can", "could"}
_HOPE_FORMS = {"hopes", "hoped", "hoping"}  # the lemmatizer reads "hopes" as "hop"

# "they must understand that ...": a lesson the speaker draws, not an act asked for
_KNOWING = {"understand", "know", "realize", "realise", "remember", "learn"}


@gated(deps={"ccomp", "xcomp"})
def obligation(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """The speaker's demand or appeal when this verb is an obligation in a speech verb's content."""
    if verb.dep_ == "ccomp" and (verb.head.lemma_.lower() in _HOPING or verb.head.lower_ in _HOPE_FORMS):
        return _hoped(verb, by_token)
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in words("suggesting_verbs"):
        return _suggested(verb, by_token)
    if not obliged(verb) or verb.lemma_.lower() in _KNOWING:
        return None
    content = verb if verb.dep_ == "ccomp" else verb.head if verb.dep_ == "xcomp" else None
    if content is None or content.dep_ != "ccomp" or content.head.lemma_.lower() not in SPEECH:
        return None
    speaker = _one_subject(content.head, by_token)
    if speaker is None or speaker.mention.role == "MED":
        return None
    # the subject itself names the actor ("talks with China must go on" obliges no one, but
    # the speaker means to keep meeting China)
    going_on = _talks_go_on(verb, speaker, by_token)
    if going_on is not None:
        return going_on
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


def _suggested(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """ "Oslo suggested that Stockholm should act", "recommended that Rome expel the envoy": the
    suggester's appeal (020) to the subject of the suggested act. "suggested that Rome was behind
    it" is an inference, not an appeal: the act needs a modal or a bare (subjunctive) verb."""
    modal = any(c.dep_ == "aux" and c.lower_ in _SUGGESTED_AUX for c in verb.children)
    # a present tense after a past "recommended" is a subjunctive too ("recommended that Rome expel")
    bare = (verb.tag_ == "VB" or verb.tag_ == "VBP" and verb.head.tag_ == "VBD") and not any(
        c.dep_ in ("aux", "auxpass") for c in verb.children
    )
    if not (modal or bare) or any(c.dep_ == "neg" for c in verb.children):
        return None
    speaker = _one_subject(verb.head, by_token)
    if speaker is None or speaker.mention.role == "MED" or speaker.mention.kind == "pronoun":
        return None
    heads = {t.i for c in verb.children if c.dep_ == "nsubj" for t in (c, *c.conjuncts)}
    asked = tuple(
        f
        for f in _sources(verb, by_token)
        if f.code != speaker.code
        and f.mention.role not in ("MED", "CVL", "REF")
        and f.mention.kind != "pronoun"
        and any(f.start <= i < f.end for i in heads)
    )
    return Match(verb.head, _SUGGEST, (speaker,), asked, via="obligation") if asked else None


def _talks_go_on(verb: Token, speaker: Found, by_token: dict[int, Found]) -> Match | None:
    """ "Lima said talks with Quito must continue": the speaker's intent to keep meeting (036)
    the party named in the meeting noun's "with" phrase."""
    if verb.lemma_.lower() not in words("continuing_verbs"):
        return None
    nouns = [c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in words("meeting_nouns")]
    others = _mentions_at(
        prep_objects(nouns, ("with",)),
        by_token,
    )
    others = tuple(f for f in others if f.code != speaker.code and f.mention.kind != "pronoun")
    return Match(verb.head, _GO_ON, (speaker,), others, via="obligation") if others else None
