"""The ``restrictions`` pass: a state's curfew, martial law or ban laid on its own places or
people, with no actor named, restricts that country's civilians. "The junta imposed a curfew on
four districts in Mandalay" (1723), "declared a state of emergency in three provinces" (1724),
"banned civilians from riding in police trucks" (172): the target is the civilians (`CVL`) of
the country of the state actor that imposes it.

The measure is a noun of `restriction_nouns` in lexicon.yml (object of an imposing or declaring
verb, `restricting_verbs`) placed "on / in / across" a noun of `restricted_places`; or the verb
"ban" / "bar" / "forbid" with an object of `restricted_people` and a "from" phrase. A place or
people that is an actor mention is the verb patterns' target, not this pass's."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events.arguments import _sources, civilians_at
from dyads.events.gate import gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.verbs import Pattern, compile_pattern

_CURFEW = compile_pattern("1723", "impose curfew on $target place")
_EMERGENCY = compile_pattern("1724", "impose martial law on $target place")
_BAN = compile_pattern("172", "ban $target people from")
_STATE = {"GOV", "MIL", "COP", "SPY", None}
_BANNING = {"ban", "bar", "forbid", "prohibit"}


@gated(pos={"VERB"}, lists=("restricting_verbs",), lemmas=_BANNING)
def restrictions(verb: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    if verb.pos_ != "VERB":
        return None
    lemma = verb.lemma_.lower()
    objects = [o for o in verb.children if o.dep_ in ("dobj", "obj")]
    pattern: Pattern | None = None
    restricted: Token | None = None
    if lemma in words("restricting_verbs"):
        for o in objects:
            measure = {t.lower_ for t in o.subtree} | {o.lemma_.lower()}
            if not measure & words("restriction_nouns"):
                continue
            places = [
                g
                for holder in (verb, o)
                for p in holder.children
                if p.dep_ == "prep" and p.lower_ in ("on", "in", "across")
                for g in p.children
                if g.dep_ == "pobj" and g.lemma_.lower() in words("restricted_places")
            ]
            if places:
                pattern = _CURFEW if "curfew" in measure else _EMERGENCY
                restricted = places[0]
    elif lemma in _BANNING and any(c.dep_ == "prep" and c.lower_ == "from" for c in verb.children):
        people = [o for o in objects if o.lemma_.lower() in words("restricted_people")]
        if people:
            pattern, restricted = _BAN, people[0]
    if pattern is None or restricted is None or any(t.i in by_token for t in (restricted, *restricted.lefts)):
        return None
    sources = tuple(f for f in _sources(verb, by_token) if f.mention.role in _STATE and f.mention.country)
    if not sources:
        return None
    country = sources[0].mention.country
    assert country is not None
    target = civilians_at(restricted, country, sources[0].mention, kb)
    return Match(verb, pattern, sources, (target,), via="restrictions")
