"""The ``discourse`` pass: responses whose other party the clause leaves to the article.

- An answer to something asked or offered, named by a bare demonym or a possessive pronoun:
  "rejected a Turkish request" is a rejection (120) of Turkey; "Cairo declined its offer" of
  the actor named earlier in the sentence, of another country than the one answering; "welcomed
  their proposal" is an endorsement (051) of them. A noun with an actor of its own is the
  dictionary's ("reject $target request"); one with none is the `anaphor` pass's.
- A bare refusal ("the envoy refused", "refused to comply") is a rejection (120) of the party
  that asked: the subject of the asking verb it is coordinated with ("Oslo proposed a truce,
  but Riga refused"), else of an asking verb in the sentence before that named the refuser
  ("Lima asked the Chilean envoy to ... The envoy refused"), else the source of the latest earlier
  appeal, demand or offer (02, 03, 05, 10) the article told to the refuser (code.py, `askers`).
- A denial of "that" ("Lima denied that as well") is a denial (016) of the latest accusation the
  article told against the denier, aimed at its accuser (code.py, `askers`).
- Refusing to attend a court's hearing or trial is a rejection (120) of the court: the latest
  court (a JUD actor, or one whose name says court or tribunal) the article named.
- A request, petition or motion filed about a court's hearing or trial, with no addressee named,
  is an appeal (020) to the latest court named.
- `owns`: the actor a thing belongs to by what it is, for the `evaluation` pass: a ruling or
  verdict is the latest court's, a jailbreak or prison escape the latest criminals'; code.py
  asks it for any reaction to such a noun too ("condemned the ruling").

Word lists: lexicon.yml (`asking_nouns`, `rejecting_verbs`, `welcoming_verbs`, `refusing_verbs`,
`complying_verbs`, `asking_verbs`, `attending_verbs`, `proceeding_nouns`, `judgment_nouns`,
`escape_nouns`, `denying_verbs`, `filing_verbs`, `filed_nouns`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from spacy.tokens import Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events.arguments import _sources
from dyads.events.gate import VERBAL, gated
from dyads.events.lexicon import words
from dyads.events.match import Match
from dyads.events.modality import modality_of
from dyads.events.nominal import _demonym
from dyads.events.verbs import Pattern, compile_pattern
from dyads.model import Event

_REJECT = compile_pattern("120", "reject $target [request]")
_WELCOME = compile_pattern("051", "welcome $target [offer]")
_ACCEPT = compile_pattern("080", "accept $target [proposal]")
_ACCEPT_DEMAND = compile_pattern("083", "accept $target [demand]")
_ACCEPT_INVITATION = compile_pattern("036", "accept $target [invitation]")
_ACCEPT_MEDIATION = compile_pattern("038", "accept $target [mediation offer]")
_WELCOME_MEDIATION = compile_pattern("038", "welcome $target [mediation offer]")
_REFUSE = compile_pattern("120", "refuse what $target asked")
_DENY = compile_pattern("016", "deny $target [that]")
_FILE = compile_pattern("020", "file request with $target")
_BOYCOTT = compile_pattern("120", "refuse to attend hearing of $target")

_POSSESSIVE = {"its", "their", "his", "her"}
_DEMONSTRATIVE = {"that", "this"}
_ASKED_ROOTS = ("02", "03", "05", "10")  # what a bare refusal may answer


@gated(
    pos=VERBAL,
    lists=("rejecting_verbs", "welcoming_verbs", "accepting_verbs", "denying_verbs", "refusing_verbs", "filing_verbs"),
)
def response(verb: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    """The response the verb's clause tells, with the party it answers, or None."""
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = _phrasal(verb)
    if lemma in words("rejecting_verbs") or lemma in words("welcoming_verbs") or lemma in words("accepting_verbs"):
        answered = _answered(verb, by_token, kb)
        if answered is not None:
            return answered
    if lemma in words("denying_verbs") and modality_of(verb) != "negated":
        denial = _denied_that(verb, by_token)
        if denial is not None:
            return denial
    if lemma in words("refusing_verbs") and modality_of(verb) != "negated":
        return _boycott(verb, by_token) or _bare_refusal(verb, by_token)
    if lemma in words("filing_verbs") and modality_of(verb) == "asserted":
        return _filed(verb, by_token)
    return None


def _filed(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """ "filed several requests for the hearing to be delayed": a request filed about a court's
    proceedings, with no addressee named, is an appeal (020) to the latest court named."""
    nouns = [c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in words("filed_nouns")]
    if len(nouns) != 1 or any(t.i in by_token for t in verb.subtree if t.i > verb.i):
        return None
    if not any(t.lemma_.lower() in words("proceeding_nouns") for t in verb.subtree if t.i > nouns[0].i):
        return None  # "filed a request for asylum": no court's proceedings in sight
    return _toward_court(verb, by_token, _FILE)


def _phrasal(verb: Token) -> str:
    """The verb's lemma with its particle, if it has one ("turn down")."""
    lemma = verb.lemma_.lower()
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return f"{lemma} {particles[0]}" if len(particles) == 1 else lemma


def _answered(verb: Token, by_token: dict[int, Found], kb: KB) -> Match | None:
    """ "rejected a Turkish request", "declined its offer", "turned down the Kenyan bid", "accepted
    the Malian invitation", "rejected a request Lima made": the asker named by a bare demonym, a
    possessive pronoun or the subject of a relative clause of making it. "accepted
    the invitation", with no asker named, answers the latest asker (code.py, `askers`)."""
    nouns = [
        c
        for c in verb.children
        if (c.dep_ == "dobj" or c.dep_ in ("ccomp", "xcomp") and c.pos_ == "NOUN")  # "welcomed the offer to mediate"
        and c.lemma_.lower() in words("asking_nouns")
    ]
    if len(nouns) != 1:
        return None
    noun = nouns[0]
    # what was asked ("a request to extradite the banker") may name actors; the asker may not
    content = {t.i for c in noun.children if c.dep_ in ("acl", "relcl") for t in c.subtree}
    if any(t.i in by_token and t.i not in content for t in noun.subtree):
        return None
    sources = _sources(verb, by_token)
    if not sources:
        return None
    lemma = _phrasal(verb)
    accepting = lemma in words("accepting_verbs")
    own = {f.mention.country or f.code for f in sources}
    askers: tuple[Found, ...] = ()
    for m in noun.children:
        if m.i > noun.i:
            continue
        if m.dep_ in ("amod", "compound", "nmod", "nsubj"):  # "the Omani offer", parsed a clause or not
            found = _demonym(m, kb)
            if found is not None and found.code not in own:
                askers = (found,)
        elif m.dep_ == "poss" and m.lower_ in _POSSESSIVE:
            named = _named_before(verb, m, by_token, own)
            askers = (named,) if named is not None else ()
    if not askers:
        askers = tuple(f for f in made_by(noun, by_token) if (f.mention.country or f.code) not in own)
    if accepting and not askers and _definite(noun):
        return Match(verb, _accepted(noun), sources, (), anaphor=verb, via="discourse")
    if not askers:
        return None
    if accepting:
        pattern = _accepted(noun)
    elif lemma in words("welcoming_verbs"):
        pattern = _WELCOME_MEDIATION if _mediation(noun) else _WELCOME
    else:
        pattern = _REJECT
    return Match(verb, pattern, sources, askers, via="discourse")


def made_by(noun: Token, by_token: dict[int, Found]) -> tuple[Found, ...]:
    """ "a request France made on Monday", "the offer that Oslo sent": the subject of a relative
    clause that tells the asking noun was made (`making_verbs`)."""
    return tuple(
        f
        for c in noun.children
        if c.dep_ == "relcl" and c.lemma_.lower() in words("making_verbs")
        for f in _sources(c, by_token)
        if f.mention.kind != "pronoun"
    )


def _definite(noun: Token) -> bool:
    """ "the invitation", with nothing before the noun that says whose."""
    before = [c for c in noun.children if c.i < noun.i]
    return len(before) == 1 and before[0].lower_ == "the"


def _mediation(noun: Token) -> bool:
    """ "the Saudi mediation bid", "an offer to mediate", "its offer of mediation"."""
    near = [c for c in noun.children if c.dep_ in ("compound", "acl", "xcomp", "prep", "amod")]
    near += [g for c in near if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(t.lemma_.lower() in words("mediation_words") for t in near)


def _accepted(noun: Token) -> Pattern:
    """What taking up the noun is: accepting an invitation an intent to meet (036), a mediation offer
    an intent to accept mediation (038), a demand yielding to it (083), a proposal yielding (080)."""
    word = noun.lemma_.lower()
    if _mediation(noun):
        return _ACCEPT_MEDIATION
    if word in words("invitation_nouns"):
        return _ACCEPT_INVITATION
    if word in words("demand_nouns"):
        return _ACCEPT_DEMAND
    return _ACCEPT


def _named_before(verb: Token, pronoun: Token, by_token: dict[int, Found], own: set[str]) -> Found | None:
    """What "its" stands for in "Washington warned Tehran ..., as Tehran rejected its offer": the
    nearest actor named before it in the sentence that is neither a pronoun nor of the answering
    side (an answer to one's own side's offer is no answer)."""
    for i in range(pronoun.i - 1, verb.sent.start - 1, -1):
        f = by_token.get(i)
        if f is not None and f.mention.kind != "pronoun" and (f.mention.country or f.code) not in own:
            return f
    return None


def _denied_that(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """ "Lima denied that too": a demonstrative object of a denial stands for the latest accusation
    the article told against the denier (code.py, `accusers`)."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if len(objects) != 1 or objects[0].lower_ not in _DEMONSTRATIVE or any(objects[0].children):
        return None
    sources = _sources(verb, by_token)
    return Match(verb, _DENY, sources, (), anaphor=objects[0], via="discourse") if sources else None


def _bare_refusal(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """ "..., but Riga refused", "The envoy refused to comply": aimed at the party that asked."""
    if any(c.dep_ in ("dobj", "ccomp", "prep", "dative") for c in verb.children):
        return None
    xcomps = [c for c in verb.children if c.dep_ == "xcomp"]
    if any(x.lemma_.lower() not in words("complying_verbs") for x in xcomps):
        return None  # "refused to sign the deal": the dictionary reads what was refused
    if any(t.i in by_token for x in xcomps for t in x.subtree):
        return None
    refusers = _sources(verb, by_token)
    asking = words("asking_verbs")
    head = verb.head
    if verb.dep_ == "conj" and head.lemma_.lower() in asking and head.pos_ == "VERB":
        # "Oslo proposed a truce, but Riga refused"
        askers = _others(_sources(head, by_token), refusers)
        return Match(verb, _REFUSE, refusers, askers, via="discourse") if refusers and askers else None
    previous = _sentence_before(verb)
    for ask in reversed([t for t in previous if t.lemma_.lower() in asking and t.pos_ == "VERB"]):
        named = [by_token[t.i] for t in ask.subtree if t.i in by_token]
        if not refusers:
            refusers = _echo(verb, named)  # "The relatives refused": the relatives it asked
        askers = _others(_sources(ask, by_token), refusers)
        if refusers and askers and any(f.code in {r.code for r in refusers} for f in named):
            return Match(verb, _REFUSE, refusers, askers, via="discourse")
    if refusers:
        return Match(verb, _REFUSE, refusers, (), anaphor=verb, via="discourse")  # code.py: `askers`
    return None


def _others(askers: tuple[Found, ...], refusers: tuple[Found, ...]) -> tuple[Found, ...]:
    own = {f.code for f in refusers}
    return tuple(f for f in askers if f.code not in own)


def _sentence_before(verb: Token) -> list[Token]:
    start = verb.sent.start
    if start == 0:
        return []
    return list(verb.doc[start - 1].sent)


def _echo(verb: Token, named: list[Found]) -> tuple[Found, ...]:
    """A definite subject no actor was found for that repeats the head noun of an actor the asking
    clause named: "... offered to pay the writer's relatives. The relatives refused." """
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"]
    if len(subjects) != 1 or not any(d.lower_ == "the" for d in subjects[0].children if d.dep_ == "det"):
        return ()
    word = subjects[0].lemma_.lower()
    doc = verb.doc
    return tuple(f for f in named if doc[f.end - 1].lemma_.lower() == word)[:1]


def _boycott(verb: Token, by_token: dict[int, Found]) -> Match | None:
    """ "refused to attend the hearing": a rejection of the latest court the article named."""
    attending = [c for c in verb.children if c.dep_ == "xcomp" and c.lemma_.lower() in words("attending_verbs")]
    proceedings = words("proceeding_nouns")
    nouns = [
        t
        for a in attending
        for t in (*a.children, *(g for c in a.children if c.dep_ == "prep" for g in c.children))
        if t.dep_ in ("dobj", "pobj") and t.lemma_.lower() in proceedings
    ]
    if len(nouns) != 1 or any(t.i in by_token for t in nouns[0].subtree):
        return None
    return _toward_court(verb, by_token, _BOYCOTT)


def _toward_court(verb: Token, by_token: dict[int, Found], pattern: Pattern) -> Match | None:
    """The verb's subjects' act toward the latest court named (filing with it, boycotting it)."""
    sources = _sources(verb, by_token)
    court = _latest_in(verb, by_token, _court)
    if not sources or court is None or court.code in {f.code for f in sources}:
        return None
    return Match(verb, pattern, sources, (court,), via="discourse")


def _court(f: Found) -> bool:
    text = f.mention.text.lower()
    return f.mention.role == "JUD" or "court" in text or "tribunal" in text


def owns(obj: Token, by_token: dict[int, Found]) -> tuple[Found, ...]:
    """The actor an event noun belongs to by what it is: a ruling is the latest court's, a
    jailbreak the latest criminals' (for "called the ruling arbitrary", "described the escape as
    shameful")."""
    if any(c.dep_ == "poss" for c in obj.children):
        return ()  # "their convictions": the possessor says whose
    word = obj.lemma_.lower()
    compound = " ".join(t.lower_ for t in obj.children if t.dep_ == "compound" and t.i < obj.i)
    if word in words("judgment_nouns"):
        found = _latest_in(obj, by_token, _court)
    elif word in words("escape_nouns") or f"{compound} {word}".strip() in words("escape_nouns"):
        found = _latest_in(obj, by_token, lambda f: f.mention.role == "CRM")
    else:
        return ()
    return (found,) if found is not None else ()


@cache
def owned_nouns() -> frozenset[str]:
    """The nouns `owns` reads."""
    return words("judgment_nouns") | words("escape_nouns")


def _latest_in(tok: Token, by_token: dict[int, Found], fits: Callable[[Found], bool]) -> Found | None:
    """The latest mention before the token, in the article so far, that fits."""
    for i in range(tok.i - 1, -1, -1):
        f = by_token.get(i)
        if f is not None and f.mention.kind != "pronoun" and fits(f):
            return f
    return None


def askers(match: Match, history: list[tuple[Event, Found, int]]) -> Match | None:
    """A bare refusal aimed at the source of the latest earlier appeal, offer or demand the
    article told to the refuser; a denial of "that" at the source of the latest accusation told
    against the denier, or at whoever the denier's latest denial answered."""
    own = {f.code for f in match.sources}
    countries = {f.mention.country or f.code for f in match.sources}
    denial = match.pattern.code == "016"
    for event, source, _ in reversed(history):
        if event.modality != "asserted":
            continue
        if denial and event.root == "11" and event.target.code[:3] in countries and source.code not in own:
            return Match(match.verb, match.pattern, match.sources, (source,), via="discourse")
        if denial and event.cameo == "016" and event.source.code in own:
            return None  # the denier's earlier denial: told once (the target would be its accuser again)
        if not denial and event.root in _ASKED_ROOTS and event.target.code in own:
            if source.code in own:
                return None
            return Match(match.verb, match.pattern, match.sources, (source,), via="discourse")
    return None
