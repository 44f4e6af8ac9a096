"""Actors: a leader's name compounded onto a state body ("the Trump administration", "Obama
administration officials", "the Macron government", "the Putin regime") names that leader's
country's body, whatever the article's date: "the first Trump administration" in a story of
2025 and "the Obama administration" looking back are still the American government."""

from __future__ import annotations

from spacy.tokens import Doc

from dyads.actors.kb import KB, Person

# the bodies a leader's name can be compounded onto (sector names, lower case)
BODIES = {"administration", "government", "regime", "cabinet", "administration official", "official"}


def eponym_joins(doc: Doc, name_end: int, body_start: int, body_name: str) -> bool:
    """Whether a name ending at `name_end` is compounded onto the body right after it."""
    if name_end != body_start or body_name.lower() not in BODIES:
        return False
    last = doc[name_end - 1]
    return last.dep_ == "compound" and last.head.i >= body_start


def owns_body(doc: Doc, name_end: int, body_start: int, body_name: str) -> bool:
    """Whether a name is compounded onto, or owns ("Obama's administration"), the body after it."""
    if body_name.lower() not in BODIES:
        return False
    between = [t.lower_ for t in doc[name_end:body_start]]
    return between in (["'s"], ["’s"]) or eponym_joins(doc, name_end, body_start, body_name)


def eponym(keys: list[int], kb: KB) -> tuple[int, Person] | None:
    """The one KB person among `keys` who ever held a government office (whose body it is when the
    date alone does not tell who the name is), else None."""
    rulers = {k for k in keys if any(r.code[3:6] == "GOV" for r in kb.people[k].roles)}
    if len(rulers) != 1:
        return None
    k = rulers.pop()
    return k, kb.people[k]
