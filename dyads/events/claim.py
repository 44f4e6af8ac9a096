"""The `claim` pass: claiming responsibility for an attack (015) is aimed at the attack's
victims. "Al-Shabab claimed responsibility for the attack" points back, like an event noun, to
the latest earlier attack the article told and takes its targets; "claimed responsibility for
several attacks targeting police" takes the participle's object. The claimed act in such a
participle is what is claimed, not a separate event told by the text."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.match import Match
from dyads.events.verbs import compile_pattern
from dyads.model import Event

_CLAIM = compile_pattern("015", "claim responsibility for $target")
_CLAIMING = {"claim", "admit", "accept", "acknowledge", "take"}
_CREDIT = {"responsibility", "credit"}
# what can be claimed, and the roots of the earlier event it points back to
_ACTS = {
    "attack": ("18", "19", "20"),
    "bombing": ("18", "19", "20"),
    "blast": ("18", "19", "20"),
    "explosion": ("18", "19", "20"),
    "strike": ("18", "19", "20"),
    "airstrike": ("18", "19", "20"),
    "raid": ("17", "18", "19", "20"),
    "assault": ("18", "19", "20"),
    "killing": ("18", "19", "20"),
    "assassination": ("18",),
    "shooting": ("18", "19"),
    "abduction": ("18",),
    "kidnapping": ("18",),
    "ambush": ("18", "19"),
    "massacre": ("18", "20"),
}


def _claimed_noun(verb: Token) -> Token | None:
    """ "claimed responsibility for the attack": the act claimed."""
    if verb.lemma_.lower() not in _CLAIMING:
        return None
    for obj in verb.children:
        if obj.dep_ == "dobj" and obj.lemma_.lower() in _CREDIT:
            for prep in obj.children:
                if prep.dep_ == "prep" and prep.lower_ == "for":
                    noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if noun is not None and noun.lemma_.lower() in _ACTS:
                        return noun
    return None


def _participle(verb: Token) -> bool:
    """ "claimed responsibility for several attacks, mostly targeting police": a participle with
    no subject of its own after the claim describes the claimed acts."""
    return (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in verb.children)
        and _claimed_noun(verb.head) is not None
    )


def claimed_act(verb: Token) -> bool:
    """A participle describing a claimed act ("responsibility for attacks targeting police")."""
    noun = verb.head
    return _participle(verb) or (
        verb.dep_ in ("acl", "relcl")
        and noun.dep_ == "pobj"
        and noun.head.lower_ == "for"
        and noun.head.head.lemma_.lower() in _CREDIT
        and _claimed_noun(noun.head.head.head) is noun
    )


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
    acts += [c for c in verb.children if _participle(c)]
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
