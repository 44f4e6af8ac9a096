"""The ``wrongdoing`` pass: a party saying another did wrong accuses it (112). "Japan said China
was defying the resolutions", "the EU said Hungary was undermining the rule of law", "Seoul said
Pyongyang's launch breached the ban": the speaker accuses the subject of the content clause (or
the actor its subject belongs to). The content must be told as done (not negated, asked or
merely expected), the verb in the `wrongdoing_verbs` list of lexicon.yml (directly, or through
"failed to" / "was failing to"). Violence in a content clause is the `accusation` pass's."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _one_subject
from dyads.events.gate import gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.modality import SPEECH, modality_of
from dyads.events.verbs import compile_pattern

_ACCUSE = compile_pattern("112", "say $target [did wrong]")
_CLAIMING = SPEECH | {"allege", "claim", "charge", "contend", "assert", "maintain"}


@gated(deps={"ccomp", "xcomp"})
def wrongdoing(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """The speaker's accusation when this verb is a wrongdoing told in a speech verb's content."""
    wrong = words("wrongdoing_verbs")
    lemma = verb.lemma_.lower()
    content = verb
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() == "fail" and lemma not in wrong:
        content = verb.head  # "was failing to stop the militants": the failure is the wrong
    elif lemma not in wrong:
        return None
    if content.dep_ != "ccomp" or content.head.lemma_.lower() not in _CLAIMING:
        return None
    told = (content,) if content is not verb else (verb,)  # a failure negates its infinitive
    if any(modality_of(t) not in ("asserted", "reported") for t in told):
        return None
    speaker = _one_subject(content.head, by_token)
    if speaker is None or speaker.mention.role == "MED" or speaker.mention.kind == "pronoun":
        return None
    subjects = [c for c in content.children if c.dep_ in ("nsubj", "nsubjpass")]
    # "Iran is “flagrantly” defying": quote marks can hang the subject on the auxiliary
    subjects += [s for a in content.children if a.dep_ in ("aux", "auxpass") for s in a.children if s.dep_ == "nsubj"]
    owners = [o for s in subjects for o in s.children if o.dep_ == "poss"]  # "Pyongyang's launch"
    accused = tuple(
        f
        for f in (_mentions_at(subjects, by_token) or _mentions_at(owners, by_token))
        if f.code != speaker.code and f.mention.role != "MED" and f.mention.kind != "pronoun"
    )
    if not accused:
        return None
    return Match(content.head, _ACCUSE, (speaker,), accused, via="wrongdoing")
