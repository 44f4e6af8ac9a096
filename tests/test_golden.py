"""Golden files: each article we wrote in tests/articles/ is coded and its full `dyads code`
output must equal tests/golden/NAME.json. After a deliberate change, rewrite them with
`pytest tests/test_golden.py --update-golden` and read the diff before committing."""

from __future__ import annotations

import json

import pytest

from .conftest import ARTICLES, GOLDEN

NAMES = sorted(p.stem for p in ARTICLES.glob("*.txt"))


@pytest.mark.parametrize("name", NAMES)
def test_golden_article_output(pipeline, update_golden, name):
    from dyads.read.sources import read_sources

    docs = list(read_sources((str(ARTICLES / f"{name}.txt"),), pipeline.settings))
    (coded,) = list(pipeline.code_documents(docs))
    got = coded.to_dict()
    got["doc"] = f"tests/articles/{name}.txt"  # the same on every machine
    got["versions"].pop("fingerprint")  # a content hash of the rules: it changes with every edit (test_store.py)
    path = GOLDEN / f"{name}.json"
    text = json.dumps(got, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file for {name}: run pytest --update-golden"
    assert json.loads(text) == json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NAMES)
def test_golden_offsets_index_the_body(pipeline, name):
    from dyads.read.sources import read_sources

    (coded,) = list(pipeline.code_documents(read_sources((str(ARTICLES / f"{name}.txt"),), pipeline.settings)))
    body = coded.article.body
    for m in coded.mentions:
        assert body[m.start : m.end] == m.text
    for q in coded.quotes:
        assert body[q.start : q.end] == q.text
    for e in coded.events:
        assert e.sentence in body and 0 <= e.start < e.end <= len(body)
