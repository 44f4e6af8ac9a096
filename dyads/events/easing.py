"""The ``easing`` pass: a party lifting, suspending, relaxing or waiving a penalty it holds over
another yields to it (08).

- A restriction, ban, sanction or embargo eased "on"/"against" a party, or imposed on it ("lifted
  the sanctions imposed on Belarus", "eased restrictions on Iranian banks"): toward that party;
  economic ones (sanctions, embargoes, trade or banking restrictions) are 085, others 081, a
  curfew 0813.
- A government easing its own pandemic, lockdown or curfew restrictions ("has begun relaxing its
  lockdown rules") eases them on its own civilians (081).
- A court lifting orders that blocked an act ("lifted an injunction blocking the reform") eases a
  restriction on the party whose act it was, the party named in the blocked act, else the court's
  own government (081).
- A release granted ("a court granted her house arrest", "granted him parole") is a release of
  that person (0841).

Word lists in lexicon.yml: `easing_verbs`, `eased_penalties`, `economic_penalties`,
`domestic_restrictions`, `court_orders`, `order_blocking_verbs`, `granting_verbs`, `release_nouns`.
Tariffs and duties are the `trade_penalty` pass's (dyads.events.trade)."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.gate import VERBAL, gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.nominal import _demonym
from dyads.events.verbs import Pattern, compile_pattern
from dyads.model import Mention, Role
from dyads.nlp.syntax import prep_objects

_ECONOMIC = compile_pattern("085", "ease sanction on $target")
_ADMINISTRATIVE = compile_pattern("081", "ease restriction on $target")
_CURFEW = compile_pattern("0813", "ease curfew on $target")
_RELEASE = compile_pattern("0841", "release $target")

# "some of its restrictions", "a broad set of restrictions": the penalty is the of-phrase
_PARTS = {
    "some",
    "many",
    "most",
    "all",
    "several",
    "part",
    "set",
    "range",
    "number",
    "raft",
    "series",
    "package",
    "host",
}
_OBJECTS = ("dobj", "obj")


@gated(pos=VERBAL, lists=("granting_verbs", "easing_verbs"))
def easing(verb: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = verb.lemma_.lower()
    if lemma in words("granting_verbs"):
        return _granted_release(verb, by_token)
    if lemma not in words("easing_verbs"):
        return None
    penalties = _penalties(verb)
    if not penalties:
        return None
    sources = _sources(verb, by_token)
    if not sources:
        return None
    targets = _on_whom(verb, penalties, by_token, kb)
    if not targets:
        targets = _blocked(penalties, sources, by_token)
    if not targets:
        targets = _own_people(penalties, sources)
    targets = tuple(t for t in targets if all(t.code != s.code for s in sources))
    if not targets:
        return None
    return Match(verb, _pattern(penalties), sources, targets, via="easing")


def _penalties(verb: Token) -> list[Token]:
    out = []
    for c in verb.children:
        if c.dep_ not in _OBJECTS:
            continue
        if c.lemma_.lower() in _PARTS:
            c = next((o for p in c.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"), c)
        for n in (c, *c.conjuncts):
            if n.lemma_.lower() in words("eased_penalties"):
                out.append(n)
    return out


def _modifiers(noun: Token) -> set[str]:
    return {
        w.lower_
        for m in noun.children
        if m.dep_ in ("amod", "compound", "nmod") and m.i < noun.i
        for w in (m, *m.conjuncts, *[g for g in m.children if g.dep_ == "compound"])
    }


def _pattern(penalties: list[Token]) -> Pattern:
    for p in penalties:
        if p.lemma_.lower() in words("economic_penalties") or _modifiers(p) & words("economic_penalties"):
            return _ECONOMIC
    if any(p.lemma_.lower() == "curfew" or "curfew" in _modifiers(p) for p in penalties):
        return _CURFEW
    return _ADMINISTRATIVE


def _on_whom(verb: Token, penalties: list[Token], by_token: dict[int, Found], kb: KB) -> tuple[Found, ...]:
    """The party named in an on/against phrase of the verb or the penalty, or of the participle
    that imposed it ("the sanctions imposed on X"); a demonym on its goods or people counts."""
    holders = [verb, *penalties]
    holders += [a for p in penalties for a in p.children if a.dep_ == "acl" and a.tag_ == "VBN"]
    on = prep_objects(holders, ("on", "against"))
    found = _mentions_at(on, by_token)
    if found:
        return found
    return tuple(
        f
        for o in on
        for c in (o, *o.conjuncts)
        for m in c.children
        if m.dep_ in ("amod", "compound") and m.i < c.i and m.i not in by_token
        for f in [_demonym(m, kb)]
        if f is not None
    )


def _blocked(penalties: list[Token], sources: tuple[Found, ...], by_token: dict[int, Found]) -> tuple[Found, ...]:
    """ "suspended an injunction that halted the reform": a court's order against an act is
    a restriction on whoever acts, named in the act, else the court's own government."""
    if any(s.mention.role != "JUD" or not s.mention.country for s in sources):
        return ()
    for p in penalties:
        if p.lemma_.lower() not in words("court_orders"):
            continue
        blocking = [
            a for a in p.children if a.dep_ in ("acl", "relcl") and a.lemma_.lower() in words("order_blocking_verbs")
        ]
        for a in blocking:
            acts = [o for o in a.children if o.dep_ in _OBJECTS]
            named = tuple(
                by_token[t.i] for o in acts for t in o.subtree if t.i in by_token and by_token[t.i].mention.role
            )
            if named:
                return tuple(dict.fromkeys(named))
            if acts:
                return (_implied(sources[0], "GOV", a),)
    return ()


def _own_people(penalties: list[Token], sources: tuple[Found, ...]) -> tuple[Found, ...]:
    """ "relaxed its lockdown restrictions": a government easing rules at home eases them on its
    civilians."""
    if any(s.mention.role != "GOV" or not s.mention.country for s in sources):
        return ()
    domestic = words("domestic_restrictions")
    for p in penalties:
        if p.lemma_.lower() in domestic or _modifiers(p) & domestic:
            return (_implied(sources[0], "CVL", p),)
    return ()


def _implied(source: Found, role: Role, at: Token) -> Found:
    country = source.mention.country
    assert country is not None
    mention = Mention(
        text="", start=at.idx, end=at.idx, code=country + role, country=country, role=role, name=None, kind="implied"
    )
    return Found(mention=mention, start=at.i, end=at.i)


def _granted_release(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """ "a court granted her house arrest", "granted him parole": the person released."""
    released = [c for c in verb.children if c.dep_ in _OBJECTS and _is_release(c)]
    if not released:
        return None
    people = [c for c in verb.children if c.dep_ == "dative"]
    people += [
        o for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for o in c.children if o.dep_ == "pobj"
    ]
    # the parser may fold the person into the noun phrase as a possessor or a compound
    # ("granted her house arrest", "granted the reporter house arrest")
    people += [
        m
        for r in released
        for m in r.children
        if m.dep_ in ("compound", "poss") and m.pos_ in ("PRON", "PROPN", "NOUN")
    ]
    sources = _sources(verb, by_token)
    targets = _mentions_at(people, by_token) or tuple(
        f for p in people if p.pos_ == "PRON" for f in [_person_before(p, sources, by_token)] if f is not None
    )
    targets = tuple(t for t in targets if all(t.code != s.code for s in sources))
    if not targets or not sources:
        return None
    return Match(verb, _RELEASE, sources, targets, via="easing")


def _is_release(noun: Token) -> bool:
    lemma = noun.lemma_.lower()
    if lemma == "arrest":  # "house arrest"
        return any(m.lower_ == "house" for m in noun.children if m.dep_ in ("compound", "amod"))
    return lemma in words("release_nouns")


_PERSONAL = {"him", "her", "them"}


def _person_before(pronoun: Token, sources: tuple[Found, ...], by_token: dict[int, Found]) -> Found | None:
    """ "granted him house arrest": the parser folds the pronoun into the noun phrase, where the
    actor stage does not resolve it; it stands for the latest person or group named before it in
    this sentence or the one before, other than the granting party."""
    if pronoun.lower_ not in _PERSONAL:
        return None
    sent = pronoun.sent
    start = sent.start
    if start > 0:
        start = pronoun.doc[start - 1].sent.start
    taken = {i for s in sources for i in range(s.start, s.end)}
    for i in range(pronoun.i - 1, start - 1, -1):
        f = by_token.get(i)
        if f is not None and i not in taken and f.mention.kind not in ("country", "place", "igo") and f.mention.role:
            return f
    return None
