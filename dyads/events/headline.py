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

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from dyads.actors.kb import KB
from dyads.events.verbs import Verbs
from dyads.model import ActorRef, Article, Event


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


# --- Title Case headlines -------------------------------------------------------------------
# spaCy's small model reads "Police Shoot and Kill Gang Leader After Jailbreak" as one long name.
# The headline is parsed again in sentence case ("Police shoot and kill gang leader after
# jailbreak"), keeping the capitals of words that belong to the names the actor knowledge base
# knows, and coded from that parse; the string keeps its length, so every offset still indexes
# the body, and the evidence texts are read back from the body.

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_NAMES: dict[int, frozenset[str]] = {}


def is_title_case(title: str) -> bool:
    """Most words of four letters or more after the first start with a capital."""
    words = [m.group() for m in _WORD.finditer(title)][1:]
    long = [w for w in words if len(w) >= 4]
    return len(long) >= 2 and sum(w[0].isupper() for w in long) >= 0.75 * len(long)


def name_words(kb: KB, common: frozenset[str] = frozenset()) -> frozenset[str]:
    """Lowercased words of the knowledge base's proper names (countries, people, organizations),
    less function words, role words ("police", "leader") and the event words in `common`."""
    words = _NAMES.get(id(kb))
    if words is None:
        roles = {key[0] for key, entries in kb.lexicon.items() if len(key) == 1 and not all(e.proper for e in entries)}
        words = _NAMES[id(kb)] = frozenset(
            w
            for key, entries in kb.lexicon.items()
            if any(e.proper for e in entries)
            for w in key
            if w.isalpha() and w not in STOP_WORDS and w not in roles and w not in common
        )
    return words


def sentence_case(title: str, names: frozenset[str]) -> str:
    """The title with each capitalized word lowercased unless it is the first word, an acronym
    or a word of a known name; the same length as the title."""
    out = list(title)
    for n, m in enumerate(_WORD.finditer(title)):
        w = re.sub(r"['’]s?$", "", m.group())  # "Kenya's": the name is "Kenya"
        if n == 0 or not w[0].isupper() or not w[1:].islower() or w.lower() in names:
            continue
        out[m.start()] = w[0].lower()
    return "".join(out)


def with_body_text(events: Sequence[Event], body: str) -> list[Event]:
    """Events coded from a recased headline, with their evidence texts read from the body."""
    out = []
    for e in events:
        source, target = (
            replace(a, text=body[a.start : a.end]) if a.text is not None and a.start is not None and a.end else a
            for a in (e.source, e.target)
        )
        out.append(replace(e, sentence=body[e.start : e.end], source=source, target=target))
    return out


def recoded(events: Sequence[Event], headline: Sequence[Event], headline_end: int) -> list[Event]:
    """The document's events with its headline events replaced by `headline` (coded from the
    sentence-cased headline), merged with the body's as ever."""
    body = [e for e in events if e.start >= headline_end]
    return merge(headline, body)


def recode_title_case(
    nlp: Language,
    article: Article,
    events: list[Event],
    kb: KB,
    verbs: Verbs,
    code: Callable[[Doc], list[Event]],
) -> list[Event]:
    """The document's events, with a Title Case headline's events coded again from its
    sentence-cased parse (`code` finds the mentions and events of a parsed text)."""
    end = article.headline_end
    title = article.body[:end]
    if not end or not is_title_case(title):
        return events
    cased = sentence_case(title, name_words(kb, frozenset(verbs.by_head) | frozenset(verbs.nominal)))
    if cased == title:
        return events
    fresh = [e for e in code(nlp(cased)) if e.start < end]
    return recoded(events, with_body_text(fresh, article.body), end)
