"""The `ultimatum` pass: a threat made on a demand another party must meet is an ultimatum (139)
aimed at that party ("warned it would execute the hostages if the government did not free its
fighters" is an ultimatum to the government, not a threat to the hostages). The demand is a
condition the party fails: "if ... did not", "unless", "if ... fails to". A condition that is
no demand ("if Hamas fires rockets, we will strike Gaza") leaves the threat as it is."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Token

from dyads.actors.kb import KB
from dyads.actors.mentions import Found
from dyads.events import passes
from dyads.events.emit import _ref
from dyads.events.verbs import load_cameo
from dyads.model import Event

_CONDITION = {"if", "unless"}
_FAILING = {"fail", "refuse", "decline", "neglect"}


def _condition(verb: Token) -> Token | None:
    """The "if"/"unless" clause that hangs on the threatened act."""
    return next(
        (c for c in verb.children if c.dep_ == "advcl" and any(m.lower_ in _CONDITION for m in c.children)),
        None,
    )


def _party(cond: Token, by_token: dict[int, Found]) -> Found | None:
    """The actor who must act: the condition's subject, or the agent of a passive condition ("if
    the tariffs are not dropped by Canada")."""
    for c in cond.children:
        if c.dep_ == "nsubj" and c.i in by_token:
            return by_token[c.i]
        if c.dep_ == "agent":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.i in by_token:
                return by_token[obj.i]
    return None


def _failed(cond: Token) -> bool:
    marks = {c.lower_ for c in cond.children if c.dep_ in ("mark", "neg")}
    return "unless" in marks or bool(marks & {"not", "n't", "never"}) or cond.lemma_.lower() in _FAILING


def ultimatum(events: Iterable[Event], verb: Token, code: str, by_token: dict[int, Found], kb: KB) -> Iterator[Event]:
    """Each event, a threat read off a conditional act (`code`, the act's pattern) aimed at the
    party the condition names; a threat told as such ("warned Y of consequences if ...") keeps
    its addressee."""
    cond = _condition(verb) if passes.on("ultimatum") and code[:2] != "13" else None
    if cond is not None and not _failed(cond):
        cond = None  # "if Hamas fires rockets, we will strike Gaza": the threat is the strike's
    party = _party(cond, by_token) if cond is not None else None
    for e in events:
        if (
            party is None
            or e.root != "13"
            or e.modality != "asserted"
            or party.code in (e.source.code, e.target.code)
            or party.mention.kind == "pronoun"
        ):
            yield e
            continue
        target = _ref(party, kb, e.date)
        cameo = load_cameo()["139"]
        yield replace(
            e,
            target=target,
            cameo=cameo.code,
            goldstein=cameo.goldstein,
            plover=cameo.plover,
            quad_class=cameo.quad_class,
        )


# "urged X to accept the ceasefire or face new sanctions": the alternative offered is a threat
_PENALTIES = {"sanction", "tariff", "embargo", "penalty"}
_CONSEQUENCES = _PENALTIES | {"consequence", "cost", "punishment", "retaliation", "reprisal", "action", "measure"}


def _alternative(verb: Token) -> Token | None:
    """The object of "or face ..." coordinated with the act a demand or an appeal asks for."""
    for x in verb.children:
        if x.dep_ not in ("xcomp", "ccomp"):
            continue
        for c in x.children:
            if c.dep_ == "conj" and c.lemma_.lower() == "face" and any(g.lower_ == "or" for g in x.children):
                words = {t.lemma_.lower() for t in c.subtree}
                if words & _CONSEQUENCES:
                    return c
    return None


def or_else(events: Iterable[Event], verb: Token) -> Iterator[Event]:
    """Each event, and after a demand or an appeal that offers "or face sanctions" a threat (13)
    from the same source to the same target: 1312 for sanctions, else 130."""
    face = _alternative(verb) if passes.on("or_else") else None
    for e in events:
        yield e
        if face is not None and e.root in ("02", "10") and e.modality == "asserted":
            code = "1312" if {t.lemma_.lower() for t in face.subtree} & _PENALTIES else "130"
            cameo = load_cameo()[code]
            yield replace(
                e,
                cameo=cameo.code,
                root=cameo.root,
                goldstein=cameo.goldstein,
                plover=cameo.plover,
                quad_class=cameo.quad_class,
                pattern=f"{e.pattern} + or face",
            )
