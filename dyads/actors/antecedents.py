"""Actors, coreference of "it" and "they": the body, country or group a pronoun of a non-person
stands for (people's pronouns: coreference.py)."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.matching import Found
from dyads.events.modality import SPEECH
from dyads.nlp.parse import sentence_start, span_root
from dyads.nlp.syntax import _previous_sentence_start, _quoted


def body_antecedent(
    tok: Token, kind: str, found: list[Found], subjects: set[int], resolved: dict[int, Found]
) -> Found | None:
    """What "it" or "they" stands for: the body that says the clause, an organization, country or
    unnamed body, a plural or compound subject, or the people named last. `subjects`: ids of the
    mentions that are subjects; `resolved`: the pronouns resolved so far, by token."""
    before = [f for f in found if f.end <= tok.i]
    sent_start = sentence_start(tok.doc, tok.i)
    if not _quoted(tok.doc, tok.i):  # "'We urge the authorities to act,' they said": not the authorities
        before = [f for f in before if f.start < sent_start or not _quoted(tok.doc, f.start)]
    recent = _previous_sentence_start(tok, sent_start)
    saying = _saying_body(tok, before, resolved)  # "the navy said it sank ...", "the police said they ..."
    many = saying is not None and (saying.plural or saying.mention.text.lower() == "they")
    if saying is not None and many == (kind == "group"):
        return saying
    if kind == "thing":
        return None if _expletive(tok) else _body_antecedent(tok, before, recent, subjects)
    if tok.dep_ == "nsubj" and not _speaks(tok):  # "Lima and Quito signed ... They also agreed": both
        said = [r for r in resolved.values() if r.end <= tok.i and r.mention.text.lower() == "they" and r.antecedent]
        compound = _plural_subject(tok, sorted([*before, *said], key=lambda f: f.start), recent, subjects)
        if compound is not None:
            return compound
    # "dispersed them": the people named last before the places
    plural = next((f for f in reversed(before) if f.plural and f.start >= recent), None)
    if plural is not None:
        return plural
    # "they" is rarely one country: an organization or institution named since the previous sentence comes first
    body = next((f for f in reversed(before) if f.start >= recent and f.mention.kind in ("igo", "institution")), None)
    own = [f for f in before if f.start >= sent_start and f.mention.kind == "country"]
    if body is not None and not own:  # "Paris and Berlin said they ...": the countries of its own sentence
        return body
    for f in reversed(before):
        if f.start < recent:
            break
        if f.plural or f.mention.kind in ("country", "igo", "institution"):
            return f
    return None


_BODY_KINDS = ("country", "igo", "institution")


def _body(f: Found) -> bool:
    """A country, organization or unnamed body ("the ministry", "the navy"), not a person or a crowd."""
    if f.mention.kind in _BODY_KINDS:
        return True
    return f.mention.kind == "sector" and not (f.title or f.plural or f.holder or f.person is not None)


def _speaks(tok: Token) -> bool:
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH


def _saying_body(tok: Token, before: list[Found], resolved: dict[int, Found]) -> Found | None:
    """The body that says the clause the pronoun is the subject of: "the navy said it sank two
    boats", "the ministry announced that they would ..." (a plural body)."""
    verb = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in SPEECH:
        return None
    speaker = next((c for c in verb.head.children if c.dep_ == "nsubj" and c.i < tok.i), None)
    if speaker is None:
        return None
    if speaker.i in resolved:
        return resolved[speaker.i]
    f = next((f for f in before if f.start <= speaker.i < f.end), None)
    if f is None or not (_body(f) or (f.plural and f.mention.kind == "sector" and not f.title)):
        return None
    return f


def _body_antecedent(tok: Token, before: list[Found], recent: int, subjects: set[int]) -> Found | None:
    """ "It": the nearest body since the previous sentence; an acting "it" whose nearest body is an
    unnamed body in another role ("the rebels it accuses of shelling the port authority") is the
    body that was a subject ("The government said ... the groups that it accuses")."""
    bodies = [f for f in before if f.start >= recent and _body(f)]
    if not bodies:
        return None
    nearest = bodies[-1]
    if tok.dep_ == "nsubj" and nearest.mention.kind == "sector" and id(nearest) not in subjects:
        subject = next((f for f in reversed(bodies) if id(f) in subjects), None)
        if subject is not None:
            return subject
    return nearest


def _plural_subject(tok: Token, before: list[Found], recent: int, subjects: set[int]) -> Found | None:
    """The previous sentence's subject when it is plural or compound ("Lima and Quito signed a
    pact. They also agreed ..."): a compound stands for all its members; a subject "they"
    resolved before goes on standing for what it stood for."""
    for f in reversed(before):
        if f.start < recent:
            break
        root = span_root(tok.doc, f.start, f.end)
        if f.mention.kind == "pronoun" and root.dep_ == "nsubj" and f.antecedent is not None:
            return f.antecedent  # "they picked out ... At night, they ...": the same "they"
        if id(f) not in subjects:
            continue
        members = [g for g in before if g is not f and any(g.start <= c.i < g.end for c in root.conjuncts)]
        if members:
            group = sorted([f, *members], key=lambda g: g.start)
            return Found(mention=group[0].mention, start=group[0].start, end=group[-1].end, members=group)
        if f.plural:
            return f
        return None
    return None


_RAISING = {"be", "seem", "appear", "remain", "become"}


def _expletive(tok: Token) -> bool:
    """An "it" that stands for nothing: "it is now for Kyiv to decide", "it is clear that ...",
    "it was the army that fired", "it seems that ..."."""
    verb = tok.head
    if verb.lemma_.lower() not in _RAISING:
        return False
    for c in verb.children:
        if c.dep_ in ("ccomp", "xcomp", "csubj") and c.i > tok.i:
            return True
        if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children):
            return True  # "it is for Moscow to decide"
        if c.dep_ == "prep" and c.lower_ == "for" and any(g.dep_ in ("xcomp", "ccomp", "relcl") for g in c.subtree):
            return True
        if c.dep_ == "attr" and any(g.dep_ == "relcl" for g in c.children):
            return True  # a cleft: "it was the army that fired"
    return False
