"""The query layer: the one event filter, and the queries behind the CLI, the API, the pages and exports.

Every value is a bound parameter (`?`); identifiers come only from constants in this
module, never from a caller. One date rule everywhere (docs/store.md):

- an event is filtered and counted on its *event date* (`events.event_date`), the day
  the coder gave it: the day the article says it happened, else its publication date;
- an event with no event date is *undated*. Undated events are left out when the filter
  has a date range (`since` or `until`: they cannot be placed in it) and taken otherwise;
  `undated="include"` or `"exclude"` (`--undated include|exclude`, `undated=...`) overrides
  that, and whoever leaves them out says how many (`left_out`);
- actor codes match by prefix: `IRN` takes IRN, IRNGOV, IRNMIL...; dyads use the same
  rule per side.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

import duckdb

from dyads.model import MODALITIES
from dyads.store.clusters import cluster_sql
from dyads.store.db import COLUMNS, first

DATE = "e.event_date"  # the day an event is filtered and counted on
UNDATED = ("exclude", "include")
MAX_Q = 200  # characters of a text search
CODE_PATTERN = r"^[A-Za-z]{3,24}$"  # an actor code, any case (the OpenAPI spec states these patterns)
DYAD_PATTERN = r"^([A-Za-z]{3,24}[-~]([A-Za-z]{3,24})?|[-~][A-Za-z]{3,24})$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

_CODE = re.compile(r"[A-Z]{3,24}")


class ParamError(ValueError):
    """A parameter with a bad value; `param` names it (the CLI exits 2, the API answers 422)."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


def actor_code(value: str, param: str = "actor") -> str:
    """The upper-cased actor code, or ParamError when it is not 3-24 letters."""
    code = value.strip().upper()
    if not _CODE.fullmatch(code):
        raise ParamError(
            param, f"{param} must be an actor code of 3 to 24 letters such as IRN, IRNGOV or IGOUNO, not {value!r}"
        )
    return code


def parse_dyad(text: str) -> tuple[str | None, str | None, bool]:
    """(source prefix, target prefix, either direction) of `IRN-USA`, `IRN~USA`, `IRN-`, `-USA`."""
    both = "~" in text
    parts = text.strip().upper().replace("~", "-").split("-")
    if len(parts) != 2 or not any(parts) or not all(_CODE.fullmatch(p) for p in parts if p):
        raise ParamError("dyad", f"dyad must look like IRN-USA, IRN~USA, IRN- or -USA (actor codes), not {text!r}")
    return parts[0] or None, parts[1] or None, both


def parse_date(name: str, value: dt.date | str | None) -> dt.date | None:
    """A strict YYYY-MM-DD date (never a number or a timestamp), else ParamError."""
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ParamError(name, f"{name} must be a date like 2015-10-07, not {value!r}")


def like_pattern(text: str) -> str:
    """An ILIKE pattern matching `text` anywhere, its own % _ and \\ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """Which events a command, an endpoint, a page or an export takes; checked on creation (ParamError).

    `actor`: a code on either side. `dyad`: `IRN-USA` (IRN did something to USA),
    `IRN~USA` (either direction), `IRN-` or `-USA` (one side only). `root`: two-digit CAMEO
    root; `code`: a CAMEO code, exact. `modality`: one of model.MODALITIES, or `all`.
    `since`/`until`: inclusive, on the event date. `q`: case-insensitive text in the
    evidence sentence or an actor's name. `undated`: `include` or `exclude` the events
    without an event date; None (the default) leaves them out only when `since` or
    `until` is set (`takes_undated`). `quad`: the quad class, 1 to 4 (verbal cooperation,
    material cooperation, verbal conflict, material conflict).
    """

    actor: str | None = None
    dyad: str | None = None
    root: str | None = None
    code: str | None = None
    modality: str = "asserted"
    since: dt.date | str | None = None  # a str is parsed (strictly) on creation
    until: dt.date | str | None = None
    q: str | None = None
    undated: Literal["exclude", "include"] | None = None  # None: the date rule decides
    quad: int | str | None = None  # a str of one digit is parsed on creation

    def __post_init__(self) -> None:
        def set_(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        if self.actor is not None:
            set_("actor", actor_code(self.actor))
        if self.dyad is not None:
            src, tgt, both = parse_dyad(self.dyad)
            set_("dyad", f"{src or ''}{'~' if both else '-'}{tgt or ''}")
        if self.root is not None and not re.fullmatch(r"\d\d", self.root):
            raise ParamError("root", f"root must be a two-digit CAMEO root such as 12, not {self.root!r}")
        if self.code is not None and not re.fullmatch(r"\d{2,4}", self.code):
            raise ParamError("code", f"code must be a CAMEO code of 2 to 4 digits such as 125, not {self.code!r}")
        if self.modality not in (*MODALITIES, "all"):
            raise ParamError(
                "modality", f"modality must be one of {', '.join(MODALITIES)} or all, not {self.modality!r}"
            )
        for name in ("since", "until"):
            set_(name, parse_date(name, getattr(self, name)))
        if isinstance(self.since, dt.date) and isinstance(self.until, dt.date) and self.since > self.until:
            raise ParamError("until", f"until ({self.until}) is before since ({self.since})")
        if self.q is not None:
            if len(self.q) > MAX_Q:
                raise ParamError("q", f"q is limited to {MAX_Q} characters, not {len(self.q)}")
            set_("q", self.q.strip() or None)
        if self.undated is not None and self.undated not in UNDATED:
            raise ParamError("undated", f"undated must be exclude or include, not {self.undated!r}")
        if self.quad is not None:
            if str(self.quad).strip() not in ("1", "2", "3", "4"):
                raise ParamError("quad", f"quad must be a quad class from 1 to 4, not {self.quad!r}")
            set_("quad", int(str(self.quad).strip()))

    @property
    def takes_undated(self) -> bool:
        """Whether undated events pass: as `undated` says, else only when no date range is set."""
        if self.undated is None:
            return self.since is None and self.until is None
        return self.undated == "include"

    def where(self) -> tuple[str, list[Any]]:
        """(SQL condition on `events e`, its parameters in order): the date rule included."""
        conds, params = self._others()
        dated: list[str] = [f"{DATE} IS NOT NULL"]
        if self.since:
            dated.append(f"{DATE} >= ?")
            params.append(self.since)
        if self.until:
            dated.append(f"{DATE} <= ?")
            params.append(self.until)
        if not self.takes_undated:
            conds.append(f"({' AND '.join(dated)})")
        elif len(dated) > 1:
            conds.append(f"({DATE} IS NULL OR ({' AND '.join(dated)}))")
        return " AND ".join(conds) or "TRUE", params

    def where_undated(self) -> tuple[str, list[Any]]:
        """(SQL condition, parameters) of the undated events that pass every other part of the filter."""
        conds, params = self._others()
        conds.append(f"{DATE} IS NULL")
        return " AND ".join(conds), params

    def _others(self) -> tuple[list[str], list[Any]]:
        conds: list[str] = []
        params: list[Any] = []

        def add(sql: str, *values: Any) -> None:
            conds.append(sql)
            params.extend(values)

        if self.modality != "all":
            add("e.modality = ?", self.modality)
        if self.actor:
            add("(starts_with(e.source_code, ?) OR starts_with(e.target_code, ?))", self.actor, self.actor)
        if self.dyad:
            src, tgt, both = parse_dyad(self.dyad)
            one, one_params = _sides(src, tgt)
            if both:
                other, other_params = _sides(tgt, src)
                add(f"({one} OR {other})", *one_params, *other_params)
            else:
                add(one, *one_params)
        if self.root:
            add("e.root = ?", self.root)
        if self.code:
            add("e.cameo = ?", self.code)
        if self.quad:
            add("e.quad_class = ?", self.quad)
        if self.q:
            add(
                "(e.sentence ILIKE ? ESCAPE '\\' OR e.source_name ILIKE ? ESCAPE '\\' "
                "OR e.target_name ILIKE ? ESCAPE '\\')",
                *[like_pattern(self.q)] * 3,
            )
        return conds, params


def _sides(src: str | None, tgt: str | None) -> tuple[str, list[str]]:
    conds = [f"starts_with(e.{col}_code, ?)" for col, code in (("source", src), ("target", tgt)) if code]
    return "(" + (" AND ".join(conds) or "TRUE") + ")", [c for c in (src, tgt) if c]


def count_events(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> int:
    """How many events pass the filter."""
    where, params = flt.where()
    row = first(con, f"SELECT count(*) FROM events e WHERE {where}", params)
    return int(row[0]) if row else 0


def left_out(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> int:
    """How many events the filter leaves out for lack of an event date (0 when it takes them)."""
    if flt.takes_undated:
        return 0
    return count_undated(con, flt)


def count_undated(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> int:
    """Undated events that pass every other part of the filter."""
    where, params = flt.where_undated()
    row = first(con, f"SELECT count(*) FROM events e WHERE {where}", params)
    return int(row[0]) if row else 0


def left_out_note(n: int) -> str | None:
    """The one line every command prints when it leaves undated events out."""
    if not n:
        return None
    return f"{n} undated event{'s' * (n != 1)} left out (no event date; --undated include takes them)"


# --- clusters: GDELT's NumMentions / NumArticles / NumSources --------------------------------


def clusters(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> Iterator[dict[str, Any]]:
    """Event clusters of the events that pass the filter, as dicts, oldest first, streamed in chunks."""
    where, params = flt.where()
    cur = con.cursor()
    try:
        cur.execute(f"SELECT * FROM ({cluster_sql(where)}) ORDER BY event_date NULLS LAST, cluster_id", params)
        names = [d[0] for d in cur.description or ()]
        while rows := cur.fetchmany(2048):
            for row in rows:
                yield dict(zip(names, row))
    finally:
        cur.close()


# --- events for the CLI -----------------------------------------------------------------------

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
    where, params = flt.where()
    if clusters:
        cols = CLUSTER_COLUMNS
        sql = (
            f"SELECT {', '.join(cols)} FROM ({cluster_sql(where)}) "
            "ORDER BY event_date NULLS LAST, source_code, target_code, cameo, cluster_id"
        )
    else:
        cols = EVENT_COLUMNS
        sql = (
            f"SELECT {', '.join(c if c in ('doc_id', 'url') else 'e.' + c for c in cols)} FROM events e "
            f"JOIN documents d USING (doc_key) WHERE {where} "
            "ORDER BY e.event_date NULLS LAST, d.doc_id, e.n"
        )
    if limit:
        sql += " LIMIT ?"
        params = [*params, int(limit)]
    return cols, con.execute(sql, params).fetchall()


# --- stats ------------------------------------------------------------------------------------


def stats(con: duckdb.DuckDBPyConnection, top: int = 10, flt: EventFilter | None = None) -> dict[str, Any]:
    """Counts per table, then for the events that pass `flt` (default: asserted, all dates): events,
    clusters, events by root, top dyads; failures by reason, the last run, and `left_out`.

    Every value is a number, a mapping or a list of objects with named fields (`stats --json`).
    """
    flt = flt or EventFilter()
    where, params = flt.where()

    def one(sql: str, values: list[Any] | None = None) -> Any:
        row = first(con, sql, values or [])
        return row[0] if row else None

    out: dict[str, Any] = {t: one(f"SELECT count(*) FROM {t}") for t in COLUMNS}
    out["outcomes"] = dict(con.execute("SELECT outcome, count(*) FROM coded GROUP BY 1 ORDER BY 2 DESC").fetchall())
    out["modalities"] = dict(con.execute("SELECT modality, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC").fetchall())
    out["filter"] = {k: str(v) for k, v in _fields(flt).items() if v is not None}
    out["selected"] = one(f"SELECT count(*) FROM events e WHERE {where}", params)
    out["clusters"] = one(f"SELECT count(*) FROM ({cluster_sql(where)})", params)
    out["roots"] = dict(
        con.execute(f"SELECT e.root, count(*) FROM events e WHERE {where} GROUP BY 1 ORDER BY 1", params).fetchall()
    )
    dyads = con.execute(
        "SELECT e.source_code, e.target_code, count(*) AS events, count(DISTINCT e.cluster_id) "
        f"FROM events e WHERE {where} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?",
        [*params, top],
    ).fetchall()
    out["dyads"] = [{"source": s, "target": t, "events": n, "clusters": c} for s, t, n, c in dyads]
    out["left_out"] = left_out(con, flt)
    failures = con.execute("SELECT stage, reason, count(*) FROM failures GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2")
    out["failures_by_reason"] = [{"stage": st, "reason": r, "documents": n} for st, r, n in failures.fetchall()]
    runs = con.execute(
        "SELECT run_id, started, ended, status, dyads, model, actors, verbs FROM runs ORDER BY run_id DESC LIMIT 1"
    )
    names = [d[0] for d in runs.description]
    out["last_run"] = next((dict(zip(names, row)) for row in runs.fetchall()), None)
    return out


def _fields(flt: EventFilter) -> dict[str, Any]:
    return {name: getattr(flt, name) for name in EventFilter.__dataclass_fields__}
