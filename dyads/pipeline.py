"""The pipeline: Document -> Article -> Doc -> mentions, quotes, events -> Coded.

This is the only place that catches Exception per document: a bug while coding
one document becomes Rejected('internal-error') with its traceback, and the
run goes on. Two things are not the document's fault and are kept apart:

- time: extracting a document, and coding it once parsed, each have `max_seconds` (a
  SIGALRM timer on the main thread, a watchdog thread elsewhere, as on Dask workers:
  read/base.py time_budget); past it, Rejected('timeout') and the run goes on; the tables
  loaded on first use are loaded by `Pipeline()` (a warm-up sentence), not on a document's time;
- the machine: a full disk or TMPDIR, a permission, a model that cannot load
  (errors.EnvironmentFailure) stops the run; it is never stored as a document failure.
"""

from __future__ import annotations

import errno
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cached_property
from itertools import islice

from spacy.tokens import Doc

from dyads import __version__
from dyads.actors.kb import load_kb
from dyads.actors.mentions import VENUES, find_mentions
from dyads.errors import DyadsError, EnvironmentFailure
from dyads.events import headline  # nominal branch
from dyads.events.code import CODER, code_events
from dyads.events.first_person import quoted_first_person
from dyads.events.verbs import load_verbs
from dyads.model import Article, Coded, Document, Event, Quote, Rejected
from dyads.nlp.parse import load_pipeline, parse, pipeline_version
from dyads.places import gazetteer as geo
from dyads.quotes.speakers import find_quotes
from dyads.read.base import DocumentTimeout, time_budget
from dyads.read.extract import extract_article, load_language_identifier
from dyads.settings import Settings
from dyads.store.fingerprint import fingerprint, user_files

_WARM_UP = (
    "BERLIN (Wire) - The foreign ministers of France and Germany met in Berlin on Tuesday and agreed "
    "to resume talks on trade, a spokesman said."
)


class Pipeline:
    """Everything loaded once: spaCy, the actor knowledge base, the verb dictionary.

    The settings `actors` and `verbs` name user dictionaries, read over the shipped ones;
    their content is in the fingerprint of `versions`.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.user = {
            "actors": user_files(self.settings.actors, (".tsv",), "actors file"),
            "verbs": user_files(self.settings.verbs, (".yml", ".yaml"), "verbs file"),
        }
        try:
            self.nlp = load_pipeline(self.settings.model)
            self.kb = load_kb(user=self.user["actors"])
            self.verbs = load_verbs(user=self.user["verbs"])
            if self.settings.check_language:
                load_language_identifier()
            self._warm_up()
        except (OSError, MemoryError) as exc:
            raise EnvironmentFailure(f"cannot load the models and dictionaries: {_describe(exc)}") from exc

    def _warm_up(self) -> None:
        """Code one sentence of our own, so that every table loaded on first use (the gazetteer,
        the matchers: seconds) is loaded now and never counts against a document's time budget."""
        doc = Document(id="dyads-warm-up", text=_WARM_UP, published="2020-01-07")
        article = extract_article(doc, replace(self.settings, min_chars=1, check_language=False))
        if isinstance(article, Article):
            self.code_parsed(article, next(iter(parse(self.nlp, [article], 1))))

    @cached_property
    def versions(self) -> tuple[tuple[str, str], ...]:
        return (
            ("dyads", __version__),
            ("coder", CODER),
            ("model", pipeline_version(self.nlp)),
            ("actors", self.kb.version),
            ("verbs", self.verbs.version),
            ("fingerprint", fingerprint(self.user)),  # content hash of rules and data, user files included
        )

    def code_documents(self, docs: Iterable[Document | Rejected]) -> Iterator[Coded | Rejected]:
        """Coded or Rejected for every input, in input order, parsing in batches."""
        it = iter(docs)
        size = max(1, self.settings.batch_size)
        while chunk := list(islice(it, size * 4)):
            extracted = [self._extract(d) for d in chunk]
            articles = [a for a in extracted if isinstance(a, Article)]
            headlines = self._headlines(articles)
            parsed = iter(parse(self.nlp, articles, size))
            for item in extracted:
                if isinstance(item, Rejected):
                    yield item
                else:
                    yield self._code(item, next(parsed), headlines.get(item.doc_id))

    def _headlines(self, articles: list[Article]) -> dict[str, Doc]:
        """The headlines to read again (events/headline.py `rewrite`), parsed together: one batch
        costs less than a parse per article."""
        texts: dict[str, str] = {}
        for a in articles:
            try:
                rewritten = headline.rewrite(a, self.kb, self.verbs)
            except Exception:  # coding the article reports it, with its traceback
                continue
            if rewritten is not None:
                texts[a.doc_id] = rewritten[0]
        return dict(zip(texts, self.nlp.pipe(texts.values(), batch_size=self.settings.batch_size), strict=True))

    def _extract(self, doc: Document | Rejected) -> Article | Rejected:
        if isinstance(doc, Rejected):
            return doc
        try:
            with time_budget(self.settings.max_seconds):
                article = extract_article(doc, self.settings)
        except DocumentTimeout:
            return _timeout(doc.id, "extract", self.settings.max_seconds)
        except DyadsError:
            raise
        except Exception as exc:  # one broken document must not stop the run
            return _failed(doc.id, "extract", exc)
        return article

    def _code(self, article: Article, doc: Doc, headline_doc: Doc | None = None) -> Coded | Rejected:
        try:
            with time_budget(self.settings.max_seconds):
                return self.code_parsed(article, doc, headline_doc)
        except DocumentTimeout:
            return _timeout(article.doc_id, "code", self.settings.max_seconds)
        except DyadsError:
            raise
        except Exception as exc:
            return _failed(article.doc_id, "code", exc)

    def code_parsed(self, article: Article, doc: Doc, headline_doc: Doc | None = None) -> Coded:
        """Mentions, quotes and events of one parsed article; `headline_doc` is its headline's
        rewrite already parsed (else the rewrite is parsed here)."""
        dateline = geo.dateline_place(article.dateline, self.kb)  # its country is the article's home
        venue = bool(article.dateline and article.dateline.split(",")[0].strip().upper() in VENUES)
        found = find_mentions(doc, self.kb, article.published, dateline.country if dateline else None, venue)
        quotes = find_quotes(doc, found)
        context = geo.context_countries(dateline, [f.mention.country for f in found])
        people = {i for f in found if f.mention.kind in ("person", "igo", "institution") for i in range(f.start, f.end)}
        places = geo.find_places(doc, self.kb, context, people)
        # "I" and "we" in a quote stand for its speaker, for the event coder (events/first_person.py)
        speaking = quoted_first_person(doc, found, quotes)
        events = code_events(
            doc, speaking, self.verbs, self.kb, article.published, article.headline_end, dateline, context
        )
        # a Title Case or telegraphic headline is coded again from a fuller parse (events/headline.py; nominal branch)
        home = dateline.country if dateline else None
        events = headline.recode_headline(
            self.nlp,
            article,
            events,
            self.kb,
            self.verbs,
            lambda d: code_events(
                d,
                find_mentions(d, self.kb, article.published, home, venue),
                self.verbs,
                self.kb,
                article.published,
                article.headline_end,
                dateline,
                context,
            ),
            headline_doc,
        )
        events = [e for e in events if e.confidence >= self.settings.min_confidence]
        events = _link_quotes(events, quotes)
        actors = tuple(f.mention for f in found if f.mention.kind != "place")
        return Coded(
            article=article,
            mentions=actors,
            events=tuple(events),
            quotes=tuple(quotes),
            places=tuple(places),
            dateline_place=dateline,
            versions=self.versions,
        )


def _link_quotes(events: list[Event], quotes: list[Quote]) -> list[Event]:
    """Events stated inside a quote point at it (Event.quote): both actors are named inside it."""
    out = []
    for e in events:
        spans = [(a.start, a.end) for a in (e.source, e.target) if a.start is not None and a.end is not None]
        q = next(
            (i for i, q in enumerate(quotes) if spans and all(q.start <= s and t <= q.end for s, t in spans)), None
        )
        out.append(replace(e, quote=q) if q is not None else e)
    return out


# --- what is the document's fault, what is the machine's ---------------------------------------

_MACHINE_ERRNOS = {
    errno.ENOSPC,  # disk or TMPDIR full
    errno.EDQUOT,
    errno.EFBIG,  # a file-size limit (ulimit -f)
    errno.EROFS,
    errno.EACCES,
    errno.EPERM,
    errno.EMFILE,
    errno.ENFILE,
    errno.ENOMEM,
}


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}" + (f": {exc.filename}" if exc.filename else "")
    return f"{type(exc).__name__}: {exc}"[:300]


def _failed(doc_id: str, stage: str, exc: Exception) -> Rejected:
    """Rejected('internal-error') with the traceback; EnvironmentFailure raised when the machine failed."""
    if isinstance(exc, OSError) and exc.errno in _MACHINE_ERRNOS:
        raise EnvironmentFailure(f"the machine failed while coding {doc_id}: {_describe(exc)}") from exc
    return Rejected(
        doc_id=doc_id,
        stage=stage,
        reason="internal-error",
        detail=traceback.format_exc(limit=3).replace("\n", " | "),
    )


def _timeout(doc_id: str, stage: str, seconds: float) -> Rejected:
    return Rejected(doc_id=doc_id, stage=stage, reason="timeout", detail=f"took more than {seconds:g} s")
