"""The one conftest: shared fixtures and the --update-golden flag."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "articles"
GOLDEN = ROOT / "tests" / "golden"
SAMPLES = ROOT / "samples"
GOLD = ROOT.parent / "shared" / "gold"
GOLD_DEV = GOLD / "dev.jsonl"
GOLD_VOA = GOLD / "voa_dev.jsonl"
# the gold sets live beside the clone (../shared/gold), not in it: tests that score them skip without them
needs_gold = pytest.mark.skipif(
    not GOLD_DEV.exists(), reason=f"no gold set at {GOLD} (../shared/gold beside the clone)"
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*.json")
    parser.addoption("--lower-floors", action="store_true", help="allow eval floors to go down")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def pipeline():
    """The full pipeline, spaCy model loaded once per test process."""
    from dyads.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def nlp(pipeline):
    return pipeline.nlp


@pytest.fixture(scope="session")
def kb(pipeline):
    return pipeline.kb


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def store():
    """An empty dyads store in memory (DuckDB)."""
    from dyads.store.db import Store

    with Store(":memory:") as s:
        yield s


@pytest.fixture(scope="session")
def sentence_pipeline(pipeline):
    """The same loaded pipeline, accepting one-sentence texts."""
    from dyads.pipeline import Pipeline
    from dyads.settings import Settings

    return Pipeline(Settings(min_chars=1))


@pytest.fixture()
def code_text(sentence_pipeline):
    """Code one text, however short: code_text(text, date) -> Coded."""
    from dyads.model import Coded, Document

    def _code(text: str, date: str | None = "2020-06-15", title: str | None = None) -> Coded:
        result = next(sentence_pipeline.code_documents([Document(id="t", text=text, published=date, title=title)]))
        assert isinstance(result, Coded), result
        return result

    return _code


@pytest.fixture()
def code(pipeline):
    """Code one text: code(text, date) -> Coded."""
    from dyads.model import Document

    def _code(text: str, date: str | None = "2020-06-15", title: str | None = None):
        return next(pipeline.code_documents([Document(id="t", text=text, published=date, title=title)]))

    return _code


@pytest.fixture(scope="session")
def web_store(tmp_path_factory, pipeline) -> Path:
    """A store holding the sample corpus, ingested once per session with the store's own ingest."""
    from dyads.ingest import ingest
    from dyads.store.db import Store

    path = tmp_path_factory.mktemp("web") / "samples.duckdb"
    with Store(path) as store:
        ingest([str(SAMPLES)], store, pipeline)
    return path


@pytest.fixture(scope="session")
def web_app(web_store):
    """The dashboard and API app over `web_store` (read-only)."""
    from dyads.web import create_app

    return create_app(web_store)


@pytest.fixture()
def client(web_app):
    """A FastAPI TestClient of `web_app`."""
    from fastapi.testclient import TestClient

    return TestClient(web_app)
