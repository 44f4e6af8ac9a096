"""The CAMEO code table and the verb-pattern dictionary (dyads/data/verbs/*.yml).

The pattern language is documented in docs/verbs.md. `load_verbs()` compiles
every pattern once per process into `Pattern`s indexed by the event word's lemma.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from dyads.errors import KnowledgeError
from dyads.paths import data_dir

# files of data/verbs/ that hold word lists (one list per concept), not verb patterns:
# lexicon.yml (dyads.events.lexicon) and nominal.yml (dyads.events.nominal)
WORD_LISTS = frozenset({"lexicon", "nominal"})

PREPOSITIONS = frozenset(
    "about above across after against along among amid around as at before behind below beside "
    "between beyond by despite during for from in inside into like near of off on onto out outside "
    "over past per regarding since than through throughout to toward towards under until upon via "
    "with within without".split()
)


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    root: str
    label: str
    goldstein: float
    quad_class: int
    plover: str | None


@dataclass(frozen=True, slots=True)
class Pattern:
    """One compiled dictionary pattern."""

    code: str
    text: str  # as written in the file
    head: str  # lemma of the event verb (or noun for nominal patterns)
    words: frozenset[str]  # other lemmas that must occur in the clause
    xcomp: tuple[str, ...]  # infinitive verbs: "agree to meet $target" -> ("meet",)
    governor: str  # the word right before $target: a verb, particle, preposition or "*"
    nominal: bool = False

    @property
    def size(self) -> int:
        return 1 + len(self.words) + len(self.xcomp)

    @property
    def direct(self) -> bool:
        """True when $target is a direct object (not a preposition's object)."""
        return self.governor not in PREPOSITIONS and self.governor != "*"


@dataclass(frozen=True, slots=True)
class Verbs:
    by_head: dict[str, tuple[Pattern, ...]]
    nominal: dict[str, tuple[Pattern, ...]]
    symmetric: frozenset[str]
    symmetric_objects: frozenset[str]  # "X and Y held talks": objects that make any clause mutual
    version: str
    anaphora: dict[str, frozenset[str]]  # event noun -> roots it refers back to (empty: any)

    def __len__(self) -> int:
        return sum(len(p) for p in self.by_head.values()) + sum(len(p) for p in self.nominal.values())


def read_yaml(text: str) -> Any:
    """Safe YAML through libyaml when PyYAML has it (the dictionaries load several times faster)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=1)
def load_cameo() -> dict[str, CameoCode]:
    """Every CAMEO code with its Goldstein weight, quad class and PLOVER type."""
    with (data_dir() / "cameo.tsv").open(encoding="utf-8", newline="") as fh:
        return {
            r["code"]: CameoCode(
                code=r["code"],
                root=r["root"],
                label=r["label"],
                goldstein=float(r["goldstein"]),
                quad_class=int(r["quad_class"]),
                plover=r["plover"] or None,
            )
            for r in csv.DictReader(fh, delimiter="\t")
        }


def hostile(code: str) -> bool:
    """Material conflict (quad class 4 in cameo.tsv: protest, force posture, reduced relations,
    coercion, assault, fighting, mass violence); an unknown code is not."""
    c = load_cameo().get(code) or load_cameo().get(code[:2])
    return c is not None and c.quad_class == 4


def compile_pattern(code: str, text: str) -> Pattern:
    """A Pattern from one line of the dictionary; KnowledgeError when malformed."""
    nominal = text.startswith("noun:")
    words = text.removeprefix("noun:").split()
    if words.count("$target") != 1 or len(words) < 2 or words[0] == "$target":
        raise KnowledgeError(f"pattern {text!r} (code {code}) needs a word and exactly one $target")
    head, rest = words[0], words[1:]
    required: set[str] = set()
    xcomp: list[str] = []
    governor = head
    for i, word in enumerate(rest):
        if word == "$target":
            governor = rest[i - 1] if i else head
            continue
        if word == "to" and i + 1 < len(rest) and rest[i + 1] != "$target" and not nominal:
            continue  # infinitive marker; the verb after it is an xcomp
        if i and rest[i - 1] == "to" and word != "$target" and not nominal:
            xcomp.append(word)
            continue
        if word != "*":
            required.add(word)
    if governor == "to" and rest[rest.index("$target") - 1] == "to":
        required.add("to")
    return Pattern(
        code=code,
        text=text,
        head=head,
        words=frozenset(required),
        xcomp=tuple(xcomp),
        governor=governor,
        nominal=nominal,
    )


def load_verbs(directory: str | None = None, user: tuple[tuple[str, str], ...] = ()) -> Verbs:
    """The compiled verb dictionary, cached per process.

    `user`: (path, content hash) of user pattern files (store.fingerprint.user_files), read
    after the shipped files, in the shipped format (`"CODE": [patterns]`; a `symmetric.yml` or
    `anaphora.yml` adds to those lists). A user pattern is added; one the shipped dictionary
    holds under another code moves to the user's code (an override).
    """
    return _load_verbs(directory, tuple(user))  # one cache entry however the arguments are passed


@lru_cache(maxsize=4)
def _load_verbs(directory: str | None, user: tuple[tuple[str, str], ...]) -> Verbs:
    root = Path(directory) if directory else data_dir() / "verbs"
    cameo = load_cameo()
    by_head: dict[str, list[Pattern]] = {}
    nominal: dict[str, list[Pattern]] = {}
    symmetric: set[str] = set()
    symmetric_objects: set[str] = set()
    anaphora: dict[str, frozenset[str]] = {}
    files = [(p, False) for p in sorted(root.glob("*.yml"))] + [(Path(p), True) for p, _ in user]
    for path, mine in files:
        if path.stem in WORD_LISTS:  # word lists the passes read, not patterns
            if mine:
                raise KnowledgeError(
                    f"{path.name}: word lists ({', '.join(sorted(WORD_LISTS))}) are not read from user files"
                )
            continue
        try:
            data = read_yaml(path.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise KnowledgeError(f"{path.name}: not valid YAML ({' '.join(str(exc).split())})") from exc
        if not isinstance(data, dict):
            raise KnowledgeError(f"{path.name}: the file must map codes to lists of patterns")
        if path.stem == "symmetric":
            symmetric.update(str(v) for v in data.get("symmetric", []))
            symmetric_objects.update(str(v) for v in data.get("symmetric_objects", []))
            continue
        if path.stem == "anaphora":
            for noun, roots in (data.get("anaphora") or {}).items():
                anaphora[str(noun)] = frozenset() if roots == "any" else frozenset(str(r) for r in roots)
            continue
        for code, patterns in data.items():
            code = str(code)
            if code not in cameo:
                raise KnowledgeError(f"{path.name}: {code!r} is not a CAMEO code")
            if not isinstance(patterns, list | None):
                raise KnowledgeError(f"{path.name}: {code}: patterns must be a list")
            for text in patterns or []:
                try:
                    p = compile_pattern(code, str(text).strip())
                except KnowledgeError as exc:
                    raise KnowledgeError(f"{path.name}: {exc}") from exc
                table = nominal if p.nominal else by_head
                if mine:  # the user's code wins over the shipped one for the same pattern
                    table[p.head] = [q for q in table.get(p.head, []) if pattern_key(q.text) != pattern_key(p.text)]
                table.setdefault(p.head, []).append(p)
    version_file = root / "VERSION"
    version = version_file.read_text(encoding="utf-8").strip() if version_file.exists() else "0"
    order = lambda p: (-p.size, -len(p.code))  # noqa: E731 - most specific first
    return Verbs(
        by_head={k: tuple(sorted(v, key=order)) for k, v in by_head.items() if v},
        nominal={k: tuple(sorted(v, key=order)) for k, v in nominal.items() if v},
        symmetric=frozenset(symmetric),
        symmetric_objects=frozenset(symmetric_objects),
        anaphora=anaphora,
        version=version,
    )


def pattern_key(text: str) -> str:
    """A pattern as the coder reads it: 'noun:' or not, then its words (spacing ignored)."""
    nominal = text.strip().startswith("noun:")
    return ("noun: " if nominal else "") + " ".join(text.strip().removeprefix("noun:").split())
