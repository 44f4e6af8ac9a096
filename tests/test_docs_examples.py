"""The examples of README.md and docs/*.md run, against a sample store (the way sqlite-utils tests its docs).

Every fenced block says its language. ```python, ```sh, ```bash and ```console blocks are
examples and run here; others (```text, ```json, ```yaml, ```sql) are shown, not run. An
example that cannot run offline or in a test (a server, a cluster, an install) carries
`<!-- skip-test: reason -->` on the line before its fence: it is skipped with that reason.

- Python: a block of `>>>` prompts runs prompt by prompt, and the output it shows is checked
  (`...` matches anything); a plain block runs as a script.
- Shell: a block runs in a folder holding a copy of the sample store (`dyads.duckdb`) and
  `samples/`, with `dyads`, `.venv/bin/dyads`, `python` and `.venv/bin/python` on hand. A block
  of plain `dyads ...` lines (optionally fed by `echo ... |`) runs in this process, reusing the
  loaded spaCy model; anything else runs in bash. Each command must exit 0.
- Console: `$ curl -s 'http://127.0.0.1:8000/PATH'` asks the API (the app `dyads serve` runs,
  in process) and checks that it answers 200 with every field the shown output names.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dyads.cli.main import main

from .conftest import ROOT

EXAMPLES = ("python", "sh", "bash", "console")
SKIP = re.compile(r"<!--\s*skip-test:\s*(.*?)\s*-->")
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.M | re.S)
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@dataclass(frozen=True)
class Example:
    page: str
    line: int
    lang: str
    code: str
    skip: str | None

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def fences() -> list[Example]:
    out = []
    for path in PAGES:
        text = path.read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            before = text[: m.start()].rstrip("\n").rsplit("\n", 1)[-1]
            skip = SKIP.search(before)
            out.append(
                Example(path.relative_to(ROOT).as_posix(), line, m.group(1).strip(), m.group(2), skip and skip[1])
            )
    return out


ALL = fences()
RUN = [e for e in ALL if e.lang in EXAMPLES]


def test_docs_every_fence_says_its_language():
    """An untagged block would escape this test: examples are tagged, everything else is `text`."""
    assert [e.id for e in ALL if not e.lang] == []


def test_docs_skips_are_few_and_give_a_reason():
    skipped = [e for e in RUN if e.skip is not None]
    assert all(e.skip for e in skipped)
    assert len(skipped) <= 8, [e.id for e in skipped]
    assert len(RUN) - len(skipped) >= 8  # most examples run


# --- the sandbox: a copy of the sample store, the samples, the commands ----------------------


@pytest.fixture()
def sandbox(web_store, tmp_path, monkeypatch) -> Path:
    """A folder as after `dyads ingest samples/`: dyads.duckdb, samples/, .venv/bin/{dyads,python}."""
    shutil.copy(web_store, tmp_path / "dyads.duckdb")
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    for name, run in (("python", f'exec "{sys.executable}" "$@"'), ("dyads", f'exec "{sys.executable}" -m dyads "$@"')):
        (bin_ / name).write_text(f"#!/bin/sh\n{run}\n")
        (bin_ / name).chmod(0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", f"{bin_}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    return tmp_path


@pytest.mark.parametrize("example", RUN, ids=lambda e: e.id)
def test_docs_example_runs(example, sandbox, pipeline, runner, client, monkeypatch):
    if example.skip is not None:
        pytest.skip(f"skip-test: {example.skip}")
    import dyads

    monkeypatch.setattr(dyads, "_PIPELINE", pipeline)  # dyads.code() reuses the loaded model
    if example.lang == "python":
        run_python(example)
    elif example.lang == "console":
        run_console(example, client)
    else:
        run_shell(example, runner)


def run_python(example: Example) -> None:
    namespace: dict[str, object] = {"__name__": "__docs__"}
    if not example.code.lstrip().startswith(">>>"):
        exec(compile(example.code, example.id, "exec"), namespace)
        return
    checker, flags = doctest.OutputChecker(), doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    for ex in doctest.DocTestParser().get_examples(example.code):
        shown = _output_of(ex.source, namespace, example.id)
        if ex.want:  # the output the page shows must be the output we get
            assert checker.check_output(ex.want, shown, flags), f"{example.id}: {ex.source}shows {ex.want}got {shown}"


def _output_of(source: str, namespace: dict[str, object], name: str) -> str:
    """What an interactive session prints for one prompt (the repr of an expression's value)."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            value = eval(compile(source, name, "eval"), namespace)
        except SyntaxError:
            exec(compile(source, name, "exec"), namespace)
        else:
            if value is not None:
                print(repr(value))
    return out.getvalue()


def run_shell(example: Example, runner) -> None:  # type: ignore[no-untyped-def]
    commands = _dyads_commands(example.code)
    if commands is None:
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", example.code], capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, f"{example.id}: exit {done.returncode}\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        return
    for args, stdin in commands:
        result = runner.invoke(main, args, input=stdin)
        assert result.exit_code == 0, (
            f"{example.id}: dyads {shlex.join(args)}: exit {result.exit_code}\n{result.output}"
        )
        assert result.stdout.strip(), f"{example.id}: dyads {shlex.join(args)} printed nothing"


def _dyads_commands(code: str) -> list[tuple[list[str], str | None]] | None:
    """[(arguments, stdin)] when every line is `[echo TEXT |] dyads ARGS`, else None (run in bash)."""
    out = []
    for line in code.replace("\\\n", " ").splitlines():
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            return None
        if not words:
            continue
        stdin = None
        if len(words) > 3 and words[0] == "echo" and words[2] == "|":
            stdin, words = words[1] + "\n", words[3:]
        if words[0] not in ("dyads", ".venv/bin/dyads") or any(w in ("|", "&&", ";", ">", "<") for w in words):
            return None
        out.append((words[1:], stdin))
    return out


def run_console(example: Example, client) -> None:  # type: ignore[no-untyped-def]
    for command, shown in _sessions(example.code):
        words = shlex.split(command)
        assert words[0] == "curl", f"{example.id}: only curl sessions are documented, not {command!r}"
        url = urlsplit(next(w for w in words[1:] if w.startswith("http")))
        assert url.netloc == "127.0.0.1:8000", url
        response = client.get(url.path + (f"?{url.query}" if url.query else ""))
        assert response.status_code == 200, f"{example.id}: {command}: {response.status_code} {response.text[:300]}"
        missing = set(re.findall(r'"(\w+)":', shown)) - _keys(response.json())
        assert not missing, f"{example.id}: {command}: the page shows fields the API does not give: {missing}"


def _sessions(code: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for line in code.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], ""))
        elif out:
            out[-1] = (out[-1][0], out[-1][1] + line + "\n")
    return out


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_docs_example_extraction_reads_the_conventions():
    """The parser above: language, line, skip marker, and shell lines run in process or in bash."""
    readme = [e for e in ALL if e.page == "README.md"]
    assert [e.lang for e in readme][:3] == ["bash", "bash", "bash"] and readme[0].skip and not readme[2].skip
    assert _dyads_commands("echo 'a b' | dyads code - --date 2020-01-06  # note\n") == [
        (["code", "-", "--date", "2020-01-06"], "a b\n")
    ]
    assert _dyads_commands("dyads stats && dyads events") is None
    assert _dyads_commands("python - <<'EOF'\nprint(1)\nEOF") is None
    assert _sessions('$ curl -s x\n{"a": 1}\n') == [("curl -s x", '{"a": 1}\n')]
    assert _keys({"a": {"b": [{"c": 1}]}}) == {"a", "b", "c"}
