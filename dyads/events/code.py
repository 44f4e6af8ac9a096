"""Events: subject-verb-object coding over the dependency parse with the verb dictionary.

For each word that heads a dictionary pattern, the clause it governs is matched
against that word's patterns (most specific first); the subject's actor is the
source and the `$target` slot's actor the target. Modality (negated,
hypothetical, question, intended, reported) comes from the clause's syntax.
Only asserted events count in aggregates; the rest are kept and labelled.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc, Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.dates import resolve as dates
from dyads.dates.resolve import event_date
from dyads.events import headline as headline_events  # headline merge (nominal branch)
from dyads.events import nominal  # events named by nouns (nominal branch)
from dyads.events.modality import FUTURE_AUX, HYPOTHETICAL_AUX, SPEECH, conditional, modality_of
from dyads.events.verbs import Pattern, Verbs, compile_pattern, load_cameo
from dyads.model import ActorRef, Event, Mention, Place
from dyads.nlp.syntax import DOBJ, clause, governors, is_passive
from dyads.places import gazetteer as geo

CODER = "dyads.rules.v2"
# roots whose events are about the future by nature: a promise or a threat is asserted when made
_FORWARD_ROOTS = {"03", "13"}
_SPORTS = {
    "match",
    "goal",
    "striker",
    "midfielder",
    "coach",
    "league",
    "tournament",
    "cup",
    "scored",
    "penalty",
    "kickoff",
    "semifinal",
    "quarterfinal",
    "final",
    "stadium",
    "championship",
    "squad",
    "referee",
    "playoff",
    "innings",
    "wicket",
    "marathon",
    "olympic",
    "medal",
    "fifa",
    "uefa",
    "defender",
    "goalkeeper",
    "halftime",
    "scoreline",
}


@dataclass(frozen=True, slots=True)
class Match:
    verb: Token
    pattern: Pattern
    sources: tuple[Found, ...]
    targets: tuple[Found, ...]
    symmetric: bool = False
    anaphor: Token | None = None  # "condemned the attack": an event noun standing for the target
    loose: bool = False  # the target was found in the clause but not in the pattern's slot
    fallback: Match | None = None  # an anaphor's match when no earlier event fits


def code_events(
    doc: Doc,
    found: list[Found],
    verbs: Verbs,
    kb: KB,
    published: str | None,
    headline_end: int = 0,
    dateline: Place | None = None,
    context: Sequence[str] = (),
) -> list[Event]:
    """Every event the dictionary finds in the document, with modality, date and place."""
    by_token = {i: f for f in found for i in range(f.start, f.end)}
    if _is_sports(doc):
        return []
    body: list[Event] = []
    headline: list[Event] = []
    history: list[tuple[Event, Found, int]] = []  # event, its source's mention, its verb
    # events named by nouns (events/nominal.py), merged in text order with the verbs' (nominal branch)
    nouns = (
        Match(n.noun, n.pattern, n.sources, n.targets, symmetric=n.symmetric)
        for n in nominal.noun_events(doc, by_token, verbs, kb, lambda heads: _mentions_at(heads, by_token))
    )
    for match in heapq.merge(_matches(doc, by_token, verbs), nouns, key=lambda m: m.verb.i):
        if _sports_sentence(match.verb):
            continue
        if match.anaphor is not None:
            match = _resolve_anaphor(match, history, verbs, kb) or match.fallback
            if match is None:
                continue
        speaker = _speaker(match.verb, by_token)
        for event in _with_call(_events(match, kb, published, dateline, context), match.verb):
            for e in _refusal(_attribute(event, speaker, kb) if speaker else (event,), speaker, match.verb):
                (headline if match.verb.idx < headline_end else body).append(e)
                src = next((f for f in match.sources if f.code == event.source.code), match.sources[0])
                history.append((e, src, match.verb.i))
    # a headline repeats the body: one event per act (events/headline.py)
    return _dedupe(headline_events.merge(headline, body))


_CALLS = {"call", "conversation"}
_PHONES = {"phone", "telephone", "video", "telephonic"}


def _with_call(events: Iterable[Event], verb: Token) -> Iterator[Event]:
    """ "Zelensky thanked Scholz in a phone call": the thanks, and a telephone discussion (041)
    between the same two."""
    call = any(
        o.lemma_.lower() in _CALLS and any(m.lower_ in _PHONES for m in o.children)
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in ("in", "during", "over", "by")
        for o in c.children
        if o.dep_ == "pobj"
    )
    for e in events:
        yield e
        if call and e.root != "04":
            yield _recoded(e, "041", pattern=f"{e.pattern} + in a phone call")


_REACTION_ROOTS = {"01", "02", "04", "05", "10", "11", "12", "13", "16"}


def _resolve_anaphor(match: Match, history: list[tuple[Event, Found, int]], verbs: Verbs, kb: KB) -> Match | None:
    """The actors behind the event an event noun points back to ("condemned the attack"): the
    sources of the latest earlier event of a fitting root; all of them when the event had
    several ("U.S. and British warships struck ... Iran condemned the strikes"), the first
    named when it was mutual ("denounced the deal" the two sides signed)."""
    assert match.anaphor is not None
    roots = verbs.anaphora.get(match.anaphor.lemma_.lower(), frozenset())
    own = {f.code for f in match.sources}
    countries = {f.mention.country for f in match.sources}
    for event, _, verb in reversed(history):
        if (
            event.modality == "asserted"
            and (not roots or event.cameo.startswith(tuple(roots)))
            and event.source.code not in own
        ):
            told = [(e, s) for e, s, v in history if v == verb and e.root == event.root and e.modality == "asserted"]
            mutual = any(
                a.source.code == b.target.code and a.target.code == b.source.code for a, _ in told for b, _ in told
            )
            if mutual:
                told = sorted(told, key=lambda es: es[1].start)[:1]  # the first named party
            sources = list(dict.fromkeys(s for _, s in told if s.code not in own))
            targets = tuple(
                _state_of(s, kb) if event.root >= "14" and s.mention.country not in countries else s for s in sources
            )
            return Match(match.verb, match.pattern, match.sources, tuple(dict.fromkeys(targets)))
    return None


def _state_of(f: Found, kb: KB) -> Found:
    """A foreign reaction to what a state's forces or officials did is aimed at the state ("condemned
    the raid" by Ecuadorean police targets Ecuador); armed groups and people stay themselves, and at
    home the agency stays itself (the president condemned the police's arrests)."""
    m = f.mention
    if m.country is None or m.role not in ("MIL", "COP", "GOV", "SPY"):
        return f
    state = replace(m, code=m.country, role=None, name=kb.country_name(m.country))
    return Found(mention=state, start=f.start, end=f.end)


_ADDRESSED_ROOTS = {"02", "10"}


def _addressee(
    verb: Token, patterns: tuple[Pattern, ...], lemmas: set[str], by_token: dict[int, Found]
) -> tuple[Pattern, tuple[Found, ...]] | None:
    """ "demanded that Truss abandon the cuts": a demand or appeal targets the subject of its clause."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    subjects = [s for c in clauses for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
    targets = _mentions_at(subjects, by_token)
    if not targets:
        return None
    p = _most_general(patterns, lemmas, _ADDRESSED_ROOTS, lambda p: not p.xcomp)  # "demand from $target" 100
    return (p, targets) if p is not None else None


def _most_general(
    patterns: tuple[Pattern, ...], lemmas: set[str], roots: set[str], fits: Callable[[Pattern], bool] = lambda p: True
) -> Pattern | None:
    """The most general verb pattern of these roots whose words (less its target's preposition) are
    all in the clause: for events whose target comes from elsewhere (the subject of a demanded
    clause, an event noun, the protesters' own government)."""
    return min(_fitting(patterns, lemmas, roots, fits), key=lambda p: (p.size, len(p.code)), default=None)


def _fitting(
    patterns: tuple[Pattern, ...], lemmas: set[str], roots: set[str], fits: Callable[[Pattern], bool]
) -> list[Pattern]:
    """Verb patterns of these roots whose words, less the target's preposition, are all in the clause."""
    return [
        p for p in patterns if p.code[:2] in roots and not p.nominal and p.words - {p.governor} <= lemmas and fits(p)
    ]


def _anaphor(verb: Token, tokens: list[Token], verbs: Verbs, by_token: dict[int, Found]) -> Token | None:
    objects = [t for t in tokens if t.dep_ in DOBJ and t.head == verb]
    if verb.dep_ == "relcl" and any(t.lower_ in ("that", "which") for t in objects):
        objects = [verb.head]  # "a deployment that Moscow has denounced as a provocation"
    return next(
        (
            t
            for t in objects
            if t.i not in by_token
            and t.lemma_.lower() in verbs.anaphora
            and not any(c.i in by_token for c in t.children if c.i < t.i)
        ),
        None,
    )  # "the U.S. move"


def _head_lemma(tok: Token, heads: dict[str, tuple[Pattern, ...]]) -> str | None:
    """The token's lemma, or the base form spaCy's lemmatizer missed ("staged" -> "stag")."""
    lemma = tok.lemma_.lower()
    if lemma in heads:
        return lemma
    word = tok.lower_
    for base in (word[:-1], word[:-2]) if word.endswith("ed") else (word[:-1],) if word.endswith("s") else ():
        if base in heads:
            return base
    return None


def _matches(doc: Doc, by_token: dict[int, Found], verbs: Verbs) -> Iterator[Match]:
    matched: dict[int, Match] = {}
    for tok in doc:
        head = _head_lemma(tok, verbs.by_head) if tok.pos_ in ("VERB", "AUX") else None
        if head is not None:
            m = _match_verb(tok, verbs.by_head[head], by_token, verbs)
            if (
                (m is None or m.anaphor is not None and m.fallback is None)
                and tok.dep_ == "conj"
                and tok.head.i in matched
            ):
                shared = _shared_target(tok, verbs.by_head[head], matched[tok.head.i], by_token)
                m = replace(m, fallback=shared) if m is not None else shared
            if m is not None:
                matched[tok.i] = m
                yield m


def _match_verb(verb: Token, patterns: tuple[Pattern, ...], by_token: dict[int, Found], verbs: Verbs) -> Match | None:
    tokens = clause(verb)
    passive = is_passive(verb)
    lemmas = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
    if passive:
        subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
        lemmas |= {t.lemma_.lower() for s in subj for t in s.subtree}
    sources = _sources(verb, by_token)
    for p in patterns:
        dative = passive and p.governor == "to" and p.head in _DATIVE  # "was granted asylum": no "to"
        if not (p.words - {"to"} if dative else p.words) <= lemmas:
            continue
        xcomps = [t for t in tokens if t.dep_ == "xcomp" and t.lemma_.lower() in p.xcomp]
        if len(xcomps) < len(p.xcomp):
            continue
        targets = _targets(verb, p, tokens, xcomps, by_token, passive)
        if targets and sources:
            return Match(verb, p, sources, targets)
        if len(sources) > 1 and p.direct and _each_other(tokens, verb):
            return Match(verb, p, sources, (), symmetric=True)  # "accused each other of"
    if len(sources) > 1:
        m = _symmetric(verb, patterns, tokens, lemmas, sources, verbs)
        if m is not None:
            return m
    loose = _loose(verb, patterns, tokens, lemmas, sources, by_token) if sources else None
    noun = _anaphor(verb, tokens, verbs, by_token) if sources else None
    if loose is not None and noun is None:
        return loose
    if sources:
        addressee = _addressee(verb, patterns, lemmas, by_token)
        if addressee is not None:
            return Match(verb, addressee[0], sources, addressee[1])
    implied = _implied_protest(verb, patterns, lemmas, sources) if sources else None
    if implied is not None:
        return implied
    accusation = _accusation(verb, patterns, lemmas, sources, by_token) if sources else None
    if accusation is not None:
        return accusation
    if noun is not None:
        # the event noun is the object: "condemned the attack", "Baku denied the charge"; when no
        # earlier event fits, the actor loosely in the clause is the target after all
        word = noun.lemma_.lower()
        p = _most_general(
            patterns, lemmas, _REACTION_ROOTS, lambda p: word in p.words and not p.xcomp
        ) or _most_general(patterns, lemmas, _REACTION_ROOTS, lambda p: p.direct and not p.xcomp)
        if p is not None:
            return Match(verb, p, sources, (), anaphor=noun, fallback=loose)
    return loose


_SHARED_ROOTS = {"10", "11", "12", "13", "16", "17"}


def _shared_target(
    verb: Token, patterns: tuple[Pattern, ...], first: Match, by_token: dict[int, Found]
) -> Match | None:
    """ "gave the junta a week to reinstate Bazoum and threatened to use force": a second verb of the
    same subject with no target of its own is aimed at the first verb's target (demands, threats,
    sanctions only)."""
    if first.symmetric or not first.targets or first.anaphor is not None or modality_of(first.verb) == "negated":
        return None
    if any(c.dep_ == "cc" and c.lower_ in ("but", "yet") for c in first.verb.children):
        return None  # "would not send weapons to Ukraine but could impose sanctions": a contrast
    sources = _sources(verb, by_token)
    if {f.code for f in sources} != {f.code for f in first.sources}:
        return None
    tokens = clause(verb)
    pronouns = {
        t.i
        for c in verb.children
        if c.dep_ == "advcl"
        for t in c.subtree  # "if it did not"
        if t.i in by_token and by_token[t.i].mention.kind == "pronoun"
    }
    if any(t.i in by_token and t.i not in pronouns for t in tokens):
        return None  # the verb names actors of its own, and found no pattern for them
    lemmas = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
    xcomps = {t.lemma_.lower() for t in tokens if t.dep_ == "xcomp"}
    fitting = _fitting(patterns, lemmas, _SHARED_ROOTS, lambda p: set(p.xcomp) <= xcomps)
    p = max(fitting, key=lambda p: (p.size, -len(p.code)), default=None)  # the most the clause says
    return Match(verb, p, sources, first.targets, loose=True) if p is not None else None


def _symmetric(
    verb: Token,
    patterns: tuple[Pattern, ...],
    tokens: list[Token],
    lemmas: set[str],
    sources: tuple[Found, ...],
    verbs: Verbs,
) -> Match | None:
    """ "Iran and Iraq signed an accord", "X and Y agreed to meet", "X and Y held talks": one event
    each way."""
    xcomps = [t.lemma_.lower() for t in tokens if t.dep_ == "xcomp"]
    objects = {t.lemma_.lower() for t in tokens if t.dep_ in DOBJ and t.head.pos_ in ("VERB", "AUX")}
    objects |= {
        t.lemma_.lower()
        for t in tokens  # "began 11 days of drills"
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.dep_ in DOBJ
    }
    for p in patterns:
        if not p.words - {p.governor} <= lemmas or not set(p.xcomp) <= set(xcomps):
            continue
        if (
            p.head in verbs.symmetric
            or any(x in verbs.symmetric for x in p.xcomp)
            or p.words & verbs.symmetric_objects & objects
        ):
            if xcomps and not p.xcomp and p.code[:2] == "01":
                # "the two leaders agreed to keep their ministries in contact": an agreement to act
                # together, not a mere statement of accord; the infinitive has no pattern of its own
                p = replace(p, code="030", text=f"{p.head} to {xcomps[0]} ... with $target")
            return Match(verb, p, sources, (), symmetric=True)
    return None


def _loose(
    verb: Token,
    patterns: tuple[Pattern, ...],
    tokens: list[Token],
    lemmas: set[str],
    sources: tuple[Found, ...],
    by_token: dict[int, Found],
) -> Match | None:
    """The pattern's words are all there but the parse put the actor elsewhere in the clause
    ("fired missiles early on Wednesday at two bases housing U.S. troops"): the one actor
    left in the clause is the target, at a lower confidence."""
    own = {f.start for f in sources}
    countries = {f.mention.country for f in sources}
    others = [by_token[t.i] for t in sorted(tokens, key=lambda t: t.i) if t.i in by_token]
    # only across borders: a same-country actor loosely nearby is usually a possessor ("Iran's economy")
    others = list(
        dict.fromkeys(
            f
            for f in others
            if f.start not in own and f.mention.country not in countries and not _across_border(f, verb.doc)
        )
    )  # "migrants at the border with Georgia"
    if len({f.mention.country for f in others}) == 1:
        # "struck targets at 16 Houthi sites across Yemen": one country, and the actor in it is the target
        actors = [f for f in others if f.mention.kind != "country"]
        others = actors if len(actors) == 1 else others
    if len(others) != 1:
        return None
    xcomps = {t.lemma_.lower() for t in tokens if t.dep_ == "xcomp"}
    for p in patterns:
        if p.words <= lemmas and set(p.xcomp) <= xcomps and not p.nominal:
            return Match(verb, p, sources, (others[0],), loose=True)
    return None


def _across_border(f: Found, doc: Doc) -> bool:
    root = doc[f.start : f.end].root
    return root.dep_ == "pobj" and root.head.lower_ == "with" and root.head.head.lemma_ == "border"


def _each_other(tokens: list[Token], verb: Token) -> bool:
    return any(
        t.lower_ in ("other", "another") and t.head == verb and t.i > 0 and t.doc[t.i - 1].lower_ in ("each", "one")
        for t in tokens
    )


def _root_of(f: Found, doc: Doc) -> Token:
    return doc[f.start : f.end].root


def _first_conjunct(tok: Token) -> Token:
    while tok.dep_ in ("conj", "appos") and tok.head != tok:
        tok = tok.head
    return tok


def _targets(
    verb: Token, p: Pattern, tokens: list[Token], xcomps: list[Token], by_token: dict[int, Found], passive: bool
) -> tuple[Found, ...]:
    """Mentions that fill the pattern's $target slot in this clause."""
    doc = verb.doc
    if passive and (p.direct and p.governor == p.head or p.governor == "to" and p.head in _DATIVE):
        # "X was attacked by Y"; "X was granted asylum by Y" (the dative made subject)
        subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if subj and verb.dep_ == "relcl" and subj[0].lower_ in ("who", "which", "that"):
            subj = [verb.head]  # "Glas, who had been granted asylum"
        return _mentions_at(subj, by_token)
    inside = {t.i for t in tokens}
    # "press $target to withdraw": the verb's own object; "agree to meet $target": the infinitive's
    heads = {verb.i} if p.governor == p.head else {x.i for x in xcomps if x.lemma_.lower() == p.governor}
    if (
        p.direct
        and p.governor == p.head
        and verb.dep_ == "relcl"
        and any(c.dep_ in DOBJ and c.lower_ in ("whom", "who", "which", "that") for c in verb.children)
    ):
        return _mentions_at([verb.head], by_token)  # "Bazoum, whom the presidential guard has detained"
    out: list[Found] = []
    for f in {by_token[i] for i in inside if i in by_token}:
        root = _first_conjunct(_root_of(f, doc))
        ok = _fills(root, p, heads, inside)
        owner = root
        for _ in range(3):
            if ok:
                break
            # the slot holds a non-actor noun owned by the actor: "praised Trump's decision",
            # "condemned the U.S. move", "arrested two politicians of the opposition party"
            owner = (
                owner.head
                if owner.dep_ in ("poss", "compound", "amod", "nmod")
                else owner.head.head
                if owner.dep_ == "pobj" and owner.head.lower_ in ("of", "from", "among", "including")
                else None
            )
            if owner is None or owner.i in by_token:
                break
            owner = _first_conjunct(owner)
            ok = _fills(owner, p, heads, inside)
        if ok and f not in out:
            out.append(f)
        if ok:  # "hosted his Armenian and Azerbaijani counterparts": the modifiers sharing the head
            mods = [
                c
                for m in root.children
                if m.dep_ in ("amod", "compound", "nmod") and m.i < root.i
                for c in _conjuncts(m)
                if c.i in by_token
            ]
            out += [by_token[c.i] for c in mods if by_token[c.i] not in out and c.i in inside]
    return tuple(sorted(out, key=lambda f: f.start))


def _fills(root: Token, p: Pattern, heads: set[int], inside: set[int]) -> bool:
    gov = root.head
    if p.governor == "*":
        return root.i in inside
    if p.direct:
        return root.dep_ in DOBJ and gov.i in heads
    return root.dep_ in ("pobj", "pcomp") and gov.lower_ == p.governor and gov.i in inside


def _mentions_at(heads: Iterable[Token], by_token: dict[int, Found]) -> tuple[Found, ...]:
    """The mentions at these tokens, at their coordinated siblings and coordinated modifiers
    ("Chadian and Nigerien troops"); a group mention stands for its members ("the two leaders")."""
    out: list[Found] = []
    for head in heads:
        tokens = _conjuncts(head)
        f0 = by_token.get(head.i)
        if f0 is not None:  # "President Obama and ... Putin": the conjunct hangs off the name, not the head
            tokens += [
                c
                for i in range(f0.start, f0.end)
                for c in _conjuncts(head.doc[i])[1:]
                if c.i not in range(f0.start, f0.end)
            ]
        for tok in tokens:
            f = by_token.get(tok.i) or _mention_below(tok, by_token)
            found = [f] if f is not None else []
            for mod in tok.children:
                if mod.dep_ in ("amod", "compound", "nmod") and mod.i < tok.i:
                    found += [by_token[c.i] for c in _conjuncts(mod) if c.i in by_token]
            for g in found:
                for m in g.members or [g]:
                    if m not in out:
                        out.append(m)
    return tuple(out)


def _conjuncts(tok: Token) -> list[Token]:
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def _mention_below(tok: Token, by_token: dict[int, Found]) -> Found | None:
    """ "Thousands of Iranian protesters": the first mention inside the noun phrase; an unknown
    name's apposition ("Musaed al-Aiban, Saudi Arabia's national security adviser")."""
    for c in tok.children:
        if c.dep_ == "appos" and c.i in by_token:
            return by_token[c.i]
    for t in tok.subtree:
        if t.dep_ in ("relcl", "acl", "appos") or t.i > tok.i + 8:
            break
        if t.i in by_token and (t.head == tok or t.head.head == tok or t.head.head.head == tok):
            return by_token[t.i]
    return None


def _sources(verb: Token, by_token: dict[int, Found]) -> tuple[Found, ...]:
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if subj and verb.dep_ == "relcl" and subj[0].lower_ in ("who", "which", "that"):
        # "Putin, who hosted Xi": the relative pronoun stands for Putin (and not for names the
        # parser joined to him after the clause)
        return tuple(f for f in _mentions_at([verb.head], by_token) if f.start < verb.i)
    if subj:
        return _mentions_at(subj, by_token)
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not agents and is_passive(verb):  # "was received at the base by X": "by" misattached
        agents = [
            g
            for t in clause(verb)
            if t.lower_ == "by" and t.dep_ in ("prep", "agent")
            for g in t.children
            if g.dep_ == "pobj" and g.i in by_token
        ]
    if agents:
        return _mentions_at(agents, by_token)
    if verb.dep_ == "advcl":
        # "detained 1,500 people after supporters of Bolsonaro stormed Congress": the parser made the
        # subject the object of "after"
        objs = [
            o
            for c in verb.head.children
            if c.dep_ == "prep" and c.lower_ in _TEMPORAL and c.i < verb.i
            for o in c.children
            if o.dep_ == "pobj" and o.right_edge.i == verb.i - 1
        ]
        if objs:
            return _mentions_at(objs, by_token)
    if verb.dep_ in ("relcl", "acl") and not is_passive(verb):
        return _mentions_at([verb.head], by_token)
    if verb.dep_ == "xcomp":
        # "urged Iran to return" (object control), else "used his speech to accuse" (the subject)
        objects = [c for c in verb.head.children if c.dep_ in DOBJ]
        return _mentions_at(objects, by_token) or _sources(verb.head, by_token)
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _sources(verb.head, by_token)
    if (
        verb.dep_ == "advcl"
        and verb.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    ):
        return _sources(verb.head, by_token)  # "Police fired tear gas to disperse the protesters"
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
        return _sources(verb.head.head, by_token)  # "responded by breaking relations with Washington"
    return ()


_DATIVE = {"give", "grant", "offer", "award", "send", "hand", "deny", "provide", "promise", "sell", "lend", "pay"}
_TEMPORAL = {"after", "before", "since", "until", "as", "when", "while"}


def _events(
    match: Match, kb: KB, published: str | None, dateline: Place | None, context: Sequence[str]
) -> Iterator[Event]:
    table = load_cameo()
    modality = modality_of(match.verb)
    place = event_place(match, kb, dateline, context)
    pairs = (
        [(a, b) for a in match.sources for b in match.sources if a is not b]
        if match.symmetric
        else [(a, b) for a in match.sources for b in match.targets]
    )
    sent = match.verb.sent
    text = sent.text.rstrip()  # whitespace after a headline (and a blanked dateline) is not evidence
    for code, mood in readings(match.verb, match.pattern.code, modality):
        cameo = table[code]
        date = event_date(match.verb, published, future=mood == "intended")
        for src, tgt in pairs:
            # one actor on both sides; two parts of one token ("U.S.-China") are two actors (nominal branch)
            if src.code == tgt.code or src.mention.start == tgt.mention.start or src.mention.kind == "place":
                continue
            if tgt.mention.kind == "place" and code[:2] not in PLACE_ROOTS:
                continue
            final = convention(code, src, tgt, match.verb)
            start = min(sent.start_char, src.mention.start)
            # hosting is also a visit by the guest (CAMEO 043 and 042 are two views of one occasion)
            guest = final == "043" and tgt.mention.kind != "place" and tgt.mention.country != src.mention.country
            views = [(final, src, tgt)] + ([("042", tgt, src)] if guest else [])
            for view, a, b in views:
                cameo = table[view]
                yield Event(
                    source=_ref(a, kb, date),
                    target=_ref(b, kb, date),
                    cameo=cameo.code,
                    root=cameo.root,
                    plover=cameo.plover,
                    goldstein=cameo.goldstein,
                    quad_class=cameo.quad_class,
                    modality=mood,
                    date=date,
                    reported=published,
                    place=place,
                    sentence=text,
                    start=start,
                    end=sent.start_char + len(text),
                    confidence=_confidence(match, a, b),
                    pattern=match.pattern.text,
                    coder=CODER,
                )


# Promises and threats (docs/verbs.md): a cooperative act that is promised ("pledged to send
# aid", "said it would send tanks") is an asserted expression of intent (03x); a hostile act
# that is announced ("said it would impose sanctions", "vowed to retaliate", "if ..., we will
# strike") is an asserted threat (13x), and the act itself keeps its own modality.
_PROMISING = {
    "promise",
    "pledge",
    "vow",
    "offer",
    "agree",
    "commit",
    "undertake",
    "volunteer",
    "ready",
    "prepared",
    "willing",
    "guarantee",
    "swear",
}
_THREATENING = {"threaten", "warn", "vow", "pledge", "promise", "swear"}
_INTENT = {
    "04": "036",
    "05": "032",
    "06": "031",
    "07": "033",
    "08": "035",
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "081": "035",
    "083": "034",
    "084": "0353",
    "085": "0354",
    "086": "0355",
    "087": "0356",
}
_THREAT = {
    "14": "133",
    "15": "138",
    "16": "131",
    "17": "137",
    "18": "138",
    "19": "138",
    "20": "138",
    "161": "1313",
    "162": "1311",
    "163": "1312",
    "164": "1313",
    "172": "132",
}


def readings(verb: Token, code: str, modality: str) -> list[tuple[str, str]]:
    """(code, modality) pairs an event is coded as: itself, or as a promise or threat of it."""
    root = code[:2]
    if root in _FORWARD_ROOTS:
        # "said it would send tanks" is itself an expression of intent
        return [(code, "asserted" if modality in ("intended", "hypothetical") and not conditional(verb) else modality)]
    chain = governors(verb)
    gov = chain[1].lemma_.lower() if len(chain) > 1 else ""
    promised = verb.dep_ == "xcomp" and any(g.lemma_.lower() in _PROMISING for g in chain[1:3])
    gov = next((g.lemma_.lower() for g in chain[1:3] if g.lemma_.lower() in _PROMISING), gov)
    announced = (
        modality in ("intended", "hypothetical") and verb.dep_ == "ccomp" and gov in SPEECH | _PROMISING | _THREATENING
    )
    if modality == "negated":
        return [(code, modality)]
    if root in ("04", "05", "06", "07", "08") and (promised or (announced and root != "04")):
        return [(_INTENT.get(code[:3], _INTENT[root]), "asserted")]
    if root >= "14" and (
        promised
        and gov in _THREATENING
        or announced
        or (modality == "hypothetical" and conditional(verb) and _future(verb))
    ):
        threat = (_THREAT.get(code[:3], _THREAT[root]), "asserted")
        return [threat, (code, modality if modality != "asserted" else "intended")]
    return [(code, modality)]


# a city named as the target ("shelled Kharkiv", "arrived in Tokyo") stands for its country
# only for these roots: visits and material conflict
PLACE_ROOTS = {"04", "15", "17", "18", "19", "20"}
_SECURITY = {"COP", "MIL", "GOV", "SPY"}
_AERIAL = {
    "strike",
    "airstrike",
    "drone",
    "missile",
    "rocket",
    "bomb",
    "bombing",
    "warplane",
    "jet",
    "bomber",
    "air raid",
}
_KILL = {"kill", "massacre", "slaughter", "execute", "murder", "slay"}


def convention(code: str, src: Found, tgt: Found, verb: Token) -> str:
    """CAMEO conventions that depend on who acts on whom: a state's security forces using force
    on its own civilians is violent repression (175); killing twenty or more people in one
    act is mass killing (202)."""
    s, t = src.mention, tgt.mention
    if (
        code[:2] in ("18", "19")
        and s.role in _SECURITY
        and t.role in ("CVL", "OPP", "EDU", "LAB")
        and s.country
        and s.country == t.country
    ):
        return "175"
    if code[:2] in ("18", "19") and verb.lemma_.lower() in _KILL and _count(verb) >= 20:
        return "202"
    if code[:2] == "18":
        # "the U.S. drone strike that killed Soleimani": killing from the air is aerial attack; by
        # a state's armed forces otherwise, conventional force (18 is for irregular violence)
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None and verb.dep_ == "relcl" and subj.lower_ in ("that", "which"):
            subj = verb.head
        if subj is not None and (
            subj.lemma_.lower() in _AERIAL  # "a missile attack killed three"
            or any(c.dep_ == "compound" and c.lemma_.lower() in _AERIAL for c in subj.children)
        ):
            return "195"
        if s.role == "MIL":
            return "190"
    return code


def _count(verb: Token) -> int:
    """The largest number attached to the verb's object ("killed at least 60 villagers")."""
    best = 0
    for obj in (c for c in verb.children if c.dep_ in DOBJ | {"nsubjpass"}):
        for t in obj.subtree:
            if t.dep_ == "nummod" and t.text.replace(",", "").isdigit():
                best = max(best, int(t.text.replace(",", "")))
    return best


def _future(verb: Token) -> bool:
    return bool({c.lower_ for c in verb.children if c.dep_ == "aux"} & (FUTURE_AUX | HYPOTHETICAL_AUX))


def event_place(match: Match, kb: KB, dateline: Place | None, context: Sequence[str]) -> Place | None:
    """The place in the event's clause ("in Tripoli"), else the dateline's place."""
    span = geo.clause_place(match.verb)
    if span is None:
        return dateline
    place = geo.resolve(span.text, kb, context)
    if place is None:
        return dateline
    return replace(place, text=span.text, start=span.start_char, end=span.end_char)


_CONTESTED = {"GOV", "MIL", "COP", "REB", "OPP", "LEG", "JUD", "SPY", None}


def _speech_verb(verb: Token) -> Token | None:
    """The speech verb whose complement clause holds this verb ("X said Y did ...")."""
    tok = verb
    for _ in range(4):
        if tok.dep_ in ("conj", "xcomp") and tok.head != tok:
            tok = tok.head
            continue
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in SPEECH:
            return tok.head
        return None
    return None


def _speaker(verb: Token, by_token: dict[int, Found]) -> Found | None:
    """The subject of the speech verb whose complement clause holds the event."""
    said = _speech_verb(verb)
    return _one_subject(said, by_token) if said is not None else None


def _one_subject(verb: Token, by_token: dict[int, Found]) -> Found | None:
    subjects = _sources(verb, by_token)
    return subjects[0] if len(subjects) == 1 else None


_ACCUSE = compile_pattern("112", "accuse $target")
_PUBLIC = {"CVL", "OPP", "LAB", "EDU", "REL", "NGO"}


def _implied_protest(
    verb: Token, patterns: tuple[Pattern, ...], lemmas: set[str], sources: tuple[Found, ...]
) -> Match | None:
    """ "Tens of thousands of Israelis poured into the streets": by CAMEO convention a protest
    with no named target is directed at the protesters' own government."""
    p = _most_general(patterns, lemmas, {"14"})
    if p is None or any(f.mention.role not in _PUBLIC or not f.mention.country for f in sources):
        return None
    country = sources[0].mention.country
    assert country is not None
    government = Mention(
        text="",
        start=verb.idx,
        end=verb.idx,
        code=country + "GOV",
        country=country,
        role="GOV",
        name=None,
        kind="implied",
    )
    return Match(verb, p, sources, (Found(mention=government, start=verb.i, end=verb.i),))


def _accusation(
    verb: Token, patterns: tuple[Pattern, ...], lemmas: set[str], sources: tuple[Found, ...], by_token: dict[int, Found]
) -> Match | None:
    """ "Armenia's defense ministry said Azerbaijani forces had shelled villages": a party to a
    conflict saying the other side used force accuses it (112), whoever the victims were."""
    if not any(p.code[:2] >= "14" and p.words - {p.governor} <= lemmas for p in patterns):
        return None  # the cheap test first: no hostile pattern fits this clause
    said = _speech_verb(verb)
    speaker = _one_subject(said, by_token) if said is not None else None
    if said is None or speaker is None or not speaker.mention.country or speaker.mention.role not in _CONTESTED:
        return None
    accused = tuple(f for f in sources if f.mention.country and f.mention.country != speaker.mention.country)
    return Match(said, _ACCUSE, (speaker,), accused) if accused else None


# "said it would not resume talks": a party announcing it will not do what the other side wants
# rejects it (CAMEO 12 mirrors 03-08); the act itself stays negated
_REFUSALS = {
    "03": "120",
    "04": "125",
    "05": "127",
    "057": "127",
    "06": "121",
    "061": "1211",
    "062": "1212",
    "07": "122",
    "071": "1221",
    "072": "1222",
    "073": "1223",
    "074": "1224",
    "08": "124",
    "081": "1241",
    "082": "1242",
    "083": "123",
    "0831": "1231",
    "0832": "1232",
    "0833": "1233",
    "0834": "1234",
    "084": "1243",
    "085": "1244",
    "086": "1245",
    "087": "1246",
}


def _refusal(events: Iterable[Event], speaker: Found | None, verb: Token) -> Iterator[Event]:
    """Each event, and for a party's own "will not"/"would not" about a cooperative act, the
    rejection it states ("Tehran said it would not cooperate with the mission": 12)."""
    for e in events:
        yield e
        if e.modality != "negated" or speaker is None or e.source.code[:3] != speaker.code[:3] or conditional(verb):
            continue
        auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
        code = next((_REFUSALS[k] for k in (e.cameo[:4], e.cameo[:3], e.root) if k in _REFUSALS), None)
        if code is None or not auxes & (FUTURE_AUX | {"would"}) or not any(c.dep_ == "neg" for c in verb.children):
            continue
        yield _recoded(e, code, modality="asserted", pattern=f"$speaker say not [{e.pattern}]")


def _attribute(event: Event, speaker: Found, kb: KB) -> tuple[Event, ...]:
    """An event reported by a speaker: their own side's acts are theirs ("Scholz said Germany
    would send tanks" is DEUGOV's); another side's violence is an accusation (112) and the
    act itself only reported, unless the speaker is a civilian, NGO, medium or IGO."""
    m = speaker.mention
    if m.code == event.source.code or not m.country:
        return (event,)
    if event.source.code[:3] == m.country:
        if len(m.code) > len(event.source.code):
            return (replace(event, source=ActorRef.of(m)),)
        return (event,)
    if (
        event.root < "14"
        or m.role not in _CONTESTED
        or event.target.code[:3] == event.source.code[:3]
        or event.modality != "asserted"
        or event.target.code[:3] != m.country
    ):
        return (event,)
    accusation = _recoded(
        event, "112", source=ActorRef.of(m), target=event.source, pattern=f"$speaker say [{event.pattern}]"
    )
    return (accusation, replace(event, modality="reported"))


def _recoded(event: Event, code: str, **changes: Any) -> Event:
    """The event under another CAMEO code, with that code's root, PLOVER type, Goldstein value
    and quad class."""
    c = load_cameo()[code]
    return replace(
        event, cameo=c.code, root=c.root, plover=c.plover, goldstein=c.goldstein, quad_class=c.quad_class, **changes
    )


def _ref(f: Found, kb: KB, date: str | None) -> ActorRef:
    """The actor on the event's date: a person's role may differ from the publication date's."""
    code = f.code
    if f.person is not None and date and f.mention.kind in ("person", "title", "pronoun"):
        code = kb.people[f.person].code_on(dates.parse_iso(date))
    m = f.mention
    if m.kind == "implied":  # named nowhere in the text: no span to point at
        return ActorRef(code=code, name=kb.code_name(code))
    return ActorRef(code=code, name=m.name, text=m.text, start=m.start, end=m.end)


def _confidence(match: Match, src: Found, tgt: Found) -> float:
    score = 0.55 + 0.08 * min(match.pattern.size - 2, 3)
    for f in (src, tgt):
        if f.mention.kind in ("pronoun", "title"):
            score -= 0.1
        elif f.mention.kind == "sector" and f.mention.country is None:
            score -= 0.15
    if match.symmetric or match.pattern.nominal:
        score -= 0.05
    if match.loose:
        score -= 0.15
    return round(max(0.05, min(0.95, score)), 2)


def _is_sports(doc: Doc) -> bool:
    hits = sum(1 for t in doc if t.lower_ in _SPORTS or t.lemma_.lower() in _SPORTS)
    return hits >= 4


def _sports_sentence(verb: Token) -> bool:
    return any(t.lower_ in _SPORTS for t in verb.sent)


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per occasion within an article: the same source, target, code and modality on
    the same day (or with no day given on one side) is one event told twice ("a summit between
    Trump and Kim broke down ... Trump and Kim met on Thursday"); the dated telling is kept."""
    out: list[Event] = []
    for e in events:
        same = next(
            (
                i
                for i, o in enumerate(out)
                if (o.source.code, o.target.code, o.cameo, o.modality)
                == (e.source.code, e.target.code, e.cameo, e.modality)
                and (o.date == e.date or o.date is None or e.date is None)
            ),
            None,
        )
        if same is None:
            out.append(e)
        elif out[same].date is None and e.date is not None:
            out[same] = e
    return out
