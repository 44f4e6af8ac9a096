"""The web edges of issue 17: strict dates, patterns in the OpenAPI spec, http(s)-only links, the Host
check, and a bounded schemathesis run over the whole API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from dyads.cli.serve import allowed_hosts
from dyads.web.app import create_app, host_name
from dyads.web.pages import link


@pytest.mark.parametrize("value", ["0", "1561420800", "2019-06-25T10:00:00Z", "25/06/2019", "2019-6-25"])
@pytest.mark.parametrize("param", ["since", "until"])
def test_dates_are_strict_yyyy_mm_dd(client, param, value):
    response = client.get("/api/events", params={param: value})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["param"] == param
    assert "date like" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org/a", "http://example.org/a"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,hi", None),
        ("file:///etc/passwd", None),
        (" javascript:alert(1)", None),
        ("samples/01.txt", None),
        (None, None),
    ],
)
def test_only_http_urls_become_links(url, href):
    assert link(url) == href


def test_a_javascript_url_in_the_store_is_shown_as_text(tmp_path, pipeline):
    from dyads.ingest import ingest
    from dyads.read.sources import ReadOptions  # noqa: F401  (ingest reads files)
    from dyads.store.db import Store

    doc = tmp_path / "a.jsonl"
    doc.write_text(
        '{"id": "x", "url": "javascript:alert(document.cookie)", "published": "2020-01-03", '
        '"text": "Iran condemned the United States on Friday over the strike. Officials in Tehran said more."}\n',
        encoding="utf-8",
    )
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        ingest([str(doc)], store, pipeline)
        key = store.con.execute("SELECT doc_key FROM articles").fetchall()[0][0]
    client = TestClient(create_app(db))
    page = client.get(f"/articles/{key}", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert 'href="javascript:' not in page.text and "javascript:alert(document.cookie)" in page.text


@pytest.mark.parametrize(
    ("header", "name"), [("localhost:8000", "localhost"), ("[::1]:8000", "::1"), ("Example.ORG", "example.org")]
)
def test_host_name(header, name):
    assert host_name(header) == name


def test_host_header_is_checked(web_store):
    app = create_app(web_store, allowed_hosts=allowed_hosts("127.0.0.1", ("dyads.internal",)))
    for base in ("http://127.0.0.1:8000", "http://localhost:8000", "http://dyads.internal", "http://[::1]:8000"):
        assert TestClient(app, base_url=base).get("/api/events").status_code == 200, base
    for base in ("http://evil.example", "http://127.0.0.1.evil.example:8000", "http://testserver"):
        response = TestClient(app, base_url=base).get("/api/events")
        assert response.status_code == 400, base
        assert response.json()["error"]["status"] == 400
    assert "0.0.0.0" not in allowed_hosts("0.0.0.0")


schemathesis = pytest.importorskip("schemathesis")  # a dev dependency (pyproject: dev extras)


def test_api_fuzzed_by_schemathesis(web_store, tmp_path):
    """A bounded, deterministic run over every operation: no 5xx, responses match the documented schemas."""
    import shutil

    from hypothesis import given
    from schemathesis.checks import positive_data_acceptance

    shutil.copy(web_store, tmp_path / "copy.duckdb")  # an app of its own: schemathesis runs its lifespan
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(tmp_path / "copy.duckdb"))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
        )
        def run(case):  # type: ignore[no-untyped-def]
            # positive_data_acceptance left out: OpenAPI cannot state "since <= until" or a real calendar day
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        run()
