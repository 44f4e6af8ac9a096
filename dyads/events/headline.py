"""Headline events: the title line states the story's main event telegraphically ("Chad expels
German ambassador"); the body usually states it again, more fully. One act is one event, so a
headline event is merged into the body's telling of the same act, and kept on its own only when
the body does not tell it (docs/architecture.md, "Headline events").

The same act: the same CAMEO root and modality, and on each side the same actor or the same
country (a country in the headline, its foreign ministry in the body). The body's telling is
kept, with its evidence and date; where the headline names an actor more precisely than the
body (the ministry in the headline, the country in the body), the headline's actor is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from dyads.model import ActorRef, Event


def merge(headline: Sequence[Event], body: Sequence[Event]) -> list[Event]:
    """Headline events merged into the body's events: the body's events (made more precise where
    the headline names an actor more closely), then the headline events the body does not tell."""
    merged = list(body)
    alone: list[Event] = []
    for h in headline:
        i = next((i for i, b in enumerate(merged) if same_act(h, b)), None)
        if i is None:
            alone.append(h)
        else:
            merged[i] = _sharpened(merged[i], h)
    return alone + merged


def same_act(a: Event, b: Event) -> bool:
    """Whether two events tell one act: same root and modality, each side the same actor or the
    same country."""
    return (
        a.root == b.root
        and a.modality == b.modality
        and _same_side(a.source.code, b.source.code)
        and _same_side(a.target.code, b.target.code)
    )


def _same_side(a: str, b: str) -> bool:
    """ "TUR" and "TURGOV" are one side; two international organizations are one side only when
    one code extends the other ("IGOUNO" and "IGOUNOWHO", not "IGOUNO" and "IGOEUREEC")."""
    if a.startswith(b) or b.startswith(a):
        return True
    return len(a) >= 3 and a[:3] == b[:3] and not a.startswith("IGO") and not a.startswith("NGO")


def _sharpened(body: Event, headline: Event) -> Event:
    """The body's event, with the headline's actor on a side where it extends the body's code."""
    source = _sharper(body.source, headline.source)
    target = _sharper(body.target, headline.target)
    if source is body.source and target is body.target:
        return body
    return replace(body, source=source, target=target)


def _sharper(body: ActorRef, headline: ActorRef) -> ActorRef:
    longer = len(headline.code) > len(body.code) and headline.code.startswith(body.code)
    return headline if longer else body
