"""The ``protest_site`` pass: a crowd gathering at a foreign country's embassy or consulate
("hundreds massed outside the Danish embassy in Ankara", "rallied in front of Chile's consulate
in Lima") demonstrates (141) against that country. The protesters are people of the place where
the mission stands, unless their own words name them ("Bolivian students"): a crowd the actor
stage placed by the mission's own country is recoded to the mission's city. It runs before a
verb's own patterns and replaces them, so that the crowd is not read as protesting against its
own government. Word lists: `crowd_verbs`, `mission_nouns` in lexicon.yml.

The ``protest_place`` pass (`protests_held`): protests that erupt, continue or spread in a place
("protests against the tax broke out in Lima", "demonstrations continued in Berlin") are the
place's civilians demonstrating (141; a riot 145, a strike 143) against the party named in their
"against" phrase, else against their own government (the CAMEO convention for a protest with
no target). Word lists: `happening_verbs`, and `protest_nouns` for the nouns."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from dyads.actors.context import _country_in, _place_at
from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.gate import VERBAL, gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.modality import modality_of
from dyads.events.nominal import _demonym
from dyads.events.verbs import compile_pattern
from dyads.model import Mention, Role

_RALLY = compile_pattern("141", "rally outside $target embassy")
_HELD = {
    "riot": compile_pattern("145", "riot against $target"),
    "strike": compile_pattern("143", "strike against $target"),
}
_DEMONSTRATE = compile_pattern("141", "demonstrate against $target")
_IN = {"in", "across", "throughout"}
_HELD_NOUNS = {"protest", "demonstration", "rally", "march", "riot", "strike", "sit-in"}
# rallies and marches may be campaigns or celebrations: dissent only "against" someone
_AGAINST_ONLY = {"rally", "march"}
# a strike is a labour strike only so named ("Israeli strikes" are airstrikes)
_LABOUR = {"general", "nationwide", "national", "labor", "labour", "workers", "teachers", "doctors", "transport"}
_AT = {"outside", "at", "near", "before", "to", "towards", "toward", "by"}


@gated(pos=VERBAL, lists=("crowd_verbs",))
def protest_site(verb: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in words("crowd_verbs"):
        return None
    mission = _mission(verb)
    if mission is not None and _supportive(verb):
        return Match(verb, _RALLY, (), (), via="protest_site")  # a gathering in support: no protest
    if mission is None:
        gathered = verb.head
        if verb.dep_ in ("xcomp", "advcl") and gathered.lemma_.lower() in words("crowd_verbs") and _mission(gathered):
            # "rallied outside X's embassy to protest against ...": one act, read at the gathering
            return Match(verb, _RALLY, (), (), via="protest_site")
        return None
    country = _owner(mission, by_token, kb)
    if country is None:
        return None
    sources = _sources(verb, by_token) or _crowd(verb, by_token)
    if not sources:
        return None
    place = _place(verb, mission, kb)
    sources = tuple(_placed(s, place, verb, kb) for s in sources)
    target = Mention(
        text=mission.text,
        start=mission.idx,
        end=mission.idx + len(mission.text),
        code=country,
        country=country,
        name=kb.country_name(country),
        kind="country",
    )
    targets = (Found(mention=target, start=mission.i, end=mission.i + 1),)
    # a crowd whose country is only the mission's own is unplaced: the act is read, no event coded
    sources = tuple(s for s in sources if s.mention.country != country or _named_country(s, verb, kb))
    return Match(verb, _RALLY, sources, targets if sources else (), via="protest_site")


_SUPPORT = {
    "support",
    "solidarity",
    "supporter",
    "fan",
    "well-wisher",
    "celebrate",
    "welcome",
    "thank",
    "mourn",
    "vigil",
}


def _supportive(verb: Token) -> bool:
    """ "Supporters of the president rallied outside the embassy", "gathered outside the embassy in
    solidarity with ...", "to mourn": a gathering for someone, not against them."""
    return any(t.lemma_.lower() in _SUPPORT for t in verb.subtree)


def _crowd(verb: Token, by_token: dict[int, Found]) -> tuple[Found, ...]:
    """ "hundreds of people, many waving flags, massed outside ...": the parser may hang the verb on
    the crowd's own participle; the crowd is the noun the chain leads to."""
    tok = verb
    for _ in range(3):
        if tok.dep_ not in ("conj", "acl", "relcl") or tok.head is tok:
            return ()
        tok = tok.head
        if tok.pos_ in ("NOUN", "PROPN"):
            return _mentions_at([tok], by_token)
    return ()


def _mission(verb: Token) -> Token | None:
    """The embassy or consulate the crowd gathered at: "outside X", "in front of X", "at X"."""
    for p in verb.children:
        if p.dep_ != "prep":
            continue
        objects = [o for o in p.children if o.dep_ == "pobj"]
        if p.lower_ == "in" and objects and objects[0].lower_ == "front":  # "in front of"
            objects = [o for q in objects[0].children if q.lower_ == "of" for o in q.children if o.dep_ == "pobj"]
        elif p.lower_ not in _AT:
            continue
        for o in objects:
            if o.lemma_.lower() in words("mission_nouns"):
                return o
    return None


def _owner(mission: Token, by_token: dict[int, Found], kb: KB) -> str | None:
    """The country whose mission it is: the mention of "Israel's consulate", "the French embassy",
    "the embassy of Japan"."""
    f = by_token.get(mission.i)
    if f is not None and f.mention.country:
        return f.mention.country
    owners = [c for c in mission.children if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < mission.i]
    owners += [o for p in mission.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
    for o in owners:
        g = by_token.get(o.i)
        if g is not None and g.mention.country and g.mention.kind in ("country", "place"):
            return g.mention.country
        d = _demonym(o, kb)
        if d is not None:
            return d.mention.country
    return None


def _place(verb: Token, mission: Token, kb: KB) -> str | None:
    """The country of the city the mission stands in: "the embassy in Ankara", "In Ankara, ...
    gathered outside the embassy"."""
    for holder in (mission, verb):
        for p in holder.children:
            if p.dep_ == "prep" and p.lower_ == "in":
                place = _place_at(verb.doc, p.i + 1, verb.sent.end, kb)
                if place is not None:
                    return place
    return None


def _named_country(f: Found, verb: Token, kb: KB) -> bool:
    """Whether the crowd's own words name its country ("Turkish students", "protesters from Peru")."""
    doc = verb.doc
    if _country_in(doc, f.start, f.end, kb) is not None:
        return True
    head = doc[f.start : f.end].root
    return any(
        _country_in(doc, o.i, o.i + 1, kb) is not None
        for p in head.children
        if p.dep_ == "prep" and p.lower_ == "from"
        for o in p.children
        if o.dep_ == "pobj"
    )


_CROWDS = {"CVL", "EDU", "LAB", "REL", "BUS", "OPP"}


def _placed(f: Found, place: str | None, verb: Token, kb: KB) -> Found:
    """An unnamed crowd is of the place where it gathered."""
    m = f.mention
    if place is None or m.country == place or m.role not in _CROWDS or f.person is not None:
        return f
    if m.kind == "pronoun" or _named_country(f, verb, kb):
        return f
    return replace(f, mention=replace(m, code=place + (m.role or ""), country=place, name=kb.country_name(place)))


@gated(pos=VERBAL, lists=("happening_verbs",))
def protests_held(verb: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in words("happening_verbs"):
        return None
    nouns = [c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in _HELD_NOUNS]
    if not nouns or nouns[0].i in by_token:
        return None
    noun = nouns[0]
    if not _dissent(noun):
        return None
    if modality_of(verb) != "asserted":
        return None  # "protests could erupt": a guess about a crowd, no one's threat
    preps = [p for holder in (verb, noun) for p in holder.children if p.dep_ == "prep" and p.lower_ in _IN]
    # "in several towns in Senegal": the place named inside the phrase
    preps += [q for p in preps for o in p.children for q in o.children if q.dep_ == "prep" and q.lower_ in _IN]
    starts = [p.i + 1 for p in preps]
    starts += [o.left_edge.i for o in verb.children if o.dep_ in ("dobj", "obj")]  # "protests swept Iran"
    place = next((country for j in starts for country in [_place_at(verb.doc, j, verb.sent.end, kb)] if country), None)
    if place is None:
        return None
    against = [o for p in noun.children if p.lower_ == "against" for o in p.children if o.dep_ == "pobj"]
    targets = tuple(t for t in _mentions_at(against, by_token) if t.mention.country != place or t.mention.role)
    if not targets:
        targets = (_found(verb, place, "GOV", kb),)
    by = [o for p in noun.children if p.lower_ == "by" for o in p.children if o.dep_ == "pobj"]
    crowd = tuple(f for f in _mentions_at(by, by_token) if f.mention.country) or (_found(noun, place, "CVL", kb),)
    return Match(verb, _HELD.get(noun.lemma_.lower(), _DEMONSTRATE), crowd, targets, via="protest_place")


def _dissent(noun: Token) -> bool:
    """Whether the noun names dissent: not a rally in support ("pro-government rallies"), not an
    air strike, not a campaign rally."""
    words_before = {t.lower_.rstrip("-") for t in noun.subtree if t.i < noun.i}
    words_after = {t.lemma_.lower() for t in noun.subtree if t.i > noun.i}
    if words_before & {"pro", "campaign", "election", "victory"} or words_after & {"support", "solidarity"}:
        return False
    against = any(p.lower_ == "against" for p in noun.children)
    lemma = noun.lemma_.lower()
    if lemma in _AGAINST_ONLY and not against:
        return False
    if lemma == "strike":
        by = any(p.lower_ == "by" for p in noun.children)
        return by or bool(words_before & _LABOUR)
    return True


def _found(at: Token, country: str, role: Role, kb: KB) -> Found:
    mention = Mention(
        text="",
        start=at.idx,
        end=at.idx,
        code=country + role,
        country=country,
        role=role,
        name=kb.country_name(country),
        kind="implied",
    )
    return Found(mention=mention, start=at.i, end=at.i)
