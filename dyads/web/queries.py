"""The SQL behind the web API and pages: every value a bound parameter (docs/web.md).

Filters become a WHERE clause with `?` placeholders; identifiers (columns, the unit of
`date_trunc`) come only from constants in this module, never from a request.

Two rules shape every query here:
- an event is counted on its *day*: the event date when the article said when it
  happened, else the article's publication date (`reported`); `date` stays null in the
  output, so the difference is visible;
- actor codes match by prefix: `IRN` takes IRN, IRNGOV, IRNMIL...; `IRNGOV` takes
  IRNGOV (and any longer code that starts with it). Dyads use the same rule per side.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from dyads.model import MODALITIES
from dyads.store.db import first
from dyads.store.query import parse_dyad

DAY = "coalesce(e.event_date, e.reported)"  # the day an event is counted on
ORG_PREFIXES = ("IGO", "NGO", "MNC")  # codes that name an organization, not a country
INTERVALS = ("day", "week", "month", "year")
MAX_LIMIT = 500  # rows per page, the API's cap
MAX_Q = 200  # characters of a text search

_CODE = re.compile(r"[A-Z]{3,24}")


class ParamError(ValueError):
    """A parameter with a bad value; `param` names it (the API answers 422)."""

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


def _level_sql(col: str) -> str:
    """SQL for the country-level code of a column: IRNGOV -> IRN; organizations keep their code (IGOUNO)."""
    orgs = ", ".join(f"'{p}'" for p in ORG_PREFIXES)
    return f"CASE WHEN left({col}, 3) IN ({orgs}) THEN {col} ELSE left({col}, 3) END"


@dataclass(frozen=True, slots=True, kw_only=True)
class EventQuery:
    """Which events a request asks for; values are checked on creation (ParamError).

    `dyad`: `IRN-USA` (IRN did something to USA), `IRN~USA` (either direction), `IRN-`
    or `-USA` (one side only). `since`/`until`: inclusive, on the event's day.
    `q`: case-insensitive text in the evidence sentence or an actor's name.
    """

    actor: str | None = None
    dyad: str | None = None
    root: str | None = None
    code: str | None = None
    modality: str = "asserted"
    since: dt.date | None = None
    until: dt.date | None = None
    q: str | None = None

    def __post_init__(self) -> None:
        set_ = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731
        if self.actor is not None:
            set_("actor", actor_code(self.actor))
        if self.dyad is not None:
            try:
                src, tgt, both = parse_dyad(self.dyad.strip())
            except ValueError as exc:
                raise ParamError("dyad", str(exc)) from None
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
            set_(name, _date(name, getattr(self, name)))
        if self.since and self.until and self.since > self.until:
            raise ParamError("until", f"until ({self.until}) is before since ({self.since})")
        if self.q is not None:
            if len(self.q) > MAX_Q:
                raise ParamError("q", f"q is limited to {MAX_Q} characters, not {len(self.q)}")
            set_("q", self.q.strip() or None)

    def where(self) -> tuple[str, list[Any]]:
        """(SQL condition on `events e`, its parameters in order)."""
        conds: list[str] = []
        params: list[Any] = []
        add = lambda sql, *values: (conds.append(sql), params.extend(values))  # noqa: E731
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
        if self.since:
            add(f"{DAY} >= ?", self.since)
        if self.until:
            add(f"{DAY} <= ?", self.until)
        if self.q:
            add(
                "(e.sentence ILIKE ? ESCAPE '\\' OR e.source_name ILIKE ? ESCAPE '\\' "
                "OR e.target_name ILIKE ? ESCAPE '\\')",
                *[like_pattern(self.q)] * 3,
            )
        return (" AND ".join(conds) or "TRUE"), params


def like_pattern(text: str) -> str:
    """An ILIKE pattern matching `text` anywhere, its own % _ and \\ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _sides(src: str | None, tgt: str | None) -> tuple[str, list[str]]:
    conds = [f"starts_with(e.{col}_code, ?)" for col, code in (("source", src), ("target", tgt)) if code]
    return "(" + (" AND ".join(conds) or "TRUE") + ")", [c for c in (src, tgt) if c]


def _date(name: str, value: dt.date | str | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d\d-\d\d", value) else _bad_date(name, value)
    except ValueError:
        return _bad_date(name, value)


def _bad_date(name: str, value: str) -> dt.date:
    raise ParamError(name, f"{name} must be a date like 2015-10-07, not {value!r}")


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def _mean(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


# --- events -----------------------------------------------------------------------------------

EVENT_SELECT = f"""
SELECT e.doc_key, e.n, d.doc_id, a.title, coalesce(a.url, d.url) AS url,
       e.source_code, e.source_name, e.source_text, e.source_start, e.source_end,
       e.target_code, e.target_name, e.target_text, e.target_start, e.target_end,
       e.cameo, e.root, e.plover, e.goldstein, e.quad_class, e.modality,
       e.event_date, e.reported, {DAY} AS day,
       e.place_name, e.place_country, e.place_lat, e.place_lon, e.place_feature,
       e.sentence, e.start_char, e.end_char, e.confidence, e.pattern, e.coder, e.quote, e.is_root, e.cluster_id
FROM events e
LEFT JOIN documents d ON d.doc_key = e.doc_key
LEFT JOIN articles a ON a.doc_key = e.doc_key
"""


def count_events(con: duckdb.DuckDBPyConnection, flt: EventQuery) -> int:
    """How many events pass the filter."""
    where, params = flt.where()
    return int(con.execute(f"SELECT count(*) FROM events e WHERE {where}", params).fetchall()[0][0])  # type: ignore[index]


def list_events(
    con: duckdb.DuckDBPyConnection, flt: EventQuery, *, limit: int = 50, offset: int = 0, newest_first: bool = False
) -> list[dict[str, Any]]:
    """One page of events that pass the filter, in a stable order: day, then document key, then n."""
    where, params = flt.where()
    way = "DESC" if newest_first else "ASC"
    order = f"{DAY} {way} NULLS LAST, e.doc_key {way}, e.n {way}"
    # the page's keys first, then its columns and joins: a deep page sorts keys, not whole rows
    sql = (
        f"WITH page AS (SELECT e.doc_key, e.n FROM events e WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?) "
        f"{EVENT_SELECT} JOIN page ON page.doc_key = e.doc_key AND page.n = e.n ORDER BY {order}"
    )
    return _rows(con, sql, [*params, limit, offset])


# --- dyads and timelines ----------------------------------------------------------------------


def top_dyads(
    con: duckdb.DuckDBPyConnection, flt: EventQuery, *, level: str = "country", limit: int = 20
) -> list[dict[str, Any]]:
    """The most frequent (source, target) pairs with their mean Goldstein score and date range.

    `level`: `country` groups codes by country (IRNGOV counts for IRN; organizations keep
    their code), `actor` keeps full codes.
    """
    src, tgt = (
        ("e.source_code", "e.target_code") if level == "actor" else map(_level_sql, ("e.source_code", "e.target_code"))
    )
    where, params = flt.where()
    quads = ", ".join(f"count(*) FILTER (WHERE e.quad_class = {q}) AS q{q}" for q in (1, 2, 3, 4))
    sql = (
        f"SELECT {src} AS source, {tgt} AS target, count(*) AS events, avg(e.goldstein) AS goldstein, "
        f"{quads}, min({DAY}) AS first, max({DAY}) AS last FROM events e WHERE {where} "
        "GROUP BY 1, 2 ORDER BY events DESC, source, target LIMIT ?"
    )
    rows = _rows(con, sql, [*params, limit])
    for row in rows:
        row["goldstein"] = _mean(row["goldstein"])
    return rows


def top_actors(con: duckdb.DuckDBPyConnection, flt: EventQuery, limit: int = 20) -> list[dict[str, Any]]:
    """The country-level actors in the most events (on either side; an event counts once per actor)."""
    where, params = flt.where()
    sql = (
        f"SELECT code, count(*) AS events FROM (SELECT DISTINCT doc_key, n, code FROM ("
        f"SELECT e.doc_key, e.n, unnest([{_level_sql('e.source_code')}, {_level_sql('e.target_code')}]) AS code "
        f"FROM events e WHERE {where})) GROUP BY code ORDER BY events DESC, code LIMIT ?"
    )
    return _rows(con, sql, [*params, limit])


def summary(con: duckdb.DuckDBPyConnection, flt: EventQuery) -> dict[str, Any]:
    """Count, mean Goldstein score and first and last day of the events that pass the filter."""
    where, params = flt.where()
    found = _rows(
        con,
        f"SELECT count(*) AS events, avg(e.goldstein) AS goldstein, min({DAY}) AS first, "
        f"max({DAY}) AS last FROM events e WHERE {where}",
        params,
    )[0]
    found["goldstein"] = _mean(found["goldstein"])
    return found


def timeline(con: duckdb.DuckDBPyConnection, flt: EventQuery, interval: str = "month") -> dict[str, Any]:
    """Events per interval: counts by quad class and the mean Goldstein score.

    Periods with no event are left out. `undated` counts events with neither an event
    date nor a publication date (they pass the filter but sit in no period).
    """
    if interval not in INTERVALS:
        raise ParamError("interval", f"interval must be one of {', '.join(INTERVALS)}, not {interval!r}")
    where, params = flt.where()
    quads = ", ".join(f"count(*) FILTER (WHERE e.quad_class = {q}) AS q{q}" for q in (1, 2, 3, 4))
    sql = (
        f"SELECT date_trunc(?, {DAY})::DATE AS period, count(*) AS events, {quads}, "
        "avg(e.goldstein) AS goldstein, count(*) FILTER (WHERE e.event_date IS NULL) AS dated_by_article "
        f"FROM events e WHERE {where} AND {DAY} IS NOT NULL GROUP BY 1 ORDER BY 1"
    )
    buckets = _rows(con, sql, [interval, *params])
    for b in buckets:
        b["goldstein"] = _mean(b["goldstein"])
        b["until"] = period_end(b["period"], interval)
    total = count_events(con, flt)
    return {
        "interval": interval,
        "total": total,
        "undated": total - sum(b["events"] for b in buckets),
        "buckets": buckets,
    }


def period_end(start: dt.date, interval: str) -> dt.date:
    """The last day of the period that begins on `start`."""
    if interval == "day":
        return start
    if interval == "week":
        return start + dt.timedelta(days=6)
    if interval == "month":
        nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(start.year, 12, 31)


# --- actors and quotes ------------------------------------------------------------------------


def actor_profile(
    con: duckdb.DuckDBPyConnection, code: str, flt: EventQuery, *, quotes: int = 20
) -> dict[str, Any] | None:
    """Roles, people, counterparts and quotes of the actors whose code starts with `code`; None if unseen.

    `flt` filters the events behind `roles` and `counterparts` (modality, dates).
    """
    where, params = flt.where()
    roles = _rows(
        con,
        f"""
        WITH ev AS (SELECT e.source_code AS code, 1 AS s, 0 AS t FROM events e
                    WHERE starts_with(e.source_code, ?) AND {where}
                    UNION ALL SELECT e.target_code, 0, 1 FROM events e WHERE starts_with(e.target_code, ?) AND {where}),
             m AS (SELECT code, count(*) AS mentions FROM mentions WHERE starts_with(code, ?) GROUP BY code),
             ev2 AS (SELECT code, sum(s) AS as_source, sum(t) AS as_target FROM ev GROUP BY code)
        SELECT * FROM (SELECT code, coalesce(m.mentions, 0) AS mentions,
                              coalesce(ev2.as_source, 0)::BIGINT AS as_source,
                              coalesce(ev2.as_target, 0)::BIGINT AS as_target
                       FROM m FULL JOIN ev2 USING (code))
        ORDER BY mentions + as_source + as_target DESC, code""",
        [code, *params, code, *params, code],
    )
    n_quotes = con.execute("SELECT count(*) FROM quotes WHERE starts_with(speaker_code, ?)", [code]).fetchall()[0][0]  # type: ignore[index]
    if not roles and not n_quotes:
        return None
    people = _rows(
        con,
        """
        SELECT name, code, kind, count(*) AS mentions FROM mentions
        WHERE starts_with(code, ?) AND kind IN ('person', 'institution') AND name IS NOT NULL
        GROUP BY ALL ORDER BY mentions DESC, name, code LIMIT 50""",
        [code],
    )
    return {
        "code": code,
        "roles": roles,
        "people": people,
        "counterparts": counterparts(con, code, flt),
        "quotes": search_quotes(con, speaker=code, limit=quotes)[1],
        "quote_count": int(n_quotes),
    }


def counterparts(con: duckdb.DuckDBPyConnection, code: str, flt: EventQuery, limit: int = 50) -> list[dict[str, Any]]:
    """The country-level actors on the other side of `code`'s events, with counts each way."""
    where, params = flt.where()
    other = (
        f"CASE WHEN starts_with(e.source_code, ?) THEN {_level_sql('e.target_code')} "
        f"ELSE {_level_sql('e.source_code')} END"
    )
    sql = f"""
        SELECT {other} AS code, count(*) FILTER (WHERE starts_with(e.source_code, ?)) AS as_source,
               count(*) FILTER (WHERE starts_with(e.target_code, ?)) AS as_target, count(*) AS events,
               avg(e.goldstein) AS goldstein
        FROM events e WHERE (starts_with(e.source_code, ?) OR starts_with(e.target_code, ?)) AND {where}
        GROUP BY 1 ORDER BY events DESC, code LIMIT ?"""
    rows = _rows(con, sql, [code, code, code, code, code, *params, limit])
    for row in rows:
        row["goldstein"] = _mean(row["goldstein"])
    return rows


QUOTE_SELECT = """
SELECT q.doc_key, q.n, d.doc_id, a.title, a.published, coalesce(a.url, d.url) AS url, q.text, q.start_char,
       q.end_char, q.speaker_name, q.speaker_code, q.speaker_text, q.speaker_start, q.speaker_end, q.verb
FROM quotes q
LEFT JOIN documents d ON d.doc_key = q.doc_key
LEFT JOIN articles a ON a.doc_key = q.doc_key
"""


def quote_filter(speaker: str | None, q: str | None) -> tuple[str, list[Any]]:
    """(SQL condition on `quotes q`, parameters): speaker by code prefix or by name, text by substring.

    A speaker in capitals (`IRNGOV`, `IRN`) is a code prefix; anything else (`rouhani`)
    is a case-insensitive part of the speaker's name.
    """
    conds, params = ["TRUE"], []
    if speaker and speaker.strip():
        speaker = speaker.strip()
        if _CODE.fullmatch(speaker):
            conds.append("starts_with(q.speaker_code, ?)")
            params.append(speaker)
        else:
            conds.append("q.speaker_name ILIKE ? ESCAPE '\\'")
            params.append(like_pattern(speaker))
    if q and q.strip():
        conds.append("q.text ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(q.strip()))
    return " AND ".join(conds), params


def search_quotes(
    con: duckdb.DuckDBPyConnection,
    *,
    speaker: str | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page of quotes), newest article first, then document key and position."""
    for name, value in (("speaker", speaker), ("q", q)):
        if value is not None and len(value) > MAX_Q:
            raise ParamError(name, f"{name} is limited to {MAX_Q} characters, not {len(value)}")
    where, params = quote_filter(speaker, q)
    total = con.execute(f"SELECT count(*) FROM quotes q WHERE {where}", params).fetchall()[0][0]  # type: ignore[index]
    rows = _rows(
        con,
        f"{QUOTE_SELECT} WHERE {where} ORDER BY a.published DESC NULLS LAST, q.doc_key, q.n LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return int(total), rows


# --- articles and the overview ----------------------------------------------------------------


def find_article(con: duckdb.DuckDBPyConnection, ident: str) -> dict[str, Any] | None:
    """An article by document key (or, failing that, by document id) with every span; None if absent."""
    sql = (
        "SELECT a.doc_key, a.doc_id, a.title, a.published, coalesce(a.url, d.url) AS url, a.dateline, a.language, "
        "a.body, d.source, d.outlet FROM articles a LEFT JOIN documents d ON d.doc_key = a.doc_key "
        "WHERE a.doc_key = ? OR (a.doc_id = ? AND NOT EXISTS (SELECT 1 FROM articles WHERE doc_key = ?)) "
        "ORDER BY a.doc_key LIMIT 1"
    )
    found = _rows(con, sql, [ident, ident, ident])
    if not found:
        return None
    article = found[0]
    key = [article["doc_key"]]
    article["mentions"] = _rows(
        con,
        "SELECT n, text, start_char, end_char, code, country, role, name, kind "
        "FROM mentions WHERE doc_key = ? ORDER BY n",
        key,
    )
    article["events"] = _rows(con, f"{EVENT_SELECT} WHERE e.doc_key = ? ORDER BY e.n", key)
    article["quotes"] = _rows(con, f"{QUOTE_SELECT} WHERE q.doc_key = ? ORDER BY q.n", key)
    return article


def overview(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Store-wide numbers for the overview page: table sizes, modalities, date range, last run."""
    one = lambda sql: first(con, sql)  # noqa: E731
    out: dict[str, Any] = {
        t: one(f"SELECT count(*) FROM {t}")[0]  # type: ignore[index]
        for t in ("documents", "articles", "events", "quotes", "failures")
    }
    out["modalities"] = dict(
        con.execute("SELECT modality, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    )
    out["first"], out["last"] = one(f"SELECT min({DAY}), max({DAY}) FROM events e WHERE e.modality = 'asserted'")  # type: ignore[misc]
    out["last_run"] = one("SELECT run_id, status, ended FROM runs ORDER BY run_id DESC LIMIT 1")
    return out


# --- labels -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _label_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(countries, organizations, roles): names from the shipped actor tables; empty if unreadable."""
    from dyads.actors.kb import data_dir

    def read(name: str, key: str) -> dict[str, str]:
        path = Path(data_dir()) / name
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                out: dict[str, str] = {}
                for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                    if row.get(key) and row.get("name"):
                        out.setdefault(row[key].strip(), row["name"].strip())  # the first name is the main one
                return out
        except (OSError, csv.Error, UnicodeError):  # labels are decoration: a missing table shows codes
            return {}

    return read("countries.tsv", "iso3"), read("igos.tsv", "code"), read("roles.tsv", "role")


def actor_label(code: str) -> str:
    """A readable name for a code: `Iran`, `Iran: Government`, `United Nations`; else the code."""
    countries, orgs, roles = _label_tables()
    if code in orgs:
        return orgs[code]
    base, role = code[:3], code[3:]
    name = countries.get(base)
    if name is None:
        return code
    if not role:
        return name
    return f"{name}: {roles.get(role, role)}"


@lru_cache(maxsize=1)
def cameo_labels() -> dict[str, str]:
    """CAMEO code -> label, from the shipped table; empty if it cannot be read."""
    from dyads.errors import KnowledgeError
    from dyads.events.verbs import load_cameo

    try:
        return {code: c.label for code, c in load_cameo().items()}
    except (KnowledgeError, OSError, ValueError, KeyError):
        return {}
