"""`dyads actors coverage`: the names and titled mentions the knowledge base resolved to nothing.

A capitalized name (a spaCy PERSON, ORG or NORP entity) or a title word followed by a capitalized
name ("Commissioner Omar Alasow") that no resolved mention covers is a candidate for the knowledge
base; counted over many documents, the most frequent ones are the next additions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc

from dyads.actors.kb import KB
from dyads.actors.matching import Found
from dyads.nlp.parse import ents

LABELS = ("PERSON", "ORG", "NORP")


def unresolved(doc: Doc, found: Iterable[Found], kb: KB) -> list[str]:
    """Names and titled mentions in `doc` that no mention in `found` covers, in text order."""
    covered = {i for f in found for i in range(f.start, f.end)}
    out: list[str] = []
    for ent in ents(doc):
        if ent.label_ not in LABELS or any(i in covered for i in range(ent.start, ent.end)):
            continue
        text = ent.text.strip()
        if not text[:1].isupper() or tuple(t.lower_ for t in ent) in kb.lexicon:
            continue  # known to the knowledge base, only not an actor here ("Turkish oil")
        start = ent.start
        if start > 0 and doc[start - 1].lower_ in kb.sectors and doc[start - 1].text[:1].isupper():
            text = f"{doc[start - 1].text} {text}"  # "Commissioner Omar Alasow": the title goes with it
        out.append(text)
    return out


def tally(names: Iterable[str]) -> list[tuple[str, int]]:
    """Counts, most frequent first, then alphabetical."""
    return sorted(Counter(names).items(), key=lambda kv: (-kv[1], kv[0]))
