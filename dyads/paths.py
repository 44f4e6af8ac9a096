"""Where the shipped data files are: dyads/data (actors/, verbs/, cameo.tsv, plover.schema.json)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_dir(*parts: str) -> Path:
    """dyads/data, or a path inside it: data_dir("actors", "igos.tsv")."""
    return Path(str(resources.files("dyads") / "data")).joinpath(*parts)
