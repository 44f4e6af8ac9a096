"""Events: subject-verb-object coding over the dependency parse with the verb dictionary.

For each word that heads a dictionary pattern, the clause it governs is matched
against that word's patterns (most specific first); the subject's actor is the
source and the `$target` slot's actor the target. Modality (negated,
hypothetical, question, intended, reported) comes from the clause's syntax.
Only asserted events count in aggregates; the rest are kept and labelled.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import partial

from spacy.tokens import Doc, Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events import headline as headline_events
from dyads.events import nominal, passes
from dyads.events.abuses import abuses
from dyads.events.aid import halted_aid
from dyads.events.aid_plan import aid_plan
from dyads.events.arguments import _mentions_at
from dyads.events.calls import defied_call, proposal_for
from dyads.events.civilians import implied_civilians
from dyads.events.claim import claim, victims
from dyads.events.concession import concession
from dyads.events.court import court_order
from dyads.events.display import show_of_force
from dyads.events.easing import easing
from dyads.events.emit import CODER, _events
from dyads.events.evaluation import evaluation
from dyads.events.harbouring import harbouring
from dyads.events.joint import joint_operation
from dyads.events.match import (
    Match,
    TokenPass,
    _matches,
)
from dyads.events.obligation import obligation
from dyads.events.occasions import host_country, trip
from dyads.events.phone import phone_talk
from dyads.events.prosecution import prosecution
from dyads.events.protest_site import protest_site, protests_held
from dyads.events.purchase import purchase
from dyads.events.reporting import (
    _attribute,
    _refusal,
    _resolve_anaphor,
    _speaker,
    _with_call,
)
from dyads.events.repression import repression
from dyads.events.responses import askers, owns, response
from dyads.events.restrictions import restrictions
from dyads.events.trade import trade_penalty
from dyads.events.trade_war import trade_war
from dyads.events.ultimatum import or_else, ultimatum
from dyads.events.verbs import Verbs
from dyads.events.visiting import visiting
from dyads.events.wrongdoing import wrongdoing
from dyads.model import Event, Place
from dyads.nlp.parse import lemmas, lowers

__all__ = ["CODER", "code_events"]

# token passes in their own modules (docs/verbs.md): tried before a token's patterns, and after
_FIRST = (("visiting", visiting), ("claim", claim), ("trade_war", trade_war), ("trip", trip))
_EXTRA = (
    ("phone_call", phone_talk),
    ("obligation", obligation),
    ("host_country", host_country),
    ("aid_plan", aid_plan),
)

_SPORTS = {
    "match",
    "goal",
    "striker",
    "midfielder",
    "coach",
    "league",
    "tournament",
    "cup",
    "scored",
    "penalty",
    "kickoff",
    "semifinal",
    "quarterfinal",
    "final",
    "stadium",
    "championship",
    "squad",
    "referee",
    "playoff",
    "innings",
    "wicket",
    "marathon",
    "olympic",
    "medal",
    "fifa",
    "uefa",
    "defender",
    "goalkeeper",
    "halftime",
    "scoreline",
}


def code_events(
    doc: Doc,
    found: list[Found],
    verbs: Verbs,
    kb: KB,
    published: str | None,
    headline_end: int = 0,
    dateline: Place | None = None,
    context: Sequence[str] = (),
) -> list[Event]:
    """Every event the dictionary finds in the document, with modality, date and place."""
    by_token = {i: f for f in found for i in range(f.start, f.end)}
    if _is_sports(doc):
        return []
    body: list[Event] = []
    headline: list[Event] = []
    history: list[tuple[Event, Found, int]] = []  # event, its source's mention, its verb
    struck: list[tuple[Event, Found]] = []  # event, its target's mention (for claims of responsibility)
    for found_match in heapq.merge(
        _matches(doc, by_token, verbs, *token_passes(verbs, kb)),
        _nouns(doc, by_token, verbs, kb),
        key=_at,
    ):
        if _sports_sentence(found_match.verb):
            continue
        match: Match | None = found_match
        if found_match.anaphor is not None and found_match.via == "claim":
            match = victims(found_match, struck)  # "claimed responsibility for the attack"
        elif found_match.anaphor is not None and found_match.via == "discourse":
            match = askers(found_match, history)  # "The envoy refused": whoever asked the envoy
        elif found_match.anaphor is not None and passes.on("discourse") and _owned(found_match, by_token):
            match = _owned(found_match, by_token)  # "condemned the ruling": the latest court
        elif found_match.anaphor is not None:
            match = _resolve_anaphor(found_match, history, verbs, kb) or found_match.fallback
        if match is None:
            continue
        speaker = _speaker(match.verb, by_token)
        coded = ultimatum(
            _events(match, kb, published, dateline, context), match.verb, match.pattern.code, by_token, kb
        )
        coded = or_else(coded, match.verb)
        for event in _with_call(coded, match.verb):
            said = _attribute(event, speaker, kb) if speaker and passes.on("reporting") else (event,)
            for e in _refusal(said, speaker, match.verb):
                passes.record(e.start, e.source.code, e.target.code, e.cameo, e.modality, _via(match, e))
                (headline if match.verb.idx < headline_end else body).append(e)
                src = next((f for f in match.sources if f.code == event.source.code), match.sources[0])
                history.append((e, src, match.verb.i))
                tgt = next((f for f in match.targets if f.mention.start == e.target.start), None)
                if tgt is not None:
                    struck.append((e, tgt))
    if passes.on("headline"):
        # a headline repeats the body: one event per act, with the more precise actors (events/headline.py)
        return _dedupe(headline_events.merge(headline, body))
    # keep only what the body does not say ("will they meet again?")
    seen = {(e.source.code, e.target.code, e.root, e.modality) for e in body}
    headline = [e for e in headline if (e.source.code, e.target.code, e.root, e.modality) not in seen]
    return _dedupe(headline + body)


def token_passes(verbs: Verbs, kb: KB) -> tuple[tuple[tuple[str, TokenPass], ...], tuple[tuple[str, TokenPass], ...]]:
    """The token passes (name, function), in order: those read before a verb's own patterns, and
    those after them, given what this run reads: its verb dictionary and knowledge base."""
    first = (*_FIRST, ("discourse", partial(response, kb=kb)), ("protest_site", partial(protest_site, kb=kb)))
    return first, _extra(verbs, kb)


def _extra(verbs: Verbs, kb: KB) -> tuple[tuple[str, TokenPass], ...]:
    return (
        *_EXTRA,
        ("evaluation", partial(evaluation, kb=kb, anaphora=verbs.anaphora)),  # a user's anaphora.yml counts
        ("wrongdoing", wrongdoing),
        ("trade_penalty", partial(trade_penalty, kb=kb)),
        ("easing", partial(easing, kb=kb)),
        ("concession", concession),
        ("protest_place", partial(protests_held, kb=kb)),
        ("harbouring", partial(harbouring, kb=kb)),
        ("show_of_force", partial(show_of_force, kb=kb)),
        ("prosecution", prosecution),
        ("defied_call", partial(defied_call, kb=kb)),
        ("proposal_for", partial(proposal_for, kb=kb)),
        ("purchase", partial(purchase, kb=kb)),
        ("implied_civilians", partial(implied_civilians, kb=kb)),
        ("abuses", abuses),
        ("halted_aid", halted_aid),
        ("court_order", partial(court_order, verbs=verbs)),
        ("restrictions", partial(restrictions, kb=kb)),
        ("joint_operation", partial(joint_operation, kb=kb)),
        ("repression", repression),
    )


def _owned(match: Match, by_token: dict[int, Found]) -> Match | None:
    """An event noun an actor owns by what it is (`responses.owns`): the owner is the target."""
    assert match.anaphor is not None
    own = {f.code for f in match.sources}
    owners = tuple(f for f in owns(match.anaphor, by_token) if f.code not in own)
    return replace(match, targets=owners, anaphor=None, fallback=None) if owners else None


def _at(match: Match) -> int:
    return match.verb.i


def _nouns(doc: Doc, by_token: dict[int, Found], verbs: Verbs, kb: KB) -> Iterator[Match]:
    """Events named by nouns (the `nominal` pass, dyads.events.nominal), in text order so that
    they merge with the verbs' matches."""
    if not passes.on("nominal"):
        return
    for n in nominal.noun_events(doc, by_token, verbs, kb, lambda heads: _mentions_at(heads, by_token)):
        yield Match(n.noun, n.pattern, n.sources, n.targets, symmetric=n.symmetric, via="nominal")


def _via(match: Match, e: Event) -> str:
    """The pass that produced this event of the match (for `dyads eval --errors`)."""
    pattern = e.pattern or ""
    if pattern.endswith("+ in a phone call"):
        return "phone_call"
    if pattern.startswith("$speaker say not"):
        return "refusal"
    if pattern.startswith("$speaker say"):
        return "reporting"
    if e.cameo == "042" and match.pattern.code == "043":
        return "hosting"
    return match.via


def _is_sports(doc: Doc) -> bool:
    hits = sum(1 for word, lemma in zip(lowers(doc), lemmas(doc)) if word in _SPORTS or lemma in _SPORTS)
    return hits >= 4


def _sports_sentence(verb: Token) -> bool:
    sent = verb.sent
    return not _SPORTS.isdisjoint(lowers(verb.doc)[sent.start : sent.end])


def _dedupe(events: list[Event]) -> list[Event]:
    """One event per occasion within an article: the same source, target, code and modality on
    the same day (or with no day given on one side) is one event told twice ("a summit between
    Trump and Kim broke down ... Trump and Kim met on Thursday"); the dated telling is kept.
    Two undated tellings in different sentences are two acts (a demand made, then made again
    later in the story), except a statement, criticism or rejection told by the same pattern with
    no word that it was made again (`_restated`), and a visit or its hosting, one per trip
    (`_same_trip`); in one sentence they are one act read twice."""
    out: list[Event] = []
    for e in events:
        same = next(
            (
                i
                for i, o in enumerate(out)
                if (o.source.code, o.target.code, o.cameo, o.modality)
                == (e.source.code, e.target.code, e.cameo, e.modality)
                and (o.date == e.date or o.date is None or e.date is None)
                and (o.start == e.start or o.date is not None or e.date is not None or _restated(o, e))
                # one act read twice in a sentence under two codes of a root: "was prepared to
                # work with X" read through "prepared" (030) and through "work" (031)
                # one trip however often the article retells it: a visit and its hosting
                or (o.source.code, o.target.code, o.cameo, o.modality)
                == (e.source.code, e.target.code, e.cameo, e.modality)
                and _same_trip(o, e)
                or (o.source.code, o.target.code, o.root, o.modality, o.start)
                == (e.source.code, e.target.code, e.root, e.modality, e.start)
                and _nested(o.pattern or "", e.pattern or "")
            ),
            None,
        )
        if same is None:
            out.append(e)
        elif out[same].date is None and e.date is not None:
            out[same] = e
    return out


# statements and criticisms told again later in the article in the same words are still one act
# (a recap of the story's lead); "again", "reiterated" mark a new act (the gold guideline)
_RESTATED_ROOTS = frozenset({"01", "11", "12"})
_ANEW = re.compile(r"\b(again|anew|reiterat\w*|repeat\w*|renew\w*)\b", re.IGNORECASE)


def _restated(a: Event, b: Event) -> bool:
    """The same statement, criticism or rejection told again in a later sentence by the same
    pattern is one act, unless the later telling says it was made again; other acts told again
    stay two (a second strike, a second arrest)."""
    return a.root in _RESTATED_ROOTS and a.pattern == b.pattern and not _ANEW.search(b.sentence)


_TRIP_CODES = frozenset({"042", "043"})


def _same_trip(a: Event, b: Event) -> bool:
    """A visit (or its hosting) told again later in the article, whatever day each telling gives
    ("arrived on Monday ... during Tuesday's leg of the visit"), is the same trip unless the later
    telling says it was made again."""
    return a.cameo in _TRIP_CODES and not _ANEW.search(b.sentence)


def _nested(a: str, b: str) -> bool:
    """One pattern reads the other's act through a governing word ("be prepared to work with
    $target" and "work with $target")."""
    return a != b and (a.endswith(" " + b) or b.endswith(" " + a))
