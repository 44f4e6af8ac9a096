"""Where a group is: the place named with an unnamed group says whose it is ("police in
Lahore"), and a transnational armed group is coded by the country where it acts ("Islamic State
in Mozambique"); a junta long in power is the government."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from spacy.tokens import Doc, Span

from dyads.actors.kb import KB
from dyads.actors.matching import COUNTRYISH, Atom, Found
from dyads.nlp.parse import sentence_end, sentence_start, span_root

_PLACE_KINDS = ("country", "capital", "city")


def _place_after(span: Span, kb: KB, subject: bool = False) -> str | None:
    """The country of the place an unnamed group is in: named right after it ("struck rebel
    positions in Idlib", "killed civilians in Gaza"), else earlier in its sentence ("an attack on
    Kyiv killed three people"). The group is of that country, not the subject's. A subject
    only takes a place its own noun phrase names ("Police in Lahore arrested ...")."""
    doc = span.doc
    sent_start, sent_end = sentence_start(doc, span.start), sentence_end(doc, span.start)
    if subject:
        prep = doc[span.end] if span.end < sent_end else None
        if prep is None or prep.lower_ not in _IN or prep.head.i != span.root.i:
            return None
        return _place_at(doc, span.end + 1, sent_end, kb)
    after = range(span.end, min(span.end + 6, sent_end))
    before = range(span.start - 1, sent_start - 1, -1)
    for window, preps in ((after, _IN), (before, _IN | {"on"})):
        for i in window:
            if doc[i].lower_ in preps and doc[i].dep_ == "prep":
                country = _place_at(doc, i + 1, sent_end, kb)
                if country is not None or window is after:
                    return country
    return None


_IN = {"in", "near", "inside", "across", "throughout", "outside"}


def _place_at(doc: Doc, j: int, stop: int, kb: KB) -> str | None:
    while j < stop and (doc[j].lower_ == "the" or doc[j].pos_ == "ADJ"):  # "in northern Iraq"
        j += 1
    for length in (3, 2, 1):
        entries = kb.lexicon.get(tuple(t.lower_ for t in doc[j : j + length]), [])
        entries = [e for e in entries if e.kind in _PLACE_KINDS and doc[j].text[:1].isupper()]
        if entries:
            owner = j + length < stop and doc[j + length].lower_ in ("'s", "’s")
            inner = owner and j + length + 1 < stop and doc[j + length + 1].pos_ == "PROPN"  # "in Chad's Lac province"
            return None if owner and not inner else entries[0].key  # "near Ukraine's borders" is not in Ukraine
    return _placed_by_comma(doc, j, stop, kb)


def _placed_by_comma(doc: Doc, j: int, stop: int, kb: KB) -> str | None:
    """A place the KB does not know, placed by the region or country after its comma ("near Sibi,
    Balochistan", "in Lamu County, Kenya")."""
    k = j
    while k < min(j + 3, stop) and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper():
        k += 1
    if k == j or k + 1 >= stop or doc[k].text != ",":
        return None
    for length in (3, 2, 1):
        entries = kb.lexicon.get(tuple(t.lower_ for t in doc[k + 1 : k + 1 + length]), [])
        entries = [e for e in entries if e.kind in _PLACE_KINDS and doc[k + 1].text[:1].isupper()]
        if entries:
            return entries[0].key
    return None


def where_groups_act(doc: Doc, found: list[Found], atoms: list[Atom], kb: KB) -> None:
    """Recode each mention of a group of transnational.tsv by the country it acts in: a place
    named with it ("IS in Syria", "Islamic State fighters in Mozambique"), else the country of
    its list that the story names most, else its shipped code."""
    groups = [f for f in found if f.mention.kind == "institution" and (f.mention.name or "") in kb.transnational]
    if not groups:
        return
    named = Counter(a.first(*COUNTRYISH, "city").key for a in atoms if a.first(*COUNTRYISH, "city"))  # type: ignore[union-attr]
    for f in groups:
        where = kb.transnational[f.mention.name or ""]
        if f.person is not None:
            continue
        own = _own_place(doc, f, kb)  # the group's own phrase places it, on its list or not ("a cell in Turkey")
        place = own or _place_after(doc[f.start : f.end], kb)
        country = own or (place if place in where else max(where, key=lambda c: (named[c], c == f.mention.code[:3])))
        assert country is not None
        if named[country] == 0 and place not in where and not own:
            continue
        if country != f.mention.code[:3]:
            f.mention = replace(f.mention, code=country + f.mention.code[3:], country=country)


_BRANCH_NOUNS = {
    "branch",
    "affiliate",
    "wing",
    "province",
    "faction",
    "chapter",
    "franchise",
    "offshoot",
    "cell",
    "cells",
}


def _own_place(doc: Doc, f: Found, kb: KB) -> str | None:
    """The country a group's own name places it in: a place inside the mention ("IS in Somalia"),
    or a place, demonym or region (transnational.tsv's branches) before a branch noun after it
    ("Islamic State's Somali branch", "Islamic State's West Africa branch")."""
    for i in range(f.start, f.end - 1):
        if doc[i].lower_ in _IN:
            return _place_at(doc, i + 1, f.end, kb)
    j = f.end + (f.end < len(doc) and doc[f.end].lower_ in ("'s", "’s"))
    for k in range(j, min(j + 4, sentence_end(doc, f.start))):
        if doc[k].lower_ in _BRANCH_NOUNS and k == j and k + 1 < len(doc) and doc[k + 1].lower_ in _IN:
            return _place_at(doc, k + 2, sentence_end(doc, f.start), kb)  # "an IS cell in Turkey"
        if doc[k].lower_ in _BRANCH_NOUNS:
            region = " ".join(t.lower_ for t in doc[j:k])
            return kb.branches.get(f.mention.name or "", {}).get(region) or _country_in(doc, j, k, kb)
        if not (doc[k].text[:1].isupper() or doc[k].text == "-"):
            return None
    return None


def _country_in(doc: Doc, start: int, stop: int, kb: KB) -> str | None:
    """The country of a country, capital, demonym or city among doc[start:stop]."""
    for i in range(start, stop):
        for length in (3, 2, 1):
            entries = kb.lexicon.get(tuple(t.lower_ for t in doc[i : min(i + length, stop)]), [])
            entry = next((e for e in entries if e.kind in (*COUNTRYISH, "city")), None)
            if entry is not None:
                return entry.key
    return None


JUNTA_GRACE = dt.timedelta(days=30)  # "a junta in the first days after a coup" is still the army


def juntas_in_power(doc: Doc, found: list[Found], kb: KB, day: dt.date | None) -> None:
    """ "The junta" of a country that juntas.tsv lists is its government (GOV) from a month after
    the coup until the handover; before that, and for other countries, it stays MIL."""
    if day is None:
        return
    for f in found:
        m = f.mention
        if m.role != "MIL" or m.country not in kb.juntas or "junta" not in doc[f.start : f.end].text.lower():
            continue
        coup, end = kb.juntas[m.country]
        if coup + JUNTA_GRACE <= day and (end is None or day < end):
            f.mention = replace(m, code=m.country + "GOV" + m.code[6:], role="GOV")


def described(doc: Doc, found: list[Found]) -> None:
    """An unnamed group set beside a named one as its description is that one ("designated the
    Zeta Front a terrorist group", "the Zeta Front, an armed group, ..."): the same actor, when
    the two have the same role."""
    by_token = {i: f for f in found for i in range(f.start, f.end)}
    for f in found:
        root = span_root(doc, f.start, f.end)
        if f.mention.kind != "sector" or f.title or root.dep_ not in ("appos", "oprd"):
            continue
        named = by_token.get(root.head.i)
        if named is None or named is f or named.mention.kind not in ("institution", "igo"):
            continue
        if named.mention.role == f.mention.role and named.code != f.code:
            f.mention = replace(f.mention, code=named.code, country=named.mention.country, name=named.mention.name)
