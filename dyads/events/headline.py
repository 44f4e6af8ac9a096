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
from dyads.events import passes
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
        roles = {
            key[0]
            for key, entries in kb.lexicon.items()
            if len(key) == 1 and not all(e.kind != "sector" for e in entries)
        }
        words = _NAMES[id(kb)] = frozenset(
            w
            for key, entries in kb.lexicon.items()
            if any(e.kind != "sector" for e in entries)
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
        place = e.place
        if place is not None and place.start is not None and place.end is not None:
            place = replace(place, text=body[place.start : place.end])
        out.append(replace(e, sentence=body[e.start : e.end], source=source, target=target, place=place))
    return out


def recoded(events: Sequence[Event], headline: Sequence[Event], headline_end: int) -> list[Event]:
    """The document's events with its headline events replaced by `headline` (coded from the
    sentence-cased headline), merged with the body's as ever."""
    body = [e for e in events if e.start >= headline_end]
    return merge(headline, body)


_ARTICLES = {"a", "an", "the"}
_NOT_BEFORE = STOP_WORDS | {"'s", "’s"}


def telegraphic(
    title: str, heads: frozenset[str], names: frozenset[str], demonyms: frozenset[str] = frozenset()
) -> tuple[str, list[int]]:
    """ "Chad expels German ambassador": a headline with no article, parsed as a noun phrase by
    spaCy's small model, gets "the " after each present-tense event verb whose object is a common
    noun phrase ("Chad expels the German ambassador"). Returns the text and where (in the title)
    each "the " went."""
    words = list(_WORD.finditer(title))
    if any(m.group().lower() in _ARTICLES for m in words):
        return title, []
    points = []
    for n, (m, nxt) in enumerate(zip(words, words[1:])):
        w, following = m.group().lower(), nxt.group()
        verb = w.endswith("s") and (w[:-1] in heads or (w.endswith("es") and w[:-2] in heads))
        if n == 0 or not verb or title[m.end() : nxt.start()] != " ":
            continue
        if (
            following.lower() in _NOT_BEFORE
            or following.isupper()
            or following.lower() in names
            and following.lower() not in demonyms
        ):
            continue
        points.append(nxt.start())
    out, last = [], 0
    for p in points:
        out += [title[last:p], "the "]
        last = p
    return "".join(out) + title[last:], points


def _back(points: list[int]) -> Callable[[int], int]:
    """Offsets in the text with "the " inserted at `points`, mapped back to the title."""

    def old(x: int) -> int:
        shift = 0
        for p in points:
            start = p + shift  # where this "the " begins in the new text
            if x < start:
                break
            if x < start + 4:
                return p
            shift += 4
        return x - shift

    return old


def _moved(e: Event, old: Callable[[int], int]) -> Event:
    def ref(a: ActorRef) -> ActorRef:
        return replace(a, start=old(a.start), end=old(a.end)) if a.start is not None and a.end is not None else a

    place = e.place
    if place is not None and place.start is not None and place.end is not None:
        place = replace(place, start=old(place.start), end=old(place.end))
    return replace(e, start=old(e.start), end=old(e.end), source=ref(e.source), target=ref(e.target), place=place)


def rewrite(article: Article, kb: KB, verbs: Verbs) -> tuple[str, list[int]] | None:
    """A Title Case or telegraphic headline in sentence case with its articles ("Chad Expels German
    Ambassador" -> "Chad expels the German ambassador"), with the offsets that map it back to the
    title (`_back`); None when the headline reads as it is or the pass is off."""
    end = article.headline_end
    if not end or not passes.on("headline"):
        return None
    title = article.body[:end]
    names = name_words(kb, _heads(verbs))
    cased = sentence_case(title, names) if is_title_case(title) else title
    text, points = telegraphic(cased, frozenset(verbs.by_head), names, _demonyms(kb))
    return None if text == title else (text, points)


def recode_headline(
    nlp: Language,
    article: Article,
    events: list[Event],
    kb: KB,
    verbs: Verbs,
    code: Callable[[Doc], list[Event]],
    parsed: Doc | None = None,
) -> list[Event]:
    """The document's events, with the headline's events coded again from a parse of its
    `rewrite`; `code` finds the mentions and events of a parsed text, and `parsed` is the rewrite
    already parsed (Pipeline.code_documents parses a batch's rewrites together), else it is parsed
    here. The evidence is read back from the body."""
    rewritten = rewrite(article, kb, verbs)
    if rewritten is None:
        return events
    text, points = rewritten
    doc = parsed if parsed is not None and parsed.text == text else nlp(text)
    old = _back(points)
    fresh = [_moved(e, old) for e in code(doc) if e.start < len(text)]
    return recoded(events, with_body_text(fresh, article.body), article.headline_end)


_HEADS: dict[int, tuple[Verbs, frozenset[str]]] = {}
_DEMONYMS: dict[int, tuple[KB, frozenset[str]]] = {}


def _heads(verbs: Verbs) -> frozenset[str]:
    """The dictionary's verb and noun heads, once per dictionary (kept with it, so that an id is
    never read for another dictionary's)."""
    kept = _HEADS.get(id(verbs))
    if kept is None or kept[0] is not verbs:
        kept = _HEADS[id(verbs)] = (verbs, frozenset(verbs.by_head) | frozenset(verbs.nominal))
    return kept[1]


def _demonyms(kb: KB) -> frozenset[str]:
    """The knowledge base's demonyms, lower case, once per knowledge base."""
    kept = _DEMONYMS.get(id(kb))
    if kept is None or kept[0] is not kb:
        kept = _DEMONYMS[id(kb)] = (kb, frozenset(d.lower() for c in kb.countries.values() for d in c.demonyms))
    return kept[1]
