"""The ``visiting`` pass: "X received the visiting Y" or "X met visiting Y": the guest named by
the participle visits the host who acts on them (042)."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _sources
from dyads.events.gate import gated
from dyads.events.match import Match
from dyads.events.verbs import compile_pattern
from dyads.nlp.syntax import DOBJ

_VISIT = compile_pattern("042", "visiting $target")


@gated(lemmas={"visiting"}, forms=True)
def visiting(word: Token, by_token: dict[int, Found]) -> Match | None:
    """A guest's visit read off "visiting" before the guest's name, the host being the subject of
    the verb that takes the guest as object (or as the object of "with")."""
    if word.lower_ != "visiting":
        return None
    prev = word.doc[word.i - 1] if word.i else None
    if word.dep_ in ("advcl", "xcomp", "ccomp") and prev is not None and prev.i == word.head.i:
        # the parser's reading of "met visiting Y" as a verb: "visiting" right after the verb
        guest_tok = next((c for c in word.children if c.dep_ in DOBJ), None)
        if guest_tok is None:
            return None
        verb = word.head
    elif word.dep_ in ("amod", "compound", "acl"):
        guest_tok = word.head
        verb = guest_tok.head
        if guest_tok.dep_ == "pobj" and verb.lower_ == "with":
            verb = verb.head
        elif guest_tok.dep_ not in DOBJ:
            return None
    else:
        return None
    guest = by_token.get(guest_tok.i)
    if guest is None or guest.mention.kind in ("country", "pronoun", "place", "implied"):
        return None
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    hosts = tuple(
        f for f in _sources(verb, by_token) if f.mention.country and f.mention.country != guest.mention.country
    )
    return Match(verb, _VISIT, (guest,), hosts, via="visiting") if hosts else None
