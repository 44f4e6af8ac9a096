"""Actors, step 2 helpers: whose a group or a title is when the text says it around the noun (an
organization named after it, a state before an envoy's rank, a client's possessive, the court a
story placed, a city before it, an armed brand's branch). Which known person a name is: people.py."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dyads.actors.kb import KB, Entry
from dyads.actors.matching import COUNTRYISH, Atom, Found
from dyads.nlp.parse import sentence_end, sentence_start

# the last word of an organization's name says what it is ("the Cato Institute", "Keystone Capital
# Partners"); a lower-case noun right after the name does too ("the Infocus Research consultancy")
ORG_HEADS: dict[str, str] = {
    **dict.fromkeys(
        "institute institution foundation center centre endowment forum initiative watch movement "
        "committee alliance network coalition trust council charity ngo think-tank".split(),
        "NGO",
    ),
    **dict.fromkeys("university college school academy polytechnic".split(), "EDU"),
    **dict.fromkeys(
        "partners associates capital brokerage bank securities holdings inc inc. corp corp. corporation "
        "company ltd ltd. llc plc group consultancy consulting consultants advisors advisers investments "
        "management industries airlines airways motors energy ventures firm".split(),
        "BUS",
    ),
    **dict.fromkeys("news times post review journal tribune herald gazette radio television tv".split(), "MED"),
    "union": "LAB",
    "church": "REL",
    "hospital": "HLH",
    "clinic": "HLH",
}
ORG_NOUNS = {
    "think tank": "NGO",
    "think-tank": "NGO",
    "consultancy": "BUS",
    "firm": "BUS",
    "company": "BUS",
    "gang": "CRM",  # "the leader of the Cite Soleil gang"
    "cartel": "CRM",
    "movement": "NGO",
}


_HEADS = (
    "president",
    "prime minister",
    "premier",
    "chancellor",
    "king",
    "queen",
    "emir",
    "sultan",
    "leader",
    "crown prince",
    "supreme leader",
    "head of state",
)


def _holds_title(f: Found, noun: str, kb: KB) -> bool:
    """Whether the mention's title, or an office its person held, is `noun` ("leader": any head of
    state or government; "counterpart": any minister or head)."""
    titles = [f.title.lower()] if f.title else []
    if f.person is not None:
        titles += [r.title.lower() for r in kb.people[f.person].roles]
    if noun == "counterpart":
        return bool(titles)
    wanted = _HEADS if noun == "leader" else (noun,)
    return any(w in t for t in titles for w in wanted)


def _same_office(a: str, b: str) -> bool:
    """ "minister" and "foreign minister" name one office; "justice" and "justice minister" do not."""
    return a == b or a.endswith(" " + b) or b.endswith(" " + a)


def _latest_two(latest_first: list[Found]) -> list[Found]:
    pair: list[Found] = []
    for f in latest_first:
        if all(f.code != q.code for q in pair):
            pair.append(f)
        if len(pair) == 2:
            return pair
    return []


def _named_together(latest_first: list[Found], doc: Doc) -> list[Found]:
    """The latest two mentions of different actors joined by "and" ("Obama and Putin",
    "his Armenian and Azerbaijani counterparts")."""
    for i, f in enumerate(latest_first):
        joined = {c.i for t in doc[f.start : f.end] for c in t.conjuncts}
        for g in latest_first[i + 1 :]:
            if g.code != f.code and joined & set(range(g.start, g.end)):
                return [f, g]
    return []


# a client's counsel: "her lawyers", "Ruiz's legal team" are JUD of no country
_COUNSEL = {"lawyer", "attorney", "legal team", "defense lawyer", "defence lawyer", "defense attorney"}


# armed brands whose branches are named by their country ("Islamic State in Libya" is a KB row)
def _branch(doc: Doc, end: int, inst: Entry | None, kb: KB) -> tuple[str, int] | None:
    """The country of a branch named right after a transnational armed brand ("IS in Syria",
    "IS-Somalia", "al-Qaeda in Yemen"; the brands of data/actors/transnational.tsv), and the end
    of the phrase."""
    if inst is None or inst.name not in kb.transnational or end + 1 >= len(doc) or doc[end].lower_ not in ("in", "-"):
        return None
    j = end + 1
    for length in (3, 2, 1):
        entries = kb.lexicon.get(tuple(t.lower_ for t in doc[j : j + length]), [])
        country = next((e.key for e in entries if e.kind == "country" and doc[j].text[:1].isupper()), None)
        if country is not None:
            owner = j + length < len(doc) and doc[j + length].lower_ in ("'s", "’s")
            return None if owner else (country, j + length)
    return None


_LEADS = {"leader", "head", "president", "chairman", "chairwoman", "chair", "founder", "director", "coordinator"}


def _led_body(span: Span, title: Entry) -> str | None:
    """The role of a body a head title names right after "of" by its kind ("the leader of the X
    movement" NGO, "the head of the Y gang" CRM, "the director of the Z Institute" NGO)."""
    doc = span.doc
    sent_end = sentence_end(doc, span.start)
    if title.name.lower() not in _LEADS or span.end + 2 >= sent_end or doc[span.end].lower_ != "of":
        return None
    named = False
    for t in doc[span.end + 1 : min(span.end + 14, sent_end)]:
        if t.text == ",":
            break
        if t.text[:1].isupper() and t.pos_ == "PROPN":
            named = True
        if named and t.lower_ in ORG_NOUNS and t.text.islower():
            return ORG_NOUNS[t.lower_]
        nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if named and t.text[:1].isupper() and t.lower_ in ORG_HEADS and (nxt is None or not nxt.text[:1].isupper()):
            return ORG_HEADS[t.lower_]
    return None


_OF_BODY = {"from", "of", "at", "for", "with"}


def _igo_at(doc: Doc, j: int, stop: int, kb: KB) -> Entry | None:
    """The organization named at token j ("the Group of Seven", "NATO")."""
    while j < stop and doc[j].lower_ == "the":
        j += 1
    for length in (5, 4, 3, 2, 1):
        if j + length > stop:
            continue
        entries = kb.lexicon.get(tuple(t.lower_ for t in doc[j : j + length]), [])
        entries = [e for e in entries if e.kind == "igo" and doc[j].text[:1].isupper()]
        if entries:
            return entries[0]
    return None


_ENVOY_RANKS = {"deputy", "acting", "vice", "permanent", "alternate", "'s", "’s"}


def _envoy_state(doc: Doc, span: Span, first: int, earlier: list[Found], kb: KB) -> str | None:
    """The state an envoy to an organization serves: a demonym or country before its rank
    ("British Deputy U.N. Ambassador", "Kenya's acting UN envoy"), or the person a possessive
    pronoun stands for ("Iran's ambassador ... his U.N. mission")."""
    j, sent_start = first - 1, sentence_start(doc, span.start)
    while j >= sent_start and doc[j].lower_ in _ENVOY_RANKS:
        j -= 1
    if j < sent_start:
        return None
    if doc[j].lower_ in ("his", "her"):
        owner = next(
            (f for f in reversed(earlier) if f.mention.country and not f.plural and (f.person is not None or f.title)),
            None,
        )
        return owner.mention.country if owner is not None else None
    for e in kb.lexicon.get((doc[j].lower_,), []):
        if e.kind in COUNTRYISH and doc[j].text[:1].isupper():
            return e.key
    return None


def _watchdogs(span: Span) -> bool:
    """Press-freedom groups with no country named are the international watchdogs ("press freedom
    groups say", "press freedom and rights groups"): bare NGO."""
    doc = span.doc
    words = [t.lower_ for t in doc[span.root.left_edge.i : span.end]]
    return any(a == "press" and b == "freedom" for a, b in zip(words, words[1:]))


def _client_owned(span: Span, earlier: list[Found], kb: KB) -> bool:
    """Whether a person owns the noun: "his lawyers", "Ruiz's legal team" (a person named before,
    "the journalist Ana Ruiz"), not "Peru's lawyers"."""
    if span.start < 2:
        return span.start == 1 and span.doc[0].lower_ in ("his", "her", "their")
    owner, name = span.doc[span.start - 1], span.doc[span.start - 2]
    if owner.lower_ in ("his", "her", "their"):
        return True
    if owner.lower_ not in ("'s", "’s") or any(
        e.kind in (*COUNTRYISH, "city", "igo", "institution") for e in kb.lexicon.get((name.lower_,), [])
    ):
        return False
    return name.ent_type_ == "PERSON" or any(
        name.text in (f.holder or f.mention.text).split()
        for f in earlier
        if f.person is not None or f.holder or f.mention.kind in ("sector", "title") and not f.plural
    )


def _venue(earlier: list[Found]) -> str | None:
    """The country of the latest court, judge or prosecutor the text placed itself."""
    for f in reversed(earlier):
        if f.mention.role == "JUD" and f.mention.country and f.mention.kind in ("sector", "institution"):
            if f.mention.kind == "institution" or any(a.first(*COUNTRYISH, "city") for a in f.atoms):
                return f.mention.country
    return None


def _city_modifier(group: list[Atom], sectors: list[Atom]) -> str | None:
    """The country of a city written right before a group's head noun ("a New York court",
    "Karachi police"): the group is there."""
    head = sectors[-1]
    for i, atom in enumerate(group[:-1]):
        city = atom.first("city")
        between: list[Token] = list(head.doc_token.doc[atom.end : head.start]) if head.doc_token is not None else []
        if city is not None and group[i + 1] is head and all(t.pos_ == "ADJ" for t in between):
            return city.key
    return None
