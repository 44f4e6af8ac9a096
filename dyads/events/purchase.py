"""The ``purchase`` pass (issue 12): a party that buys, imports or acquires another's goods
cooperates with it materially. "India bought record volumes of Russian crude", "Turkey purchased
fighter jets from Britain": economic cooperation (061) with the seller, military cooperation (062)
when the goods are weapons. The seller is the actor of the verb's or the goods' "from" phrase,
else the goods' owner: a possessor, an actor or a demonym before them ("Russian crude", also
through a measure: "volumes of Russian crude"). Buyers who are private people (civilians,
refugees, reporters) trade with no one. The act keeps its clause's mood: "negotiating to import",
"plans to buy" are not asserted purchases.

Word lists: `buying_verbs`, `weapon_nouns` and `measure_nouns` in lexicon.yml.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources, bare_country
from dyads.events.gate import gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.nominal import _demonym
from dyads.events.verbs import compile_pattern
from dyads.nlp.syntax import DOBJ, prep_objects

_TRADE = compile_pattern("061", "buy goods from $target")
_ARMS = compile_pattern("062", "buy weapons from $target")

_PRIVATE = ("CVL", "REF", "MED", "EDU")


@gated(pos={"VERB"}, lists=("buying_verbs",))
def purchase(verb: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in words("buying_verbs"):
        return None
    # goods the actor stage read as a force ("fighter jets", "South Korean tanks") are still goods
    goods = [
        c for c in verb.children if c.dep_ in DOBJ and (c.i not in by_token or by_token[c.i].mention.kind == "sector")
    ]
    if not goods:
        return None
    # "volumes of Russian crude": the goods behind a measure
    goods += [
        o
        for g in goods
        if g.lemma_.lower() in words("measure_nouns")
        for p in g.children
        if p.dep_ == "prep" and p.lower_ == "of"
        for o in p.children
        if o.dep_ == "pobj"
    ]
    buyers = tuple(
        f for f in _sources(verb, by_token) if f.mention.kind != "pronoun" and f.mention.role not in _PRIVATE
    )
    if not buyers:
        return None
    sellers = _from(verb, goods, by_token) or _owners(goods, by_token, kb) or _makers(goods, by_token)
    own = {f.mention.country for f in buyers}
    sellers = tuple(f for f in sellers if f.mention.country not in own and f.mention.role not in _PRIVATE)
    if not sellers:
        return None
    arms = any(g.lemma_.lower() in words("weapon_nouns") or _names_weapon(g) or g.i in by_token for g in goods)
    return Match(verb, _ARMS if arms else _TRADE, buyers, sellers, via="purchase")


def _names_weapon(goods: Token) -> bool:
    """ "fighter jets", "missile systems": a weapon word among the goods' modifiers."""
    return any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in words("weapon_nouns") for c in goods.children)


def _from(verb: Token, goods: list[Token], by_token: dict[int, Found]) -> tuple[Found, ...]:
    heads = prep_objects((verb, *goods), ("from",))
    return _mentions_at(heads, by_token)


def _owners(goods: list[Token], by_token: dict[int, Found], kb: KB) -> tuple[Found, ...]:
    out: list[Found] = []
    for g in goods:
        for c in g.children:
            if c.dep_ not in ("poss", "amod", "compound", "nmod") or c.i > g.i:
                continue
            for t in (c, *c.conjuncts):
                found = (
                    None if t.i in by_token and by_token[t.i].start <= g.i < by_token[t.i].end else by_token.get(t.i)
                )
                found = found or _demonym(t, kb)
                if found is not None and found.mention.country and all(found.code != f.code for f in out):
                    out.append(found)
    return tuple(out)


def _makers(goods: list[Token], by_token: dict[int, Found]) -> tuple[Found, ...]:
    """ "bought South Korean tanks": weapons the actor stage read as a country's force are that
    country's goods (the bare country sells them)."""
    out: list[Found] = []
    for g in goods:
        f = by_token.get(g.i)
        if f is None or f.mention.kind != "sector" or not f.mention.country:
            continue
        if any(by_token.get(c.i) is f for c in g.children if c.dep_ in ("amod", "compound") and c.i < g.i):
            out.append(bare_country(f))  # a demonym inside the mention names the maker
    return tuple(out)
