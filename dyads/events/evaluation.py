"""The ``evaluation`` pass: a label that condemns what it labels. "X called the ruling arbitrary",
"X described the raid as 'barbaric'", "X branded Y's remarks an insult" criticize (111) whoever
the labelled thing belongs to: the object itself when it is an actor, else the actor named in it
(its possessor, demonym or compound modifier, its by/of phrase; a bare demonym the actor stage
leaves alone, "Chinese subsidies", names its country), or, for an event noun with
none ("called the raid barbaric"), the actors of the earlier event it stands for.

The label is the verb's predicate complement, an "as" phrase, or an adjective the parser hung on
the object (quote marks split "called the move 'reckless'" that way); it condemns when one of its
words is in the `negative_evaluation` list of lexicon.yml. The labelling verbs are the
`labelling_verbs` list."""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.gate import VERBAL, gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.nominal import _demonym
from dyads.events.responses import owned_nouns, owns
from dyads.events.verbs import compile_pattern, load_verbs

_CRITICIZE = compile_pattern("111", "call $target [condemning label]")
_DENY = compile_pattern("016", "call $target accusation [baseless]")
_LABEL_DEPS = ("oprd", "acomp", "xcomp", "ccomp", "attr")


@gated(pos=VERBAL, lists=("labelling_verbs",))
def evaluation(
    verb: Token, by_token: dict[int, Found], kb: KB | None = None, anaphora: Collection[str] | None = None
) -> Match | None:
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in words("labelling_verbs"):
        return None
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]  # DOBJ would take the label too
    labels = [c for c in verb.children if c.dep_ in _LABEL_DEPS]
    if not objects:
        # "called the ruling 'arbitrary'": the quote mark made the object a modifier of the label
        objects = [
            m
            for lab in labels
            for m in lab.children
            if m.dep_ in ("amod", "compound", "nmod")
            and m.i < lab.i
            and (
                any(d.dep_ == "det" for d in m.children)
                # "the ruling 'arbitrary'": the determiner hung on the label, before the noun
                or (m.pos_ == "NOUN" or m.lower_ in owned_nouns())  # "ruling" is tagged an adjective there
                and any(d.dep_ == "det" and d.i < m.i for d in lab.children)
            )
        ]
    if len(objects) != 1:
        return None
    obj = objects[0]
    labels += [c for c in obj.children if c.dep_ in ("amod", "appos") and c.i > obj.i]  # quotes in between
    labels += [
        o
        for p in (*verb.children, *obj.children)
        if p.dep_ == "prep" and p.lower_ == "as" and p.i > obj.i
        for o in p.children
        if o.dep_ in ("pobj", "amod", "acomp", "pcomp")
    ]
    labels += [  # "described the claims as fabricated": a participle the parser made a clause
        c
        for c in verb.children
        if c.dep_ == "advcl" and c.i > obj.i and any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children)
    ]
    condemning = words("negative_evaluation")
    dismissed = _dismissed(obj, labels)
    if not dismissed and not any(
        t.lemma_.lower() in condemning or t.lower_ in condemning for lab in labels for t in lab.subtree
    ):
        return None
    pattern = _DENY if dismissed else _CRITICIZE
    sources = _sources(verb, by_token)
    if not sources and verb.dep_ == "acl" and verb.head.i in by_token:
        # "Leavitt called X's remarks ...": a name parsed as the sentence's root, the verb hung on it
        sources = _mentions_at([verb.head], by_token)
    if not sources:
        return None
    if anaphora is None:
        anaphora = load_verbs().anaphora  # the shipped dictionary's; code_events passes the run's own
    targets = _labelled(obj, by_token, kb, anaphora) or owns(obj, by_token)  # "called the ruling arbitrary"
    if targets:
        return Match(verb, pattern, sources, targets, via="evaluation")
    if obj.lemma_.lower() in anaphora and not any(c.dep_ in ("amod", "compound") for c in obj.children):
        # "called the raid barbaric": the event noun stands for an earlier event's actors
        return Match(verb, pattern, sources, (), anaphor=obj, via="evaluation")
    return None


def _dismissed(obj: Token, labels: list[Token]) -> bool:
    """ "called the allegations baseless": a label that denies an accusation is a denial (016) aimed
    at the accuser, not a criticism."""
    if obj.lemma_.lower() not in words("accusation_nouns"):
        return False
    dismissive = words("dismissive_labels")
    return any(t.lemma_.lower() in dismissive or t.lower_ in dismissive for lab in labels for t in lab.subtree)


def _labelled(
    obj: Token, by_token: dict[int, Found], kb: KB | None = None, anaphora: Collection[str] = ()
) -> tuple[Found, ...]:
    """The actor the labelled object is or belongs to; a bare demonym on a thing names its country
    ("called Chinese subsidies unfair")."""
    own = _mentions_at([obj], by_token)
    if own:
        return own
    owners = [c for c in obj.children if c.dep_ == "poss"]
    owners += [
        o
        for p in obj.children
        if p.dep_ == "prep" and p.lower_ in ("by", "of", "from")
        for o in p.children
        if o.dep_ == "pobj"
    ]
    found = _mentions_at(owners, by_token)
    word = obj.lemma_.lower()
    if found or kb is None or word in anaphora and word not in words("accusation_nouns"):
        return found  # "the Israeli raid": an event noun stands for the event's actors; "the
        # Peruvian allegations" are Peru's
    return tuple(
        f
        for m in obj.children
        if m.dep_ in ("amod", "compound") and m.i < obj.i and m.i not in by_token
        for f in [_demonym(m, kb)]
        if f is not None
    )
