"""Actors, step 1: knowledge-base phrases (atoms) at each token, joined into noun-phrase groups."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from dyads.actors.eponyms import eponym_joins
from dyads.actors.kb import KB, Entry
from dyads.model import Mention, MentionKind
from dyads.nlp.parse import ent_at, ents, lowers, span_root, tokens

COUNTRYISH = ("country", "capital", "demonym")


_CONNECT = {
    "'s",
    "’s",
    "'",
    "’",
    "-",
    "the",
    "a",
    "an",
    "former",
    "then",
    "then-",
    "ex",
    "ex-",
    "top",
    "new",
    "deputy",
    "acting",
    "interim",
    "caretaker",
    "outgoing",
    "incoming",
    "senior",
    "chief",
    "leading",
    "current",
    "late",
    "longtime",
    "veteran",
    "powerful",
    "own",
}


_ENTITY_BLOCKERS = {"PERSON", "WORK_OF_ART", "FAC", "PRODUCT", "EVENT", "LAW"}


@dataclass
class Atom:
    start: int  # token indices, half-open
    end: int
    entries: list[Entry]
    doc_token: Token | None = None  # the atom's last token
    prefix: str | None = None  # the actor's part of a fused token ("U.S." of "U.S.-drafted")
    # the entries' kinds, collected once: grouping and resolution ask for them again and again
    _kinds: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._kinds = frozenset(e.kind for e in self.entries)

    def kinds(self) -> frozenset[str]:
        return self._kinds

    def first(self, *kinds: str) -> Entry | None:
        for e in self.entries:
            if e.kind in kinds:
                return e
        return None


@dataclass(eq=False)
class Found:
    """A resolved mention with what later stages need: tokens, person, title."""

    mention: Mention
    start: int  # token span
    end: int
    person: int | None = None  # index into KB.people
    title: str | None = None  # head title word ("minister", "president")
    plural: bool = False
    atoms: list[Atom] = field(default_factory=list)
    members: list[Found] = field(default_factory=list)  # "the two leaders": the people it stands for
    antecedent: Found | None = None  # what a pronoun stands for
    holder: str | None = None  # a person the KB does not know, named in the mention ("spokesman Ali Rezaei")

    @property
    def code(self) -> str:
        return self.mention.code


def match_atoms(doc: Doc, kb: KB) -> list[Atom]:
    """Longest knowledge-base phrase at each token, left to right, without overlaps."""
    atoms: list[Atom] = []
    toks, lows = tokens(doc), lowers(doc)
    i, n = 0, len(doc)
    while i < n:
        tok = toks[i]
        if tok.is_space or tok.is_punct:
            i += 1
            continue
        hyphen = _hyphen_actor(tok, kb) if "-" in lows[i] else None
        if hyphen is not None:  # "U.S.-drafted", "Saudi-led", "Iranian-backed"
            atoms.append(hyphen)
            i += 1
            continue
        longest = kb.first.get(lows[i], 0)
        if not longest:  # most tokens start no known phrase
            i += 1
            continue
        for length in range(min(longest, n - i), 0, -1):
            entries = kb.lexicon.get(lows[i : i + length])
            if not entries:
                continue
            span = doc[i : i + length]
            entries = [e for e in entries if _fits(span, e) and not contradicted(doc, i, i + length, e, kb)]
            if entries and (_modifier_only(doc, i, i + length, entries) or _scare_quoted(doc, i, i + length, entries)):
                entries = []  # "Mali's military-led government", "the military offensive", a "representative"
            if entries:
                atoms.append(Atom(i, i + length, entries, toks[i + length - 1]))
                i += length
                break
        else:
            i += 1
    return atoms


# nouns a sector adjective modifies without naming an actor: "the military offensive", "police action"
_NOT_ACTORS = {
    "offensive",
    "operation",
    "operations",
    "action",
    "campaign",
    "exercise",
    "exercises",
    "drill",
    "drills",
    "intervention",
    "presence",
    "aid",
    "assistance",
    "support",
    "spending",
    "budget",
    "equipment",
    "hardware",
    "buildup",
    "build-up",
    "deployment",
    "pressure",
    "solution",
    "option",
    "cooperation",
    "ties",
    "escalation",
    "victory",
    "defeat",
    "parade",
    "service",
    "training",
}


_MARKS = {'"', "“", "”", "'", "‘", "’"}


def _scare_quoted(doc: Doc, start: int, end: int, entries: list[Entry]) -> bool:
    """A sector word alone between quote marks is a word talked about, not an actor."""
    return (
        all(e.kind == "sector" for e in entries)
        and start > 0
        and end < len(doc)
        and doc[start - 1].text in _MARKS
        and doc[end].text in _MARKS
    )


def _modifier_only(doc: Doc, start: int, end: int, entries: list[Entry]) -> bool:
    """A sector word that only modifies: fused to a participle ("military-led government", whose
    head is the actor) or an adjective on a noun that names no actor ("the military offensive")."""
    if not all(e.kind == "sector" for e in entries):
        return False
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in _AGENCY:
        return True
    if (
        start > 1
        and doc[start - 1].text == "-"
        and not doc[start - 2].whitespace_
        and doc[start - 2].lower_ not in ("ex", "then", "vice", "co")
    ):
        return True  # "in-person", "pro-government", "anti-police": part of a compound adjective
    last = doc[end - 1]
    return (
        end - start == 1
        and last.pos_ == "ADJ"
        and last.dep_ == "amod"
        and last.head.i == end
        and last.head.lower_ in _NOT_ACTORS
    )


_AGENCY = (
    "led",
    "backed",
    "drafted",
    "brokered",
    "sponsored",
    "funded",
    "supplied",
    "made",
    "run",
    "controlled",
    "supported",
    "allied",
    "aligned",
    "imposed",
    "proposed",
    "mediated",
    "armed",
    "trained",
)


def _hyphen_actor(tok: Token, kb: KB) -> Atom | None:
    """A country or demonym fused to a participle in one token: the actor is the first part."""
    text = tok.text
    if "-" not in text or not text[:1].isupper():
        return None
    prefix, _, suffix = text.rpartition("-")
    if suffix.lower() not in _AGENCY:
        return None
    entries = [e for e in kb.lexicon.get((prefix.lower(),), []) if e.kind in ("country", "demonym", "igo", "capital")]
    return Atom(tok.i, tok.i + 1, entries, tok, prefix=prefix) if entries else None


def _fused(doc: Doc, atom: Atom, kb: KB) -> Found:
    """The mention of the actor's part of a fused token, with exact character offsets."""
    entry = atom.entries[0]
    tok = doc[atom.start]
    assert atom.prefix is not None
    code = entry.key
    kind: MentionKind = "igo" if entry.kind == "igo" else "country"
    country = code if kind == "country" else None
    mention = Mention(
        text=atom.prefix,
        start=tok.idx,
        end=tok.idx + len(atom.prefix),
        code=code,
        country=country,
        role=None,
        name=entry.name if kind == "igo" else kb.country_name(code),
        kind=kind,
    )
    return Found(mention=mention, start=atom.start, end=atom.end, atoms=[atom])


_HONORIFIC = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sen", "sen.", "rep", "rep.", "gen", "gen."}


def contradicted(doc: Doc, start: int, end: int, entry: Entry, kb: KB) -> bool:
    """A part of a person's name whose neighbours in the same name are not that person's: "Lai"
    in "Jimmy Lai" is not William Lai, "Wen" in "Wen-Hsuan Lo" is not Wen Jiabao."""
    if entry.kind not in ("person", "surname"):
        return False
    person = kb.people[int(entry.key)]
    words = _words_of_names((person.name, *person.aliases))
    if start > 0 and not doc[start].is_sent_start:
        prev = doc[start - 1]
        ent = ent_at(doc, start)
        if (
            ent is not None
            and ent.start < start  # one entity: "Jimmy Lai" (spaCy may call a name an ORG)
            and prev.is_alpha
            and not prev.is_upper  # "DP", "MP": an abbreviated title
            and prev.text[:1].isupper()
            and prev.lower_ not in words
            and prev.lower_ not in kb.sectors
            and prev.lower_ not in _HONORIFIC
            and all(e.kind in ("person", "surname") for e in kb.lexicon.get((prev.lower_,), []))
        ):
            return True
    if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and doc[end + 1].is_alpha:
        return doc[end + 1].lower_ not in words and doc[end + 1].text[:1].isupper()  # "Wen-Hsuan"
    if end < len(doc):
        nxt = doc[end]
        ent = ent_at(doc, end - 1)
        return (
            ent is not None
            and ent.label_ == "PERSON"
            and ent.end > end
            and nxt.is_alpha
            and nxt.text[:1].isupper()
            and nxt.lower_ not in words
        )
    return False


@lru_cache(maxsize=4096)
def _words_of_names(names: tuple[str, ...]) -> frozenset[str]:
    """The lower-cased words of a person's names (cached: a name's parts are checked at every match)."""
    return frozenset(w for n in names for w in _WORD_BREAK.split(n.lower()) if w)


_WORD_BREAK = re.compile(r"[\s\-]+")


def _fits(span: Span, entry: Entry) -> bool:
    if entry.exact is not None:
        return span.text.replace(" ", "") == entry.exact.replace(" ", "") or (
            span.text.isupper() and span.text.replace(".", "") == entry.exact.replace(".", "")
        )
    if entry.kind == "sector":
        return span[-1].pos_ in ("NOUN", "PROPN", "ADJ") or span[-1].tag_ in ("NNS", "NN")
    if not (span[0].text[:1].isupper() or span[-1].text[:1].isupper()):  # "von der Leyen", "Côte d'Ivoire"
        return False
    if entry.kind in ("country", "capital", "city", "demonym", "surname"):
        ent = span[0].ent_type_
        if ent in _ENTITY_BLOCKERS and entry.kind != "surname":
            whole = ent_at(span.doc, span.start)
            if whole is not None and len(whole) > len(span):
                return False  # "Michael Jordan", "Georgia Meloni"
    return True


def group_atoms(doc: Doc, atoms: list[Atom]) -> list[list[Atom]]:
    """Atoms joined into noun-phrase groups across connector tokens."""
    groups: list[list[Atom]] = []
    for atom in atoms:
        if atom.prefix is not None or (groups and groups[-1][-1].prefix is not None):
            groups.append([atom])  # a fused token stands alone
        elif groups and _joins(doc, groups[-1], atom):
            groups[-1].append(atom)
        else:
            groups.append([atom])
    return groups


def _noun_modifier(t: Token, atom: Atom) -> bool:
    """A lower-case noun modifying the sector word that follows ("education" in "Malawi's education
    authorities", "poultry" in "Cameroon's poultry farmers"), or compounded onto a state body's noun
    ("defense" of "U.S. defense officials")."""
    if t.pos_ != "NOUN" or not t.text.islower():
        return False
    if t.dep_ == "compound" and atom.kinds() <= {"sector"} and atom.start <= t.head.i < atom.end:
        return True
    head = t
    while head.dep_ == "compound" and head.head.i != head.i and head.head.i < atom.start:
        head = head.head
    state = any(e.kind == "sector" and e.key in _STATE_ROLES for e in atom.entries)
    return state and head.dep_ == "compound" and head.head.i in range(atom.start, atom.end)


_STATE_ROLES = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY"}


def _joins(doc: Doc, group: list[Atom], atom: Atom) -> bool:
    prev = group[-1]
    toks = tokens(doc)
    between = toks[prev.end : atom.start]
    if any(t.is_sent_start for t in toks[prev.end : atom.start + 1]):
        return False
    words = list(lowers(doc)[prev.end : atom.start])
    if "person" in prev.kinds() or "surname" in prev.kinds():
        # a name closes the phrase, unless it owns what follows: "Assad's forces", "the Trump administration"
        body = atom.first("sector") if atom.kinds() <= {"sector"} else None
        if body is not None and eponym_joins(doc, prev.end, atom.start, body.name):
            return True
        return words in (["'s"], ["’s"]) and atom.kinds() <= {"sector"}
    if (
        "city" in prev.kinds()
        and atom.kinds() <= {"sector"}
        and all(t.pos_ == "ADJ" for t in between)
        and len(group) == 1
    ):
        return True  # "a New York court", "Karachi police": the city says where the group is
    if "city" in atom.kinds() or "city" in prev.kinds():
        return False
    if words == [","]:
        # "the foreign minister, Ali Rezaei"; not "his Armenian and Azerbaijani counterparts, X and Y",
        # a plural title whose names follow as a list
        plural = doc[prev.end - 1].tag_ in ("NNS", "NNPS")
        return bool(atom.kinds() & {"person", "surname"}) and "sector" in prev.kinds() and not plural
    if words == ["of"] or words == ["of", "the"]:
        return "sector" in prev.kinds() and bool(atom.kinds() & {"country", "igo", "institution", "capital"})
    if atom.kinds() <= {"sector"} or atom.kinds() & {"person", "surname"}:
        if words[:1] in (["the"], ["a"], ["an"]) and not prev.kinds() <= {"sector"}:
            return False  # "told VOA the attackers": a determiner starts a new noun phrase
        fused = {t.i + k for t in between[1:-1] if t.text == "-" and t.nbor().lower_ in _AGENCY for k in (-1, 0, 1)}
        return all(
            w in _CONNECT
            or t.pos_ in ("ADJ", "NUM")
            or t.i in fused  # "Mali's military-led government"
            or _noun_modifier(t, atom)  # "Cameroon's poultry farmers", "two U.S. defense officials"
            for w, t in zip(words, between)
        )
    if "sector" in prev.kinds():
        return False  # "troops Iran" is two actors
    if (
        words in (["'s"], ["’s"])
        and prev.kinds() & {"country", "capital", "demonym"}
        and "igo" in atom.kinds()
        and atom.end < len(doc)
        and doc[atom.end].lower_ in ("ambassador", "envoy", "mission", "delegation", "representative")
    ):
        return True  # "China's U.N. ambassador": the state's envoy, one phrase
    return all(w in _CONNECT for w in words) and not words  # "U.S." + "Treasury"


def other_bearer(doc: Doc, since: int, start: int, end: int, name: str) -> bool:
    """Whether someone else with the surname doc[start:end] was named since the KB person `name`
    was: "Jimmy Lai ... his son Sebastien Lai ... Lai said" is the son, whom the KB does not know."""
    if start > 0 and doc[start - 1].lower_ in ("elder", "older", "senior"):
        return False  # "the elder Lai": the one named first, not the son named since
    last = doc[end - 1].lower_
    own = set(re.split(r"[\s\-]+", name.lower()))
    return any(
        e.label_ in ("PERSON", "ORG")  # the parser takes some unknown names for organizations
        and _acts(e.root)  # the son who speaks, not "founded by his half-sister, Auma Obama"
        and len(e) > end - start
        and e[-1].lower_ == last
        and not {t.lower_ for t in e} <= own
        for e in ents(doc)
        if since <= e.start and e.end <= start
    )


def _acts(tok: Token) -> bool:
    """A subject, or the name beside one ("His son, Bilal Erdogan, said")."""
    return tok.dep_ in ("nsubj", "nsubjpass") or (tok.dep_ == "appos" and tok.head.dep_ in ("nsubj", "nsubjpass"))


def _is_subject(f: Found, doc: Doc) -> bool:
    root = span_root(doc, f.start, f.end)
    while root.dep_ in ("appos", "conj") and root.head != root:
        root = root.head
    return root.dep_ in ("nsubj", "nsubjpass")
