"""`dyads verbs check`: the verb dictionary validated the way `actors check` validates the KB."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyads.cli.main import main
from dyads.events.check import check, pattern_problems


def _dictionary(folder: Path, **files: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "VERSION").write_text("test.1\n", encoding="utf-8")
    for name, text in files.items():
        (folder / f"{name}.yml").write_text(text, encoding="utf-8")
    return folder


def test_verbs_check_finds_no_problems_in_the_shipped_dictionary(runner):
    result = runner.invoke(main, ["verbs", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("; 0 problems")
    assert int(result.output.split()[0]) > 1000  # it read the patterns, it did not skip them


def test_verbs_check_names_each_problem_and_exits_1(runner, tmp_path):
    folder = _dictionary(
        tmp_path / "verbs",
        **{
            "11_disapprove": (
                '"111":\n'
                "  - criticize $target\n"
                "  - scold $rival\n"  # a placeholder the coder does not know
                "  - condemn harshly\n"  # no $target
                '"112":\n'
                "  - criticize $target\n"  # the same words under another code
                '"777":\n'
                "  - denounce $target\n"  # not a CAMEO code
                '"173":\n'
                "  - detain $target\n"  # a root 17 code in the root 11 file
            ),
        },
    )
    result = runner.invoke(main, ["verbs", "check", str(folder)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[:-1] == [
        "11_disapprove.yml: 111: 'scold $rival': unknown placeholder $rival (only $target)",
        "11_disapprove.yml: 111: 'condemn harshly': needs a word and exactly one $target",
        "11_disapprove.yml: 112: 'criticize $target' is also under 111 (11_disapprove.yml): one code per pattern",
        "11_disapprove.yml: 777: not a CAMEO code",
        "11_disapprove.yml: 173: a root 17 code in the file of root 11",
    ]
    assert lines[-1] == "6 patterns under 4 codes in 1 file; 5 problems"


def test_verbs_check_reads_yaml_slips_the_loader_would_hide(tmp_path):
    folder = _dictionary(
        tmp_path / "verbs",
        **{
            "04_consult": '"040":\n  - consult $target\n"040":\n  - phone $target\n',  # YAML keeps the last key
            "05_diplomatic": "051:\n  - praise $target\n  - noun: visit to $target\n",  # unquoted code and noun:
            "symmetric": "symmetric: [meet, Meet]\n",
            "anaphora": 'anaphora:\n  raid: ["17", "99"]\n',
            "06_material_coop": '"06": [cooperate with $target\n',
        },
    )
    problems = check(folder).problems
    assert "04_consult.yml: 040 is a key twice (YAML keeps the last one)" in problems
    assert "05_diplomatic.yml: 051: the code must be a quoted string (unquoted, YAML reads it as a number)" in problems
    assert "05_diplomatic.yml: 41: noun: visit to $target: quote a pattern that starts with 'noun:'" in problems
    assert "symmetric.yml: symmetric: 'Meet' is not a lowercase word" in problems
    assert "anaphora.yml: raid: '99' is not a quoted CAMEO code or root" in problems
    assert any(p.startswith("06_material_coop.yml: not valid YAML") for p in problems)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("meet with $target", None),
        ("noun: strike on $target", None),
        ("annex * from $target", None),
        ("Meet with $target", "'Meet' is not a lowercase word, a lemma or *"),
        ("meet $target $target", "$target 2 times: a pattern has exactly one"),
        ("$target meet", "begins with $target: a pattern starts with its event word ('accuse $target')"),
        ("meet", "needs a word and exactly one $target"),
        ("nouns: strike on $target", "'nouns:' is not a lowercase word, a lemma or *"),
        ("meet with $source", "unknown placeholder $source (only $target)"),
    ],
)
def test_verbs_check_one_pattern(text, problem):
    assert pattern_problems("040", text)[:1] == ([problem] if problem else [])


def test_verbs_check_reads_word_list_files_as_lists_not_patterns(tmp_path):
    folder = _dictionary(
        tmp_path / "verbs",
        lexicon="statement_nouns:\n  - communique\n  - bulletin\n",
        nominal="performed_by_subject:\n  - launch\nbroken:\n  key: value\n",
    )
    report = check(folder)
    assert report.problems == ["nominal.yml: broken: a word list must be a list of words"]
