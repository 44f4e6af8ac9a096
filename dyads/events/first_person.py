"""The ``first_person`` reading: inside a direct quote, "I" and "we" as subject stand for the
quote's speaker ("'We urge Lima to free them,' the ministry said" is the ministry's appeal).

The actor recognizer leaves first-person pronouns unresolved; the quote finder knows who is
speaking. This adds, for the event coder only, one pronoun mention per first-person subject in
a quote whose speaker is an actor named outside the quote. The document's mentions (what
`dyads code` lists under actors) are unchanged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Token

from dyads.actors.mentions import Found
from dyads.events import passes
from dyads.events.modality import SPEECH
from dyads.model import Quote

_FIRST_PERSON = {"i", "we"}


def quoted_first_person(doc: Doc, found: Sequence[Found], quotes: Sequence[Quote]) -> list[Found]:
    """The mentions found, with each quote's first-person subjects standing for its speaker."""
    if not passes.on("first_person"):
        return list(found)
    taken = {i for f in found for i in range(f.start, f.end)}
    by_char = {f.mention.start: f for f in found}
    extra: list[Found] = []
    for q in quotes:
        sp = q.speaker
        if sp is None or sp.start is None or q.start <= sp.start < q.end:
            continue  # no speaker, or one read inside the quote itself
        speaker = by_char.get(sp.start)
        if speaker is None or speaker.mention.kind == "place":
            continue
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            if (
                tok.lower_ in _FIRST_PERSON
                and tok.dep_ in ("nsubj", "nsubjpass")
                and tok.i not in taken
                and _main(tok, q)
            ):
                mention = replace(
                    speaker.mention, text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), kind="pronoun"
                )
                extra.append(
                    Found(mention=mention, start=tok.i, end=tok.i + 1, person=speaker.person, antecedent=speaker)
                )
    return sorted([*found, *extra], key=lambda f: f.start)


def _main(tok: Token, q: Quote) -> bool:
    """The subject of the quote's own sentence ("We urge ...", "... and we condemn ...", parsed as
    the root or as the complement of the speech verb outside the quote), not of a clause within
    it ("how we can help", "from what I understand"): that is where the speaker speaks."""
    verb = tok.head
    while verb.dep_ == "conj" and verb.head != verb:
        verb = verb.head
    if verb.dep_ == "ROOT":
        return True
    head = verb.head
    return verb.dep_ == "ccomp" and not q.start <= head.idx < q.end and head.lemma_.lower() in SPEECH
