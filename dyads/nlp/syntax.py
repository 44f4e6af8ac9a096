"""Syntax: clause boundaries and verb chains over spaCy's dependency parse, shared by the
events, modality and dates stages."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable

from spacy.tokens import Doc, Token

from dyads.nlp.parse import sentence_start, text_of

BREAK = {
    "nsubj",
    "nsubjpass",
    "csubj",
    "csubjpass",
    "ccomp",
    "advcl",
    "relcl",
    "parataxis",
    "mark",
    "conj",
    "cc",
    "acl",
    "punct",
    "appos",
    "preconj",
}  # dependents that open another clause
DOBJ = {"dobj", "dative", "attr", "oprd", "obj", "iobj"}


def clause(verb: Token) -> tuple[Token, ...]:
    """The tokens a verb governs within its own clause (xcomp chains included); read once per
    token of a document."""
    seen = verb.doc.user_data.setdefault("dyads_clause", {})
    found = seen.get(verb.i)
    if found is None:
        found = seen[verb.i] = tuple(_clause(verb))
    return found


def _clause(verb: Token) -> list[Token]:
    out: list[Token] = []
    stack = [c for c in verb.children if c.dep_ not in BREAK]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(
            c
            for c in tok.children
            if c.dep_ not in ("relcl", "acl", "ccomp", "advcl", "parataxis")
            and not (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
        )
    return out


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def reduced_passive(verb: Token) -> bool:
    """A past participle modifying a noun ("civilians wounded by shelling", "the envoy expelled
    last week"): the noun is the participle's patient, as the subject of a passive is."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(c.dep_ == "nsubj" for c in verb.children)


def governors(verb: Token) -> list[Token]:
    """The verb and the verbs above it through infinitive and complement links."""
    chain = [verb]
    tok = verb
    while tok.dep_ in ("xcomp", "pcomp", "pobj", "prep", "ccomp") and tok.head != tok and len(chain) < 4:
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX", "ADJ"):
            chain.append(tok)
    return chain


def _quoted(doc: Doc, i: int) -> bool:
    """Whether token i sits inside a quotation in its paragraph (an odd number of marks before it)."""
    idx = doc[i].idx
    start = text_of(doc).rfind("\n", 0, idx) + 1
    marks = _quote_marks(doc)
    return (bisect_left(marks, idx) - bisect_left(marks, start)) % 2 == 1


def _quote_marks(doc: Doc) -> list[int]:
    """The offsets of the document's double quotation marks, found once (not counted again for
    every token asked about)."""
    cached = doc.user_data.get("dyads_quote_marks")
    if cached is None:
        cached = doc.user_data["dyads_quote_marks"] = [m.start() for m in _MARKS.finditer(text_of(doc))]
    return cached


_MARKS = re.compile('["“”]')


def _previous_sentence_start(tok: Token, sent_start: int) -> int:
    if sent_start == 0:
        return 0
    return sentence_start(tok.doc, sent_start - 1)


def prep_objects(holders: Iterable[Token], preps: Collection[str]) -> list[Token]:
    """The objects of these prepositions on these words: `prep_objects((verb,), ("on",))` is X in
    "imposed tariffs on X"."""
    return [
        o
        for h in holders
        for p in h.children
        if p.dep_ == "prep" and p.lower_ in preps
        for o in p.children
        if o.dep_ == "pobj"
    ]
