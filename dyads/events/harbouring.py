"""The ``harbouring`` pass: a party saying that militants behind an attack are based in, or work
with people in, another country accuses that country (112), the host state. "Kabul said the
bombers were in touch with handlers in Pakistan", "Delhi repeated the allegation that the raid
was planned by militants with camps in Pakistan", "Tehran blamed the bombings on separatists
based on Iraqi soil": the speaker accuses the country named where the militants are.

The militants are a noun of `militant_nouns` in lexicon.yml, or of `accomplice_nouns` ("handlers",
"planners", "partners") when the content also names militants or an attack (`attack_nouns`). Their
place is an "in / on / from / inside" phrase on the noun, on a participle of `located_participles`
("based in", "present on"), or on a base noun of `base_nouns` ("with bases in"); "soil",
"territory" or "side" with a demonym or possessor names the country too ("on Afghan soil"). The
content must be told as done (not negated, asked or merely expected), and the militants must act
in it: militants the content tells as struck, killed or captured ("said it bombed fighters in X")
are a report of an operation, not an accusation of X. The speaker is a state
party (government, armed forces, police, intelligence, the country) of another country."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events.arguments import _sources
from dyads.events.gate import VERBAL, gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.modality import SPEECH, modality_of
from dyads.events.nominal import _demonym
from dyads.events.verbs import compile_pattern
from dyads.nlp.parse import lemmas, sentence_end, sentence_start
from dyads.nlp.syntax import prep_objects

_HARBOUR = compile_pattern("112", "say $target [harbours militants]")
_CLAIMING = SPEECH | {"allege", "claim", "charge", "contend", "assert", "maintain", "insist"}
_CLAIM_NOUNS = {"claim", "allegation", "assertion", "accusation", "charge", "belief", "conclusion"}
_CLAIM_HOLDERS = {"repeat", "reiterate", "make", "level", "renew", "voice", "restate", "echo"}
_AT = {"in", "on", "from", "inside", "within"}
_AGAINST = {"against", "on", "at", "targeting"}
_AMOUNTS = {"dozen", "score", "hundred", "thousand", "number", "group", "band", "several", "many", "some"}
_GROUND = {"soil", "territory", "land", "side", "border"}
_STATE = {"GOV", "MIL", "COP", "SPY", None}


@gated(pos=VERBAL, lemmas=_CLAIMING | _CLAIM_HOLDERS | {"blame"})
def harbouring(verb: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    """The speaker's accusation of the host state when this verb says where militants are."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    doc = verb.doc
    said = lemmas(doc)[sentence_start(doc, verb.i) : sentence_end(doc, verb.i)]
    if words("militant_nouns").isdisjoint(said) and words("accomplice_nouns").isdisjoint(said):
        return None  # no militant in the sentence, so none placed anywhere
    told = _told(verb)
    if not told:
        return None
    speakers = tuple(
        f
        for f in _sources(verb, by_token)
        if f.mention.role in _STATE and f.mention.country and f.mention.kind != "pronoun"
    )
    if not speakers:
        return None
    hosts: list[Found] = []
    for content, tokens in told:
        if content is not None and modality_of(content) not in ("asserted", "reported"):
            continue
        militants = words("militant_nouns")
        context = any(t.lemma_.lower() in militants or t.lemma_.lower() in words("attack_nouns") for t in tokens)
        for tok in tokens:
            lemma = tok.lemma_.lower()
            if (lemma in militants or (context and lemma in words("accomplice_nouns"))) and not _struck(tok):
                hosts += _hosts(tok, by_token, kb)
    own = {s.mention.country for s in speakers}
    targets = tuple(dict.fromkeys(h for h in hosts if h.mention.country not in own))
    if not targets:
        return None
    return Match(verb, _HARBOUR, speakers, targets, via="harbouring")


def _struck(noun: Token) -> bool:
    """Militants the content tells as acted on, not acting: "struck fighters in X", "an air strike
    against militants in X", "killed the gunmen": a report of one's own operation, no accusation."""
    while noun.dep_ == "conj" or (noun.dep_ == "pobj" and noun.head.lower_ == "of" and _amount(noun.head.head)):
        noun = noun.head if noun.dep_ == "conj" else noun.head.head  # "dozens of fighters"
    if noun.dep_ in ("dobj", "obj", "nsubjpass"):
        return True
    return noun.dep_ == "pobj" and noun.head.lower_ in _AGAINST


def _amount(tok: Token) -> bool:
    return tok.like_num or tok.pos_ == "NUM" or tok.tag_ in ("CD", "DT", "PDT") or tok.lemma_.lower() in _AMOUNTS


def _told(verb: Token) -> list[tuple[Token | None, list[Token]]]:
    """What the verb says: its content clauses ("said the bombers were ..."), a claim noun's
    ("repeated the claim that ..."), or whom it blames ("blamed the raid on militants ...")."""
    lemma = verb.lemma_.lower()
    out: list[tuple[Token | None, list[Token]]] = []
    if lemma in _CLAIMING:
        out += [(c, list(c.subtree)) for c in verb.children if c.dep_ == "ccomp"]
    if lemma in _CLAIMING or lemma in _CLAIM_HOLDERS:
        out += [
            (c, list(c.subtree))
            for o in verb.children
            if o.dep_ in ("dobj", "obj") and o.lemma_.lower() in _CLAIM_NOUNS
            for c in o.children
            if c.dep_ in ("acl", "ccomp", "relcl") and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
        ]
    if lemma == "blame":
        out += [
            (None, list(o.subtree))
            for holder in (verb, *[o for o in verb.children if o.dep_ in ("dobj", "obj")])
            for p in holder.children
            if p.dep_ == "prep" and p.lower_ == "on"
            for o in p.children
            if o.dep_ == "pobj"
        ]
    return out


def _hosts(noun: Token, by_token: dict[int, Found], kb: KB) -> list[Found]:
    """The countries a militant noun is placed in: "militants in X", "based in X", "with bases in X"."""
    holders = [noun]
    holders += [
        c
        for c in noun.children
        if c.dep_ in ("acl", "amod", "relcl") and c.lemma_.lower() in words("located_participles")
    ]
    holders += [
        o
        for p in noun.children
        if p.dep_ == "prep" and p.lower_ == "with"
        for o in p.children
        if o.dep_ == "pobj" and (o.lemma_.lower() in words("base_nouns") or o.lower_ in words("base_nouns"))
    ]
    return [f for h in holders for f in _places(_at(h), by_token, kb)]


def _at(tok: Token) -> list[Token]:
    return prep_objects((tok,), _AT)


def _places(objects: Iterable[Token], by_token: dict[int, Found], kb: KB) -> list[Found]:
    """Bare-country mentions among these objects, or the country of "Afghan soil" / "X's territory"."""
    out: list[Found] = []
    for o in objects:
        f = by_token.get(o.i)
        if f is not None and f.mention.role is None and f.mention.country:
            out.append(_country(f, kb))
        elif o.lemma_.lower() in _GROUND:
            for m in o.children:
                g = by_token.get(m.i)
                if m.dep_ in ("amod", "compound", "poss") and g is not None and g.mention.country:
                    out.append(_country(g, kb))
                elif m.dep_ in ("amod", "compound") and (d := _demonym(m, kb)) is not None:
                    out.append(d)
            out += _places(_at(o), by_token, kb)  # "across the border in X"
    return out


def _country(f: Found, kb: KB) -> Found:
    m = f.mention
    if m.country is None or m.code == m.country:
        return f
    state = replace(m, code=m.country, role=None, name=kb.country_name(m.country))
    return Found(mention=state, start=f.start, end=f.end)
