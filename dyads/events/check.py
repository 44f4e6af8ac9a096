"""`dyads verbs check`: validate the verb dictionary (dyads/data/verbs/*.yml, docs/verbs.md).

The loader (`events.verbs.load_verbs`) stops at the first error it cannot code around;
this reads every file and lists every problem, one line each: YAML that does not parse,
codes that are not quoted, not in the CAMEO table or not of the file's root, patterns that do
not compile, words that are not lowercase lemmas, placeholders other than `$target`, the
same pattern under two codes (or twice), and malformed `symmetric.yml` and `anaphora.yml`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dyads.errors import KnowledgeError
from dyads.events.verbs import WORD_LISTS, compile_pattern, load_cameo
from dyads.paths import data_dir

SPECIAL = ("symmetric", "anaphora", *sorted(WORD_LISTS))  # files that hold no patterns
PLACEHOLDER = "$target"
_ROOT_FILE = re.compile(r"^(\d\d)_")  # 12_reject.yml holds root 12
_WORD = re.compile(r"^[a-z0-9][a-z0-9'.&-]*$|^\*$")  # a lowercase lemma, or * for any one word


@dataclass(slots=True)
class Report:
    """What the check found: problems, one line each, and what it read."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # not problems: user patterns that override shipped ones
    files: int = 0
    codes: int = 0
    patterns: int = 0

    def summary(self) -> str:
        counts = (
            (self.patterns, "pattern"),
            (self.codes, "code"),
            (self.files, "file"),
            (len(self.problems), "problem"),
        )
        patterns, codes, files, problems = (f"{n} {word}{'s' * (n != 1)}" for n, word in counts)
        return f"{patterns} under {codes} in {files}; {problems}"


def check(path: str | Path | None = None) -> Report:
    """Every problem in the verb dictionary at `path` (a folder of .yml files, or one file).

    A single file, or a folder without a VERSION file, is a user dictionary (`--verbs`): it
    may not hold word lists, and each of its patterns that the shipped dictionary holds under
    another code is noted (the user's code wins), not counted as a problem. A folder with a
    VERSION file is a whole dictionary (the shipped one, or a copy of it).
    """
    shipped = data_dir() / "verbs"
    root = Path(path) if path else shipped
    report = Report()
    user = root.is_file() or (root.is_dir() and not (root / "VERSION").exists())
    if root.is_file():
        files = [root]
    elif root.is_dir():
        files = sorted(root.glob("*.yml"))
        if root.resolve() == shipped.resolve():
            user = False
        if not user and (
            not (root / "VERSION").is_file() or not (root / "VERSION").read_text(encoding="utf-8").strip()
        ):
            report.problems.append(f"{root}: no VERSION file (the dictionary version every record reports)")
    else:
        report.problems.append(f"{root}: no such file or folder")
        return report
    if not files:
        report.problems.append(f"{root}: no .yml files")
    if user:
        report.notes += _overrides(files)
    seen: dict[str, tuple[str, str]] = {}  # pattern -> (file, code) where it first appeared
    for file in files:
        report.files += 1
        try:
            text = file.read_text(encoding="utf-8")
            data = yaml.safe_load(text)
            report.problems += [f"{file.name}: {p}" for p in _key_problems(text, patterns=file.stem not in SPECIAL)]
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            report.problems.append(f"{file.name}: not valid YAML ({' '.join(str(exc).split())})")
            continue
        if data is None:
            continue
        if not isinstance(data, dict):
            report.problems.append(f"{file.name}: the file must map keys to lists, not hold a {type(data).__name__}")
        elif file.stem == "symmetric":
            _check_symmetric(file.name, data, report.problems)
        elif file.stem == "anaphora":
            _check_anaphora(file.name, data, report.problems)
        elif file.stem in WORD_LISTS and user:
            report.problems.append(f"{file.name}: word lists are not read from user files (only patterns)")
        elif file.stem in WORD_LISTS:
            report.problems += [
                f"{file.name}: {key}: a word list must be a list of words"
                for key, words in data.items()
                if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words)
            ]
        else:
            _check_patterns(file, data, report, seen)
    return report


def _check_patterns(file: Path, data: dict[Any, Any], report: Report, seen: dict[str, tuple[str, str]]) -> None:
    cameo = load_cameo()
    root = _ROOT_FILE.match(file.name)
    problems = report.problems
    for key, patterns in data.items():
        report.codes += 1
        code = str(key)
        where = f"{file.name}: {code}"
        if not isinstance(key, str):
            pass  # unquoted: _key_problems names it as written
        elif code not in cameo:
            problems.append(f"{where}: not a CAMEO code")
        elif root and cameo[code].root != root.group(1):
            problems.append(f"{where}: a root {cameo[code].root} code in the file of root {root.group(1)}")
        if patterns is None:
            continue
        if not isinstance(patterns, list):
            problems.append(f"{where}: patterns must be a list, not a {type(patterns).__name__}")
            continue
        for item in patterns:
            if isinstance(item, dict) and "noun" in item:
                problems.append(f"{where}: noun: {item['noun']}: quote a pattern that starts with 'noun:'")
                continue
            if not isinstance(item, str):
                problems.append(f"{where}: {item!r} is not a pattern (one string per item)")
                continue
            report.patterns += 1
            text = item.strip()
            problems += [f"{where}: {text!r}: {p}" for p in pattern_problems(code, text)]
            first = seen.setdefault(_normal(text), (file.name, code))
            if first[1] != code:
                problems.append(f"{where}: {text!r} is also under {first[1]} ({first[0]}): one code per pattern")
        duplicates = _repeated(_normal(p) for p in patterns if isinstance(p, str))
        problems += [f"{where}: {text!r} is listed twice" for text in duplicates]


def _overrides(files: list[Path]) -> list[str]:
    """One line per user pattern that the shipped dictionary holds under another code."""
    from dyads.events.verbs import load_verbs, pattern_key

    verbs = load_verbs()
    shipped = {
        pattern_key(p.text): p.code for table in (verbs.by_head, verbs.nominal) for ps in table.values() for p in ps
    }
    out = []
    for file in files:
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if not isinstance(data, dict) or file.stem in SPECIAL:
            continue
        for code, patterns in data.items():
            for text in patterns if isinstance(patterns, list) else []:
                before = shipped.get(pattern_key(str(text)))
                if before is not None and before != str(code):
                    out.append(
                        f"{file.name}: {code}: {str(text).strip()!r} overrides the shipped pattern under {before}"
                    )
    return out


def _normal(text: str) -> str:
    """A pattern as the coder reads it: 'noun:' or not, then its words."""
    nominal = text.strip().startswith("noun:")
    return ("noun: " if nominal else "") + " ".join(text.strip().removeprefix("noun:").split())


def pattern_problems(code: str, text: str) -> list[str]:
    """What is wrong with one pattern (empty when it is well formed)."""
    words = text.removeprefix("noun:").split()
    out = [f"unknown placeholder {w} (only {PLACEHOLDER})" for w in words if w.startswith("$") and w != PLACEHOLDER]
    out += [
        f"{w!r} is not a lowercase word, a lemma or *" for w in words if not w.startswith("$") and not _WORD.match(w)
    ]
    if ":" in text.removeprefix("noun:"):
        out.append("a colon: only a leading 'noun:' marks a nominal pattern")
    if not out and words[:1] == [PLACEHOLDER]:
        out.append(f"begins with {PLACEHOLDER}: a pattern starts with its event word ('accuse {PLACEHOLDER}')")
    elif not out and words.count(PLACEHOLDER) > 1:
        out.append(f"{PLACEHOLDER} {words.count(PLACEHOLDER)} times: a pattern has exactly one")
    if not out:
        try:
            compile_pattern(code, text)
        except KnowledgeError as exc:
            out.append(str(exc).split(") ", 1)[-1])  # "needs a word and exactly one $target"
    return out


def _check_symmetric(name: str, data: dict[Any, Any], problems: list[str]) -> None:
    for key, verbs in data.items():
        if key not in ("symmetric", "symmetric_objects"):
            problems.append(f"{name}: unknown key {key!r} (symmetric, symmetric_objects)")
            continue
        if not isinstance(verbs, list):
            problems.append(f"{name}: {key} must be a list of words")
            continue
        for verb in verbs:
            if not isinstance(verb, str) or not _WORD.match(verb) or verb == "*":
                problems.append(f"{name}: {key}: {verb!r} is not a lowercase word")
        problems += [f"{name}: {key}: {w!r} is listed twice" for w in _repeated(str(v) for v in verbs)]


def _check_anaphora(name: str, data: dict[Any, Any], problems: list[str]) -> None:
    codes = load_cameo()
    for key, nouns in data.items():
        if key != "anaphora":
            problems.append(f"{name}: unknown key {key!r} (anaphora)")
            continue
        if not isinstance(nouns, dict):
            problems.append(f"{name}: anaphora must map event nouns to lists of codes")
            continue
        for noun, roots in nouns.items():
            if roots == "any":
                continue
            if not isinstance(roots, list) or not roots:
                problems.append(f"{name}: {noun}: a list of CAMEO codes or roots, or 'any'")
                continue
            for r in roots:
                if not isinstance(r, str) or not any(c.startswith(r) for c in codes) or len(r) < 2:
                    problems.append(f"{name}: {noun}: {r!r} is not a quoted CAMEO code or root")


def _key_problems(text: str, patterns: bool) -> list[str]:
    """Top-level keys as written: twice (the loader silently keeps the last one), or a code not quoted."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        return []
    keys = [k for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
    out = [f"{key} is a key twice (YAML keeps the last one)" for key in _repeated(k.value for k in keys)]
    if patterns:
        out += [
            f"{k.value}: the code must be a quoted string (unquoted, YAML reads it as a number)"
            for k in keys
            if k.tag != "tag:yaml.org,2002:str"
        ]
    return out


def _repeated(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item in seen and item not in out:
            out.append(item)
        seen.add(item)
    return out
