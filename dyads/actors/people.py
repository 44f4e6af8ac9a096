"""Which knowledge-base person a name or a bare surname stands for: someone the document named
before, else the one holding an office on the article's date."""

from __future__ import annotations

import datetime as dt

from dyads.actors.kb import KB, Entry, Person
from dyads.actors.matching import Atom, Found, contradicted, other_bearer
from dyads.actors.modifiers import _HONORIFICS
from dyads.nlp.parse import lowers


def _person(
    atom: Atom, kb: KB, day: dt.date | None, earlier: list[Found], country: str | None, title: Entry | None
) -> tuple[int, Person] | None:
    """The KB person an atom names, using the document's earlier mentions and the date."""
    candidates = [int(e.key) for e in atom.entries if e.kind in ("person", "surname")]
    if not candidates:
        return None
    mentioned = [f for f in reversed(earlier) if f.person in candidates]
    if mentioned:
        index = mentioned[0].person
        assert index is not None
        tok = atom.doc_token
        if (
            tok is not None
            and "person" not in atom.kinds()
            and other_bearer(tok.doc, mentioned[0].end, atom.start, atom.end, kb.people[index].name)
        ):
            return None
        return index, kb.people[index]
    if not any(e.kind == "person" for e in atom.entries):
        return _surname_only(atom, candidates, kb, day, country)
    if len(set(candidates)) > 1:
        if day is not None:
            active = [i for i in set(candidates) if kb.people[i].role_on(day) is not None]
            if country:
                active = [i for i in active if kb.people[i].code_on(day).startswith(country)] or active
            if len(active) == 1:
                return active[0], kb.people[active[0]]
        full = [int(e.key) for e in atom.entries if e.kind == "person"]
        if len(set(full)) == 1:
            return full[0], kb.people[full[0]]
        return None
    return candidates[0], kb.people[candidates[0]]


def _surname_only(
    atom: Atom, candidates: list[int], kb: KB, day: dt.date | None, country: str | None
) -> tuple[int, Person] | None:
    """A bare surname not seen before in the document: only a person spaCy also sees as a
    person, and only when exactly one such person holds an office on the date ("Putin" in 2015)."""
    doc_tok = atom.doc_token
    if doc_tok is None or doc_tok.ent_type_ != "PERSON":
        return None
    doc = doc_tok.doc
    after = doc[doc_tok.i + 1] if doc_tok.i + 1 < len(doc) else None
    before = doc[atom.start - 1] if atom.start > 0 else None
    if (after is not None and after.pos_ == "PROPN" and after.text[:1].isupper()) or (
        before is not None
        and before.pos_ == "PROPN"
        and before.text[:1].isupper()
        and before.lower_ not in kb.sectors
        and before.lower_ not in _HONORIFICS  # "Mr. Putin"
    ):
        return None  # part of a longer name: "Khan Sheikhoun", "Sadiq Khan"
    n = atom.end - atom.start
    lows = lowers(doc)
    words = lows[atom.start : atom.end]
    for j in range(len(doc) - n + 1):  # anywhere: the headline may say "Lai" before the text says "Jimmy Lai"
        if lows[j : j + n] == words and any(
            contradicted(doc, j, j + n, e, kb) for e in atom.entries if e.kind == "surname"
        ):
            return None  # "Jimmy Lai ... the elder Lai": the document names someone else by it
    active = [i for i in set(candidates) if day is None or kb.people[i].role_on(day) is not None]
    if country:
        active = [i for i in active if kb.people[i].code_on(day).startswith(country)]
    if len(active) == 1:
        return active[0], kb.people[active[0]]
    return None
