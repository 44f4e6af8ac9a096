"""Actors, step 2: the code a group of atoms names (a person's role on the date, a country and a
sector, an organization, or a title resolved to the holder named before)."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span, Token

from dyads.actors.context import _place_after
from dyads.actors.eponyms import eponym, owns_body
from dyads.actors.kb import KB, Entry
from dyads.actors.legislatures import US_PARTIES, american_body, congress_title
from dyads.actors.matching import COUNTRYISH, Atom, Found, _fused, _is_subject
from dyads.actors.modifiers import (
    _CREEDS,
    _OFFICES,
    _city_of,
    _count,
    _names_another,
    bare_name,
)
from dyads.actors.offices import office_holder
from dyads.actors.owners import (
    _COUNSEL,
    _OF_BODY,
    _branch,
    _city_modifier,
    _client_owned,
    _envoy_state,
    _holds_title,
    _igo_at,
    _latest_two,
    _led_body,
    _named_together,
    _same_office,
    _venue,
    _watchdogs,
)
from dyads.actors.people import _person
from dyads.actors.rulers import ruling_country
from dyads.model import Mention, MentionKind, is_role
from dyads.nlp.parse import ent_at, ents, lowers, sentence_end, sentence_start, span_root, text_of, tokens
from dyads.nlp.syntax import _previous_sentence_start, _quoted

_LEAD = {"the", "a", "an", "two", "both", "former", "then", "then-", "ex", "ex-", "three", "all"}


def resolve_group(
    doc: Doc,
    group: list[Atom],
    kb: KB,
    day: dt.date | None,
    earlier: list[Found],
    home: str | None,
    span_end: int | None = None,
) -> Found | None:
    """The mention a group of atoms makes, or None when it is no actor."""
    if group[0].prefix is not None:
        return _fused(doc, group[0], kb)
    start, end = group[0].start, span_end or group[-1].end
    toks, lows = tokens(doc), lowers(doc)
    while start > 0 and (lows[start - 1] in _LEAD or toks[start - 1].like_num) and not toks[start - 1].is_sent_end:
        start -= 1  # "the two leaders", "former President ..."
    if group[-1].first("sector") is not None and group[-1].end == end and doc[end - 1].tag_ not in ("NNS", "NNPS"):
        # "spokesman Kamran Dastjerdi", "the minister, Ali Rezaei"; not a plural title's list of names
        # ("his Azerbaijani and Armenian counterparts, Bayramov and Mirzoyan")
        end = _named_holder_end(doc, end, kb)
    span = doc[start:end]
    words = set(lows[start:end])
    person_atom = next((a for a in group if "person" in a.kinds()), None)
    surname_atom = next((a for a in group if "surname" in a.kinds() and "person" not in a.kinds()), None)
    sectors = [a for a in group if a.first("sector")]
    title = _head_sector(doc, sectors)
    then = bool(words & {"then", "then-"})
    country = _country(group)
    if country is None and title is not None and person_atom is None and surname_atom is None:
        country = _city_modifier(group, sectors)  # "a New York court", "Lahore police"
    if person_atom is not None or surname_atom is not None:
        atom = person_atom or surname_atom
        assert atom is not None
        person = _person(atom, kb, day, earlier, country, title)
        owned = [a for a in group if a.start > atom.start and a.first("sector")]
        body = owned[0].first("sector") if owned else None
        if person is None and body is not None and owns_body(doc, atom.end, owned[0].start, body.name):
            person = eponym([int(e.key) for e in atom.entries if e.kind in ("person", "surname")], kb)
        if person is not None and owned:  # "Assad's forces": the person's country, the group's role
            code = person[1].code_on(day)
            owned_role = owned[-1].first("sector")
            assert owned_role is not None
            if owned_role.key == "JUD" and owned_role.name.lower() in _COUNSEL:
                # "Ruiz's lawyers": a private client's counsel is no state's judiciary
                return _found(span, "JUD", None, "sector", kb, atoms=group, plural=span[-1].tag_ in ("NNS", "NNPS"))
            if code[:3] not in ("IGO", "NGO", "ELI"):
                return _found(
                    span,
                    code[:3] + owned_role.key,
                    kb.country_name(code[:3]),
                    "sector",
                    kb,
                    title=_office(owned_role),
                    atoms=group,
                    plural=span[-1].tag_ in ("NNS", "NNPS"),
                )
        if person is not None:
            index, p = person
            # "former President Jair Bolsonaro ... Bolsonaro": once called former, no grace after the term
            former = "former" in words or any(f.person == index and f.code.endswith("ELI") for f in earlier)
            code = p.code_on(day, grace=not former)
            if (then or p.before_first_role(day)) and title is not None:
                # "then-foreign minister X", or someone the KB only knows from a later office:
                # the title in the text decides ("a former labour minister later made premier", in the year of the text)
                code = (country or (p.country or code[:3])) + title.key
            return _found(span, code, p.name, "person", kb, person=index, title=_office(title), atoms=group)
    inst = _institution(group, day)
    branch = _branch(doc, end, inst, kb)
    if branch is not None:  # "IS in Syria", "IS-Somalia": the brand's branch where it fights
        assert inst is not None
        return _found(doc[start : branch[1]], branch[0] + "REB", inst.name, "institution", kb, atoms=group)
    igo = next((a.first("igo") for a in group if a.first("igo")), None)
    if (
        title is None
        and igo is not None
        and not country
        and end < len(doc)
        and doc[end].lower_ in ("mission", "delegation")
    ):
        state = _envoy_state(doc, span, group[0].start, earlier, kb)  # "his U.N. mission": his state's
        if state is not None:
            demonyms = kb.countries[state].demonyms
            mission = f"{demonyms[0] if demonyms else kb.country_name(state)} Mission to the {igo.name}"
            return _found(doc[start : end + 1], state + "GOV", mission, "institution", kb, atoms=group)
    if title is None:
        return _bare(doc, span, group, kb, inst, igo, country)
    role = "" if title.key == "-" else title.key  # "-": the word stands for the country (its embassy, soil)
    role = _functionary_role(sectors, title, role)
    if congress_title(doc, sectors, span):
        role = "LEG"  # "Representative Ana Ruiz": a member of a congress, not an envoy
        if not country and span.start > 0 and doc[span.start - 1].text in US_PARTIES:
            country = "USA"  # "Republican Representative ..."
    if "former" in words and role in ("GOV", "MIL", "LEG", "JUD"):
        role = "ELI"
    if igo is not None and not country and title.name.lower() in _ENVOYS:
        country = _envoy_state(doc, span, group[0].start, earlier, kb)  # "British Deputy U.N. Ambassador"
        if country and "former" not in words:
            role = "GOV"
    if igo is not None and not (country and title.name.lower() in _ENVOYS):  # "China's U.N. ambassador" is China's
        return _found(span, igo.key, igo.name, "igo", kb, title=_office(title), atoms=group)
    if inst is not None and not country:
        if "former" in words and inst.key[:3] in kb.countries and inst.key[3:6] in _OFFICES:
            # "a former State Department official": out of office
            return _found(span, inst.key[:3] + "ELI", inst.name, "institution", kb, title=_office(title), atoms=group)
        return _found(span, inst.key, inst.name, "institution", kb, title=_office(title), atoms=group)
    if country:
        name = _unknown_person_name(doc, span)
        holder = None if name or then or "former" in words else office_holder(span, title.name, country, day, kb)
        if holder is not None:  # "Iran's supreme leader", "the top U.S. diplomat": who held it that day
            p = kb.people[holder]
            return _found(span, p.code_on(day), p.name, "title", kb, person=holder, title=_office(title), atoms=group)
        name = name or kb.country_name(country)
        return _found(
            span,
            country + role,
            name,
            "sector",
            kb,
            title=_office(title),
            atoms=group,
            plural=span[-1].tag_ in ("NNS", "NNPS"),
        )
    return _title_only(span, title, role, earlier, home, kb, group)


_SITES = {"base", "airbase", "airfield", "barracks", "garrison", "outpost", "headquarters"}


def _explicit(f: Found) -> bool:
    """Whether the mention named its country itself (not borrowed from the context). Armed groups
    do not count: al-Qaida's AFG says nothing about where the soldiers in its sentence come from."""
    if f.mention.kind == "institution":
        return f.mention.role != "REB"
    return f.mention.kind in ("country", "person") or any(a.first(*COUNTRYISH) for a in f.atoms)


def _named_holder_end(doc: Doc, end: int, kb: KB) -> int:
    """The end of a person's name right after a title (with or without a comma), or of an
    institution's name ("Ministry of External Affairs"), else `end`."""
    if (
        doc[end - 1].text[:1].isupper()
        and end + 1 < len(doc)
        and doc[end].lower_ == "of"
        and doc[end + 1].pos_ == "PROPN"
    ):
        stop = end + 1
        while stop < len(doc) and (doc[stop].pos_ == "PROPN" or doc[stop].lower_ == "and"):
            stop += 1
        while doc[stop - 1].lower_ == "and":
            stop -= 1
        return stop
    at = end + 1 if end < len(doc) and doc[end].text == "," else end
    ent = ent_at(doc, at) if at < len(doc) else None
    ent = ent if ent is not None and ent.start == at and ent.label_ == "PERSON" else None
    if ent is not None:
        return ent.end
    return end + len(bare_name(doc, end, kb)) if at == end else end


def _office(title: Entry | None) -> str | None:
    """The title word when it names one office holder ("foreign minister"), not a group."""
    return title.name if title is not None and title.extra == "title" else None


def _institution(group: list[Atom], day: dt.date | None) -> Entry | None:
    """The institution entry valid on the day ("Taliban" is AFGREB in 2019, AFGGOV in 2022)."""
    entries = [e for a in group for e in a.entries if e.kind == "institution"]
    if not entries or day is None:
        return entries[0] if entries else None
    return next((e for e in entries if e.valid_on(day)), entries[0])


# people who speak or act for a body: "army spokesperson", "law enforcement officials" are the body's
_FUNCTIONARIES = {
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "official",
    "officer",
    "source",
    "representative",
    "media wing",  # "the military's media wing" speaks for the military
    "media arm",
}
# a diplomatic post's staff work for its government: "a U.S. consulate employee" is USAGOV
_STAFF = {"employee", "staffer", "worker"}
_POSTS = {"consulate", "embassy"}
_GENERIC_ROLES = {"GOV", "CVL", ""}


def _functionary_role(sectors: list[Atom], title: Entry, role: str) -> str:
    """The role of the body a functionary speaks for when the text names it ("military officials"
    are MIL, "intelligence sources" SPY), else `role`."""
    if title.name.lower() in _STAFF and any(e.name.lower() in _POSTS for a in sectors for e in a.entries):
        return "GOV"
    if title.name.lower() not in _FUNCTIONARIES:
        return role
    bodies = [e for a in sectors for e in a.entries if e.kind == "sector" and e.key not in _GENERIC_ROLES]
    bodies = [e for e in bodies if e.name.lower() not in _FUNCTIONARIES]
    return bodies[-1].key if bodies else role


def _head_sector(doc: Doc, sectors: list[Atom]) -> Entry | None:
    """The head noun's sector: the last one, or the one before "of" ("supporters of the junta")."""
    for a in sectors:
        if a.end < len(doc) and doc[a.end].lower_ == "of":
            return a.first("sector")
    return sectors[-1].first("sector") if sectors else None


def _bare(
    doc: Doc, span: Span, group: list[Atom], kb: KB, inst: Entry | None, igo: Entry | None, country: str | None
) -> Found | None:
    """A group without a sector word: an organization, institution or country."""
    if inst is not None:
        return _found(span, inst.key, inst.name, "institution", kb, atoms=group)
    if igo is not None:
        return _found(span, igo.key, igo.name, "igo", kb, atoms=group)
    city = next((a.first("city") for a in group if a.first("city")), None)
    if not country and city is not None and len(group) == 1:
        # a city stands for its country only as the target of force or a visit (events.PLACE_ROOTS);
        # it is not listed among the article's actors
        return _found(span, city.key, city.name, "place", kb, atoms=group)
    if not country:
        return None
    last = group[-1]
    if last.kinds() <= {"demonym"}:
        head = doc[last.end - 1]
        if head.tag_ in ("NNPS", "NNS") and head.pos_ in ("PROPN", "NOUN"):
            return _found(
                span, country + "CVL", kb.country_name(country), "sector", kb, atoms=group, plural=True
            )  # "Israelis"
        top = head
        while top.dep_ == "conj" and top.head.i != top.i:  # "a Chinese and Russian proposal"
            top = top.head
        if top.dep_ == "amod" and top.head.lemma_.lower() in _STATE_ACTS:
            return _found(span, country, kb.country_name(country), "country", kb, atoms=group)
        if head.dep_ == "amod" and head.head.lemma_.lower() in _ATTACKS:  # "Israeli strikes", "a Russian attack"
            return _found(doc[group[0].start : span.end], country, kb.country_name(country), "country", kb, atoms=group)
        return None  # "Iranian oil" is no actor
    return _found(span, country, kb.country_name(country), "country", kb, atoms=group)


# what only a state puts forward: "a Chinese proposal" is China's
_STATE_ACTS = {"proposal", "initiative", "offer", "ultimatum", "counterproposal", "draft"}


# attacks a demonym names the attacker of: "Israeli strikes killed ...", "a Russian missile attack"
_ATTACKS = {
    "strike",
    "airstrike",
    "attack",
    "raid",
    "shelling",
    "bombardment",
    "bombing",
    "offensive",
    "incursion",
    "invasion",
    "missile",
    "rocket",
    "barrage",
    "assault",
    "blockade",
}


# adjectives that leave a group unnamed ("other people"), and particles the parser calls adjectives ("pull back forces")
_STATE_ORGANS = {"army", "military", "police", "navy", "judiciary", "parliament", "legislature"}  # not "junta"


def _named_body(span: Span, earlier: list[Found], kb: KB, group: list[Atom]) -> Found | None:
    """ "the court", "the ministry", "the agency": the latest organization or institution whose name
    says so ("the International Court of Justice ... the court" is that court, not the home country's)."""
    if len(span) != 2 or span[0].lower_ != "the" or span[1].tag_ != "NN":
        return None
    noun = span[1].lower_
    for f in reversed(earlier):
        if f.mention.kind in ("igo", "institution") and noun in (f.mention.name or "").lower().split():
            return _found(span, f.code, f.mention.name, f.mention.kind, kb, atoms=group)
    return None


def _audience(f: Found, doc: Doc) -> bool:
    """An outlet someone speaks to: "told VOA", "said in an interview with the BBC", "said to Reuters"."""
    root = span_root(doc, f.start, f.end)
    if root.dep_ in ("dobj", "dative"):
        return root.head.lemma_.lower() == "tell"
    if root.dep_ != "pobj" or root.head.lower_ not in ("to", "with"):
        return False
    head = root.head.head
    return head.lemma_.lower() in ("say", "speak", "talk", "interview") or head.lower_ == "interview"


# a state's people at an organization: "China's U.N. ambassador", "Kenya's delegation to the AU"
_ENVOYS = {"ambassador", "envoy", "permanent representative", "delegation", "delegate", "mission"}


# kinds of mention that can carry an office ("a State Department spokesperson" is an institution's)
_TITLED = ("person", "sector", "title", "institution", "igo")


# adjectives of regions and blocs, not of one state's people: "Western diplomats" are no one country's
def _named_usa(earlier: list[Found]) -> bool:
    return any(f.mention.country == "USA" for f in earlier)


def _title_only(
    span: Span, title: Entry, role: str, earlier: list[Found], home: str | None, kb: KB, group: list[Atom]
) -> Found | None:
    """ "the foreign minister": the latest person with that title; "the two leaders": the latest two
    people; "the militants": the latest group with that role; "police": the home country."""
    words = {t.lower_ for t in span}
    plural = span[-1].tag_ in ("NNS", "NNPS")
    named = _named_body(span, earlier, kb, group)
    if named is not None:
        return named
    ruler = ruling_country(span, earlier, home, kb)  # "the junta": the article's, not the nearest demonym's
    if ruler is not None:
        return _found(span, ruler + role, kb.country_name(ruler), "sector", kb, title=_office(title), atoms=group)
    if title.name.lower() in _COUNSEL and _client_owned(span, earlier, kb):
        return _found(span, "JUD", None, "sector", kb, title=_office(title), atoms=group, plural=plural)
    loose = plural and title.extra == "group"  # "young protesters", "undocumented migrants" are people we code
    modifiers = [c for c in span[0].children if c.i < span.start] if len(span) == 1 else []
    city = next((c for c in modifiers if c.dep_ == "compound" and _city_of(c, kb)), None)
    modifiers = [c for c in modifiers if c is not city and not _count(c)]  # "a three-judge bench"
    if any(_names_another(c, role, loose, plural) for c in modifiers):
        return None  # "Sikh leader", "opposition figure", "the sitting president": someone we cannot name
    if city is not None and role not in ("MIL", "SPY", ""):
        # "a Chicago court", "Lagos police": the city's country (troops and spies may be abroad)
        country = _city_of(city, kb)
        assert country is not None
        return _found(span, country + role, kb.country_name(country), "sector", kb, title=_office(title), atoms=group)
    party = next((c for c in modifiers if c.text in US_PARTIES), None)
    if plural and party is not None and role in ("LEG", "GOV") and (home == "USA" or _named_usa(earlier)):
        # "Republican lawmakers", "Democratic senators": the American party's members of Congress
        return _found(span, "USALEG", kb.country_name("USA"), "sector", kb, atoms=group, plural=True)
    if role == "REB" and span[0].i > 0 and span.doc[span[0].i - 1].lower_ in _CREEDS:
        creed = span.doc[span[0].i - 1]
        if creed.i > 0 and span.doc[creed.i - 1].lower_ == "the":  # "the Islamist militants": the group named before
            span = span.doc[creed.i - 1 : span.end]
    igo_after = _igo_after(span, title, kb, group)  # "a spokesperson for UNHCR", "diplomats from the G7"
    if igo_after is not None:
        return igo_after
    if plural:
        body = _plural_body(span, title, earlier, kb, group)
        if body is not None:
            return body
    if plural and ("both" in words or ("two" in words and span[0].lower_ in ("the", "these", "those"))):
        # "the two leaders": the latest two people named together ("Obama and Putin met") holding that
        # title, else the latest two holding it, else the latest two people ("two women" are new people)
        people = [
            f
            for f in reversed(earlier)
            if f.person is not None  # "his counterparts", not "an envoy"
            or (f.title and f.mention.kind == "sector" and span.doc[f.start].lower_ not in ("a", "an"))
        ]
        titled = [f for f in people if _holds_title(f, title.name, kb)]
        pair = _named_together(titled, span.doc) or _latest_two(titled) or _latest_two(people)
        if pair:
            found = _found(
                span, pair[1].code, pair[1].mention.name, "group", kb, title=_office(title), atoms=group, plural=True
            )
            found.members = [pair[1], pair[0]]
            return found
    definite = span[0].lower_ == "the"
    sent_start = sentence_start(span.doc, span.start)
    nearby = next(
        (
            f.mention.country
            for f in reversed(earlier)
            if f.start >= sent_start
            and f.mention.country
            and _explicit(f)
            and not _quoted(span.doc, f.start)
            and f.mention.role != "MED"  # "told VOA as the military ...": an outlet's country is no one's army
            and _is_subject(f, span.doc)
        ),
        None,
    )
    # "President Jonathan said the army would retake the towns": a state's one army, police or
    # navy in its own leader's sentence is that state's, whoever's troops were named before
    own_organ = nearby is not None and not plural and definite and span[-1].lower_ in _STATE_ORGANS
    if title.extra == "group" and role != "GOV" and (definite or plural) and not own_organ:
        # "the militants", "fighters": the group named just before; a definite noun phrase reaches
        # back through the document, a bare plural one sentence
        recent = 0 if definite else _previous_sentence_start(span[0], sent_start)
        for f in reversed(earlier):
            if f.start < recent:
                break
            if role == "MED" and _audience(f, span.doc):
                continue  # "told VOA ... the newspaper": the outlet spoken to is not the one talked about
            if role == "NGO" and f.mention.kind in ("igo", "institution") and f.code == "NGO":
                return _found(span, f.code, f.mention.name, "igo", kb, title=_office(title), atoms=group, plural=plural)
            if f.mention.role == role and f.mention.kind in ("sector", "institution") and f.mention.country:
                return _found(
                    span, f.code, f.mention.name, "sector", kb, title=_office(title), atoms=group, plural=plural
                )
    if title.extra == "title" and not plural:
        for f in reversed(earlier):
            if role != title.key and f.mention.role != role:
                continue  # "the military spokesperson" is not the ministry's
            if f.title and _same_office(title.name, f.title.lower()) and f.mention.kind in _TITLED:
                return _found(
                    span,
                    f.code,
                    f.mention.name,
                    "title",
                    kb,
                    person=f.person,
                    title=f.title,
                    atoms=group,
                    holder=f.holder,
                    antecedent=f,  # its holder may be named later ("the envoy, Ana Ruiz")
                )
    # the country of the sentence's subject: "Starmer accused the government" (Britain's), "the Turkish
    # minister visits troops in Libya as army hits ..." (Turkey's), not of a place or a target named before
    owner = span.doc[span.start - 1] if span.start > 0 else None
    if owner is not None and owner.dep_ == "poss" and owner.lower_ in ("his", "her", "its", "their"):
        owned = _owner(owner, earlier)
        if owned is not None:
            return _found(
                span,
                owned + role,
                kb.country_name(owned),
                "sector",
                kb,
                title=_office(title),
                atoms=group,
            )
    led = _led_body(span, title)  # "the leader of the X movement": the movement's role
    if led is not None:
        role = led
    # where unnamed people, groups and agencies are says whose they are; troops are sent abroad
    sent_abroad = role in ("MIL", "SPY") and span[-1].lemma_.lower() not in _SITES  # "an army base in X" is X's
    place = None if sent_abroad else _place_after(span, kb, subject=span.root.dep_ in ("nsubj", "nsubjpass"))
    if place is None and american_body(span, nearby or home, earlier):
        nearby = "USA"
    if place is None and role == "JUD":
        # "a New York court ... prosecutors said": a trial's courts, judges and prosecutors are those
        # of the court the story placed, not of the defendants' country
        nearby = _venue(earlier) or nearby
    if role == "NGO" and place is None and _watchdogs(span):
        return _found(span, "NGO", None, "sector", kb, title=_office(title), atoms=group, plural=plural)
    home = place or nearby or home  # "Starmer accused the government": the government of Starmer's country
    if home is None:
        return _found(span, role, None, "sector", kb, title=_office(title), atoms=group)
    return _found(
        span,
        home + role,
        kb.country_name(home),
        "sector",
        kb,
        title=_office(title),
        atoms=group,
        plural=span[-1].tag_ in ("NNS", "NNPS"),
    )


def _plural_body(span: Span, title: Entry, earlier: list[Found], kb: KB, group: list[Atom]) -> Found | None:
    """People an organization sends, with no country of their own: "diplomats from the Group of
    Seven" are the group's; "the foreign ministers" after "G7 foreign ministers" are those named
    with the same noun before; "counterparts" of a minister at an organization's meeting are the
    organization's."""
    if title.extra != "title":
        return None
    counterparts = title.name.lower() == "counterpart"
    if span[0].lower_ != "the" and not counterparts:
        return None
    for f in reversed(earlier):
        if not f.plural or not f.title or not f.code.startswith("IGO"):
            continue
        if counterparts or _same_office(title.name, f.title.lower()):
            return _found(span, f.code, f.mention.name, "igo", kb, title=f.title, atoms=group, plural=True)
    return None


def _igo_after(span: Span, title: Entry, kb: KB, group: list[Atom]) -> Found | None:
    """A titled person or group of an organization named right after: "diplomats from the Group of
    Seven", "a spokesperson for UNHCR", "an official with the IAEA"."""
    doc = span.doc
    sent_end = sentence_end(doc, span.start)
    if title.extra != "title" or span.end + 1 >= sent_end or doc[span.end].lower_ not in _OF_BODY:
        return None
    igo = _igo_at(doc, span.end + 1, sent_end, kb)
    if igo is None:
        return None
    plural = span[-1].tag_ in ("NNS", "NNPS")
    return _found(span, igo.key, igo.name, "igo", kb, title=_office(title), atoms=group, plural=plural)


def _country(group: list[Atom]) -> str | None:
    for atom in group:
        entry = atom.first(*COUNTRYISH)
        if entry is not None:
            return entry.key
    return None


def _unknown_person_name(doc: Doc, span: Span) -> str | None:
    people = [e for e in ents(doc) if e.label_ == "PERSON" and span.start <= e.start and e.end <= span.end]
    return people[-1].text if people else None


def _owner(owner: Token, earlier: list[Found]) -> str | None:
    """The country of whoever "his", "her", "its" or "their" stands for: "Trump and his Cabinet",
    "the general and her troops" (a person named in the sentence); "Moscow ... withdraw its
    troops" (the organization or country named since the previous sentence)."""
    if owner.lower_ in ("his", "her"):
        sent_start = sentence_start(owner.doc, owner.i)
        person = next(
            (
                f
                for f in reversed(earlier)
                if f.start >= sent_start
                and f.mention.country
                and not f.plural
                and (f.person is not None or f.holder or f.mention.kind == "person")
            ),
            None,
        )
        return person.mention.country if person is not None else None
    since = _previous_sentence_start(owner, sentence_start(owner.doc, owner.i))
    thing = next(
        (
            f
            for f in reversed(earlier)
            if f.mention.kind in ("country", "institution", "igo") and f.mention.country and f.start >= since
        ),
        None,
    )
    return thing.mention.country if thing is not None else None


def _found(span: Span, code: str, name: str | None, kind: MentionKind, kb: KB, **extra: object) -> Found:
    text = text_of(span.doc)[span.start_char : span.end_char]  # span.text, without joining its tokens again
    country = code[:3] if len(code) >= 3 and code[:3] in kb.countries else None
    segment = code[3:6] if country and len(code) > 3 else (code if code in kb.roles else None)
    role = segment if segment is not None and is_role(segment) else None
    mention = Mention(
        text=text,
        start=span.start_char,
        end=span.start_char + len(text),
        code=code,
        country=country,
        role=role,
        name=name,
        kind=kind,
    )
    if "plural" not in extra:  # "ECOWAS leaders" is plural too
        extra["plural"] = tokens(span.doc)[span.end - 1].tag_ in ("NNS", "NNPS")
    return Found(mention=mention, start=span.start, end=span.end, **extra)  # type: ignore[arg-type]
