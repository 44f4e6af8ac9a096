"""The SQL behind the web API and pages: every value a bound parameter (docs/web.md).

Filters become a WHERE clause with `?` placeholders; identifiers (columns, the unit of
`date_trunc`) come only from constants in this module, never from a request.

The filter, its date rule (the event date; undated events left out only under since/until)
and the prefix rule for actor codes are the store's query layer (dyads/store/query.py),
shared with the CLI and the exporters; this module adds the aggregates of the pages.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from functools import lru_cache
from typing import Any

import duckdb

from dyads.store.db import first
from dyads.store.query import (
    CODE_PATTERN,
    DATE,
    DATE_PATTERN,
    DYAD_PATTERN,
    MAX_Q,
    EventFilter,
    ParamError,
    actor_code,
    count_events,
    count_undated,
    left_out,
    like_pattern,
    parse_dyad,
)

__all__ = [  # the query layer's names are re-exported: the API and the pages take them from here
    "CODE_PATTERN",
    "DATE",
    "DATE_PATTERN",
    "DYAD_PATTERN",
    "MAX_Q",
    "EventFilter",
    "ParamError",
    "actor_code",
    "count_events",
    "count_undated",
    "left_out",
    "like_pattern",
    "parse_dyad",
    "list_events",
    "map_events",
    "check_known",
    "top_dyads",
    "top_actors",
    "summary",
    "timeline",
    "period_end",
    "actor_profile",
    "counterparts",
    "quote_filter",
    "search_quotes",
    "find_article",
    "overview",
    "actor_label",
    "cameo_labels",
    "DAY",
    "ORG_PREFIXES",
    "INTERVALS",
    "MAX_LIMIT",
    "MAP_LIMIT",
    "MAP_MAX",
    "EVENT_SELECT",
    "QUOTE_SELECT",
]

DAY = DATE  # the day an event is counted on: its event date (dyads/store/query.py)
ORG_PREFIXES = ("IGO", "NGO", "MNC")  # codes that name an organization, not a country
INTERVALS = ("day", "week", "month", "year")
MAX_LIMIT = 500  # rows per page, the API's cap
MAP_LIMIT = 2000  # points per map page, by default
MAP_MAX = 10_000  # and at most
LOCATED = "e.place_lat IS NOT NULL AND e.place_lon IS NOT NULL"

_CODE = re.compile(r"[A-Z]{3,24}")


def _level_sql(col: str) -> str:
    """SQL for the country-level code of a column: IRNGOV -> IRN; organizations keep their code (IGOUNO)."""
    orgs = ", ".join(f"'{p}'" for p in ORG_PREFIXES)
    return f"CASE WHEN left({col}, 3) IN ({orgs}) THEN {col} ELSE left({col}, 3) END"


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


def list_events(
    con: duckdb.DuckDBPyConnection, flt: EventFilter, *, limit: int = 50, offset: int = 0, newest_first: bool = False
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


def map_events(
    con: duckdb.DuckDBPyConnection, flt: EventFilter, *, limit: int = MAP_LIMIT, offset: int = 0
) -> tuple[int, int, list[dict[str, Any]]]:
    """(located, not located, one page of the located events) of the events that pass the filter.

    Located: the event's place has coordinates. The order is that of `list_events`.
    """
    where, params = flt.where()
    row = first(con, f"SELECT count(*) FILTER (WHERE {LOCATED}), count(*) FROM events e WHERE {where}", params)
    located, total = (int(row[0]), int(row[1])) if row else (0, 0)
    order = f"{DAY} ASC NULLS LAST, e.doc_key ASC, e.n ASC"
    rows = _rows(
        con, f"{EVENT_SELECT} WHERE {where} AND {LOCATED} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset]
    )
    return located, total - located, rows


def check_known(flt: EventFilter, con: duckdb.DuckDBPyConnection | None = None) -> EventFilter:
    """`flt`, or ParamError for a CAMEO root or code that neither the CAMEO table nor the store has.

    Such a value is well formed but matches no event, so a request with it would silently
    return nothing; `code=19` (a root, not an event code) says to use `root=19`. A code that
    is not in the table but is in the store's events (a user's verb dictionary) is taken.
    """
    table = cameo_labels()
    if not table:  # the table could not be read: no check beyond the form
        return flt
    roots = sorted(c for c in table if len(c) == 2)
    if flt.root is not None and flt.root not in roots:
        raise ParamError("root", f"root must be a CAMEO root from {roots[0]} to {roots[-1]}, not {flt.root!r}")
    if flt.code is not None:
        if len(flt.code) == 2:
            hint = f"; {flt.code!r} is a root: use root={flt.code}" if flt.code in roots else ""
            raise ParamError("code", f"code must be a CAMEO event code of 3 or 4 digits such as 190{hint}")
        if flt.code not in table and not (
            con and first(con, "SELECT 1 FROM events WHERE cameo = ? LIMIT 1", [flt.code])
        ):
            raise ParamError("code", f"code {flt.code!r} is not a CAMEO event code (nor a code of this store)")
    return flt


# --- dyads and timelines ----------------------------------------------------------------------


def top_dyads(
    con: duckdb.DuckDBPyConnection, flt: EventFilter, *, level: str = "country", limit: int = 20
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


def top_actors(con: duckdb.DuckDBPyConnection, flt: EventFilter, limit: int = 20) -> list[dict[str, Any]]:
    """The country-level actors in the most events (on either side; an event counts once per actor)."""
    where, params = flt.where()
    sql = (
        f"SELECT code, count(*) AS events FROM (SELECT DISTINCT doc_key, n, code FROM ("
        f"SELECT e.doc_key, e.n, unnest([{_level_sql('e.source_code')}, {_level_sql('e.target_code')}]) AS code "
        f"FROM events e WHERE {where})) GROUP BY code ORDER BY events DESC, code LIMIT ?"
    )
    return _rows(con, sql, [*params, limit])


def summary(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> dict[str, Any]:
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


def timeline(con: duckdb.DuckDBPyConnection, flt: EventFilter, interval: str = "month") -> dict[str, Any]:
    """Events per interval: counts by quad class and the mean Goldstein score.

    Periods with no event are left out. `undated` counts the events that pass every other
    part of the filter but have no event date: they sit in no period, and count in `total`
    when the filter takes them (no since/until, or undated=include).
    """
    if interval not in INTERVALS:
        raise ParamError("interval", f"interval must be one of {', '.join(INTERVALS)}, not {interval!r}")
    where, params = flt.where()
    quads = ", ".join(f"count(*) FILTER (WHERE e.quad_class = {q}) AS q{q}" for q in (1, 2, 3, 4))
    sql = (
        f"SELECT date_trunc(?, {DAY})::DATE AS period, count(*) AS events, {quads}, "
        "avg(e.goldstein) AS goldstein, count(*) FILTER (WHERE e.event_date = e.reported) AS dated_by_article "
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
        "undated": count_undated(con, flt),
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
    con: duckdb.DuckDBPyConnection, code: str, flt: EventFilter, *, quotes: int = 20
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
    n_quotes = con.execute("SELECT count(*) FROM quotes WHERE starts_with(speaker_code, ?)", [code]).fetchall()[0][0]
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


def counterparts(con: duckdb.DuckDBPyConnection, code: str, flt: EventFilter, limit: int = 50) -> list[dict[str, Any]]:
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
    total = con.execute(f"SELECT count(*) FROM quotes q WHERE {where}", params).fetchall()[0][0]
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

    def one(sql: str) -> tuple[Any, ...]:
        return first(con, sql) or (None, None, None)

    out: dict[str, Any] = {
        t: one(f"SELECT count(*) FROM {t}")[0] for t in ("documents", "articles", "events", "quotes", "failures")
    }
    out["modalities"] = dict(
        con.execute("SELECT modality, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    )
    out["first"], out["last"] = one(f"SELECT min({DAY}), max({DAY}) FROM events e WHERE e.modality = 'asserted'")
    out["last_run"] = first(con, "SELECT run_id, status, ended FROM runs ORDER BY run_id DESC LIMIT 1")
    return out


# --- labels -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _label_tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(countries, organizations, roles): names from the shipped actor tables; empty if unreadable."""
    from dyads.paths import data_dir

    def read(name: str, key: str) -> dict[str, str]:
        path = data_dir("actors", name)
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
