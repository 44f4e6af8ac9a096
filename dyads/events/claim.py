"""The `claim` pass: claiming responsibility for an attack (015) is aimed at the attack's
victims. "Al-Shabab claimed responsibility for the attack" points back, like an event noun, to
the latest earlier attack the article told and takes its targets; "claimed responsibility for
several attacks targeting police" takes the participle's object. The claimed act in such a
participle is what is claimed, not a separate event told by the text."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.gate import gated
from dyads.events.match import Match
from dyads.events.modality import SPEECH
from dyads.events.responsibility import _ACTS, _CLAIMING, _CREDIT, _claimed_noun, _participle
from dyads.events.verbs import compile_pattern
from dyads.model import Event

_CLAIM = compile_pattern("015", "claim responsibility for $target")


@gated(lemmas=_CLAIMING)
def claim(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """The claim of responsibility, with the participle's objects as targets, or pointing back to
    the act it names (code.py resolves it with `victims`)."""
    noun = _claimed_noun(verb)
    if noun is None or any(t.i in by_token for t in noun.subtree if not _in_participle(t, noun)):
        return None  # "responsibility for the attack on Kenyan troops": the dictionary reads it
    sources = _sources(verb, by_token)
    if not sources:
        return None
    acts = [c for c in noun.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"]
    acts += [c for c in verb.children if _participle(c) and c.lemma_.lower() not in SPEECH]  # not "..., saying"
    objects = [o for a in acts for o in a.children if o.dep_ in ("dobj", "nsubjpass")]
    heads = {t.i for o in objects for t in (o, *o.conjuncts)}
    targets = tuple(
        f
        for f in _mentions_at(objects, by_token)
        if f.code not in {s.code for s in sources} and any(f.start <= i < f.end for i in heads)
    )  # the objects themselves, not a place named in an apposition to them
    if targets:
        return Match(verb, _CLAIM, sources, targets, via="claim")
    if acts:
        return None
    if (
        noun.lemma_.lower() in _CREDIT
    ):  # a bare claim: victims the rest of it names ("..., saying the ministry was its target")
        subject = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        own = {s.code for s in sources}
        named = tuple(
            dict.fromkeys(
                by_token[t.i]
                for t in verb.subtree
                if t.i in by_token
                and t.i not in subject
                and by_token[t.i].code not in own
                and by_token[t.i].mention.kind not in ("place", "pronoun")
            )
        )
        if named:
            return Match(verb, _CLAIM, sources, named, via="claim")
    return Match(verb, _CLAIM, sources, (), anaphor=noun, via="claim")


def _in_participle(tok: Token, noun: Token) -> bool:
    while tok != noun:
        if tok.dep_ in ("acl", "relcl") and tok.head == noun:
            return True
        tok = tok.head
    return False


def victims(match: Match, history: list[tuple[Event, Found]]) -> Match | None:
    """The claim aimed at the targets of the latest earlier asserted act of a fitting root."""
    assert match.anaphor is not None
    roots = _ACTS.get(match.anaphor.lemma_.lower(), ())
    own = {f.code for f in match.sources}
    for event, _ in reversed(history):
        if event.modality == "asserted" and event.root in roots and event.target.code not in own:
            told = [t for e, t in history if e.start == event.start and e.root == event.root and t.code not in own]
            targets = tuple(dict.fromkeys(told))
            return Match(match.verb, match.pattern, match.sources, targets, via="claim") if targets else None
    return None
