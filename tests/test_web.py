"""The JSON API and pages over a store of the sample corpus (docs/web.md).

Counts come from the store itself, never from constants: the sample corpus codes to
more events as the dictionaries grow, and these tests assert relations, not numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from dyads.web.pages import Mark, highlight
from dyads.web.queries import MAX_LIMIT, EventFilter, ParamError, period_end


@pytest.fixture()
def sql(web_app):
    """Run SQL on the served store: sql(query, *params) -> rows."""
    cur = web_app.state.db.cursor()
    yield lambda query, *params: cur.execute(query, list(params)).fetchall()
    cur.close()


@pytest.fixture(scope="session")
def top(web_app):
    """The sample corpus' most frequent country-level dyad and a full-code one: (source, target)."""
    from dyads.web.queries import top_dyads

    cur = web_app.state.db.cursor()
    country = top_dyads(cur, EventFilter(), level="country", limit=1)
    actor = top_dyads(cur, EventFilter(), level="actor", limit=1)
    cur.close()
    assert country and actor, "the sample corpus codes to no asserted event"
    return (country[0]["source"], country[0]["target"]), (actor[0]["source"], actor[0]["target"])


DATED = "event_date IS NOT NULL"  # the date rule: since/until (or undated=exclude) leave undated events out


def _all_events(client, **params):
    """Every event of a filter, walking the pages."""
    out, offset = [], 0
    while True:
        page = client.get("/api/events", params={**params, "limit": 7, "offset": offset}).json()
        out += page["events"]
        if page["next_offset"] is None:
            return page["total"], out
        offset = page["next_offset"]


# --- events -----------------------------------------------------------------------------------


def test_web_events_total_is_the_asserted_events_of_the_store(client, sql):
    asserted = sql("SELECT count(*) FROM events WHERE modality = 'asserted'")[0][0]
    undated = sql("SELECT count(*) FROM events WHERE modality = 'asserted' AND event_date IS NULL")[0][0]
    assert undated > 0  # the samples have undated events: the rule below is exercised
    body = client.get("/api/events").json()  # no date range: undated events are in
    assert (body["total"], body["left_out"]) == (asserted, 0)
    assert all(e["modality"] == "asserted" for e in body["events"])
    excluded = client.get("/api/events", params={"undated": "exclude"}).json()
    assert (excluded["total"], excluded["left_out"]) == (asserted - undated, undated)
    ranged = client.get("/api/events", params={"since": "1900-01-01"}).json()  # a range leaves them out
    assert (ranged["total"], ranged["left_out"]) == (asserted - undated, undated)
    every = client.get("/api/events", params={"modality": "all", "since": "1900-01-01", "undated": "include"}).json()
    assert every["total"] == sql("SELECT count(*) FROM events")[0][0] and every["left_out"] == 0


def test_web_events_pages_are_stable_and_complete(client):
    total, events = _all_events(client, modality="all")
    ids = [e["id"] for e in events]
    assert len(ids) == total == len(set(ids))
    assert [e["id"] for e in _all_events(client, modality="all")[1]] == ids  # same order again
    days = [e["day"] for e in events if e["day"]]
    assert days == sorted(days)
    newest = client.get("/api/events", params={"modality": "all", "order": "desc", "limit": MAX_LIMIT}).json()
    # newest first: the dated events in reverse, then the undated ones (last in either order)
    dated = [e["id"] for e in events if e["day"]]
    undated = [e["id"] for e in events if not e["day"]]
    assert undated and ids == dated + undated
    assert [e["id"] for e in newest["events"]] == (dated[::-1] + undated[::-1])[: len(newest["events"])]


@pytest.mark.parametrize("level", ["country", "actor"])
def test_web_events_dyad_matches_codes_by_prefix(client, sql, top, level):
    source, target = top[0] if level == "country" else top[1]
    total, events = _all_events(client, dyad=f"{source}-{target}")
    assert (
        total
        == sql(
            "SELECT count(*) FROM events WHERE modality = 'asserted' AND starts_with(source_code, ?) "
            "AND starts_with(target_code, ?)",
            source,
            target,
        )[0][0]
    )
    assert total > 0
    assert all(e["source"]["code"].startswith(source) and e["target"]["code"].startswith(target) for e in events)


def test_web_events_dyad_either_direction_is_both_directed_dyads(client, top):
    source, target = top[0]
    there = {e["id"] for e in _all_events(client, dyad=f"{source}-{target}")[1]}
    back = {e["id"] for e in _all_events(client, dyad=f"{target}-{source}")[1]}
    either = {e["id"] for e in _all_events(client, dyad=f"{source}~{target}")[1]}
    assert either == there | back


def test_web_events_dyad_lower_case_is_upper_cased(client, top):
    source, target = top[0]
    lower = client.get("/api/events", params={"dyad": f"{source.lower()}-{target.lower()}"}).json()
    assert lower["total"] == client.get("/api/events", params={"dyad": f"{source}-{target}"}).json()["total"]


@pytest.mark.parametrize("name", ["actor", "root", "code", "modality", "since", "until", "q"])
def test_web_events_each_filter_holds_for_every_event(client, sql, top, name):
    row = sql(
        "SELECT source_code, root, cameo, modality, event_date, sentence FROM events "
        f"WHERE (modality = 'negated' OR modality = 'asserted') AND {DATED} ORDER BY modality DESC, doc_key, n LIMIT 1"
    )[0]
    word = max(re.findall(r"[A-Za-z]{5,}", row[5]), key=len)
    value = {
        "actor": top[0][0],
        "root": row[1],
        "code": row[2],
        "modality": row[3],
        "since": row[4],
        "until": row[4],
        "q": word.upper(),
    }[name]
    params = {name: str(value)} if name == "modality" else {name: str(value), "modality": "all"}
    total, events = _all_events(client, **params)
    assert total >= 1
    check = {
        "actor": lambda e: value in (e["source"]["code"][: len(value)], e["target"]["code"][: len(value)]),
        "root": lambda e: e["root"] == value,
        "code": lambda e: e["cameo"] == value,
        "modality": lambda e: e["modality"] == value,
        "since": lambda e: e["day"] >= str(value),
        "until": lambda e: e["day"] <= str(value),
        "q": lambda e: (
            word.lower() in " ".join(filter(None, (e["sentence"], e["source"]["name"], e["target"]["name"]))).lower()
        ),
    }[name]
    assert all(check(e) for e in events)


def test_web_events_carry_their_evidence_span(client, sql):
    for e in client.get("/api/events", params={"modality": "all", "limit": MAX_LIMIT}).json()["events"]:
        body = sql("SELECT body FROM articles WHERE doc_key = ?", e["doc_key"])[0][0]
        assert 0 <= e["start"] < e["end"] <= len(body)
        assert e["article"].startswith(f"/articles/{e['doc_key']}?event={e['n']}")
        assert e["day"] == e["date"]


# --- dyads and timelines ----------------------------------------------------------------------


def test_web_dyads_are_ordered_and_count_like_the_events_endpoint(client):
    dyads = client.get("/api/dyads", params={"limit": 5}).json()["dyads"]
    assert 0 < len(dyads) <= 5
    assert [d["events"] for d in dyads] == sorted((d["events"] for d in dyads), reverse=True)
    for d in dyads:
        total, events = _all_events(client, dyad=d["dyad"])
        assert total == d["events"] == d["q1"] + d["q2"] + d["q3"] + d["q4"]
        assert d["goldstein"] == pytest.approx(sum(e["goldstein"] for e in events) / total, abs=0.006)
        days = [e["day"] for e in events if e["day"]]  # undated events count, but have no day
        assert d["first"] == min(days, default=None) and d["last"] == max(days, default=None)


def test_web_dyads_actor_level_keeps_full_codes(client, sql):
    dyads = client.get("/api/dyads", params={"level": "actor", "limit": MAX_LIMIT}).json()["dyads"]
    pairs = {(d["source"], d["target"]): d["events"] for d in dyads}
    assert pairs == dict(
        ((s, t), n)
        for s, t, n in sql(
            "SELECT source_code, target_code, count(*) FROM events WHERE modality = 'asserted' GROUP BY 1, 2"
        )
    )


@pytest.mark.parametrize("interval", ["day", "week", "month", "year"])
def test_web_timeline_total_is_the_dyads_asserted_events(client, sql, top, interval):
    source, target = top[0]
    body = client.get(f"/api/dyads/{source}/{target}/timeline", params={"interval": interval}).json()
    assert (
        body["total"]
        == sql(
            "SELECT count(*) FROM events WHERE modality = 'asserted' AND "
            "starts_with(source_code, ?) AND starts_with(target_code, ?)",
            source,
            target,
        )[0][0]
    )
    assert body["total"] == sum(b["events"] for b in body["buckets"]) + body["undated"]  # undated: in no period
    assert (
        body["undated"]
        == sql(
            "SELECT count(*) FROM events WHERE modality = 'asserted' AND event_date IS NULL AND "
            "starts_with(source_code, ?) AND starts_with(target_code, ?)",
            source,
            target,
        )[0][0]
    )
    for b in body["buckets"]:
        start = dt.date.fromisoformat(b["period"])
        assert b["events"] == b["q1"] + b["q2"] + b["q3"] + b["q4"]
        assert b["until"] == str(period_end(start, interval))
        assert interval != "week" or start.weekday() == 0
        assert interval not in ("month", "year") or start.day == 1
        rows = client.get(
            "/api/events",
            params={"dyad": f"{source}-{target}", "since": b["period"], "until": b["until"], "limit": MAX_LIMIT},
        ).json()
        assert rows["total"] == b["events"]
        assert b["goldstein"] == pytest.approx(sum(e["goldstein"] for e in rows["events"]) / b["events"], abs=0.006)


def test_web_timeline_both_directions_and_whole_store(client, sql, top):
    source, target = top[0]
    both = client.get(f"/api/dyads/{source}/{target}/timeline", params={"both": "true"}).json()
    assert both["dyad"] == f"{source}~{target}"
    assert both["total"] == client.get("/api/events", params={"dyad": f"{source}~{target}"}).json()["total"]
    whole = client.get("/api/timeline").json()
    assert whole["total"] == sql("SELECT count(*) FROM events WHERE modality = 'asserted'")[0][0]
    excluded = client.get("/api/timeline", params={"undated": "exclude"}).json()
    assert excluded["total"] == sql(f"SELECT count(*) FROM events WHERE modality = 'asserted' AND {DATED}")[0][0]
    assert excluded["total"] == whole["total"] - whole["undated"] == sum(b["events"] for b in whole["buckets"])


def test_web_period_end_covers_each_interval():
    assert period_end(dt.date(2024, 2, 1), "month") == dt.date(2024, 2, 29)
    assert period_end(dt.date(2023, 12, 1), "month") == dt.date(2023, 12, 31)
    assert period_end(dt.date(2024, 1, 1), "year") == dt.date(2024, 12, 31)
    assert period_end(dt.date(2024, 1, 1), "week") == dt.date(2024, 1, 7)


# --- actors, quotes, articles -----------------------------------------------------------------


def test_web_actor_has_roles_counterparts_and_quotes(client, sql):
    code = sql(
        "SELECT left(speaker_code, 3) FROM quotes WHERE speaker_code IS NOT NULL "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    )[0][0]
    body = client.get(f"/api/actors/{code}").json()
    assert body["code"] == code and body["label"]
    assert body["roles"] and all(r["code"].startswith(code) for r in body["roles"])
    involved = client.get("/api/events", params={"actor": code}).json()["total"]
    assert sum(c["events"] for c in body["counterparts"]) == involved
    assert body["quote_count"] == sql("SELECT count(*) FROM quotes WHERE starts_with(speaker_code, ?)", code)[0][0]
    assert body["quotes"] and all(q["speaker"]["code"].startswith(code) for q in body["quotes"])
    assert all(c["page"].startswith(f"/dyads/{code}/") for c in body["counterparts"])


def test_web_actor_unknown_is_404(client):
    response = client.get("/api/actors/ZZZQX")
    assert response.status_code == 404
    assert "ZZZQX" in response.json()["error"]["message"]


def test_web_quotes_by_speaker_code_name_and_text(client, sql):
    name, code, text = sql(
        "SELECT speaker_name, speaker_code, text FROM quotes WHERE speaker_code IS NOT NULL "
        "AND speaker_name IS NOT NULL ORDER BY doc_key, n LIMIT 1"
    )[0]
    by_code = client.get("/api/quotes", params={"speaker": code}).json()
    assert by_code["total"] == sql("SELECT count(*) FROM quotes WHERE starts_with(speaker_code, ?)", code)[0][0]
    part = name.split()[-1].lower()
    by_name = client.get("/api/quotes", params={"speaker": part, "limit": MAX_LIMIT}).json()
    assert by_name["total"] >= 1 and all(part in q["speaker"]["name"].lower() for q in by_name["quotes"])
    word = max(re.findall(r"\w{4,}", text), key=len)
    by_text = client.get("/api/quotes", params={"q": word.upper(), "limit": MAX_LIMIT}).json()
    assert all(word.lower() in q["text"].lower() for q in by_text["quotes"]) and by_text["total"] >= 1
    assert client.get("/api/quotes").json()["total"] == sql("SELECT count(*) FROM quotes")[0][0]


def test_web_article_has_every_span(client, sql):
    doc_key, doc_id = sql(
        "SELECT e.doc_key, any_value(a.doc_id) FROM events e JOIN articles a USING (doc_key) "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    )[0]
    body = client.get(f"/api/articles/{doc_key}").json()
    text = body["body"]
    assert len(body["actors"]) == sql("SELECT count(*) FROM mentions WHERE doc_key = ?", doc_key)[0][0]
    assert len(body["events"]) == sql("SELECT count(*) FROM events WHERE doc_key = ?", doc_key)[0][0]
    assert len(body["quotes"]) == sql("SELECT count(*) FROM quotes WHERE doc_key = ?", doc_key)[0][0]
    assert all(text[a["start"] : a["end"]] == a["text"] for a in body["actors"])
    assert all(text[q["start"] : q["end"]] == q["text"] for q in body["quotes"])
    assert all(0 <= e["start"] < e["end"] <= len(text) for e in body["events"])
    assert client.get(f"/api/articles/{doc_id}").json()["doc_key"] == doc_key  # by id too


def test_web_article_unknown_is_404(client):
    response = client.get("/api/articles/no-such-article")
    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


# --- errors: one shape, clear messages --------------------------------------------------------


@pytest.mark.parametrize(
    "url,status,words",
    [
        ("/api/events?limit=501", 422, "500"),
        ("/api/events?limit=0", 422, "limit"),
        ("/api/events?offset=-1", 422, "offset"),
        ("/api/events?since=2020-02-30", 422, "since"),
        ("/api/events?since=2020-03-01&until=2020-02-01", 422, "before"),
        ("/api/events?dyad=IRN--USA", 422, "IRN-USA"),
        ("/api/events?dyad=IRN", 422, "dyad"),
        ("/api/events?actor=I1", 422, "actor code"),
        ("/api/events?root=123", 422, "two-digit"),
        ("/api/events?code=12a", 422, "CAMEO code"),
        ("/api/events?modality=maybe", 422, "asserted"),
        ("/api/events?order=sideways", 422, "order"),
        ("/api/events?dyda=IRN-USA", 422, "unknown parameter 'dyda'"),
        ("/api/events?q=" + "x" * 201, 422, "q"),
        ("/api/dyads?level=planet", 422, "level"),
        ("/api/dyads/IRN/USA/timeline?interval=hour", 422, "interval"),
        ("/api/dyads/IR/USA/timeline", 422, "source"),
        ("/api/actors/12", 422, "actor code"),
        ("/api/quotes?limit=100000", 422, "limit"),
        ("/api/nowhere", 404, "/api/nowhere"),
        ("/api/articles/nope", 404, "nope"),
    ],
)
def test_web_errors_have_one_shape(client, url, status, words):
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "title", "message", "details"}
    assert body["error"]["status"] == status and body["error"]["title"]
    assert words in body["error"]["message"]
    if status == 422:
        assert body["error"]["details"] and all(d["param"] and d["message"] for d in body["error"]["details"])


def test_web_method_not_allowed_has_the_same_shape(client):
    response = client.post("/api/events")
    assert response.status_code == 405
    assert response.json()["error"]["status"] == 405


def test_web_page_errors_are_pages(client):
    response = client.get("/articles/nope", headers={"Accept": "text/html"})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "nope" in response.text
    assert client.get("/dyads/I1/USA", headers={"Accept": "text/html"}).status_code == 422


def test_web_param_error_names_its_parameter():
    with pytest.raises(ParamError) as err:
        EventFilter(dyad="IRN-USA-RUS")
    assert err.value.param == "dyad"


# --- the spec ---------------------------------------------------------------------------------


def test_web_openapi_documents_every_endpoint_and_the_error_shape(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/events",
        "/api/dyads",
        "/api/dyads/{source}/{target}/timeline",
        "/api/actors/{code}",
        "/api/quotes",
        "/api/articles/{ident}",
        "/api/timeline",
    ):
        assert path in paths, path
        assert paths[path]["get"]["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
            "/ErrorOut"
        )
    params = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert params == {
        *("actor", "dyad", "root", "code", "quad", "modality", "since", "until", "q", "undated"),
        *("limit", "offset", "order", "format"),
    }
    patterns = {p["name"]: p["schema"] for p in paths["/api/events"]["get"]["parameters"]}

    def pattern(schema: dict) -> str | None:
        return next((s.get("pattern") for s in schema.get("anyOf", [schema]) if s.get("pattern")), None)

    assert pattern(patterns["actor"]) and pattern(patterns["dyad"])
    assert pattern(patterns["since"]) == pattern(patterns["until"]) == r"^\d{4}-\d{2}-\d{2}$"
    timeline = {p["name"]: p["schema"] for p in paths["/api/dyads/{source}/{target}/timeline"]["get"]["parameters"]}
    assert pattern(timeline["source"]) and pattern(timeline["target"])
    assert not any(path.startswith(("/articles", "/dyads", "/fragments")) for path in paths)  # pages stay out


# --- security defaults ------------------------------------------------------------------------


def test_web_no_cors_header_by_default(client):
    response = client.get("/api/events", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers


def test_web_cors_only_for_named_origins(web_store):
    from fastapi.testclient import TestClient

    from dyads.web import create_app

    client = TestClient(create_app(web_store, cors_origins=["http://localhost:3000"]))
    ok = client.get("/api/events", headers={"Origin": "http://localhost:3000"})
    assert ok.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert (
        "access-control-allow-origin" not in client.get("/api/events", headers={"Origin": "http://x.example"}).headers
    )


@pytest.mark.parametrize("q", ["'; DROP TABLE events; --", "%", "_", "\\", "' OR 1=1 --", '") OR TRUE --'])
def test_web_filters_are_bound_parameters(client, sql, q):
    before = sql("SELECT count(*) FROM events")[0][0]
    for url, params in (("/api/events", {"q": q}), ("/api/quotes", {"q": q, "speaker": q})):
        response = client.get(url, params=params)
        assert response.status_code == 200
    texts = sql("SELECT sentence, source_name, target_name FROM events WHERE modality = 'asserted'")
    expected = sum(any(q.lower() in (t or "").lower() for t in row) for row in texts)
    assert client.get("/api/events", params={"q": q}).json()["total"] == expected
    assert sql("SELECT count(*) FROM events")[0][0] == before


def test_web_store_is_read_only_without_file_access(web_app):
    import duckdb

    cur = web_app.state.db.cursor()
    with pytest.raises(duckdb.Error):
        cur.execute("DELETE FROM events")
    with pytest.raises(duckdb.Error):
        cur.execute("SELECT * FROM read_csv('/etc/hostname')")
    with pytest.raises(duckdb.Error):
        cur.execute("SET enable_external_access = true")
    cur.close()


def test_web_serve_binds_loopback_by_default():
    from dyads.cli.serve import _loopback, serve_cmd

    defaults = serve_cmd.make_context("serve", []).params
    assert defaults["host"] == "127.0.0.1" and defaults["port"] == 8000 and not defaults["cors_origins"]
    assert _loopback("127.0.0.1") and _loopback("::1") and not _loopback("0.0.0.0")


def test_web_serve_missing_store_is_a_setup_error(runner, tmp_path):
    from dyads.cli.main import main

    result = runner.invoke(main, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 3
    assert "does not exist" in result.output


def test_web_pages_carry_security_headers(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


# --- pages ------------------------------------------------------------------------------------


class _Spans(HTMLParser):
    """Text of the highlighted spans of `ref` (ev0, q1) that are selected, and every script's src."""

    def __init__(self, ref: str = "") -> None:
        super().__init__()
        self.ref = ref
        self.depth = 0
        self.selected: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs.get("src") or "")
        if (
            tag == "span"
            and "selected" in (attrs.get("class") or "").split()
            and self.ref in (attrs.get("data-refs") or "").split()
        ):
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "span" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.selected.append(data)


@pytest.mark.parametrize("path", ["/", "/events", "/quotes", "/quotes?speaker=USA&q=the"])
def test_web_pages_render_with_local_scripts_only(client, path):
    response = client.get(path)
    assert response.status_code == 200 and "<h1>" in response.text
    spans = _Spans()
    spans.feed(response.text)
    assert all(src.startswith("/static/") for src in spans.scripts)  # no CDN, no inline script


def test_web_overview_links_top_dyads(client, top):
    source, target = top[0]
    assert f'href="/dyads/{source}/{target}"' in client.get("/").text


def test_web_dyad_page_has_timeline_and_events(client, top):
    source, target = top[0]
    page = client.get(f"/dyads/{source}/{target}").text
    assert f'data-timeline="/api/dyads/{source}/{target}/timeline?interval=month' in page
    total = client.get("/api/events", params={"dyad": f"{source}-{target}"}).json()["total"]
    assert page.count('<tr class="event ') == min(total, 50)


def test_web_actor_page(client, top):
    response = client.get(f"/actors/{top[0][0]}")
    assert response.status_code == 200 and "Counterparts" in response.text
    assert (
        client.get("/actors", params={"code": top[0][0].lower()}, follow_redirects=False).headers["location"]
        == f"/actors/{top[0][0]}"
    )


def test_web_article_page_highlights_the_selected_event(client, sql):
    doc_key, n, start, end = sql("SELECT doc_key, n, start_char, end_char FROM events ORDER BY doc_key, n LIMIT 1")[0]
    body = sql("SELECT body FROM articles WHERE doc_key = ?", doc_key)[0][0]
    for url in (f"/articles/{doc_key}?event={n}", f"/fragments/evidence/{doc_key}/{n}"):
        spans = _Spans(f"ev{n}")
        spans.feed(client.get(url).text)
        assert "".join(spans.selected) == body[start:end], url


def test_web_fragment_rows_follow_a_period(client, top):
    source, target = top[0]
    day = client.get("/api/events", params={"dyad": f"{source}-{target}"}).json()["events"][0]["day"]
    html = client.get("/fragments/events", params={"dyad": f"{source}-{target}", "since": day, "until": day}).text
    n = client.get("/api/events", params={"dyad": f"{source}-{target}", "since": day, "until": day}).json()["total"]
    assert html.count('<tr class="event ') == n


def test_web_plotly_comes_from_the_installed_package(client):
    response = client.get("/static/vendor/plotly.min.js")
    assert response.status_code == 200 and "javascript" in response.headers["content-type"]
    assert len(response.content) > 1_000_000


@pytest.mark.parametrize(
    "spans,expected",
    [
        ([], "a &lt;b&gt; c"),
        ([Mark(0, 1, "actor", "A")], '<span class="hl actor" title="A">a</span> &lt;b&gt; c'),
        (
            [Mark(0, 7, "evidence", "e", selected=True, ref="ev0"), Mark(2, 5, "actor", 'x"y')],
            '<span class="hl evidence selected" title="e" data-refs="ev0" id="selected">a </span>'
            '<span class="hl actor evidence selected" title="e; x&#34;y" data-refs="ev0">&lt;b&gt;</span>'
            '<span class="hl evidence selected" title="e" data-refs="ev0"> c</span>',
        ),
        ([Mark(5, 99, "quote", "out of range")], "a &lt;b&gt; c"),
    ],
)
def test_web_highlight_flattens_overlaps_and_escapes(spans, expected):
    assert str(highlight("a <b> c", spans)) == expected


def test_web_events_page_form_leaves_empty_fields_out(client, sql):
    response = client.get(
        "/events",
        params={
            **{"actor": "", "dyad": "", "root": "", "code": "", "modality": "all", "since": "", "until": "", "q": ""},
            "undated": "include",
        },
    )
    assert response.status_code == 200
    total = sql("SELECT count(*) FROM events")[0][0]
    assert f"<b>{total}</b> events" in response.text
    assert client.get("/events", params={"since": "2020-02-30"}).status_code == 422
