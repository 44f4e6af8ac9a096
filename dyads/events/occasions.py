"""Visits told as the occasion of something else (issue 12).

``trip``: "X said during a visit to Y that ...", "X, on a trip to Y, signed ...": the subject of
the verb the visit phrase hangs on visits Y (042), Y as the text names it (a capital is its
country). "X arrived in Y for talks", "flew to Y on a state visit": a visit with a diplomatic
purpose is a visit to Y's government (042).

``host_country``: "ministers gathered in Z as host country Y set out its agenda", "met in Z,
where host nation Y pressed for ...": Y hosts (043) those who gathered, and they visit Y (042,
the ``hosting`` view). So do talks or a summit "hosted by Y" (or "which Y hosted"): Y hosts the
parties its between/with phrase names, else those who met or gathered for it, attended it or
whom it brought together.

Word lists: `visit_nouns`, `visit_frames`, `occasion_preps`, `speaking_verbs`, `arriving_verbs`,
`visit_purposes`, `host_nouns`, `hosted_nouns`, `gathering_verbs` and `attending_verbs` in
lexicon.yml.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.arguments import _mentions_at, _sources, _speech_verb
from dyads.events.gate import VERBAL, gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.modality import SPEECH
from dyads.events.verbs import compile_pattern
from dyads.model import Mention
from dyads.nlp.syntax import prep_objects

_VISIT = compile_pattern("042", "visit $target")
_ARRIVE = compile_pattern("042", "arrive in $target for talks")
_HOST = compile_pattern("043", "host $target")

_TRAVELLERS = ("CVL", "REF", "MED")  # tourists, migrants, refugees and reporters travel; they visit no one
_HOSTS = ("country", "place")  # a host named by country or capital


@gated(pos={"NOUN", "VERB", "AUX"}, lists=("visit_nouns", "arriving_verbs"), lemmas=("be",))
def trip(tok: Token, by_token: dict[int, Found]) -> Match | None:
    """A visit told as an occasion ("during a visit to Y") or an arrival for talks."""
    if tok.pos_ == "NOUN":
        return _occasion(tok, by_token)
    if tok.pos_ in ("VERB", "AUX"):
        return _arrival(tok, by_token)
    return None


def _occasion(noun: Token, by_token: dict[int, Found]) -> Match | None:
    """ "said during a visit to Y", "on a trip to Y, signed", "speaking on the sidelines of a visit
    to Y", "was in Y on a two-day visit", "X, in Y for a state visit,", "during a stop in Y": the
    clause's subject visits Y."""
    if noun.lemma_.lower() not in words("visit_nouns") or noun.dep_ != "pobj":
        return None
    prep = noun.head
    if prep.lower_ == "of" and prep.head.lemma_.lower() in words("visit_frames") and prep.head.dep_ == "pobj":
        prep = prep.head.head  # "on the sidelines of a visit to Y", "at the end of a trip to Y"
        if prep.lower_ not in words("occasion_preps") and prep.lower_ != "at":
            return None
    elif prep.lower_ not in words("occasion_preps") and prep.lower_ != "for":
        return None
    verb = clause = prep.head
    if prep.lower_ == "for" and (any(c.dep_ == "prep" for c in noun.children) or clause.pos_ not in ("NOUN", "PROPN")):
        return None  # "X, in Y for a state visit," only: "pressed for a visit to Y" is no visit
    if verb.dep_ == "acl" and verb.head.dep_ in ("nsubj", "nsubjpass") and verb.tag_ in ("VBG", "VBN"):
        verb = verb.head  # "The minister, speaking during a trip to Y, said ...": a participle on the subject
    if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ in ("nsubj", "nsubjpass"):
        verb = verb.head  # "The minister, on a trip to Y, signed ...": the phrase hangs on the subject
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if any(c.dep_ == "poss" and c.i in by_token for c in noun.children):
        return None  # "during Rome's visit to Y": whose visit the possessor says (nominal)
    if clause.pos_ in ("VERB", "AUX") and _arrival(clause, by_token) is not None:
        return None  # "arrived in Y on a state visit": the arrival's visit to Y's government, told once
    hosts = _places(noun, ("to", "in"), by_token)  # "a visit to Y", "during a stop in Y"
    if not hosts and not any(c.dep_ == "prep" for c in noun.children):
        hosts = _places(clause, ("in",), by_token)  # "was in Y on a two-day visit", "X, in Y for a visit,"
    visitors = _visitors(verb, by_token) or _visitors(_speaker(verb), by_token)
    hosts = tuple(h for h in hosts if all(h.mention.country != v.mention.country for v in visitors))
    return Match(noun, _VISIT, visitors, hosts, via="trip") if hosts and visitors else None


def _speaker(verb: Token) -> Token:
    """ "X said ..., speaking during a trip to Y": a participle of speaking with no subject of its
    own that the parser hung on the reported clause is the speech verb's own occasion."""
    speaking = verb.lemma_.lower() in SPEECH or verb.lemma_.lower() in words("speaking_verbs")
    if verb.dep_ != "advcl" or not speaking or any(c.dep_ == "nsubj" for c in verb.children):
        return verb
    said = _speech_verb(verb.head) if verb.head.dep_ == "ccomp" else None
    return said if said is not None else verb


def _arrival(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """ "arrived in Y for talks", "flew to Y on a state visit", "who is in Y for talks": a visit to
    Y's government."""
    being = verb.lemma_.lower() == "be"
    if verb.lemma_.lower() not in words("arriving_verbs") and not being:
        return None
    purpose = any(
        p.dep_ == "prep"
        and p.lower_ in ("for", "on")
        and any(o.dep_ == "pobj" and o.lemma_.lower() in words("visit_purposes") for o in p.children)
        for p in verb.children
    )
    if not purpose:
        return None
    places = _places(verb, ("in",) if being else ("in", "to", "into"), by_token)
    visitors = _visitors(verb, by_token)
    governments = tuple(
        _government(p)
        for p in places
        if p.mention.kind in _HOSTS
        and p.mention.country
        and all(p.mention.country != v.mention.country for v in visitors)
    )
    return Match(verb, _ARRIVE, visitors, governments, via="trip") if governments and visitors else None


@gated(pos=VERBAL, lists=("gathering_verbs",), lemmas=("host",))
def host_country(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """ "gathered in Z as host country Y ...": Y hosts (043) the subject of the gathering verb;
    "talks hosted by Y", "the summit, which Y hosted": Y hosts those the talks bring together."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    if verb.lemma_.lower() == "host":
        return _hosted(verb, by_token)
    if verb.lemma_.lower() not in words("gathering_verbs"):
        return None
    for tok in verb.subtree:
        if tok.lower_ != "host" or tok.dep_ not in ("compound", "amod", "nmod"):
            continue
        host = _host(tok.head, by_token)
        if host is None or _gathering(tok) != verb:
            continue
        guests = tuple(g for g in _visitors(verb, by_token) if g.mention.country != host.mention.country)
        if guests:
            return Match(verb, _HOST, (host,), guests, via="host_country")
    return None


def _hosted(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """ "talks between A and B, hosted by Y", "met in Z for talks hosted by Y", "the summit, hosted
    by Y, brought together A and B / was attended by A and B", "the talks, which Y hosted": Y
    hosts (043) the talks' parties; an active "Y hosted talks between A and B" is the dictionary's,
    but "Y is hosting the talks" hosts those the sentence before told arriving or gathering."""
    active = False
    if verb.dep_ in ("acl", "relcl"):
        noun = verb.head  # "talks hosted by Y", "talks, which Y hosted"
    else:
        subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        active = not subjects and len(objects) == 1
        noun = subjects[0] if len(subjects) == 1 else objects[0] if active else verb  # "were hosted by Y"
    if noun.lemma_.lower() not in words("hosted_nouns"):
        return None
    hosts = tuple(f for f in _sources(verb, by_token) if f.mention.kind not in ("pronoun",) and f.mention.country)
    if len(hosts) != 1:
        return None
    if active:
        # "Y is hosting the talks": the talks the article has just told of, with no party named here
        if not _definite(noun) or any(c.dep_ == "prep" for c in noun.children):
            return None
        guests = _gathered_before(verb, by_token)
    else:
        guests = _mentions_at(prep_objects((noun,), ("between", "among", "with")), by_token)
        guests = guests or _parties(noun, by_token)
    host = hosts[0].mention.country
    guests = tuple(g for g in guests if g.mention.kind not in ("pronoun", "place") and g.mention.country != host)
    return Match(verb, _HOST, hosts, guests, via="host_country") if guests else None


def _definite(noun: Token) -> bool:
    before = [c for c in noun.children if c.i < noun.i]
    return len(before) == 1 and before[0].lower_ == "the"


def _gathered_before(verb: Token, by_token: dict[int, Found]) -> tuple[Found, ...]:
    """Those the sentence before told arriving, gathering or meeting ("Ethiopian and Eritrean
    envoys arrived in Nairobi on Sunday. Kenya is hosting the talks.")."""
    start = verb.sent.start
    if start == 0:
        return ()
    gathering = words("gathering_verbs") | words("arriving_verbs")
    before = verb.doc[start - 1].sent
    return tuple(
        f for t in before if t.pos_ == "VERB" and t.lemma_.lower() in gathering for f in _visitors(t, by_token)
    )


def _parties(noun: Token, by_token: dict[int, Found]) -> tuple[Found, ...]:
    """Those a gathering brings together: the subject of the verb whose occasion it is ("met in Z
    for talks"), of attending it ("delegates attended the summit"), the agents of its attendance
    ("was attended by A and B") or the objects of bringing together ("brought together A and B")."""
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head
    if verb.pos_ not in ("VERB", "AUX"):
        return ()
    lemma = verb.lemma_.lower()
    gathering = words("gathering_verbs") | words("attending_verbs") | words("arriving_verbs")
    if noun.dep_ in ("pobj", "dobj", "nsubjpass") and lemma in gathering:
        return _visitors(verb, by_token)
    if noun.dep_ == "nsubj" and any(c.dep_ in ("prt", "advmod") and c.lower_ == "together" for c in verb.children):
        return _mentions_at([c for c in verb.children if c.dep_ in ("dobj", "dative")], by_token)
    return ()


def _host(noun: Token, by_token: dict[int, Found]) -> Found | None:
    """The country "host country" names: the noun's own mention, the name it modifies ("host
    country Canada") or its apposition ("the host nation, Canada")."""
    if noun.lemma_.lower() not in words("host_nouns"):
        return None
    host = by_token.get(noun.i)
    if host is None and noun.dep_ == "compound":
        host = by_token.get(noun.head.i)
    if host is None:
        host = next((by_token[c.i] for c in noun.children if c.dep_ == "appos" and c.i in by_token), None)
    if host is None:
        # "host country the Netherlands": the parser may part the name from its noun
        nxt = noun.i + 1 + (noun.i + 1 < len(noun.doc) and noun.doc[noun.i + 1].lower_ == "the")
        host = by_token.get(nxt) if nxt < len(noun.doc) else None
    if host is None or host.mention.kind != "country" or not host.mention.country:
        return None
    return host


def _gathering(tok: Token) -> Token | None:
    """The gathering verb the host's clause hangs on: "gathered ... as host country Y set out",
    "met in Z, where host nation Y pressed"."""
    for _ in range(5):
        if tok.head is tok:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in words("gathering_verbs"):
            return tok
    return None


def _places(head: Token, preps: tuple[str, ...], by_token: dict[int, Found]) -> tuple[Found, ...]:
    return tuple(
        f
        for f in _mentions_at(prep_objects((head,), preps), by_token)
        if f.mention.kind in _HOSTS and f.mention.country
    )


def _visitors(verb: Token, by_token: dict[int, Found]) -> tuple[Found, ...]:
    return tuple(
        f
        for f in _sources(verb, by_token)
        if f.mention.kind not in ("pronoun", "place") and f.mention.role not in _TRAVELLERS
    )


def _government(place: Found) -> Found:
    """The government of the country a place (or a country name) stands for."""
    country = place.mention.country
    assert country is not None
    mention = Mention(
        text=place.mention.text,
        start=place.mention.start,
        end=place.mention.end,
        code=country + "GOV",
        country=country,
        role="GOV",
        name=None,
        kind="implied",
    )
    return Found(mention=mention, start=place.start, end=place.end)
