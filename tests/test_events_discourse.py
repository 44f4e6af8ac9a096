"""Events whose other party the clause leaves to the discourse (issue 12): responses to an earlier
request, offer or accusation, refusals, labels on things an actor owns, blame pinned on someone.
Sentences written for these tests."""

from __future__ import annotations

import pytest


def _asserted(coded):
    return {(e.source.code, e.target.code, e.root) for e in coded.events if e.modality == "asserted"}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Vietnam asked Japan for a loan to rebuild the port. Japan denied the request.", ("JPN", "VNM", "12")),
        ("Uganda's highest court rejected Kenya's request to delay the trial.", ("UGAJUD", "KEN", "12")),
        ("Ethiopia turned down Sudan's proposal for a joint border force.", ("ETH", "SDN", "12")),
    ],
)
def test_a_rejected_request_targets_the_one_who_asked(code_text, text, expected):
    assert expected in _asserted(code_text(text, "2024-06-15"))


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Peru blamed last week's bombing in Lima on Bolivian rebels.", ("PER", "BOLREB", "11")),
        ("Nigeria blamed the attack on Boko Haram.", ("NGA", "NGAREB", "11")),
    ],
)
def test_blaming_an_act_on_someone_accuses_them(code_text, text, expected):
    assert expected in _asserted(code_text(text, "2024-06-15"))
