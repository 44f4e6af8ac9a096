"""The query layer: the one event filter and the queries behind the CLI, the API, the pages and exports.

Every value is a bound parameter; identifiers come only from constants here (docs/store.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import duckdb

from dyads.store.db import COLUMNS, first
from dyads.store.rows import iso_date

_CODE = re.compile(r"^[A-Z]{3,}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """Which events a query or an export takes; every value is validated (ValueError) on creation.

    `dyad`: `IRN-USA` (IRN did something to USA), `IRN~USA` (either direction), `IRN-`
    (IRN as source), `-USA` (USA as target); codes match by prefix, so IRN takes IRNGOV.
    `modality`: one of model.MODALITIES, or `all`. `since`/`until`: inclusive event dates.
    """

    since: str | None = None
    until: str | None = None
    dyad: str | None = None
    modality: str = "asserted"
    root: str | None = None

    def __post_init__(self) -> None:
        from dyads.model import MODALITIES

        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not (re.fullmatch(r"\d{4}-\d\d-\d\d", value) and iso_date(value)):
                raise ValueError(f"{name} must be a date like 2015-01-01, not {value!r}")
        if self.modality not in (*MODALITIES, "all"):
            raise ValueError(f"modality must be one of {', '.join(MODALITIES)} or all, not {self.modality!r}")
        if self.root is not None and not re.fullmatch(r"\d{2}", self.root):
            raise ValueError(f"root must be a two-digit CAMEO root like 12, not {self.root!r}")
        if self.dyad is not None:
            parse_dyad(self.dyad)

    def where(self, alias: str = "") -> str:
        """A SQL condition on the events table or the event_clusters view (values inlined: all validated)."""
        a = f"{alias}." if alias else ""
        out = ["TRUE"]
        if self.since:
            out.append(f"{a}event_date >= DATE '{self.since}'")
        if self.until:
            out.append(f"{a}event_date <= DATE '{self.until}'")
        if self.modality != "all":
            out.append(f"{a}modality = '{self.modality}'")
        if self.root:
            out.append(f"{a}root = '{self.root}'")
        if self.dyad:
            src, tgt, both = parse_dyad(self.dyad)
            one = _side(a, src, tgt)
            out.append(f"({one} OR {_side(a, tgt, src)})" if both else one)
        return " AND ".join(out)


def parse_dyad(text: str) -> tuple[str | None, str | None, bool]:
    """(source prefix, target prefix, either direction) of `IRN-USA`, `IRN~USA`, `IRN-`, `-USA`."""
    both = "~" in text
    parts = text.upper().replace("~", "-").split("-")
    if len(parts) != 2 or not any(parts) or not all(_CODE.match(p) for p in parts if p):
        raise ValueError(f"dyad must look like IRN-USA, IRN~USA, IRN- or -USA (actor codes), not {text!r}")
    return parts[0] or None, parts[1] or None, both


def _side(a: str, src: str | None, tgt: str | None) -> str:
    conds = [f"starts_with({a}{col}_code, '{code}')" for col, code in (("source", src), ("target", tgt)) if code]
    return "(" + " AND ".join(conds or ["TRUE"]) + ")"


def stats(con: duckdb.DuckDBPyConnection, top: int = 10) -> dict[str, Any]:
    """Counts, asserted events by root, top dyads, failures by reason and the last run."""
    one = lambda sql: con.execute(sql).fetchall()[0][0]  # noqa: E731
    out: dict[str, Any] = {t: one(f"SELECT count(*) FROM {t}") for t in COLUMNS}
    out["outcomes"] = dict(con.execute("SELECT outcome, count(*) FROM coded GROUP BY 1 ORDER BY 2 DESC").fetchall())
    out["modalities"] = dict(con.execute("SELECT modality, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC").fetchall())
    out["clusters"] = one("SELECT count(*) FROM event_clusters WHERE modality = 'asserted'")
    out["roots"] = dict(
        con.execute("SELECT root, count(*) FROM events WHERE modality = 'asserted' GROUP BY 1 ORDER BY 1").fetchall()
    )
    out["dyads"] = con.execute(
        "SELECT source_code || ' -> ' || target_code, count(*) AS events, count(DISTINCT cluster_id) AS clusters "
        "FROM events WHERE modality = 'asserted' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
        [top],
    ).fetchall()
    out["failures_by_reason"] = con.execute(
        "SELECT stage || ':' || reason, count(*) FROM failures GROUP BY 1 ORDER BY 2 DESC, 1"
    ).fetchall()
    out["last_run"] = first(
        con, "SELECT run_id, started, ended, status, dyads, model, actors, verbs FROM runs ORDER BY run_id DESC LIMIT 1"
    )
    return out


EVENT_COLUMNS = (
    "event_date",
    "source_code",
    "target_code",
    "cameo",
    "root",
    "modality",
    "goldstein",
    "confidence",
    "doc_id",
    "url",
    "sentence",
)
CLUSTER_COLUMNS = (
    "event_date",
    "source_code",
    "target_code",
    "cameo",
    "root",
    "modality",
    "goldstein",
    "n_mentions",
    "n_articles",
    "n_sources",
    "first_url",
)


def query_events(
    con: duckdb.DuckDBPyConnection, flt: EventFilter, clusters: bool = False, limit: int | None = None
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """(columns, rows) of the events (or event clusters) that pass the filter, oldest first."""
    if clusters:
        cols = CLUSTER_COLUMNS
        sql = (
            f"SELECT {', '.join(cols)} FROM event_clusters WHERE {flt.where()} "
            "ORDER BY event_date NULLS LAST, source_code, target_code, cameo"
        )
    else:
        cols = EVENT_COLUMNS
        sql = (
            f"SELECT {', '.join(c if c in ('doc_id', 'url') else 'e.' + c for c in cols)} FROM events e "
            f"JOIN documents d USING (doc_key) WHERE {flt.where('e')} "
            "ORDER BY e.event_date NULLS LAST, d.doc_id, e.n"
        )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return cols, con.execute(sql).fetchall()
