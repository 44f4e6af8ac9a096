"""Actors: find actor mentions in a parsed article and resolve them to codes.

Three steps (docs/actors.md):
1. atoms: the longest knowledge-base phrase at each token (country, demonym,
   capital, organization, institution, person, surname, sector word);
2. groups: atoms joined across connectors into one noun phrase ("Chile 's
   interior ministry spokeswoman , Ana Ruiz");
3. codes: a known person's role on the date; else country + the head sector
   word's role; title-only mentions, surnames and pronouns resolve to the most
   recent compatible mention in the document.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from spacy.tokens import Doc

from dyads.actors.affiliation import affiliated, bare_relatives, nationalities, relatives
from dyads.actors.context import described, juntas_in_power, where_groups_act
from dyads.actors.coreference import _igo_anaphors, _name_parts, _pronouns, holders
from dyads.actors.kb import KB
from dyads.actors.matching import COUNTRYISH, Atom, Found, group_atoms, match_atoms
from dyads.actors.pairs import _pairs
from dyads.actors.plural_roles import shared_roles
from dyads.actors.resolution import resolve_group
from dyads.actors.sides import sides
from dyads.nlp.parse import lowers

__all__ = ["VENUES", "Atom", "Found", "find_mentions"]

VENUES = {
    "GENEVA",
    "UNITED NATIONS",
    "NEW YORK",
    "BRUSSELS",
    "VIENNA",
    "THE HAGUE",
    "STRASBOURG",
    "DAVOS",
    "LUXEMBOURG",
    "NAIROBI",
    "ADDIS ABABA",
    "DOHA",
    "ROME",
}


def find_mentions(doc: Doc, kb: KB, published: str | None, home: str | None = None, venue: bool = False) -> list[Found]:
    """Resolved actor mentions of the document, in text order."""
    day = dt.date.fromisoformat(published) if published else None
    atoms = match_atoms(doc, kb)
    groups = group_atoms(doc, atoms)
    # a dateline's country is home, unless it is a diplomatic venue the story is not about:
    # "GENEVA —" over a story on Iran at the Human Rights Council is not Swiss
    mentioned = {a.first(*COUNTRYISH).key for a in atoms if a.first(*COUNTRYISH)}  # type: ignore[union-attr]
    if home is None or (venue and home not in mentioned):
        home = _dominant_country(atoms) or home
    found: list[Found] = []
    for i, group in enumerate(groups):
        shared = _shared_head(doc, group, groups[i + 1] if i + 1 < len(groups) else None) or _listed_head(
            doc, groups, i
        )
        f = resolve_group(doc, group + shared, kb, day, found, home, span_end=group[-1].end)
        if f is not None:
            found.append(f)
    shared_roles(doc, found, kb)  # "the presidents of Chile and Peru": Peru's president too
    where_groups_act(doc, found, atoms, kb)
    juntas_in_power(doc, found, kb, day)
    described(doc, found)
    found.extend(holders(doc, found, kb))
    found.extend(affiliated(doc, found, kb, home))
    found.sort(key=lambda f: f.start)
    found.extend(_name_parts(doc, found, kb))
    found.sort(key=lambda f: f.start)
    found.extend(relatives(doc, found, kb))  # after the name parts: "Ruiz's son" when Ruiz is a part
    found.extend(bare_relatives(doc, found, kb, home))
    nationalities(doc, found, kb)
    found.extend(_igo_anaphors(doc, found, kb, home))
    found = sides(doc, found, kb)  # sorted
    found.extend(_pairs(doc, found, kb))
    found.sort(key=lambda f: f.start)
    found.extend(_pronouns(doc, found, kb))
    found.sort(key=lambda f: f.start)
    return found


def _shared_head(doc: Doc, group: list[Atom], nxt: list[Atom] | None) -> list[Atom]:
    """ "Chadian and Nigerien troops": the first demonym shares the second's head noun."""
    if nxt is None or not group[-1].kinds() <= {"demonym", "country"}:
        return []
    between = list(lowers(doc)[group[-1].end : nxt[0].start])
    if between not in (["and"], ["or"], [",", "and"]):  # not a bare comma: "In Syria, Turkish artillery"
        return []
    if "demonym" not in nxt[0].kinds() and "country" not in nxt[0].kinds():
        return []
    if any(a.first("person", "surname") for a in nxt):
        return []  # "praise for Chile, and Kenyan President William Ruto": one man's title is not shared
    first, second = group[-1].first("demonym", "country"), nxt[0].first("demonym", "country")
    if first is not None and second is not None and first.key == second.key:
        return []  # "sanctions on Hungary and Hungarian officials": the country, then its officials
    return [a for a in nxt[1:] if a.first("sector")][-1:]


def _listed_head(doc: Doc, groups: list[list[Atom]], i: int) -> list[Atom]:
    """ "U.S., French and Mexican representatives": each country of a comma list shares the noun
    of the list's last member. The members must hang on that noun or on each other (not "In Syria,
    Turkish and Russian jets", where Syria is a place)."""
    if not groups[i][-1].kinds() <= {"demonym", "country"}:
        return []
    chain, j, closed = [groups[i]], i + 1, False
    while j < len(groups) and not closed:
        between = list(lowers(doc)[chain[-1][-1].end : groups[j][0].start])
        if between not in ([","], ["and"], ["or"], [",", "and"], [",", "or"]):
            return []
        closed = between[-1] in ("and", "or")
        if not closed and not groups[j][-1].kinds() <= {"demonym", "country"}:
            return []
        chain.append(groups[j])
        j += 1
    last = chain[-1]
    if not closed or len(chain) < 3 or not last[0].kinds() & {"demonym", "country"}:
        return []
    head = [a for a in last[1:] if a.first("sector")][-1:]
    if not head:
        return []
    span = range(chain[0][0].start, head[0].end)
    if not all(doc[g[-1].end - 1].head.i in span or doc[g[-1].end - 1].dep_ == "conj" for g in chain[:-1]):
        return []
    return head


def _dominant_country(atoms: list[Atom]) -> str | None:
    counts = Counter(a.first(*COUNTRYISH, "city").key for a in atoms if a.first(*COUNTRYISH, "city"))  # type: ignore[union-attr]
    return counts.most_common(1)[0][0] if counts else None
