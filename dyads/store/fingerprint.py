"""Versions that cannot go stale: fingerprints of the rule code and the knowledge files.

A store skips a document already coded under the same versions (docs/store.md). Were
those versions strings bumped by hand, a changed verb pattern or a new actor would leave
old codes in place without a word. So the pipeline's versions carry `fingerprint`: a
sha256 over the content of every module that decides a code (events, actors, quotes,
dates, places, nlp, extraction, the pipeline) and of every shipped data file. Any change
to rules or dictionaries changes it, the store's marker changes with it, and the next
ingest re-codes (and says so: `stale_note`).

User dictionaries (`--actors`, `--verbs`, the `actors` and `verbs` settings) join it as
`user-actors=...` and `user-verbs=...`: a hash of their file names and content, in the
order given (a later file overrides an earlier one). Without them the fingerprint is the
shipped one, unchanged.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from dyads.errors import KnowledgeError

UserFiles = tuple[tuple[str, str], ...]  # (path, sha256 of its content) per user dictionary file

# part -> paths inside the dyads package whose content it covers
PARTS: dict[str, tuple[str, ...]] = {
    "coder": (
        "events",
        "quotes",
        "dates",
        "places",
        "nlp",
        "actors",
        "read/extract.py",
        "pipeline.py",
        "model.py",
        "data/cameo.tsv",
    ),
    "actors": ("data/actors",),
    "verbs": ("data/verbs",),
}
_SUFFIXES = {".py", ".tsv", ".yml", ".yaml", ".txt", ".json", ".csv"}


def _files(root: Path, rel: str) -> list[Path]:
    path = root / rel
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in _SUFFIXES and "__pycache__" not in p.parts)


def part_hash(root: Path, rels: tuple[str, ...]) -> str:
    """sha256 (12 hex digits) over the package-relative names and bytes of the files under `rels`."""
    h = hashlib.sha256()
    for rel in rels:
        for path in _files(root, rel):
            h.update(path.relative_to(root).as_posix().encode() + b"\x00")
            h.update(path.read_bytes() + b"\x00")
    return h.hexdigest()[:12]


@lru_cache(maxsize=1)
def fingerprints() -> dict[str, str]:
    """{"coder": ..., "actors": ..., "verbs": ...}: the hash of each part, computed once per process."""
    root = Path(str(resources.files("dyads")))
    return {part: part_hash(root, rels) for part, rels in PARTS.items()}


def fingerprint(user: dict[str, UserFiles] | None = None) -> str:
    """The value recorded under `fingerprint` in every record's and every run's versions.

    `user`: {"actors": files, "verbs": files} from `user_files`; each part with files adds
    `user-PART=hash` (file names and content), so stores know what coded what.
    """
    parts = dict(fingerprints())
    for part, files in (user or {}).items():
        if files:
            h = hashlib.sha256()
            for path, digest in files:
                h.update(Path(path).name.encode() + b"\x00" + digest.encode() + b"\x00")
            parts[f"user-{part}"] = h.hexdigest()[:12]
    return ",".join(f"{k}={v}" for k, v in sorted(parts.items()))


def user_files(paths: tuple[str, ...] | list[str], suffixes: tuple[str, ...], what: str) -> UserFiles:
    """The files of user dictionaries, in order: each path a file, or a folder whose files with
    `suffixes` are taken in sorted order (sub-folders too); each with the sha256 of its content.

    KnowledgeError when a path does not exist, or a folder holds no such file.
    """
    out: list[tuple[str, str]] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in suffixes)
            if not found:
                raise KnowledgeError(f"{what} {name}: a folder with no {' or '.join(suffixes)} file")
        elif path.is_file():
            found = [path]
        else:
            raise KnowledgeError(f"{what} {name}: no such file or folder")
        for file in found:
            try:
                out.append((str(file), hashlib.sha256(file.read_bytes()).hexdigest()))
            except OSError as exc:
                raise KnowledgeError(f"{what} {file}: cannot be read ({exc.strerror or exc})") from exc
    return tuple(out)


def stale_note(con: Any, versions: dict[str, str], marker: str) -> str | None:
    """One line when documents in the store were coded under other versions: what changed, how many."""
    rows = con.execute("SELECT count(*) FROM coded WHERE marker <> ?", [marker]).fetchall()
    stale = int(rows[0][0]) if rows else 0
    if not stale:
        return None
    last = con.execute("SELECT versions FROM runs WHERE versions IS NOT NULL ORDER BY run_id DESC LIMIT 1").fetchall()
    changed: list[str] = []
    if last:
        before = json.loads(last[0][0] or "{}")
        old = dict(p.split("=", 1) for p in str(before.get("fingerprint", "")).split(",") if "=" in p)
        new = dict(p.split("=", 1) for p in str(versions.get("fingerprint", "")).split(",") if "=" in p)
        keys = sorted(set(new) | set(old))
        changed = [_part_label(k) for k in keys if old.get(k) != new.get(k)]
        changed += [k for k in sorted(versions) if k != "fingerprint" and before.get(k) != versions[k]]
    what = ", ".join(changed) if changed else "versions or settings"
    return (
        f"{stale} document{'s' * (stale != 1)} in the store were coded under other {what}: "
        "each one read again is re-coded and its old rows replaced"
    )


def _part_label(key: str) -> str:
    if key == "coder":
        return "coder rules"
    if key.startswith("user-"):
        return f"user {key[5:]} files"
    return f"{key} dictionary"
