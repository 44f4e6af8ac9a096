"""The ``responsibility`` pass: "the group claimed responsibility for the attack" is the
claimant's statement (015) aimed at those the act struck: the actors named in the act's own
phrase ("for attacks targeting police stations"), else the targets of the latest earlier act
of force the article told ("Gunmen stormed a hotel ... Al-Shabaab claimed responsibility")."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _sources
from dyads.events.match import Match
from dyads.events.verbs import compile_pattern
from dyads.model import Event
from dyads.nlp.syntax import DOBJ

_CLAIM = compile_pattern("015", "claim responsibility for $target")
# "claimed / admitted / accepted / took responsibility", "claimed credit"
_CLAIMING = {"claim", "admit", "accept", "acknowledge", "take", "assume"}
_CREDIT = {"responsibility", "credit"}
# the roots of the acts whose victims a claim of responsibility is aimed at
STRUCK = ("18", "19", "20")


def responsibility(word: Token, by_token: dict[int, Found]) -> Match | None:
    """A claim of responsibility, with the victims named in its own act phrase as targets, or an
    anaphor (the act noun, else "responsibility") for `struck` to resolve from earlier events."""
    if word.pos_ not in ("VERB", "AUX") or word.lemma_.lower() not in _CLAIMING:
        return None
    obj = next((c for c in word.children if c.dep_ in DOBJ and c.lemma_.lower() in _CREDIT), None)
    if obj is None or (obj.lemma_.lower() == "credit" and word.lemma_.lower() not in ("claim", "take")):
        return None
    sources = _premodified(_sources(word, by_token), word)
    if not sources:
        return None
    own = {f.code for f in sources}
    acts = [
        o
        for p in (*word.children, *obj.children)
        if p.dep_ == "prep" and p.lower_ == "for"
        for o in p.children
        if o.dep_ == "pobj"
    ]
    subject = {t.i for c in word.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    # the act's own phrase first ("for attacks on police"), then the rest of the claim ("...,
    # saying the ministry was its target")
    named = _named(acts, by_token, own) or _named([word], by_token, own, frozenset(subject))
    if named:
        return Match(word, _CLAIM, sources, named, via="responsibility")
    return Match(word, _CLAIM, sources, (), anaphor=acts[0] if acts else obj, via="responsibility")


def _premodified(sources: tuple[Found, ...], word: Token) -> tuple[Found, ...]:
    """The subject's own actors, not one named in a modifier before another ("the al-Qaeda-linked
    Shabaab group": the Shabaab)."""
    doc = word.doc
    heads = []
    for g in sources:
        h = doc[g.end - 1]
        while h.dep_ == "compound" and h.head is not h:
            h = h.head
        heads.append((g, h))
    return tuple(
        f for f in sources if not any(g is not f and f.end <= g.start and doc[f.start] in h.subtree for g, h in heads)
    )


def _named(
    heads: list[Token], by_token: dict[int, Found], own: set[str], skip: frozenset[int] = frozenset()
) -> tuple[Found, ...]:
    """The actors below the heads; a country only when no one else is named ("attacks on
    soldiers and teachers from the eastern provinces, the heartland of Turkey": not Turkey)."""
    named = tuple(
        dict.fromkeys(
            by_token[t.i]
            for h in heads
            for t in h.subtree
            if t.i in by_token
            and t.i not in skip
            and by_token[t.i].code not in own
            and by_token[t.i].mention.kind not in ("place", "pronoun")
        )
    )
    people = tuple(f for f in named if f.mention.role is not None or f.mention.country is None)
    return people or named


def struck(match: Match, earlier: list[tuple[Event, Found, int]]) -> Match | None:
    """The claim aimed at every target of the latest earlier asserted act of force."""
    last = next((v for e, _, v in reversed(earlier) if e.modality == "asserted" and e.root in STRUCK), None)
    if last is None:
        return None
    own = {f.code for f in match.sources}
    victims = tuple(dict.fromkeys(f for e, f, v in earlier if v == last and e.root in STRUCK and f.code not in own))
    return Match(match.verb, match.pattern, match.sources, victims, via="responsibility") if victims else None
