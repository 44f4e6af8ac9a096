"""The ``purchase`` pass (issue 12): a party that buys, imports or acquires another's goods
cooperates with it materially. "India bought record volumes of Russian crude", "Turkey purchased
fighter jets from Britain": economic cooperation (061) with the seller, military cooperation (062)
when the goods are weapons. The seller is the actor of the verb's or the goods' "from" phrase,
else the goods' owner: a possessor, an actor or a demonym before them ("Russian crude", also
through a measure: "volumes of Russian crude"). Buyers who are private people (civilians,
refugees, reporters) trade with no one. The act keeps its clause's mood: "negotiating to import",
"plans to buy" are not asserted purchases, but "signed a deal to acquire frigates from Y" is an
asserted intent to cooperate (0311, 0312). Taking delivery of goods or receiving a batch or
shipment of weapons ("took delivery of 40 tanks from Y", "received its first batch of jets from
Y") is the purchase told by its arrival (received goods that are no weapons may be a gift: not read);
ordering goods from a seller ("ordered 36 jets from Y", "placed an order for jets from Y") is one
too, the seller named by a from-phrase only.

Word lists: `buying_verbs`, `receiving_verbs`, `ordering_goods_verbs`, `delivery_nouns`, `deal_nouns`, `signing_verbs`,
`weapon_nouns` and `measure_nouns` in lexicon.yml.
"""

from __future__ import annotations

import re

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
_TRADE_DEAL = compile_pattern("0311", "sign deal to buy goods from $target")
_ARMS_DEAL = compile_pattern("0312", "sign deal to buy weapons from $target")

_PRIVATE = ("CVL", "REF", "MED", "EDU")


@gated(pos={"VERB"}, lists=("buying_verbs", "receiving_verbs", "ordering_goods_verbs"))
def purchase(verb: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB":
        return None
    ordered = lemma in words("ordering_goods_verbs")
    if lemma in words("receiving_verbs"):
        goods = _delivered(verb, by_token)  # "took delivery of tanks", "received a first batch of jets"
    elif lemma in words("buying_verbs"):
        goods = _goods(verb, by_token)
    elif ordered:
        goods = _ordered(verb, by_token)  # "ordered 36 jets from Y", "placed an order for jets from Y"
    else:
        return None
    if not goods:
        return None
    # "volumes of Russian crude": the goods behind a measure
    goods += [o for g in goods if g.lemma_.lower() in words("measure_nouns") for o in _of(g)]
    deal = _deal(verb)
    buyers = tuple(
        f for f in _sources(deal or verb, by_token) if f.mention.kind != "pronoun" and f.mention.role not in _PRIVATE
    )
    if not buyers:
        return None
    sellers = _from(verb, goods, by_token)
    if not ordered:  # "ordered Iranian assets frozen" is no order of goods: only a from-phrase names a seller
        sellers = sellers or _owners(goods, by_token, kb) or _makers(goods, by_token)
    own = {f.mention.country for f in buyers}
    sellers = tuple(f for f in sellers if f.mention.country not in own and f.mention.role not in _PRIVATE)
    if not sellers:
        return None
    arms = any(_weapon(g) or _names_weapon(g) or g.i in by_token for g in goods)
    if deal is not None:  # "signed a deal to acquire frigates from Y": an intent to cooperate
        return Match(verb, _ARMS_DEAL if arms else _TRADE_DEAL, buyers, sellers, via="purchase")
    return Match(verb, _ARMS if arms else _TRADE, buyers, sellers, via="purchase")


def _goods(verb: Token, by_token: dict[int, Found]) -> list[Token]:
    """The verb's objects; goods the actor stage read as a force ("fighter jets", "South Korean
    tanks") are still goods."""
    return [
        c for c in verb.children if c.dep_ in DOBJ and (c.i not in by_token or by_token[c.i].mention.kind == "sector")
    ]


def _ordered(verb: Token, by_token: dict[int, Found]) -> list[Token]:
    """ "ordered 36 jets": the verb's goods; "placed an order for 36 jets": the order's, and the
    order itself (a from-phrase may hang on it)."""
    if verb.lemma_.lower() == "order":
        # goods counted or weapons: "ordered the release of prisoners from Y" orders no goods
        return [
            g
            for g in _goods(verb, by_token)
            if _weapon(g) or _names_weapon(g) or any(c.dep_ == "nummod" for c in g.children)
        ]
    orders = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() == "order"]
    goods = [
        o
        for n in orders
        for p in n.children
        if p.dep_ == "prep" and p.lower_ == "for"
        for o in p.children
        if o.dep_ == "pobj" and (o.i not in by_token or by_token[o.i].mention.kind == "sector")
    ]
    return goods + orders if goods else []


def _of(noun: Token) -> list[Token]:
    return [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]


def _delivered(verb: Token, by_token: dict[int, Found]) -> list[Token]:
    """ "took delivery of 40 tanks", "received its first batch of jets": the goods behind a
    delivery noun (`delivery_nouns`); not aid ("a shipment of aid" is the giver's)."""
    nouns = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in words("delivery_nouns")]
    if verb.lemma_.lower() != "receive":
        nouns = [n for n in nouns if n.lemma_.lower() == "delivery" and not any(c.dep_ == "det" for c in n.children)]
    goods = [o for n in nouns for o in _of(n) if o.i not in by_token or by_token[o.i].mention.kind == "sector"]
    if verb.lemma_.lower() == "receive" and not any(_weapon(g) or _names_weapon(g) or g.i in by_token for g in goods):
        return []  # "received a batch of vaccines from Y" may be a gift: only weapons tell a sale
    return goods + nouns  # a from-phrase may hang on the delivery noun


def _deal(verb: Token) -> Token | None:
    """ "signed a deal to acquire frigates": the signing verb whose deal the purchase is."""
    noun = verb.head
    if verb.dep_ not in ("acl", "relcl") or noun.lemma_.lower() not in words("deal_nouns") or noun.dep_ != "dobj":
        return None
    signing = noun.head
    return signing if signing.lemma_.lower() in words("signing_verbs") else None


_DESIGNATION = re.compile(r"^[a-z]{1,4}-\d{1,3}[a-z]{0,2}$")  # "F-16s", "Su-35", "T-90"


def _weapon(goods: Token) -> bool:
    """A weapon noun, or a weapon named by its model designation ("F-16s")."""
    return goods.lemma_.lower() in words("weapon_nouns") or bool(_DESIGNATION.match(goods.lower_))


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
