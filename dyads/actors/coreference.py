"""Actors, step 3: coreference. Pronouns, "the bloc" and name parts resolve to the most recent
compatible mention before them ("both countries" and other pairs: pairs.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span, Token

from dyads.actors.antecedents import body_antecedent as _antecedent
from dyads.actors.kb import KB
from dyads.actors.matching import Found, _is_subject, other_bearer
from dyads.actors.modifiers import _HONORIFICS, bare_name
from dyads.actors.resolution import _found
from dyads.actors.unnamed import PERSON_NOUNS, describe, introduced
from dyads.model import Mention
from dyads.nlp.parse import ents, lowers, sentence_end, sentence_start, span_root, tokens
from dyads.nlp.syntax import _previous_sentence_start, _quoted

_PRONOUNS = {
    "he": "person",
    "she": "person",
    "it": "thing",
    "they": "group",
    "him": "person",
    "her": "person",
    "them": "group",
}


_OBJECT_PRONOUNS = {"him", "her", "them"}


_IGO_NOUNS = {
    "country",
    "bloc",
    "alliance",
    "commission",
    "union",
    "organization",
    "organisation",
    "council",
    "body",
    "agency",
    "court",
    "tribunal",
    "grouping",
    "group",
}


_ARMED_NOUNS = {"group", "organization", "organisation", "outfit", "movement"}
_ANAPHOR_NOUNS = _IGO_NOUNS | _ARMED_NOUNS  # the nouns an anaphor of either kind ends on


def _igo_anaphors(doc: Doc, found: list[Found], kb: KB, home: str | None = None) -> list[Found]:
    """ "the bloc", "the alliance", "the Commission": the organization named last."""
    covered = {i for f in found for i in range(f.start, f.end)}
    out: list[Found] = []
    lows = lowers(doc)
    for tok in tokens(doc)[1:]:
        if lows[tok.i] not in _ANAPHOR_NOUNS:
            continue
        if _armed_group_anaphor(lows, tok.i, covered):  # "the terror group": the armed group named last
            armed = next((f for f in reversed(found) if f.end <= tok.i and f.mention.role == "REB"), None)
            if armed is not None:
                out.append(_found(doc[tok.i - 2 : tok.i + 1], armed.code, armed.mention.name, "institution", kb))
            continue
        if lows[tok.i] not in _IGO_NOUNS or tok.i in covered or lows[tok.i - 1] != "the":
            continue
        if tok.i + 1 < len(doc) and lows[tok.i + 1] == "of":
            continue  # "the council of elders" names something else
        if tok.lower_ == "country":  # "the country": the story's own country, else the country named last
            before = [f for f in found if f.end <= tok.i]
            named = [f.code for f in before if f.mention.kind == "country"]
            country = home if any(f.mention.country == home for f in before) else (named[-1] if named else None)
            if country is not None:
                out.append(_found(doc[tok.i - 1 : tok.i + 1], country, kb.country_name(country), "country", kb))
            continue
        if tok.lower_ == "group":  # "the group": the organization or armed group named last
            igo = next(
                (f for f in reversed(found) if f.end <= tok.i and f.mention.kind in ("igo", "institution")), None
            )
        else:  # "the alliance": the one whose name says alliance, else the latest organization
            igos = [
                f
                for f in found
                if f.end <= tok.i
                and (
                    f.mention.kind == "igo"
                    or f.code.startswith(("IGO", "NGO"))
                    or (f.mention.kind == "institution" and f.mention.role == "NGO")  # a national NGO
                )
            ]
            igo = next(
                (f for f in reversed(igos) if tok.lower_ in (f.mention.name or "").lower()), igos[-1] if igos else None
            )
        if igo is None:
            continue
        span = doc[tok.i - 1 : tok.i + 1]
        name = igo.mention.name if igo.mention.kind == "igo" else kb.code_name(igo.code)
        out.append(_found(span, igo.code, name, "igo", kb))
    return out


def _armed_group_anaphor(lows: tuple[str, ...], i: int, covered: set[int]) -> bool:
    """ "the terror group", "the militant group", "the jihadist group" (`lows`: the doc's lowers)."""
    return (
        lows[i] in _ARMED_NOUNS
        and i >= 2
        and i not in covered
        and lows[i - 1] in ("terror", "terrorist", "militant", "jihadist", "extremist", "insurgent", "armed")
        and lows[i - 2] == "the"
    )


def _name_parts(doc: Doc, found: list[Found], kb: KB) -> list[Found]:
    """A person entity that is part of a name already mentioned: "Kim" after "Kim Jong Un", or
    "Rezaei" after "the spokesman, Ali Rezaei", someone the KB does not know but the title coded.
    The latest such name wins; words that are not in it (another first name) do not match."""
    covered = {i for f in found for i in range(f.start, f.end)}
    named = [f for f in found if f.person is not None or f.holder]
    out: list[Found] = []
    people = [e for e in ents(doc) if e.label_ == "PERSON"]
    spans = sorted(
        [*people, *_proper_runs(doc, {i for e in people for i in range(e.start, e.end)})], key=lambda e: e.start
    )
    for ent in spans:
        if any(i in covered for i in range(ent.start, ent.end)):
            continue
        words = _name_words(ent.text)
        if not words:
            continue
        is_ent = ent.label_ == "PERSON"
        for f in reversed([f for f in named if f.end <= ent.start]):
            if f.person is None:
                name = f.holder or ""
                fits = words <= _name_words(name) and name.split()[-1].lower() in words  # the surname, at least
            else:
                name = kb.people[f.person].name
                fits = is_ent and (words <= _name_words(name) or _misspelt(words, name))
                if fits and other_bearer(doc, f.end, ent.start, ent.end, name):
                    break  # "Lai" after "Jimmy Lai" and then "Sebastien Lai"
            if fits:
                m = f.mention
                mention = Mention(
                    text=ent.text,
                    start=ent.start_char,
                    end=ent.end_char,
                    code=m.code,
                    country=m.country,
                    role=m.role,
                    name=m.name if f.person is not None else f.holder,
                    kind="person",
                )
                out.append(
                    Found(
                        mention=mention,
                        start=ent.start,
                        end=ent.end,
                        person=f.person,
                        title=f.title,
                        holder=f.holder,
                    )
                )
                break
    return out


def _misspelt(words: frozenset[str], name: str) -> bool:
    """A surname one letter off a person named before ("Pedersen ... Pederson said"): long
    enough that one letter does not make another name, and the same first letter."""
    if len(words) != 1:
        return False
    (word,) = words
    last = name.split()[-1].lower()
    return len(word) >= 6 and word[0] == last[0] and word != last and Levenshtein.distance(word, last) == 1


def _proper_runs(doc: Doc, skip: set[int]) -> list[Span]:
    """Runs of capitalized proper nouns outside person entities ("La Lime", "Canos-Donnay"): the
    parser does not always see a surname on its own as a person."""
    proper, fused = _name_tokens(doc)
    runs: list[Span] = []
    i, n = 0, len(doc)
    while i < n:
        if not proper[i] or i in skip:  # a run starts on a name
            i += 1
            continue
        j = i + 1
        while j < n and j not in skip and (proper[j] or fused[j]):
            j += 1
        while fused[j - 1]:  # and ends on one
            j -= 1
        runs.append(doc[i:j])
        i = j
    return runs


def _name_tokens(doc: Doc) -> tuple[tuple[bool, ...], tuple[bool, ...]]:
    """Per token, whether it is a capitalized proper noun, and whether it is a hyphen fused to the
    word before ("Canos-Donnay"); read once per document, for both passes over its names."""
    cached = doc.user_data.get("dyads_name_tokens")
    if cached is None:
        toks = tokens(doc)
        proper = tuple(t.pos_ == "PROPN" and t.text[:1].isupper() and t.is_alpha for t in toks)
        fused = tuple(t.i > 0 and t.text == "-" and not toks[t.i - 1].whitespace_ for t in toks)
        cached = doc.user_data["dyads_name_tokens"] = (proper, fused)
    return cached


@lru_cache(maxsize=4096)
def _name_words(name: str) -> frozenset[str]:
    """The words of a person's name, lower-cased, without possessive endings and titles (cached:
    each name is compared with every name before it)."""
    name = _POSSESSIVE.sub("", name.strip())
    return frozenset(w for w in _WORD_BREAK.split(name.lower()) if w and w[0].isalpha() and w not in _HONORIFICS)


_POSSESSIVE = re.compile(r"[’']s$")
_WORD_BREAK = re.compile(r"[\s\-]+")


_TITLE_GLUE = {"for", "of", "in", "the", "and", "on", "to"}


def holders(doc: Doc, found: list[Found], kb: KB) -> list[Found]:
    """Name the person behind each titled mention the KB cannot name, from the PERSON entity inside
    it ("Commissioner Omar Alasow"), right after its title words ("U.N. Resident Coordinator for
    Haiti Ana Ruiz") or before it in apposition ("Ana Ruiz, the agency's spokeswoman", "Ana Ruiz, the longtime
    leader of the X gang"). A name
    outside the mention becomes a mention with its code."""
    covered = {i for f in found for i in range(f.start, f.end)}
    people = [e for e in ents(doc) if e.label_ == "PERSON" and len(_name_words(e.text)) >= 2]
    out: list[Found] = []
    for f in found:
        titled = f.mention.kind in ("sector", "title") or (
            f.mention.kind in ("igo", "institution") and (f.title or any(a.first("sector") for a in f.atoms))
        )
        if f.person is not None or f.holder or f.plural or not titled:
            continue
        inside = [e for e in people if f.start <= e.start and e.end <= f.end]
        if inside:
            f.holder = _clean(inside[-1], kb)
            continue
        last = max((a.end for a in f.atoms), default=f.end)
        if last < f.end and bare_name(doc, last, kb).end == f.end:  # "Commissioner Irungu Macharia", unlabelled
            f.holder = doc[last : f.end].text
            continue
        outside = next(
            (
                e
                for e in people
                if f.end <= e.start <= f.end + 5
                and all(t.lower_ in _TITLE_GLUE or (t.text[:1].isupper() and t.is_alpha) for t in doc[f.end : e.start])
            ),
            None,
        ) or next(
            (
                e
                for e in people
                if e.end < f.start <= e.end + 4
                and doc[e.end].text == ","
                and f.mention.kind != "igo"
                and all(t.pos_ in ("DET", "ADJ", "ADV") for t in doc[e.end + 1 : f.start])
            ),
            None,
        )
        outside = outside or _appositive_name(doc, f, kb)
        if outside is None or any(i in covered for i in range(outside.start, outside.end)):
            continue
        f.holder = _clean(outside, kb)
        m = f.mention
        mention = Mention(
            text=outside.text,
            start=outside.start_char,
            end=outside.end_char,
            code=m.code,
            country=m.country,
            role=m.role,
            name=f.holder,
            kind="person",
        )
        out.append(Found(mention=mention, start=outside.start, end=outside.end, title=f.title, holder=f.holder))
        covered.update(range(outside.start, outside.end))
    return out


def _appositive_name(doc: Doc, f: Found, kb: KB) -> Span | None:
    """A name set off by commas after a singular title that the parser sees as its apposition but
    not as a person ("The interior minister, Ana Maria Quispe, said")."""
    if f.end + 2 >= len(doc) or doc[f.end].text != "," or f.plural:
        return None
    root = doc[f.start : f.end].root
    head = next((c for c in root.children if c.dep_ == "appos" and c.i > f.end), None)
    if head is None or head.i + 1 >= len(doc) or doc[head.i + 1].text not in (",", ".", ";"):
        return None
    name = doc[f.end + 1 : head.i + 1]
    if not 2 <= len(name) <= 4 or not all(t.pos_ == "PROPN" and t.is_alpha and t.text[:1].isupper() for t in name):
        return None
    if any(e.kind not in ("person", "surname") for t in name for e in kb.lexicon.get((t.lower_,), [])):
        return None  # a place or a body ("the capital, La Paz")
    return name


_ORG_WORDS = set(
    "agency association bank board bureau center centre church club college commission committee company "
    "corporation council court department foundation front fund group institute league ministry movement "
    "office organization organisation party police press service society union university".split()
)


def person_spans(doc: Doc, kb: KB, orgs: bool = False) -> list[Span]:
    """Person names in the text: spaCy's PERSON entities, and the short all-proper-noun ORG entities
    the small model gives many names ("Marta Quispe"), each without a leading title or place word
    ("Spokeswoman Lena Marwick" is Lena Marwick)."""
    out: list[Span] = []
    lows = lowers(doc)
    for ent in ents(doc):
        if ent.label_ != "PERSON" and not (orgs and ent.label_ == "ORG"):
            continue
        start = ent.start
        while start < ent.end - 1 and (lows[start],) in kb.lexicon:
            start += 1
        span = doc[start : ent.end]
        if ent.label_ == "ORG" and not (
            2 <= len(span) <= 3
            and all(t.pos_ == "PROPN" and t.is_alpha and t.text[:1].isupper() and not t.is_upper for t in span)
            and not any((t.lower_,) in kb.lexicon or t.lower_ in _ORG_WORDS for t in span)
        ):
            continue
        out.append(span)
    return out


def _clean(name: Span, kb: KB) -> str:
    """A person's name from an entity that may start with a place or title ("Myanmar Andrew Ruiz")."""
    start = name.start
    while start < name.end - 2 and (name.doc[start].lower_,) in kb.lexicon:
        start += 1
    return re.sub(r"[’']s$", "", name.doc[start : name.end].text.strip())


NAMELESS = "dyads_nameless"  # Doc.user_data key: pronoun token -> the name of a person the KB cannot code

_FEMALE = set(
    "she her mrs mrs. ms ms. miss madam queen princess woman mother daughter wife sister girl grandmother "
    "actress spokeswoman chairwoman congresswoman businesswoman widow".split()
)
_MALE = set(
    "he him mr mr. king prince man father son husband brother boy grandfather actor spokesman chairman "
    "congressman businessman widower".split()
)


@dataclass
class Nameless:
    """A person named in the text whom no mention codes ("Ana Ruiz, 34, said")."""

    start: int
    end: int
    name: str


def nameless_people(doc: Doc, found: list[Found], kb: KB) -> list[Nameless]:
    """Person entities no mention covers, and later parts of their names ("Ruiz" after "Ana Ruiz")."""
    covered = {i for f in found for i in range(f.start, f.end)}
    people = [e for e in person_spans(doc, kb, orgs=False) if not any(i in covered for i in range(e.start, e.end))]
    taken = {i for e in people for i in range(e.start, e.end)}
    runs = [r for r in _proper_runs(doc, taken | covered)]
    out: list[Nameless] = []
    full: list[str] = []
    for span in sorted([*people, *runs], key=lambda e: e.start):
        words = _name_words(span.text)
        if not words:
            continue
        known = next((n for n in reversed(full) if words <= _name_words(n)), None)
        if known is None and (span in runs or len(words) < 2):
            continue  # a capitalized run or one word alone ("Kogelo") is no evidence of a person
        name = known or re.sub(r"[’']s$", "", span.text.strip())
        if known is None:
            full.append(name)
        out.append(Nameless(span.start, span.end, name))
    titled = {i for f in found if f.person is not None or f.holder or f.title for i in range(f.start, f.end)}
    for tok in tokens(doc):  # "A bus driver said ... he added": a described person the pronoun may stand for
        if (
            tok.tag_ == "NN"
            and tok.dep_ in ("nsubj", "nsubjpass")
            and tok.lemma_.lower() in PERSON_NOUNS
            and tok.i not in titled  # "a JetBlue pilot" may carry the airline's code, not a title
            and not any(n.start <= tok.i < n.end for n in out)
            and introduced(tok)  # "The mother of four said", after a name, is that person
        ):
            out.append(Nameless(tok.i, tok.i + 1, describe(tok)))
    return sorted(out, key=lambda n: n.start)


def _gender(doc: Doc, start: int, end: int) -> str | None:
    """ "f" or "m" from a word in the mention or just before it ("Mrs.", "his wife", "spokeswoman")."""
    for low in lowers(doc)[max(0, start - 3) : end]:
        if low in _FEMALE and low not in ("her", "she"):
            return "f"
        if low in _MALE and low not in ("he", "him"):
            return "m"
    return None


def _pronouns(doc: Doc, found: list[Found], kb: KB) -> list[Found]:
    """Subject pronouns resolved to the most recent compatible mention before them. A person
    pronoun agrees in gender with its antecedent (from a title or an earlier pronoun) and may stand
    for a person the KB cannot code: then it makes no mention, and the name is kept for quotes."""
    out: list[Found] = []
    subjects = {id(f) for f in found if _is_subject(f, doc)}  # computed once, asked for every pronoun
    nameless = nameless_people(doc, found, kb)
    genders: dict[str, str] = {}
    names: dict[int, str] = {}
    chain: list[tuple[int, Found | Nameless, str, bool]] = []  # person pronouns resolved so far
    resolved: dict[int, Found] = {}  # "it said it would": the first "it" says
    doc.user_data[NAMELESS] = names
    for tok, low in zip(tokens(doc), lowers(doc)):
        kind = _PRONOUNS.get(low)
        if kind is None:
            continue
        if tok.lower_ in _OBJECT_PRONOUNS:
            if tok.dep_ not in ("dobj", "pobj", "dative") or tok.tag_ == "PRP$":
                continue
        elif tok.dep_ not in ("nsubj", "nsubjpass"):
            continue
        candidates = _not_own_subject(found, tok) if low in _OBJECT_PRONOUNS else found
        if kind == "person":
            antecedent = _person_antecedent(doc, tok, candidates, subjects, nameless, genders, chain)
            if antecedent is not None and tok.dep_ in ("nsubj", "nsubjpass") and not _quoted(doc, tok.i):
                chain.append((tok.i, antecedent, tok.lower_, True))
        else:
            antecedent = _antecedent(tok, kind, candidates, subjects, resolved)
        if isinstance(antecedent, Nameless):
            names[tok.i] = antecedent.name
            continue
        if antecedent is None:
            continue
        m = antecedent.mention
        mention = Mention(
            text=tok.text,
            start=tok.idx,
            end=tok.idx + len(tok.text),
            code=m.code,
            country=m.country,
            role=m.role,
            name=m.name,
            kind="pronoun",
        )
        pronoun = Found(
            mention=mention,
            start=tok.i,
            end=tok.i + 1,
            person=antecedent.person,
            title=antecedent.title,
            antecedent=antecedent,
            holder=antecedent.holder,
            members=list(antecedent.members),
        )
        resolved[tok.i] = pronoun
        out.append(pronoun)
    return out


def _person_antecedent(
    doc: Doc,
    tok: Token,
    found: list[Found],
    subjects: set[int],
    nameless: list[Nameless],
    genders: dict[str, str],
    chain: list[tuple[int, Found | Nameless, str, bool]] = [],  # noqa: B006 (read only)
) -> Found | Nameless | None:
    """The latest person who was a subject since the previous sentence ("Ruiz spoke with Lee ... she
    said"), else the latest person; of the pronoun's gender when that is known. A subject pronoun
    resolved before counts as a subject mention of its person ("Ruiz met Lee. She said Lee's plan
    works. 'It does,' she added": Ruiz)."""
    want = "f" if tok.lower_ in ("she", "her") else "m"
    sent_start = sentence_start(doc, tok.i)
    recent = _previous_sentence_start(tok, sent_start)
    people: list[tuple[int, Found | Nameless, str, bool]] = []
    named = {i for f in found if f.person is not None or f.holder for i in range(f.start, f.end)}
    for f in found:
        if f.end <= tok.i and (
            f.person is not None or f.holder or (f.mention.kind in ("sector", "title") and f.title and not f.plural)
        ):
            root = span_root(doc, f.start, f.end)
            if f.person is None and not f.holder and root.dep_ == "appos" and root.head.i in named:
                continue  # "the minister, Ana Ruiz, former head of X": one person, named before
            key = f.mention.name if f.person is not None else f.holder or f"@{f.start}"
            people.append((f.start, f, key or "", id(f) in subjects))
    for n in nameless:
        if n.end <= tok.i:
            root = span_root(doc, n.start, n.end)
            people.append((n.start, n, n.name, root.dep_ in ("nsubj", "nsubjpass")))
    people.extend((i, who, _person_key(who), True) for i, who, said, _ in chain if i < tok.i and said == tok.lower_)
    people.sort(key=lambda p: p[0])
    for start, who, key, _ in people:
        if key not in genders:
            cue = _gender(doc, start, who.end)
            if cue:
                genders[key] = cue
    speakers = _speakers_after(doc, tok, found)
    fitting = [p for p in people if genders.get(p[2], want) == want and p[2] not in speakers]
    chosen = None
    for start, who, key, subject in reversed(fitting):
        if start < recent:
            break
        if subject:
            chosen = (who, key)
            break
    if chosen is None and fitting:
        chosen = (fitting[-1][1], fitting[-1][2])
    if chosen is None:
        return None
    who = chosen[0]
    if who.start >= sent_start:  # "Ana Ruiz said she ...": the same sentence tells her gender
        genders.setdefault(chosen[1], want)
    return who


def _person_key(who: Found | Nameless) -> str:
    """The key `_person_antecedent` files a person under (for gender)."""
    if isinstance(who, Nameless):
        return who.name
    if who.person is not None:
        return who.mention.name or ""
    return who.holder or f"@{who.start}"


def _speakers_after(doc: Doc, tok: Token, found: list[Found]) -> set[str]:
    """Inside a quotation, the people its attribution names later in the sentence ("'he may defy
    them,' Demir said"): a speaker does not call himself "he"."""
    if not _quoted(doc, tok.i):
        return set()
    sent_end = sentence_end(doc, tok.i)
    return {
        (f.mention.name or "") if f.person is not None else f.holder or ""
        for f in found
        if tok.i < f.start < sent_end and (f.person is not None or f.holder)
    }


def _not_own_subject(found: list[Found], tok: Token) -> list[Found]:
    """The mentions an object pronoun may stand for: not its verb's subject ("Tehran had informed
    him": him is not Tehran)."""
    verb = tok.head if tok.dep_ != "pobj" else tok.head.head
    subjects = [c.i for c in verb.children if c.dep_ == "nsubj"]
    return [f for f in found if not any(f.start <= i < f.end for i in subjects)]
