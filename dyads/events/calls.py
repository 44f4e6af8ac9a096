"""Two readings of calls and proposals that someone else act (issue 12).

``defied_call``: "X keeps defying calls by Y to ...", "X ignored appeals from Y and Z to ...":
the call was made, so the caller appealed to (02) or, for a demand or an ultimatum, demanded of
(10) the party that defies it. Rejecting it ("rejected the French request") is an answer the
`discourse` pass codes (12); the call itself is coded then only where the text tells it was made
("a request Paris made on Monday", "renewed calls by Y"). The defiance itself is the dictionary's (12, `ignore call from
$target`). The caller is named in the call noun's by/from phrase (also "calls, including by Y"),
its possessor or its demonym.

``proposal_for``: "X's proposal for Y to ...", "a Peruvian and Chilean proposal for the council
to ...", "X called for Y to ...": X's appeal (02) to Y. The proposal must be told as made: one
that someone only would back, or did not make, keeps the governing verb's mood (modality).

Word lists: `call_nouns`, `demand_nouns`, `defying_verbs`, `rejecting_verbs`, `making_verbs`,
`proposal_nouns` and `calling_verbs` in lexicon.yml.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.gate import gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.modality import modality_of
from dyads.events.nominal import _demonym
from dyads.events.responses import made_by
from dyads.events.verbs import compile_pattern
from dyads.nlp.syntax import DOBJ

_APPEAL = compile_pattern("020", "call by $target")
_DEMAND = compile_pattern("100", "demand by $target")
_PROPOSAL = compile_pattern("020", "propose for $target to")
_CALL_FOR = compile_pattern("020", "call for $target to")

_CALLER_PREPS = {"by", "from"}
_NOT_CALLED = {"MED", "CVL", "REF"}  # "calls from the media", "proposal for refugees to stay": no party


@gated(pos={"NOUN"}, lists=("call_nouns", "demand_nouns"))
def defied_call(noun: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    """The caller's appeal (or demand) to the party that defies, ignores or rejects its call."""
    lemma = noun.lemma_.lower()
    if noun.pos_ != "NOUN" or (lemma not in words("call_nouns") and lemma not in words("demand_nouns")):
        return None
    verb = noun.head
    if noun.dep_ not in DOBJ or verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in words("defying_verbs"):
        return None
    if verb.lemma_.lower() in words("rejecting_verbs") and not _told_made(noun):
        return None  # "rejected the French request": the rejection is told (discourse), the request only presumed
    defiers = tuple(f for f in _sources(verb, by_token) if f.mention.kind != "pronoun")
    if not defiers:
        return None
    own = {f.code for f in defiers}
    # "defied calls, including by Y, to ...": the parser can hang "including" on the verb
    including = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "including" and c.i > noun.i]
    named = (*_owners(noun, by_token, kb, _CALLER_PREPS), *_including(including, by_token), *made_by(noun, by_token))
    callers = tuple(f for f in named if f.code not in own)
    if not callers:
        return None
    pattern = _DEMAND if lemma in words("demand_nouns") else _APPEAL
    return Match(noun, pattern, callers, defiers, via="defied_call")


def _told_made(noun: Token) -> bool:
    """ "a request Paris made on Monday", "calls France issued", "renewed calls by France": the text
    tells the call was made, not only that it was turned down (`making_verbs`)."""
    return any(
        c.dep_ in ("acl", "relcl", "amod")
        and c.lemma_.lower() in words("making_verbs")
        and c.tag_ != "VBG"
        and modality_of(c) != "negated"
        for c in noun.children
    )


@gated(pos={"NOUN", "VERB"}, lists=("proposal_nouns", "calling_verbs"))
def proposal_for(tok: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    """ "X's proposal for Y to act" and "X called for Y to act": X's appeal to Y."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and lemma in words("proposal_nouns"):
        # "a proposal made on Monday for Y to ...": the phrase can hang off the participle
        made = [c for c in tok.children if c.dep_ == "acl" and c.tag_ == "VBN"]
        asked = _asked(tok, by_token) or tuple(f for m in made for f in _asked(m, by_token))
        if not asked:
            return None
        proposers = tuple(f for f in _owners(tok, by_token, kb, {"by"}) if f not in asked)
        pattern = _PROPOSAL
    elif tok.pos_ == "VERB" and lemma in words("calling_verbs"):
        if lemma == "call" and not any(
            c.lower_ == "for" or c.dep_ in ("advcl", "ccomp") and any(m.lower_ == "for" for m in c.children)
            for c in tok.children
        ):
            return None  # "called Y to act" is no call for anything
        asked = _asked(tok, by_token)
        proposers = tuple(f for f in _sources(tok, by_token) if f.mention.kind != "pronoun" and f not in asked)
        pattern = _CALL_FOR
    else:
        return None
    own = {f.code for f in proposers}
    asked = tuple(f for f in asked if f.code not in own)
    if not proposers or not asked:
        return None
    return Match(tok, pattern, proposers, asked, via="proposal_for")


def _asked(head: Token, by_token: dict[int, Found]) -> tuple[Found, ...]:
    """The actor a "for Y to act" phrase on this word names: "for" as a preposition whose object
    has the infinitive ("proposal for Y to lift"), or as the marker of a clause with its own
    subject ("called for Y to return")."""
    heads: list[Token] = []
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "for":
            objs = [o for o in c.children if o.dep_ == "pobj"]
            # the infinitive hangs off the noun, the preposition or its object
            infinitive = any(
                _infinitive(t) for t in (*head.children, *c.children, *(g for o in objs for g in o.children))
            )
            if infinitive:
                heads += [o for o in objs if o.i in by_token]  # "for funding for a force to fight": no actor asked
        elif (
            c.dep_ in ("advcl", "ccomp", "acl")
            and _infinitive(c)
            and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)
        ):
            heads += [s for s in c.children if s.dep_ == "nsubj"]
    return tuple(
        f for f in _mentions_at(heads, by_token) if f.mention.role not in _NOT_CALLED and f.mention.kind != "pronoun"
    )


def _including(phrases: list[Token], by_token: dict[int, Found]) -> tuple[Found, ...]:
    """The actors of "including Y", "including by Y", "including from Y"."""
    heads = [
        o
        for p in phrases
        for c in (p, *(q for q in p.children if q.dep_ in ("prep", "agent") and q.lower_ in _CALLER_PREPS))
        for o in c.children
        if o.dep_ == "pobj"
    ]
    return tuple(f for f in _mentions_at(heads, by_token) if f.mention.role not in _NOT_CALLED)


def _infinitive(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _owners(noun: Token, by_token: dict[int, Found], kb: KB, preps: set[str]) -> tuple[Found, ...]:
    """Who made the call or proposal: its possessor, its demonym or compound modifiers, and the
    objects of its by/from phrases, also one step down ("calls, including by Y")."""
    heads = [c for c in noun.children if c.dep_ == "poss"]
    demonyms: list[Found] = []
    for c in noun.children:
        if c.dep_ in ("amod", "compound") and c.i < noun.i:
            for t in (c, *c.conjuncts):
                if t.i in by_token:
                    heads.append(t)
                else:
                    d = _demonym(t, kb)
                    if d is not None:
                        demonyms.append(d)
    for p in noun.children:
        if p.dep_ != "prep":
            continue
        phrases = [p] if p.lower_ in preps else []
        # "calls, including by the council" / "including from ..."
        phrases += [q for o in (p, *p.children) for q in o.children if q.dep_ == "prep" and q.lower_ in preps]
        if p.lower_ == "including":
            heads += [o for o in p.children if o.dep_ == "pobj"]
        heads += [o for q in phrases for o in q.children if o.dep_ == "pobj"]
    found = list(_mentions_at(heads, by_token))
    found += [d for d in demonyms if all(d.code != f.code for f in found)]
    return tuple(f for f in found if f.mention.role not in _NOT_CALLED and f.mention.kind != "pronoun")
