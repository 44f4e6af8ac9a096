"""Clause passes (dyads.events.passes): each reads one construction of a verb's or an event noun's
clause and returns a Match (pattern, sources, targets), tried in the documented order."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from dyads.actors.mentions import Found
from dyads.events import passes
from dyads.events.arguments import (
    _DATIVE,
    _across_border,
    _each_other,
    _fronted,
    _mentions_at,
    _one_subject,
    _sources,
    _speech_verb,
    _targets,
)
from dyads.events.gate import gate_of, router
from dyads.events.modality import modality_of
from dyads.events.responsibility import claimed_act
from dyads.events.verbs import Pattern, Verbs, compile_pattern, hostile
from dyads.model import Mention
from dyads.nlp.parse import lemmas, lowers, tokens
from dyads.nlp.syntax import DOBJ, clause, is_passive, reduced_passive


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
    via: str = "direct"  # the pass that read it (dyads.events.passes)


_REACTION_ROOTS = {"01", "02", "04", "05", "10", "11", "12", "13", "16"}


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
        p
        for p in patterns
        if p.code[:2] in roots
        and not p.nominal
        and p.words - {p.governor} <= lemmas
        and set(p.xcomp) <= lemmas
        and fits(p)
    ]


def _anaphor(verb: Token, tokens: list[Token], verbs: Verbs, by_token: dict[int, Found]) -> Token | None:
    objects = [t for t in tokens if t.dep_ in DOBJ and t.head == verb]
    if verb.dep_ == "relcl" and any(t.lower_ in ("that", "which") for t in objects):
        objects = [verb.head]  # "a buildup that Ankara has called a threat"
    elif verb.dep_ in ("relcl", "acl") and verb.head.pos_ == "NOUN" and not objects and _object_gap(verb):
        objects = [verb.head]  # "a charge Lima rejected", "a claim that Quito denied" (parsed as acl)
    return next(
        (
            t
            for t in objects
            if t.i not in by_token
            and t.lemma_.lower() in verbs.anaphora
            and not any(c.i in by_token for c in t.children if c.i < t.i)
            and not (t.pos_ == "PRON" and _named_before(t, verb, by_token))
        ),
        None,
    )  # "the U.S. move"


def _made_by(noun: Token, by_token: dict[int, Found]) -> tuple[Found, ...]:
    """The actors its participle names as the noun's agent ("the allegations made by Pakistan")."""
    return tuple(
        by_token[o.i]
        for c in noun.children
        if c.dep_ == "acl"
        for a in c.children
        if a.dep_ == "agent"
        for o in a.children
        if o.dep_ == "pobj" and o.i in by_token
    )


def _named_before(pronoun: Token, verb: Token, by_token: dict[int, Found]) -> bool:
    """ "blamed Somalia, accusing it of ...": an actor other than the subject named earlier in the
    sentence is what the pronoun stands for, not an earlier event's actors."""
    own = {f.code for f in _sources(verb, by_token)}
    return any(by_token[i].code not in own for i in range(pronoun.sent.start, pronoun.i) if i in by_token)


def _gap_object(verb: Token) -> Token | None:
    """The noun a relative clause with an object gap modifies, when it is no actor: "the deadline
    Pyongyang imposed on Washington", "the sanctions that Washington imposed on Tehran"."""
    if verb.dep_ not in ("relcl", "acl") or verb.head.pos_ != "NOUN" or not passes.on("direct"):
        return None
    gap = any(c.dep_ in DOBJ and c.lower_ in ("that", "which") for c in verb.children) or (
        verb.dep_ == "relcl" and _object_gap(verb) and not any(c.dep_ in DOBJ for c in verb.children)
    )
    return verb.head if gap else None


def _object_gap(verb: Token) -> bool:
    """A relative clause with its own subject and no object, no clause and no preposition left
    hanging: the noun it modifies is its object ("the claims Rome dismissed")."""
    children = list(verb.children)
    return (
        any(c.dep_ == "nsubj" and c.lower_ not in ("that", "which", "who") for c in children)
        and not any(c.dep_ in ("ccomp", "xcomp", "dative", "attr", "oprd", "nsubjpass") for c in children)
        and not any(c.dep_ == "prep" and not any(g.dep_ == "pobj" for g in c.children) for c in children)
    )


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


TokenPass = Callable[[Token, dict[int, Found]], "Match | None"]

# parts of speech that neither the dictionary nor a token pass reads as an event's word
_NO_PASS = frozenset({"PUNCT", "DET", "ADP", "CCONJ", "SCONJ", "PART", "NUM", "SPACE", "PRON", "SYM", "INTJ"})


def _matches(
    doc: Doc,
    by_token: dict[int, Found],
    verbs: Verbs,
    first: Sequence[tuple[str, TokenPass]] = (),
    extra: Sequence[tuple[str, TokenPass]] = (),
) -> Iterator[Match]:
    """Every match in the document, token by token. `first` passes (name, function) run before a
    token's own patterns and replace them when they match ("met visiting Y"); `extra` passes run
    after them (pass modules that build on this one: obligation, phone)."""
    matched: dict[int, Match] = {}
    # asked once per document, not per token: which passes are on, and where each can start
    firsts = [f for name, f in first if passes.on(name)]
    extras = [f for name, f in extra if passes.on(name)]
    routes = router(tuple(gate_of(f) for f in firsts), tuple(gate_of(f) for f in extras))
    shared_on = passes.on("shared_target")
    for tok, lemma, word in zip(tokens(doc), lemmas(doc), lowers(doc), strict=True):
        pos = tok.pos_
        if pos in _NO_PASS:
            continue  # punctuation, determiners, prepositions, pronouns: no pass starts at one
        # the passes whose gates admit this kind of token (events/gate.py)
        at_first, at_extra = routes.route(pos, tok.dep_, lemma, word)
        pre = next((m for i in at_first for m in [firsts[i](tok, by_token)] if m is not None), None)
        if pre is not None:
            yield pre
            continue
        head = _head_lemma(tok, verbs.by_head) if pos in ("VERB", "AUX") else None
        if head is not None:
            m = _match_verb(tok, verbs.by_head[head], by_token, verbs)
            if (
                (m is None or m.anaphor is not None and m.fallback is None)
                and tok.dep_ == "conj"
                and tok.head.i in matched
                and shared_on
            ):
                shared = _shared_target(tok, verbs.by_head[head], matched[tok.head.i], by_token)
                m = replace(m, fallback=shared) if m is not None else shared
            if m is not None:
                matched[tok.i] = m
                yield m
        for i in at_extra:
            m = extras[i](tok, by_token)
            if m is not None:
                yield m


# "stands accused of sedition", "remains charged with fraud": a state, not an act, and a passive
# whose accuser is unnamed; neither the linking verb nor the participle is an event
_LINKING = {"stand", "remain"}


def _standing_charge(verb: Token) -> bool:
    if verb.lemma_.lower() in _LINKING:
        return any(c.dep_ in ("xcomp", "acomp", "oprd") and c.tag_ == "VBN" for c in verb.children)
    return verb.tag_ == "VBN" and verb.dep_ in ("xcomp", "acomp", "oprd") and verb.head.lemma_.lower() in _LINKING


def _match_verb(verb: Token, patterns: tuple[Pattern, ...], by_token: dict[int, Found], verbs: Verbs) -> Match | None:
    if _standing_charge(verb) or (passes.on("claim") and claimed_act(verb)):
        return None  # "claimed responsibility for attacks targeting police": the claim is the event
    front = _fronted(verb)  # "In a post on X, Y called ...": no word of a pattern, no target
    tokens = [t for t in clause(verb) if t.i not in front]
    passive = is_passive(verb) or reduced_passive(verb)
    lemmas = {t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens}
    gap = _gap_object(verb)
    if gap is not None and gap.lemma_.lower() not in verbs.anaphora:
        # "the deadline Pyongyang imposed on Washington"; "the charges Rome dismissed" is an anaphor
        lemmas.add(gap.lemma_.lower())
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
        if targets and sources and passes.on("direct"):
            return Match(verb, p, sources, targets)
        if len(sources) > 1 and p.direct and passes.on("each_other") and _each_other(tokens, verb):
            return Match(verb, p, sources, (), symmetric=True, via="each_other")  # "accused each other of"
    if len(sources) > 1 and passes.on("symmetric"):
        group = any(c.dep_ == "nsubj" and c.i in by_token and by_token[c.i].members for c in verb.children)
        m = _symmetric(verb, patterns, tokens, lemmas, sources, verbs, group)
        if m is not None:
            return m
    loose = _loose(verb, patterns, tokens, lemmas, sources, by_token) if sources and passes.on("loose") else None
    noun = _anaphor(verb, tokens, verbs, by_token) if sources and passes.on("anaphor") else None
    if loose is not None and noun is None:
        return loose
    if sources and passes.on("addressee"):
        addressee = _addressee(verb, patterns, lemmas, by_token)
        if addressee is not None:
            return Match(verb, addressee[0], sources, addressee[1], via="addressee")
    implied = _implied_protest(verb, patterns, lemmas, sources) if sources and passes.on("implied_protest") else None
    if implied is not None:
        return implied
    accusation = _accusation(verb, patterns, lemmas, sources, by_token) if sources and passes.on("accusation") else None
    if accusation is not None:
        return accusation
    if noun is not None:
        # the event noun is the object: "condemned the attack", "Baku denied the charge"; when no
        # earlier event fits, the actor loosely in the clause is the target after all
        word = noun.lemma_.lower()
        lemmas = lemmas | {word}  # a relative clause's noun is outside its clause ("charges Rome dismissed")
        reaction = _most_general(
            patterns, lemmas, _REACTION_ROOTS, lambda p: word in p.words and not p.xcomp
        ) or _most_general(patterns, lemmas, _REACTION_ROOTS, lambda p: p.direct and not p.xcomp)
        if reaction is not None:
            agents = _made_by(noun, by_token)  # an actor named on the noun wins
            if agents:
                return Match(verb, reaction, sources, agents, via="anaphor")
            return Match(verb, reaction, sources, (), anaphor=noun, fallback=loose, via="anaphor")
    return loose


_SHARED_ROOTS = {"10", "11", "12", "13", "16", "17"}


def _shared_target(
    verb: Token, patterns: tuple[Pattern, ...], first: Match, by_token: dict[int, Found]
) -> Match | None:
    """ "gave the rebels two days to free the hostages and threatened to strike": a second verb of the
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
    return Match(verb, p, sources, first.targets, loose=True, via="shared_target") if p is not None else None


def _symmetric(
    verb: Token,
    patterns: tuple[Pattern, ...],
    tokens: list[Token],
    lemmas: set[str],
    sources: tuple[Found, ...],
    verbs: Verbs,
    group: bool = False,
) -> Match | None:
    """ "Iran and Iraq signed an accord", "X and Y agreed to meet", "X and Y held talks": one event
    each way. A pair named as one ("both countries", "the two sides") acting on their own envoys
    ("Both countries withdrew their ambassadors") act on each other."""
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
            or group
            and p.words & _ENVOYS & objects
        ):
            if xcomps and not p.xcomp and p.code[:2] == "01":
                # "the two leaders agreed to keep their ministries in contact": an agreement to act
                # together, not a mere statement of accord; the infinitive has no pattern of its own
                p = replace(p, code="030", text=f"{p.head} to {xcomps[0]} ... with $target")
            return Match(verb, p, sources, (), symmetric=True, via="symmetric")
    return None


_ENVOYS = {"ambassador", "envoy", "diplomat", "embassy"}


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
    # "warned of a possible IS resurgence": what a warning or a complaint is about is not its
    # addressee; "with Y speaking to Z": an absolute phrase tells an act of its own
    others = [f for f in others if not _aside(verb.doc[f.start], verb)]
    if len({f.mention.country for f in others}) == 1:
        # "hit depots at nine militia bases across Syria": one country, and the actor in it is the target
        actors = [f for f in others if f.mention.kind != "country"]
        others = actors if len(actors) == 1 else others
    if len(others) != 1:
        return None
    xcomps = {t.lemma_.lower() for t in tokens if t.dep_ == "xcomp"}
    for p in patterns:
        # hosting needs the guest as the verb's own object: "the plan received support in Paris"
        # hosts no one
        if p.words <= lemmas and set(p.xcomp) <= xcomps and not p.nominal and p.code != "043":
            return Match(verb, p, sources, (others[0],), loose=True, via="loose")
    return None


_ABOUT = {"of", "about"}


def _aside(tok: Token, verb: Token) -> bool:
    """The actor sits in the verb's "of"/"about" phrase (the topic) or in a "with" phrase that has
    a verb of its own (an absolute phrase: "with Y speaking to Z")."""
    while tok != verb and tok.head != tok:
        head = tok.head
        if tok.dep_ == "prep" and head == verb and tok.lower_ in _ABOUT:
            return True
        if (
            tok.dep_ == "prep"
            and tok.lower_ == "with"
            and any(
                c.dep_ in ("pobj", "pcomp")
                and any(g.dep_ in ("acl", "relcl") and g.pos_ == "VERB" for g in c.children)
                or c.dep_ == "pcomp"
                and c.pos_ == "VERB"
                for c in tok.children
            )
        ):
            return True
        tok = head
    return False


_ACCUSE = compile_pattern("112", "accuse $target")


_PUBLIC = {"CVL", "OPP", "LAB", "EDU", "REL", "NGO", "BUS"}  # traders protesting a levy too


def _implied_protest(
    verb: Token, patterns: tuple[Pattern, ...], lemmas: set[str], sources: tuple[Found, ...]
) -> Match | None:
    """ "Thousands of Chileans marched through the capital": by CAMEO convention a protest
    with no named target is directed at the protesters' own government."""
    p = _most_general(patterns, lemmas, {"14"})
    if p is None or any(f.mention.role not in _PUBLIC or not f.mention.country for f in sources):
        return None
    if any(c.dep_ in DOBJ and c.pos_ == "PRON" for c in verb.children):
        return None  # "stormed it": something named before was stormed, no protest at large
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
    return Match(verb, p, sources, (Found(mention=government, start=verb.i, end=verb.i),), via="implied_protest")


def _accusation(
    verb: Token, patterns: tuple[Pattern, ...], lemmas: set[str], sources: tuple[Found, ...], by_token: dict[int, Found]
) -> Match | None:
    """ "Serbia's army said Kosovar police had raided border posts": a party to a
    conflict saying the other side used force accuses it (112), whoever the victims were."""
    if not any(hostile(p.code) and p.words - {p.governor} <= lemmas for p in patterns):
        return None  # the cheap test first: no hostile pattern fits this clause
    if not any(c.dep_ in ("dobj", "prep", "nsubjpass", "agent") for c in verb.children):
        return None  # "he is still fighting": no one fought, no one is accused
    said = _speech_verb(verb)
    if said is not None and modality_of(verb) == "negated":
        return None  # "said China had not violated its airspace" accuses no one
    speaker = _one_subject(said, by_token) if said is not None else None
    if said is None or speaker is None or not speaker.mention.country or speaker.mention.role not in _CONTESTED:
        return None
    accused = tuple(f for f in sources if f.mention.country and f.mention.country != speaker.mention.country)
    return Match(said, _ACCUSE, (speaker,), accused, via="accusation") if accused else None


_CONTESTED = {"GOV", "MIL", "COP", "REB", "OPP", "LEG", "JUD", "SPY", None}
