"""Modality: whether a coded event is asserted, negated, hypothetical, a question, intended
or reported, read off the syntax of its clause (docs/verbs.md). Only asserted events count in
aggregates; the others are kept with their label."""

from __future__ import annotations

from spacy.tokens import Token

from dyads.dates import resolve as dates
from dyads.model import Modality
from dyads.nlp.syntax import DOBJ, clause, governors

FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPOTHETICAL_AUX = {"would", "could", "might", "may", "should", "must", "'d"}
_INTEND = {
    "plan",
    "intend",
    "expect",
    "aim",
    "schedule",
    "prepare",
    "hope",
    "seek",
    "want",
    "set",
    "due",
    "poised",
    "likely",
    "propose",
    "mull",
    "consider",
    "vow",
    "pledge",
    "promise",
    "look",  # "was looking to repair ties"
}
_NEGATING = {
    "refuse",
    "decline",
    "fail",
    "deny",
    "reject",
    "rule",
    "avoid",
    "stop",
    "halt",
    "cancel",
    "postpone",
    "abandon",
    "resist",
    "oppose",
}
_REPORTING = {"accuse", "allege", "claim", "blame", "charge", "suspect"}
SPEECH = {
    "say",
    "tell",
    "state",
    "add",
    "announce",
    "declare",
    "warn",
    "insist",
    "claim",
    "write",
    "report",
    "confirm",
    "note",
    "argue",
    "stress",
    "explain",
    "acknowledge",
    "assert",
    "reaffirm",
    "reiterate",
}


def conditional(verb: Token) -> bool:
    chain = governors(verb)
    # "until Pakistan takes action": a present tense after "until" is a condition still to be met
    if any(
        c.dep_ == "mark" and c.lower_ == "until" and t.tag_ in ("VBZ", "VBP") for t in chain[:2] for c in t.children
    ):
        return True
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for t in chain[:2] for c in t.children) or any(
        c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children if m.dep_ == "mark")
        for c in chain[0].children
    )


def modality_of(verb: Token) -> Modality:
    """asserted, negated, hypothetical, question, intended or reported, from the syntax; read once
    per token of a document (the passes ask again and again about the same verbs)."""
    seen = verb.doc.user_data.setdefault("dyads_modality", {})
    found: Modality | None = seen.get(verb.i)
    if found is None:
        found = seen[verb.i] = _modality(verb)
    return found


def _modality(verb: Token) -> Modality:
    shared = _shared_conjunct(verb)
    if shared is not None:
        return modality_of(shared)  # "threatened to close or suspend X": suspending is threatened too
    if any(c.dep_ == "advmod" and c.lower_ in _ALMOST for c in verb.children):
        return "negated"  # "nearly killed the mayor": the killing did not happen
    sent = verb.sent
    chain = governors(verb)
    if any(_negated(t) for t in chain[:2]) or (
        len(chain) > 1 and chain[1].lemma_.lower() in _NEGATING and verb.dep_ in ("xcomp", "pcomp", "pobj")
    ):
        return "negated"
    if sent.text.rstrip().rstrip("\"”’'").endswith("?") and not _inside_quote_clause(verb):
        return "question"
    if any(c.dep_ == "mark" and c.lower_ == "whether" for t in chain for c in t.children):
        return "question"  # "asked whether Canada would let Manila buy ..."
    noun = _governing_noun(verb)
    if noun is not None and any(d.lower_ in ("no", "without") for d in noun.children if d.dep_ in ("det", "neg")):
        return "negated"  # "there is no plan for the emir to see the pope"
    if noun is not None and noun.lemma_.lower() in _INTEND_NOUNS:
        return "intended"  # "a planned trip", "plans to meet"
    if conditional(verb):
        return "hypothetical"
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ASPECTUAL:
        # "will continue to exert pressure": the aspect verb's tense is the act's
        auxes |= {c.lower_ for c in verb.head.children if c.dep_ in ("aux", "auxpass")}
        if _shared_conjunct(verb.head) is not None:
            return modality_of(verb.head)  # "may overreach and start threatening X"
    if auxes & HYPOTHETICAL_AUX:
        speech = len(chain) > 1 and chain[1].lemma_.lower() in SPEECH and verb.dep_ == "ccomp"
        return "intended" if speech else "hypothetical"
    if auxes & FUTURE_AUX or _going_to(verb) or _scheduled(verb) or _be_to(verb):
        return "intended"
    if len(chain) > 1 and verb.dep_ == "xcomp" and chain[1].lemma_.lower() in _INTEND | {"threaten", "warn"}:
        return "intended"  # "threatened to impose sanctions": the threat is the event, not the sanctions
    if len(chain) > 1 and verb.dep_ == "ccomp" and chain[1].lemma_.lower() in _WISHING:
        return "hypothetical"  # "hopes the two can coordinate": a wish, not an act
    if _appealed(verb):
        return "hypothetical"  # "urged Quito to cooperate with Lima": the appeal is the event, not the help
    if _mandated(verb, chain):
        return "hypothetical"  # "demanded that Washington lift the sanctions": the demand is the event
    purpose = verb.dep_ == "advcl" or (verb.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in verb.head.children))
    if (
        purpose
        and verb.head.pos_ in ("VERB", "AUX")
        and verb.head != verb
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    ):
        # a purpose shares its act's mood: "wished Delhi would use its sway to lean on Kathmandu",
        # "would not dispatch ships to protect the strait"
        mood = modality_of(verb.head)
        if mood in ("hypothetical", "intended", "question", "negated"):
            return mood
    if verb.dep_ == "xcomp" and verb.head.dep_ == "pcomp" and verb.head.head.lower_ == "by":
        mood = modality_of(verb.head)  # "may tease X by attempting to buy arms and defying X"
        if mood in ("hypothetical", "intended", "question", "negated"):
            return mood
    if verb.dep_ == "pcomp" and verb.head.lower_ == "by" and verb.head.head.pos_ in ("VERB", "AUX"):
        # the means shares the act's mood: "may provoke Washington by defying it"
        mood = modality_of(verb.head.head)
        if mood in ("hypothetical", "intended", "question", "negated"):
            return mood
    if any(t.lemma_.lower() in _REPORTING for t in chain[1:3]) and verb.dep_ in ("pcomp", "pobj", "ccomp"):
        return "reported"
    return "asserted"


# verbs whose object is asked, pressed or needed to do the act of their infinitive ("urged X to
# free the hostages", "the agency needs funds to feed them"): the act is not yet done
APPEAL_VERBS = {
    "urge",
    "ask",
    "call",
    "encourage",
    "press",
    "request",
    "invite",
    "implore",
    "exhort",
    "appeal",
    "persuade",
    "pressure",
    "pressurize",
    "push",
    "beg",
    "need",
    "negotiate",
}
# "hired a gunman to kill X", "paid them to attack X": the act someone is engaged to do is not
# thereby done
_COMMISSIONING = {"hire", "pay", "recruit", "commission", "bribe", "enlist", "contract"}
_APPEAL_NOUNS = {"need", "call", "appeal", "request", "demand", "plea", "push", "pressure"}
_CALL_NOUNS = {"call", "appeal", "request", "demand", "plea", "ultimatum"}


def _appealed(verb: Token) -> bool:
    """The act someone is urged, asked or needed to do ("urged Quito to cooperate", "called on
    Lima to hold them to account and release them", "the need for Rome to invest", "needs funds
    to feed them"), up through coordinated verbs and the infinitive's own clauses."""
    tok = verb
    for _ in range(4):
        head = tok.head
        if head == tok:
            return False
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        if infinitive and tok.dep_ in ("xcomp", "advcl", "ccomp") and head.pos_ in ("VERB", "AUX"):
            lemma = head.lemma_.lower()
            if lemma in APPEAL_VERBS or lemma in _COMMISSIONING:
                return True
            # "called on Lima to release them", "appealed to Lima to release them"
            if tok.dep_ == "xcomp" and lemma in ("call", "appeal") and any(c.dep_ == "prep" for c in head.children):
                return True
        if (
            infinitive
            and tok.dep_ == "advcl"
            and head.pos_ in ("VERB", "AUX")
            and any(c.dep_ == "dobj" and c.i < tok.i and c.lemma_.lower() in _CALL_NOUNS for c in head.children)
        ):
            return True  # "ignored demands from Y to release them": the parser hung the call's infinitive on the verb
        if infinitive and tok.dep_ in ("advcl", "acl") and head.pos_ == "NOUN":
            return head.lemma_.lower() in _APPEAL_NOUNS  # "the need for Rome to invest"
        if infinitive:
            noun = _governing_noun(tok)
            if noun is not None:
                return noun.lemma_.lower() in _APPEAL_NOUNS  # "calls for Rome to invest"
        if tok.dep_ not in ("conj", "xcomp", "ccomp"):
            return False
        tok = head
    return False


_GUESSING = {"may", "might", "could"}
# "demanded that X lift", "insisted that Y withdraw": a bare-form (subjunctive) verb in the content
# clause of a verb of demanding is what is demanded, not done
_MANDATING = {"demand", "insist", "urge", "ask", "request", "require", "recommend", "suggest", "propose", "press"}


def _mandated(verb: Token, chain: list[Token]) -> bool:
    if len(chain) < 2 or verb.dep_ != "ccomp" or chain[1].lemma_.lower() not in _MANDATING:
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    if verb.tag_ == "VB":
        return True
    # "demanded that Ottawa lift": a present form without -s after a singular subject
    singular = any(
        c.dep_ == "nsubj" and (c.tag_ in ("NN", "NNP") or c.lower_ in ("he", "she", "it")) for c in verb.children
    )
    return verb.tag_ == "VBP" and singular


_WISHING = {"hope", "hop", "wish", "pray", "dream"}  # "hop": the lemma spaCy gives "hopes"

ASPECTUAL = {"continue", "begin", "start", "keep", "resume", "stop", "cease"}
_INTEND_NOUNS = {"plan", "intention", "proposal", "bid", "offer", "readiness", "willingness", "hope", "aim"}


def _governing_noun(verb: Token) -> Token | None:
    """The noun an infinitive hangs from ("plans for X to meet Y", "an offer to mediate")."""
    tok = verb
    for _ in range(3):
        if tok.dep_ not in ("acl", "relcl", "xcomp", "pcomp", "pobj", "prep") or tok.head == tok:
            return None
        tok = tok.head
        if tok.pos_ == "NOUN":
            return tok
    return None


_ALMOST = {"almost", "nearly"}


def _shared_conjunct(verb: Token) -> Token | None:
    """The first verb of a coordination whose mood this one shares: a conjunct with no subject or
    auxiliary of its own, under an infinitive or a negation ("refused to meet or talk with X",
    "threatened to close or suspend X"); not after "but" or "yet"."""
    head = verb.head
    if verb.dep_ != "conj" or head.pos_ not in ("VERB", "AUX") or head == verb:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "neg") for c in verb.children):
        return None
    if any(c.dep_ == "cc" and c.lower_ in ("but", "yet") for c in (*head.children, *verb.children)):
        return None
    if head.dep_ in ("xcomp", "pcomp") or _negated(head):
        return head
    if any(c.dep_ == "aux" and c.lower_ in _GUESSING for c in head.children):
        return head  # "may overreach and start threatening": a guess covers both
    return None


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    return any(c.dep_ in DOBJ | {"nsubjpass"} and any(d.lower_ in ("no",) for d in c.children) for c in tok.children)


def _scheduled(verb: Token) -> bool:
    """ "called a protest for Thursday", "set talks for next week": the act is planned, not done."""
    for t in clause(verb):
        if (
            t.dep_ == "prep"
            and t.lower_ == "for"
            and any(  # a day ("for Thursday"), not a span ("for two days")
                o.ent_type_ == "DATE" and dates.resolve(o.text, "2000-01-03") for o in t.children
            )
        ):
            return True
        if t.lower_ in ("tomorrow",) and t.head == verb:
            return True
    return False


def _be_to(verb: Token) -> bool:
    """ "the two leaders are to meet on Friday", "were to hold talks": arranged, not yet done."""
    return (
        verb.dep_ == "xcomp"
        and verb.head.lemma_ == "be"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def _going_to(verb: Token) -> bool:
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and head.lemma_ == "go"
        and any(c.lower_ in ("is", "are", "'s", "'re", "was", "were") for c in head.children)
    )


def _inside_quote_clause(verb: Token) -> bool:
    text = verb.sent.text
    q = text.rfind("?")
    return any(m in text[q:] for m in ('"', "”")) and verb.sent.root.lemma_.lower() in SPEECH
