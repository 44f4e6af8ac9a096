from __future__ import annotations

import json

import pytest

from dyads.cli.main import main

from .conftest import GOLD_DEV, ROOT, SAMPLES, needs_gold

ARTICLE = (
    "Peace talks resume in Doha\n\nDOHA, Qatar — Afghan government negotiators met Taliban envoys on Saturday "
    "in Doha, officials said, after weeks of delays over a prisoner exchange.\n"
)


def test_cli_code_prints_one_object_per_document(runner, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "line-1", "text": ARTICLE, "published": "2020-09-14"})
        + "\n"
        + json.dumps(
            {
                "id": "line-2",
                "html": "<html><body><article><h1>{}</h1><p>{}</p></article></body></html>".format(
                    *ARTICLE.strip().split("\n\n")
                ),
            }
        )
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["code", "--date", "2020-09-14", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc"] for r in rows] == [str(tmp_path / "a.txt"), "line-1", "line-2"]
    for row in rows:
        assert row["published"] == "2020-09-14"
        assert row["dateline"] == "DOHA, Qatar"
        for m in row["actors"]:
            assert row["body"][m["start"] : m["end"]] == m["text"]


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("empty.txt", b"", "ingest:empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "ingest:binary"),
        ("latin1.txt", "Le président a rencontré".encode("latin-1"), "ingest:encoding"),
        ("nobody.html", b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>", "extract:no-body"),
    ],
)
def test_cli_code_bad_input_one_line_and_the_rest_coded(runner, tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(main, ["code", str(tmp_path / name), str(tmp_path / "good.txt")])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and name in errors[0] and reason in errors[0]


def test_cli_code_missing_file_is_reported(runner, tmp_path):
    result = runner.invoke(main, ["code", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1 and "unreadable" in result.stderr


def test_cli_code_bad_date_is_usage_error(runner, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(main, ["code", "--date", "14/09/2020", str(tmp_path / "a.txt")])
    assert result.exit_code == 2 and "--date" in result.output


def test_cli_code_stdin(runner):
    result = runner.invoke(main, ["code", "--date", "2020-09-14", "-"], input=ARTICLE)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["doc"] == "-"


def test_cli_code_summary_on_samples(runner):
    result = runner.invoke(main, ["code", "--summary", str(SAMPLES)])
    assert result.exit_code == 0, result.output
    assert "documents: 28 (28 coded, 0 rejected)" in result.stdout
    assert "asserted events by CAMEO root:" in result.stdout and "top dyads:" in result.stdout


def test_cli_unknown_model_is_setup_error(runner, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(main, ["code", "--model", "no_such_pipeline", str(tmp_path / "a.txt")])
    assert result.exit_code == 3 and "pip install" in result.output


@needs_gold
def test_cli_eval_ends_with_events_f1(runner, tmp_path):
    pred = tmp_path / "pred.jsonl"
    result = runner.invoke(main, ["eval", str(GOLD_DEV), "--pred-out", str(pred)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].startswith("events_f1=")
    assert len(pred.read_text().splitlines()) == 48


def test_cli_unknown_setting_in_config_is_error(runner, tmp_path):
    cfg = tmp_path / "dyads.toml"
    cfg.write_text("batch = 3\n")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(main, ["--config", str(cfg), "code", str(tmp_path / "a.txt")])
    assert result.exit_code == 3 and "batch_size" in result.output


def test_cli_docs_lists_topics_and_prints_a_page(runner):
    listing = runner.invoke(main, ["docs"])
    assert listing.exit_code == 0, listing.output
    names = [line.split()[0] for line in listing.stdout.splitlines()]
    assert {"cli", "errors", "verbs", "actors", "architecture"} <= set(names)
    page = runner.invoke(main, ["docs", "errors"])
    assert page.exit_code == 0 and page.stdout.startswith("# ")
    assert (ROOT / "docs" / "errors.md").read_text(encoding="utf-8") == page.stdout


def test_cli_docs_unknown_topic_is_a_usage_error_naming_the_topics(runner):
    result = runner.invoke(main, ["docs", "no-such-page"])
    assert result.exit_code == 2 and "cli" in result.output and "no-such-page" in result.output


def test_cli_help_points_to_docs_that_ship_with_the_package(runner):
    result = runner.invoke(main, ["--help"])
    assert "dyads docs" in result.stdout and "docs/cli.md" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["events"],
        ["export", "--format", "csv", "--out", "x.csv"],
        ["serve"],
        ["code", "-"],
        ["ingest", "-"],
        ["docs"],
        ["verbs", "check"],
        ["actors", "lookup", "Iran"],
    ],
)
def test_cli_config_that_does_not_exist_is_an_error_for_every_command(runner, tmp_path, args):
    missing = tmp_path / "nonexistent.toml"
    result = runner.invoke(main, ["--config", str(missing), *args], input="")
    assert result.exit_code == 3, result.output
    assert f"configuration file {missing} does not exist" in result.stderr


def test_cli_config_is_read_by_the_store_commands(runner, tmp_path):
    """A setting from --config reaches stats (lock_wait: how long it waits for a lock)."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[dyads]\nlock_wait = 'soon'\n", encoding="utf-8")
    result = runner.invoke(main, ["--config", str(bad), "stats", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 3 and "lock_wait must be a number" in result.stderr
