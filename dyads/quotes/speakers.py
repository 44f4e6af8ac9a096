"""Quotes: direct quotes in the body and who said them.

A quote is text between matching quote marks (straight or curly) that is a
clause, not a scare quote: at least four words, or a shorter one that ends in
punctuation next to a speech verb. The speaker is the subject of the nearest
speech verb outside the quote in the same sentence (either side), or of
"according to X"; a quote continuing a split attribution inherits the speaker
of the quote before it in the same paragraph.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from dyads.actors.coreference import NAMELESS
from dyads.actors.mentions import Found
from dyads.actors.unnamed import PERSON_NOUNS, describe
from dyads.model import ActorRef, Quote
from dyads.nlp.parse import ent_at, ents, text_of

SPEECH_VERBS = frozenset(
    "say tell add state declare warn insist write ask answer reply respond announce explain argue "
    "stress note continue urge vow promise pledge claim charge complain acknowledge admit concede "
    "assert maintain recall predict caution remark comment tweet post quip shout chant told lament confide fret "
    "recount assure emphasize emphasise reiterate observe boast scoff".split()
)
_SINGLE = re.compile(r"(?<!\w)‘([^’\n]{2,600}?)’(?!\w)")  # a single-quoted quote; "Canada’s" is no closing mark
_MARK = re.compile(r'["“”]')
_OPENERS = set("([{—–-/")


def quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(mark start, text start, text end, mark end) of each double-quoted passage, then single-quoted
    ones outside them. Each mark is read as opening or closing from the characters around it, so
    straight and curly marks mix (‘"A,” he said. "B”’), and a quote left open at a paragraph's end
    (the next paragraph reopens it) ends with its paragraph."""
    out: list[tuple[int, int, int, int]] = []
    opened: int | None = None
    for m in _MARK.finditer(text):
        i = m.start()
        role = _mark_role(text, i)
        if opened is not None and "\n" in text[opened:i]:
            stop = text.index("\n", opened)
            if role == "open" and stop - opened > 3:
                out.append((opened, opened + 1, stop, stop))  # a paragraph of a multi-paragraph quote
            opened = None
        if role == "open" or (role == "either" and opened is None):
            opened = i
        elif opened is not None and i - opened > 2:
            out.append((opened, opened + 1, i, i + 1))
            opened = None
    inside = [(a, d) for a, _, _, d in out]
    for m in _SINGLE.finditer(text):
        if not any(a <= m.start() < d for a, d in inside):
            out.append((m.start(), m.start(1), m.end(1), m.end()))
    return sorted(out)


def _mark_role(text: str, i: int) -> str:
    """ "open", "close" or "either" for the quote mark at i."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opens = (before.isspace() or before in _OPENERS) and not after.isspace()
    closes = not before.isspace() and (after.isspace() or not after.isalnum())
    if text[i] == "“":
        return "close" if closes and not opens and not after.isalnum() else "open"
    if text[i] == "”":
        return "open" if opens and not closes and after.isalnum() else "close"
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


MIN_WORDS = 4


def find_quotes(doc: Doc, found: list[Found]) -> list[Quote]:
    """Direct quotes with their speakers, in text order."""
    by_token = {i: f for f in found for i in range(f.start, f.end)}
    text = text_of(doc)
    quotes: list[Quote] = []
    last_para_speaker: tuple[int, Quote] | None = None
    for qstart, start, end, qend in quote_spans(text):
        inner = text[start:end].strip()
        trimmed = inner.rstrip(",;: ")
        if not _is_clause(trimmed, doc, qstart, qend):
            continue
        start = start + (len(text[start:end]) - len(text[start:end].lstrip()))
        q_end = start + len(trimmed)
        speaker, verb = _speaker(doc, qstart, qend, by_token, _continues(doc, qstart, last_para_speaker))
        para = text.rfind("\n", 0, start)
        if speaker is None and last_para_speaker and last_para_speaker[0] == para:
            speaker, verb = last_para_speaker[1].speaker, last_para_speaker[1].verb
            name = last_para_speaker[1].speaker_name
        else:
            name = speaker.name if speaker and speaker.name else (speaker.text if speaker else None)
        quote = Quote(text=trimmed, start=start, end=q_end, speaker=speaker, speaker_name=name, verb=verb)
        quotes.append(quote)
        if speaker is not None:
            last_para_speaker = (para, quote)
    return quotes


def _is_clause(inner: str, doc: Doc, qstart: int, qend: int) -> bool:
    words = inner.split()
    if _title_like(words):
        return False  # a book, a report or a law: "Law on Small Harbors"
    if inner[:1].islower() and not _opens_with_clause(doc, qstart + 1, qend - 1):
        return False  # a fragment carried by the reporter's sentence: 'promised to "rebuild the port soon"'
    if len(words) >= MIN_WORDS:
        return True
    after = text_of(doc)[qend : qend + 30].lower()
    return (
        bool(re.match(r"\s*,?\s*(he|she|they|it|the|a|an|[A-Z])?\w*\s*(said|says|told|added|asked)", after, re.I))
        and inner[-1:] in ",.?!"
    )


def _title_like(words: list[str]) -> bool:
    """Every long word capitalized, as in a title ("The Last Stand", "A Report on Minors"), not a sentence."""
    long = [w.strip(".,:;!?()") for w in words if len(w.strip(".,:;!?()")) >= 4]
    return (
        len(long) >= 2 and all(w[:1].isupper() or w[:1].isdigit() for w in long) and not any(w.isupper() for w in long)
    )


def _opens_with_clause(doc: Doc, start: int, end: int) -> bool:
    """Whether the passage opens with a clause's subject ("there is no money", "but our ports can trade",
    "one of the things we want is peace"); a predicate whose subject is the reporter's ("the city 'will
    reopen soon'") or a noun phrase ("a setback for all who want peace") does not."""
    span = doc.char_span(start, end, alignment_mode="contract")
    if span is None:
        return True
    lead = next((t for t in span if t.pos_ not in ("CCONJ", "SCONJ", "ADV", "PUNCT", "INTJ")), None)
    if lead is None:
        return False
    return any(
        t.dep_ in _SUBJECTS
        and t.left_edge.i <= lead.i
        and t.tag_ not in ("WDT", "WP")  # "a setback for all who want peace": a relative clause's subject
        and span.start <= t.head.i < span.end
        for t in span
    )


_SUBJECTS = ("nsubj", "nsubjpass", "expl", "csubj", "csubjpass")


def _continues(doc: Doc, qstart: int, last: tuple[int, Quote] | None) -> bool:
    """Whether the quote goes on from the attributed quote just before it: that one ended in this
    sentence or the one before ('"A," Ruiz said. "B."' is Ruiz's B)."""
    if last is None:
        return False
    span = doc.char_span(qstart, qstart + 1, alignment_mode="expand")
    if span is None:
        return False
    sent = span[0].sent
    before = doc[sent.start - 1].sent.start_char if sent.start > 0 else 0
    return last[1].end >= before


def _speaker(
    doc: Doc, qstart: int, qend: int, by_token: dict[int, Found], continues: bool = False
) -> tuple[ActorRef | None, str | None]:
    """The subject of the nearest speech verb in the quote's own sentences, else of "according to";
    else, unless the quote goes on from the one before, of a speech verb in the next sentence."""
    span = doc.char_span(qstart, qend, alignment_mode="expand")
    if span is None:
        return None, None
    own = {span[0].sent.start: span[0].sent, span[-1].sent.start: span[-1].sent}
    after = span[-1].i + 1
    nxt = doc[after].sent if after < len(doc) else None
    groups = [list(own.values())]
    if nxt is not None and nxt.start not in own and not continues:
        groups.append([nxt])
    for sents in groups:
        outside = [t for s in sents for t in s if t.i < span.start or t.i >= span.end]
        verbs = [t for t in outside if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX")]
        verbs.sort(key=lambda t: min(abs(t.i - span.end), abs(span.start - t.i)))
        for verb in verbs[:2]:
            ref = _subject(verb, by_token)
            if ref is not None:
                return ref, verb.lemma_.lower()
        for t in outside:
            if t.lower_ == "according" and t.i + 2 < len(doc) and doc[t.i + 1].lower_ == "to":
                ref = _at(doc[t.i + 2], by_token)
                if ref is not None:
                    return ref, "according to"
    return None, None


def _subject(verb: Token, by_token: dict[int, Found]) -> ActorRef | None:
    """The verb's subject; for a participle or a conjoined verb without one ("Lammy agreed, saying",
    "Lee smiled and added"), its head verb's."""
    for climbed in range(3):
        for c in verb.children:
            if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and not climbed):  # "the book was banned, saying"
                return _at(c, by_token)
        if verb.dep_ not in ("advcl", "conj", "xcomp") or verb.head is verb:
            return None
        verb = verb.head
    return None


def _at(tok: Token, by_token: dict[int, Found]) -> ActorRef | None:
    """The speaker at a subject token: a resolved actor, named as the article names them."""
    f = by_token.get(tok.i)
    if f is None:
        for t in _own_words(tok):
            if t.i in by_token:
                f = by_token[t.i]
                break
    person = _person_near(tok)
    own = by_token.get(tok.i)
    generic = own is None or (
        own.mention.kind == "sector" and own.person is None and not own.holder and not own.title and not own.plural
    )  # "the nurse": a sector word, no one named
    if person is None and generic and tok.pos_ == "NOUN" and tok.lemma_.lower() in PERSON_NOUNS:
        described = describe(tok)  # "the nurse told us": the nurse introduced before
        return ActorRef(
            code=f.mention.code if f is not None else "",
            name=described,
            text=tok.text,
            start=tok.idx,
            end=tok.idx + len(tok.text),
        )
    if f is not None:
        m = f.mention
        named = _named_before(f, by_token) if person is None else None
        name = _speaker_name(named, None) if named is not None else _speaker_name(f, person)
        return ActorRef(code=m.code, name=name, text=m.text, start=m.start, end=m.end)
    named = tok.doc.user_data.get(NAMELESS, {}).get(tok.i)
    if named:  # "she said": a person the KB cannot code, named before
        return ActorRef(code="", name=named, text=tok.text, start=tok.idx, end=tok.idx + len(tok.text))
    ent = person or _entity(tok, ("ORG",)) or _proper_name(tok)
    if ent is not None:
        return ActorRef(code="", name=_full_name(ent), text=ent.text, start=ent.start_char, end=ent.end_char)
    return None


def _full_name(span: Span) -> str:
    """The latest earlier fuller form of a name ("Quispe" after "Marta Quispe"; after "Jimmy Lai"
    and then "Sebastien Lai", "Lai" is Sebastien Lai)."""
    words = span.text.split()
    name = span.text
    for ent in ents(span.doc):
        if ent.start >= span.start:
            break
        if ent.label_ in ("PERSON", "ORG") and len(ent) > len(span) and ent.text.split()[-len(words) :] == words:
            name = ent.text
    return name


def _own_words(tok: Token) -> list[Token]:
    """The subject's phrase without its relative clauses ("Okafor, who leads the aid office, said":
    the U.N. is not the speaker)."""
    out: list[Token] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "advcl"))
    return sorted(out, key=lambda t: t.i)


def _proper_name(tok: Token) -> Span | None:
    """A capitalized proper noun the parser gave no entity ("Exantus told reporters")."""
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper():
        return None
    words = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i]
    return tok.doc[(words[0].i if words else tok.i) : tok.i + 1]


def _speaker_name(f: Found, person: Span | None) -> str | None:
    """A known person by the full name the article uses ("Volodymyr Zelensky"); someone unknown by
    their own name ("Ibrahim Musa, a farmer"); else "unnamed Iranian official" or the group."""
    named = f.antecedent is not None and (f.antecedent.holder or f.antecedent.person is not None)
    if f.antecedent is not None and (f.mention.kind == "pronoun" or named) and not f.holder:
        return _speaker_name(f.antecedent, None)  # a pronoun, or a title whose holder was named
    m = f.mention
    if f.holder:
        return f.holder
    if (
        person is not None
        and len(person) >= 2
        and (f.person is None or person.text in m.text or person.text.split()[-1] in (m.name or ""))
    ):
        return person.text
    titled = m.kind == "institution" and f.title and not f.plural  # "a customs spokesperson": unnamed ...
    if f.person is not None or (m.kind in ("country", "igo", "institution", "pronoun") and not titled):
        return m.name
    words = [w for w in m.text.split() if w.lower() not in ("a", "an", "the", "one", "another")]
    if f.plural or not words or not f.title:
        return " ".join(words) or m.text  # "Ministry of External Affairs", "residents"
    return "unnamed " + " ".join(words)  # "unnamed Iranian official"


TITLE_REACH = 300  # tokens back that "the envoy" may reach for the person who holds the title


def _named_before(f: Found, by_token: dict[int, Found]) -> Found | None:
    """For a definite title with no name ("the envoy said" after "Pakistan's envoy, Ana Ruiz"):
    the latest person named before with the same actor code and title, within TITLE_REACH tokens."""
    m = f.mention
    if f.person is not None or f.holder or f.plural or not f.title or not m.text.lower().startswith("the "):
        return None
    earlier = {id(g): g for g in by_token.values() if f.start - TITLE_REACH <= g.start and g.end <= f.start}
    people = [
        g for g in earlier.values() if g.code == m.code and g.title == f.title and (g.person is not None or g.holder)
    ]
    return max(people, key=lambda g: g.start) if people else None


def _person_near(tok: Token) -> Span | None:
    """A person entity at the subject or in its apposition ("Ibrahim Musa, a farmer who...")."""
    ent = _entity(tok, ("PERSON",))
    if ent is not None:
        return ent
    for t in tok.subtree:
        if t.dep_ == "appos" or t.head == tok:
            ent = _entity(t, ("PERSON",))
            if ent is not None:
                return ent
    return None


def _entity(tok: Token, labels: tuple[str, ...]) -> Span | None:
    ent = ent_at(tok.doc, tok.i)
    return ent if ent is not None and ent.label_ in labels else None
