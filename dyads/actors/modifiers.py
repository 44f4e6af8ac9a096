"""Actors: what the words before a noun or after a title say (used by resolution.py): whether a
modifier names someone we cannot code ("Sikh leader") or keeps the group its country ("Baloch
separatists", "security officials", "a Chicago court", "the three-judge bench"), and a holder's name
the parser did not label ("County Commissioner Irungu Mwangi"). See docs/actors.md."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dyads.actors.kb import KB
from dyads.actors.legislatures import US_PARTIES
from dyads.nlp.parse import sentence_end, sentence_start

# what armed groups are called by their cause: "the Islamist insurgents" are the group named before
_CREEDS = {"islamist", "jihadist", "extremist", "separatist", "maoist", "terror", "terrorist", "armed"}


_OFFICES = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY"}


def bare_name(doc: Doc, at: int, kb: KB | None = None) -> Span:
    """A person's name right after a title that the parser did not label a person ("County
    Commissioner Irungu Macharia", "presidential adviser Mesut Casin"): two or three capitalized
    proper nouns ending the noun phrase, none of them the start of another sentence or a title;
    else an empty span."""
    if at == 0 or doc[at - 1].tag_ in ("NNS", "NNPS") or doc[at - 1].pos_ != "NOUN" and doc[at - 1].pos_ != "PROPN":
        return doc[at:at]  # a name follows one title ("Commissioner"), not a plural ("Farmers Urge Europe")
    stop = at
    while stop < len(doc) and stop - at < 4 and doc[stop].pos_ == "PROPN" and doc[stop].is_alpha:
        if not doc[stop].text[:1].isupper() or doc[stop].is_sent_start or doc[stop].ent_type_ in _NOT_NAMES:
            break
        stop += 1
    if not 2 <= stop - at <= 3 or (stop < len(doc) and doc[stop].pos_ == "PROPN"):
        return doc[at:at]
    if any(doc[i].lower_ in _TITLE_WORDS for i in range(at, stop)) or _title_case(doc, at):
        return doc[at:at]  # "Farmers Urge Europe" in a Title Case headline
    if kb is not None and any(
        e.kind not in ("person", "surname") for i in range(at, stop) for e in kb.lexicon.get((doc[i].lower_,), [])
    ):
        return doc[at:at]  # a place or a body, not a name
    return doc[at:stop]


def _title_case(doc: Doc, at: int) -> bool:
    """Whether the words around the proper-noun run at `at` are capitalized too (a Title Case line)."""
    start, end = at, at
    sent_start, sent_end = sentence_start(doc, at), sentence_end(doc, at)
    while start > sent_start and doc[start - 1].pos_ == "PROPN":
        start -= 1
    while end < sent_end and doc[end].pos_ == "PROPN":
        end += 1
    words = [t for t in doc[sent_start:sent_end] if t.is_alpha and len(t) > 3 and not start <= t.i < end]
    return len(words) >= 2 and sum(t.text[:1].isupper() for t in words) > 0.6 * len(words)


_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LAW", "EVENT", "FAC"}
_TITLE_WORDS = {"president", "minister", "county", "state", "province", "city", "party", "republic", "university"}


_SUPRANATIONAL = {
    "western",
    "eastern",
    "northern",
    "southern",
    "european",
    "arab",
    "african",
    "asian",
    "gulf",
    "nordic",
    "baltic",
    "balkan",
    "latin",
    "foreign",
    "international",
    "regional",
    "global",
    "allied",
    "coalition",
}


def _names_another(c: Token, role: str, loose: bool, plural: bool) -> bool:
    """Whether a modifier before a lone sector word makes it someone we cannot code ("Sikh leader",
    "opposition figure", "the sitting president"). A plural noun keeps its home's code under a
    plain noun when it is a state's ("security officials", "frontier personnel") and under the name
    of a people, faith, party or province inside a state ("Baloch separatists", "Jewish settlers",
    "Republican lawmakers"); region, bloc and creed adjectives ("Western diplomats", "Islamist
    militants") and other nouns ("rescue workers") still block."""
    doc = c.doc
    if c.lower_ in _CREEDS and role == "REB" and c.i > 0 and doc[c.i - 1].lower_ == "the":
        return False  # "the Islamist militants": the group named before
    if c.dep_ not in ("compound", "amod") or c.lower_ in _WHOLE:
        return False  # "Our soldiers", "the full Senate"
    common = c.pos_ == "NOUN" and (c.text.islower() or c.is_sent_start)  # "Border officials" opening a sentence
    subgroup = (
        plural
        and not common
        and c.text[:1].isupper()
        and c.lower_ not in _SUPRANATIONAL
        and c.lower_ not in _VAGUE
        and c.lower_ not in _CREEDS  # a bare "Islamist militants" names no group
        and c.ent_type_ != "PERSON"
    )
    if subgroup and c.is_sent_start and c.pos_ == "ADJ" and c.ent_type_ != "NORP":
        return True  # "Local officials" opening a sentence: a plain adjective
    if subgroup and role in _OFFICES and c.text not in US_PARTIES:
        return True  # "Kurdish officials", "Kurdish commanders" are not the state's
    if c.dep_ == "compound":
        # "rice traders", "steel exporters": what a business trades says nothing of whose it is
        return not (plural and common and role in (*_OFFICES, "BUS") or subgroup)
    if c.dep_ == "amod":
        if subgroup:
            return False
        return c.text[:1].isupper() or not loose or c.lower_ in _VAGUE or c.pos_ != "ADJ"
    return False


_WHOLE = {"full", "entire", "whole"}
_HONORIFICS = {"mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr"}


def _city_of(c: Token, kb: KB) -> str | None:
    """The country of a city named by a modifier and its own compounds ("New York" of "New York court")."""
    words = tuple(t.lower_ for t in c.subtree)
    if not c.text[:1].isupper() or len(words) > 3:
        return None
    places = {e.key for e in kb.lexicon.get(words, []) if e.kind in ("city", "capital")}
    return places.pop() if len(places) == 1 else None  # "Tripoli" may be Libya's or Lebanon's


def _count(c: Token) -> bool:
    """A hyphenated count before a body ("three-judge", "15-member"): it says how big, not whose."""
    sub = list(c.subtree)
    return len(sub) >= 3 and any(t.text == "-" for t in sub) and (sub[0].like_num or sub[0].pos_ == "NUM")


_VAGUE = {
    "other",
    "such",
    "more",
    "many",
    "several",
    "few",
    "various",
    "some",
    "certain",
    "unidentified",
    "unknown",
    "back",
    "out",
    "off",
    "down",
    "up",
}
