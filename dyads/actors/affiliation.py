"""People the knowledge base does not know, coded by what the text says they are: the organization
or occupation in their apposition ("Ana Ruiz, a senior fellow at the Heritage Foundation",
"analyst Okan Demir of Bosphorus Partners", "Priya Raman, a professor at the University of
Nairobi"), else, in a story about one country, one of its civilians ("Farida Osman, a mother of
three, said")."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from dyads.actors.context import _place_at
from dyads.actors.coreference import _name_words, person_spans
from dyads.actors.kb import KB
from dyads.actors.matching import COUNTRYISH, Found
from dyads.actors.owners import ORG_HEADS, ORG_NOUNS
from dyads.model import Mention, is_role
from dyads.nlp.parse import ent_at, ents, lowers, sentence_end, sentence_start, tokens

# occupations the sector table leaves out (it lists actors; these are people introduced by their work)
OCCUPATIONS: dict[str, str] = {
    **dict.fromkeys("fellow campaigner advocate".split(), "NGO"),
    **dict.fromkeys("lecturer academic historian archaeologist scientist anthropologist".split(), "EDU"),
    **dict.fromkeys(
        "consultant economist analyst executive entrepreneur businessman businesswoman investor trader "
        "seller vendor merchant banker owner shopkeeper".split(),
        "BUS",
    ),
    **dict.fromkeys("author writer columnist blogger filmmaker".split(), "MED"),
    **dict.fromkeys("mother father parent widow grandmother grandfather villager".split(), "CVL"),
}
# titles that name no sector by themselves: "president of the X Association" is the association's
_HEAD_TITLES = {
    "president",
    "director",
    "head",
    "chairman",
    "chairwoman",
    "chair",
    "chief",
    "founder",
    "co-founder",
    "leader",
    "secretary general",
    "secretary-general",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "coordinator",
    "manager",
    "member",
    "officer",
    "official",
    "representative",
}
_LINKS = {"at", "of", "with", "for", "from"}
_RELCL_VERBS = {"be", "lead", "head", "direct", "run", "chair", "found", "work", "teach", "represent", "manage"}


def affiliated(doc: Doc, found: list[Found], kb: KB, home: str | None) -> list[Found]:
    """A mention for each person the KB does not know and no mention covers, coded by their
    affiliation; with no affiliation, a civilian of the story's country (`home`)."""
    covered = {i for f in found for i in range(f.start, f.end)}
    out: list[Found] = []
    for span, plain in _names(doc, kb):
        if any(i in covered for i in range(span.start, span.end)) or len(span) < 2:
            continue
        words = _name_words(span.text)
        if any(words <= _name_words(f.holder or f.mention.name or "") for f in [*found, *out] if f.start < span.start):
            continue  # a part of a name already coded: coreference's (_name_parts)
        if (
            span.end < len(doc)
            and doc[span.end].text in ("&", "and")
            and doc[span.end + 1 : span.end + 2].text[:1].isupper()
        ):
            continue  # "Dezan Shira & Associates": a firm's name
        if not all(t.is_alpha or t.text in ("-", ".", "'") for t in span) or any(
            e.kind in (*COUNTRYISH, "city", "igo", "institution") for t in span for e in kb.lexicon.get((t.lower_,), [])
        ):
            continue  # "Khan Younis", "Hong Kong": a place or a body the parser took for a person
        code = _code(doc, span, found, kb, home, plain=plain)
        if code is None:
            continue
        country = code[:3] if code[:3] in kb.countries else None
        segment = code[3:6] if country else (code if code in kb.roles else None)
        name = span.text.strip()
        mention = Mention(
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            code=code,
            country=country,
            role=segment if segment is not None and is_role(segment) else None,
            name=name,
            kind="person",
        )
        out.append(Found(mention=mention, start=span.start, end=span.end, holder=name))
        covered.update(range(span.start, span.end))
    return out


_KIN = set(
    "son sons daughter daughters wife husband father mother brother brothers sister sisters family relatives "
    "relative children child parents cousin nephew niece widow grandson granddaughter".split()
)


def relatives(doc: Doc, found: list[Found], kb: KB) -> list[Found]:
    """ "Lai's son Sebastien", "the minister's wife", "the soldiers' relatives": a person's or a
    group's relatives are civilians of their country, not the person or the group."""
    out: list[Found] = []
    done: set[int] = set()
    covered = {i for f in found for i in range(f.start, f.end)}
    for f in found:
        if not f.mention.country or f.end + 1 >= len(doc) or f.end in done:
            continue
        if doc[f.end].lower_ not in ("'s", "’s", "'", "’") or doc[f.end + 1].lower_ not in _KIN:
            continue
        if f.person is None and not f.holder and (f.mention.kind != "sector" or f.end + 1 in covered):
            continue  # "the detainees' relatives": any people's kin, once no mention has the noun
        end = f.end + 2
        ent = ent_at(doc, end) if end < len(doc) else None
        if ent is not None and ent.start == end and ent.label_ == "PERSON":
            end = ent.end  # "Lai's son Sebastien"
        done.add(f.end)
        span = doc[f.end + 1 : end]
        name = ent.text if end > f.end + 2 and ent is not None else None
        country = f.mention.country
        if end + 1 < len(doc) and doc[end].lower_ == "in":  # "Ruiz's relatives in Peru" live there
            country = _place_at(doc, end + 1, sentence_end(doc, end), kb) or country
        mention = _kin(span, country, kb, name)
        out.append(
            Found(mention=mention, start=span.start, end=span.end, holder=name, plural=doc[f.end + 1].tag_ == "NNS")
        )
    return out


_BARE_KIN = {"relatives", "relative", "kin", "kinsmen"}  # "families" is a sector word of its own


def bare_relatives(doc: Doc, found: list[Found], kb: KB, home: str | None) -> list[Found]:
    """ "Relatives of the detainees", "the relatives" with no possessor, "families of ...": civilians of the country
    of the people they are relatives of, else of a place they are in, else of the relatives named
    before ("Ruiz's relatives in Lima ... The relatives refused"), else of the story."""
    covered = {i: f for f in found for i in range(f.start, f.end)}
    for f in found:  # "the families of detained Americans" are American
        last = doc[f.end - 1]
        if f.mention.role == "CVL" and f.mention.kind == "sector" and last.lower_ in ("families", "family"):
            country = _kin_country(doc, last, covered, kb)
            if country is not None and country != f.mention.country:
                f.mention = replace(f.mention, code=country + "CVL", country=country, name=kb.country_name(country))
    out: list[Found] = []
    for tok, low in zip(tokens(doc), lowers(doc)):
        if low not in _BARE_KIN or tok.pos_ != "NOUN" or tok.i in covered:
            continue
        if tok.i > 0 and doc[tok.i - 1].lower_ in ("'s", "’s", "'", "’"):
            continue  # relatives(): a possessor's
        country = _kin_country(doc, tok, covered, kb)
        if country is None and doc[tok.i - 1].lower_ == "the":
            kin = [f for f in [*found, *out] if f.end <= tok.i and f.mention.role == "CVL" and _kin_word(doc, f)]
            country = max(kin, key=lambda f: f.start).mention.country if kin else None
        country = country or home
        if country is None:
            continue
        start = tok.i - 1 if tok.i > 0 and doc[tok.i - 1].lower_ == "the" else tok.i
        span = doc[start : tok.i + 1]
        mention = _kin(span, country, kb, None)
        out.append(Found(mention=mention, start=span.start, end=span.end, plural=tok.tag_ == "NNS"))
    return out


def _kin(span: Span, country: str, kb: KB, name: str | None) -> Mention:
    """Relatives as civilians of `country`: a named one is a person, unnamed ones a sector."""
    return Mention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        code=country + "CVL",
        country=country,
        role="CVL",
        name=name or kb.country_name(country),
        kind="person" if name else "sector",
    )


def _kin_country(doc: Doc, tok: Token, covered: dict[int, Found], kb: KB) -> str | None:
    """The country of the people after "of" ("relatives of Mexican migrants"), or of a place after
    "in" ("relatives in Lima")."""
    sent_end = sentence_end(doc, tok.i)
    nxt = doc[tok.i + 1] if tok.i + 1 < sent_end else None
    if nxt is None or nxt.lower_ not in ("of", "in"):
        return None
    if nxt.lower_ == "in":
        return _place_at(doc, nxt.i + 1, sent_end, kb)
    for obj in nxt.children:
        owner = covered.get(obj.i) or next((covered[c.i] for c in obj.subtree if c.i in covered), None)
        if obj.dep_ == "pobj" and owner is not None:
            return owner.mention.country
    return None


def _kin_word(doc: Doc, f: Found) -> bool:
    return any(t.lower_ in _KIN for t in doc[f.start : f.end])


def _names(doc: Doc, kb: KB) -> list[tuple[Span, bool]]:
    """Person names (spaCy's PERSON entities, and the short proper-noun ORG entities the small model
    gives many names), without a leading title, place or demonym ("Kenyan farmer Ana Ruiz"); and
    whether spaCy called it a person."""
    out = []
    org_names = {(s.start, s.end) for s in person_spans(doc, kb, orgs=True)}
    lows = lowers(doc)
    for ent in ents(doc):
        if ent.label_ not in ("PERSON", "ORG"):
            continue
        start = ent.start
        while start < ent.end - 1 and any(
            e.kind not in ("person", "surname") for e in kb.lexicon.get((lows[start],), [])
        ):
            start += 1
        span = doc[start : ent.end]
        if ent.label_ == "ORG" and (span.start, span.end) not in org_names:
            continue
        out.append((span, ent.label_ == "PERSON"))
    return out


def _code(doc: Doc, span: Span, found: list[Found], kb: KB, home: str | None, plain: bool) -> str | None:
    words = [t for t in _descriptor(doc, span) if not _age(t)]  # "Twenty-year-old Ana Ruiz" says no role
    if not words:
        return home + "CVL" if home and plain and _acts(span) else None
    inside = [f for f in found if any(f.start <= t.i < f.end for t in words)]
    current = next((t for t in words if t.lower_ in ("current", "currently", "now")), None)
    if current is not None:  # "former CIA official and current fellow at X": the present counts
        words = [t for t in words if t.i > current.i]
        inside = [f for f in inside if f.end > current.i]
    content = [t for t in words if t.lower_ not in ("a", "an", "the") and not t.like_num]
    former = bool(content) and content[0].lower_ in ("former", "ex", "retired")  # "a former diplomat"
    org = next((f for f in inside if f.mention.kind in ("igo", "institution") and f.code[:3] != "NGO"), None)
    org = org or next((f for f in inside if f.mention.kind in ("igo", "institution")), None)
    country = _country(words, inside, kb)
    if org is not None:
        if former and org.mention.country:
            return org.mention.country + "ELI"
        return org.code
    appos = [c.i for c in span.root.children if c.dep_ == "appos"]
    head = next(
        (
            f
            for f in inside
            if f.mention.kind == "sector" and f.mention.country and any(f.start <= i < f.end for i in appos)
        ),
        None,
    )
    if head is not None and not former and head.mention.role not in (None, "CVL"):
        return head.code  # "Ana Ruiz, a local U.S. consulate employee": what the apposition was coded
    role = _org_role(words) or _occupation(words, kb)
    if role is None:
        return None
    if former:
        role = "ELI"  # a former office with no current one
    country = country or home
    return country + role if country else (role if role == "NGO" else None)


_AGE_WORDS = {"year", "years", "old", "-", "aged"}


def _age(t: Token) -> bool:
    """A word of an age before a name ("Twenty-year-old", "35-year-old")."""
    if t.lower_ in _AGE_WORDS or t.like_num:
        return True
    parts = t.lower_.split("-")
    return len(parts) > 1 and parts[-1] == "old"


_SPEECH = {"say", "tell", "add", "recall", "explain", "note", "complain", "describe", "recount", "ask", "insist"}


def _acts(span: Span) -> bool:
    """A named person the story quotes or reports speaking ("said Ana Ruiz", "Ruiz told VOA"): the
    ordinary people reporters talk to. A name that only acts gets no default: its role is unknown."""
    root = span.root
    return root.dep_ == "nsubj" and root.head.lemma_.lower() in _SPEECH


def _descriptor(doc: Doc, span: Span) -> list[Token]:
    """The words that say who a person is: the noun phrase before the name ("American energy
    consultant"), the apposition after it (", a fellow at the X Institute"), an attached "of/from X"
    ("Okan Demir of Bosphorus Partners") and a "who is/leads ..." clause."""
    root = span.root
    out: list[Token] = []
    j, sent_start = span.start - 1, sentence_start(doc, span.start)
    while (
        j >= sent_start
        and doc[j].head.i in range(j + 1, span.end)
        and doc[j].dep_ in ("compound", "amod", "nmod", "nummod", "punct", "npadvmod")
    ):
        j -= 1
    out.extend(doc[j + 1 : span.start])
    for child in root.children:
        if child.i < span.end:
            continue
        if child.dep_ == "appos" or (child.dep_ == "prep" and child.lower_ in _LINKS):
            out.extend(t for t in child.subtree if t.i < span.end + 30)
        elif child.dep_ == "relcl" and child.lemma_.lower() in _RELCL_VERBS:
            out.extend(t for t in child.subtree if t.i < span.end + 30)
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":  # "Ana Ruiz is the former head of ..."
        out.extend(_predicate(root.head, span.end))
    if root.dep_ == "attr" and root.head.lemma_ == "be":  # "one of the sellers is Ana Ruiz": the subject says
        subject = [t for c in root.head.children if c.dep_ == "nsubj" for t in c.subtree]
        out = subject + out
    if not out:  # "Ana Ruiz said ... Ruiz is a professor at ...": a later sentence says
        out.extend(_later_predicate(doc, span))
    return [t for t in out if not t.is_punct or t.text == "&"]


def _predicate(verb: Token, after: int) -> list[Token]:
    """What a copula says its subject is: the attribute, and a conjoined "and is now ..." clause."""
    out: list[Token] = []
    for child in verb.children:
        if child.dep_ == "attr" and child.i > after:
            out.extend(t for t in child.subtree if t.i < after + 40)
        elif child.dep_ == "conj" and child.lemma_ == "be":
            out.extend(t for t in child.subtree if t.i < after + 40)
    return out


def _later_predicate(doc: Doc, span: Span) -> list[Token]:
    """The first later sentence whose subject is the person's surname with a copula ("Ruiz is ...")."""
    last = span[-1].text
    for t in doc[span.end : min(len(doc), span.end + 200)]:
        if t.text == last and t.dep_ == "nsubj" and t.head.lemma_ == "be" and t.head.i > t.i:
            return _predicate(t.head, t.i)
    return []


def _org_role(words: list[Token]) -> str | None:
    """The sector of an organization named in the descriptor by the last word of its name."""
    for i, t in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        if not t.text[:1].isupper() or t.i == sentence_start(t.doc, t.i) and t.lower_ in ("the", "a"):
            continue
        if nxt is not None and nxt.text[:1].isupper() and nxt.i == t.i + 1:
            continue  # not the last word of the name yet
        if nxt is not None and nxt.lower_ in ("of", "for", "on", "&") and nxt.i == t.i + 1:
            after = words[i + 2] if i + 2 < len(words) else None
            if after is not None and after.text[:1].isupper() and t.lower_ in ORG_HEADS:
                return ORG_HEADS[t.lower_]  # "Institute of International Studies"
            continue
        if t.lower_ in ORG_HEADS and t.pos_ == "PROPN" or (t.lower_ in ORG_HEADS and t.text[:1].isupper()):
            return ORG_HEADS[t.lower_]
        if nxt is not None and nxt.i == t.i + 1:
            pair = f"{nxt.lower_} {words[i + 2].lower_}" if i + 2 < len(words) else ""
            if nxt.lower_ in ORG_NOUNS:
                return ORG_NOUNS[nxt.lower_]
            if pair in ORG_NOUNS:
                return ORG_NOUNS[pair]
    return None


def _occupation(words: list[Token], kb: KB) -> str | None:
    """The sector of the person's own noun ("a lawyer", "energy consultant"), head titles aside."""
    for t in words:
        if t.pos_ not in ("NOUN", "PROPN") or t.text[:1].isupper() and t.pos_ == "PROPN":
            continue
        lemma = t.lemma_.lower()
        if lemma in OCCUPATIONS:
            return OCCUPATIONS[lemma]
        if lemma in _HEAD_TITLES or t.lower_ in _HEAD_TITLES:
            continue
        sector = kb.sectors.get(lemma) or kb.sectors.get(t.lower_)
        if sector is not None and sector[0] not in ("GOV", "MIL", "COP", "SPY", "IGO"):
            return sector[0]
    return None


def _country(words: list[Token], inside: list[Found], kb: KB) -> str | None:
    """The country the descriptor names: a place after "in" ("in Ho Chi Minh City"), a country or
    demonym ("Spanish", "Cameroon's"), else none."""
    for t in words:
        if t.lower_ in ("in", "based") and t.i + 1 < len(t.doc) and t.ent_type_ != "ORG":  # "Committee for Peace in X"
            j = t.i + 2 if t.lower_ == "based" else t.i + 1
            place = _place_at(t.doc, j, sentence_end(t.doc, t.i), kb)
            if place is not None:
                return place
    for f in inside:
        if f.mention.kind in ("country", "sector") and f.mention.country:
            return f.mention.country
    for t in words:
        for e in kb.lexicon.get((t.lower_,), []):
            if e.kind in (*COUNTRYISH, "city") and t.text[:1].isupper():
                return e.key
    return None


_NATIONAL = {"national", "citizen", "native", "man", "woman"}


def nationalities(doc: Doc, found: list[Found], kb: KB) -> None:
    """A civilian the KB does not know whose nationality the text states ("Ana Ruiz, who is
    Chilean, ...", "Ruiz, a Chilean national, ...") is of that country, at every mention of the
    name."""
    toks = tokens(doc)
    for comma in (t for t, low in zip(toks[1:-3], lowers(doc)[1:-3]) if low == "," and _capital(toks[t.i - 1])):
        country = _stated_nationality(doc, comma.i + 1, kb)
        if country is None:
            continue
        start = comma.i - 1
        while start > 0 and _capital(doc[start - 1]) and not doc[start].is_sent_start:
            start -= 1
        words = _name_words(doc[start : comma.i].text)
        for g in found:
            if g.person is None and g.holder and g.mention.role == "CVL" and words and words <= _name_words(g.holder):
                g.mention = replace(g.mention, code=country + "CVL", country=country, name=kb.country_name(country))


def _stated_nationality(doc: Doc, i: int, kb: KB) -> str | None:
    """The country of "who is Chilean" or "a Chilean national" starting at token i."""
    words = [t.lower_ for t in doc[i : i + 4]]
    if words[:2] in (["who", "is"], ["who", "was"]):
        at, need_noun = i + 2, False
    elif words[:1] in (["a"], ["an"]):
        at, need_noun = i + 1, True
    else:
        return None
    entry = next((e for e in kb.lexicon.get((doc[at].lower_,), []) if e.kind == "demonym"), None)
    if entry is None or at + 1 >= len(doc):
        return None
    if need_noun and doc[at + 1].lower_ not in _NATIONAL:
        return None
    if not need_noun and doc[at + 1].text not in (",", ".", ";"):
        return None
    return entry.key


def _capital(t: Token) -> bool:
    return t.is_alpha and t.text[:1].isupper()
