"""Sentence analysis for the event passes: a clause's subjects, objects and agents resolved to actor
mentions (coordination expanded, group mentions standing for their members), and the speech verb
whose content clause holds a verb."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events import passes
from dyads.events.lexicon import words
from dyads.events.modality import SPEECH
from dyads.events.nominal import background, load_lists
from dyads.events.verbs import Pattern
from dyads.model import Mention
from dyads.nlp.syntax import DOBJ, clause, is_passive, reduced_passive


def _root_of(f: Found, doc: Doc) -> Token:
    """The mention's head; for a mention that is a determiner and a modifier of a noun outside it
    ("a police patrol", "the army's statement"), the modifier, not the determiner."""
    span = doc[f.start : f.end]
    root = span.root
    if root.dep_ in ("det", "predet"):
        heads = [t for t in span if not f.start <= t.head.i < f.end and t.dep_ not in ("det", "predet", "punct")]
        if heads:
            return heads[-1]
    return root


def _first_conjunct(tok: Token) -> Token:
    while tok.dep_ in ("conj", "appos") and tok.head != tok:
        tok = tok.head
    return tok


def _targets(
    verb: Token, p: Pattern, tokens: list[Token], xcomps: list[Token], by_token: dict[int, Found], passive: bool
) -> tuple[Found, ...]:
    """Mentions that fill the pattern's $target slot in this clause."""
    doc = verb.doc
    if passive and (p.direct and p.governor == p.head or p.governor == "to" and p.head in _DATIVE):
        # "X was attacked by Y"; "X was granted asylum by Y" (the dative made subject)
        subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if subj and verb.dep_ == "relcl" and subj[0].lower_ in ("who", "which", "that"):
            subj = [verb.head]  # "Glas, who had been granted asylum"
        if reduced_passive(verb):
            subj = [verb.head]  # "protesters detained by police"
        return _mentions_at(subj, by_token)
    inside = {t.i for t in tokens}
    # "press $target to withdraw": the verb's own object; "agree to meet $target": the infinitive's
    heads = {verb.i} if p.governor == p.head else {x.i for x in xcomps if x.lemma_.lower() == p.governor}
    if (
        p.direct
        and p.governor == p.head
        and verb.dep_ == "relcl"
        and any(c.dep_ in DOBJ and c.lower_ in ("whom", "who", "which", "that") for c in verb.children)
    ):
        return _mentions_at([verb.head], by_token)  # "Bazoum, whom the presidential guard has detained"
    out: list[Found] = []
    for f in {by_token[i] for i in inside if i in by_token}:
        root = _first_conjunct(_root_of(f, doc))
        ok = _fills(root, p, heads, inside)
        owner: Token = root
        for _ in range(3):
            if ok:
                break
            # the slot holds a non-actor noun owned by the actor: "praised Trump's decision",
            # "condemned the U.S. move", "arrested two politicians of the opposition party"
            up = (
                owner.head
                if owner.dep_ in ("poss", "compound", "amod", "nmod")
                else owner.head.head
                if owner.dep_ == "pobj"
                and (
                    owner.head.lower_ in ("of", "from", "among", "including")
                    or owner.head.lower_ == "by"
                    and owner.head.dep_ == "prep"  # "a hearing by the court"
                )
                else None
            )
            if up is None or up.i in by_token:
                break
            owner = _first_conjunct(up)
            ok = _fills(owner, p, heads, inside)
        if ok and f not in out:
            out.append(f)
        if ok:  # "hosted his Armenian and Azerbaijani counterparts": the modifiers sharing the head
            mods = [
                c
                for m in root.children
                if m.dep_ in ("amod", "compound", "nmod") and m.i < root.i
                for c in _conjuncts(m)
                if c.i in by_token
            ]
            out += [by_token[c.i] for c in mods if by_token[c.i] not in out and c.i in inside]
    return tuple(sorted(out, key=lambda f: f.start))


def _fronted(verb: Token) -> set[int]:
    """Tokens of a phrase put before the subject of a main clause ("In a post on his platform,
    Trump called ...", "In response to questions on the detainees, a spokesman declined
    comment"): scene-setting, never the verb's target slot."""
    if verb.dep_ not in ("ROOT", "conj", "ccomp"):
        return set()
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i), None)
    if subj is None:
        return set()
    start = subj.left_edge.i
    return {t.i for c in verb.children if c.i < start and c.dep_ in ("prep", "advcl", "npadvmod") for t in c.subtree}


def _fills(root: Token, p: Pattern, heads: set[int], inside: set[int]) -> bool:
    gov = root.head
    if p.governor == "*":
        return root.i in inside
    if p.direct:
        return root.dep_ in DOBJ and gov.i in heads
    return root.dep_ in ("pobj", "pcomp") and gov.lower_ == p.governor and gov.i in inside


def _mentions_at(heads: Iterable[Token], by_token: dict[int, Found]) -> tuple[Found, ...]:
    """The mentions at these tokens, at their coordinated siblings and coordinated modifiers
    ("Chadian and Nigerien troops"); a group mention stands for its members ("the two leaders")."""
    out: list[Found] = []
    for head in heads:
        tokens = _conjuncts(head)
        f0 = by_token.get(head.i)
        if f0 is not None:  # "President Obama and ... Putin": the conjunct hangs off the name, not the head
            tokens += [
                c
                for i in range(f0.start, f0.end)
                for c in _conjuncts(head.doc[i])[1:]
                if c.i not in range(f0.start, f0.end)
            ]
        for tok in tokens:
            f = by_token.get(tok.i) or _mention_below(tok, by_token)
            found = [f] if f is not None else []
            for mod in tok.children:
                if mod.dep_ in ("amod", "compound", "nmod") and mod.i < tok.i:
                    found += [by_token[c.i] for c in _conjuncts(mod) if c.i in by_token]
            for g in found:
                for m in g.members or [g]:
                    if m not in out:
                        out.append(m)
    return tuple(out)


def _companions(verb: Token, subjects: list[Token], by_token: dict[int, Found]) -> tuple[Found, ...]:
    """ "Chile, along with Peru and Bolivia, asked for talks", "Turkey, together
    with Qatar, condemned ...": the actors joined to a subject by "along with", "together with" or
    "alongside", before the verb, act with it (the `along_with` pass)."""
    if not passes.on("along_with"):
        return ()
    heads = []
    for holder in (*subjects, verb):
        for c in holder.children:
            if c.dep_ != "prep" or c.i > verb.i:
                continue
            word = c.lower_
            if word in ("along", "together"):
                heads += [o for w in c.children if w.lower_ == "with" for o in w.children if o.dep_ == "pobj"]
            elif word == "alongside" or (word == "with" and any(a.lower_ in ("along", "together") for a in c.children)):
                heads += [o for o in c.children if o.dep_ == "pobj"]
    return _mentions_at(heads, by_token) if heads else ()


def _conjuncts(tok: Token) -> list[Token]:
    return [tok, *[c for c in tok.conjuncts if c.i > tok.i]]


def _mention_below(tok: Token, by_token: dict[int, Found]) -> Found | None:
    """ "Thousands of Iranian protesters": the first mention inside the noun phrase; an unknown
    name's apposition ("Layla Haddad, Jordan's trade envoy")."""
    for c in tok.children:
        if c.dep_ == "appos" and c.i in by_token:
            return by_token[c.i]
    for t in tok.subtree:
        if t.dep_ in ("relcl", "acl", "appos") or t.i > tok.i + 8:
            break
        if t.i in by_token and (t.head == tok or t.head.head == tok or t.head.head.head == tok):
            return by_token[t.i]
    return None


_COUNTING = {"series", "string", "flurry", "number", "spate", "barrage", "raft", "couple"}


def _partitive_relative(subj: Token) -> bool:
    """ "some of whom", "many of which": a part of the relative clause's antecedent."""
    return any(
        p.dep_ == "prep" and p.lower_ == "of" and any(o.lower_ in ("whom", "which") for o in p.children)
        for p in subj.children
    )


def _sources(verb: Token, by_token: dict[int, Found]) -> tuple[Found, ...]:
    """The verb's subjects as actor mentions (or its passive agents, the noun a relative or
    participial clause hangs on, ...); read once per verb for one set of a document's mentions."""
    kept = verb.doc.user_data.get("dyads_sources")
    if kept is None or kept[0] is not by_token:  # another coding of the document: start again
        kept = verb.doc.user_data["dyads_sources"] = (by_token, {})
    seen: dict[int, tuple[Found, ...]] = kept[1]
    found = seen.get(verb.i)
    if found is None:
        found = seen[verb.i] = _read_sources(verb, by_token)
    return found


def _read_sources(verb: Token, by_token: dict[int, Found]) -> tuple[Found, ...]:
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if subj and verb.dep_ == "relcl" and subj[0].lower_ in ("who", "which", "that"):
        # "Putin, who hosted Xi": the relative pronoun stands for Putin (and not for names the
        # parser joined to him after the clause)
        return tuple(f for f in _mentions_at([verb.head], by_token) if f.start < verb.i)
    if subj and _partitive_relative(subj[0]):
        # "police fired on the demonstrators, some of whom threw rocks": "whom" is the noun just
        # before the clause, whatever the verb the parser hung the clause on
        j = subj[0].left_edge.i - 1
        while j >= 0 and verb.doc[j].is_punct:
            j -= 1
        return (by_token[j],) if j in by_token else ()
    if subj:
        return _mentions_at(subj, by_token) + _companions(verb, subj, by_token)
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not agents and (is_passive(verb) or reduced_passive(verb)):  # "was received at the base by X"
        agents = [
            g
            for t in clause(verb)
            if t.lower_ == "by" and t.dep_ in ("prep", "agent")
            for g in t.children
            if g.dep_ == "pobj" and g.i in by_token
        ]
    if agents:
        return _mentions_at(agents, by_token)
    if verb.dep_ == "advcl":
        # "detained 1,500 people after supporters of Bolsonaro stormed Congress": the parser made the
        # subject the object of "after"
        objs = [
            o
            for c in verb.head.children
            if c.dep_ == "prep" and c.lower_ in _TEMPORAL and c.i < verb.i
            for o in c.children
            if o.dep_ == "pobj" and o.right_edge.i == verb.i - 1
        ]
        if objs:
            return _mentions_at(objs, by_token)
    if (
        verb.dep_ == "acl"
        and passes.on("statement_content")
        and verb.head.i not in by_token
        and verb.head.lemma_.lower() in words("statement_nouns")
    ):
        # "issued a statement condemning X", "said in a letter urging Y": the statement's content,
        # said by whoever issued it
        noun = verb.head
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in _COUNTING:
            noun = noun.head.head  # "issued a series of warnings demanding ..."
        issuer = noun.head if noun.dep_ in DOBJ else noun.head.head if noun.dep_ == "pobj" else None
        if issuer is not None and issuer.pos_ in ("VERB", "AUX"):
            return _sources(issuer, by_token)
    body = _inquiry_body(verb)
    if body is not None:
        return _sources(body, by_token)  # "set up a commission to investigate X": the party that set it up
    if verb.dep_ in ("relcl", "acl") and not is_passive(verb) and not reduced_passive(verb):
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and background(verb.head, load_lists()):
            return ()  # "a 2013 agreement among A and B supporting refugees": background, no act told
        return _mentions_at([verb.head], by_token)
    if verb.dep_ == "xcomp":
        # "urged Iran to return" (object control), else "used his speech to accuse" (the subject)
        objects = [c for c in verb.head.children if c.dep_ in DOBJ]
        return _mentions_at(objects, by_token) or _sources(verb.head, by_token)
    if (
        verb.dep_ == "conj"
        and verb.head.pos_ in ("VERB", "AUX")
        and not (any(c.dep_ == "nsubjpass" for c in verb.children) and not is_passive(verb.head))
    ):
        # a passive with a subject of its own takes the agent of a passive before it ("was attacked
        # by X, and soldiers were killed"), never an active verb's subject ("X occupied the
        # hospitals, and patients were evicted": no agent named)
        return _sources(verb.head, by_token)
    if (
        verb.dep_ == "advcl"
        and verb.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    ):
        return _sources(verb.head, by_token)  # "Police fired tear gas to disperse the protesters"
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
        return _sources(verb.head.head, by_token)  # "responded by breaking relations with Washington"
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.pos_ in ("VERB", "AUX") and passes.on("participle"):
        return _sources(verb.head, by_token)  # "police fired tear gas, injuring dozens"
    if verb.dep_ == "acomp" and verb.head.pos_ in ("VERB", "AUX") and passes.on("adjective_complement"):
        return _sources(verb.head, by_token)  # "said it was ready to help": the subject of "was"
    return ()


def _inquiry_body(verb: Token) -> Token | None:
    """ "set up a commission to investigate X", "appointed a panel to look into X": the verb that
    created the body whose purpose clause this is (the `inquiry_body` reading)."""
    if verb.dep_ not in ("relcl", "acl") or not passes.on("inquiry_body"):
        return None
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    body = verb.head
    creator = body.head
    if body.dep_ not in DOBJ or body.lemma_.lower() not in words("inquiry_bodies"):
        return None
    if creator.pos_ not in ("VERB", "AUX") or creator.lemma_.lower() not in words("creating_verbs"):
        return None
    return creator


_DATIVE = {"give", "grant", "offer", "award", "send", "hand", "deny", "provide", "promise", "sell", "lend", "pay"}


_TEMPORAL = {"after", "before", "since", "until", "as", "when", "while"}


def _across_border(f: Found, doc: Doc) -> bool:
    root = doc[f.start : f.end].root
    return root.dep_ == "pobj" and root.head.lower_ == "with" and root.head.head.lemma_ == "border"


def _each_other(tokens: list[Token], verb: Token) -> bool:
    return any(
        t.lower_ in ("other", "another") and t.head == verb and t.i > 0 and t.doc[t.i - 1].lower_ in ("each", "one")
        for t in tokens
    )


def _speech_verb(verb: Token) -> Token | None:
    """The speech verb whose complement clause holds this verb ("X said Y did ...")."""
    tok = verb
    for _ in range(4):
        if tok.dep_ in ("conj", "xcomp", "acomp") and tok.head != tok:
            tok = tok.head  # "said it was ready to help": through the adjective to "was"
            continue
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in SPEECH:
            return tok.head
        return None
    return None


def _one_subject(verb: Token, by_token: dict[int, Found]) -> Found | None:
    subjects = _sources(verb, by_token)
    return subjects[0] if len(subjects) == 1 else None


def bare_country(f: Found) -> Found:
    """The country of a mention as an actor of its own, on the same words ("South Korean tanks"
    sold by South Korea)."""
    m = f.mention
    country = m.country or m.code
    state = Mention(
        text=m.text, start=m.start, end=m.end, code=country, country=country, role=None, name=None, kind="country"
    )
    return Found(mention=state, start=f.start, end=f.end)


def civilians_at(tok: Token, country: str, like: Mention, kb: KB) -> Found:
    """The civilians of `country`, named by the word `tok` ("the village", "the district")."""
    civilians = replace(
        like,
        text=tok.text,
        start=tok.idx,
        end=tok.idx + len(tok.text),
        code=f"{country}CVL",
        role="CVL",
        name=kb.country_name(country),
        kind="sector",
    )
    return Found(mention=civilians, start=tok.i, end=tok.i + 1)
