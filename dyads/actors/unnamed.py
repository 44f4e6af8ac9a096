"""People the text describes without a name ("a ferry pilot", "one farmer from Oyo State"): the
common nouns that stand for a person, and the description an unnamed speaker is given."""

from __future__ import annotations

from spacy.tokens import Token

# Common nouns for people: a subject headed by one with no actor of its own speaks as "unnamed ..."
# ("a ferry pilot told us": unnamed ferry pilot).
PERSON_NOUNS = frozenset(
    "resident witness farmer trader vendor shopkeeper student teacher pilot driver nurse doctor owner user "
    "worker receptionist spokesperson spokesman spokeswoman official source analyst expert lawyer attorney "
    "journalist reporter activist protester demonstrator survivor victim mother father woman man girl boy "
    "villager engineer soldier officer commander fighter refugee migrant voter parent passenger researcher "
    "professor economist diplomat aide adviser advisor employee manager director executive founder member "
    "citizen neighbor neighbour relative resident priest imam pastor cleric guard guide fisherman miner "
    "mechanic clerk customer tourist traveler traveller visitor worshipper supporter critic observer "
    "official negotiator mediator volunteer medic paramedic surgeon physician pharmacist".split()
)


def describe(tok: Token) -> str:
    """ "unnamed" and a person's description without articles, numbers, clauses or adjectives, keeping
    the proper nouns that place them ("a ferry pilot": unnamed ferry pilot; "one farmer from
    southern Oyo State": unnamed farmer from Oyo State). A definite one ("the nurse") is
    described as where the article introduced them ("a nurse in Goma")."""
    if any(c.lower_ == "the" for c in tok.children):
        intro = next(
            (
                t
                for t in reversed(tok.doc[max(0, tok.i - 400) : tok.i])
                if t.lemma_.lower() == tok.lemma_.lower()
                and t.pos_ == "NOUN"
                and t.tag_ == tok.tag_
                and not any(c.lower_ == "the" for c in t.children)
            ),
            None,
        )
        if intro is not None:
            tok = intro
    words = [c for c in tok.children if c.i < tok.i and c.dep_ in ("compound", "amod", "nmod") and _describes(c)]
    place: list[Token] = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("in", "from") and c.i > tok.i:
            obj = next((o for o in c.children if o.dep_ == "pobj" and o.pos_ == "PROPN"), None)
            if obj is not None:
                place = [c, *(o for o in obj.children if o.dep_ == "compound" and o.pos_ == "PROPN"), obj]
                break
    return " ".join(
        ["unnamed", *(t.text for t in sorted(words, key=lambda t: t.i)), tok.text, *(t.text for t in place)]
    )


def _describes(tok: Token) -> bool:
    """A modifier kept in a description: a noun or a proper name ("ferry", "Lufthansa"), or an adjective of
    nationality or field that the parser tags as such ("college"), not "young" or "another"."""
    return tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "ADJ" and tok.text[:1].isupper())


INDEFINITE = ("a", "an", "one", "another")


def introduced(tok: Token) -> bool:
    """Whether a person noun brings in someone new: "a pilot", or "the pilot" after "a pilot"."""
    if any(c.lower_ in INDEFINITE for c in tok.children):
        return True
    return any(
        t.lemma_.lower() == tok.lemma_.lower() and t.pos_ == "NOUN" and any(c.lower_ in INDEFINITE for c in t.children)
        for t in tok.doc[max(0, tok.i - 400) : tok.i]
    )
