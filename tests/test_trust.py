"""Small honesty checks of issue 14: places from the sentence before the dateline, an honest
language label, eval without gold is a usage error, the README's Python example under DuckDB 2."""

from __future__ import annotations

import json

from dyads.cli.main import main
from dyads.model import Coded


def test_place_of_a_visit_is_where_the_visit_goes_not_the_dateline(code_text):
    coded = code_text("OSLO, Norway — The Swedish foreign minister visited Helsinki on Tuesday.", "2021-03-10")
    assert isinstance(coded, Coded)
    visits = [e for e in coded.events if e.cameo == "042"]
    assert visits and all(e.place is not None and e.place.name == "Helsinki" for e in visits)


def test_place_in_the_clause_wins_over_the_dateline(code_text):
    coded = code_text("CAIRO, Egypt — Egypt and Sudan signed an agreement in Khartoum on Monday.", "2021-03-10")
    placed = [e.place.name for e in coded.events if e.place is not None]
    assert placed and set(placed) == {"Khartoum"}


def test_language_label_is_honest_when_not_checked(sentence_pipeline):
    from dataclasses import replace

    from dyads.model import Document

    text = (
        "Le gouvernement français a annoncé mardi de nouvelles mesures pour soutenir les agriculteurs, "
        "après plusieurs semaines de manifestations dans tout le pays et des blocages sur les routes."
    )
    pipeline = sentence_pipeline
    settings = replace(pipeline.settings, check_language=False)
    from dyads.read.extract import extract_article

    article = extract_article(Document(id="fr", text=text, published="2024-01-30"), settings)
    assert not isinstance(article, Coded) and article.language == "fr"


def test_eval_on_a_file_without_gold_is_a_usage_error(runner, tmp_path):
    plain = tmp_path / "plain.jsonl"
    plain.write_text(json.dumps({"id": "a", "text": "Iran condemned the United States on Monday."}) + "\n")
    result = runner.invoke(main, ["eval", str(plain)])
    assert result.exit_code == 2
    assert "no gold" in result.output and "events_f1" not in result.output


def test_readme_python_example_runs_on_a_fresh_connection(tmp_path):
    """The README's example: con.sql(...).fetchall() right after dyads.connect, writable or read-only."""
    import dyads

    path = str(tmp_path / "dyads.duckdb")
    con = dyads.connect(path)
    assert con.sql("select root, count(*) from events group by root").fetchall() == []
    con.close()
    con = dyads.connect(path, read_only=True)
    assert con.sql("select root, count(*) from events group by root").fetchall() == []
    assert con.sql("select count(*) from event_clusters").fetchall() == [(0,)]
    con.close()


def test_store_and_web_pass_mypy_strict():
    """dyads/store and dyads/web type-check under mypy --strict (mypy is in the dev extras)."""
    import subprocess
    import sys
    from pathlib import Path

    import pytest

    pytest.importorskip("mypy")
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "dyads/store", "dyads/web"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
