"""Issue 15, item 5: the /api index, CSV that matches the JSON, HEAD on every GET route, a 422 that
names the parameter for unknown values, and the map's data and bundled country shapes (docs/web.md).

Counts come from the store of the sample corpus, never from constants.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from html.parser import HTMLParser

import pytest

from .conftest import ROOT

STATIC = ROOT / "dyads" / "web" / "static"
SHAPES = STATIC / "countries-110m.geo.json"


@pytest.fixture()
def sql(web_app):
    cur = web_app.state.db.cursor()
    yield lambda query, *params: cur.execute(query, list(params)).fetchall()
    cur.close()


@pytest.fixture(scope="module")
def names(web_app):
    """Real values of the store for path parameters: an actor, a dyad's two sides, an article key."""
    cur = web_app.state.db.cursor()
    source, target = cur.execute(
        "SELECT left(source_code, 3), left(target_code, 3) FROM events WHERE modality = 'asserted' "
        "AND event_date IS NOT NULL AND left(source_code, 3) <> left(target_code, 3) ORDER BY doc_key, n LIMIT 1"
    ).fetchall()[0]
    doc_key = cur.execute("SELECT doc_key FROM events ORDER BY doc_key, n LIMIT 1").fetchall()[0][0]
    cur.close()
    return {"source": source, "target": target, "code": source, "ident": doc_key, "doc_key": doc_key, "n": "0"}


def _flat(row: dict, prefix: str = "") -> dict:
    """The test's own flattening of a JSON row: nested objects as parent.field."""
    out: dict = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _text(value: object) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return str(value).lower()
    return str(value)


def _csv(response) -> tuple[list[str], list[dict[str, str]]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(response.text))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


# --- /api -------------------------------------------------------------------------------------


def test_api_index_lists_every_endpoint_with_its_parameters(client):
    index = client.get("/api")
    assert index.status_code == 200
    listed = {(e["path"], e["method"]): e for e in index.json()["endpoints"]}
    spec = client.get("/openapi.json").json()["paths"]
    expected = {(path, method.upper()) for path, ops in spec.items() for method in ops}
    assert set(listed) == expected
    assert {p for p, _ in listed} >= {"/api", "/api/events", "/api/map", "/api/dyads", "/api/timeline", "/api/quotes"}
    for (path, method), endpoint in listed.items():
        assert endpoint["summary"], path
        documented = {p["name"] for p in spec[path][method.lower()].get("parameters", [])}
        assert {p["name"] for p in endpoint["parameters"]} == documented, path
        for param in endpoint["parameters"]:
            assert param["where"] in ("query", "path") and param["type"], (path, param)
    events = {p["name"]: p for p in listed[("/api/events", "GET")]["parameters"]}
    assert events["modality"]["enum"] and "asserted" in events["modality"]["enum"]
    assert events["format"]["enum"] == ["json", "csv"] and events["format"]["default"] == "json"
    assert events["quad"]["minimum"] == 1 and events["quad"]["maximum"] == 4
    assert listed[("/api/events", "GET")]["formats"] == ["json", "csv"]
    assert listed[("/api/articles/{ident}", "GET")]["formats"] == ["json"]


# --- CSV matches JSON -------------------------------------------------------------------------

LISTS = [
    ("/api/events", {"modality": "all", "limit": 500, "undated": "include"}, "events"),
    ("/api/events", {"quad": 1, "limit": 3, "offset": 2}, "events"),
    ("/api/map", {"modality": "all"}, "points"),
    ("/api/dyads", {"level": "actor", "limit": 50}, "dyads"),
    ("/api/actors", {"limit": 50}, "actors"),
    ("/api/timeline", {"interval": "week", "modality": "all"}, "buckets"),
    ("/api/dyads/{source}/{target}/timeline", {"both": "true", "interval": "day"}, "buckets"),
    ("/api/quotes", {"limit": 500}, "quotes"),
    ("/api/actors/{source}/roles", {}, "roles"),
    ("/api/actors/{source}/counterparts", {"modality": "all"}, "counterparts"),
]


@pytest.mark.parametrize(("path", "params", "key"), LISTS)
def test_csv_has_the_rows_and_columns_of_the_json(client, names, path, params, key):
    url = path.format(**names)
    body = client.get(url, params=params).json()
    rows = body[key]
    assert rows, f"{url} has no rows in the sample store: the comparison would be empty"
    header, csv_rows = _csv(client.get(url, params={**params, "format": "csv"}))
    flat = [_flat(r) for r in rows]
    for row in flat:  # every field is a column; a null object (no place) is the empty cells of its fields
        missing = {
            k for k in row if k not in header and not (row[k] is None and any(h.startswith(k + ".") for h in header))
        }
        assert not missing, missing
    assert len(csv_rows) == len(flat)
    for got, want in zip(csv_rows, flat):
        assert got == {name: _text(want.get(name)) for name in header}


def test_csv_carries_the_envelope_as_headers(client):
    page = client.get("/api/events", params={"limit": 2}).json()
    response = client.get("/api/events", params={"limit": 2, "format": "csv"})
    assert response.headers["x-total-count"] == str(page["total"])
    assert response.headers["x-next-offset"] == str(page["next_offset"])
    assert 'filename="events.csv"' in response.headers["content-disposition"]


def test_csv_of_no_rows_still_has_its_header(client):
    header, rows = _csv(client.get("/api/events", params={"q": "no sentence says this, surely", "format": "csv"}))
    assert rows == [] and {"id", "source.code", "place.lat", "sentence"} <= set(header)


def test_csv_cells_round_trip_quotes_commas_and_newlines():
    from dyads.web.models import ActorRow
    from dyads.web.tables import to_csv

    row = ActorRow(code="IRN", label='Iran, "the" Islamic\nRepublic', events=3, page="/actors/IRN")
    parsed = list(csv.DictReader(io.StringIO(to_csv(ActorRow, [row]))))
    assert parsed == [{"code": "IRN", "label": 'Iran, "the" Islamic\nRepublic', "events": "3", "page": "/actors/IRN"}]


class _Links(HTMLParser):
    """The CSV links of a page, and the ids of its event rows and the cells of its top-dyads table."""

    def __init__(self) -> None:
        super().__init__()
        self.csv: list[str] = []
        self.event_ids: list[str] = []
        self.dyad_links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "csv" in (a.get("class") or "").split():
            self.csv.append(a["href"])
        if tag == "tr" and a.get("data-id"):
            self.event_ids.append(a["data-id"])
        if tag == "a" and a.get("class") == "dyad-link":
            self.dyad_links.append(a["href"])


def _links(client, url) -> _Links:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = _Links()
    parser.feed(response.text)
    return parser


@pytest.mark.parametrize("page", ["/", "/events", "/events?quad=3", "/map", "/quotes", "/actors/{source}"])
def test_every_dashboard_table_has_a_csv_link_that_answers_csv(client, names, page):
    links = _links(client, page.format(**names))
    assert links.csv, page
    for href in links.csv:
        _csv(client.get(href))


@pytest.mark.parametrize("page", ["/events", "/events?modality=all&quad=1", "/dyads/{source}/{target}?both=true"])
def test_event_table_csv_is_the_rows_the_table_shows(client, names, page):
    links = _links(client, page.format(**names))
    href = next(h for h in links.csv if h.startswith("/api/events?"))
    _, rows = _csv(client.get(href))
    assert links.event_ids, page
    assert [r["id"] for r in rows[: len(links.event_ids)]] == links.event_ids  # same filter, same order
    total = client.get(href.replace("format=csv", "format=json")).json()["total"]
    assert len(rows) == min(total, 500)


def test_overview_top_dyads_csv_is_the_table(client):
    links = _links(client, "/")
    href = next(h for h in links.csv if h.startswith("/api/dyads?"))
    _, rows = _csv(client.get(href))
    assert [r["page"] for r in rows] == links.dyad_links


# --- HEAD -------------------------------------------------------------------------------------


def _routes(routes):
    """Every route, through the included routers (FastAPI keeps an included router's routes inside it)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        yield from _routes(inner.routes) if inner is not None else [route]


def _get_routes(app, names) -> list[str]:
    urls = []
    for route in _routes(app.routes):
        if "GET" not in (getattr(route, "methods", None) or set()):
            continue
        path = re.sub(r"\{(\w+)(:path)?\}", lambda m: names.get(m.group(1), "IRN"), route.path)
        urls.append(path)
    return urls


def test_head_answers_every_get_route_with_the_headers_only(web_app, client, names):
    urls = _get_routes(web_app, names) + ["/static/dashboard.css", "/static/countries-110m.geo.json", "/api/nowhere"]
    assert "/api" in urls and "/map" in urls and "/api/events" in urls
    for url in urls:
        got = client.get(url, follow_redirects=False)
        head = client.head(url, follow_redirects=False)
        assert head.status_code == got.status_code != 405, url
        assert head.content == b"", url
        assert head.headers.get("content-type") == got.headers.get("content-type"), url
        assert head.headers.get("content-length") == got.headers.get("content-length"), url


def test_other_methods_are_still_405(client):
    assert client.post("/api/events").status_code == 405
    assert client.delete("/map").status_code == 405


# --- unknown values: 422 naming the parameter -------------------------------------------------


@pytest.mark.parametrize(
    ("url", "param", "words"),
    [
        ("/api/events?code=19", "code", "root=19"),
        ("/api/events?code=999", "code", "not a CAMEO event code"),
        ("/api/events?code=0", "code", "digits"),
        ("/api/events?root=21", "root", "01 to 20"),
        ("/api/events?root=00", "root", "01 to 20"),
        ("/api/events?quad=5", "quad", "4"),
        ("/api/events?quad=0", "quad", "1"),
        ("/api/events?quad=conflict", "quad", "integer"),
        ("/api/events?modality=maybe", "modality", "asserted"),
        ("/api/events?format=xml", "format", "csv"),
        ("/api/map?quad=7", "quad", "4"),
        ("/api/map?code=19", "code", "root=19"),
        ("/api/dyads?code=19", "code", "root=19"),
        ("/api/actors?root=99", "root", "01 to 20"),
        ("/api/timeline?interval=hour", "interval", "day"),
        ("/api/quotes?format=tsv", "format", "csv"),
        ("/api/map?limit=100000", "limit", "10000"),
    ],
)
def test_unknown_values_are_422_naming_the_parameter(client, url, param, words):
    response = client.get(url)
    assert response.status_code == 422, url
    error = response.json()["error"]
    assert [d["param"] for d in error["details"]] == [param]
    assert words in error["message"]


@pytest.mark.parametrize("url", ["/events?code=19", "/map?quad=9", "/map?root=30", "/events?modality=maybe"])
def test_pages_answer_unknown_values_with_a_422_page(client, url):
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")


def test_a_code_of_the_store_is_known_even_outside_the_table(client, sql, monkeypatch):
    from dyads.web import queries

    code = sql("SELECT cameo FROM events WHERE modality = 'asserted' ORDER BY doc_key, n LIMIT 1")[0][0]
    table = {k: v for k, v in queries.cameo_labels().items() if k != code}
    monkeypatch.setattr(queries, "cameo_labels", lambda: table)  # as if a user's verbs file had added it
    assert client.get("/api/events", params={"code": code}).json()["total"] >= 1


def test_quad_filters_every_list(client, sql):
    total = client.get("/api/events").json()["total"]
    counts = []
    for quad in (1, 2, 3, 4):
        page = client.get("/api/events", params={"quad": quad, "limit": 500}).json()
        assert all(e["quad_class"] == quad for e in page["events"])
        counts.append(page["total"])
        dyads = client.get("/api/dyads", params={"quad": quad, "limit": 500}).json()["dyads"]
        assert sum(d["events"] for d in dyads) == page["total"]
        assert all(d[f"q{quad}"] == d["events"] for d in dyads)
    assert sum(counts) == total


# --- the map ----------------------------------------------------------------------------------


def test_map_endpoint_gives_the_located_events(client, sql):
    body = client.get("/api/map", params={"modality": "all", "undated": "include"}).json()
    located = sql("SELECT count(*) FROM events WHERE place_lat IS NOT NULL AND place_lon IS NOT NULL")[0][0]
    everything = sql("SELECT count(*) FROM events")[0][0]
    assert body["total"] == located > 0
    assert body["total"] + body["not_located"] == everything
    assert len(body["points"]) == min(located, body["limit"])
    for p in body["points"]:
        doc_key, n = p["id"].split(":")
        lat, lon, quad, sentence = sql(
            "SELECT place_lat, place_lon, quad_class, sentence FROM events WHERE doc_key = ? AND n = ?", doc_key, int(n)
        )[0]
        assert (p["lat"], p["lon"], p["quad_class"], p["sentence"]) == (lat, lon, quad, sentence)
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180
        assert p["article"] == f"/articles/{doc_key}?event={n}#selected"
        assert client.get(p["article"]).status_code == 200


def test_map_endpoint_takes_the_event_filter_and_pages(client):
    whole = client.get("/api/map", params={"modality": "all"}).json()
    for quad in (1, 4):
        part = client.get("/api/map", params={"modality": "all", "quad": quad}).json()
        assert part["total"] == sum(p["quad_class"] == quad for p in whole["points"])
    first = client.get("/api/map", params={"modality": "all", "limit": 2}).json()
    second = client.get("/api/map", params={"modality": "all", "limit": 2, "offset": 2}).json()
    assert [p["id"] for p in first["points"] + second["points"]] == [p["id"] for p in whole["points"][:4]]
    events = client.get("/api/events", params={"modality": "all", "limit": 500}).json()
    assert set(p["id"] for p in whole["points"]) <= {e["id"] for e in events["events"]}


def test_map_page_uses_the_bundled_shapes_and_the_map_endpoint(client):
    page = client.get("/map?quad=4").text
    assert 'data-map="/api/map?quad=4"' in page
    assert 'data-countries="/static/countries-110m.geo.json"' in page
    assert "https://" not in page and "http://" not in page  # no tile server, no CDN


def test_country_shapes_are_bundled_small_and_licensed(client):
    assert SHAPES.stat().st_size < 1_000_000
    shapes = json.loads(SHAPES.read_text(encoding="utf-8"))
    assert shapes["type"] == "FeatureCollection" and len(shapes["features"]) > 150
    names = {f["properties"]["name"] for f in shapes["features"]}
    assert {"Iran", "Brazil", "Japan", "Nigeria"} <= names
    for feature in shapes["features"]:
        polygons = feature["geometry"]["coordinates"]
        if feature["geometry"]["type"] == "Polygon":
            polygons = [polygons]
        for ring in (r for poly in polygons for r in poly):
            assert len(ring) >= 3
            assert all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in ring)
    licence = (STATIC / "countries-110m.geo.json.LICENSE").read_text(encoding="utf-8")
    assert "Natural Earth" in licence and "ISC" in licence and "world-atlas" in licence
    served = client.get("/static/countries-110m.geo.json")
    assert served.status_code == 200 and served.json()["features"][0] == shapes["features"][0]


def test_world_geojson_decodes_a_quantized_topology():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import world_geojson
    finally:
        sys.path.pop(0)
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [-10, 20]},
        "arcs": [[[0, 0], [4, 0], [0, 4]], [[4, 4], [-4, 0], [0, -4]]],  # deltas: a square in two arcs
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "id": "001", "properties": {"name": "Square"}},
                    {"type": "Polygon", "arcs": [[~1, ~0]], "id": "002", "properties": {"name": "Reversed"}},
                    {"type": None, "id": "003", "properties": {"name": "No shape"}},
                ],
            }
        },
    }
    out = world_geojson.convert(topology)
    assert [f["id"] for f in out["features"]] == ["001", "002"]
    square = out["features"][0]["geometry"]["coordinates"][0]
    assert square == [[-10.0, 20.0], [-8.0, 20.0], [-8.0, 21.0], [-10.0, 21.0], [-10.0, 20.0]]
    assert out["features"][1]["geometry"]["coordinates"][0] == square[::-1]
