"""The ``show_of_force`` pass: a military display (drills, exercises, missile tests, warships or
bombers sent somewhere) is a demonstration of force (150) toward the party it is aimed at. "Iran
fired missiles into the Gulf, a show of force aimed at Israel", "Chinese warships sailed near the
islands, angering Japan", "by holding naval drills in an effort to pressure Finland", "held a
missile test to bolster its deterrent against Israeli threats", "staged exercises near the Greek
islands".

The display is a verb of `display_verbs` in lexicon.yml whose object (or its "rounds of" phrase)
or subject is a noun of `display_nouns`. The party is read from a phrase "aimed at / directed at
X", the object of a purpose or result verb of `display_aims` ("to pressure X", "angering X"), an
"against" phrase naming X or X's threats, or a place "near / around / off" X or X's islands. All
the parties of one display take the display's own modality (one match, one verb); a party of the
displaying side's own country is none."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources
from dyads.events.gate import gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.nominal import _demonym
from dyads.events.verbs import compile_pattern

_DISPLAY = compile_pattern("150", "display force toward $target")
_NEAR = {"near", "around", "off", "toward", "towards"}
_AIMED = {"aim", "direct", "target"}
_CLAUSES = ("advcl", "xcomp", "acl", "relcl", "pcomp", "conj")


@gated(pos={"VERB"}, lists=("display_verbs",), forms=True)
def show_of_force(verb: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    """A demonstration of force (150) toward the parties this display verb is aimed at."""
    if verb.pos_ != "VERB" or not _displays(verb):
        return None
    lemma, word = verb.lemma_.lower(), verb.lower_
    bases = {lemma, word[:-1], word[:-2]} if word.endswith("ed") else {lemma}  # "staged": lemma "stag"
    if not bases & words("display_verbs"):
        return None
    if any(  # "fired missiles at X" is an attack, the verb patterns' reading
        p.dep_ == "prep" and p.lower_ in ("at", "on") and any(o.i in by_token for o in p.children)
        for p in verb.children
    ):
        return None
    sources = _sources(verb, by_token)
    head = verb
    while not sources and head.dep_ in ("pcomp", "pobj", "prep", "advcl") and head.head is not head:
        head = head.head  # "stepped up pressure by conducting drills": the main clause's subject
        if head.pos_ in ("VERB", "AUX"):
            sources = _sources(head, by_token)
    sources = tuple(f for f in sources if f.mention.country and f.mention.role in ("MIL", "GOV", None))
    if not sources:
        return None
    own = {f.mention.country for f in sources}
    targets = tuple(dict.fromkeys(t for t in _aimed_at(verb, by_token, kb) if t.mention.country not in own))
    if not targets:
        return None
    return Match(verb, _DISPLAY, sources, targets, via="show_of_force")


def _displays(verb: Token) -> bool:
    nouns = words("display_nouns")
    shown = [c for c in verb.children if c.dep_ in ("dobj", "obj", "nsubj", "nsubjpass")]
    shown += [o for c in shown for p in c.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
    return any(c.lemma_.lower() in nouns or c.lower_ in nouns for c in shown)


def _aimed_at(verb: Token, by_token: dict[int, Found], kb: KB) -> list[Found]:
    """The parties the display's own phrases and clauses name (not a speech verb's content)."""
    out: list[Found] = []
    stack = [verb]
    seen: set[int] = set()
    while stack:
        tok = stack.pop()
        if tok.i in seen:
            continue
        seen.add(tok.i)
        lemma = tok.lemma_.lower()
        for c in tok.children:
            if c.dep_ == "prep":
                objects = [o for o in c.children if o.dep_ == "pobj"]
                if c.lower_ == "at" and lemma in _AIMED:
                    out += _mentions_at(objects, by_token)  # "a show of force aimed at X"
                elif c.lower_ in _NEAR or c.lower_ == "against":
                    out += _parties(objects, by_token, kb)  # "near X's islands", "against X's threats"
                stack += [o for o in objects if o.pos_ in ("NOUN", "PROPN")]
            elif c.dep_ in ("dobj", "obj") and lemma in words("display_aims"):
                out += _mentions_at([c], by_token)  # "to pressure X", "angering X"
            elif c.dep_ in _CLAUSES or (c.dep_ in ("dobj", "npadvmod", "appos") and c.pos_ == "NOUN"):
                stack.append(c)
    return out


def _parties(objects: list[Token], by_token: dict[int, Found], kb: KB) -> list[Found]:
    """The actors these objects name, or the country of their demonym or possessor ("the Greek
    islands", "Israeli threats")."""
    out = list(_mentions_at(objects, by_token))
    if out:
        return out
    for o in objects:
        for m in o.children:
            if m.dep_ in ("amod", "compound", "poss") and m.i < o.i:
                found = by_token.get(m.i) or _demonym(m, kb)
                if found is not None and found.mention.country:
                    out.append(found)
    return out
