"""Word lists of the event passes, one per concept, from dyads/data/verbs/lexicon.yml."""

from __future__ import annotations

from functools import lru_cache

import yaml

from dyads.errors import KnowledgeError
from dyads.events.verbs import read_yaml
from dyads.paths import data_dir


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    path = data_dir() / "verbs" / "lexicon.yml"
    try:
        data = read_yaml(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path.name}: not valid YAML ({exc})") from exc
    return {str(k): frozenset(str(w).lower() for w in v or []) for k, v in data.items()}


def words(concept: str) -> frozenset[str]:
    """The lemmas listed under one concept; KnowledgeError for a concept the file lacks."""
    lists = _lists()
    if concept not in lists:
        raise KnowledgeError(f"lexicon.yml has no list {concept!r}")
    return lists[concept]
