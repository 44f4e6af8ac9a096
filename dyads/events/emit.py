"""Events from a Match: one per ordered actor pair and reading, with modality, date, place and
confidence."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from spacy.tokens import Span, Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.dates import resolve as dates
from dyads.dates.resolve import event_date
from dyads.events import passes
from dyads.events.match import (
    Match,
)
from dyads.events.modality import modality_of
from dyads.events.readings import (
    PLACE_ROOTS,
    convention,
    readings,
)
from dyads.events.verbs import load_cameo
from dyads.model import ActorRef, Event, Place
from dyads.nlp.syntax import DOBJ
from dyads.places import gazetteer as geo

CODER = "dyads.rules.v2"


def _events(
    match: Match, kb: KB, published: str | None, dateline: Place | None, context: Sequence[str]
) -> Iterator[Event]:
    table = load_cameo()
    modality = modality_of(match.verb)
    place = event_place(match, kb, dateline, context)
    pairs = (
        [(a, b) for a in match.sources for b in match.sources if a is not b]
        if match.symmetric
        else [(a, b) for a in match.sources for b in match.targets]
    )
    sent = match.verb.sent
    text = sent.text.strip()  # whitespace after a headline (and a blanked dateline) is not evidence
    for code, mood in readings(match.verb, match.pattern.code, modality):
        cameo = table[code]
        date = None if _meeting_day(match.verb, code) else event_date(match.verb, published, future=mood == "intended")
        for src, tgt in pairs:
            # one actor on both sides; two parts of one token ("U.S.-China talks") are two actors
            if src.code == tgt.code or src.mention.start == tgt.mention.start or src.mention.kind == "place":
                continue
            if tgt.mention.kind == "place" and code[:2] not in PLACE_ROOTS:
                continue
            if code in ("042", "043") and {"CVL", "REF"} & {src.mention.role, tgt.mention.role}:
                continue  # tourists, migrants and refugee camps: travel, not a visit between actors
            if (code[:2] in _PRESS_ROOTS or code in _PRESS_CODES) and _press(src, tgt):
                continue  # "speaking to reporters", "told VOA": talking to the press is how news is made
            final = convention(code, src, tgt, match.verb)
            start = sent.start_char + len(sent.text) - len(sent.text.lstrip())  # body[start:end] == text
            # hosting is also a visit by the guest (CAMEO 043 and 042 are two views of one occasion)
            guest = (
                passes.on("hosting")
                and final == "043"
                and tgt.mention.kind != "place"
                and tgt.mention.country != src.mention.country
            )
            # and a visit read off "received the visiting Y" is also the host's hosting (043)
            host = match.via == "visiting" and final == "042"
            views = [(final, src, tgt)] + ([("042", tgt, src)] if guest else []) + ([("043", tgt, src)] if host else [])
            for view, a, b in views:
                cameo = table[view]
                source, target = _ref(a, kb, date), _held_by(view, a, b, kb, sent) or _ref(b, kb, date)
                if _own_state(source.code, target.code):
                    continue  # "Kenya" and "the Kenyan government" in one event: one side told twice
                yield Event(
                    source=source,
                    target=target,
                    cameo=cameo.code,
                    root=cameo.root,
                    plover=cameo.plover,
                    goldstein=cameo.goldstein,
                    quad_class=cameo.quad_class,
                    modality=mood,
                    date=date,
                    reported=published,
                    place=place,
                    sentence=text,
                    start=start,
                    end=start + len(text),
                    confidence=_confidence(match, a, b),
                    pattern=match.pattern.text,
                    coder=CODER,
                )


def event_place(match: Match, kb: KB, dateline: Place | None, context: Sequence[str]) -> Place | None:
    """The place in the event's clause ("in Tripoli"), else the dateline's place."""
    span = geo.clause_place(match.verb)
    if span is None:
        return dateline
    place = geo.resolve(span.text, kb, context)
    if place is None:
        return dateline
    return replace(place, text=span.text, start=span.start_char, end=span.end_char)


def _ref(f: Found, kb: KB, date: str | None) -> ActorRef:
    """The actor on the event's date: a person's role may differ from the publication date's."""
    code = f.code
    if f.person is not None and date and f.mention.kind in ("person", "title", "pronoun"):
        code = kb.people[f.person].code_on(dates.parse_iso(date))
    m = f.mention
    if m.kind == "implied":  # named nowhere in the text: no span to point at
        return ActorRef(code=code, name=kb.code_name(code))
    return ActorRef(code=code, name=m.name, text=m.text, start=m.start, end=m.end)


def _confidence(match: Match, src: Found, tgt: Found) -> float:
    score = 0.55 + 0.08 * min(match.pattern.size - 2, 3)
    for f in (src, tgt):
        if f.mention.kind in ("pronoun", "title"):
            score -= 0.1
        elif f.mention.kind == "sector" and f.mention.country is None:
            score -= 0.15
    if match.symmetric or match.pattern.nominal:
        score -= 0.05
    if match.loose:
        score -= 0.15
    return round(max(0.05, min(0.95, score)), 2)


# statements and consultations with the press are not events between the two
_PRESS_ROOTS = {"01", "04"}
_PRESS_CODES = {"064"}  # "briefed reporters" is no sharing of intelligence


def _press(src: Found, tgt: Found) -> bool:
    return "MED" in (src.mention.role, tgt.mention.role)


_STATE_ROLES = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}


def _own_state(a: str, b: str) -> bool:
    """A country and its own state institutions on the two sides ("Kenya" and KENGOV, USAGOV and
    "the United States"): the parser's two names for one side, not an event between actors. A
    country and its own rebels, NGOs or people are two sides."""
    return (len(a) == 3 and b[:3] == a and b[3:6] in _STATE_ROLES) or (
        len(b) == 3 and a[:3] == b and a[3:6] in _STATE_ROLES
    )


# a detainee whose release is sought: a private person, whose own state holds him
_DETAINEES = {"CVL", "MED", "OPP", "NGO", "EDU", "LAB", "BUS", "ELI"}
_CAPTIVES = {"hostage", "captive", "abduct", "kidnap", "abductor", "kidnapper"}


def _held_by(code: str, src: Found, tgt: Found, kb: KB, sent: Span) -> ActorRef | None:
    """ "Rights groups called for the jailed editor's release": an appeal for a release (0253)
    is made to whoever holds the detainee. A private person of another country than the caller's
    is held by his own state (its government); hostages, a compatriot of a calling state (held
    abroad) and state actors are left as the text names them."""
    m = tgt.mention
    if code != "0253" or m.role not in _DETAINEES or not m.country or len(tgt.code) < 6:
        return None
    state = src.code[:3] == m.country and (len(src.code) == 3 or src.mention.role in _STATE_ROLES)
    if state or any(t.lemma_.lower() in _CAPTIVES for t in sent):
        return None
    code_gov = m.country + "GOV"
    return ActorRef(code=code_gov, name=kb.code_name(code_gov))


_SITTINGS = {"meeting", "session", "summit", "sitting"}


def _meeting_day(verb: Token, code: str) -> bool:
    """ "called an emergency meeting Wednesday of the council": a bare weekday after the
    requested meeting is the meeting's day, not the day it was asked for."""
    if code[:2] != "02":
        return False
    obj = next((c for c in verb.children if c.dep_ in DOBJ and c.lemma_.lower() in _SITTINGS), None)
    return obj is not None and any(
        c.dep_ == "npadvmod" and c.ent_type_ == "DATE" and c.i > obj.i for c in (*verb.children, *obj.children)
    )  # the parser hangs the weekday on the verb or on the meeting
