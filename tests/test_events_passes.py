"""Named event passes: tracing which pass coded an event, switching one off, the error listing."""

from __future__ import annotations

import pytest

from dyads.eval.errors import document_errors
from dyads.events import passes


def test_passes_trace_names_the_pass_that_coded_each_event(code_text):
    with passes.tracing() as trace:
        coded = code_text("Spain condemned Morocco on Monday.", "2021-05-18")
    event = next(e for e in coded.events if e.root == "11")
    key = (event.start, event.source.code, event.target.code, event.cameo, event.modality)
    assert trace[key] == "direct"


def test_passes_switched_off_code_nothing_and_come_back_on(code_text):
    text = "Chile and Peru signed a trade accord in Lima on Monday."
    with passes.without(["symmetric"]):
        off = {(e.source.code, e.target.code) for e in code_text(text, "2021-05-18").events}
    on = {(e.source.code, e.target.code) for e in code_text(text, "2021-05-18").events}
    assert ("CHL", "PER") not in off
    assert {("CHL", "PER"), ("PER", "CHL")} <= on


def test_passes_unknown_name_is_refused():
    with pytest.raises(ValueError, match="unknown pass"), passes.without(["no_such_pass"]):
        pass


def test_errors_list_misses_with_what_the_coder_saw_and_false_positives_with_their_pass():
    body = "Oslo praised Rome. Paris thanked Berlin."
    gold = {
        "events": [
            {"source": "NOR", "target": "ITA", "cameo": "051", "evidence": "Oslo praised Rome"},
        ]
    }
    coded = {
        "body": body,
        "actors": [
            {"text": "Oslo", "code": "NOR", "start": 0, "end": 4},
            {"text": "Rome", "code": "ITA", "start": 13, "end": 17},
        ],
        "events": [
            {
                "source": {"code": "FRA"},
                "target": {"code": "DEU"},
                "cameo": "042",
                "modality": "asserted",
                "date": None,
                "start": 19,
                "end": 39,
                "sentence": "Paris thanked Berlin.",
                "pattern": "thank $target",
            }
        ],
    }
    lines = document_errors(gold, coded, {(19, "FRA", "DEU", "042", "asserted"): "loose"})
    assert lines[0].startswith("FP   FRA->DEU 042 [loose]")
    assert any(line.startswith("MISS NOR->ITA 051") for line in lines)
    assert any("saw: Oslo=NOR, Rome=ITA" in line for line in lines)


def test_event_nouns_are_the_nominal_pass(code_text):
    text = "Brazil's expulsion of the Venezuelan envoy drew sharp criticism on Monday."
    with passes.tracing() as trace:
        on = code_text(text, "2021-05-18").events
    with passes.without(["nominal"]):
        off = code_text(text, "2021-05-18").events
    event = next(e for e in on if e.cameo == "161")
    assert trace[(event.start, event.source.code, event.target.code, event.cameo, event.modality)] == "nominal"
    assert not any(e.cameo == "161" for e in off)


def test_error_listing_names_actor_mentions_missed_or_miscoded():
    body = "Lima praised the mayor of Quito."
    gold = {
        "events": [],
        "actors": [
            {"mention": "Lima", "code": "PER"},
            {"mention": "the mayor", "code": "ECUGOV"},
            {"mention": "Quito", "code": "ECU"},
        ],
    }
    coded = {
        "body": body,
        "actors": [
            {"text": "Lima", "code": "PER", "start": 0, "end": 4},
            {"text": "the mayor of Quito", "code": "ECU", "start": 13, "end": 31},
        ],
        "events": [],
        "quotes": [],
    }
    lines = document_errors(gold, coded, {})
    assert lines[0] == "ACODE 'the mayor' gold=ECUGOV got: the mayor of Quito=ECU"
    assert "[[the mayor]]" in lines[1]
    assert not any("'Lima'" in line for line in lines)
    assert not any("'Quito'" in line for line in lines)
