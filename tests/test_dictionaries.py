"""User dictionaries: `--actors` and `--verbs` files over the shipped knowledge base and verb patterns.

The files are in the shipped formats (a TSV whose header names its kind; a YAML map of CAMEO codes
to patterns). They add entries, override what they name, are validated by `dyads actors check` and
`dyads verbs check`, and change the coder's fingerprint. Sentences are our own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyads.cli.main import main
from dyads.model import Document
from dyads.pipeline import Pipeline
from dyads.settings import Settings
from dyads.store.fingerprint import fingerprint, user_files

MILITIA = "text\tcode\tname\tstart\tend\nMobondo|Mobondo militia|Mobondo fighters\tCODREB\tMobondo militia\t\t\n"
LOCAL_VERBS = '"180":\n  - waylay $target\n'
RAID = "Mobondo fighters attacked a police station in Kwamouth on Monday."
WAYLAY = "The Congolese army said Mobondo fighters waylaid its soldiers near Kwamouth on Monday."


def _events(settings: Settings, text: str) -> set[tuple[str, str, str]]:
    coded = next(Pipeline(settings).code_documents([Document(id="t", text=text, published="2026-03-03")]))
    assert not hasattr(coded, "reason"), coded
    return {(e.source.code, e.cameo, e.target.code) for e in coded.events}  # type: ignore[union-attr]


@pytest.fixture()
def militia(tmp_path: Path) -> str:
    path = tmp_path / "militia.tsv"
    path.write_text(MILITIA, encoding="utf-8")
    return str(path)


@pytest.fixture()
def local_verbs(tmp_path: Path) -> str:
    path = tmp_path / "local.yml"
    path.write_text(LOCAL_VERBS, encoding="utf-8")
    return str(path)


def test_dictionaries_user_actor_file_changes_a_coded_event(militia):
    shipped = _events(Settings(min_chars=1), RAID)
    mine = _events(Settings(min_chars=1, actors=(militia,)), RAID)
    assert not any(source == "CODREB" for source, _, _ in shipped)  # the name means nothing to the shipped KB
    assert any(source == "CODREB" and cameo.startswith(("18", "19")) for source, cameo, _ in mine)


def test_dictionaries_user_actor_file_overrides_a_shipped_entry(tmp_path):
    """A phrase the user lists loses its shipped meaning: here a finer (made-up) regional code."""
    text = "CODECO fighters attacked a police station in Djugu on Monday."
    assert any(s == "CODREB" for s, _, _ in _events(Settings(min_chars=1), text))
    path = tmp_path / "recode.tsv"
    path.write_text("text\tcode\tname\tstart\tend\nCODECO\tCODREBITU\tCODECO\t\t\n", encoding="utf-8")
    mine = _events(Settings(min_chars=1, actors=(str(path),)), text)
    assert any(s == "CODREBITU" for s, _, _ in mine) and not any(s == "CODREB" for s, _, _ in mine)
    kb = Pipeline(Settings(actors=(str(path),))).kb
    assert any("codeco" in line and "CODREB" in line for line in kb.overrides)


def test_dictionaries_user_people_file_adds_a_dated_office(tmp_path):
    path = tmp_path / "people.tsv"
    path.write_text(
        "name\taliases\tcode\ttitle\tstart\tend\nAmani Kisanga-Lofo\t\tCODGOV\tGovernor of Mai-Ndombe\t2025-02-01\t\n",
        encoding="utf-8",
    )
    kb = Pipeline(Settings(actors=(str(path),))).kb
    person = kb.lookup_person("Amani Kisanga-Lofo")
    assert len(person) == 1 and person[0].code_on(__import__("datetime").date(2026, 1, 1)) == "CODGOV"


def test_dictionaries_user_verb_file_adds_an_event(militia, local_verbs):
    assert not any(cameo == "180" for _, cameo, _ in _events(Settings(min_chars=1, actors=(militia,)), WAYLAY))
    mine = _events(Settings(min_chars=1, actors=(militia,), verbs=(local_verbs,)), WAYLAY)
    assert ("CODREB", "180", "CODMIL") in mine


def test_dictionaries_user_verb_file_moves_a_shipped_pattern(tmp_path):
    text = "Gunmen in Sudan ambushed the Chadian ambassador on Monday."
    assert any(c == "180" for _, c, _ in _events(Settings(min_chars=1), text))
    path = tmp_path / "ambush.yml"
    path.write_text('"181":\n  - ambush $target\n', encoding="utf-8")
    mine = _events(Settings(min_chars=1, verbs=(str(path),)), text)
    assert any(c == "181" for _, c, _ in mine) and not any(c == "180" for _, c, _ in mine)


def test_dictionaries_fingerprint_includes_the_user_files(tmp_path, militia, local_verbs):
    shipped = fingerprint()
    with_actors = fingerprint({"actors": user_files((militia,), (".tsv",), "actors file")})
    both = fingerprint(
        {
            "actors": user_files((militia,), (".tsv",), "actors file"),
            "verbs": user_files((local_verbs,), (".yml",), "verbs file"),
        }
    )
    assert len({shipped, with_actors, both}) == 3 and "user-actors=" in with_actors and "user-verbs=" in both
    assert fingerprint({"actors": (), "verbs": ()}) == shipped  # no user files: the shipped fingerprint
    Path(militia).write_text(MILITIA.replace("CODREB", "CODMIL"), encoding="utf-8")
    assert fingerprint({"actors": user_files((militia,), (".tsv",), "actors file")}) != with_actors  # content counts
    versions = dict(Pipeline(Settings(actors=(militia,))).versions)
    assert versions["fingerprint"] != dict(Pipeline(Settings()).versions)["fingerprint"]


def test_dictionaries_verbs_check_rejects_a_malformed_pattern(runner, tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text('"180":\n  - waylay $target\n  - $target waylay\n  - ambush the $victim\n', encoding="utf-8")
    result = runner.invoke(main, ["verbs", "check", str(path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "bad.yml: 180: '$target waylay': begins with $target: a pattern starts with its event word" in result.output
    assert any("'ambush the $victim'" in ln and "unknown placeholder $victim" in ln for ln in lines)
    assert lines[-1].endswith("2 problems")
    (tmp_path / "good.yml").write_text('"181":\n  - waylay $target\n  - ambush $target\n', encoding="utf-8")
    ok = runner.invoke(main, ["verbs", "check", str(tmp_path / "good.yml")])
    assert ok.exit_code == 0, ok.output
    assert "note: good.yml: 181: 'ambush $target' overrides the shipped pattern under 180" in ok.output


def test_dictionaries_a_malformed_user_file_stops_coding_with_one_line(runner, tmp_path):
    (tmp_path / "bad.yml").write_text('"180":\n  - $target waylay\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(WAYLAY, encoding="utf-8")
    result = runner.invoke(main, ["code", "--verbs", str(tmp_path / "bad.yml"), str(tmp_path / "a.txt")])
    assert result.exit_code == 3 and "bad.yml: pattern '$target waylay' (code 180) needs a word" in result.output


def test_dictionaries_actors_check_reads_user_files(runner, tmp_path, militia):
    ok = runner.invoke(main, ["actors", "check", militia])
    assert ok.exit_code == 0, ok.output
    assert "read militia.tsv: institutions, 3 phrases" in ok.output
    bad = tmp_path / "bad.tsv"
    bad.write_text("name\tcode\nMobondo\tCODREB\n", encoding="utf-8")
    result = runner.invoke(main, ["actors", "check", str(bad)])
    assert result.exit_code == 1 and "bad.tsv: header 'name code' is not a knowledge-base format" in result.output
    wrong = tmp_path / "wrong.tsv"
    wrong.write_text(MILITIA.replace("CODREB", "XQZREB") + "Kisanga brigade\tCODREB\t\t2026-13-01\t\n")
    result = runner.invoke(main, ["actors", "check", str(wrong)])
    assert result.exit_code == 1 and "wrong.tsv:3: bad date '2026-13-01'" in result.output
    wrong.write_text(MILITIA.replace("CODREB", "XQZREB"))
    result = runner.invoke(main, ["actors", "check", str(wrong)])
    assert result.exit_code == 1 and "XQZREB" in result.output


def test_dictionaries_from_the_config_file_relative_to_it(runner, tmp_path, militia, local_verbs):
    (tmp_path / "dyads.toml").write_text('actors = ["militia.tsv"]\nverbs = "local.yml"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(WAYLAY, encoding="utf-8")
    result = runner.invoke(
        main, ["--config", str(tmp_path / "dyads.toml"), "code", "--date", "2026-03-03", str(tmp_path / "a.txt")]
    )
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert any(e["cameo"] == "180" and e["pattern"] == "waylay $target" for e in row["events"])
    assert "user-actors=" in row["versions"]["fingerprint"] and "user-verbs=" in row["versions"]["fingerprint"]
    missing = tmp_path / "other.toml"
    missing.write_text('verbs = ["nowhere.yml"]\n', encoding="utf-8")
    result = runner.invoke(main, ["--config", str(missing), "code", str(tmp_path / "a.txt")])
    assert result.exit_code == 3 and "nowhere.yml: no such file or folder" in result.output


def test_a_user_event_noun_points_back_in_the_evaluation_pass_too(tmp_path: Path):
    text = "Israeli police detained twelve Palestinian activists on Monday. Jordan described the sweep as illegal."
    shipped = _events(Settings(min_chars=1), text)
    assert ("JOR", "111", "ISR") not in {(s[:3], c, t[:3]) for s, c, t in shipped}
    path = tmp_path / "anaphora.yml"
    path.write_text('anaphora:\n  sweep: ["17"]\n', encoding="utf-8")
    mine = _events(Settings(min_chars=1, verbs=(str(path),)), text)
    assert ("JOR", "111", "ISR") in {(s[:3], c, t[:3]) for s, c, t in mine}
