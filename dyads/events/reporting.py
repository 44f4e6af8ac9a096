"""Event passes over coded events: the speaker of a content clause (accusation, own side's act),
refusals, phone calls, and event nouns that point back to an earlier event."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from spacy.tokens import Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events import passes
from dyads.events.arguments import (
    _one_subject,
    _speech_verb,
)
from dyads.events.match import (
    _CONTESTED,
    Match,
)
from dyads.events.modality import FUTURE_AUX, conditional
from dyads.events.verbs import Verbs, hostile, load_cameo
from dyads.model import ActorRef, Event


def _speaker(verb: Token, by_token: dict[int, Found]) -> Found | None:
    """The subject of the speech verb whose complement clause holds the event."""
    said = _speech_verb(verb)
    return _one_subject(said, by_token) if said is not None else None


# "said it would not resume talks": a party announcing it will not do what the other side wants
# rejects it (CAMEO 12 mirrors 03-08); the act itself stays negated
_REFUSALS = {
    "03": "120",
    "04": "125",
    "05": "127",
    "057": "127",
    "06": "121",
    "061": "1211",
    "062": "1212",
    "07": "122",
    "071": "1221",
    "072": "1222",
    "073": "1223",
    "074": "1224",
    "08": "124",
    "081": "1241",
    "082": "1242",
    "083": "123",
    "0831": "1231",
    "0832": "1232",
    "0833": "1233",
    "0834": "1234",
    "084": "1243",
    "085": "1244",
    "086": "1245",
    "087": "1246",
}


def _refusal(events: Iterable[Event], speaker: Found | None, verb: Token) -> Iterator[Event]:
    """Each event, and for a party's own "will not"/"would not" about a cooperative act, the
    rejection it states ("Caracas said it would not work with the inspectors": 12)."""
    for e in events:
        yield e
        if (
            not passes.on("refusal")
            or e.modality != "negated"
            or speaker is None
            or e.source.code[:3] != speaker.code[:3]
            or conditional(verb)
        ):
            continue
        auxes = {c.lower_ for c in verb.children if c.dep_ == "aux"}
        code = next((_REFUSALS[k] for k in (e.cameo[:4], e.cameo[:3], e.root) if k in _REFUSALS), None)
        if code is None or not auxes & (FUTURE_AUX | {"would"}) or not any(c.dep_ == "neg" for c in verb.children):
            continue
        yield _recoded(e, code, modality="asserted", pattern=f"$speaker say not [{e.pattern}]")


def _attribute(event: Event, speaker: Found, kb: KB) -> tuple[Event, ...]:
    """An event reported by a speaker: their own side's acts are theirs ("Scholz said Germany
    would send tanks" is DEUGOV's); another side's violence is an accusation (112) and the
    act itself only reported, unless the speaker is a civilian, NGO, medium or IGO."""
    m = speaker.mention
    if m.code == event.source.code or not m.country:
        return (event,)
    if event.source.code[:3] == m.country:
        # a plan the speaker reports for the country ("Fu said China will convene talks") stays the country's
        if len(m.code) > len(event.source.code) and event.modality != "intended":
            return (replace(event, source=ActorRef.of(m)),)
        return (event,)
    if (
        not hostile(event.root)
        or m.role not in _CONTESTED
        or event.target.code[:3] == event.source.code[:3]
        or event.modality != "asserted"
        or event.target.code[:3] != m.country
    ):
        return (event,)
    accusation = _recoded(
        event, "112", source=ActorRef.of(m), target=event.source, pattern=f"$speaker say [{event.pattern}]"
    )
    return (accusation, replace(event, modality="reported"))


def _recoded(event: Event, code: str, **changes: Any) -> Event:
    """The event under another CAMEO code, with that code's root, PLOVER type, Goldstein value
    and quad class."""
    c = load_cameo()[code]
    return replace(
        event, cameo=c.code, root=c.root, plover=c.plover, goldstein=c.goldstein, quad_class=c.quad_class, **changes
    )


_CALLS = {"call", "conversation"}


_PHONES = {"phone", "telephone", "video", "telephonic"}


def _with_call(events: Iterable[Event], verb: Token) -> Iterator[Event]:
    """ "Lula thanked Macron in a phone call": the thanks, and a telephone discussion (041)
    between the same two."""
    call = any(
        o.lemma_.lower() in _CALLS and any(m.lower_ in _PHONES for m in o.children)
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in ("in", "during", "over", "by")
        for o in c.children
        if o.dep_ == "pobj"
    )
    for e in events:
        yield e
        if call and e.root != "04" and passes.on("phone_call"):
            yield _recoded(e, "041", pattern=f"{e.pattern} + in a phone call")


def _resolve_anaphor(match: Match, history: list[tuple[Event, Found, int]], verbs: Verbs, kb: KB) -> Match | None:
    """The actors behind the event an event noun points back to ("condemned the attack"): the
    sources of the latest earlier event of a fitting root; all of them when the event had
    several ("U.S. and British warships struck ... Iran condemned the strikes"), the first
    named when it was mutual ("denounced the deal" the two sides signed)."""
    assert match.anaphor is not None
    roots = verbs.anaphora.get(match.anaphor.lemma_.lower(), frozenset())
    own = {f.code for f in match.sources}
    countries = {f.mention.country for f in match.sources}
    for event, _, verb in reversed(history):
        if (
            event.modality == "asserted"
            and (not roots or event.cameo.startswith(tuple(roots)))
            and event.source.code not in own
        ):
            told = [(e, s) for e, s, v in history if v == verb and e.root == event.root and e.modality == "asserted"]
            mutual = any(
                a.source.code == b.target.code and a.target.code == b.source.code for a, _ in told for b, _ in told
            )
            if mutual:
                told = sorted(told, key=lambda es: es[1].start)[:1]  # the first named party
            sources = list(dict.fromkeys(s for _, s in told if s.code not in own))
            targets = tuple(
                _state_of(s, kb) if hostile(event.root) and s.mention.country not in countries else s for s in sources
            )
            return Match(match.verb, match.pattern, match.sources, tuple(dict.fromkeys(targets)), via="anaphor")
    return None


def _state_of(f: Found, kb: KB) -> Found:
    """A foreign reaction to what a state's forces or officials did is aimed at the state ("condemned
    the raid" by Ecuadorean police targets Ecuador); armed groups and people stay themselves, and at
    home the agency stays itself (the president condemned the police's arrests)."""
    m = f.mention
    if m.country is None or m.role not in ("MIL", "COP", "GOV", "SPY"):
        return f
    state = replace(m, code=m.country, role=None, name=kb.country_name(m.country))
    return Found(mention=state, start=f.start, end=f.end)
