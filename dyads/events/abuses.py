"""The ``abuses`` pass: a party saying another committed rights abuses or war crimes accuses it
of them: "Human Rights Watch said Myanmar's military carried out atrocities against the Rohingya"
(1122, human rights abuses), "the UN rights office said Ethiopian troops had committed war crimes"
(1124, war crimes). The content clause's verb is one of `committing_verbs` in lexicon.yml
("committed", "perpetrated", "carried out") with an object of `abuse_nouns`; "violations" count
when they are of rights ("rights violations"). War crimes, crimes against humanity and genocide
are 1124. The content must be told as done (not negated, asked or merely expected); the speaker
is the subject of the speech verb, or the actor of an "according to" phrase."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _one_subject
from dyads.events.gate import gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.modality import SPEECH, modality_of
from dyads.events.verbs import compile_pattern

_ABUSES = compile_pattern("1122", "say $target [committed abuses]")
_WAR_CRIMES = compile_pattern("1124", "say $target [committed war crimes]")
_TELLING = SPEECH | {"allege", "claim", "charge", "contend", "assert", "find", "document", "conclude", "report"}
_RIGHTS = {"rights", "right", "humanitarian"}
_WAR = {"war", "genocide", "humanity"}


@gated(pos={"VERB"}, lists=("committing_verbs",))
def abuses(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """The speaker's accusation of abuses when this verb says who committed them."""
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or lemma not in words("committing_verbs"):
        return None
    if lemma == "carry" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in verb.children):
        return None
    crimes = [o for o in verb.children if o.dep_ in ("dobj", "obj") and _abuse(o)]
    if not crimes or verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in _TELLING:
        return None
    if modality_of(verb) not in ("asserted", "reported"):
        return None
    speaker = _one_subject(verb.head, by_token)
    if speaker is None or speaker.mention.kind == "pronoun" or speaker.mention.role == "MED":
        return None
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    accused = tuple(
        f for f in _mentions_at(subjects, by_token) if f.code != speaker.code and f.mention.kind != "pronoun"
    )
    if not accused:
        return None
    war = any(t.lower_ in _WAR for c in crimes for t in c.subtree)
    return Match(verb.head, _WAR_CRIMES if war else _ABUSES, (speaker,), accused, via="abuses")


def _abuse(noun: Token) -> bool:
    lemma = noun.lemma_.lower()
    if lemma not in words("abuse_nouns"):
        return False
    if lemma in ("violation", "crime"):  # rights violations, war crimes; not traffic violations
        return any(t.lower_ in _RIGHTS | _WAR for t in noun.subtree if t is not noun)
    return True
