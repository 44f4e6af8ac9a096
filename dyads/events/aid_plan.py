"""The ``aid_plan`` pass (issue 12): a plan, package or fund for helping another party, put
forward by its maker, is the maker's intent to provide aid (033) to that party. "Tokyo unveiled
a package for rebuilding Tonga", "the Commission proposed a plan for supporting Moldova",
"announced a fund for Haiti". The plan must be presented (proposed, unveiled, announced,
approved); an aid plan only discussed or opposed is no pledge, and the presenting verb's mood
stays. A plan "to help Y" whose infinitive hangs on the verb is the dictionary's (07).

Word lists: `aid_plan_nouns`, `presenting_verbs` and `aiding_verbs` in lexicon.yml.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.gate import gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.verbs import compile_pattern
from dyads.nlp.syntax import DOBJ

_PLEDGE = compile_pattern("033", "announce aid plan for $target")
_NOT_HELPERS = ("CVL", "REF", "MED")


@gated(pos={"VERB"}, lists=("presenting_verbs",))
def aid_plan(verb: Token, by_token: dict[int, Found]) -> Match | None:
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in words("presenting_verbs"):
        return None
    plans = [c for c in verb.children if c.dep_ in DOBJ and c.lemma_.lower() in words("aid_plan_nouns")]
    if not plans:
        return None
    # "unveiled a package for rebuilding Y": the parser may hang the "for" phrase on the verb
    helped = tuple(f for plan in plans for f in _helped(plan, by_token)) or _helped(verb, by_token, infinitives=False)
    makers = tuple(
        f for f in _sources(verb, by_token) if f.mention.kind != "pronoun" and f.mention.role not in _NOT_HELPERS
    )
    own = {f.mention.country or f.code for f in makers}
    helped = tuple(f for f in helped if (f.mention.country or f.code) not in own)
    return Match(verb, _PLEDGE, makers, helped, via="aid_plan") if makers and helped else None


def _helped(plan: Token, by_token: dict[int, Found], infinitives: bool = True) -> tuple[Found, ...]:
    """ "for supporting Y" (and "for rearming Z and supporting Y"), "for Y", "to help Y" (an
    infinitive on the plan itself)."""
    heads: list[Token] = []
    aiding: list[Token] = []
    for c in plan.children:
        if c.dep_ == "prep" and c.lower_ == "for":
            for o in c.children:
                if o.dep_ == "pcomp" and o.pos_ == "VERB":
                    aiding += [o, *o.conjuncts]
                elif o.dep_ == "pobj" and o.i in by_token:
                    heads.append(o)
        elif (
            c.dep_ in ("acl", "relcl")
            and c.pos_ == "VERB"
            and any(a.lower_ == "to" for a in c.children if a.dep_ == "aux")
        ):
            aiding += [c, *c.conjuncts]
    heads += [o for v in aiding if v.lemma_.lower() in words("aiding_verbs") for o in v.children if o.dep_ in DOBJ]
    return tuple(
        f
        for f in _mentions_at(heads, by_token)
        if f.mention.kind not in ("pronoun", "place") and f.mention.role != "MED"
    )
