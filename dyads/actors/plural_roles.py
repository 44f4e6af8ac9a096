"""Actors: a plural title or body applied to each country of a list after "of" ("the presidents
of Chile and Peru", "the foreign ministers of Egypt, Jordan and Iraq", "the armies of Sudan and
Chad"): each country named in the list has that office or body (CHLGOV, PERGOV), so that each
side of an event gets its own source."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from dyads.actors.kb import KB
from dyads.actors.matching import Found

_LINKS = (["and"], [","], [",", "and"], ["&"])


def shared_roles(doc: Doc, found: list[Found], kb: KB) -> None:
    """Recode the bare countries listed after a plural title's "of <country>" to that title's role
    (in place). `found` is in text order; only countries joined to the list by "and" or a comma
    are recoded, so "the presidents of Chile met Peru" keeps Peru a country."""
    for i, f in enumerate(found):
        m = f.mention
        if not m.country or not m.role or m.kind not in ("sector", "title"):
            continue
        if not _of_country(doc, f):
            continue
        last = f
        for g in found[i + 1 :]:
            between = [t.lower_ for t in doc[last.end : g.start]]
            if between not in _LINKS or g.mention.kind != "country" or not g.mention.country:
                break
            g.mention = replace(
                g.mention,
                code=g.mention.country + m.role,
                role=m.role,
                kind="sector",
            )
            g.title, g.plural = f.title, True
            if f.person is not None:  # "the presidents of Chile": not the one president the KB knows
                f.mention = replace(m, code=m.country + m.role, kind="sector", name=kb.country_name(m.country))
                f.person = None
            f.plural = True
            last = g
            if between[-1] == "and":
                break  # the list is closed


def _of_country(doc: Doc, f: Found) -> bool:
    """Whether the mention ends in "<title>s of [the] <country>": the country the title is of."""
    country = next((a for a in reversed(f.atoms) if a.kinds() & {"country", "capital"}), None)
    if country is None or country.end != f.end:
        return False
    j = country.start - 1
    if j > f.start and doc[j].lower_ == "the":
        j -= 1
    return j > f.start and doc[j].lower_ == "of" and doc[j - 1].tag_ in ("NNS", "NNPS")
