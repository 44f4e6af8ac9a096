"""The one conftest: shared fixtures and the --update-golden flag."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "articles"
GOLDEN = ROOT / "tests" / "golden"
SAMPLES = ROOT / "samples"
GOLD_DEV = ROOT.parent / "shared" / "gold" / "dev.jsonl"


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


@pytest.fixture(scope="session")
def blank_nlp():
    import spacy

    return spacy.blank("en")


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def store():
    """An empty dyads store in memory (DuckDB)."""
    from dyads.store import Store

    with Store(":memory:") as s:
        yield s


@pytest.fixture()
def code(pipeline):
    """Code one text: code(text, date) -> Coded."""
    from dyads.model import Document

    def _code(text: str, date: str | None = "2020-06-15", title: str | None = None):
        return next(pipeline.code_documents([Document(id="t", text=text, published=date, title=title)]))

    return _code
