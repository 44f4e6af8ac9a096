"""Events named by nouns: "Brazil's expulsion of the envoy", "talks between Hanoi and Manila",
"sanctions imposed by the EU on Russia", "the Norwegian-brokered truce between X and Y".

An event noun is read like a clause (docs/verbs.md, "Event nouns"):

- its **arguments** are its possessor, its compound and demonym modifiers, its by/of/on/against/
  between/with phrases, and those of a participle hanging from it ("sanctions imposed by X on
  Y"); the `noun:` patterns (nouns.yml) say which phrase holds the target and give the code;
- it is coded only when the text **asserts the act**: the noun is the subject of a told clause
  ("talks between X and Y ended"), the object of a verb that performs it ("X launched an
  offensive against Y", the subject being the source when the noun names none), the object of
  a verb that reports it done ("officials confirmed the arrest of X by police"), or the setting
  of a told clause ("killed in an airstrike by X", "after four days of talks between X and Y").
  An act that is called for, offered, planned or called off ("urged talks between ...") is the
  governing verb's business, and a background noun ("a 2013 agreement", "the previous round
  of talks") is no event.

Two constructions beyond the patterns: a target that "came under attack from X", and a
mediator's participle ("the Qatari-brokered ceasefire between X and Y", "talks mediated by
Norway"): mediation (045) by the mediator toward each party.

The word lists live in dyads/data/verbs/nominal.yml, one list per concept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.errors import KnowledgeError
from dyads.events.modality import modality_of
from dyads.events.verbs import Pattern, Verbs, compile_pattern, read_yaml
from dyads.model import Mention
from dyads.nlp.syntax import DOBJ, governors
from dyads.paths import data_dir

# the caller's resolver from head tokens to actor mentions (with conjuncts and group members)
MentionsAt = Callable[[Iterable[Token]], tuple[Found, ...]]

# codes whose "between" phrase names the parties a third actor acts on, not two actors acting
# on each other ("mediation between X and Y")
MEDIATION = frozenset({"045", "039", "038"})
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_SUBJECTS = ("nsubj", "nsubjpass")


@dataclass(frozen=True, slots=True)
class NounLists:
    """The word lists of nominal.yml (lemmas)."""

    performed_by_subject: frozenset[str]
    reported_as_done: frozenset[str]
    setting: frozenset[str]
    measure: frozenset[str]
    not_done: frozenset[str]
    background: frozenset[str]
    mediating: frozenset[str]
    mediated: frozenset[str]
    undergone: frozenset[str]
    stative: frozenset[str]
    suffered_in: frozenset[str]
    seen_by_time_or_place: frozenset[str]


@lru_cache(maxsize=1)
def load_lists() -> NounLists:
    """nominal.yml, once per process; KnowledgeError naming a missing list."""
    path = data_dir() / "verbs" / "nominal.yml"
    data = read_yaml(path.read_text(encoding="utf-8")) or {}
    try:
        return NounLists(
            **{name: frozenset(str(w).lower() for w in data[name]) for name in NounLists.__dataclass_fields__}
        )
    except KeyError as exc:
        raise KnowledgeError(f"{path.name}: no list {exc.args[0]!r}") from exc


@dataclass(frozen=True, slots=True)
class NounEvent:
    """An act a noun names: the noun, the pattern that coded it and its actors."""

    noun: Token
    pattern: Pattern
    sources: tuple[Found, ...]
    targets: tuple[Found, ...]
    symmetric: bool = False  # "talks between X and Y": each party acts on the other


@dataclass(frozen=True, slots=True)
class Setting:
    """Where an event noun sits: the told clause that asserts it, and the verb whose subject
    performed the act when that verb says so ("launched an offensive")."""

    verb: Token
    performer: Token | None = None


def noun_events(
    doc: Doc, by_token: dict[int, Found], verbs: Verbs, kb: KB, mentions_at: MentionsAt
) -> Iterator[NounEvent]:
    """The asserted acts the document names by nouns, in text order."""
    lists = load_lists()
    for tok in doc:
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        lemma = tok.lemma_.lower()
        patterns = verbs.nominal.get(lemma, ())
        if not patterns and lemma not in lists.mediated:
            continue
        setting = asserted_setting(tok, lists)
        if setting is None:
            continue
        if lemma in lists.mediated:
            mediation = _mediation(tok, by_token, mentions_at, lists, kb)
            if mediation is not None:
                yield mediation
        found = (
            _undergone(tok, patterns, by_token, mentions_at, lists)
            or _match(tok, patterns, setting, mentions_at)
            or _hyphen_pair(tok, patterns, by_token, kb)
            or _call_setting(tok, patterns, setting, mentions_at)
            or _suffered_in(tok, patterns, setting, mentions_at, lists)
        )
        if found is not None:
            yield found


def asserted_setting(noun: Token, lists: NounLists) -> Setting | None:
    """The told clause that asserts the act the noun names, or None: a background noun, an act
    asked for, offered, planned or called off, or a noun the sentence only mentions."""
    if background(noun, lists):
        return None
    tok = noun
    for _ in range(4):  # "a series of airstrikes", "the raids and arrests": the act takes their place
        if tok.dep_ == "conj" and tok.head.pos_ in ("NOUN", "PROPN"):
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in lists.measure:
            tok = tok.head.head
            if background(tok, lists):
                return None
        else:
            break
    head = tok.head
    if tok.dep_ in _SUBJECTS and head.pos_ in ("VERB", "AUX"):
        if head.lemma_.lower() in lists.not_done | lists.stative:
            return None  # "the talks were postponed", "sanctions imposed on him were worthless"
        performer = head if tok.dep_ == "nsubjpass" and head.lemma_.lower() in lists.performed_by_subject else None
        setting = Setting(head, performer)
    elif tok.dep_ in DOBJ and head.pos_ in ("VERB", "AUX"):
        lemma = head.lemma_.lower()
        if lemma in lists.performed_by_subject:
            setting = Setting(head, head)
        elif lemma in lists.reported_as_done or lemma in lists.seen_by_time_or_place and _scene(head):
            setting = Setting(head)
        else:
            return None
    elif tok.dep_ == "pobj" and head.lower_ == "under" and head.head.lemma_.lower() in lists.undergone:
        setting = Setting(head.head)  # "came under attack from ..."
    elif tok.dep_ == "pobj" and head.lower_ in lists.setting:
        verb = _predicate(head)
        if verb is None:
            return None
        setting = Setting(verb)
    else:
        return None
    chain = governors(setting.verb)
    if any(g.lemma_.lower() in lists.not_done for g in chain[1:3]) or modality_of(setting.verb) != "asserted":
        return None  # "vowed to launch an offensive", "did not hold talks"
    return setting


def background(noun: Token, lists: NounLists) -> bool:
    """ "a 2013 agreement", "last year's raid", "the previous round", "a possible strike", "no
    talks": the noun names no act this story tells."""
    for c in noun.children:
        if c.dep_ == "det" and c.lower_ == "no":
            return True
        if c.dep_ not in ("amod", "compound", "nummod", "npadvmod", "poss", "advmod", "nmod", "quantmod"):
            continue
        words = [c] if c.dep_ != "poss" else list(c.subtree)
        if any(w.lemma_.lower() in lists.background or _YEAR.match(w.text) for w in words):
            return True
        if c.dep_ == "poss" and c.lemma_.lower() == "year":
            return True  # "last year's attack"
    return False


def _scene(verb: Token) -> bool:
    """The verb's subject is a time or a place ("the weekend saw ...", "the city witnessed ...")."""
    return any(
        c.dep_ == "nsubj" and (c.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC") or c.lemma_.lower() in _TIMES)
        for c in verb.children
    )


_TIMES = {
    "day",
    "night",
    "week",
    "weekend",
    "month",
    "year",
    "morning",
    "afternoon",
    "evening",
    "city",
    "town",
    "region",
}


def _predicate(tok: Token) -> Token | None:
    """The verb of the clause a phrase belongs to."""
    for _ in range(6):
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.head == tok:
            return None
        tok = tok.head
    return None


def _arms(noun: Token) -> list[Token]:
    """The noun and the participles that hang from it: "sanctions imposed by X on Y"."""
    return [noun, *(c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN")]


def _phrase_objects(arms: Iterable[Token], preposition: str) -> list[Token]:
    """The objects of the arms' `preposition` phrases; one level down too ("talks in Beijing
    between X and Y", "sanctions imposed by the EU on Russia"), except for "of"."""
    arms = list(arms)
    preps = [c for a in arms for c in a.children if c.dep_ in ("prep", "agent") and c.lower_ == preposition]
    if not preps and preposition != "of":
        preps = [
            g
            for a in arms
            for c in a.children
            if c.dep_ in ("prep", "agent")
            for o in c.children
            if o.dep_ == "pobj"
            for g in o.children
            if g.dep_ == "prep" and g.lower_ == preposition
        ]
    return [o for p in preps for o in p.children if o.dep_ == "pobj"]


def _own_sources(noun: Token, arms: list[Token], mentions_at: MentionsAt, agents: tuple[str, ...]) -> tuple[Found, ...]:
    """Who the noun says acted: its by-phrase (or its participle's), else its possessor and its
    compound and demonym modifiers ("Israel's strike", "an Israeli strike", "the U.S. raid")."""
    by = [o for a in (*arms,) for word in agents for o in _phrase_objects([a], word)]
    found = mentions_at(by)
    if found:
        return found
    mods = [c for c in noun.children if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < noun.i]
    return mentions_at(mods)


def _performers(verb: Token, mentions_at: MentionsAt) -> tuple[Found, ...]:
    """The subject of a verb that performs the act ("Ethiopia launched an offensive"), or its
    passive agent ("an offensive was launched by Ethiopia")."""
    while verb.dep_ == "conj" and not any(c.dep_ in _SUBJECTS for c in verb.children):
        verb = verb.head
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:
        return mentions_at(subjects)
    return mentions_at(o for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj")


def _match(noun: Token, patterns: tuple[Pattern, ...], setting: Setting, mentions_at: MentionsAt) -> NounEvent | None:
    """The noun's most specific pattern whose target phrase names an actor, with its source."""
    arms = _arms(noun)
    lemmas = {t.lemma_.lower() for a in arms for t in a.subtree}
    own = _own_sources(noun, arms, mentions_at, ("by",))
    for p in patterns:
        if not p.words <= lemmas:
            continue
        targets = tuple(f for f in mentions_at(_phrase_objects(arms, p.governor)) if f not in own)
        if not targets:
            continue
        if p.governor == "between" and len(targets) > 1 and p.code[:3] not in MEDIATION:
            return NounEvent(noun, p, targets, (), symmetric=True)  # "talks between X and Y"
        sources = own
        if not sources and setting.performer is not None:
            sources = _performers(setting.performer, mentions_at)  # "X launched an offensive on Y"
        sources = tuple(f for f in sources if f not in targets)
        if sources:
            return NounEvent(noun, p, sources, targets)
    return None


def _undergone(
    noun: Token,
    patterns: tuple[Pattern, ...],
    by_token: dict[int, Found],
    mentions_at: MentionsAt,
    lists: NounLists,
) -> NounEvent | None:
    """ "The convoy came under attack from the rebels": the subject is the target, the noun's
    from- or by-phrase (or its demonym) the source; coded with the noun's most general pattern."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "under" or prep.head.lemma_.lower() not in lists.undergone:
        return None
    verb = prep.head
    targets = mentions_at(c for c in verb.children if c.dep_ in _SUBJECTS)
    sources = _own_sources(noun, _arms(noun), mentions_at, ("from", "by"))
    lemmas = {t.lemma_.lower() for t in noun.subtree}
    fitting = [p for p in patterns if p.words - {p.governor} <= lemmas and p.code[:3] not in MEDIATION]
    p = min(fitting, key=lambda p: (p.size, len(p.code)), default=None)
    sources = tuple(f for f in sources if f not in targets)
    if p is None or not sources or not targets:
        return None
    return NounEvent(noun, p, sources, targets)


def _mediation(
    noun: Token, by_token: dict[int, Found], mentions_at: MentionsAt, lists: NounLists, kb: KB
) -> NounEvent | None:
    """ "the Norwegian-brokered truce between the army and the rebels", "talks between X and Y
    mediated by Qatar", "the U.S.-brokered ceasefire": mediation (045) by the mediator toward each
    party."""
    mediators: list[Found] = []
    word = ""
    for c in noun.children:
        if c.dep_ not in ("amod", "compound", "acl", "nmod", "npadvmod"):
            continue
        lemma = c.lemma_.lower()
        if lemma in lists.mediating:  # "Qatari - brokered", "brokered by Qatar"
            word = lemma
            heads = [d for d in c.children if d.dep_ in ("npadvmod", "compound", "nmod", "amod", "poss")]
            heads += [o for a in c.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
            mediators += mentions_at(heads) or [f for d in heads if (f := _demonym(d, kb)) is not None]
        elif "-" in c.text:  # "U.S.-brokered": one token
            prefix, _, suffix = c.lower_.rpartition("-")
            found = next((w for w in lists.mediating if suffix in (w + "ed", w + "d")), None)
            if found and prefix:
                word = found
                mediators += [by_token[c.i]] if c.i in by_token else []
    mediators = list(dict.fromkeys(mediators))
    parties = tuple(f for f in mentions_at(_phrase_objects(_arms(noun), "between")) if f not in mediators)
    if not mediators or not parties:
        return None
    pattern = compile_pattern("045", f"noun: {noun.lemma_.lower()} {word} between $target")
    return NounEvent(noun, pattern, tuple(mediators), parties)


_DEMONYMS: dict[int, dict[str, str]] = {}


def _demonym(tok: Token, kb: KB) -> Found | None:
    """A bare demonym the actor stage leaves alone ("Qatari" in "Qatari-brokered"): its country."""
    table = _DEMONYMS.get(id(kb))
    if table is None:
        table = _DEMONYMS[id(kb)] = {d.lower(): c.iso3 for c in kb.countries.values() for d in c.demonyms}
    iso3 = table.get(tok.lower_.rstrip("-"))  # "Korean- and Japanese-built"
    if iso3 is None:
        return None
    mention = Mention(
        text=tok.text,
        start=tok.idx,
        end=tok.idx + len(tok.text),
        code=iso3,
        country=iso3,
        name=kb.country_name(iso3),
        kind="country",
    )
    return Found(mention=mention, start=tok.i, end=tok.i + 1)


def _hyphen_pair(noun: Token, patterns: tuple[Pattern, ...], by_token: dict[int, Found], kb: KB) -> NounEvent | None:
    """ "Russia-Ukraine talks", "U.S.-China talks": two actors joined by a hyphen before a noun
    that takes a "between" phrase are its parties, one event per ordered pair."""
    lemmas = {t.lemma_.lower() for t in noun.subtree}
    p = next(
        (
            p
            for p in patterns
            if p.governor == "between" and p.code[:3] not in MEDIATION and p.words - {"between"} <= lemmas
        ),
        None,
    )
    if p is None:
        return None
    left = [t for t in noun.doc[noun.left_edge.i : noun.i] if t.dep_ in ("compound", "amod", "nmod", "npadvmod")]
    before = noun.doc[noun.i - 1] if noun.i else None
    if before is not None and before not in left and "-" in before.text and before.i not in by_token:
        left.append(before)  # "follows U.S.-Ukraine talks": the parser hung the pair on the verb
    parties: list[Found] = []
    for t in left:
        if "-" in t.text and len(t.text) > 2:  # one token: "U.S.-China"
            parties += [f for part in _parts(t) if (f := _named(part, t, kb)) is not None]
        elif t.i in by_token and (
            t.i + 2 < len(t.doc) and t.doc[t.i + 1].text == "-" or t.i >= 2 and t.doc[t.i - 1].text == "-"
        ):
            parties.append(by_token[t.i])  # "Russia - Ukraine": the tokenizer split the hyphen
    parties = list(dict.fromkeys(parties))
    if len({f.code for f in parties}) < 2:
        return None
    return NounEvent(noun, p, tuple(parties), (), symmetric=True)


def _parts(tok: Token) -> list[tuple[str, int]]:
    """The hyphen-separated parts of a token with their character offsets."""
    out, at = [], tok.idx
    for part in tok.text.split("-"):
        out.append((part, at))
        at += len(part) + 1
    return out


def _named(part: tuple[str, int], tok: Token, kb: KB) -> Found | None:
    """A country (or capital) the knowledge base knows by exactly this word."""
    text, start = part
    entry = next(
        (
            e
            for e in kb.lexicon.get((text.lower(),), [])
            if e.kind in ("country", "capital") and (e.exact is None or e.exact == text) and text[:1].isupper()
        ),
        None,
    )
    if entry is None:
        return None
    mention = Mention(
        text=text,
        start=start,
        end=start + len(text),
        code=entry.key,
        country=entry.key,
        name=kb.country_name(entry.key),
        kind="country",
    )
    return Found(mention=mention, start=tok.i, end=tok.i + 1)


def _call_setting(
    noun: Token, patterns: tuple[Pattern, ...], setting: Setting, mentions_at: MentionsAt
) -> NounEvent | None:
    """ "Sheinbaum told Trump in a phone call": a call that is the setting of a told clause is a
    call between the clause's subject and its object (only patterns that name the medium,
    "noun: call phone with $target", so that "in a call for calm" is no call)."""
    if noun.dep_ != "pobj" or noun.head.head != setting.verb:
        return None
    lemmas = {t.lemma_.lower() for t in noun.subtree}
    p = next((p for p in patterns if p.governor == "with" and p.size >= 3 and p.words - {"with"} <= lemmas), None)
    if p is None:
        return None
    verb = setting.verb
    sources = mentions_at(c for c in verb.children if c.dep_ == "nsubj")
    heads = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    heads += [
        o
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in ("with", "to")
        for o in c.children
        if o.dep_ == "pobj"
    ]
    targets = tuple(f for f in mentions_at(heads) if f not in sources)
    return NounEvent(noun, p, sources, targets) if sources and targets else None


def _suffered_in(
    noun: Token, patterns: tuple[Pattern, ...], setting: Setting, mentions_at: MentionsAt, lists: NounLists
) -> NounEvent | None:
    """ "A smuggler died in a shootout with border guards": a fight that is the setting of a
    clause whose subject suffered in it is fought by the noun's with-party on that subject."""
    verb = setting.verb
    if noun.dep_ != "pobj" or noun.head.head != verb or verb.lemma_.lower() not in lists.suffered_in:
        return None
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if not passive and verb.lemma_.lower() != "die":
        return None
    lemmas = {t.lemma_.lower() for t in noun.subtree}
    p = next((p for p in patterns if p.governor == "with" and p.words <= lemmas and p.code[:2] >= "18"), None)
    if p is None:
        return None
    sources = mentions_at(_phrase_objects([noun], "with"))
    targets = tuple(f for f in mentions_at(c for c in verb.children if c.dep_ in _SUBJECTS) if f not in sources)
    return NounEvent(noun, p, sources, targets) if sources and targets else None
