"""Readings of a matched pattern: an announced hostile act is a threat (13), a promised
cooperative one an expression of intent (03); CAMEO conventions that depend on who acts on whom."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.actors.mentions import Found
from dyads.events.lexicon import words
from dyads.events.modality import ASPECTUAL, FUTURE_AUX, HYPOTHETICAL_AUX, SPEECH, conditional
from dyads.events.verbs import hostile, load_cameo
from dyads.model import Mention, Modality
from dyads.nlp.syntax import DOBJ, governors, is_passive, reduced_passive

# roots whose events are about the future by nature: a promise or a threat is asserted when made
_FORWARD_ROOTS = {"03", "13"}


# Promises and threats (docs/verbs.md): a cooperative act that is promised ("pledged to send
# aid", "said it would send tanks") is an asserted expression of intent (03x); a hostile act
# that is announced ("said it would impose sanctions", "vowed to retaliate", "if ..., we will
# strike") is an asserted threat (13x), and the act itself keeps its own modality.
_PROMISING = {
    "promise",
    "pledge",
    "vow",
    "offer",
    "agree",
    "commit",
    "undertake",
    "volunteer",
    "ready",
    "prepared",
    "willing",
    "guarantee",
    "swear",
}


_THREATENING = {"threaten", "warn", "vow", "pledge", "promise", "swear", "hint", "signal"}


_INTENT = {
    "04": "036",
    "05": "032",
    "06": "031",
    "07": "033",
    "08": "035",
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "081": "035",
    "083": "034",
    "084": "0353",
    "085": "0354",
    "086": "0355",
    "087": "0356",
}


_THREAT = {
    "14": "133",
    "15": "138",
    "16": "131",
    "17": "137",
    "18": "138",
    "19": "138",
    "20": "138",
    "161": "1313",
    "162": "1311",
    "163": "1312",
    "164": "1313",
    "172": "132",
}


def _greeted(verb: Token) -> bool:
    """ "were met by armed men", "was met with protests": a passive "meet" is how someone was
    received or answered, not a consultation (040)."""
    return verb.lemma_.lower() == "meet" and (is_passive(verb) or reduced_passive(verb))


OBLIGATION_AUX = {"must", "should", "ought"}


def obliged(verb: Token) -> bool:
    """ "must act", "should act", "needs to act", "has to act": an obligation laid on the subject."""
    if any(c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("need", "have") and verb.head.tag_ != "VBN"


_CHARGED = {"accuse", "charge", "convict", "indict", "suspect"}


def _stands_accused(verb: Token) -> bool:
    """ "stands accused of spying for a rival state": the subject is charged, not standing
    with anyone; the words of the charge are no act of the subject's."""
    return verb.lemma_.lower() in ("stand", "remain") and any(
        c.dep_ in ("acomp", "advcl", "oprd", "xcomp") and c.tag_ == "VBN" and c.lemma_.lower() in _CHARGED
        for c in verb.children
    )


def _modal(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_AUX for c in verb.children)


def _guessed(verb: Token) -> bool:
    """ "may threaten X", "might overreach and start threatening X": someone's guess that a threat
    may come, not a threat made."""
    tok = verb
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in ("may", "might", "could") for c in tok.children):
            return True
        if (
            tok.dep_ == "xcomp"
            and tok.head.lemma_.lower() in ASPECTUAL
            or (tok.dep_ == "conj" and not any(c.dep_ in ("nsubj", "aux") for c in tok.children))
        ):
            tok = tok.head
            continue
        break
    return False


def _commentary(content: Token) -> bool:
    """ "Analysts said X would ...", "economists expect X to ...": onlookers' forecast of a party's
    act announces nothing for that party (`commentator_nouns` in lexicon.yml)."""
    if content.dep_ != "ccomp":
        return False
    return any(
        s.dep_ in ("nsubj", "nsubjpass") and s.lemma_.lower() in words("commentator_nouns")
        for s in content.head.children
    )


def readings_quad(code: str) -> int:
    c = load_cameo().get(code) or load_cameo().get(code[:2])
    return c.quad_class if c is not None else 0


def readings(verb: Token, code: str, modality: Modality) -> list[tuple[str, Modality]]:
    """(code, modality) pairs an event is coded as: itself, or as a promise or threat of it."""
    root = code[:2]
    if root == "04" and _greeted(verb) or _stands_accused(verb):
        return []
    if root in _FORWARD_ROOTS:
        # "said it would send tanks" is itself an expression of intent; a threat is made when it
        # is uttered, its condition included ("threatened retaliation if sanctioned")
        made = not conditional(verb) or (root == "13" and not _modal(verb))
        if root == "13" and verb.lemma_.lower() in _THREATENING and _guessed(verb):
            made = False  # "Washington may threaten Beijing with sanctions": a guess, no threat made
        return [(code, "asserted" if modality in ("intended", "hypothetical") and made else modality)]
    chain = governors(verb)
    gov = chain[1].lemma_.lower() if len(chain) > 1 else ""
    promised = verb.dep_ == "xcomp" and any(g.lemma_.lower() in _PROMISING for g in chain[1:3])
    gov = next((g.lemma_.lower() for g in chain[1:3] if g.lemma_.lower() in _PROMISING), gov)
    content = verb.head if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ASPECTUAL else verb
    if content is not verb and content.dep_ == "ccomp":
        gov = content.head.lemma_.lower()  # "warned it will continue to exert pressure"
    announced = (
        modality in ("intended", "hypothetical")
        and content.dep_ == "ccomp"
        and gov in SPEECH | _PROMISING | _THREATENING
        and not obliged(verb)  # "said the U.N. must keep sanctions": a demand on the U.N., no threat
        and not _commentary(content)  # "analysts said Beijing might retaliate": a forecast, no threat
    )
    warned = announced and gov in _THREATENING and readings_quad(code) == 3  # "warned it would keep up pressure"
    if modality == "negated":
        return [(code, modality)]
    if root in ("04", "05", "06", "07", "08") and (promised or (announced and root != "04")):
        return [(_INTENT.get(code[:3], _INTENT[root]), "asserted")]
    if warned and root != "13":
        return [("130", "asserted"), (code, modality)]
    if hostile(root) and (
        promised
        and gov in _THREATENING
        or announced
        or (modality == "hypothetical" and conditional(verb) and _future(verb))
    ):
        threat: tuple[str, Modality] = (_THREAT.get(code[:3], _THREAT[root]), "asserted")
        return [threat, (code, modality if modality != "asserted" else "intended")]
    return [(code, modality)]


# a city named as the target ("shelled Kharkiv", "arrived in Tokyo") stands for its country
# only for these roots: visits and material conflict
PLACE_ROOTS = {"04", "15", "17", "18", "19", "20"}


_SECURITY = {"COP", "MIL", "GOV", "SPY"}
_ECONOMIC = {"tariff", "sanction", "duty", "levy", "embargo", "export", "import", "ban", "restriction", "control"}
_FIGHTERS = {"MIL", "REB", "COP", "SPY", "CRM", "INS", "UAF"}


_AERIAL = {
    "strike",
    "airstrike",
    "drone",
    "missile",
    "rocket",
    "bomb",
    "bombing",
    "warplane",
    "jet",
    "bomber",
    "air raid",
}


_KILL = {"kill", "massacre", "slaughter", "execute", "murder", "slay"}


def convention(code: str, src: Found, tgt: Found, verb: Token) -> str:
    """CAMEO conventions that depend on who acts on whom: a state's security forces using force
    on its own civilians is violent repression (175); killing twenty or more people in one
    act is mass killing (202)."""
    s, t = src.mention, tgt.mention
    if code == "051" and verb.lemma_.lower() in ("back", "support") and _armed(s) and _armed(t):
        return "062"  # "soldiers backed by African Union troops": military cooperation, not praise
    if (
        code[:2] in ("18", "19")
        and s.role in _SECURITY
        and t.role in ("CVL", "OPP", "EDU", "LAB")
        and s.country
        and s.country == t.country
    ):
        return "175"
    # "the Turkish drone strike that killed a militia chief": killing from the air is aerial attack,
    # however many it killed
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is not None and verb.dep_ == "relcl" and subj.lower_ in ("that", "which"):
        subj = verb.head
    if subj is None and verb.dep_ == "acl":
        subj = verb.head  # "tariffs targeting Canada"
    if code[:2] in ("18", "19") and verb.lemma_.lower() == "target" and subj is not None:
        if subj.lemma_.lower() in _ECONOMIC:
            return "163"  # "new tariffs target Canada": an embargo, not force
    aerial = subj is not None and (
        subj.lemma_.lower() in _AERIAL  # "a missile attack killed three"
        or any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in _AERIAL for c in subj.children)
    )
    # "killed 50 militants in airstrikes": the means named in a prepositional phrase
    aerial = aerial or any(
        p.dep_ == "prep"
        and p.lower_ in ("in", "with", "by")
        and any(o.dep_ == "pobj" and o.lemma_.lower() in _AERIAL for o in p.children)
        for p in verb.children
    )
    if code[:2] in ("18", "19") and aerial:
        return "195"
    # mass killing is of people, not of fighters in combat ("killed 33 militants" is fighting)
    if (
        code[:2] in ("18", "19")
        and verb.lemma_.lower() in _KILL
        and _count(verb) >= 20
        and t.role not in _FIGHTERS
        and not _cumulative(verb)
    ):
        return "202"
    if code[:2] == "18":
        # by a state's armed forces, conventional force (18 is for irregular violence); so is the
        # police's or security services' force against armed groups ("security forces killed six
        # attackers")
        if s.role == "MIL" or s.role in ("COP", "SPY") and t.role in ("REB", "CRM", "INS"):
            return "190"
    return code


_ARMED_WORDS = {"troops", "forces", "soldiers", "army", "military", "militia", "peacekeepers", "fighters"}


def _armed(m: Mention) -> bool:
    """Armed forces: a MIL or COP actor, or an actor named by its troops ("African Union troops")."""
    return m.role in ("MIL", "COP") or bool(_ARMED_WORDS & set(m.text.lower().split()))


_ATTACKS = {"attack", "assault", "raid", "bombing", "strike", "incident", "ambush"}


def _cumulative(verb: Token) -> bool:
    """A toll summed over many acts is no single mass killing: "killed 400 people in 500 attacks",
    "killed 300 civilians in a series of raids", "in 2024, ... killed 400"."""
    for p in verb.children:
        if p.dep_ != "prep":
            continue
        for o in p.children:
            if o.dep_ != "pobj":
                continue
            if o.lemma_.lower() in _ATTACKS and o.tag_ in ("NNS", "NNPS"):
                return True
            if (
                o.lemma_.lower() == "series"
                or p.lower_ in ("in", "since", "during")
                and o.text.isdigit()
                and len(o.text) == 4
            ):
                return True
    return False


def _count(verb: Token) -> int:
    """The largest number attached to the verb's object ("killed at least 60 villagers")."""
    best = 0
    for obj in (c for c in verb.children if c.dep_ in DOBJ | {"nsubjpass"}):
        for t in obj.subtree:
            if t.dep_ == "nummod" and t.text.replace(",", "").isdigit():
                best = max(best, int(t.text.replace(",", "")))
    return best


def _future(verb: Token) -> bool:
    return bool({c.lower_ for c in verb.children if c.dep_ == "aux"} & (FUTURE_AUX | HYPOTHETICAL_AUX))
