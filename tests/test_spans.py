"""The span contract: for every event, `body[start:end]` is exactly its evidence sentence,
and every actor span lies inside the body and reads as its text (docs/cli.md)."""

from __future__ import annotations

import json

import pytest

from dyads.model import Coded, Document

from .conftest import ARTICLES, GOLD_DEV, SAMPLES

GOLD_FILES = [GOLD_DEV, GOLD_DEV.with_name("voa_dev.jsonl")]


def _check(coded: Coded) -> list[str]:
    body, bad = coded.article.body, []
    for e in coded.events:
        if body[e.start : e.end] != e.sentence:
            bad.append(f"{coded.article.doc_id} event {e.cameo}: {body[e.start : e.end]!r} != {e.sentence!r}")
        for side in (e.source, e.target):
            if side.start is not None and not (0 <= side.start <= side.end <= len(body)):
                bad.append(f"{coded.article.doc_id} actor span {side.start}:{side.end} outside the body")
    for m in coded.mentions:
        if body[m.start : m.end] != m.text:
            bad.append(
                f"{coded.article.doc_id} mention {m.text!r} at {m.start}:{m.end} reads {body[m.start : m.end]!r}"
            )
    return bad


def test_span_is_the_sentence_after_a_dateline_and_a_long_paragraph(code):
    text = (
        "Talks resume in the capital\n\n"
        "OSLO, Norway — Norway condemned Russia on Monday for the strike on the port, a week after "
        "the ministers had met. The government said nothing else.\n\n"
        "Later, Finland accused Sweden of delaying the talks, officials said."
    )
    coded = code(text, "2022-03-14")
    assert isinstance(coded, Coded)
    assert coded.events, "the story should code at least one event"
    assert _check(coded) == []
    for e in coded.events:
        assert not e.sentence.startswith((" ", "OSLO")), e.sentence


def test_spans_on_samples_and_test_articles(pipeline):
    from dyads.read.sources import read_sources

    docs = list(read_sources([SAMPLES, ARTICLES], pipeline.settings))
    bad, events = [], 0
    for coded in pipeline.code_documents(docs):
        if isinstance(coded, Coded):
            events += len(coded.events)
            bad += _check(coded)
    assert events > 100
    assert bad == []


@pytest.mark.parametrize("gold", GOLD_FILES, ids=lambda p: p.name)
def test_spans_on_gold_files(pipeline, gold):
    if not gold.exists():
        pytest.skip(f"{gold} is not here")
    docs = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        docs.append(Document(id=rec["id"], text=rec["text"], published=rec.get("published"), title=rec.get("title")))
    bad, events = [], 0
    for coded in pipeline.code_documents(docs):
        if isinstance(coded, Coded):
            events += len(coded.events)
            bad += _check(coded)
    assert events > 0
    assert bad == []
