"""Claims of responsibility in the parse (the `claim` pass, dyads.events.claim): "claimed
responsibility for the attack", and the participle that describes the claimed acts ("for several
attacks, mostly targeting police"), which the clause passes leave to the claim."""

from __future__ import annotations

from spacy.tokens import Token

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
    "responsibility": ("18", "19", "20"),  # claimed with no act named: the latest act of force
    "credit": ("18", "19", "20"),
}


def _claimed_noun(verb: Token) -> Token | None:
    """ "claimed responsibility for the attack": the act claimed."""
    if verb.lemma_.lower() not in _CLAIMING:
        return None
    for obj in verb.children:
        if obj.dep_ == "dobj" and obj.lemma_.lower() in _CREDIT:
            preps = [p for p in (*obj.children, *verb.children) if p.dep_ == "prep" and p.lower_ == "for"]
            if not preps:
                return obj  # "Al-Shabab later claimed responsibility": for the latest act of force
            for prep in preps[:1]:
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
